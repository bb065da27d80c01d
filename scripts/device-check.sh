#!/usr/bin/env bash
# The one script a session with an NVIDIA GPU runs (docs/Benchmarks.md, GPU):
# nvidia-smi, the GPU end-to-end checks (the cases of test/E2E/cuda-*.test:
# models and f16 matmuls against their numpy references, and device timing),
# every 10th ONNX node test against the suite's outputs, then the GEMM bench
# against cuBLAS (bench/gpu_gemm.py). Everything is
# written under OUT (default build/device-check). Exit status: 0 all passed,
# 1 a step failed, 3 no GPU found (nvidia-smi missing or listing none: the
# steps still run, and skip or fail).
#
# The GPU machine has neither LLVM nor strata-compile (libMLIR), lit or
# FileCheck, and only 64 MiB travel with the working tree, so --prepare
# does every compile here: the E2E artifacts with their inputs and
# references (e2e.py/matmul_f16.py --prepare) and the bench models, plus
# strata-run, strata-cublas-gemm and libstrata-rt.so, all under
# build/gpu-check and build/gpu-bench (about 14 MiB). The device side needs
# python3 with numpy and onnx.
#
#   scripts/device-check.sh --prepare [ARCH]   # here, no GPU: build, compile
#                                              # for ARCH (default sm_90a),
#                                              # print what to carry
#   scripts/device-check.sh [OUT]              # on the GPU machine
#
# Time limits (an 8-minute slot): the E2E checks 120 s, the ONNX node tests
# 90 s, the bench 270 s (STRATA_CHECK_E2E_TIMEOUT,
# STRATA_CHECK_CONFORMANCE_TIMEOUT, STRATA_CHECK_BENCH_TIMEOUT).
# STRATA_CHECK_SKIP_E2E=1 skips the E2E step; STRATA_CHECK_DIR and
# STRATA_BENCH_DIR move build/gpu-check and build/gpu-bench,
# STRATA_CHECK_NO_BUILD=1 makes --prepare use the build as it is (tests).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${STRATA_BUILD_DIR:-$root/build}"
check="${STRATA_CHECK_DIR:-$build/gpu-check}"
bench="${STRATA_BENCH_DIR:-$build/gpu-bench}"
carry=(build/gpu-check build/gpu-bench)

python=python3
if "$root/.venv/bin/python" -c "import numpy" >/dev/null 2>&1; then
  python="$root/.venv/bin/python"
fi

# The E2E cases: "e2e MODEL" (test/E2E/e2e.py) or "mm MODEL.mlir" (an f16
# matmul, test/E2E/matmul_f16.py), named for their folder under $check.
cases=(
  "mlp e2e mlp"
  "cnn e2e cnn"
  "encoder e2e encoder"
  "cooperative e2e cooperative"
  "mm-f16 mm test/Target/CUDA/Inputs/matmul-f16.mlir"
  "mm-f16-large mm test/Target/CUDA/Inputs/matmul-f16-large.mlir"
  "mm-f16-wgmma mm test/Target/CUDA/Inputs/matmul-f16-wgmma.mlir"
  "mm-f16-bias-wgmma mm test/Target/CUDA/Inputs/matmul-f16-bias-wgmma.mlir"
  "mm-bf16-wgmma mm test/Target/CUDA/Inputs/matmul-bf16-wgmma.mlir"
  "mm-f16-wgmma64 mm test/Target/CUDA/Inputs/matmul-f16-wgmma64.mlir"
)

if [ "${1:-}" = "--prepare" ]; then
  arch="${2:-sm_90a}"
  set -e
  if [ -z "${STRATA_CHECK_NO_BUILD:-}" ]; then
    "$root/scripts/build.sh" >/dev/null
  fi
  rm -rf "$check"
  mkdir -p "$check/bin" "$check/lib"
  cp "$build/bin/strata-run" "$build/bin/strata-cublas-gemm" "$check/bin/"
  cp -L "$build/lib/libstrata-rt.so" "$check/lib/"
  for c in "${cases[@]}"; do
    read -r name kind what <<<"$c"
    if [ "$kind" = e2e ]; then
      "$python" "$root/test/E2E/e2e.py" "$what" --target cuda --cuda-arch "$arch" \
        --workdir "$check/$name" --bin "$build/bin" --prepare
    else
      "$python" "$root/test/E2E/matmul_f16.py" "$root/$what" --target cuda \
        --device cuda --cuda-arch "$arch" --workdir "$check/$name" \
        --bin "$build/bin" --prepare
    fi
  done
  # Every 10th ONNX node test, compiled with its inputs and expected
  # outputs (about 6 MiB).
  "$python" "$root/test/Conformance/conformance.py" --target=cuda --every 10 \
    --bin "$build/bin" --prepare "$check/conformance" | tail -n 1
  echo "$arch" >"$check/arch"
  "$python" "$root/bench/gpu_gemm.py" --compile-only --cuda-arch="$arch" \
    --bin "$build/bin" --workdir "$bench"
  echo "device-check: prepared for $arch; carry these paths ($(du -shc "$check" "$bench" | tail -1 | cut -f1) in all):"
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

