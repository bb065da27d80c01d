// The pass list of every named pipeline, pinned so each change shows in review.
// RUN: strata-opt %s --strata-graph-to-tile --dump-pass-pipeline 2>&1 >/dev/null | FileCheck %s --check-prefix=G2T
// RUN: strata-opt %s --strata-tile-to-kernel --dump-pass-pipeline 2>&1 >/dev/null | FileCheck %s --check-prefix=T2K
// RUN: strata-opt %s --strata-kernel-to-cpu --dump-pass-pipeline 2>&1 >/dev/null | FileCheck %s --check-prefix=K2C
// The vulkan target's choices through its target hook: the GPU tile table,
// no CPU vectorization, its own kernel-to-target stage.
// RUN: strata-opt %s --strata-graph-to-tile --dump-pass-pipeline 2>&1 >/dev/null | FileCheck %s --check-prefix=G2T-CPU
// RUN: strata-opt %s --strata-graph-to-tile=target=vulkan --dump-pass-pipeline 2>&1 >/dev/null | FileCheck %s --check-prefix=G2T-VK
// RUN: strata-opt %s --strata-tile-to-kernel=target=vulkan --dump-pass-pipeline 2>&1 >/dev/null | FileCheck %s --check-prefix=T2K-VK
// RUN: strata-opt %s --strata-kernel-to-vulkan --dump-pass-pipeline 2>&1 >/dev/null | FileCheck %s --check-prefix=K2V
// The cuda target: the cuda tile table (gpu + 16x8 tensor-core tiles),
// no CPU vectorization, its NVVM stage.
// RUN: strata-opt %s --strata-graph-to-tile=target=cuda --dump-pass-pipeline 2>&1 >/dev/null | FileCheck %s --check-prefix=G2T-CU
// RUN: strata-opt %s --strata-tile-to-kernel=target=cuda --dump-pass-pipeline 2>&1 >/dev/null | FileCheck %s --check-prefix=T2K-VK
// RUN: strata-opt %s --strata-kernel-to-cuda=cuda-arch=sm_90a --dump-pass-pipeline 2>&1 >/dev/null | FileCheck %s --check-prefix=K2CU
// G2T-CU: strata-tile-select-config{{.*}}table=cuda
// K2CU: Pass Manager with 6 passes:
// K2CU-NEXT: builtin.module(
// K2CU-NEXT: strata-verify-contract{boundary=kernel-to-device}
// K2CU-NEXT: strata-kernel-matmul-to-mma{wgmma=true}
// K2CU-NEXT: strata-kernel-cooperative-contraction{max-threads=256 tile-k=16 vector-width=4 wgmma=true}
// K2CU-NEXT: strata-convert-kernel-to-gpu{mma-sync=true module-name=strata_kernels target-name=cuda threads-per-workgroup=128 wgmma=true}
// K2CU-NEXT: nvvm-attach-target{O=3 chip=sm_90a {{.*}}features=+ptx80
// K2CU-NEXT: gpu.module(
// K2CU-NEXT: strata-expand-low-precision-floats{expand-bf16=false}
// K2CU-NEXT: convert-nvgpu-to-nvvm
// K2CU-NEXT: convert-scf-to-cf
// K2CU-NEXT: convert-gpu-to-nvvm{{.*}}use-bare-ptr-memref-call-conv=true
// K2CU-NEXT: convert-nvvm-to-llvm
// K2CU-NEXT: strata-nvvm-extern-dynamic-shared
// K2CU-NEXT: canonicalize
// K2CU-NEXT: cse
// K2CU-NEXT: reconcile-unrealized-casts
// The rocm target: the rocm tile table (the GPU table plus one wave's matrix
// tile for matmuls on chips with matrix units), its own stage per chip.
// RUN: strata-opt %s --strata-graph-to-tile=target=rocm --dump-pass-pipeline 2>&1 >/dev/null | FileCheck %s --check-prefix=G2T-RO
// RUN: strata-opt %s --strata-tile-to-kernel=target=rocm --dump-pass-pipeline 2>&1 >/dev/null | FileCheck %s --check-prefix=T2K-VK
// RUN: strata-opt %s --strata-kernel-to-rocm --dump-pass-pipeline 2>&1 >/dev/null | FileCheck %s --check-prefix=K2R -DCHIP=gfx942 -DWAVE64=true
// RUN: strata-opt %s --strata-kernel-to-rocm=chip=gfx1100 --dump-pass-pipeline 2>&1 >/dev/null | FileCheck %s --check-prefix=K2R -DCHIP=gfx1100 -DWAVE64=false
// Unknown option values are errors (an unknown target used to get the CPU's
// hooks silently), named with the pipeline and the values it knows.
// RUN: not strata-opt %s --strata-graph-to-tile=target=tpu 2>&1 | FileCheck %s --check-prefix=BAD-TARGET
// RUN: not strata-opt %s --strata-tile-to-kernel=target=tpu 2>&1 | FileCheck %s --check-prefix=BAD-TARGET
// BAD-TARGET: error: strata-{{graph-to-tile|tile-to-kernel}}: unknown target 'tpu'; expected cpu, vulkan, cuda, rocm
// RUN: not strata-opt %s --strata-kernel-to-cuda=cuda-arch=sm_70 2>&1 | FileCheck %s --check-prefix=BAD-ARCH
// BAD-ARCH: error: strata-kernel-to-cuda: unknown cuda-arch 'sm_70'; expected sm_80, sm_86, sm_89, sm_90 or sm_90a
// G2T-RO: strata-tile-select-config{{.*}}rocm-chip=gfx942 table=rocm
// K2R: Pass Manager with 7 passes:
// K2R-NEXT: builtin.module(
// K2R-NEXT: strata-verify-contract{boundary=kernel-to-device}
// K2R-NEXT: strata-kernel-matmul-to-amdgpu{chip=[[CHIP]]}
// K2R-NEXT: strata-kernel-cooperative-contraction{max-threads=256 tile-k=16 vector-width=4 wgmma=false}
// K2R-NEXT: strata-convert-kernel-to-gpu{{{.*}}module-name=strata_kernels target-name=rocm threads-per-workgroup=128 wgmma=false}
// K2R-NEXT: strata-lower-contraction-to-amdgpu{chip=[[CHIP]]}
// K2R-NEXT: rocdl-attach-target{O=3 abi=600 chip=[[CHIP]] {{.*}} wave64=[[WAVE64]]}
// K2R-NEXT: gpu.module(
// K2R-NEXT: strata-expand-low-precision-floats{expand-bf16=false}
// K2R-NEXT: strata-rocdl-private-scratch
// K2R-NEXT: strata-expand-math-for-rocdl
// K2R-NEXT: convert-math-to-llvm
// K2R-NEXT: convert-scf-to-cf
// K2R-NEXT: convert-amdgpu-to-rocdl{chipset=[[CHIP]]}
// K2R-NEXT: convert-gpu-to-rocdl{ chipset=[[CHIP]] {{.*}}use-bare-ptr-memref-call-conv=true}
// K2R-NEXT: reconcile-unrealized-casts
// G2T-CPU-NOT: strata-tile-pad-to-gather
// G2T-CPU: strata-tile-select-config{{.*}}table=cpu
// G2T-VK: strata-tile-pad-to-gather
// G2T-VK: strata-tile-select-config{{.*}}table=gpu
// T2K-VK: Pass Manager with 19 passes:
// T2K-VK-NOT: strata-tile-vectorize
// K2V: Pass Manager with 7 passes:
// K2V-NEXT: builtin.module(
// K2V-NEXT: strata-verify-contract{boundary=kernel-to-device}
// K2V-NEXT: strata-kernel-cooperative-contraction{max-threads=128 tile-k=16 vector-width=1 wgmma=false}
// K2V-NEXT: strata-convert-kernel-to-spirv{threads-per-workgroup=64}
// K2V-NEXT: map-memref-spirv-storage-class{client-api=vulkan}
// K2V-NEXT: convert-math-to-spirv
// K2V-NEXT: convert-gpu-to-spirv
// K2V-NEXT: spirv.module(
// K2V-NEXT: spirv-lower-abi-attrs
// K2V-NEXT: spirv-update-vce
// G2T: Pass Manager with 9 passes:
// G2T: {{^ *}}func.func{{[({ ,]|$}}
// G2T: {{^ *}}strata-graph-infer-shapes{{[({ ,]|$}}
// G2T: {{^ *}}canonicalize{{[({ ,]|$}}
// G2T: {{^ *}}strata-verify-contract{{[({ ,]|$}}
// G2T: {{^ *}}func.func{{[({ ,]|$}}
// G2T: {{^ *}}strata-convert-graph-to-linalg{{[({ ,]|$}}
// G2T: {{^ *}}func.func{{[({ ,]|$}}
// G2T: {{^ *}}strata-tile-fuse-elementwise{{[({ ,]|$}}
// G2T: {{^ *}}canonicalize{{[({ ,]|$}}
// G2T: {{^ *}}cse{{[({ ,]|$}}
// G2T: {{^ *}}func.func{{[({ ,]|$}}
// G2T: {{^ *}}strata-tile-form-kernels{{[({ ,]|$}}
// G2T: {{^ *}}func.func{{[({ ,]|$}}
// G2T: {{^ *}}strata-tile-select-config{{[({ ,]|$}}
// T2K: Pass Manager with 20 passes:
// T2K: {{^ *}}strata-verify-contract{{[({ ,]|$}}
// T2K: {{^ *}}func.func{{[({ ,]|$}}
// T2K: {{^ *}}strata-tile-tile-workgroups{{[({ ,]|$}}
// T2K: {{^ *}}func.func{{[({ ,]|$}}
// T2K: {{^ *}}strata-tile-vectorize{{[({ ,]|$}}
// T2K: {{^ *}}canonicalize{{[({ ,]|$}}
// T2K: {{^ *}}cse{{[({ ,]|$}}
// T2K: {{^ *}}strata-outline-tile-kernels{{[({ ,]|$}}
// T2K: {{^ *}}one-shot-bufferize{{[({ ,]|$}}
// T2K: {{^ *}}buffer-results-to-out-params{{[({ ,]|$}}
// T2K: {{^ *}}cse{{[({ ,]|$}}
// T2K: {{^ *}}canonicalize{{[({ ,]|$}}
// T2K: {{^ *}}expand-realloc{{[({ ,]|$}}
// T2K: {{^ *}}canonicalize{{[({ ,]|$}}
// T2K: {{^ *}}ownership-based-buffer-deallocation{{[({ ,]|$}}
// T2K: {{^ *}}canonicalize{{[({ ,]|$}}
// T2K: {{^ *}}buffer-deallocation-simplification{{[({ ,]|$}}
// T2K: {{^ *}}bufferization-lower-deallocations{{[({ ,]|$}}
// T2K: {{^ *}}cse{{[({ ,]|$}}
// T2K: {{^ *}}canonicalize{{[({ ,]|$}}
// T2K: {{^ *}}canonicalize{{[({ ,]|$}}
// T2K: {{^ *}}strata-form-kernel-launches{{[({ ,]|$}}
// K2C: Pass Manager with 22 passes:
// K2C: {{^ *}}strata-verify-contract{{[({ ,]|$}}
// K2C: {{^ *}}strata-convert-kernel-to-cpu{{[({ ,]|$}}
// K2C: {{^ *}}func.func{{[({ ,]|$}}
// K2C: {{^ *}}convert-linalg-to-loops{{[({ ,]|$}}
// K2C: {{^ *}}strata-expand-low-precision-floats{{[({ ,]|$}}
// K2C: {{^ *}}convert-vector-to-scf{{[({ ,]|$}}
// K2C: {{^ *}}fold-memref-alias-ops{{[({ ,]|$}}
// K2C: {{^ *}}lower-affine{{[({ ,]|$}}
// K2C: {{^ *}}convert-scf-to-openmp{{[({ ,]|$}}
// K2C: {{^ *}}expand-strided-metadata{{[({ ,]|$}}
// K2C: {{^ *}}lower-affine{{[({ ,]|$}}
// K2C: {{^ *}}convert-vector-to-llvm{{[({ ,]|$}}
// K2C: {{^ *}}finalize-memref-to-llvm{{[({ ,]|$}}
// K2C: {{^ *}}convert-math-to-llvm{{[({ ,]|$}}
// K2C: {{^ *}}convert-math-to-libm{{[({ ,]|$}}
// K2C: {{^ *}}convert-scf-to-cf{{[({ ,]|$}}
// K2C: {{^ *}}convert-arith-to-llvm{{[({ ,]|$}}
// K2C: {{^ *}}convert-cf-to-llvm{{[({ ,]|$}}
// K2C: {{^ *}}convert-func-to-llvm{{[({ ,]|$}}
// K2C: {{^ *}}convert-openmp-to-llvm{{[({ ,]|$}}
// K2C: {{^ *}}convert-ub-to-llvm{{[({ ,]|$}}
// K2C: {{^ *}}reconcile-unrealized-casts{{[({ ,]|$}}
// K2C: {{^ *}}canonicalize{{[({ ,]|$}}
func.func @f() {
  return
}
