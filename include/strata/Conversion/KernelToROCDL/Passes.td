//===- Passes.td - kernel-to-ROCDL conversion --------------*- tablegen -*-===//

#ifndef STRATA_CONVERSION_KERNELTOROCDL_PASSES_TD
#define STRATA_CONVERSION_KERNELTOROCDL_PASSES_TD

include "mlir/Pass/PassBase.td"

def LowerContractionToAMDGPU
    : Pass<"strata-lower-contraction-to-amdgpu", "mlir::ModuleOp"> {
  let summary = "Rewrite wave-uniform matmul vector.contract ops into "
                "amdgpu.mfma (gfx90a/gfx942) or amdgpu.wmma (gfx1100)";
  let description = [{
    Upstream MLIR has no route from a contraction to AMD's matrix units
    (TOOLCHAIN.md); this pass is Strata's. It rewrites a `vector.contract`
    inside a `gpu.func` into per-lane fragments and `amdgpu.mfma` /
    `amdgpu.wmma` ops, which `convert-amdgpu-to-rocdl{chipset=...}` turns
    into ROCDL intrinsics.

    Matched: a matmul-shaped contraction (maps `(m,k) (k,n) -> (m,n)`,
    kind `add`, no mask) of `MxK` by `KxN` into an `MxN` accumulator whose
    only use is an in-bounds, minor-identity `vector.transfer_write` to a
    memref. Element types and instruction tiles per chip:

    | chip | A/B -> C | instruction | tile MxNxK | wave |
    |---|---|---|---|---|
    | gfx90a, gfx942 | f16 -> f32 | v_mfma_f32_32x32x8_f16 | 32x32x8 | 64 |
    | gfx90a, gfx942 | bf16 -> f32 | v_mfma_f32_32x32x8_bf16 | 32x32x8 | 64 |
    | gfx90a, gfx942 | f32 -> f32 | v_mfma_f32_32x32x2_f32 | 32x32x2 | 64 |
    | gfx1100 | f16 -> f32 | v_wmma_f32_16x16x16_f16 | 16x16x16 | 32 |
    | gfx1100 | bf16 -> f32 | v_wmma_f32_16x16x16_bf16 | 16x16x16 | 32 |
    | gfx1030 | - | none (no matrix units): left on the SIMT path | | |

    M, N and K must be multiples of the tile; larger contractions are
    unrolled into one instruction per tile (at most 256).

    Semantics: the original contraction is computed redundantly by every
    lane; the rewrite has the lanes of a wave compute it cooperatively,
    each lane loading its fragment elements (from the `vector.transfer_read`
    an operand comes from, else by `vector.extract` from the vector) and
    storing its share of C. This is only equivalent when the whole wave
    runs the contraction with the same operands, so the pass requires the
    `gpu.func` to have a single block and a `known_block_size` whose size
    is a multiple of the wave size, the contraction to sit in that block
    or in `scf.for` loops with lane-uniform bounds and `scf.if`s with
    lane-uniform conditions (such as the grid guard of
    `strata-convert-kernel-to-gpu`, on the block id), and every operand and
    index to be lane-uniform (not computed from `gpu.thread_id`,
    `gpu.lane_id` or `gpu.global_id`). Contractions outside these rules are
    left alone with a remark saying why.

    Fragment layouts (lane `l`; the code in LowerContractionToAMDGPU.cpp
    and docs/ROCm.md say the same):
    - MFMA 32x32x8 (f16/bf16), `i = l % 32`, `g = l / 32`: lane holds
      `A[i][4g + v]` and `B[4g + v][i]` for `v` in 0..3.
    - MFMA 32x32x2 (f32): lane holds `A[i][g]` and `B[g][i]`.
    - MFMA C/D (32x32, 16 per lane): item `r` is `C[8(r/4) + 4g + r%4][i]`.
    - WMMA 16x16x16 (gfx1100, wave32), `i = l % 16`, `h = l / 16`: lane
      holds `A[i][v]` and `B[v][i]` for `v` in 0..15 (lanes 16..31 repeat
      lanes 0..15); C/D item `r` (0..7) is `C[2r + h][i]`.
  }];
  let options = [
    Option<"chip", "chip", "std::string", /*default=*/"\"gfx942\"",
           "AMD GPU chip: gfx90a, gfx942, gfx1030 or gfx1100">,
  ];
  let dependentDialects = ["::mlir::amdgpu::AMDGPUDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::gpu::GPUDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::vector::VectorDialect"];
}

