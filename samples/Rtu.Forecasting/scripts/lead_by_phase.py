#!/usr/bin/python3
"""Where in a series the app's lead is made (forty-fifth pass): each series' scored rows (the bench scripts' rows, one
step ahead) cut into first, middle and last thirds, and per third the geometric mean over the series of the app's MAE
against ETS's and against auto.arima's on the same rows, for the series with and without a season.

Usage: /usr/bin/python3 lead_by_phase.py DUMP_DIR   (DUMP_DIR from dump_members.sh: the app's forecasts and the peers')
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import forecast_sets  # noqa: E402
import replay_pool as rp  # noqa: E402

PHASES = ("first", "middle", "last")


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    ratios = {}
    for set_name in forecast_sets.SETS:
        folder = os.path.join(sys.argv[1], set_name)
        if not os.path.isdir(folder):
            continue
        for fn in sorted(os.listdir(folder)):
            if not fn.endswith(".dump.csv"):
                continue
            s = rp.read_series(folder, fn[:-9])
            num = lambda v: float(v) if v not in ("", "NA") else None
            actual = [num(r["actual"]) for r in s["peers"]]
            peer = {m: [num(r[m]) for r in s["peers"]] for m in ("naive", "snaive", "ets", "arima")}
            app = [None] + [float(v) if math.isfinite(v) else None for v in s["final"][:-1]]
            t0 = next(i for i in range(len(actual)) if peer["naive"][i] is not None)
            rows = [i for i in range(t0, len(actual))
                    if actual[i] is not None and app[i] is not None and all(peer[m][i] is not None for m in peer)]
            if len(rows) < 9:
                continue
            n = len(rows)
            group = "season" if s["season"] > 1 else "none"
            for k, phase in enumerate(PHASES):
                part = rows[k * n // 3:(k + 1) * n // 3]
                mae = lambda f: sum(abs(f[i] - actual[i]) for i in part)
                a, e, r = mae(app), mae(peer["ets"]), mae(peer["arima"])
                if a > 0 and e > 0 and r > 0:
                    ratios.setdefault((group, phase), []).append((math.log(a / e), math.log(a / r)))
    print(f"{'series':8s} {'third':7s} {'count':>5s} {'app/ETS':>8s} {'app/arima':>9s}")
    for group in ("season", "none"):
        for phase in PHASES:
            v = ratios.get((group, phase), [])
            if v:
                print(f"{group:8s} {phase:7s} {len(v):5d} {math.exp(sum(x[0] for x in v) / len(v)):8.3f} "
                      f"{math.exp(sum(x[1] for x in v) / len(v)):9.3f}")


if __name__ == "__main__":
    main()
