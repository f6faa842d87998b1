#!/usr/bin/env bash
# Scores the forecasting sample, with its defaults, on 21 public series it was not tuned on (the second table of
# ../README.md, "21 public series from R and statsmodels"): R 4.2.2's `datasets` and the data sets inside Debian's python3-statsmodels, exported to CSV.
# Usage (from the repository root, as root or with sudo for apt-get): samples/Rtu.Forecasting/scripts/unseen-series.sh [OUT_DIR]
# Writes OUT_DIR/data/*.csv, OUT_DIR/runs/* (each run's PRED.csv and log) and OUT_DIR/scores.tsv. Runs one series at a time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "${1:-out/unseen-series}" && cd "${1:-out/unseen-series}" && pwd)
mkdir -p "$out/data" "$out/runs" "$out/app"
for p in r-base-core python3-statsmodels; do
  dpkg -s "$p" >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >/dev/null; }
done
Rscript "$here/export_r_datasets.R" "$out/data"
python3 "$here/export_statsmodels.py" "$out/data"
dotnet build "$here/.." -c Release -o "$out/app" >/dev/null

# name|file|column
series='Nile|Nile|Nile
lynx|lynx|lynx
LakeHuron|LakeHuron|LakeHuron
sunspots_year|sunspots_year|sunactivity
treering|treering|treering
WWWusage|WWWusage|WWWusage
UKgas|UKgas|UKgas
JohnsonJohnson|JohnsonJohnson|JohnsonJohnson
austres|austres|austres
presidents|presidents|presidents
macro_realgdp|macrodata|realgdp
macro_infl|macrodata|infl
macro_unemp|macrodata|unemp
nottem|nottem|nottem
UKDriverDeaths|UKDriverDeaths|UKDriverDeaths
USAccDeaths|USAccDeaths|USAccDeaths
elnino|elnino|sst
elec_equip|elec_equip|orders
co2_weekly|co2_weekly|co2
airq_ozone|airquality|Ozone
airq_temp|airquality|Temp'

printf 'series\tH\trows\tmissing\tseason\tmase_naive\tmase_seasonal_naive\n' > "$out/scores.tsv"
while IFS='|' read -r name file column; do
  for h in 1 6; do
    log="$out/runs/${name}_h$h.log"
    dotnet "$out/app/Rtu.Forecasting.dll" --input "$out/data/$file.csv" --column "$column" --horizon "$h" \
      --output "$out/runs/${name}_h$h.csv" --quiet < /dev/null > "$log" 2>&1
    read -r rows missing season < <(sed -nE 's/.*: ([0-9]+) rows \(([0-9]+) missing\).*, season ([0-9]+) .*/\1 \2 \3/p' "$log" | head -n 1) || true
    read -r naive seasonal < <(sed -nE 's/^  MASE vs naive (\S+), vs seasonal naive (\S+).*/\1 \2/p' "$log" | head -n 1) || true
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$h" "$rows" "$missing" "$season" "$naive" "$seasonal" >> "$out/scores.tsv"
    [ "$season" = 1 ] && break   # no season: the 6-step case adds nothing against seasonal naive
  done
done <<< "$series"
column -t -s $'\t' "$out/scores.tsv"
