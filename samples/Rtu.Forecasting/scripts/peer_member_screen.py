#!/usr/bin/python3
"""A ceiling screen: the R peers' own prequential forecasts (ETS, auto.arima or both) as extra members of the pool.

If a member as good as the peers were all the pool lacked, adding the peers' forecasts themselves would move the
replayed combination toward the 10 % lead; if it does not, building an ETS or auto.arima replica cannot either. The
peers' forecasts use only the rows before each target (refit every season, updated in between: forecast-bench's
peer_forecast.R), so they are a fair member. Input: a dump_members.sh folder (NAME.dump.csv, NAME.peers.csv, NAME.log
per set); the replay is replay_pool.py's (ForecastPool.Combine at h = 1).

Usage: /usr/bin/python3 peer_member_screen.py DUMP_DIR ets|arima|ets,arima [--series]
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import replay_pool as rp  # noqa: E402  (the dump reader, the replayed combination and the scripts' MASE)
import forecast_sets  # noqa: E402  (the sets every script reads)


def peer_column(s, peer):
    """The peer's forecast of row t + 1 at row t (the replay's convention: column t forecasts the next row)."""
    n = len(s["cleaned"])
    col = np.full(n, math.nan)
    for t in range(n - 1):
        v = s["peers"][t + 1][peer]
        if v not in ("", "NA"):
            col[t] = float(v)
    return col


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    dump, peers = sys.argv[1], sys.argv[2].split(",")
    every_base, every_with = [], []
    for set_name in forecast_sets.SETS:
        folder = os.path.join(dump, set_name)
        if not os.path.isdir(folder):
            continue
        base_logs, with_logs = [], []
        for name in sorted(f[:-9] for f in os.listdir(folder) if f.endswith(".dump.csv")):
            s = rp.read_series(folder, name)
            delta = s["final"] - s["uncorrected"]
            base = rp.mase(s, rp.combine(s["f"], s["cleaned"], s["actual"], delta, s["season"], s["closed"]))
            f, closed = s["f"], s["closed"]
            for p in peers:
                f = np.column_stack([f, peer_column(s, p)])
                closed = np.column_stack([closed, np.zeros(len(s["cleaned"]), dtype=bool)])
            with_ = rp.mase(s, rp.combine(f, s["cleaned"], s["actual"], delta, s["season"], closed))
            base_logs.append(math.log(base)); with_logs.append(math.log(with_))
            if "--series" in sys.argv:
                print(f"{set_name}/{name:32s} replay {base:.4f} with {'+'.join(peers)} {with_:.4f} ({100 * (with_ / base - 1):+.1f} %)")
        every_base += base_logs; every_with += with_logs
        print(f"{set_name} ({len(base_logs)}): replay {math.exp(np.mean(base_logs)):.4f}, "
              f"with {'+'.join(peers)} as members {math.exp(np.mean(with_logs)):.4f}")
    print(f"all ({len(every_base)}): replay {math.exp(np.mean(every_base)):.4f}, "
          f"with {'+'.join(peers)} as members {math.exp(np.mean(every_with)):.4f}")


if __name__ == "__main__":
    main()
