#!/usr/bin/env bash
# ONNX serving throughput on a GPU against the CPU provider, in a few minutes (issue 15).
#
#   bash benchmarks/gpu/run.sh                  # on a machine with an NVIDIA GPU: builds with the CUDA package,
#                                               # fails unless CUDA is the provider in use, writes the table
#   CPU_ONLY=1 bash benchmarks/gpu/run.sh       # no GPU: the CPU half only (still built with the CUDA package)
#
# Environment: OUT (results folder, default benchmarks/gpu/out), BUILD (build folder, default /tmp/rtu-gpu-build),
# BATCHES (default 1,16,256,4096,65536), SECONDS_PER (seconds per measurement, default 1.0).
# Model: linear RTU n = 64, d = 16 with a linear head (as Rtu.Onnx.Benchmarks' ServingBenchmarks), float32.
# Measures stream-steps/s = B × steps/s for: CPU provider; CUDA through OnnxRecurrentRunner (IOBinding of host
# buffers); CUDA with the state kept in device memory between steps (IOBinding of device buffers, ping-pong).
# Needs: .NET 10 SDK (restores Microsoft.ML.OnnxRuntime.Gpu 1.31.0 from NuGet on the first run), and for CUDA the
# CUDA 13 runtime libraries (libcublasLt.so.13, libcudart, cuDNN 9) that its libonnxruntime_providers_cuda.so loads,
# on LD_LIBRARY_PATH. Without them the CUDA session cannot be created and the run stops (exit 3) naming the missing
# library. Tests and CI never run this.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-benchmarks/gpu/out}
BUILD=${BUILD:-/tmp/rtu-gpu-build}
BATCHES=${BATCHES:-1,16,256,4096,65536}
SECONDS_PER=${SECONDS_PER:-1.0}
mkdir -p "$OUT"

{
  echo "# GPU serving run, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo; echo '```'
  (command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv) || echo "nvidia-smi: not found"
  lscpu | grep -E 'Model name|^CPU\(s\)' || true
  echo '```'
} > "$OUT/machine.md"
cat "$OUT/machine.md"

# The CUDA package (Microsoft.ML.OnnxRuntime.Gpu, pinned in Directory.Packages.props) instead of the CPU one; a
# separate artifacts folder so the normal build's restore is untouched.
dotnet build benchmarks/Rtu.Onnx.Benchmarks -c Release -p:OnnxRuntimeGpu=true --artifacts-path "$BUILD" -v quiet -nologo
DLL=$(find "$BUILD/bin/Rtu.Onnx.Benchmarks" -name Rtu.Onnx.Benchmarks.dll | head -1)
[ -n "$DLL" ] || { echo "build output not found under $BUILD" >&2; exit 1; }

REQUIRE=--require-cuda
[ "${CPU_ONLY:-0}" = 1 ] && REQUIRE=--cpu-only
dotnet "$DLL" gpu-serving $REQUIRE --batches "$BATCHES" --seconds "$SECONDS_PER" --output "$OUT/gpu-serving.md"
echo "results: $OUT/gpu-serving.md"