def KernelMatmulToAMDGPU
    : Pass<"strata-kernel-matmul-to-amdgpu", "mlir::ModuleOp"> {
  let summary = "Give each matmul tile of the rocm tile table to one wave "
                "as a vector.contract for the AMD matrix units";
  let description = [{
    The rocm target's matrix-unit step at the kernel layer, before
    `strata-convert-kernel-to-gpu` (the AMD counterpart of
    `strata-kernel-matmul-to-mma`, sharing its matching and rewriting,
    MatmulTile.h). It rewrites a `kernel.func` (workgroup_size [1, 1, 1])
    whose one `linalg.matmul` multiplies an M x K by a K x N tile into an
    M x N f32 accumulator, the tile `table=rocm` chooses, into one
    `vector.contract` over the whole K (`vector.transfer_read`s of A and
    B), run by one wave: the kernel gets a workgroup_size of
    [wave, 1, 1], and `strata-lower-contraction-to-amdgpu` later turns
    the contraction into MFMA/WMMA instructions:

    | chip | A/B | tile M x N | K | wave |
    |---|---|---|---|---|
    | gfx90a, gfx942 | f16, bf16 | 32 x 32 | K % 8 = 0, K <= 2048 | 64 |
    | gfx90a, gfx942 | f32 | 32 x 32 | K % 2 = 0, K <= 512 | 64 |
    | gfx1100 | f16, bf16 | 16 x 16 | K % 16 = 0, K <= 4096 | 32 |
    | gfx1030 | - | nothing rewritten (no matrix units) | | |

    (K bound: at most 256 matrix instructions per tile, the limit of
    `strata-lower-contraction-to-amdgpu`.)

    A scratch accumulator (`memref.alloca` + `linalg.fill`, read by one
    elementwise epilogue such as the truncation to f16 or a bias add)
    starts as a broadcast of the fill value; the result goes to a
    workgroup-memory buffer, then a `kernel.barrier`, and the epilogue
    reads it as before, lowered to loops whose rows are split between the
    lanes of the wave (the outer `scf.for` from `kernel.local_id x` by the
    wave size; loads and stores, so no views of the workgroup buffer). An
    accumulator that is a global buffer is read and written directly.
    Other kernels are left alone.
  }];
  let options = [
    Option<"chip", "chip", "std::string", /*default=*/"\"gfx942\"",
           "AMD GPU chip: gfx90a, gfx942, gfx1030 or gfx1100">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect"];
}

def ExpandMathForROCDL
    : Pass<"strata-expand-math-for-rocdl"> {
  let summary = "Keep math ops off ROCm's device libraries (__ocml_*)";
  let description = [{
    `convert-gpu-to-rocdl` turns `math.tanh`, `math.erf`, `math.powf`,
    `math.rsqrt` and others into calls to `__ocml_*` functions, which live
    in ROCm's device bitcode libraries (Debian's rocm-device-libs 5.2 has
    no gfx942 files; TOOLCHAIN.md). The rocm target links none, so before
    that conversion this pass rewrites, inside the gpu.module:
    the ops `math-expand-ops` knows (tanh, powf, rsqrt, ...) into exp,
    log, sqrt and arithmetic. `convert-math-to-llvm` then
    maps what is left (exp, log, sqrt, fabs, ...) to LLVM intrinsics the
    AMDGPU backend lowers itself. sin, cos, atan, atan2, asin, acos, cbrt,
    erf and erfc get upstream's polynomial approximations; f32 floor and
    ceil (which convert-gpu-to-rocdl also sends to __ocml, and which the
    sin/cos approximations use) are computed through i32 for magnitudes
    below 2^23 (larger ones, infinities and NaN are integral already; a
    zero result is +0.0). Runs on any op (nested on gpu.module in
    strata-kernel-to-rocm). A `__ocml_*` or `__ockl_*` call that
    still reaches the HSACO step is a compile error naming it. f64 floor
    and ceil go through i64 (below 2^52); other f64 functions (exp, log,
    pow, sin, cos, tanh, erf, ...) would need `__ocml_*_f64` and are a
    located error here.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
}

def ROCDLPrivateScratch
    : Pass<"strata-rocdl-private-scratch", "mlir::gpu::GPUModuleOp"> {
  let summary = "Per-thread scratch in AMDGPU private memory, allocated at "
                "kernel entry";
  let description = [{
    Per-thread scratch (`memref.alloca` of static shape, the kernel layer's
    private temporaries) moves to memory space 5, AMDGPU's private
    (scratch) address space, which LLVM's AMDGPU data layout requires of
    allocas, and is hoisted to the entry block of its `gpu.func`: an
    alloca elsewhere (under the grid guard's `scf.if`, in a loop) is a
    dynamic stack allocation the AMDGPU backend cannot select. Hoisting is
    sound because scratch has no defined contents at allocation and dies
    at the end of its scope, so one allocation per thread serves every
    iteration. Dynamic-shaped scratch is an error.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

#endif // STRATA_CONVERSION_KERNELTOROCDL_PASSES_TD
