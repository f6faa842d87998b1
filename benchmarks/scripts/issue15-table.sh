#!/usr/bin/env bash
# Issue 15's table in about two minutes: µs per RTRL learning step (Step + Backward, float32, thread CPU time, fastest of
# 40 rounds, min over PASSES alternating passes) of the 12 issue cases, before (the library at BASE) and after (this
# working tree), the % of the roofline bound (peaks measured in the same run), the 256-bit kernel path and the scalar
# build (no SIMD) against the default, bytes allocated per step; then RTU-RTRL vs GRU-T-BPTT at T = 1, 16, 64.
#
#   benchmarks/scripts/issue15-table.sh                 # BASE=4341360 (main before issue 15's second round)
#   BASE=<commit> PASSES=3 OUT=/tmp/t benchmarks/scripts/issue15-table.sh
#
# With gcc on the PATH, a column "C": the hand-optimised C reference of the linear RTU step (benchmarks/c-reference),
# first checked bit for bit against the working tree's C# results (StepTable's dump), then timed the same way in every
# pass (C / after > 1: the C# library is faster). NO_C=1 leaves it out.
#
# The harness (benchmarks/Rtu.StepTable) uses only Rtu.Trainers' public API, so it builds against the BASE library too
# (exported with git archive into OUT; the working tree is not touched). Both builds go to OUT (--artifacts-path).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BASE=${BASE:-4341360}
PASSES=${PASSES:-2}
OUT=${OUT:-/tmp/issue15-table}
rm -rf "$OUT"; mkdir -p "$OUT/base-src"
cd "$ROOT"
git archive "$BASE" Directory.Build.props Directory.Packages.props src/Rtu.Trainers | tar -x -C "$OUT/base-src"
echo "building the harness against $BASE and against the working tree ..."
dotnet build benchmarks/Rtu.StepTable -c Release -p:RtuTrainersProject="$OUT/base-src/src/Rtu.Trainers/Rtu.Trainers.csproj" \
  --artifacts-path "$OUT/base-build" -v q -nologo > "$OUT/build-base.log" 2>&1 || { cat "$OUT/build-base.log"; exit 1; }
dotnet build benchmarks/Rtu.StepTable -c Release --artifacts-path "$OUT/head-build" -v q -nologo > "$OUT/build-head.log" 2>&1 \
  || { cat "$OUT/build-head.log"; exit 1; }
before="dotnet $OUT/base-build/bin/Rtu.StepTable/release/Rtu.StepTable.dll"
after="dotnet $OUT/head-build/bin/Rtu.StepTable/release/Rtu.StepTable.dll"
linear_cases="64/16/1 256/64/1 1024/256/1 64/64/32 256/64/32 1024/256/32"
if [ -z "${NO_C:-}" ] && command -v gcc > /dev/null; then
  OUT="$OUT/c-build" benchmarks/c-reference/build.sh > /dev/null
  echo "C reference: checking it against the working tree's C# results (20 learning steps per case) ..."
  for c in $linear_cases; do
    IFS=/ read -r n d b <<< "$c"
    $after dump "$OUT/dump-$n-$d-$b.bin" "$n" "$d" "$b" 20
    "$OUT/c-build/rtu_step" "$OUT/dump-$n-$d-$b.bin" | tee -a "$OUT/c-check.txt" | grep -q "differ" && { echo "C and C# differ:"; cat "$OUT/c-check.txt"; exit 1; }
  done
  echo "  bit-identical in all $(echo $linear_cases | wc -w) cases (y, every gradient, g/φ/η): $OUT/c-check.txt"
fi
echo "load average before measuring: $(cut -d' ' -f1-3 /proc/loadavg)"
$after peaks "$OUT/peaks.tsv"
for p in $(seq "$PASSES"); do
  echo "pass $p of $PASSES"
  $before steps "$OUT/before.tsv" > /dev/null
  $after steps "$OUT/after.tsv" > /dev/null
  RTU_NO512=1 $after steps "$OUT/after-256bit.tsv" > /dev/null
  if [ -x "$OUT/c-build/rtu_step" ]; then
    for c in $linear_cases; do IFS=/ read -r n d b <<< "$c"; "$OUT/c-build/rtu_step" "$OUT/dump-$n-$d-$b.bin" time "$OUT/c.tsv" > /dev/null; done
  fi
done
echo "scalar (DOTNET_EnableHWIntrinsic=0: no SIMD at all) and RTRL vs T-BPTT ..."
DOTNET_EnableHWIntrinsic=0 $after steps "$OUT/after-scalar.tsv" > /dev/null
$after versus "$OUT/versus.tsv" > /dev/null
echo "load average after measuring: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
$after table "$OUT/peaks.tsv" "before=$OUT/before.tsv" "after=$OUT/after.tsv" "256-bit=$OUT/after-256bit.tsv" \
  "scalar=$OUT/after-scalar.tsv" "C=$OUT/c.tsv" "versus=$OUT/versus.tsv" | tee "$OUT/table.md"
