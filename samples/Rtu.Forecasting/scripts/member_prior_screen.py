#!/usr/bin/python3
"""Screens per-member priors learned across series (README "How the defaults were chosen"; notebook, nineteenth
pass), offline, from a member dump (scripts/dump_members.sh with SETS="bench heldout heldout2 heldout3").

The idea (FFORMA-like, learning from many series): some members are better on most series than others, which 25 recent
errors cannot tell on a short series, so the combination's log-weights get a bias b_i per member learned across
series: w_i ∝ exp(b_i)·MAE_i^-4·MSE_i^-2 (pool layout 15's rule, replay_pool.combine at h = 1 with its naive gate;
b = 0 is that rule, exactly). b is fitted by coordinate descent on the geometric-mean one-step MASE of three sets (an
optional L2 penalty on b) and scored on the fourth, each set held out in turn, so no set judges priors fitted on it.
Usage: /usr/bin/python3 member_prior_screen.py DUMP_DIR [PENALTY [all|season [final] [geo]]]   (season: separate priors for
pools with and without a season; final: fit on every set, nothing held out, and print the priors; geo: the combination
of pool layout 22, a weighted mean of ln f where every member combined forecasts above 0). Caches the replay's per-row weights in DUMP_DIR/prior.pkl. Needs numpy.
"""
import math
import os
import pickle
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import replay_pool as rp  # noqa: E402
import forecast_sets  # noqa: E402  (the sets every script reads)

np.seterr(all="ignore")

# "geo" among the arguments (forty-sixth pass, pool layout 22): the members combined one step ahead by the weighted mean
# of ln f where every member combined forecasts above 0 (else the weighted mean of f, as layouts 15-21).
GEO = "geo" in sys.argv[2:]

# (GAMMA, K) (fifty-first pass, combination_knob_screen.py's "redundancy"): each combined member's log weight less
# GAMMA·ln Σ_j max(ρ_ij, 0)^K over the members combined at that row, ρ the exponentially weighted (window rp.WINDOW)
# correlation of their one-step errors, so that a crowd of near-identical members weighs as about one. GAMMA 0: the pool.
REDUNDANCY = (0.0, 4.0)


def precompute(s):
    f, cleaned, actual, closed = s["f"], s["cleaned"], s["actual"], s["closed"]
    n, k = f.shape
    mse = np.zeros(k); mae = np.zeros(k); long = np.zeros(k)
    scored = np.zeros(k, dtype=np.int64)
    L = np.full((n, k), -np.inf); F = np.where(np.isfinite(f), f, 0.0)
    fb = np.full(n, math.nan)
    gamma, power = REDUNDANCY
    cross = np.zeros((k, k)); pairs = np.zeros((k, k))   # the errors' exponentially weighted second moments (gamma > 0)
    for t in range(n):
        if t >= 1 and not math.isnan(actual[t]):
            prev = f[t - 1]; ok = np.isfinite(prev); scored[ok] += 1
            a = np.maximum(1.0 / np.maximum(scored[ok], 1), 1.0 / rp.WINDOW)
            e = cleaned[t] - prev[ok]
            mse[ok] += a * (e * e - mse[ok]); mae[ok] += a * (np.abs(e) - mae[ok])
            long[ok] += np.maximum(1.0 / np.maximum(scored[ok], 1), 1.0 / rp.GATE[0]) * (e * e - long[ok])
            if gamma > 0:
                both = np.outer(ok, ok); pairs[both] += 1
                full = np.zeros(k); full[ok] = e
                step = np.maximum(1.0 / np.maximum(pairs, 1), 1.0 / rp.WINDOW)
                cross = np.where(both, cross + step * (np.outer(full, full) - cross), cross)
        ft = f[t]
        use = np.isfinite(ft) & (scored >= rp.MINIMUM_SCORED) & ~closed[t]
        if scored[rp.NAIVE] >= rp.GATE[2]:
            ratio = long > rp.GATE[1] * long[rp.NAIVE]; ratio[rp.NAIVE] = False; use &= ~ratio
        if use.any():
            ls = rp.log_error_scale(mae[use], mse[use])
            L[t, use] = -rp.POWER * (ls - ls.min())
            if gamma > 0:
                at = np.where(use)[0]
                sub = cross[np.ix_(at, at)]; sd = np.sqrt(np.maximum(np.diag(sub), 1e-300))
                crowd = (np.clip(sub / np.outer(sd, sd), 0, 1) ** power).sum(axis=1)
                L[t, use] -= gamma * np.log(np.maximum(crowd, 1))
        else:
            fb[t] = ft[rp.SEASONAL_NAIVE] if math.isfinite(ft[rp.SEASONAL_NAIVE]) else ft[rp.NAIVE] if math.isfinite(ft[rp.NAIVE]) else ft[rp.MODEL]
    delta = s["final"] - s["uncorrected"]; delta = np.where(np.isfinite(delta), delta, 0)
    # scored rows as rp.mase
    peers = s["peers"]; num = lambda v: float(v) if v not in ("", "NA") else None
    act = [num(r["actual"]) for r in peers]
    fc = {m: [num(r[m]) for r in peers] for m in ("naive", "snaive", "ets", "arima")}
    t0 = next(i for i in range(len(peers)) if fc["naive"][i] is not None)
    rows = np.array([i for i in range(t0, len(peers)) if act[i] is not None and i >= 1 and all(fc[m][i] is not None for m in fc)])
    y = np.array([act[i] for i in rows]); sn = np.mean([abs(fc["snaive"][i] - act[i]) for i in rows])
    return dict(name=s["name"], members=s["members"], L=L, F=F, fb=fb, delta=delta, rows=rows, y=y, sn=sn, season=s["season"],
                ets=np.mean([abs(fc["ets"][i] - act[i]) for i in rows]) / sn, arima=np.mean([abs(fc["arima"][i] - act[i]) for i in rows]) / sn)

