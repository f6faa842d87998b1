#!/usr/bin/python3
"""Replay the forecast pool's one-step combination offline from member dumps, and screen candidate members in a slot.

Input: the folder written by scripts/dump_members.sh (bench/, heldout/, heldout2/, heldout3/, each with NAME.dump.csv from the
app's --dump-members, NAME.peers.csv and NAME.log). Per series it scores, one step ahead and exactly on the rows the
bench and held-out scripts score (from the first row with a peer naive forecast, every method present), the MASE
against seasonal naive of: the app (the dump's final forecast: the scripts' figure), the replayed combination, and the
replayed combination with a candidate member added (--add NAME) or put in the place of a member (--replace MEMBER).

The replay follows ForecastPool.Combine at h = 1 (or at h = H with --horizon H, on a dump written with --horizon H;
there h > 1 the naive gate is the naive test, see TEST_GATE): each member's exponentially weighted squared error against the
cleaned values (weight max(1/k, 1/25)), members scored at least 3 times and not gated by the naive gate (--gate),
weights MAE^-4·MSE^-2 (pool layout 15; --score sq --power 4 for a dump of layouts 1-14: MSE^-4), else seasonal naive, naive, RTU; the correction (ResidualCorrection) is carried over as the dump's final minus uncorrected forecast, and the
robust clean as the dump's cleaned values (both approximations once the candidate moves the combination).
Candidates see only the cleaned values up to the row they forecast from (no look-ahead).

Usage: /usr/bin/python3 replay_pool.py DUMP_DIR [--add CANDIDATE | --replace MEMBER --with CANDIDATE] [--drop MEMBER ...]
       [--series] [--members] [--only REGEX] [--grouped] [--gate W,K,MIN | none] [--test-gate K[,ahead|test|or|and] | none]
       [--horizon H] [--also-replace MEMBER=CANDIDATE ...] [--score sq|abs|pow:Q|huber:K] [--power P] [--window W]
  --members: also the MASE of every member alone (geometric mean over each set).
Candidates: see CANDIDATES below. Needs numpy.
"""
import argparse
import csv
import math
import os
import re
import sys

import numpy as np
import forecast_sets  # the sets every script reads

np.seterr(divide="ignore", over="ignore")

WINDOW, MINIMUM_SCORED, POWER = 25, 3, 8
# --horizon H (tenth pass): replay horizon H of a dump written with the app's --horizon H (dump_members.sh OUT --horizon
# H): members scored H rows after they forecast, and the app's own H-step MASE against seasonal naive (the scripts' H=6
# columns, every row with a forecast and a seasonal-naive one) instead of the peers' one-step rows.
HORIZON = 1
# --score / --power / --window (seventeenth pass): the weighting rule, w_i ∝ S_i^-POWER with S_i the exponentially
# weighted (window WINDOW) mean of a loss of member i's errors: "sq" e² (ForecastPool: MSE^-4), "abs" |e| (MAE^-8 is as
# sharp as MSE^-4), "pow:Q" |e|^Q, "huber:K" Huber's loss with its knee at K recent mean absolute errors of the
# combination (squared near the typical error, linear beyond), "mix:L" w ∝ MAE^(-P·L)·RMSE^(-P·(1-L)) (P = 8 as sharp as
# MSE^-4). The naive gate and test keep the squared errors.
# The defaults are pool layout 15's rule, mix:0.5 at P = 8 (w ∝ MAE^-4·MSE^-2); a dump written before it (pool
# layouts 1-14, main up to 346d1ca) replays with --score sq --power 4 (w ∝ MSE^-4).
SCORE = "mix:0.5"


def log_error_scale(mae, mse, lam=0.5):
    """The log error scale whose weights are exp(-POWER·scale): lam·ln MAE + (1 - lam)·ln RMSE (lam = 0.5 and POWER = 8:
    ForecastPool's MAE^-4·MSE^-2)."""
    return lam * np.log(np.maximum(mae, 1e-300)) + (1 - lam) * 0.5 * np.log(np.maximum(mse, 1e-300))


def weighted_mean(w, forecasts, t, use, mse, mae, scored):
    """ForecastPool's rule: the members' forecasts averaged with weights w (those of the members in `use`)."""
    return (w * forecasts).sum() / w.sum()


# How the weighted members become one forecast at row t (forty-fifth pass): scripts/combination_rule_screen.py puts
# other rules here (a log-space mean, trims, a confidence set, two-step evidence), called with the weights, the
# forecasts of the members in `use` and every member's recent mse, mae and scored count.
RULE = weighted_mean
NAIVE, SEASONAL_NAIVE = 0, 1   # ForecastPool's member indices
MODEL = 19                      # the RTU's column: 19 before pool layout 14, 20 since (read from the dump's header)
LINEAR_TREND = "linear trend (d = 2; KPSS)"   # pool layout 14's d = 2 member: combined only while ndiffs' KPSS tests say d = 2


def read_series(folder, name):
    with open(os.path.join(folder, name + ".dump.csv"), newline="") as fh:
        rows = [r for r in csv.reader(fh)]
    header, rows = rows[0], [r for r in rows[1:] if r[1] == str(HORIZON)]
    members = header[6:]
    num = lambda s: float(s) if s != "" else math.nan
    data = np.array([[num(v) for v in r[2:]] for r in rows])
    with open(os.path.join(folder, name + ".log")) as fh:
        season = int(re.search(r"season (\d+)", fh.read()).group(1))
    with open(os.path.join(folder, name + ".peers.csv"), newline="") as fh:
        peers = list(csv.DictReader(fh))
    global MODEL
    MODEL = members.index("RTU")
    f = data[:, 4:]
    closed = np.zeros(f.shape, dtype=bool)
    if LINEAR_TREND in members:
        closed[:, members.index(LINEAR_TREND)] = ~kpss_d2_open(data[:, 1])
    return dict(name=name, members=members, actual=data[:, 0], cleaned=data[:, 1], final=data[:, 2],
                uncorrected=data[:, 3], f=f, season=season, peers=peers, closed=closed)


# The naive gate (pool layout 9): a member is combined only while its long-run MSE (window 1000) is at most 1.5 × the
# naive's, once the naive has been scored 25 times. --gate none replays a layout 1-8 pool (dumped by an earlier build).
GATE = (1000.0, 1.5, 25)
# The test gate (pool layout 9, tenth pass; ForecastPool.NaiveTest): h > 1 steps ahead a member is left out, instead,
# while the exponentially weighted mean (window GATE[0]) of its squared error minus the naive's exceeds K = 2 standard
# errors of that mean (from 10 scores on). --test-gate K[,MODE] screens it: MODE ahead (h > 1 only, as ForecastPool),
# test (at every horizon, alone), or / and (with the ratio gate at every horizon); --test-gate none: the ratio gate only.
TEST_GATE = (2.0, "ahead")


def loss(e, comb_mae):
    """The loss whose recent mean S_i the weights S_i^-POWER are made of (SCORE)."""
    if SCORE == "sq" or SCORE.startswith("mix:"):
        return e * e
    if SCORE == "abs":
        return np.abs(e)
    kind, _, q = SCORE.partition(":")
    if kind == "pow":
        return np.abs(e) ** float(q)
    if kind == "huber":
        c = float(q) * comb_mae
        a = np.abs(e)
        return np.where(a <= c, a * a, 2 * c * a - c * c) if c > 0 else a * a
    raise ValueError(SCORE)


def combine(f, cleaned, actual, extra_delta, season=1, closed=None):
    """The HORIZON-step combination made at each row t (forecast of row t+HORIZON) from member forecasts f[t, i];
    closed[t, i]: member i scored but not combined at row t (a candidate's own gate)."""
    n, k = f.shape
    mse = np.zeros(k)
    long = np.zeros(k)
    scored = np.zeros(k, dtype=np.int64)
    diff, diff2 = np.zeros(k), np.zeros(k)
    out = np.full(n, math.nan)
    comb_mae, comb_n = 0.0, 0   # the combination's recent mean absolute one-step error (huber:K's knee)
    mae = np.zeros(k)           # mix:L's recent mean absolute error
    for t in range(n):
        if t >= HORIZON and not math.isnan(actual[t]):
            prev = f[t - HORIZON]
            ok = np.isfinite(prev)
            scored[ok] += 1
            a = np.maximum(1.0 / np.maximum(scored[ok], 1), 1.0 / WINDOW)
            e = cleaned[t] - prev[ok]
            mse[ok] += a * (loss(e, comb_mae) - mse[ok])
            mae[ok] += a * (np.abs(e) - mae[ok])
            if math.isfinite(out[t - HORIZON]):
                comb_n += 1
                comb_mae += max(1.0 / comb_n, 1.0 / WINDOW) * (abs(cleaned[t] - out[t - HORIZON]) - comb_mae)
            e_sq = e * e
            if GATE:
                long[ok] += np.maximum(1.0 / np.maximum(scored[ok], 1), 1.0 / GATE[0]) * (e_sq - long[ok])
            if TEST_GATE and math.isfinite(prev[NAIVE]):
                d = e_sq - (cleaned[t] - prev[NAIVE]) ** 2
                ap = np.maximum(1.0 / np.maximum(scored[ok], 1), 1.0 / (GATE[0] if GATE else 1000.0))
                diff[ok] += ap * (d - diff[ok])
                diff2[ok] += ap * (d * d - diff2[ok])
        ft = f[t]
        use = np.isfinite(ft) & (scored >= MINIMUM_SCORED)
        if season > 1 and HORIZON > 1 and scored[SEASONAL_NAIVE] < MINIMUM_SCORED:
            use[:] = False   # ForecastPool: h > 1 steps ahead a seasonal pool compares members once the seasonal naive is scored
        ratio = np.zeros(k, dtype=bool)
        if GATE and scored[NAIVE] >= GATE[2]:
            ratio = long > GATE[1] * long[NAIVE]
        if TEST_GATE and (TEST_GATE[1] != "ahead" or HORIZON > 1):
            n_eff = np.minimum(scored, 2 * (GATE[0] if GATE else 1000.0) - 1)
            se = np.sqrt(np.maximum(diff2 - diff * diff, 0) / np.maximum(n_eff - 1, 1))
            test = (diff > TEST_GATE[0] * se) & (scored >= 10)
            ratio = test if TEST_GATE[1] in ("test", "ahead") else ratio | test if TEST_GATE[1] == "or" else ratio & test
        ratio[NAIVE] = False
        use &= ~ratio
        if closed is not None:
            use &= ~closed[t]
        if use.any() and SCORE.startswith("mix:"):
            lam = float(SCORE[4:])   # w ∝ MAE^(-P·L) · RMSE^(-P·(1-L)): P = 8 is as sharp as MSE^-4 or MAE^-8
            log_s = log_error_scale(mae[use], mse[use], lam)
            w = np.exp(-POWER * (log_s - log_s.min()))
            out[t] = RULE(w, ft[use], t, use, mse, mae, scored)
        elif use.any():
            s = np.maximum(mse[use], 1e-300)
            w = 1.0 / s ** POWER
            good = np.isfinite(w)
            if good.any() and w[good].sum() > 0:
                out[t] = (w[good] * ft[use][good]).sum() / w[good].sum()
        if math.isnan(out[t]):
            out[t] = ft[SEASONAL_NAIVE] if math.isfinite(ft[SEASONAL_NAIVE]) else ft[NAIVE] if math.isfinite(ft[NAIVE]) else ft[MODEL]
        out[t] += extra_delta[t] if math.isfinite(extra_delta[t]) else 0
    return out


FAMILIES = {
    "naive": ["naive", "seasonal naive", "seasonally adjusted naive", "second-season naive"],
    "smoothing": ["SES", "damped Holt", "M4 Comb (fitted; with a season; damped Holt in layouts 1-8)", "M4 Comb (fitted; with a season; without one: rolling median; damped Holt in layouts 1-8)", "additive Holt-Winters", "multiplicative Holt-Winters", "learned additive Holt-Winters",
                  "learned multiplicative Holt-Winters", "Theta"],
    "arima": ["ARI (changes)", "seasonal ARIMA (MA; drift)", "AR (levels)", "two-season regression", "ARIMA (changes; MA)",
              "airline (log)", "AR (levels; order chosen)"],
    "rtu": ["seasonal-ratio RTU", "RTU"],
}


