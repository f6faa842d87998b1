#!/usr/bin/python3
"""One-step prediction intervals of the app beside the peers' own (scripts/peer_intervals.R): per set, pooled coverage
of the 80 % and 95 % intervals and the geometric mean over series of the 95 % interval's MSIS (M4: width plus 2/α times
each miss, over the seasonal naive forecast's MAE on the same rows), for the app, ETS and auto.arima, on the rows where
all three have an interval and the value and the value one season before are given.

Usage: /usr/bin/python3 peer_interval_score.py APP_DIR PEER_DIR [--series]
  APP_DIR/SET/NAME.csv: the app's output (timestamp,actual,forecast,lower80,upper80,lower95,upper95; e.g. the CSVs that
  scripts/dump_members.sh writes); PEER_DIR/SET/NAME.csv: peer_intervals.R's output. Sets and seasons come from each
  set's series.txt (the bench's from ../shared/forecast-bench).
"""
import csv
import math
import os
import sys
import forecast_sets  # the sets every script reads

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SETS = forecast_sets.SETS
METHODS = ("app", "ets", "arima")


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return math.nan


def interval_score(lo, hi, y, alpha):
    return (hi - lo) + (2 / alpha) * max(0.0, lo - y) + (2 / alpha) * max(0.0, y - hi)


def score(app_csv, peer_csv, m):
    app = list(csv.DictReader(open(app_csv)))
    peer = list(csv.DictReader(open(peer_csv)))
    if len(app) != len(peer):
        raise SystemExit(f"{app_csv}: {len(app)} rows, {peer_csv}: {len(peer)}")
    y = [number(r["actual"]) for r in app]
    bands = {
        "app": [tuple(number(r[c]) for c in ("lower80", "upper80", "lower95", "upper95")) for r in app],
        "ets": [tuple(number(r[c]) for c in ("ets_lo80", "ets_hi80", "ets_lo95", "ets_hi95")) for r in peer],
        "arima": [tuple(number(r[c]) for c in ("arima_lo80", "arima_hi80", "arima_lo95", "arima_hi95")) for r in peer],
    }
    rows = [t for t in range(max(m, 1), len(y))
            if math.isfinite(y[t]) and math.isfinite(y[t - max(m, 1)])
            and all(all(math.isfinite(v) for v in bands[k][t]) for k in METHODS)]
    if not rows:
        return None
    scale = sum(abs(y[t] - y[t - max(m, 1)]) for t in rows) / len(rows)
    out = {"rows": len(rows)}
    for k in METHODS:
        b = bands[k]
        c80 = sum(b[t][0] <= y[t] <= b[t][1] for t in rows)
        c95 = sum(b[t][2] <= y[t] <= b[t][3] for t in rows)
        msis = sum(interval_score(b[t][2], b[t][3], y[t], 0.05) for t in rows) / len(rows) / scale if scale > 0 else math.nan
        out[k] = (c80, c95, msis)
    return out


def main():
    app_dir, peer_dir = sys.argv[1], sys.argv[2]
    per_series = "--series" in sys.argv
    print(f"{'set':<10} {'series':>6} {'rows':>6}  " + "  ".join(f"{k + ' cover80/95':>17} {'MSIS':>6}" for k in METHODS))
    everything = []
    for set_name in SETS:
        folder = os.path.join(ROOT, "..", "shared", "forecast-bench") if set_name == "bench" else os.path.join(ROOT, "samples", "Rtu.Forecasting", set_name)
        done = []
        for line in open(os.path.join(folder, "series.txt")):
            parts = line.strip().split(",")
            if len(parts) < 3:
                continue
            name = os.path.splitext(os.path.basename(parts[0]))[0]
            a, p = os.path.join(app_dir, set_name, name + ".csv"), os.path.join(peer_dir, set_name, name + ".csv")
            if not (os.path.exists(a) and os.path.exists(p)):
                continue
            s = score(a, p, int(round(float(parts[2]))))
            if s is None:
                continue
            done.append((name, s))
            if per_series:
                print(f"  {name:<34} {s['rows']:>5}  " + "  ".join(f"{100 * s[k][0] / s['rows']:8.1f}/{100 * s[k][1] / s['rows']:5.1f} {s[k][2]:7.3f}" for k in METHODS))
        if done:
            print(line_of(set_name, done))
            everything += done
    if everything:
        print(line_of("all", everything))


def line_of(name, done):
    rows = sum(s["rows"] for _, s in done)
    cells = []
    for k in METHODS:
        c80 = 100 * sum(s[k][0] for _, s in done) / rows
        c95 = 100 * sum(s[k][1] for _, s in done) / rows
        msis = [s[k][2] for _, s in done if math.isfinite(s[k][2]) and s[k][2] > 0]
        g = math.exp(sum(math.log(v) for v in msis) / len(msis)) if msis else math.nan
        cells.append(f"{c80:11.1f}/{c95:5.1f} {g:6.3f}")
    return f"{name:<10} {len(done):>6} {rows:>6}  " + "  ".join(cells)


if __name__ == "__main__":
    main()
