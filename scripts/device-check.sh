#!/usr/bin/env bash
# The one script a session with an NVIDIA GPU runs (docs/Benchmarks.md, GPU):
# nvidia-smi, the lit tests that need a GPU (test/E2E/cuda-*.test), then the
# GEMM bench against cuBLAS (bench/gpu_gemm.py). Everything is written under
# OUT (default build/device-check). Exit status: 0 all passed, 1 a step
# failed, 3 no GPU found (nvidia-smi missing or listing none: the steps still
# run, and skip). It builds nothing: the build outputs come from --prepare.
#
#   scripts/device-check.sh --prepare [ARCH]   # here, no GPU: build, compile
#                                              # the bench models for ARCH
#                                              # (default sm_90a), print what
#                                              # to carry
#   scripts/device-check.sh [OUT]              # on the GPU machine
#
# Time limits (an 8-minute slot): lit 180 s, the bench 270 s
# (STRATA_CHECK_LIT_TIMEOUT, STRATA_CHECK_BENCH_TIMEOUT).
# STRATA_CHECK_SKIP_LIT=1 skips the lit step (test/Bench tests this script
# inside a lit run).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${STRATA_BUILD_DIR:-$root/build}"
carry=(build/bin build/lib build/test build/gpu-bench)

python=python3
if "$root/.venv/bin/python" -c "import numpy" >/dev/null 2>&1; then
  python="$root/.venv/bin/python"
fi

if [ "${1:-}" = "--prepare" ]; then
  arch="${2:-sm_90a}"
  set -e
  "$root/scripts/build.sh" >/dev/null
  "$python" "$root/bench/gpu_gemm.py" --compile-only --cuda-arch="$arch" \
    --bin "$build/bin" --workdir "$build/gpu-bench"
  echo "device-check: prepared for $arch; carry these paths ($(cd "$root" && du -shc "${carry[@]}" | tail -1 | cut -f1) in all):"
  printf '  %s\n' "${carry[@]}"
  exit 0
fi

out="${1:-$build/device-check}"
mkdir -p "$out"
summary="$out/summary.txt"
: >"$summary"
status=0
note() { echo "device-check: $*" | tee -a "$summary"; }
start=$(date +%s)

# The build tree may have been made under another path: binaries find
# libstrata-rt.so through LD_LIBRARY_PATH, lit through a rewritten site file.
export LD_LIBRARY_PATH="$build/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
site="$build/test/lit.site.cfg.py"
if [ -f "$site" ]; then
  old_root=$(sed -n 's/^config.strata_src_root = "\(.*\)"$/\1/p' "$site")
  if [ -n "$old_root" ] && [ "$old_root" != "$root" ]; then
    sed -i "s|$old_root|$root|g" "$site"
    note "lit site config moved from $old_root to $root"
  fi
fi

note "started $(date -u '+%Y-%m-%d %H:%M:%S UTC') in $root"
for f in "$build/bin/strata-compile" "$build/bin/strata-run" \
         "$build/bin/strata-cublas-gemm" "$build/lib/libstrata-rt.so"; do
  [ -x "$f" ] || [ -f "$f" ] || { note "MISSING $f (run --prepare where it builds, and carry build/)"; status=1; }
done

# 1. The GPU.
no_gpu=0
if command -v nvidia-smi >/dev/null; then
  nvidia-smi 2>&1 | tee "$out/nvidia-smi.txt"
  nvidia-smi --query-gpu=name,compute_cap,driver_version,memory.total,clocks.max.sm \
    --format=csv 2>&1 | tee -a "$out/nvidia-smi.txt"
  if ! nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | grep -q .; then
    note "nvidia-smi lists no GPU"
    no_gpu=1
  fi
else
  note "nvidia-smi not found: no NVIDIA driver here"
  no_gpu=1
fi

# 2. The lit tests that need a GPU (lit and FileCheck from LLVM 22; the E2E
# scripts need the project's Python with numpy).
lit=/usr/lib/llvm-22/bin/lit
if [ "${STRATA_CHECK_SKIP_LIT:-0}" = 1 ]; then
  note "SKIP lit: STRATA_CHECK_SKIP_LIT=1"
elif [ ! -x "$lit" ] || [ ! -x /usr/lib/llvm-22/bin/FileCheck ]; then
  note "SKIP lit: $lit or FileCheck not found"
elif ! "$root/.venv/bin/python" -c "import numpy" >/dev/null 2>&1; then
  note "SKIP lit: $root/.venv/bin/python with numpy not found (the E2E tests' %python)"
else
  timeout "${STRATA_CHECK_LIT_TIMEOUT:-180}" "$lit" -v \
    --filter 'cuda-' "$build/test/E2E" >"$out/lit-e2e-cuda.txt" 2>&1
  rc=$?
  tail -n 25 "$out/lit-e2e-cuda.txt"
  if [ $rc -ne 0 ]; then
    note "lit test/E2E/cuda-*: FAILED (exit $rc; 124 = timeout), see lit-e2e-cuda.txt"
    status=1
  else
    note "lit test/E2E/cuda-*: $(grep -E '^ *(Passed|Unsupported|Failed)' "$out/lit-e2e-cuda.txt" | tr -s ' ' | paste -sd ',' -)"
  fi
fi

# 3. The GEMM bench against cuBLAS.
timeout "${STRATA_CHECK_BENCH_TIMEOUT:-270}" "$python" "$root/bench/gpu_gemm.py" \
  --bin "$build/bin" --workdir "$build/gpu-bench" --tf32 \
  --out "$out/gpu-gemm.md" 2>&1 | tee "$out/gpu-gemm.log"
rc=${PIPESTATUS[0]}
if [ $rc -ne 0 ]; then
  note "bench/gpu_gemm.py: FAILED (exit $rc; 124 = timeout), see gpu-gemm.log"
  status=1
else
  note "bench/gpu_gemm.py: ok ($(tail -n 1 "$out/gpu-gemm.log" | cut -c1-100))"
fi

if [ $status -eq 0 ] && [ $no_gpu -eq 1 ]; then
  status=3
fi
note "done in $(( $(date +%s) - start )) s, exit $status; results in $out"
exit $status
