#!/usr/bin/python3
"""H-step MASE of the app and of R's ETS and auto.arima against the seasonal naive of the same horizon.

Usage: score_ahead.py PEERS_AHEAD.csv APP.csv H SEASON
  PEERS_AHEAD.csv: scripts/peer_forecast_ahead.R's output (row t: ets_h / arima_h forecast row t + h − 1 from rows < t).
  APP.csv: the app's --output with --horizon H (row r: the forecast of row r made at row r − H).
Scores every row r with all three forecasts and the seasonal naive's y_{r − m·ceil(H/m)} (naive from the origin when
m = 1): MAE of each over the seasonal naive's MAE on the same rows. Prints: rows, MASE app, ETS, auto.arima.
"""
import csv
import math
import sys

peers_path, app_path, H, m = sys.argv[1], sys.argv[2], int(sys.argv[3]), max(1, int(sys.argv[4]))


def num(v):
    try:
        x = float(v)
        return x if math.isfinite(x) else math.nan
    except ValueError:
        return math.nan


peers = list(csv.DictReader(open(peers_path)))
app = list(csv.DictReader(open(app_path)))
if len(peers) != len(app):
    sys.exit(f"{peers_path} has {len(peers)} rows, {app_path} {len(app)}")
y = [num(r["actual"]) for r in peers]
back = m * math.ceil(H / m)
err = {"app": 0.0, "ets": 0.0, "arima": 0.0, "snaive": 0.0}
rows = 0
for r in range(len(y)):
    o = r - H + 1   # the peers' row that holds the H-step forecast of row r
    if o < 0 or r - back < 0 or math.isnan(y[r]) or math.isnan(y[r - back]):
        continue
    f = {"app": num(app[r]["forecast"]), "ets": num(peers[o][f"ets_{H}"]), "arima": num(peers[o][f"arima_{H}"]),
         "snaive": y[r - back]}
    if any(math.isnan(v) for v in f.values()):
        continue
    for k, v in f.items():
        err[k] += abs(y[r] - v)
    rows += 1
if rows == 0 or err["snaive"] == 0:
    sys.exit("no rows to score")
print(f"{rows} {err['app'] / err['snaive']:.4f} {err['ets'] / err['snaive']:.4f} {err['arima'] / err['snaive']:.4f}")