# strata-run finds libstrata-rt.so through LD_LIBRARY_PATH (the build tree
# was made under another path).
export LD_LIBRARY_PATH="$check/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

note "started $(date -u '+%Y-%m-%d %H:%M:%S UTC') in $root"
for f in "$check/bin/strata-run" "$check/bin/strata-cublas-gemm" \
         "$check/lib/libstrata-rt.so" "$check/arch"; do
  [ -f "$f" ] || { note "MISSING $f (run --prepare where it builds, and carry ${carry[*]})"; status=1; }
done
[ -f "$check/arch" ] && note "prepared for $(cat "$check/arch")"

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

# 2. The E2E checks: each prepared case run with strata-run --device=cuda
# and compared with its numpy reference, then device timing of the mlp.
if [ "${STRATA_CHECK_SKIP_E2E:-0}" = 1 ]; then
  note "SKIP e2e: STRATA_CHECK_SKIP_E2E=1"
elif [ $no_gpu -eq 1 ]; then
  note "SKIP e2e: no GPU"
else
  passed=0
  failed=0
  e2e_start=$(date +%s)
  limit=${STRATA_CHECK_E2E_TIMEOUT:-120}
  for c in "${cases[@]}"; do
    read -r name kind what <<<"$c"
    left=$(( limit - ($(date +%s) - e2e_start) ))
    if [ $left -le 0 ]; then
      note "e2e $name: not run (the ${limit} s of the E2E step are spent)"
      failed=$((failed + 1))
      continue
    fi
    if [ "$kind" = e2e ]; then
      cmd=("$python" "$root/test/E2E/e2e.py" "$what" --workdir "$check/$name"
           --bin "$check/bin" --prepared)
    else
      cmd=("$python" "$root/test/E2E/matmul_f16.py" "$what" --target cuda
           --device cuda --workdir "$check/$name" --bin "$check/bin" --prepared)
    fi
    timeout "$left" "${cmd[@]}" >"$out/e2e-$name.txt" 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then
      passed=$((passed + 1))
      note "e2e $name: $(grep -E 'PASS' "$out/e2e-$name.txt" | tail -n 1)"
    else
      failed=$((failed + 1))
      note "e2e $name: FAILED (exit $rc; 124 = timeout): $(tail -n 3 "$out/e2e-$name.txt" | tr '\n' ' ' | cut -c1-300)"
    fi
  done
  if timeout 60 "$check/bin/strata-run" "$check/mlp/mlp.so" --device=cuda \
      --input "$check/mlp/input0.npy" --bench 20 --device-time \
      >"$out/e2e-device-time.txt" 2>&1; then
    passed=$((passed + 1))
    note "e2e device-time (mlp): $(tail -n 1 "$out/e2e-device-time.txt")"
  else
    failed=$((failed + 1))
    note "e2e device-time (mlp): FAILED: $(tail -n 2 "$out/e2e-device-time.txt" | tr '\n' ' ' | cut -c1-300)"
  fi
  note "e2e: $passed passed, $failed failed"
  [ $failed -eq 0 ] || status=1
fi

# 3. The ONNX node tests --prepare compiled, run on the GPU against the
# suite's outputs (test/Conformance/conformance.py --prepared).
if [ $no_gpu -eq 1 ]; then
  note "SKIP conformance: no GPU"
elif [ ! -f "$check/conformance/target" ]; then
  note "SKIP conformance: $check/conformance not prepared"
else
  timeout "${STRATA_CHECK_CONFORMANCE_TIMEOUT:-90}" "$python" \
    "$root/test/Conformance/conformance.py" --prepared "$check/conformance" \
    --bin "$check/bin" >"$out/conformance.txt" 2>&1
  rc=$?
  if [ $rc -ne 0 ]; then
    note "conformance: FAILED (exit $rc; 124 = timeout), see conformance.txt"
    status=1
  else
    note "conformance (every 10th node test, on the GPU): $(tail -n 1 "$out/conformance.txt")"
  fi
fi

# 4. The GEMM bench against cuBLAS.
timeout "${STRATA_CHECK_BENCH_TIMEOUT:-270}" "$python" "$root/bench/gpu_gemm.py" \
  --bin "$check/bin" --workdir "$bench" --tf32 \
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
