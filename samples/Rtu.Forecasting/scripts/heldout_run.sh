#!/usr/bin/env bash
# Scores the forecasting sample, with its defaults, on the held-out series (heldout_export.R, heldout_peers.sh): the
# same table as ../shared/forecast-bench/run.sh (one-step MASE against seasonal naive, on the rows every method
# forecasts), plus the app's own six-step MASE against seasonal naive. Series whose peers are not computed yet are
# skipped. The season is given (--season, as in series.txt), not inferred.
# Usage (from the repository root): samples/Rtu.Forecasting/scripts/heldout_run.sh [OUT_DIR [SCORE.PY [EXTRA APP ARGS...]]]
# OUT_DIR defaults to samples/Rtu.Forecasting/heldout (the series and peers kept in the repository).
set -u
out=$(cd "${1:-samples/Rtu.Forecasting/heldout}" && pwd); [ $# -gt 0 ] && shift
score=${1:-../shared/forecast-bench/score.py}; [ $# -gt 0 ] && shift
p=samples/Rtu.Forecasting
[ -d "$p" ] || { echo "run it from the repository root"; exit 2; }
dotnet build -c Release "$p" >/dev/null 2>&1 || { echo "build of $p failed"; exit 1; }
tmp=$(mktemp -d)
printf '%-26s %7s %7s %7s %7s %9s\n' series naive ets arima app 'app H=6'
sum() { awk -v a="$1" -v m="$2" 'BEGIN{print a+log(m)}'; }
ln_=0; le=0; la=0; lc=0; l6=0; n=0; n6=0; worse=0; worse6=0
while IFS=, read -r path col freq; do
  [ -z "$path" ] && continue
  name=$(basename "$path" .csv)
  [ -s "$out/peers/$name.csv" ] || { echo "$name: no peers yet, skipped"; continue; }
  n=$((n+1))
  run() { dotnet run -c Release --no-build --project "$p" -- --input "$out/$path" --column "$col" --season "$freq" --horizon "$1" --output "$tmp/${name}_h$1.csv" --quiet "${@:2}"; }
  run 1 "$@" >"$tmp/$name.log" 2>&1 || { echo "$name: app failed: $(tail -1 "$tmp/$name.log")"; exit 1; }
  m6=-
  if [ "$freq" -gt 1 ]; then
    run 6 "$@" >"$tmp/${name}_h6.log" 2>&1 || { echo "$name: app (H=6) failed"; exit 1; }
    m6=$(sed -nE 's/^  MASE vs naive \S+, vs seasonal naive (\S+).*/\1/p' "$tmp/${name}_h6.log" | head -n 1)
    n6=$((n6+1)); l6=$(sum "$l6" "$m6"); awk -v m="$m6" 'BEGIN{exit !(m>=1)}' && worse6=$((worse6+1))
  fi
  t=$(/usr/bin/python3 "$score" "$out/peers/$name.csv" "$tmp/${name}_h1.csv")
  get() { printf '%s\n' "$t" | awk -v m="$1" '$1==m{print $6}'; }
  mn=$(get naive); me=$(get ets); ma=$(get arima); mc=$(get candidate)
  printf '%-26s %7s %7s %7s %7s %9s\n' "$name" "$mn" "$me" "$ma" "$mc" "$m6"
  ln_=$(sum "$ln_" "$mn"); le=$(sum "$le" "$me"); la=$(sum "$la" "$ma"); lc=$(sum "$lc" "$mc")
  awk -v m="$mc" 'BEGIN{exit !(m>=1)}' && worse=$((worse+1))
done < "$out/series.txt"
g() { awk -v a="$1" -v n="$2" 'BEGIN{printf "%.3f", (n > 0 ? exp(a/n) : 0)}'; }
printf '%-26s %7s %7s %7s %7s %9s\n' "geometric mean ($n)" "$(g "$ln_" $n)" "$(g "$le" $n)" "$(g "$la" $n)" "$(g "$lc" $n)" "$(g "$l6" $n6)"
echo "app worse than seasonal naive: one step $worse/$n series, six steps $worse6/$n6 seasonal series; outputs in $tmp"
