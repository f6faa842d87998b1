#!/usr/bin/python3
"""Screens robust combinations offline (README, eighteenth pass): from a member dump (scripts/dump_members.sh), per set
the geometric-mean one-step MASE of the replayed combination (replay_pool.py's, pool layout 15) against
  med     the median of the members' forecasts at each row, as one more member;
  trim    the 20 % trimmed mean of them, as one more member;
  blendW  the combination moved the fraction W of the way toward that median (e.g. blend0.2).
Usage: /usr/bin/python3 robust_combination_screen.py DUMP_DIR med|trim|blendW [-v]   (-v: per series). Needs numpy.
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import replay_pool as rp  # noqa: E402

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


def candidate(s, base, delta, mode):
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
    for set_name in ("bench", "heldout", "heldout2", "heldout3"):
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
