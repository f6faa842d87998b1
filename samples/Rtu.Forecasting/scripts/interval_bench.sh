#!/usr/bin/env bash
# Interval quality on the development bench: runs the app (defaults) on every series of
# ../shared/forecast-bench/series.txt at horizon H (default 1) and summarises its interval table: per series the
# coverage of the 80 % / 95 % intervals and the MSIS of the 95 % one (app and seasonal-naive baseline) at h = 1 and
# h = H, then the coverage pooled over every scored row of every horizon and series, and the geometric mean of MSIS.
# Usage (from the project root): samples/Rtu.Forecasting/scripts/interval_bench.sh [H] [BENCH_DIR] [OUT_DIR]
set -u
H=${1:-1}
B=${2:-../shared/forecast-bench}
out=${3:-$(mktemp -d)}
p=samples/Rtu.Forecasting
[ -d "$p" ] || { echo "run it from the project root"; exit 2; }
dotnet build -c Release "$p" >/dev/null 2>&1 || { echo "build of $p failed"; exit 1; }
mkdir -p "$out"
while IFS=, read -r path col freq; do
  [ -z "$path" ] && continue
  name=$(basename "$path" .csv)
  dotnet run -c Release --no-build --project "$p" -- --input "$B/$path" --column "$col" --output "$out/$name.h$H.csv" --horizon "$H" --quiet >"$out/$name.h$H.log" 2>&1 \
    || { echo "$name: app failed: $(tail -1 "$out/$name.h$H.log")"; exit 1; }
done < "$B/series.txt"
# Table lines: h rows cover80 cover95 msis95 | snaive cover80 cover95 msis95
for f in "$out"/*.h"$H".log; do
  name=$(basename "$f" .h"$H".log)
  awk -v name="$name" -v H="$H" '/\|/ && $1 ~ /^[0-9]+$/ { print name, $1, $2, $3, $4, $5, $7, $8, $9 }' "$f"
done | awk -v H="$H" '
  { n=$1; h=$2; r=$3; rows[n]+=r; c80[n]+=r*$4; c95[n]+=r*$5;
    if (h==1) { a1[n]=$4" / "$5; m1[n]=$6; s1[n]=$9 } if (h==H) { aH[n]=$4" / "$5; mH[n]=$6; sH[n]=$9 }
    la+=log($6); ls+=log($9); k++; R+=r; C80+=r*$4; C95+=r*$5; names[n]=1 }
  END {
    printf "%-32s %15s %8s %8s %15s %8s %8s %14s\n", "series (H=" H ")", "cov h=1", "MSIS", "snaive", "cov h=H", "MSIS", "snaive", "cov all h"
    for (n in names) printf "%-32s %15s %8.3f %8.3f %15s %8.3f %8.3f %6.1f / %5.1f\n", n, a1[n], m1[n], s1[n], aH[n], mH[n], sH[n], c80[n]/rows[n], c95[n]/rows[n]
    printf "pooled coverage over %d rows: %.1f / %.1f; geometric mean MSIS over %d (series, h): app %.3f, seasonal naive %.3f\n", R, C80/R, C95/R, k, exp(la/k), exp(ls/k)
  }'
echo "outputs in $out"