def grouped(f, cleaned, actual, extra_delta, members):
    """Family-grouped combination: each family's members combined by MSE^-4, then the families' forecasts combined the
    same way, each family scored as a forecaster of its own (a candidate column joins the ARIMA family)."""
    n, k = f.shape
    names = list(members) + ["candidate"] * (k - len(members))
    fam = {name: [i for i, mn in enumerate(names) if mn in ms or (name == "arima" and mn == "candidate")] for name, ms in FAMILIES.items()}
    cols = []
    for name, idx in fam.items():
        sub = f[:, idx]
        zero = np.zeros(n)
        c = combine_raw(sub, cleaned, actual)
        cols.append(c)
    g = np.column_stack(cols)
    out = combine_raw(g, cleaned, actual)
    bad = ~np.isfinite(out)
    out[bad] = f[bad, NAIVE]
    return out + np.where(np.isfinite(extra_delta), extra_delta, 0)


def combine_raw(f, cleaned, actual):
    """combine() without a fallback or correction: NaN where no member is ready."""
    n, k = f.shape
    mse = np.zeros(k)
    scored = np.zeros(k, dtype=np.int64)
    out = np.full(n, math.nan)
    for t in range(n):
        if t > 0 and not math.isnan(actual[t]):
            prev = f[t - 1]
            ok = np.isfinite(prev)
            scored[ok] += 1
            a = np.maximum(1.0 / np.maximum(scored[ok], 1), 1.0 / WINDOW)
            e = cleaned[t] - prev[ok]
            mse[ok] += a * (e * e - mse[ok])
        ft = f[t]
        use = np.isfinite(ft) & (scored >= MINIMUM_SCORED)
        if use.any():
            w = 1.0 / np.maximum(mse[use], 1e-300) ** 4   # MSE^-4 within and across families, as screened (ninth pass)
            good = np.isfinite(w)
            if good.any() and w[good].sum() > 0:
                out[t] = (w[good] * ft[use][good]).sum() / w[good].sum()
    return out


def mase(s, forecast_made):
    """MASE against seasonal naive on the scripts' rows; forecast_made[t] forecasts row t + HORIZON."""
    if HORIZON > 1:
        return mase_ahead(s, forecast_made)
    peers = s["peers"]
    num = lambda v: float(v) if v not in ("", "NA") else None
    n = len(peers)
    actual = [num(r["actual"]) for r in peers]
    fc = {m: [num(r[m]) for r in peers] for m in ("naive", "snaive", "ets", "arima")}
    cand = [None] + [float(v) if math.isfinite(v) else None for v in forecast_made[:-1]]
    t0 = next(i for i in range(n) if fc["naive"][i] is not None)
    rows = [i for i in range(t0, n) if actual[i] is not None and cand[i] is not None and all(fc[m][i] is not None for m in fc)]
    mae = sum(abs(cand[i] - actual[i]) for i in rows) / len(rows)
    return mae / (sum(abs(fc["snaive"][i] - actual[i]) for i in rows) / len(rows))


