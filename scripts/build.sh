#!/usr/bin/env bash
# Configures (once) and builds Strata into build/ with ninja, clang-22, lld and
# ccache, against Debian's LLVM/MLIR 22. Extra arguments go to ninja.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${STRATA_BUILD_DIR:-$root/build}"
llvm=/usr/lib/llvm-22

if [ ! -f "$build/build.ninja" ]; then
  mkdir -p "$build"
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE="${STRATA_BUILD_TYPE:-Release}" \
    -DCMAKE_C_COMPILER="$llvm/bin/clang" -DCMAKE_CXX_COMPILER="$llvm/bin/clang++" \
    -DLLVM_USE_LINKER=lld \
    -DMLIR_DIR="$llvm/lib/cmake/mlir" -DLLVM_DIR="$llvm/lib/cmake/llvm" \
    -DLLVM_EXTERNAL_LIT="$llvm/bin/lit" \
    -DPython3_EXECUTABLE="$root/.venv/bin/python" \
    "${launcher[@]}" >/dev/null
fi
# Two cores: more jobs only thrash memory. The lock serializes builds started
# concurrently (several build trees, or helpers working side by side).
exec flock /tmp/strata-build.lock ninja -C "$build" -j "${STRATA_JOBS:-2}" "$@"
