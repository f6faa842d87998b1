#!/usr/bin/python3
"""What the forecast pool's members could reach if the best one per series were known in hindsight.

Input: the folder written by scripts/dump_members.sh (bench/, heldout/, heldout2/, heldout3/). Per series it scores, one step
ahead on the scripts' rows, the app (the dump's final forecast), every member alone (its forecast where it has one, the
app's before it starts, so that every score is over the same rows) and the peers, and per set prints the geometric
means of: the app, the best of {app, members} per series chosen in hindsight (a bound that no online selection among
these members can reach, since it uses the whole series' errors to choose), ETS and auto.arima, and the lead of each
over the better peer. A set on which even the hindsight choice is not 10 % ahead of its better peer cannot be won by
that margin by choosing among these members; only better members (or a combination better than its best member) can.

Usage: /usr/bin/python3 best_member_bound.py DUMP_DIR [--series]
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import replay_pool as rp  # noqa: E402  (the dump reader and the scripts' MASE)
import forecast_sets  # noqa: E402  (the sets every script reads)


def peer_mase(s, peer):
    """The scripts' MASE of a peer's forecasts (the rows where the naive, seasonal naive, ETS and auto.arima all have one)."""
    num = lambda v: float(v) if v not in ("", "NA") else None
    rows = s["peers"]
    actual = [num(r["actual"]) for r in rows]
    fc = {m: [num(r[m]) for r in rows] for m in ("naive", "snaive", "ets", "arima")}
    t0 = next(i for i in range(len(rows)) if fc["naive"][i] is not None)
    use = [i for i in range(t0, len(rows)) if actual[i] is not None and all(fc[m][i] is not None for m in fc)]
    return sum(abs(fc[peer][i] - actual[i]) for i in use) / sum(abs(fc["snaive"][i] - actual[i]) for i in use)


def best_member(s, app):
    best, name = app, "app"
    for i, member in enumerate(s["members"]):
        f = s["f"][:, i]
        if np.isfinite(f).sum() <= 10:
            continue
        score = rp.mase(s, np.where(np.isfinite(f), f, s["final"]))
        if score < best:
            best, name = score, member
    return best, name


def main():
    root, verbose = sys.argv[1], "--series" in sys.argv
    for set_name in forecast_sets.SETS:
        folder = os.path.join(root, set_name)
        if not os.path.isdir(folder):
            continue
        names = sorted(f[: -len(".dump.csv")] for f in os.listdir(folder) if f.endswith(".dump.csv"))
        rows = []
        for name in names:
            s = rp.read_series(folder, name)
            app = rp.mase(s, s["final"])
            best, member = best_member(s, app)
            rows.append((name, app, best, member, peer_mase(s, "ets"), peer_mase(s, "arima")))
            if verbose:
                print(f"{set_name}/{name:30s} app {app:.3f} best {best:.3f} ({member}) ETS {rows[-1][4]:.3f} auto.arima {rows[-1][5]:.3f}")
        g = lambda k: math.exp(np.mean([math.log(r[k]) for r in rows]))
        peer = min(g(4), g(5))
        print(f"{set_name} ({len(rows)}): app {g(1):.4f} ({100 * (1 - g(1) / peer):.1f} % ahead), best member in hindsight "
              f"{g(2):.4f} ({100 * (1 - g(2) / peer):.1f} % ahead), ETS {g(4):.4f}, auto.arima {g(5):.4f}")


if __name__ == "__main__":
    main()
