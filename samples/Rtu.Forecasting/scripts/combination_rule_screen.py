#!/usr/bin/python3
"""Screen other ways of turning the weighted members into one forecast (forty-fifth pass), one step ahead.

Replays ForecastPool's combination (replay_pool.combine: the same scores, gates and weights w ∝ MAE^-4·MSE^-2) with
another final step (replay_pool.RULE) and prints, per set and over all series, the geometric-mean MASE against the
replay of the pool's own rule, with the change over the series with and without a season. Rules (comma-separated):
  mean            the pool's weighted mean (the baseline)
  geo             the weighted mean of ln f on a positive series (all members' forecasts > 0), else the weighted mean
  median          the weighted median; halfmedian: half the weighted mean and half the weighted median
  trimK           members more than K weighted mean absolute errors from the weighted median left out
  mcsC:G          a confidence set: a member is left out while its recent absolute errors exceed the top-weighted
                  member's by more than C standard errors of the gap (exponential window 25, the last 75 rows); the rest
                  weighted w^G (G = 1 the pool's weights, 0 equal)
  shrinkN         each member's log error scale shrunk toward the members' median by N pseudo-scores:
                  (n·s + N·median)/(n + N), n its scored forecasts (a member with few scores weighs less on luck)
  twoK            the weights' log error scale (1 − K)·one-step + K·two-step (needs a dump written with --horizon 2)
  powerP:W        the pool's rule with sharpness P (8 now) and error window W (25 now)

Usage: /usr/bin/python3 combination_rule_screen.py DUMP_DIR RULE[,RULE...]   (DUMP_DIR from dump_members.sh)
"""
import csv
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import forecast_sets  # noqa: E402
import replay_pool as rp  # noqa: E402

WINDOW, BACK = 25, 75
SERIES = {}   # the series being replayed: its one-step error matrix E[t, i] and, for twoK, the two-step error statistics


def geo(w, f, t, use, mse, mae, scored):
    if (f > 0).all():
        return math.exp((w * np.log(f)).sum() / w.sum())
    return rp.weighted_mean(w, f, t, use, mse, mae, scored)


def weighted_median(w, f):
    order = np.argsort(f)
    return f[order][np.searchsorted(np.cumsum(w[order]) / w.sum(), 0.5)]


def median(w, f, t, use, mse, mae, scored):
    return weighted_median(w, f)


def half_median(w, f, t, use, mse, mae, scored):
    return 0.5 * rp.weighted_mean(w, f, t, use, mse, mae, scored) + 0.5 * weighted_median(w, f)


def trim(k):
    def rule(w, f, t, use, mse, mae, scored):
        scale = (w * mae[use]).sum() / w.sum()
        keep = np.abs(f - weighted_median(w, f)) <= k * scale
        if scale <= 0 or not keep.any():
            return rp.weighted_mean(w, f, t, use, mse, mae, scored)
        return (w[keep] * f[keep]).sum() / w[keep].sum()
    return rule


def confidence_set(c, gamma):
    def rule(w, f, t, use, mse, mae, scored):
        errors = SERIES["E"]
        members = np.flatnonzero(use)
        top = members[int(np.argmax(w))]
        lo = max(0, t - BACK + 1)
        decay = (1 - 1 / WINDOW) ** (t - np.arange(lo, t + 1))
        keep = np.ones(len(members), dtype=bool)
        for j, i in enumerate(members):
            gap = errors[lo:t + 1, i] - errors[lo:t + 1, top]
            ok = np.isfinite(gap)
            if i == top or ok.sum() < 5:
                continue
            a, d = decay[ok], gap[ok]
            mean = (a * d).sum() / a.sum()
            var = (a * (d - mean) ** 2).sum() / a.sum()
            n_eff = a.sum() ** 2 / (a * a).sum()
            keep[j] = mean <= c * math.sqrt(var / max(n_eff - 1, 1))
        wk = w[keep] ** gamma
        return (wk * f[keep]).sum() / wk.sum()
    return rule


def shrink(n0):
    def rule(w, f, t, use, mse, mae, scored):
        s = rp.log_error_scale(mae[use], mse[use])
        n = scored[use].astype(float)
        s = (n * s + n0 * np.median(s)) / (n + n0)
        ww = np.exp(-rp.POWER * (s - s.min()))
        return (ww * f).sum() / ww.sum()
    return rule


def two_step(kappa):
    def rule(w, f, t, use, mse, mae, scored):
        mse2, mae2, scored2 = SERIES["mse2"][t][use], SERIES["mae2"][t][use], SERIES["scored2"][t][use]
        s = rp.log_error_scale(mae[use], mse[use])
        if (scored2 >= rp.MINIMUM_SCORED).all():
            s = (1 - kappa) * s + kappa * rp.log_error_scale(mae2, mse2)
        ww = np.exp(-rp.POWER * (s - s.min()))
        return (ww * f).sum() / ww.sum()
    return rule


