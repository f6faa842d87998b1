#!/usr/bin/env bash
# Builds the C reference (needs gcc). -ffp-contract=off: only the explicit fma/fmaf calls fuse, as in the C# kernels;
# -fno-math-errno: lets gcc vectorise sqrt (same results). VECTOR_WIDTH=512 asks gcc for 512-bit vectors.
set -euo pipefail
cd "$(dirname "$0")"
OUT=${OUT:-build}
mkdir -p "$OUT"
flags="-O3 -march=native -ffp-contract=off -fno-math-errno -fno-trapping-math -std=c11"
[ -n "${VECTOR_WIDTH:-}" ] && flags="$flags -mprefer-vector-width=$VECTOR_WIDTH"
gcc $flags -o "$OUT/rtu_step" rtu_step.c -lm
echo "$OUT/rtu_step ($flags)"
