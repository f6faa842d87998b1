#!/usr/bin/python3
"""Replay the forecast pool's one-step combination offline from member dumps, and screen candidate members in a slot.

Input: the folder written by scripts/dump_members.sh (bench/, heldout/, heldout2/, each with NAME.dump.csv from the
app's --dump-members, NAME.peers.csv and NAME.log). Per series it scores, one step ahead and exactly on the rows the
bench and held-out scripts score (from the first row with a peer naive forecast, every method present), the MASE
against seasonal naive of: the app (the dump's final forecast: the scripts' figure), the replayed combination, and the
replayed combination with a candidate member added (--add NAME) or put in the place of a member (--replace MEMBER).

The replay follows ForecastPool.Combine at h = 1 (or at h = H with --horizon H, on a dump written with --horizon H;
there h > 1 the naive gate is the naive test, see TEST_GATE): each member's exponentially weighted squared error against the
cleaned values (weight max(1/k, 1/25)), members scored at least 3 times and not gated by the naive gate (--gate),
weights MSE^-4, else seasonal naive, naive, RTU; the correction (ResidualCorrection) is carried over as the dump's final minus uncorrected forecast, and the
robust clean as the dump's cleaned values (both approximations once the candidate moves the combination).
Candidates see only the cleaned values up to the row they forecast from (no look-ahead).

Usage: /usr/bin/python3 replay_pool.py DUMP_DIR [--add CANDIDATE | --replace MEMBER --with CANDIDATE] [--drop MEMBER ...]
       [--series] [--members] [--only REGEX] [--grouped] [--gate W,K,MIN | none] [--test-gate K[,ahead|test|or|and] | none]
       [--horizon H]
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

np.seterr(divide="ignore", over="ignore")

WINDOW, MINIMUM_SCORED, POWER = 25, 3, 4
# --horizon H (tenth pass): replay horizon H of a dump written with the app's --horizon H (dump_members.sh OUT --horizon
# H): members scored H rows after they forecast, and the app's own H-step MASE against seasonal naive (the scripts' H=6
# columns, every row with a forecast and a seasonal-naive one) instead of the peers' one-step rows.
HORIZON = 1
NAIVE, SEASONAL_NAIVE, MODEL = 0, 1, 19   # ForecastPool's member indices


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
    return dict(name=name, members=members, actual=data[:, 0], cleaned=data[:, 1], final=data[:, 2],
                uncorrected=data[:, 3], f=data[:, 4:], season=season, peers=peers)


# The naive gate (pool layout 9): a member is combined only while its long-run MSE (window 1000) is at most 1.5 × the
# naive's, once the naive has been scored 25 times. --gate none replays a layout 1-8 pool (dumped by an earlier build).
GATE = (1000.0, 1.5, 25)
# The test gate (pool layout 9, tenth pass; ForecastPool.NaiveTest): h > 1 steps ahead a member is left out, instead,
# while the exponentially weighted mean (window GATE[0]) of its squared error minus the naive's exceeds K = 2 standard
# errors of that mean (from 10 scores on). --test-gate K[,MODE] screens it: MODE ahead (h > 1 only, as ForecastPool),
# test (at every horizon, alone), or / and (with the ratio gate at every horizon); --test-gate none: the ratio gate only.
TEST_GATE = (2.0, "ahead")


def combine(f, cleaned, actual, extra_delta, season=1):
    """The HORIZON-step combination made at each row t (forecast of row t+HORIZON) from member forecasts f[t, i]."""
    n, k = f.shape
    mse = np.zeros(k)
    long = np.zeros(k)
    scored = np.zeros(k, dtype=np.int64)
    diff, diff2 = np.zeros(k), np.zeros(k)
    out = np.full(n, math.nan)
    for t in range(n):
        if t >= HORIZON and not math.isnan(actual[t]):
            prev = f[t - HORIZON]
            ok = np.isfinite(prev)
            scored[ok] += 1
            a = np.maximum(1.0 / np.maximum(scored[ok], 1), 1.0 / WINDOW)
            e = cleaned[t] - prev[ok]
            mse[ok] += a * (e * e - mse[ok])
            if GATE:
                long[ok] += np.maximum(1.0 / np.maximum(scored[ok], 1), 1.0 / GATE[0]) * (e * e - long[ok])
            if TEST_GATE and math.isfinite(prev[NAIVE]):
                d = e * e - (cleaned[t] - prev[NAIVE]) ** 2
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
        if use.any():
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
    "smoothing": ["SES", "damped Holt", "additive Holt-Winters", "multiplicative Holt-Winters", "learned additive Holt-Winters",
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
            w = 1.0 / np.maximum(mse[use], 1e-300) ** POWER
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
    n = len(z)
    out = np.full(n, math.nan)
    fits = [Rls(1 + p) for p in range(1, max_order + 1)]
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
                for p in range(1, max_order + 1):
                    if p > count:
                        break
                    x = np.array([1.0] + [(hist[-1 - i] - center) / spread for i in range(p)])
                    fits[p - 1].update(x, target)
            count += 1
            a = max(1.0 / count, 1.0 / 200)
            mean += a * (v - mean)
            square += a * ((v - mean) ** 2 - square)
            if math.isnan(center) and count >= max_order and square > 1e-24:
                center, spread = mean, math.sqrt(square)
        hist.append(v)
        if not math.isnan(center):
            crit = [fits[p - 1].aicc(p) for p in range(1, max_order + 1)]
            p = 1 + int(np.argmin(crit)) if np.isfinite(crit).any() else 1
            x = np.array([1.0] + [(hist[-1 - i] - center) / spread for i in range(p)])
            sigma = math.sqrt(square) if square > 1e-24 else 1.0
            out[t] = min(max(center + spread * fits[p - 1].predict(x), mean - bound * sigma), mean + bound * sigma)
    return out


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


CANDIDATES = {
    "ari_sel": lambda y, m: differenced(y, 1, selected_ar),
    "ari_sel4": lambda y, m: differenced(y, 1, lambda z: selected_ar(z, 4)),
    "ari2_sel": lambda y, m: differenced(y, 2, selected_ar),
    "arima_sel": lambda y, m: differenced(y, 1, selected_arma),
    "arima11": lambda y, m: differenced(y, 1, lambda z: selected_arma(z, ((1, 1),))),
    "arima_sel3": lambda y, m: differenced(y, 1, lambda z: selected_arma(z, ((0, 1), (1, 0), (1, 1)))),
    "none": lambda y, m: np.full(len(y), math.nan),
    "holt": lambda y, m: holt(y, 0.3, 0.05),
    "holt_slow": lambda y, m: holt(y, 0.5, 0.1),
    "holt_learned": lambda y, m: learned_holt(y),
}


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
    ap.add_argument("--drop", action="append", default=[], help="a member left out of every replay (repeatable; MEMBER@ns: only without a season)")
    ap.add_argument("--grouped", action="store_true", help="the candidate rule: the family-grouped combination")
    ap.add_argument("--gate", help="WINDOW,FACTOR,MIN: the candidate rule combines a member only while its long-run MSE <= FACTOR x the naive's "
                    "(after MIN naive scores); 'none': no gate in the replay (a layout 1-8 pool); default 1000,1.5,25 as ForecastPool")
    ap.add_argument("--test-gate", help="K[,MODE] | none: the Diebold-Mariano-style gate (see TEST_GATE); MODE ahead (default), test, or, and")
    ap.add_argument("--horizon", type=int, default=1, help="H: replay horizon H of a dump written with --horizon H (no candidates)")
    args = ap.parse_args()
    global HORIZON
    HORIZON = args.horizon
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
    for set_name in ("bench", "heldout", "heldout2"):
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
            for d in args.drop:
                member, _, where = d.partition("@")
                if where != "ns" or s["season"] <= 1:
                    s["f"][:, s["members"].index(member)] = math.nan
            delta = s["final"] - s["uncorrected"]
            app = mase(s, s["final"])
            base = combine(s["f"], s["cleaned"], s["actual"], delta, s["season"])
            rep = mase(s, base)
            line = f"{set_name}/{name:28s} m={s['season']:<3d} app {app:.4f} replay {rep:.4f}"
            logs["app"].append(math.log(app)); logs["replay"].append(math.log(rep))
            if cand_name or args.grouped:
                c = CANDIDATES[cand_name](s["cleaned"].copy(), s["season"]) if cand_name else np.full(len(s["cleaned"]), math.nan)
                f = s["f"].copy()
                if c is None:
                    c = np.full(len(s["cleaned"]), math.nan)
                elif args.replace:
                    f[:, s["members"].index(args.replace)] = c   # "none": the member dropped
                else:
                    f = np.column_stack([f, c])
                cm = mase(s, (grouped(f, s["cleaned"], s["actual"], delta, s["members"]) if args.grouped else combine(f, s["cleaned"], s["actual"], delta, s["season"])))
                alone = mase(s, c) if np.isfinite(c).sum() > 10 else math.nan
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


if __name__ == "__main__":
    main()