def rule_of(name):
    if name in ("mean", "geo", "median", "halfmedian"):
        return {"mean": rp.weighted_mean, "geo": geo, "median": median, "halfmedian": half_median}[name], None
    if name.startswith("trim"):
        return trim(float(name[4:])), None
    if name.startswith("mcs"):
        c, g = name[3:].split(":")
        return confidence_set(float(c), float(g)), None
    if name.startswith("shrink"):
        return shrink(float(name[6:])), None
    if name.startswith("two"):
        return two_step(float(name[3:])), None
    if name.startswith("power"):
        p, w = name[5:].split(":")
        return rp.weighted_mean, (float(p), float(w))
    raise SystemExit(f"unknown rule {name}")


def two_step_statistics(folder, name, s):
    """The members' recent two-step errors at each row (as ForecastPool scores horizon 2), from a --horizon 2 dump."""
    with open(os.path.join(folder, name + ".dump.csv"), newline="") as fh:
        rows = [r for r in csv.reader(fh)][1:]
    f2 = np.array([[float(v) if v != "" else math.nan for v in r[6:]] for r in rows if r[1] == "2"])
    n, k = f2.shape
    mse, mae, scored = np.zeros(k), np.zeros(k), np.zeros(k, dtype=np.int64)
    out = {"mse2": np.zeros((n, k)), "mae2": np.zeros((n, k)), "scored2": np.zeros((n, k), dtype=np.int64)}
    for t in range(n):
        if t >= 2 and not math.isnan(s["actual"][t]):
            ok = np.isfinite(f2[t - 2])
            scored[ok] += 1
            a = np.maximum(1.0 / scored[ok], 1.0 / WINDOW)
            e = s["cleaned"][t] - f2[t - 2][ok]
            mse[ok] += a * (e * e - mse[ok])
            mae[ok] += a * (np.abs(e) - mae[ok])
        out["mse2"][t], out["mae2"][t], out["scored2"][t] = mse, mae, scored
    return out


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    root, names = sys.argv[1], sys.argv[2].split(",")
    rules = {n: rule_of(n) for n in names}
    logs = {n: {} for n in names}
    base_logs, groups = {}, {}
    for set_name in forecast_sets.SETS:
        folder = os.path.join(root, set_name)
        if not os.path.isdir(folder):
            continue
        for fn in sorted(os.listdir(folder)):
            if not fn.endswith(".dump.csv"):
                continue
            name = fn[:-9]
            s = rp.read_series(folder, name)
            errors = np.full(s["f"].shape, math.nan)
            errors[1:] = np.abs(s["cleaned"][1:, None] - s["f"][:-1])
            errors[1:][np.isnan(s["actual"][1:])] = math.nan
            SERIES.clear()
            SERIES["E"] = errors
            if any(n.startswith("two") for n in names):
                SERIES.update(two_step_statistics(folder, name, s))
            delta = s["final"] - s["uncorrected"]
            rp.RULE, rp.POWER, rp.WINDOW = rp.weighted_mean, 8.0, 25.0
            base = rp.mase(s, rp.combine(s["f"], s["cleaned"], s["actual"], delta, s["season"], s["closed"]))
            base_logs.setdefault(set_name, []).append(math.log(base))
            for n, (rule, power_window) in rules.items():
                rp.RULE = rule
                rp.POWER, rp.WINDOW = power_window or (8.0, 25.0)
                m = rp.mase(s, rp.combine(s["f"], s["cleaned"], s["actual"], delta, s["season"], s["closed"]))
                logs[n].setdefault(set_name, []).append(math.log(m))
                groups.setdefault((n, "season" if s["season"] > 1 else "none"), []).append(math.log(m / base))
    g = lambda v: math.exp(sum(v) / len(v))
    every = lambda d: [x for v in d.values() for x in v]
    print(f"{'rule':12s} {'all':>7s}  " + " ".join(f"{k:>9s}" for k in base_logs))
    print(f"{'replay':12s} {g(every(base_logs)):7.4f}  " + " ".join(f"{g(v):9.4f}" for v in base_logs.values()))
    for n in names:
        print(f"{n:12s} {g(every(logs[n])):7.4f}  " + " ".join(f"{g(v):9.4f}" for v in logs[n].values())
              + f"   season {100 * (g(groups[(n, 'season')]) - 1):+.2f} %, none {100 * (g(groups[(n, 'none')]) - 1):+.2f} %")


if __name__ == "__main__":
    main()