def mase_ahead(s, forecast_made):
    """The app's own HORIZON-step MASE against seasonal naive (its forecast of y_t from y_{t-m*ceil(h/m)})."""
    y, h = s["actual"], HORIZON
    m = max(s["season"], 1)
    lag = m * ((h + m - 1) // m)
    rows = [t + h for t in range(len(y) - h) if t + h - lag >= 0 and math.isfinite(forecast_made[t])
            and math.isfinite(y[t + h]) and math.isfinite(y[t + h - lag])]
    return (sum(abs(forecast_made[t - h] - y[t]) for t in rows) / len(rows)) / (sum(abs(y[t - lag] - y[t]) for t in rows) / len(rows))


# ---- candidate members: each maps the cleaned values (NaN: missing) and the season to one-step forecasts f[t] of y_{t+1}

class Rls:
    """Whole-sample least squares (λ = 1) with a ridge prior, and its cost J (Σ a-priori × a-posteriori residual)."""

    def __init__(self, k, prior=10.0):
        self.P = np.eye(k) * prior
        self.w = np.zeros(k)
        self.cost = 0.0
        self.n = 0

    def predict(self, x):
        return float(self.w @ x)

    def update(self, x, y):
        e = y - self.w @ x
        Px = self.P @ x
        g = Px / (1.0 + x @ Px)
        self.w = self.w + g * e
        self.P = self.P - np.outer(g, Px)
        self.cost += max(0.0, e * (y - self.w @ x))
        self.n += 1

    def aicc(self, p):
        n, k = self.n, p + 2
        if not n > k + 1:
            return math.inf
        return n * math.log(max(self.cost / n, 1e-300)) + 2 * k + 2 * k * (k + 1) / (n - k - 1)


def selected_ar(z, max_order=8, bound=10.0):
    """SelectedAutoregression (layout 8) on the sequence z: AR(1..P) with a mean on a scale frozen after P values,
    order by AICc; returns the one-step forecast of z_{t+1} made at t (NaN while not ready)."""
    return selected_ar_crit(z, np.zeros(len(z)), max_order, bound)[0]


def selected_arma(z, orders=((0, 1), (1, 0), (1, 1), (2, 0), (0, 2), (2, 1), (1, 2), (2, 2)), start=8, bound=10.0, lam=1.0):
    """ARMA(p, q) with a mean on z, each order fitted by extended least squares (its own a-posteriori residuals as
    the MA regressors) on a scale frozen after `start` values, the order by AICc (k = p + q + 2); one-step forecasts."""
    n = len(z)
    out = np.full(n, math.nan)
    fits = [Rls(1 + p + q) for p, q in orders]
    res = [[] for _ in orders]
    hist = []
    mean = square = 0.0
    count = 0
    center = math.nan
    spread = 1.0

    def regressors(j, p, q):
        return np.array([1.0] + [(hist[-1 - i] - center) / spread if i < len(hist) else 0.0 for i in range(p)]
                        + [res[j][-1 - i] if i < len(res[j]) else 0.0 for i in range(q)])

    for t in range(n):
        v = z[t]
        if not math.isfinite(v):
            if math.isnan(center) or not hist:
                continue
            v = out[t - 1] if t > 0 and math.isfinite(out[t - 1]) else hist[-1]
            for j in range(len(orders)):
                res[j].append(0.0)
        else:
            if not math.isnan(center):
                target = (v - center) / spread
                for j, (p, q) in enumerate(orders):
                    x = regressors(j, p, q)
                    fits[j].update(x, target)
                    res[j].append(min(max(target - fits[j].predict(x), -bound), bound))
            count += 1
            a = max(1.0 / count, 1.0 / 200)
            mean += a * (v - mean)
            square += a * ((v - mean) ** 2 - square)
            if math.isnan(center) and count >= start and square > 1e-24:
                center, spread = mean, math.sqrt(square)
        hist.append(v)
        if not math.isnan(center):
            crit = [fits[j].aicc(p + q) for j, (p, q) in enumerate(orders)]
            j = int(np.argmin(crit)) if np.isfinite(crit).any() else 0
            p, q = orders[j]
            sigma = math.sqrt(square) if square > 1e-24 else 1.0
            out[t] = min(max(center + spread * fits[j].predict(regressors(j, p, q)), mean - bound * sigma), mean + bound * sigma)
    return out


def differenced(y, d, model):
    """model on the d-th differences of y, integrated back: ŷ_{t+1} = y_t + (the forecast change)."""
    z = y.copy()
    for _ in range(d):
        z = np.concatenate([[math.nan], np.diff(z)])
    fz = model(z)
    out = np.full(len(y), math.nan)
    for t in range(len(y)):
        if not math.isfinite(fz[t]) or not math.isfinite(y[t]):
            continue
        if d == 1:
            out[t] = y[t] + fz[t]
        elif t >= 1 and math.isfinite(y[t - 1]):
            out[t] = y[t] + (y[t] - y[t - 1]) + fz[t]
    return out


def holt(y, alpha, beta, phi=1.0):
    out = np.full(len(y), math.nan)
    level = trend = math.nan
    for t, v in enumerate(y):
        if math.isfinite(v):
            if math.isnan(level):
                level, trend = v, 0.0
            else:
                pred = level + phi * trend
                new = pred + alpha * (v - pred)
                trend = phi * trend + beta * (new - pred)
                level = new
        if not math.isnan(level):
            out[t] = level + phi * trend
    return out


def learned_holt(y, alpha0=0.3, beta0=0.05, rate=0.03, phi=1.0):
    """Holt with α, β learned online: one RMSprop step per value on the one-step squared error, the exact derivative
    carried through the recursion (as LearnedHoltWinters), α, β kept in (0, 1) by sigmoids."""
    logit = lambda p: math.log(p / (1 - p))
    sig = lambda u: 1 / (1 + math.exp(-u))
    ua, ub = logit(alpha0), logit(beta0)
    out = np.full(len(y), math.nan)
    level = trend = math.nan
    dl = np.zeros(2); db = np.zeros(2)   # d level / d(ua, ub), d trend / d(ua, ub)
    ms = np.zeros(2)
    scale = 0.0
    n = 0
    for t, v in enumerate(y):
        if math.isfinite(v):
            if math.isnan(level):
                level, trend = v, 0.0
            else:
                a, b = sig(ua), sig(ub)
                pred = level + phi * trend
                dpred = dl + phi * db
                e = v - pred
                n += 1
                scale += max(1.0 / n, 0.01) * (abs(e) - scale)
                # gradient of (e / running mean |e|)² wrt (ua, ub) through pred
                grad = -2 * e * dpred / max(scale, 1e-12) ** 2
                new = pred + a * e
                dnew = dpred + a * (-dpred) + np.array([a * (1 - a) * e, 0.0])
                newtrend = phi * trend + b * (new - pred)
                dtrend = phi * db + b * (dnew - dpred) + np.array([0.0, b * (1 - b) * (new - pred)])
                level, trend, dl, db = new, newtrend, dnew, dtrend
                ms = 0.9 * ms + 0.1 * grad * grad
                step = rate * grad / (np.sqrt(ms) + 1e-8)
                ua = min(max(ua - step[0], -8), 8); ub = min(max(ub - step[1], -8), 8)
        if not math.isnan(level):
            out[t] = level + phi * trend
    return out



# ---- eleventh pass: replicas of the pool's ARIMA members (exact to float precision against the dump), members on
# ln y, and ETS-like members whose smoothing constants are chosen by their in-sample one-step fit (as R's ets()).

class ForgettingRls:
    """RecursiveLeastSquares as the C# one (forgetting, prior, reset on trouble)."""

    def __init__(self, k, lam=0.995, prior=10.0):
        self.k, self.lam, self.prior = k, lam, prior
        self.reset()

    def reset(self):
        self.w = np.zeros(self.k)
        self.P = np.eye(self.k) * self.prior

    def predict(self, x):
        return float(self.w @ x)

    def update(self, x, y):
        Px = self.P @ x
        den = self.lam + x @ Px
        e = y - self.w @ x
        g = Px / den
        self.w = self.w + g * e
        self.P = (self.P - np.outer(g, Px)) / self.lam
        d = np.diag(self.P)
        if not (np.all(np.isfinite(self.w)) and np.all(d > 0) and math.isfinite(d.sum()) and d.sum() <= 1e12):
            self.reset()

def differenced_step(rls, x_of, v, base, scale, count, fit, bound):
    """One step of OnlineArma / SeasonalArma on the change d = v - base (base: the last value, or the value one season
    back), in units of the running mean absolute change: a missing v takes the bounded prediction and residual 0; else
    the least squares fit learns d (when fit), the residual is bounded, and the scale follows |d|. Returns d, the
    residual, the count of changes and the scale."""
    s = scale if scale > 1e-12 else 1.0
    x = x_of(s)
    if not math.isfinite(v):
        return min(max(rls.predict(x), -bound), bound) * s, 0.0, count, scale
    d = v - base
    if fit:
        rls.update(x, d / s)
    r = s * min(max(d / s - rls.predict(x), -bound), bound)
    count += 1
    return d, r, count, scale + max(1.0 / count, 1.0 / 200) * (abs(d) - scale)


def online_arma(y, p=1, q=1, lam=0.995, prior=10.0, bound=10.0):
    """OnlineArma (ARIMA(p,1,q) with drift, extended least squares) one-step forecasts of y_{t+1} made at t."""
    n = len(y)
    out = np.full(n, math.nan)
    rls = ForgettingRls(1 + p + q, lam, prior)
    ch = [0.0] * max(p, 1)
    res = [0.0] * max(q, 1)
    last = math.nan
    scale = 0.0
    count = 0

    def x_of(s):
        return np.array([1.0] + [ch[-1 - i] / s for i in range(p)] + [res[-1 - j] / s for j in range(q)])

    for t in range(n):
        v = y[t]
        if math.isnan(last):
            if math.isfinite(v):
                last = v
        else:
            d, r, count, scale = differenced_step(rls, x_of, v, last, scale, count, count >= p + q, bound)
            last += d
            ch.append(d if p > 0 else 0.0); ch.pop(0)
            res.append(r if q > 0 else 0.0); res.pop(0)
        if count > p + q and math.isfinite(last):
            s = scale if scale > 1e-12 else 1.0
            out[t] = last + s * min(max(rls.predict(x_of(s)), -bound), bound)
    return out

def seasonal_arma(y, m, p=2, lam=0.995, prior=10.0, bound=10.0):
    """SeasonalArma (ARIMA(p,0,0)(0,1,1)_m with drift) one-step forecasts."""
    n = len(y)
    out = np.full(n, math.nan)
    rls = ForgettingRls(2 + p, lam, prior)
    vals = []   # all values (NaN kept)
    resid = []  # residual per row
    changes = [0.0] * max(p, 1)
    scale = 0.0
    count = 0

    def x_of(s):
        return np.array([1.0] + [changes[-i] / s for i in range(1, p + 1)] + [resid[-m] / s])

    for t in range(n):
        v = y[t]
        before = vals[-m] if len(vals) >= m else math.nan
        if math.isnan(before):
            vals.append(v if math.isfinite(v) else math.nan)
            resid.append(0.0)
        else:
            d, r, count, scale = differenced_step(rls, x_of, v, before, scale, count, count > p, bound)
            vals.append(before + d)
            resid.append(r)
            changes.append(d); changes.pop(0)
        if count > p + 1 and len(vals) >= m:
            s = scale if scale > 1e-12 else 1.0
            out[t] = vals[-m] + s * min(max(rls.predict(x_of(s)), -bound), bound)
    return out

def on_log(model, bias=False):
    """model run on log y while every value so far is positive; forecasts exp(.) (× exp(σ²/2) with bias)."""
    def run(y, m):
        n = len(y)
        pos = np.ones(n, dtype=bool)
        bad = False
        for t in range(n):
            if math.isfinite(y[t]) and y[t] <= 0:
                bad = True
            pos[t] = not bad
        if not pos[0]:
            return np.full(n, math.nan)
        stop = n if pos.all() else int(np.argmin(pos))
        z = np.full(n, math.nan)
        with np.errstate(invalid="ignore"):
            z[:stop] = np.log(y[:stop])
        fz = model(z, m)
        out = np.exp(fz)
        out[stop:] = math.nan
        if bias:
            var = 0.0
            k = 0
            for t in range(1, stop):
                if math.isfinite(fz[t - 1]) and math.isfinite(z[t]):
                    k += 1
                    var += max(1.0 / k, 1.0 / 200) * ((z[t] - fz[t - 1]) ** 2 - var)
                if math.isfinite(out[t]):
                    out[t] *= math.exp(var / 2)
        return out
    return run

def log_or_level(model, bias=False):
    """The model on log y while every value so far is positive, else (from the first value <= 0 on) on y itself,
    both run from the start (the level version is the pool's member as it is)."""
    def run(y, m):
        lv = model(y, m)
        if lv is None:
            return None
        lg = on_log(model, bias)(y, m)
        return np.where(np.isfinite(lg), lg, lv)
    return run

# ---- ETS-like grid: smoothing constants chosen by in-sample one-step SSE (AICc across forms) ----

def ets_grid(alphas=(0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99), betas=(0.01, 0.05, 0.1, 0.2),
             phis=(0.8, 0.9, 0.98), window=None, crit="aicc", forms=("N", "A", "Ad"), relative=False, start=3,
             absolute=False, frac=1.0, parts=None):
    """One-step forecasts of the grid point with the lowest whole-history (or exponentially weighted, window) SSE.
    frac: the forecast is ℓ + φb·frac (1: one step; temporal_aggregation_screen.py's buckets); parts: two arrays that
    get the chosen point's ℓ and φb at every forecasting row.
    Forms N (SES), A (Holt), Ad (damped Holt) in the ETS parametrisation l = l + φb + αe, b = φb + βe (β ≤ α).
    crit: 'sse' (lowest SSE over every point) or 'aicc' (lowest SSE per form, forms compared by AICc with ETS's
    parameter counts: N 2, A 4, Ad 5)."""
    al, be, ph, form = [], [], [], []
    for a in alphas:
        if "N" in forms:
            al.append(a); be.append(0.0); ph.append(1.0); form.append(0)
        for b in betas:
            if b > a:
                continue
            if "A" in forms:
                al.append(a); be.append(b); ph.append(1.0); form.append(1)
            if "Ad" in forms:
                for f in phis:
                    al.append(a); be.append(b); ph.append(f); form.append(2)
    al, be, ph, form = map(np.array, (al, be, ph, form))
    npar = np.array([2, 4, 5])[form]

    def run(y, m):
        n = len(y)
        out = np.full(n, math.nan)
        G = len(al)
        lev = np.full(G, math.nan)
        tr = np.zeros(G)
        sse = np.zeros(G)
        cnt = 0
        prev = math.nan
        for t in range(n):
            v = y[t]
            if math.isfinite(v):
                if math.isnan(lev[0]):
                    lev[:] = v
                else:
                    pred = lev + ph * tr
                    e = v - pred
                    if relative:
                        e2 = (e / np.maximum(np.abs(pred), 1e-12)) ** 2
                    elif absolute:   # the grid point chosen by absolute errors (MASE's loss), not squared
                        e2 = np.abs(e)
                    else:
                        e2 = e * e
                    cnt += 1
                    if window:
                        sse += max(1.0 / cnt, 1.0 / window) * (e2 - sse)
                    else:
                        sse += e2
                    lev = pred + al * e
                    tr = ph * tr + be * e
                    if cnt == 1:
                        tr[:] = np.where(form > 0, v - prev, 0.0)  # first change as the initial trend
                prev = v
            else:
                if not math.isnan(lev[0]):
                    lev = lev + ph * tr
                    tr = ph * tr
            if cnt >= start:
                if crit == "sse":
                    j = int(np.argmin(sse))
                else:
                    nn = cnt
                    s = sse if window else sse / nn
                    best = -1
                    bestv = math.inf
                    for fm in (0, 1, 2):
                        idx = np.nonzero(form == fm)[0]
                        if len(idx) == 0:
                            continue
                        jj = idx[int(np.argmin(s[idx]))]
                        k = npar[jj]
                        if nn - k - 1 <= 0:
                            continue
                        val = nn * math.log(max(s[jj], 1e-300)) + 2 * k + 2 * k * (k + 1) / (nn - k - 1)
                        if val < bestv:
                            bestv, best = val, jj
                    j = best if best >= 0 else int(np.argmin(s))
                out[t] = lev[j] + ph[j] * tr[j] * frac
                if parts is not None:
                    parts[0][t], parts[1][t] = lev[j], ph[j] * tr[j]
        return out
    return run

def hw_grid(alphas=(0.05, 0.2, 0.5, 0.8), betas=(0.0, 0.02, 0.1), gammas=(0.01, 0.1, 0.2, 0.4), phi=(1.0, 0.9),
            window=None, multiplicative=False):
    """Additive (or multiplicative, while positive) Holt-Winters grid, one-step forecasts of the point with the lowest
    SSE; initial level = first season's mean, seasonal states its deviations (as the pool's fixed HW)."""
    pts = [(a, b, g, f) for a in alphas for b in betas for g in gammas for f in phi if b <= a and (f == 1.0 or b > 0)]
    al, be, ga, ph = (np.array([p[i] for p in pts]) for i in range(4))

    def run(y, m):
        n = len(y)
        out = np.full(n, math.nan)
        if m <= 1:
            return None
        G = len(al)
        first = []
        season = None
        lev = tr = sse = None
        cnt = 0
        for t in range(n):
            v = y[t]
            at = t % m
            if season is None:
                first.append(v)
                if len(first) == m:
                    if not all(math.isfinite(u) for u in first):
                        return np.full(n, math.nan)
                    mean = sum(first) / m
                    if multiplicative and not all(u > 0 for u in first):
                        return np.full(n, math.nan)
                    base = np.array([u / mean for u in first]) if multiplicative else np.array([u - mean for u in first])
                    season = np.tile(base[:, None], (1, G))
                    lev = np.full(G, mean); tr = np.zeros(G); sse = np.zeros(G)
            elif math.isfinite(v):
                if multiplicative and v <= 0:
                    return out
                s_at = season[at]
                pl = lev + ph * tr
                pred = pl * s_at if multiplicative else pl + s_at
                e = v - pred
                cnt += 1
                if window:
                    sse += max(1.0 / cnt, 1.0 / window) * (e * e - sse)
                else:
                    sse += e * e
                if multiplicative:
                    newl = pl + al * e / s_at
                    tr = ph * tr + be * e / s_at
                    season[at] = s_at + ga * e / np.maximum(pl, 1e-12)
                else:
                    newl = pl + al * e
                    tr = ph * tr + be * e
                    season[at] = s_at + ga * e
                lev = newl
            else:
                if lev is not None:
                    lev = lev + ph * tr; tr = ph * tr
            if season is not None and cnt >= 3:
                j = int(np.argmin(sse))
                nxt = (t + 1) % m
                pl = lev[j] + ph[j] * tr[j]
                out[t] = pl * season[nxt, j] if multiplicative else pl + season[nxt, j]
        return out
    return run

def ets_auto(alphas=(0.1, 0.3, 0.5, 0.8, 0.99), betas=(0.01, 0.1), gammas=(0.05, 0.2), phis=(0.9, 0.98),
             seasonal=True, mult=True, nonseasonal=True, window=None, crit="aicc", count_states=True):
    """ETS-like: forms N/A/Ad trend x N/A/M season, a grid of constants each; per form the point with the lowest SSE,
    across forms the lowest AICc (k: smoothing constants + initial states, as ets()); SSE from row m on for every form."""
    def build(m):
        pts = []
        for a in alphas:
            for tf in ("N", "A", "Ad"):
                for b in (betas if tf != "N" else (0.0,)):
                    if b > a:
                        continue
                    for f in (phis if tf == "Ad" else (1.0,)):
                        for sf in (("N",) if m <= 1 else (("N",) if nonseasonal else ()) + (("A",) if seasonal else ()) + (("M",) if mult else ())):
                            for g in (gammas if sf != "N" else (0.0,)):
                                if g > 1 - a:
                                    continue
                                pts.append((a, b, f, g, tf, sf))
        return pts

    def run(y, m):
        n = len(y)
        out = np.full(n, math.nan)
        mm = max(m, 1)
        pts = build(mm)
        G = len(pts)
        al = np.array([p[0] for p in pts]); be = np.array([p[1] for p in pts]); ph = np.array([p[2] for p in pts]); ga = np.array([p[3] for p in pts])
        tform = [p[4] for p in pts]; sform = [p[5] for p in pts]
        key = [p[4] + p[5] for p in pts]
        keys = sorted(set(key))
        idx_of = {k: np.array([i for i in range(G) if key[i] == k]) for k in keys}
        kpar = {}
        for k in keys:
            tf, sf = k[:-1], k[-1]
            kk = 1 + (1 if tf in ("A", "Ad") else 0) + (1 if tf == "Ad" else 0) + (1 if sf != "N" else 0)
            if count_states:
                kk += 1 + (1 if tf in ("A", "Ad") else 0) + ((mm - 1) if sf != "N" else 0)
            kpar[k] = kk
        ismul = np.array([s == "M" for s in sform]); isseas = np.array([s != "N" for s in sform])
        first = []
        season = None
        lev = tr = None
        sse = np.zeros(G)
        cnt = 0
        positive = True
        started = False
        for t in range(n):
            v = y[t]
            at = t % mm
            if not started:
                first.append(v)
                if len(first) == mm:
                    if not all(math.isfinite(u) for u in first):
                        first = first[1:]
                        continue
                    mean = sum(first) / mm
                    pos = all(u > 0 for u in first)
                    # the first values enter by their position t % m
                    add = np.zeros(mm); mul = np.ones(mm)
                    for i, u in enumerate(first):
                        pos_i = (t - mm + 1 + i) % mm
                        add[pos_i] = u - mean
                        mul[pos_i] = u / mean if pos else 1.0
                    season = np.where(ismul[None, :], mul[:, None], np.where(isseas[None, :], add[:, None], np.where(ismul[None, :], 1.0, 0.0)))
                    if mm <= 1:
                        season = np.zeros((1, G))
                    lev = np.full(G, mean if mm > 1 else v); tr = np.zeros(G)
                    if mm > 1:
                        # non-seasonal forms start at the last value
                        lev = np.where(isseas, mean, v)
                    started = True
                    positive = pos
            elif math.isfinite(v):
                if v <= 0:
                    positive = False
                s_at = season[at]
                pl = lev + ph * tr
                pred = np.where(ismul, pl * s_at, pl + s_at)
                e = v - pred
                cnt += 1
                if window:
                    sse += max(1.0 / cnt, 1.0 / window) * (e * e - sse)
                else:
                    sse += e * e
                em = np.where(ismul, e / np.where(s_at != 0, s_at, 1.0), e)
                newl = pl + al * em
                tr = ph * tr + be * em
                newseas = np.where(ismul, s_at + ga * e / np.where(np.abs(pl) > 1e-12, pl, 1e-12), s_at + ga * e)
                season[at] = np.where(isseas, newseas, s_at)
                lev = newl
            else:
                lev = lev + ph * tr; tr = ph * tr
            if started and cnt >= 3:
                s = sse if window else sse / cnt
                bestv, best = math.inf, -1
                for k in keys:
                    if k.endswith("M") and not positive:
                        continue
                    ii = idx_of[k]
                    jj = ii[int(np.argmin(s[ii]))]
                    kk = kpar[k] if crit == "aicc" else 0
                    if crit == "aicc" and cnt - kk - 1 <= 0:
                        continue
                    val = cnt * math.log(max(s[jj], 1e-300)) + (2 * kk + 2 * kk * (kk + 1) / (cnt - kk - 1) if crit == "aicc" else 0)
                    if val < bestv:
                        bestv, best = val, jj
                if best < 0:
                    continue
                nxt = (t + 1) % mm
                pl = lev[best] + ph[best] * tr[best]
                out[t] = pl * season[nxt, best] if ismul[best] else pl + season[nxt, best]
        return out
    return run

def selected_ar_crit(z, jac, max_order=8, bound=10.0, min_order=1, orders_out=None, admissible=None, prior=10.0):
    """The order-selected AR (selected_ar) and, per row, the chosen order's AICc on the original scale: n log(cost·spread²/n) + penalty
    + 2 Σ jac over the fit's targets (jac = log y for a fit on log y: the Jacobian of the transform). min_order 0 puts
    the mean alone among the orders (sixteenth pass); orders_out, if given, gets the chosen order per row; admissible, if
    given, a test of a fit's AR coefficients: the lowest AICc among the fits that pass it (all, when none does)."""
    n = len(z)
    out = np.full(n, math.nan)
    crit_out = np.full(n, math.nan)
    orders = range(min_order, max_order + 1)
    fits = [Rls(1 + p, prior) for p in orders]
    jsum = [0.0] * len(fits)
    hist = []
    mean = square = 0.0
    count = 0
    center = math.nan
    spread = 1.0
    for t in range(n):
        v = z[t]
        if not math.isfinite(v):
            if math.isnan(center) or not hist:
                continue
            v = out[t - 1] if t > 0 and math.isfinite(out[t - 1]) else hist[-1]
        else:
            if not math.isnan(center):
                target = (v - center) / spread
                for p in orders:
                    if p > count:
                        break
                    x = np.array([1.0] + [(hist[-1 - i] - center) / spread for i in range(p)])
                    fits[p - min_order].update(x, target)
                    jsum[p - min_order] += jac[t]
            count += 1
            a = max(1.0 / count, 1.0 / 200)
            mean += a * (v - mean)
            square += a * ((v - mean) ** 2 - square)
            if math.isnan(center) and count >= max_order and square > 1e-24:
                center, spread = mean, math.sqrt(square)
        hist.append(v)
        if not math.isnan(center):
            crit = [fits[p - min_order].aicc(p) for p in orders]
            p = min_order + int(np.argmin(crit)) if np.isfinite(crit).any() else 1
            if admissible is not None:
                ranked = [min_order + int(j) for j in np.argsort(crit) if math.isfinite(crit[j])]
                p = next((q for q in ranked if admissible(fits[q - min_order].w[1:])), p)
            if orders_out is not None:
                orders_out[t] = p
            f = fits[p - min_order]
            x = np.array([1.0] + [(hist[-1 - i] - center) / spread for i in range(p)])
            sigma = math.sqrt(square) if square > 1e-24 else 1.0
            out[t] = min(max(center + spread * f.predict(x), mean - bound * sigma), mean + bound * sigma)
            c = crit[p - min_order]
            crit_out[t] = c + f.n * 2 * math.log(spread) + 2 * jsum[p - min_order] if math.isfinite(c) else math.nan
    return out, crit_out

def sar_scale_chosen(y, m, margin=0.0, seasonal=False):
    """The order-selected AR on y or on log y (while every value so far is positive), whichever has the lower AICc on
    the scale of y (the log fit's likelihood with its Jacobian), as auto.arima's Box-Cox choice would (seasonal: in
    seasonal pools only, the twelfth pass's slot)."""
    if (m > 1) != seasonal:
        return None
    n = len(y)
    lv, cl = selected_ar_crit(y, np.zeros(n))
    pos = np.ones(n, dtype=bool); bad = False
    for t in range(n):
        if math.isfinite(y[t]) and y[t] <= 0:
            bad = True
        pos[t] = not bad
    if not pos[0]:
        return lv
    stop = n if pos.all() else int(np.argmin(pos))
    z = np.full(n, math.nan)
    with np.errstate(invalid="ignore"):
        z[:stop] = np.log(y[:stop])
    jac = np.where(np.isfinite(z), z, 0.0)
    lg, cg = selected_ar_crit(z, jac)
    out = lv.copy()
    use = np.zeros(n, dtype=bool)
    for t in range(stop):
        if math.isfinite(lg[t]) and math.isfinite(cg[t]) and math.isfinite(cl[t]) and cg[t] + margin < cl[t]:
            out[t] = math.exp(lg[t]); use[t] = True
    return out



def pool_ar_levels(y, lags=3, lam=0.995, prior=10.0, bound=10.0):
    """The pool's AR(3) on levels without a season: standardised by the running mean and deviation (window 200)."""
    n = len(y); out = np.full(n, math.nan)
    rls = ForgettingRls(lags + 1, lam, prior)
    hist = [math.nan] * (lags + 2)
    mean = sq = 0.0; obs = 0
    for t in range(n):
        v = y[t]
        if math.isfinite(v):
            obs += 1
            sc = math.sqrt(sq) if sq > 1e-24 else 1.0
            x = np.array([1.0] + [(hist[-1 - k] - mean) / sc for k in range(lags)])
            if np.all(np.isfinite(x)):
                rls.update(x, (v - mean) / sc)
            a = max(1.0 / obs, 1.0 / 200)
            mean += a * (v - mean)
            sq += a * ((v - mean) ** 2 - sq)
        hist.append(v if math.isfinite(v) else math.nan); hist.pop(0)
        if obs > lags + 1 + 2:
            sc = math.sqrt(sq) if sq > 1e-24 else 1.0
            x = np.array([1.0] + [(hist[-1 - k] - mean) / sc for k in range(lags)])
            if np.all(np.isfinite(x)):
                out[t] = mean + sc * min(max(rls.predict(x), -bound), bound)
    return out


def pool_ari(y, lags=3, lam=0.995, prior=10.0, bound=10.0, extra=None, extra_count=0):
    """The pool's ARI (AR(3) on the changes, no season): scaled by the running mean |change| (window 200). extra(t), when
    given, adds extra_count regressors known at row t (harmonic_ari's waves of the season at the forecast row)."""
    n = len(y); out = np.full(n, math.nan)
    rls = ForgettingRls(lags + 1 + extra_count, lam, prior)
    hist = [math.nan] * (lags + 2)
    scale = 0.0; cnt = 0; obs = 0
    def xs(h, s, t):
        return np.array([1.0] + [(h[-1 - k] - h[-2 - k]) / s for k in range(lags)] + (extra(t) if extra else []))
    for t in range(n):
        v = y[t]
        if math.isfinite(v):
            obs += 1
            prev = hist[-1]
            if math.isfinite(prev):
                d = v - prev; cnt += 1
                scale += max(1.0 / cnt, 1.0 / 200) * (abs(d) - scale)
            s = scale if scale > 1e-12 else 1.0
            x = xs(hist, s, t)
            if np.all(np.isfinite(x)) and math.isfinite(prev):
                rls.update(x, (v - prev) / s)
        hist.append(v if math.isfinite(v) else math.nan); hist.pop(0)
        if obs > lags + 1 + 2 + extra_count:
            s = scale if scale > 1e-12 else 1.0
            x = xs(hist, s, t + 1)
            if np.all(np.isfinite(x)):
                out[t] = hist[-1] + s * min(max(rls.predict(x), -bound), bound)
    return out


# ---- sixteenth pass: auto.arima's two selection steps the pool lacks. (a) The differencing order by a unit-root test
# (KPSS, as forecast::ndiffs: d = 2 when the test rejects stationarity of y and of its changes at 5 %), here a gate: a
# d = 2 member combined only while the test, on the values so far, says so. (b) The mean (order 0) among the orders of
# the order-selected AR.

KPSS_CRITICAL = 0.463   # 5 % point of the KPSS level-stationarity statistic (Kwiatkowski et al. 1992, table 1)


class OnlineKpss:
    """The KPSS level-stationarity statistic of every value added so far, in O(L) per value: the partial sums of the
    deviations from the whole-sample mean from running sums (Σ C_t², Σ t·C_t, C_t the cumulative sum), and the
    Newey–West long-run variance with l = ⌊4 (n/100)^¼⌋ lags (urca's "short", as ndiffs) from the lagged cross products,
    the first L values and the last L values. Values are shifted by the first one (the statistic does not change)."""

    def __init__(self, max_lag=12, lag_factor=4.0):
        self.L = max_lag
        self.lag_factor = lag_factor   # 4: urca's "short" bandwidth (ndiffs), 12: "long"
        self.n = 0
        self.shift = math.nan
        self.total = 0.0          # Σ x
        self.c2 = 0.0             # Σ C_t²
        self.tc = 0.0             # Σ t C_t
        self.cross = np.zeros(max_lag + 1)   # Σ_i x_i x_{i-k}
        self.first = []
        self.last = []

    def add(self, v):
        if math.isnan(self.shift):
            self.shift = v
        x = v - self.shift
        self.n += 1
        self.total += x
        self.c2 += self.total * self.total
        self.tc += self.n * self.total
        self.cross[0] += x * x
        for k in range(1, min(self.L, len(self.last)) + 1):
            self.cross[k] += x * self.last[-k]
        if len(self.first) < self.L:
            self.first.append(x)
        self.last.append(x)
        if len(self.last) > self.L:
            self.last.pop(0)

    def statistic(self):
        n = self.n
        if n < 3:
            return math.nan
        mean = self.total / n
        t2 = n * (n + 1) * (2 * n + 1) / 6.0
        eta = (self.c2 - 2 * mean * self.tc + mean * mean * t2) / (n * n)
        lags = min(int(self.lag_factor * (n / 100.0) ** 0.25), self.L, n - 1)
        s2 = 0.0
        for k in range(0, lags + 1):
            head = sum(self.first[:k])
            tail = sum(self.last[len(self.last) - k:]) if k else 0.0
            g = (self.cross[k] - mean * ((self.total - head) + (self.total - tail)) + (n - k) * mean * mean) / n
            s2 += g if k == 0 else 2 * (1 - k / (lags + 1.0)) * g
        return eta / s2 if s2 > 1e-300 else math.nan


def kpss_d2_open(y, m=1, minimum=12, critical=KPSS_CRITICAL, lag_factor=4.0, max_lag=12):
    """Per row t: whether KPSS (on the values up to t) rejects level stationarity of y and of its changes (ndiffs'
    d = 2). minimum: changes needed before the gate may open."""
    n = len(y)
    out = np.zeros(n, dtype=bool)
    ky, kd = OnlineKpss(max_lag, lag_factor), OnlineKpss(max_lag, lag_factor)
    prev = math.nan
    for t in range(n):
        v = y[t]
        if math.isfinite(v):
            ky.add(v)
            if math.isfinite(prev):
                kd.add(v - prev)
            prev = v
        else:
            prev = math.nan
        if kd.n >= minimum:
            a, b = ky.statistic(), kd.statistic()
            out[t] = a > critical and b > critical
    return out


def kpss_d0_open(y, m=1, minimum=12, critical=KPSS_CRITICAL):
    """Per row t: whether KPSS does not reject level stationarity of y (ndiffs' d = 0), from `minimum` values on."""
    n = len(y)
    out = np.zeros(n, dtype=bool)
    k = OnlineKpss()
    for t in range(n):
        if math.isfinite(y[t]):
            k.add(y[t])
        if k.n >= minimum:
            out[t] = not k.statistic() > critical
    return out


def mean_when_aicc0(y, m):
    """(the order-0 fit's forecast, open while AICc prefers order 0 to every AR(1..8) on the same rows): the mean
    member combined only while the order-selected AR's criterion calls the series white noise."""
    orders = np.full(len(y), -1)
    f = selected_ar0(y, orders_out=orders)
    return expanding_mean(y, m), orders == 0


def holt_fit(alphas=(0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99), betas=(0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)):
    """ARIMA(0,2,2) ≡ Holt's linear trend (θ1 = α + β − 2, θ2 = 1 − α, ETS parametrisation β ≤ α): the grid point with
    the lowest whole-sample one-step SSE (every point an O(1) recursion, as the pool's ETS-like chooser)."""
    return ets_grid(alphas=alphas, betas=betas, forms=("A",), crit="sse")


def gated(model, open_of=kpss_d2_open):
    """(forecasts, open): the member is scored always but combined only where open."""
    def run(y, m):
        f = model(y, m)
        if f is None:
            return None
        return f, open_of(y, m)
    return run


def kpss_d2_open_unseasonal(y, m, minimum=12, window=1000.0, critical=KPSS_CRITICAL):
    """kpss_d2_open, and in a seasonal pool only while the seasonal naive's long-run squared one-step error (the
    naive gate's, window 1000) exceeds the naive's: auto.arima tests d only after its seasonal differencing, and a
    d = 2 member without a season has no place where the season is real."""
    o = kpss_d2_open(y, m, minimum, critical)
    if m <= 1:
        return o
    n = len(y)
    ln = ls = 0.0
    cn = cs = 0
    for t in range(n):
        if t >= 1 and math.isfinite(y[t]) and math.isfinite(y[t - 1]):
            cn += 1
            ln += max(1.0 / cn, 1.0 / window) * ((y[t] - y[t - 1]) ** 2 - ln)
        if t >= m and math.isfinite(y[t]) and math.isfinite(y[t - m]):
            cs += 1
            ls += max(1.0 / cs, 1.0 / window) * ((y[t] - y[t - m]) ** 2 - ls)
        o[t] = o[t] and cs > 0 and ls > ln
    return o


def expanding_mean(y, m):
    out = np.full(len(y), math.nan)
    s = c = 0
    for t, v in enumerate(y):
        if math.isfinite(v):
            s += v; c += 1
        if c >= 3:
            out[t] = s / c
    return out


def selected_ar0(z, max_order=8, bound=10.0, orders_out=None):
    """selected_ar with order 0 (the mean alone) among the orders, by the same AICc on the same rows (the order-0 fit
    learns on the rows the order-P fit does, so the criteria compare like with like)."""
    return selected_ar_crit(z, np.zeros(len(z)), max_order, bound, min_order=0, orders_out=orders_out)[0]


def ar_time_trend(z, max_order=4, bound=10.0, prior=10.0, start=8):
    """Fifty-eighth pass (an outside audit's oracle screen): AR(1..P) on the levels with a mean AND a linear time trend,
    z_t = a + b·t + Σ φ_i z_{t−i}, whole-sample least squares (Rls), the order by AICc, for trend-stationary series (a
    deterministic trend with stationary deviations), which every member that differences or has no trend term misses
    by about 8 % (audit: 1.08 × the feasible oracle at 100–1,000 rows). On a scale frozen after `start` values; time in
    units of 100 rows. The forecast is held within `bound` running standard deviations of the changes of the last value."""
    n = len(z)
    out = np.full(n, math.nan)
    fits = [Rls(2 + p, prior) for p in range(1, max_order + 1)]
    hist = []
    center = math.nan
    spread = 1.0
    count = 0
    dm = dsq = 0.0
    dcount = 0
    for t in range(n):
        v = z[t]
        if not math.isfinite(v):
            if math.isnan(center) or not hist:
                continue
            v = out[t - 1] if t > 0 and math.isfinite(out[t - 1]) else hist[-1]
        else:
            if not math.isnan(center):
                for p in range(1, max_order + 1):
                    if p > count:
                        break
                    x = np.array([1.0, t / 100.0] + [(hist[-i] - center) / spread for i in range(1, p + 1)])
                    fits[p - 1].update(x, (v - center) / spread)
            if hist:
                dcount += 1
                a = max(1.0 / dcount, 1.0 / 200)
                d = v - hist[-1]
                dm += a * (d - dm)
                dsq += a * ((d - dm) ** 2 - dsq)
            count += 1
            if math.isnan(center) and count >= start:
                vals = np.array(hist[-start + 1:] + [v])
                sd = float(vals.std())
                if sd > 1e-12:
                    center, spread = float(vals.mean()), sd
        hist.append(v)
        if not math.isnan(center):
            crit = [f.aicc(p + 1) for p, f in enumerate(fits, 1)]
            if not np.isfinite(crit).any():
                continue
            p = 1 + int(np.argmin(crit))
            x = np.array([1.0, (t + 1) / 100.0] + [(hist[-i] - center) / spread for i in range(1, p + 1)])
            f = center + spread * fits[p - 1].predict(x)
            sigma = math.sqrt(dsq) if dsq > 1e-24 else spread
            out[t] = min(max(f, hist[-1] - bound * sigma), hist[-1] + bound * sigma)
    return out


CANDIDATES = {
    "ar_trend": lambda y, m: ar_time_trend(y) if m <= 1 else None,   # fifty-eighth pass: not kept (NOTEBOOK.md)
    "ari_sel": lambda y, m: differenced(y, 1, selected_ar),
    "ari_sel4": lambda y, m: differenced(y, 1, lambda z: selected_ar(z, 4)),
    "ari2_sel": lambda y, m: differenced(y, 2, selected_ar),
    "arima_sel": lambda y, m: differenced(y, 1, selected_arma),
    "arima11": lambda y, m: differenced(y, 1, lambda z: selected_arma(z, ((1, 1),))),
    "arima_sel3": lambda y, m: differenced(y, 1, lambda z: selected_arma(z, ((0, 1), (1, 0), (1, 1)))),
    "none": lambda y, m: np.full(len(y), math.nan),
    "holt": lambda y, m: holt(y, 0.3, 0.05),
    "holt_slow": lambda y, m: holt(y, 0.5, 0.1),
    "damped_holt": lambda y, m: holt(y, 0.3, 0.05, 0.9),   # the pool's damped Holt (combined in layouts 1-8)
    "holt_learned": lambda y, m: learned_holt(y),
    # eleventh pass (NOTEBOOK.md): members on ln y (NaN after a value <= 0; "_or_y": the member on y from then on)
    "arma_log": on_log(lambda z, m: online_arma(z)),
    "arma_log_or_y": log_or_level(lambda z, m: online_arma(z)),
    "arma_log_or_y_bias": log_or_level(lambda z, m: online_arma(z), bias=True),
    "sarma_log_or_y": log_or_level(lambda z, m: seasonal_arma(z, m) if m > 1 else None),
    "sar_log_or_y": log_or_level(lambda z, m: selected_ar(z) if m <= 1 else None),   # kept: LogScaleAutoregression
    "sar_log_or_y_all": log_or_level(lambda z, m: selected_ar(z)),   # twelfth pass: with a season too (seasonal pools)
    "sar_y_all": lambda y, m: selected_ar(y),                          # the fit on y alone, with a season too
    "sar_aicc_seasonal": lambda y, m: sar_scale_chosen(y, m, seasonal=True),   # y or ln y by AICc, seasonal pools only
    "sar_log_or_y_aicc": sar_scale_chosen,
    "ar3_log_or_y": log_or_level(lambda z, m: pool_ar_levels(z) if m <= 1 else None),   # in "AR (levels)"'s place
    "ari_log_or_y": log_or_level(lambda z, m: pool_ari(z) if m <= 1 else None),         # in "ARI (changes)"'s place
    # ETS-like grids chosen by in-sample fit
    "ets_ns": ets_grid(),
    "ets_ns_sse": ets_grid(crit="sse"),
    "ets_ns_w200": ets_grid(window=200),
    "ets_ns_relative": ets_grid(relative=True),
    "ses_grid": ets_grid(forms=("N",)),
    "hw_grid": hw_grid(),
    "mhw_grid": hw_grid(multiplicative=True),
    "ets_auto": ets_auto(count_states=False),
    "ets_auto_states": ets_auto(),
    "ets_auto_sse": ets_auto(crit="sse"),
    # sixteenth pass: d = 2 members gated by KPSS (ndiffs' rule), and order 0 in the order-selected AR
    "holt022": lambda y, m: holt_fit()(y, m),
    "holt022_kpss": gated(lambda y, m: holt_fit()(y, m)),
    "holt022_kpss_ns": gated(lambda y, m: holt_fit()(y, m), kpss_d2_open_unseasonal),
    "holt022_kpss24": gated(lambda y, m: holt_fit()(y, m), lambda y, m: kpss_d2_open(y, m, minimum=24)),
    "holt022_kpss_ns24": gated(lambda y, m: holt_fit()(y, m), lambda y, m: kpss_d2_open_unseasonal(y, m, minimum=24)),
    "holt022_kpss_ns_1pc": gated(lambda y, m: holt_fit()(y, m), lambda y, m: kpss_d2_open_unseasonal(y, m, critical=0.739)),
    "holt022_kpss_ns_2pc": gated(lambda y, m: holt_fit()(y, m), lambda y, m: kpss_d2_open_unseasonal(y, m, critical=0.574)),
    "holt022_kpss_ns_10pc": gated(lambda y, m: holt_fit()(y, m), lambda y, m: kpss_d2_open_unseasonal(y, m, critical=0.347)),
    "holt022_log_kpss": gated(log_or_level(lambda y, m: holt_fit()(y, m))),
    "holt022_wide_kpss": gated(lambda y, m: holt_fit(alphas=(0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99), betas=(0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 0.9))(y, m)),
    "holt022_ets_kpss": gated(lambda y, m: holt_fit(betas=(0.01, 0.05, 0.1, 0.2))(y, m)),
    "holt022_ets_kpss_ns": gated(lambda y, m: holt_fit(betas=(0.01, 0.05, 0.1, 0.2))(y, m), kpss_d2_open_unseasonal),
    "holt022_ets_kpss_long": gated(lambda y, m: holt_fit(betas=(0.01, 0.05, 0.1, 0.2))(y, m), lambda y, m: kpss_d2_open(y, m, lag_factor=12.0, max_lag=36)),
    "holt022_ets_kpss_both": gated(lambda y, m: holt_fit(betas=(0.01, 0.05, 0.1, 0.2))(y, m), lambda y, m: kpss_d2_open(y, m) & kpss_d2_open(y, m, lag_factor=12.0, max_lag=36)),
    "holt022_ets_kpss_seasonal": gated(lambda y, m: holt_fit(betas=(0.01, 0.05, 0.1, 0.2))(y, m) if m > 1 else None),
    "holt022_small_kpss": gated(lambda y, m: holt_fit(alphas=(0.1, 0.3, 0.5, 0.7, 0.9), betas=(0.01, 0.05, 0.2))(y, m)),
    "mean_aicc0": mean_when_aicc0,
    "mean_aicc0_kpss0": lambda y, m: (lambda a: (a[0], a[1] & kpss_d0_open(y, m)))(mean_when_aicc0(y, m)),
    "mean_kpss0": gated(expanding_mean, kpss_d0_open),
    "ari2_sel_kpss": gated(lambda y, m: differenced(y, 2, selected_ar)),
    "arima2_sel": lambda y, m: differenced(y, 2, selected_arma),
    "arima2_sel_kpss": gated(lambda y, m: differenced(y, 2, selected_arma)),
    "ima22_kpss": gated(lambda y, m: differenced(y, 2, lambda z: selected_arma(z, ((0, 2),)))),
    "mean": expanding_mean,
    "sar0_log_or_y": log_or_level(lambda z, m: selected_ar0(z) if m <= 1 else None),
    "sar_member": lambda y, m: log_or_level(lambda z, mm: selected_ar(z))(y, m) if m <= 1 else selected_ar(y),   # the member as it is
    "sar0_member": lambda y, m: log_or_level(lambda z, mm: selected_ar0(z))(y, m) if m <= 1 else selected_ar0(y),
    "ets_auto_small": ets_auto(alphas=(0.1, 0.3, 0.6, 0.99), betas=(0.05,), gammas=(0.1,), phis=(0.95,), count_states=False),
}


# ---- seventeenth pass: the M3/M4 yearly and quarterly workhorses, fitted on the whole sample so far ----

def damped_fit(alphas=(0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99), betas=(0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5),
               phis=(0.8, 0.85, 0.9, 0.95, 0.98)):
    """ETS(A,Ad,N): the damped trend with α, β, φ the grid point with the lowest whole-sample one-step SSE."""
    return ets_grid(alphas=alphas, betas=betas, phis=phis, forms=("Ad",), crit="sse")


def drift_fit(alphas=(0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0), start=3, drift=True):
    """ARIMA(0,1,1) with drift ≡ SES with drift (ŷ_{t+1} = ŷ_t + α e_t + c; α = 1 + θ) ≡ the Theta method with its drift
    fitted (Hyndman & Billah 2003): per α the drift c is the exact conditional least-squares one (the one-step errors are
    linear in c: e_t = r_t − c g_t), α the grid point with the lowest SSE at its c. α = 1: the random walk with drift."""
    al = np.array(alphas)

    def run(y, m):
        n = len(y)
        out = np.full(n, math.nan)
        a = np.full(len(al), math.nan)   # forecast without drift
        g = np.zeros(len(al))            # ∂forecast/∂c
        srr, srg, sgg = np.zeros(len(al)), np.zeros(len(al)), np.zeros(len(al))
        cnt = 0
        for t in range(n):
            v = y[t]
            if math.isfinite(v):
                if math.isnan(a[0]):
                    a[:] = v
                    g[:] = 1.0
                else:
                    r = v - a
                    srr += r * r; srg += r * g; sgg += g * g
                    cnt += 1
                    a = a + al * r
                    g = (1 - al) * g + 1.0
            elif not math.isnan(a[0]):
                g = g + 1.0
            if cnt >= start:
                c = np.where(sgg > 0, srg / np.maximum(sgg, 1e-300), 0.0) if drift else np.zeros(len(al))
                sse = srr - c * srg if drift else srr
                j = int(np.argmin(sse))
                out[t] = a[j] + c[j] * g[j]
        return out
    return run


def theta_fit(alphas=(0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99), weights=(0.0, 0.25, 0.5, 0.75, 1.0), start=3):
    """Theta with θ and α chosen by fit: ℓ + w·b·(1 − (1−α)^(n−1))/α one step ahead (w = 1 − 1/θ; w = 0.5 the classical
    θ = 2 of LearnedTheta, 0 SES), b the least-squares slope on time over the values so far; (α, w) the grid point with
    the lowest whole-sample one-step SSE."""
    pts = [(a, w) for a in alphas for w in weights]
    al = np.array([p[0] for p in pts]); wt = np.array([p[1] for p in pts])

    def run(y, m):
        n = len(y)
        out = np.full(n, math.nan)
        lev = np.full(len(al), math.nan)
        dec = np.ones(len(al))
        sse = np.zeros(len(al))
        k = 0; mt = mv = stt = stv = 0.0
        cnt = 0
        fc = None
        for t in range(n):
            v = y[t]
            if math.isfinite(v):
                if fc is not None:
                    e = v - fc
                    sse += e * e
                    cnt += 1
                k += 1
                dt = t - mt; mt += dt / k; dv = v - mv; mv += dv / k
                stt += dt * (t - mt); stv += dt * (v - mv)
                if math.isnan(lev[0]):
                    lev[:] = v
                else:
                    lev = lev + al * (v - lev)
                    dec = dec * (1 - al)
                b = stv / stt if stt > 0 else 0.0
                fc = lev + wt * b * (1 - dec) / al
            if fc is not None and cnt >= start:
                out[t] = fc[int(np.argmin(sse))]
        return out
    return run


def comb_fit(y, m):
    """The M4 'Comb' benchmark as one member: the equal mean of SES, Holt and the damped trend, each fitted."""
    s = ets_grid(forms=("N",), crit="sse")(y, m)
    h = holt_fit()(y, m)
    d = damped_fit()(y, m)
    return (s + h + d) / 3


def median_drift(y, m, start=3):
    """Random walk with a robust drift: y_t + the median of the changes so far."""
    out = np.full(len(y), math.nan)
    ch = []
    prev = math.nan
    for t, v in enumerate(y):
        if math.isfinite(v):
            if math.isfinite(prev):
                ch.append(v - prev)
            prev = v
        if len(ch) >= start and math.isfinite(prev):
            out[t] = prev + float(np.median(ch))
    return out


def deseasonalised(model, multiplicative=True):
    """model run on the series adjusted by online classical-decomposition seasonal indices (ClassicalSeasonalIndices:
    each position's mean ratio to, and mean difference from, the centred 2×m moving average over the rows so far; the
    ratios, normalised to mean 1, while every value seen is positive, else the differences, normalised to mean 0; none
    until every position has one), the forecast reseasonalised with the indices of the row it forecasts: the M4
    benchmarks' seasonal adjustment. Without a season: model as it is."""
    def run(y, m):
        if m <= 1:
            return model(y, m)
        n = len(y)
        half = m // 2
        add_sum, mul_sum, add_cnt, mul_cnt = np.zeros(m), np.zeros(m), np.zeros(m), np.zeros(m)
        idx = np.full(n + 1, math.nan)
        ismult = np.zeros(n + 1, dtype=bool)
        adj = np.full(n, math.nan)
        positive = True
        for t in range(n):
            if math.isfinite(y[t]) and y[t] <= 0:
                positive = False
            j = t - half   # the centred moving average at j needs y_{j-half .. j+half}
            if j - half >= 0:
                w = y[j - half:j + half + 1]
                if np.all(np.isfinite(w)):
                    cma = (w[1:-1].sum() + 0.5 * (w[0] + w[-1])) / m if m % 2 == 0 else w.sum() / m
                    add_sum[j % m] += y[j] - cma
                    add_cnt[j % m] += 1
                    if cma > 0:
                        mul_sum[j % m] += y[j] / cma
                        mul_cnt[j % m] += 1
            mult = multiplicative and positive and np.all(mul_cnt > 0)
            if mult:
                s = mul_sum / mul_cnt
                s = s / s.mean()
            elif np.all(add_cnt > 0):
                s = add_sum / add_cnt
                s = s - s.mean()
            else:
                s = np.zeros(m)
            if math.isfinite(y[t]):
                adj[t] = y[t] / s[t % m] if mult else y[t] - s[t % m]
            idx[t + 1], ismult[t + 1] = s[(t + 1) % m], mult
        f = model(adj, 1)
        if f is None:
            return None
        return np.where(ismult[1:], f * idx[1:], f + idx[1:])
    return run


def quarterly_only(fn):
    return lambda y, m: fn(y, m) if m == 4 else None


def short_season_only(fn):
    return lambda y, m: fn(y, m) if m in (4, 5, 7, 12) else None


CANDIDATES.update({
    "damped_fit": damped_fit(),
    "drift_fit": drift_fit(),
    "ses_fit": drift_fit(drift=False),
    "theta_fit": theta_fit(),
    "theta2_fit": theta_fit(weights=(0.5,)),
    "comb_fit": comb_fit,
    "median_drift": median_drift,
    "damped_fit_sa4": quarterly_only(deseasonalised(damped_fit())),
    "drift_fit_sa4": quarterly_only(deseasonalised(drift_fit())),
    "theta_fit_sa4": quarterly_only(deseasonalised(theta_fit())),
    "comb_fit_sa4": quarterly_only(deseasonalised(comb_fit)),
    "damped_fit_sa": short_season_only(deseasonalised(damped_fit())),
    "drift_fit_sa": short_season_only(deseasonalised(drift_fit())),
    "theta_fit_sa": short_season_only(deseasonalised(theta_fit())),
    "comb_fit_sa": short_season_only(deseasonalised(comb_fit)),
    "damped_fit_sa4_add": quarterly_only(deseasonalised(damped_fit(), multiplicative=False)),
    "damped_fit3_sa4": quarterly_only(deseasonalised(damped_fit(betas=(0.01, 0.05, 0.1, 0.2), phis=(0.8, 0.9, 0.98)))),
    "damped_fit_sa4_ns": lambda y, m: damped_fit()(y, m) if m <= 1 else quarterly_only(deseasonalised(damped_fit()))(y, m),
    "drift_fit_ns_damped_sa4": lambda y, m: drift_fit()(y, m) if m <= 1 else quarterly_only(deseasonalised(damped_fit()))(y, m),
    "holt_fit_sa4": quarterly_only(deseasonalised(holt_fit())),
    "ses_fit_sa4": quarterly_only(deseasonalised(ets_grid(forms=("N",), crit="sse"))),
})


HW_ALPHA, HW_BETA, HW_GAMMA, HW_PHI = 0.2, 0.02, 0.2, 0.9   # ForecastPool's fixed Holt-Winters


def hw_adjusted(model, with_forecast=False):
    """model run on the series adjusted by the pool's fixed Holt-Winters seasonal states, as ForecastPool feeds its Theta
    member (ratios while every value is positive, else differences; from the row the season is initialised on, the
    first whole season), and its one-step forecasts reseasonalised by the state of the row forecast (as Theta's)."""
    def run(y, m):
        if m <= 1:
            return None
        n = len(y)
        first = np.full(m, math.nan)
        sa, sm = np.zeros(m), np.ones(m)
        la = ta = lm = tm = 0.0
        ready, positive = False, True
        adj = np.full(n, math.nan)
        mult = np.zeros(n + 1, dtype=bool)
        add_, mul_ = np.full(n + 1, math.nan), np.full(n + 1, math.nan)
        hwa = np.full(n, math.nan)
        observed = 0
        for t in range(n):
            v = y[t]
            at = t % m
            if math.isfinite(v):
                observed += 1
                if v <= 0:
                    positive = False
                if not ready:
                    first[at] = v
                    if observed >= m and np.all(np.isfinite(first)):
                        mean = first.mean()
                        sa = first - mean
                        sm = first / mean if mean > 0 else np.ones(m)
                        la = lm = mean; ta = tm = 0.0
                        ready = True
                else:
                    adj[t] = v / sm[at] if positive and sm[at] > 0 else v - sa[at]
                    pred = la + HW_PHI * ta
                    lev = HW_ALPHA * (v - sa[at]) + (1 - HW_ALPHA) * pred
                    ta = HW_BETA * (lev - la) + (1 - HW_BETA) * HW_PHI * ta
                    la = lev
                    sa[at] = HW_GAMMA * (v - lev) + (1 - HW_GAMMA) * sa[at]
                    if positive and sm[at] > 0:
                        pred = lm + HW_PHI * tm
                        lev = HW_ALPHA * (v / sm[at]) + (1 - HW_ALPHA) * pred
                        tm = HW_BETA * (lev - lm) + (1 - HW_BETA) * HW_PHI * tm
                        lm = lev
                        if lev > 0:
                            sm[at] = HW_GAMMA * (v / lev) + (1 - HW_GAMMA) * sm[at]
            elif not ready:
                first[at] = math.nan
            nxt = (t + 1) % m
            if ready:
                mult[t + 1] = positive
                add_[t + 1], mul_[t + 1] = sa[nxt], sm[nxt]
                hwa[t] = la + HW_PHI * ta + sa[nxt]
        if with_forecast:
            return hwa
        f = model(adj, 1)
        if f is None:
            return None
        return np.where(mult[1:], f * mul_[1:], f + add_[1:])
    return run


CANDIDATES.update({
    "hw_replica": hw_adjusted(None, with_forecast=True),
    "holt_fit_hwsa4": quarterly_only(hw_adjusted(holt_fit(betas=(0.01, 0.05, 0.1, 0.2)))),
    "holt_fit_hwsa": hw_adjusted(holt_fit(betas=(0.01, 0.05, 0.1, 0.2))),
    "damped_fit_hwsa4": quarterly_only(hw_adjusted(damped_fit())),
    "damped_fit_hwsa": hw_adjusted(damped_fit()),
    "holt_fit_ets_sa4": quarterly_only(deseasonalised(holt_fit(betas=(0.01, 0.05, 0.1, 0.2)))),
    "ets_sa4": quarterly_only(deseasonalised(ets_grid())),
    "ets_sse_sa4": quarterly_only(deseasonalised(ets_grid(crit="sse", betas=(0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)))),
    "holt_fit_sa12": (lambda fn: (lambda y, m: fn(y, m) if m == 12 else None))(deseasonalised(holt_fit())),
    "damped_fit_sa12": (lambda fn: (lambda y, m: fn(y, m) if m == 12 else None))(deseasonalised(damped_fit())),
    "holt_damped_sa4": quarterly_only(deseasonalised(lambda y, m: (holt_fit()(y, m) + damped_fit()(y, m)) / 2)),
    "holt_fit_sa4_kpss": gated(quarterly_only(deseasonalised(holt_fit())), kpss_d2_open),
    "drift_fit_coarse": drift_fit(alphas=(0.1, 0.3, 0.5, 0.7, 0.9, 1.0)),
    "drift_fit_fine": drift_fit(alphas=tuple(np.round(np.arange(0.05, 1.0001, 0.05), 2))),
    "drift_fit_s6": drift_fit(start=6),
    "drift_fit_nodrift1": drift_fit(alphas=(0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)),
    "drift_ns_damped_sa4": lambda y, m: drift_fit()(y, m) if m <= 1 else quarterly_only(deseasonalised(damped_fit()))(y, m),
    "rw_drift": drift_fit(alphas=(1.0,)),
    "sa_naive4": quarterly_only(deseasonalised(lambda y, m: np.where(np.isfinite(y), y, np.nan))),
})



# ---- twenty-first pass: k-nearest-neighbour analogues (screened, not built) ----

def knn(kind="lvl", k=5, dim=3, window=1000, weighted=False, minimum=None):
    """The mean next value (lvl: patterns of the last dim levels, z-scored) or next change (chg: the last dim changes over
    the mean |change|; mix: those and the level's z-score) of the k nearest past patterns among the last `window`."""
    def run(y, m):
        n = len(y)
        out = np.full(n, math.nan)
        v = np.array(y, dtype=float)
        # carry last finite value over missing ones (the cleaned series has NaN where missing)
        last = math.nan
        for t in range(n):
            if math.isfinite(v[t]): last = v[t]
            else: v[t] = last
        d = np.full(n, math.nan); d[1:] = v[1:] - v[:-1]
        need = minimum or (2 * k + dim + 1)
        for t in range(dim + 1, n):
            if not math.isfinite(v[t]): continue
            lo = max(dim, t - window)
            # candidate pattern ends s in [lo, t-1] with known target s+1 <= t
            s = np.arange(lo, t)
            if len(s) < need: continue
            past = v[: t + 1]
            if kind == "lvl":
                mu = np.nanmean(past); sd = np.nanstd(past) or 1.0
                P = np.stack([(v[s - j] - mu) / sd for j in range(dim)], axis=1)
                q = np.array([(v[t - j] - mu) / sd for j in range(dim)])
                target = v[s + 1]
                base = 0.0
            elif kind == "chg":
                sc = np.nanmean(np.abs(d[1: t + 1])) or 1.0
                P = np.stack([d[s - j] / sc for j in range(dim)], axis=1)
                q = np.array([d[t - j] / sc for j in range(dim)])
                target = d[s + 1]
                base = v[t]
            else:  # "mix": changes plus the level's z-score
                sc = np.nanmean(np.abs(d[1: t + 1])) or 1.0
                mu = np.nanmean(past); sd = np.nanstd(past) or 1.0
                P = np.stack([d[s - j] / sc for j in range(dim)] + [(v[s] - mu) / sd], axis=1)
                q = np.array([d[t - j] / sc for j in range(dim)] + [(v[t] - mu) / sd])
                target = d[s + 1]
                base = v[t]
            ok = np.all(np.isfinite(P), axis=1) & np.isfinite(target)
            if ok.sum() < need: continue
            P, target = P[ok], target[ok]
            dist = np.sqrt(((P - q) ** 2).sum(axis=1))
            idx = np.argpartition(dist, k - 1)[:k]
            if weighted:
                w = 1.0 / (dist[idx] + 1e-9)
                f = (w * target[idx]).sum() / w.sum()
            else:
                f = target[idx].mean()
            out[t] = base + f
        return out
    return run

CANDIDATES.update({
    "knn_lvl10": knn("lvl", 10, 3),
    "knn_lvl10_6": knn("lvl", 10, 6),
    "knn_mix10": knn("mix", 10, 3),
})


# ---- forty-fifth pass: a richer seasonal ARIMA, the airline model on y and with a decaying step, a stationary AR ----

def sarima_d1(p=3, q=1, lam=0.995, prior=10.0, bound=10.0, log=False, after_seasons=0):
    """ARIMA(p,1,q)(0,1,1)_m without drift (auto.arima's usual form for monthly sales, e.g. drinks_sales'
    (3,1,1)(0,1,2)_12): w = (1 - B)(1 - B^m) y regressed on its last p values, the last q residuals and the residual a
    season back (extended least squares, as SeasonalArma); on ln y with log (positive series only); forecasts from
    after_seasons seasons on."""
    def run(y, m):
        if m < 2:
            return None
        z = y.copy()
        if log:
            if (y[np.isfinite(y)] <= 0).any():
                return None
            z = np.log(y)
        n, k = len(y), p + q + 1
        out = np.full(n, math.nan)
        rls = ForgettingRls(k, lam, prior)
        vals, resid, w = [], [], [0.0] * max(p, 1)
        scale, count = 0.0, 0

        def x_of(s):
            return np.array([w[-i] / s for i in range(1, p + 1)] + [resid[-j] / s for j in range(1, q + 1)] + [resid[-m] / s])

        for t in range(n):
            base = vals[-1] + vals[-m] - vals[-m - 1] if len(vals) > m else math.nan
            if not math.isfinite(base):
                vals.append(z[t] if math.isfinite(z[t]) else math.nan)
                resid.append(0.0)
            else:
                d, r, count, scale = differenced_step(rls, x_of, z[t], base, scale, count, count > k, bound)
                vals.append(base + d)
                resid.append(r)
                w.append(d); w.pop(0)
            if count > k + 1 and t >= after_seasons * m and len(vals) > m:
                s = scale if scale > 1e-12 else 1.0
                b = vals[-1] + vals[-m] - vals[-m - 1]
                if math.isfinite(b):
                    f = b + s * min(max(rls.predict(x_of(s)), -bound), bound)
                    out[t] = math.exp(f) if log else f
        return out
    return run


def learned_airline(step=lambda k: 0.03, log=True, theta=-0.4, seasonal_theta=-0.6, limit=3.0):
    """LearnedAirline (ARIMA(0,1,1)(0,1,1)_m, θ and Θ learned by RMSprop-scaled gradient steps; matches the pool's
    "airline (log)" column to 1e-7 on AirPassengers) with the step of update k step(k); on ln y while every value so
    far is positive (log; no forecasts from the first value <= 0 on, as the member), or on y (log False)."""
    def airline(z, m):
        n, ring = len(z), m + 1
        out = np.full(n, math.nan)
        vals, res, d_theta, d_seasonal = [], [], [], []
        u, su = math.atanh(theta), math.atanh(seasonal_theta)
        th, sth = math.tanh(u), math.tanh(su)
        mean_square, steps, count = [0.0, 0.0], 0, 0

        def one_step():
            return vals[-1] + vals[-m] - vals[-m - 1] + th * res[-1] + sth * res[-m] + th * sth * res[-m - 1]

        for t in range(n):
            v, r, dt, ds = z[t], 0.0, 0.0, 0.0
            if count >= ring:
                f = one_step()
                g_theta = res[-1] + sth * res[-m - 1] + th * d_theta[-1] + sth * d_theta[-m] + th * sth * d_theta[-m - 1]
                g_seasonal = res[-m] + th * res[-m - 1] + th * d_seasonal[-1] + sth * d_seasonal[-m] + th * sth * d_seasonal[-m - 1]
                if math.isfinite(v):
                    r, dt, ds = v - f, -g_theta, -g_seasonal
                    g = [r * g_theta * (1 - th * th), r * g_seasonal * (1 - sth * sth)]
                    if all(math.isfinite(x) for x in g):
                        steps += 1
                        for i in range(2):
                            mean_square[i] = g[i] * g[i] if steps == 1 else 0.99 * mean_square[i] + 0.01 * g[i] * g[i]
                        if mean_square[0] > 0:
                            u = min(max(u + step(steps) * g[0] / math.sqrt(mean_square[0]), -limit), limit)
                        if mean_square[1] > 0:
                            su = min(max(su + step(steps) * g[1] / math.sqrt(mean_square[1]), -limit), limit)
                        th, sth = math.tanh(u), math.tanh(su)
                else:
                    v = f
                if not math.isfinite(r + dt + ds):
                    r = dt = ds = 0.0
                    d_theta, d_seasonal = [0.0] * len(d_theta), [0.0] * len(d_seasonal)
            elif not math.isfinite(v):
                if count == 0:
                    continue
                v = vals[-1]
            for a, x in ((vals, v), (res, r), (d_theta, dt), (d_seasonal, ds)):
                a.append(x)
                if len(a) > ring:
                    a.pop(0)
            count += 1
            if count >= ring:
                out[t] = one_step()
        return out

    def run(y, m):
        if m < 2:
            return None
        if not log:
            return airline(y, m)
        positive = np.ones(len(y), dtype=bool)
        bad = False
        for t in range(len(y)):
            bad = bad or (math.isfinite(y[t]) and y[t] <= 0)
            positive[t] = not bad
        z = np.full(len(y), math.nan)
        z[positive] = np.log(y[positive])
        out = np.exp(airline(z, m))
        out[~positive] = math.nan
        return out
    return run


def after_nonpositive(fn):
    """fn's forecasts only from a series' first value <= 0 on (where a log member has stopped)."""
    def run(y, m):
        out = fn(y, m)
        if out is None:
            return None
        seen = np.maximum.accumulate(np.where(np.isfinite(y), y <= 0, False))
        out = np.where(seen, out, math.nan)
        return out if np.isfinite(out).any() else None
    return run


def ar_max_root(a):
    """The largest modulus of the roots of the AR polynomial with coefficients a (companion eigenvalues)."""
    p = len(a)
    companion = np.zeros((p, p))
    companion[0] = a
    companion[1:, :-1] = np.eye(p - 1)
    return float(np.max(np.abs(np.linalg.eigvals(companion))))


def stationary_selected_ar(z, limit=1.0, max_order=8, bound=10.0):
    """selected_ar with the order of lowest AICc among the fits whose largest root modulus is at most limit (as
    arima() keeps the AR part stationary); the lowest AICc as now when none is."""
    return selected_ar_crit(z, np.zeros(len(z)), max_order, bound, admissible=lambda a: ar_max_root(a) <= limit)[0]


CANDIDATES.update({
    "sarima311": sarima_d1(3, 1),
    "sarima211": sarima_d1(2, 1),
    "sarima311_late4": sarima_d1(3, 1, after_seasons=4),
    "sarima311_late8": sarima_d1(3, 1, after_seasons=8),
    "sarima311log_late6": sarima_d1(3, 1, log=True, after_seasons=6),
    "airline_log": learned_airline(),   # the member as it is (replayed on the cleaned values)
    "airline_y_after_nonpositive": after_nonpositive(learned_airline(log=False)),
    "airline_log_step_decay50": learned_airline(lambda k: 0.03 * max(0.3, 1 / math.sqrt(1 + k / 50))),
    "airline_log_step_decay200": learned_airline(lambda k: 0.03 * max(0.1, 1 / math.sqrt(1 + k / 200))),
    "airline_log_step_half": learned_airline(lambda k: 0.015),
    "airline_log_step_double": learned_airline(lambda k: 0.06),
    "sar_stationary": lambda y, m: log_or_level(lambda z, mm: stationary_selected_ar(z))(y, m) if m <= 1 else stationary_selected_ar(y),
})

# ---- forty-eighth pass: the ARIMA-family members on the classically seasonally adjusted series (the damped trend there
# scores 0.417 alone over the 228 seasonal series, ahead of ETS's 0.443: the adjustment carries the season well).
CANDIDATES.update({
    "ari_sa": short_season_only(deseasonalised(lambda z, m: pool_ari(z))),
    "arima_sa": short_season_only(deseasonalised(lambda z, m: online_arma(z))),
    "ari_sel_sa": short_season_only(deseasonalised(lambda z, m: differenced(z, 1, selected_ar))),
    "sar_sa": short_season_only(deseasonalised(lambda z, m: selected_ar(z))),
})

CANDIDATES["comb_fit_s"] = lambda y, m: comb_fit(y, m) if m > 1 else None   # the M4 Comb on y, in seasonal pools only
CANDIDATES["comb_log_s"] = lambda y, m: log_or_level(comb_fit)(y, m) if m > 1 else None   # the Comb on ln y while positive

def seasonal_only(fn):
    return lambda y, m: fn(y, m) if m > 1 else None


def nonseasonal_only(fn):
    return lambda y, m: fn(y, m) if m <= 1 else None   # None: the pool as it is (no candidate column, no replacement)


for _k in list(CANDIDATES):
    CANDIDATES[_k + "@ns"] = nonseasonal_only(CANDIDATES[_k])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dump")
    ap.add_argument("--add")
    ap.add_argument("--replace")
    ap.add_argument("--with", dest="with_")
    ap.add_argument("--series", action="store_true")
    ap.add_argument("--members", action="store_true")
    ap.add_argument("--only")
    ap.add_argument("--also-replace", action="append", default=[], metavar="MEMBER=CANDIDATE",
                    help="a member's column replaced by a candidate in every replay, the baseline too (repeatable)")
    ap.add_argument("--drop", action="append", default=[], help="a member left out of every replay (repeatable; MEMBER@ns: only without a season)")
    ap.add_argument("--grouped", action="store_true", help="the candidate rule: the family-grouped combination")
    ap.add_argument("--gate", help="WINDOW,FACTOR,MIN: the candidate rule combines a member only while its long-run MSE <= FACTOR x the naive's "
                    "(after MIN naive scores); 'none': no gate in the replay (a layout 1-8 pool); default 1000,1.5,25 as ForecastPool")
    ap.add_argument("--test-gate", help="K[,MODE] | none: the Diebold-Mariano-style gate (see TEST_GATE); MODE ahead (default), test, or, and")
    ap.add_argument("--gate-drop", action="append", default=[], metavar="MEMBER",
                    help="sixteenth pass: while a gated candidate is open, this member is not combined (repeatable)")
    ap.add_argument("--horizon", type=int, default=1, help="H: replay horizon H of a dump written with --horizon H (no candidates)")
    ap.add_argument("--score", default="mix:0.5", help="the weights' loss (SCORE): sq, abs, pow:Q, huber:K, mix:L (default mix:0.5, as ForecastPool "
                    "layout 15; a dump of layouts 1-14: sq with --power 4); every replay, the baseline too")
    ap.add_argument("--power", type=float, default=8.0, help="P: weights S^-P (default 8, as ForecastPool layout 15; 4 with --score sq for layouts 1-14)")
    ap.add_argument("--window", type=float, default=25.0, help="the recent loss's window (default 25, as ForecastPool)")
    ap.add_argument("--minimum-scored", type=int, default=3, help="scored forecasts before a member is combined (default 3, as ForecastPool)")
    args = ap.parse_args()
    global HORIZON, SCORE, POWER, WINDOW, MINIMUM_SCORED
    HORIZON = args.horizon
    MINIMUM_SCORED = args.minimum_scored
    SCORE, POWER, WINDOW = args.score, args.power, args.window
    loss(np.zeros(1), 1.0)   # an unknown --score fails here
    if HORIZON > 1 and (args.add or args.with_ or args.grouped):
        ap.error("--horizon > 1 replays the pool's own members and rules only (the candidates forecast one step)")
    if args.test_gate:
        global TEST_GATE
        kk, _, mode = args.test_gate.partition(",")
        TEST_GATE = None if kk == "none" else (float(kk), mode or "ahead")
    cand_name = args.add or args.with_
    if args.gate:
        global GATE
        if args.gate == "none":
            GATE = None
        else:
            w, fac, mn = args.gate.split(",")
            GATE = (float(w), float(fac), int(mn))
    if args.grouped and not cand_name:
        args.replace = None
    total = {}
    for set_name in forecast_sets.SETS:
        folder = os.path.join(args.dump, set_name)
        if not os.path.isdir(folder):
            continue
        names = sorted(f[:-9] for f in os.listdir(folder) if f.endswith(".dump.csv"))
        if args.only:
            names = [n for n in names if re.search(args.only, n)]
        logs = {"app": [], "replay": [], "cand": []}
        member_logs = {}
        for name in names:
            s = read_series(folder, name)
            for spec in args.also_replace:
                member, _, cand = spec.partition("=")
                col = CANDIDATES[cand](s["cleaned"].copy(), s["season"])
                if col is not None:
                    s["f"][:, s["members"].index(member)] = col
            for d in args.drop:
                member, _, where = d.partition("@")
                if where != "ns" or s["season"] <= 1:
                    s["f"][:, s["members"].index(member)] = math.nan
            delta = s["final"] - s["uncorrected"]
            app = mase(s, s["final"])
            base = combine(s["f"], s["cleaned"], s["actual"], delta, s["season"], s["closed"])
            rep = mase(s, base)
            line = f"{set_name}/{name:28s} m={s['season']:<3d} app {app:.4f} replay {rep:.4f}"
            logs["app"].append(math.log(app)); logs["replay"].append(math.log(rep))
            if cand_name or args.grouped:
                c = CANDIDATES[cand_name](s["cleaned"].copy(), s["season"]) if cand_name else np.full(len(s["cleaned"]), math.nan)
                f = s["f"].copy()
                closed = s["closed"] if args.replace else np.column_stack([s["closed"], np.zeros(len(s["cleaned"]), dtype=bool)])
                if isinstance(c, tuple):
                    c, open_ = c
                    closed = closed.copy()
                    col = s["members"].index(args.replace) if args.replace else f.shape[1]
                    closed[:, col] = ~open_
                    for mname in args.gate_drop:
                        closed[:, s["members"].index(mname)] |= open_
                    if args.series:
                        line += f" open {open_.mean():.2f}"
                if c is None:
                    c = np.full(len(s["cleaned"]), math.nan)
                    if not args.replace:
                        f = np.column_stack([f, c])   # a column never combined, so that the gate masks line up
                elif args.replace:
                    f[:, s["members"].index(args.replace)] = c   # "none": the member dropped
                else:
                    f = np.column_stack([f, c])
                cm = mase(s, (grouped(f, s["cleaned"], s["actual"], delta, s["members"]) if args.grouped else combine(f, s["cleaned"], s["actual"], delta, s["season"], closed)))
                try:
                    alone = mase(s, c) if np.isfinite(c).sum() > 10 else math.nan
                except ZeroDivisionError:   # forecasts, but none on the scored rows (a log member stopped before them)
                    alone = math.nan
                logs["cand"].append(math.log(cm))
                line += f" cand {cm:.4f} ({100 * (cm / rep - 1):+.2f} %) alone {alone:.4f}"
            if args.members:
                for i, mn in enumerate(s["members"]):
                    if np.isfinite(s["f"][:, i]).sum() > 10:
                        try:
                            member_logs.setdefault(mn, []).append(math.log(mase(s, s["f"][:, i])))
                        except (ZeroDivisionError, StopIteration, ValueError):
                            pass
            if args.series:
                print(line, flush=True)
        g = {k: math.exp(sum(v) / len(v)) for k, v in logs.items() if v}
        print(f"{set_name} ({len(names)}): " + "  ".join(f"{k} {v:.4f}" for k, v in g.items()), flush=True)
        for k, v in logs.items():
            total.setdefault(k, []).extend(v)
        for mn, v in member_logs.items():
            print(f"   member {mn:40s} {math.exp(sum(v) / len(v)):.4f} ({len(v)})")
    print("all: " + "  ".join(f"{k} {math.exp(sum(v) / len(v)):.4f}" for k, v in total.items() if v))



# ---- forty-ninth pass: the grid fits chosen by discounted or absolute errors ----

def damped_fit_by(window=None, absolute=False):
    """The pool's fitted damped trend (FittedDampedTrend's 230 points) with its grid point chosen by the squared errors'
    exponentially weighted mean over about `window` rows, or by absolute errors, instead of the whole-sample SSE."""
    return ets_grid(betas=(0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5), phis=(0.8, 0.85, 0.9, 0.95, 0.98), forms=("Ad",),
                    crit="sse", window=window, absolute=absolute)


def comb_by(window=None, absolute=False):
    """The pool's Comb (Holt's grid β ≤ 0.2, as TrendGrid.Linear) with every grid chosen by window / absolute."""
    def run(y, m):
        s = ets_grid(forms=("N",), crit="sse", window=window, absolute=absolute)(y, m)
        h = ets_grid(betas=(0.01, 0.02, 0.05, 0.1, 0.2), forms=("A",), crit="sse", window=window, absolute=absolute)(y, m)
        d = damped_fit_by(window, absolute)(y, m)
        return (s + h + d) / 3
    return run


def pool_damped(model):
    """The pool's fitted damped trend: on y without a season, on the classically adjusted series with 4, 5, 7 or 12."""
    return lambda y, m: deseasonalised(model)(y, m) if m in (1, 4, 5, 7, 12) else None


CANDIDATES.update({
    "damped_pool": pool_damped(damped_fit_by()),
    "damped_pool_w50": pool_damped(damped_fit_by(window=50)),
    "damped_pool_w100": pool_damped(damped_fit_by(window=100)),
    "damped_pool_w200": pool_damped(damped_fit_by(window=200)),
    "damped_pool_abs": pool_damped(damped_fit_by(absolute=True)),
    "comb_s": seasonal_only(comb_by()),
    "comb_s_w100": seasonal_only(comb_by(window=100)),
    "comb_s_abs": seasonal_only(comb_by(absolute=True)),
})

CANDIDATES.update({
    # the order-selected AR on y with a weak ridge (prior 10^4) and orders to 8 or 12, added without a season (the
    # seismogram: the forty-third pass screened it before the priors)
    "sar_weak8_ns": nonseasonal_only(lambda y, m: selected_ar_crit(y, np.zeros(len(y)), 8, prior=1e4)[0]),
    "sar_weak12_ns": nonseasonal_only(lambda y, m: selected_ar_crit(y, np.zeros(len(y)), 12, prior=1e4)[0]),
})

CANDIDATES.update({
    # less forgetting in the least-squares members without a season (the seventh pass screened it before the priors)
    "ari_ns": nonseasonal_only(lambda y, m: pool_ari(y)),
    "ari_ns_l998": nonseasonal_only(lambda y, m: pool_ari(y, lam=0.998)),
    "ari_ns_l1": nonseasonal_only(lambda y, m: pool_ari(y, lam=1.0)),
    "ar3_ns": nonseasonal_only(lambda y, m: pool_ar_levels(y)),
    "ar3_ns_l998": nonseasonal_only(lambda y, m: pool_ar_levels(y, lam=0.998)),
    "ar3_ns_l1": nonseasonal_only(lambda y, m: pool_ar_levels(y, lam=1.0)),
    "arma_ns": nonseasonal_only(lambda y, m: online_arma(y)),
    "arma_ns_l998": nonseasonal_only(lambda y, m: online_arma(y, lam=0.998)),
    "arma_ns_l1": nonseasonal_only(lambda y, m: online_arma(y, lam=1.0)),
})


# ---- fifty-first pass: the seasons the pool's lead is smallest on (weekly data, m = 52: 4 % ahead) and positive series
# without a season growing in proportion (screened with candidate_prior_screen.py; not built).

def harmonic_ari(y, m, harmonics=4, lags=3, lam=0.995, prior=10.0, bound=10.0):
    """The pool's ARI (AR(3) on the changes, scaled by the running mean |change|) with `harmonics` sine and cosine pairs
    of the season at the forecast row: dynamic harmonic regression, the usual model for weekly data, whose 52 seasonal
    states the Holt-Winters members learn from four or five seasons."""
    waves = lambda t: [f(2 * math.pi * (k + 1) * t / m) for k in range(harmonics) for f in (math.sin, math.cos)]
    return pool_ari(y, lags, lam, prior, bound, extra=waves, extra_count=2 * harmonics)


CANDIDATES.update({
    "harmonic_ari_long": lambda y, m: harmonic_ari(y, m) if m >= 13 else None,   # seasons of 13 and more (weekly: 52)
    "damped_log_ns": nonseasonal_only(log_or_level(damped_fit())),              # ETS(M,Md,N)-like: the damped trend on ln y
})


if __name__ == "__main__":
    main()
