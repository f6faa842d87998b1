#!/usr/bin/env bash
# Computes the R peers (naive, seasonal naive, ETS, auto.arima; prequential one step ahead, forecast 8.20) of every
# series in OUT/series.txt (written by heldout_export.R) with ../shared/forecast-bench/peer_forecast.R, one series at a
# time, into OUT/peers/NAME.csv. Existing outputs are kept (delete one to recompute it). Several can run at once
# (REVERSE=1 walks the list from the end): a series being computed is locked by OUT/peers/NAME.lock.
# Usage (from the repository root): samples/Rtu.Forecasting/scripts/heldout_peers.sh OUT_DIR [PEER_FORECAST.R]
set -euo pipefail
out=$(cd "$1" && pwd)
peer=${2:-../shared/forecast-bench/peer_forecast.R}
mkdir -p "$out/peers"
while IFS=, read -r path col freq; do
  [ -z "$path" ] && continue
  name=$(basename "$path" .csv)
  [ -s "$out/peers/$name.csv" ] && continue
  mkdir "$out/peers/$name.lock" 2>/dev/null || continue
  Rscript "$peer" "$out/$path" "$col" "$freq" "$out/peers/$name.csv"
  rmdir "$out/peers/$name.lock"
done < <(if [ "${REVERSE:-0}" = 1 ]; then tac "$out/series.txt"; else cat "$out/series.txt"; fi)