def mase(p, b):
    L = p["L"] + b
    mx = L.max(axis=1, keepdims=True)
    has = np.isfinite(mx[:, 0])
    w = np.exp(np.where(has[:, None], L - np.where(has[:, None], mx, 0), -np.inf))
    ws = w.sum(axis=1)
    mean = (w * p["F"]).sum(axis=1) / np.where(has, ws, 1)
    if GEO:
        # pool layout 22: the weighted mean of ln f on the rows where every member combined forecasts above 0
        positive = has & ((w <= 0) | (p["F"] > 0)).all(axis=1)
        logs = (w * np.log(np.where(p["F"] > 0, p["F"], 1.0))).sum(axis=1) / np.where(has, ws, 1)
        mean = np.where(positive, np.exp(np.where(positive, logs, 0.0)), mean)
    out = np.where(has, mean, p["fb"]) + p["delta"]
    fm = out[p["rows"] - 1]
    return np.mean(np.abs(fm - p["y"])) / p["sn"]

def gm(ps, b): return math.exp(np.mean([math.log(mase(p, b)) for p in ps]))

def fit(ps, k, members, penalty=0.0, rounds=4, steps=(-2, -1, -0.5, 0.5, 1, 2)):
    b = np.zeros(k)
    obj = lambda b: np.mean([math.log(mase(p, b)) for p in ps]) + penalty * np.mean(b * b)
    best = obj(b)
    for r in range(rounds):
        changed = False
        for i in range(k):
            if i == rp.NAIVE: continue
            for d in steps:
                c = b.copy(); c[i] += d / (r + 1)
                v = obj(c)
                if v < best - 1e-7: best, b, changed = v, c, True
        if not changed: break
    return b

def load_sets(dump, cache, extend=None):
    """Every set's series of a member dump, precomputed (extend(s), when given, may add candidate columns first), with
    their member columns aligned to one list of names (a member a series lacks never weighs); cached in `cache`."""
    if os.path.exists(cache):
        return pickle.load(open(cache, "rb"))
    sets = {}
    for sn in forecast_sets.SETS:
        folder = os.path.join(dump, sn)
        if not os.path.isdir(folder):
            continue
        names = sorted(f[:-9] for f in os.listdir(folder) if f.endswith(".dump.csv"))
        sets[sn] = []
        for nm in names:
            s = rp.read_series(folder, nm)
            if extend is not None:
                extend(s)
            sets[sn].append(precompute(s))
    members = []
    for ps in sets.values():
        for p in ps:
            for m in p["members"]:
                if m not in members: members.append(m)
    for ps in sets.values():
        for p in ps:
            idx = [members.index(m) for m in p["members"]]
            L = np.full((len(p["L"]), len(members)), -np.inf); F = np.zeros_like(L)
            L[:, idx] = p["L"]; F[:, idx] = p["F"]; p["L"], p["F"] = L, F
    pickle.dump((sets, members), open(cache, "wb"))
    return sets, members

if __name__ == "__main__":
    dump = sys.argv[1]
    sets, members = load_sets(dump, os.path.join(dump, "prior.pkl"))
    k = len(members); zero = np.zeros(k)
    for sn, ps in sets.items(): print(sn, "base", round(gm(ps, zero), 4))
    penalty = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    split = sys.argv[3] if len(sys.argv) > 3 else "all"
    groups = {"all": lambda p: True} if split == "all" else {"ns": lambda p: p["season"] == 1, "s": lambda p: p["season"] > 1}
    if "final" in sys.argv[4:]:
        # The priors fitted on every set (nothing held out): what ForecastPool.MemberPriors holds, one line per group.
        every = [p for ps in sets.values() for p in ps]
        for g, sel in groups.items():
            chosen = [p for p in every if sel(p)]
            b = fit(chosen, k, members, penalty)
            print(f"final {g} ({len(chosen)} series): {math.exp(np.mean([math.log(mase(p, zero)) for p in chosen])):.4f} -> "
                  f"{math.exp(np.mean([math.log(mase(p, b)) for p in chosen])):.4f} (in sample)")
            print("  ", "; ".join(f"{members[i]}={b[i]:+.6f}" for i in range(k) if b[i] != 0))
        sys.exit(0)
    for held in sets:
        train = [p for sn, ps in sets.items() if sn != held for p in ps]
        res_base, res_new = [], []
        bs = {}
        for g, sel in groups.items():
            bs[g] = fit([p for p in train if sel(p)], k, members, penalty)
        for p in sets[held]:
            g = next(g for g, sel in groups.items() if sel(p))
            res_base.append(math.log(mase(p, zero))); res_new.append(math.log(mase(p, bs[g])))
        print(f"held out {held}: {math.exp(np.mean(res_base)):.4f} -> {math.exp(np.mean(res_new)):.4f}")
        for g, b in bs.items():
            print("  ", g, " ".join(f"{members[i][:14]}={b[i]:+.2f}" for i in range(k) if b[i] != 0))
