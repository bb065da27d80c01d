#!/usr/bin/env bash
# Builds strata-compile and strata-rt, then the GEMM benchmark (Strata vs
# OpenBLAS, f32), and runs it. Not part of scripts/test.sh.
# Usage: bench/run.sh [MxKxN...]   (default: the shapes in gemm_bench.cpp)
# GEMM_BENCH_SECONDS sets the timing budget per measurement (default 1.5).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${STRATA_BUILD_DIR:-$root/build}"
llvm=/usr/lib/llvm-22
"$root/scripts/build.sh" strata-compile strata-rt >/dev/null
out="$build/bench"
mkdir -p "$out/work"
"$llvm/bin/clang++" -O2 -std=c++17 -I"$root/include" \
  "$root/bench/gemm_bench.cpp" -o "$out/gemm_bench" \
  -L"$build/lib" -Wl,-rpath,"$build/lib" -lstrata-rt \
  -L"$llvm/lib" -Wl,-rpath,"$llvm/lib" -lomp -lopenblas
exec "$out/gemm_bench" "$build/bin/strata-compile" "$out/work" "$@"
