#!/usr/bin/python3
"""Screens robust combinations offline (NOTEBOOK.md, eighteenth pass): from a member dump (scripts/dump_members.sh), per set
the geometric-mean one-step MASE of the replayed combination (replay_pool.py's, pool layout 15) against
  med     the median of the members' forecasts at each row, as one more member;
  trim    the 20 % trimmed mean of them, as one more member;
  blendW  the combination moved the fraction W of the way toward that median (e.g. blend0.2);
  longB,W layout 15's weights with a long memory mixed in: w ∝ exp(−8·((1 − B)·log S_25 + B·log S_W)), S_n the
          MAE^½·MSE^¼ over the last n scored forecasts (e.g. long0.25,1000; B = 0 is layout 15's rule).
Usage: /usr/bin/python3 robust_combination_screen.py DUMP_DIR med|trim|blendW|longB,W [-v]   (-v: per series). Needs numpy.
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import replay_pool as rp  # noqa: E402
import forecast_sets  # noqa: E402  (the sets every script reads)

np.seterr(all="ignore")


def median_and_trimmed(f, trim=0.2):
    """Per row, over the members with a forecast (at least 3): their median and their trimmed mean."""
    n = f.shape[0]
    med, trimmed = np.full(n, math.nan), np.full(n, math.nan)
    for t in range(n):
        v = np.sort(f[t][np.isfinite(f[t])])
        if len(v) >= 3:
            med[t] = np.median(v)
            c = int(len(v) * trim)
            trimmed[t] = v[c:len(v) - c].mean()
    return med, trimmed


def combine_with_long_memory(f, cleaned, actual, extra_delta, memory, window, closed):
    """replay_pool.combine at h = 1 (its naive gate, fallbacks and correction) with the long-memory mix (longB,W)."""
    n, k = f.shape
    short, long_ = [np.zeros(k), np.zeros(k)], [np.zeros(k), np.zeros(k)]   # [mean |e|, mean e²] over 25 and W
    gate = np.zeros(k)
    scored = np.zeros(k, dtype=np.int64)
    out = np.full(n, math.nan)
    for t in range(n):
        if t >= 1 and not math.isnan(actual[t]):
            prev = f[t - 1]
            ok = np.isfinite(prev)
            scored[ok] += 1
            first = 1.0 / np.maximum(scored[ok], 1)
            e = cleaned[t] - prev[ok]
            for stats, w in ((short, rp.WINDOW), (long_, window)):
                a = np.maximum(first, 1.0 / w)
                stats[0][ok] += a * (np.abs(e) - stats[0][ok])
                stats[1][ok] += a * (e * e - stats[1][ok])
            gate[ok] += np.maximum(first, 1.0 / rp.GATE[0]) * (e * e - gate[ok])
        ft = f[t]
        use = np.isfinite(ft) & (scored >= rp.MINIMUM_SCORED) & ~closed[t]
        if scored[rp.NAIVE] >= rp.GATE[2]:
            ratio = gate > rp.GATE[1] * gate[rp.NAIVE]
            ratio[rp.NAIVE] = False
            use &= ~ratio
        if use.any():
            log_s = lambda st: rp.log_error_scale(st[0][use], st[1][use])
            ls = (1 - memory) * log_s(short) + memory * log_s(long_)
            w = np.exp(-rp.POWER * (ls - ls.min()))
            out[t] = (w * ft[use]).sum() / w.sum()
        if math.isnan(out[t]):
            out[t] = next((ft[i] for i in (rp.SEASONAL_NAIVE, rp.NAIVE) if math.isfinite(ft[i])), ft[rp.MODEL])
        out[t] += extra_delta[t] if math.isfinite(extra_delta[t]) else 0
    return out


def candidate(s, base, delta, mode):
    if mode.startswith("long"):
        memory, window = (float(v) for v in mode[4:].split(","))
        return combine_with_long_memory(s["f"], s["cleaned"], s["actual"], delta, memory, window, s["closed"])
    med, trimmed = median_and_trimmed(s["f"])
    if mode in ("med", "trim"):
        col = med if mode == "med" else trimmed
        f = np.column_stack([s["f"], col])
        closed = np.column_stack([s["closed"], np.zeros(len(col), dtype=bool)])
        return rp.combine(f, s["cleaned"], s["actual"], delta, s["season"], closed)
    if mode.startswith("blend"):
        w = float(mode[5:])
        correction = np.where(np.isfinite(delta), delta, 0)
        raw = base - correction
        return (1 - w) * raw + w * np.where(np.isfinite(med), med, raw) + correction
    sys.exit(f"unknown mode {mode}")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    dump, mode, verbose = sys.argv[1], sys.argv[2], "-v" in sys.argv
    for set_name in forecast_sets.SETS:
        folder = os.path.join(dump, set_name)
        if not os.path.isdir(folder):
            continue
        names = sorted(f[:-9] for f in os.listdir(folder) if f.endswith(".dump.csv"))
        logs = {"replay": [], "cand": []}
        for name in names:
            s = rp.read_series(folder, name)
            delta = s["final"] - s["uncorrected"]
            base = rp.combine(s["f"], s["cleaned"], s["actual"], delta, s["season"], s["closed"])
            c = candidate(s, base, delta, mode)
            r, k = rp.mase(s, base), rp.mase(s, c)
            logs["replay"].append(math.log(r)); logs["cand"].append(math.log(k))
            if verbose:
                print(f"{set_name}/{name:30s} replay {r:.4f} cand {k:.4f}")
        g = {key: math.exp(np.mean(v)) for key, v in logs.items()}
        print(f"{set_name} ({len(names)}): replay {g['replay']:.4f}  cand {g['cand']:.4f}")


if __name__ == "__main__":
    main()
