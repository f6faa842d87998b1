#!/usr/bin/env bash
# Writes the forecast pool's member dump (the app's --dump-members, one step ahead, defaults) for every series of the
# development bench and of both held-out sets, with each series' peers file next to it, for scripts/replay_pool.py.
# The bench's series get their season from the timestamps (as ../shared/forecast-bench/run.sh), the held-out sets'
# from their series.txt (as scripts/heldout_run.sh).
# Usage (from the repository root): [SETS="bench heldout heldout2"] samples/Rtu.Forecasting/scripts/dump_members.sh OUT_DIR [EXTRA APP ARGS...]
# OUT_DIR gets bench/, heldout/, heldout2/, each with NAME.dump.csv and NAME.peers.csv (a copy of the peers' forecasts);
# SETS chooses the sets (any held-out folder under samples/Rtu.Forecasting, e.g. SETS=heldout3).
set -u
out=${1:?usage: dump_members.sh OUT_DIR [EXTRA APP ARGS...]}; shift
p=samples/Rtu.Forecasting
[ -d "$p" ] || { echo "run it from the repository root"; exit 2; }
dotnet build -c Release "$p" >/dev/null 2>&1 || { echo "build of $p failed"; exit 1; }
bench=$(cd ../shared/forecast-bench && pwd)
dump_set() {   # SET_NAME SERIES_DIR PEERS_DIR SEASON_FLAG
  local set=$1 dir=$2 peers=$3 season=$4; shift 4
  mkdir -p "$out/$set"
  while IFS=, read -r path col freq; do
    [ -z "$path" ] && continue
    name=$(basename "$path" .csv)
    [ -s "$peers/$name.csv" ] || { echo "$set/$name: no peers, skipped"; continue; }
    args=(--input "$dir/$path" --column "$col" --output "$out/$set/$name.csv" --dump-members "$out/$set/$name.dump.csv" --quiet)
    [ "$season" = yes ] && args+=(--season "$freq")
    dotnet run -c Release --no-build --project "$p" -- "${args[@]}" "$@" >"$out/$set/$name.log" 2>&1 \
      || { echo "$set/$name: app failed: $(tail -1 "$out/$set/$name.log")"; exit 1; }
    cp "$peers/$name.csv" "$out/$set/$name.peers.csv"
    echo "$set/$name"
  done < "$dir/series.txt"
}
for set in ${SETS:-bench heldout heldout2}; do
  if [ "$set" = bench ]; then dump_set bench "$bench" "$bench/baselines" no "$@"
  else dump_set "$set" "$p/$set" "$p/$set/peers" yes "$@"; fi
done
