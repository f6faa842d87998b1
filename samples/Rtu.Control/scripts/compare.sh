#!/usr/bin/env bash
# Reproduces the learning curves quoted in samples/Rtu.Control/README.md:
#   POPGym StatelessCartPoleEasy and RepeatPreviousEasy, every trunk, 3 seeds, 500k steps;
#   HalfCheetahP (MuJoCo, positions only), linear RTU vs GRU, 2 seeds, 1M steps.
# Usage: samples/Rtu.Control/scripts/compare.sh [output-folder]   (about 35 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=${1:-samples/Rtu.Control/results}
mkdir -p "$out/logs"
dotnet build samples/Rtu.Control -c Release -v q -nologo >/dev/null
app="dotnet samples/Rtu.Control/bin/Release/net10.0/Rtu.Control.dll"
run() { # env arch seed steps
  local log="$out/logs/$1-$2-s$3.log"
  $app --env "$1" --arch "$2" --seed "$3" --steps "$4" --no-progress --checkpoint-every 0 -o "$out/runs" >"$log" 2>&1
  rm -f "$out/runs/$1-$2-s$3.ckpt" "$out/runs/$1-$2-s$3.png"  # keep the CSVs; checkpoints are large
  echo "$1 $2 seed $3: $(grep '^Done' "$log")"
}
for env in StatelessCartPoleEasy RepeatPreviousEasy; do
  for arch in rtu-linear rtu-nonlinear online-lru gru mlp; do
    for seed in 1 2 3; do run $env $arch $seed 500000; done
  done
  $app plot "$out"/runs/$env-*-s1.csv --title "$env: PPO, seed 1" -o "$out/$env.png"
done
for arch in rtu-linear gru; do
  for seed in 1 2; do run HalfCheetahP $arch $seed 1000000; done
done
$app plot "$out"/runs/HalfCheetahP-*-s1.csv --title "HalfCheetahP: PPO, seed 1" -o "$out/HalfCheetahP.png"
samples/Rtu.Control/scripts/summarize.sh "$out/runs" | tee "$out/summary.csv"
