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
    or in `scf.for` loops with lane-uniform bounds, and every operand and
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

#endif // STRATA_CONVERSION_KERNELTOROCDL_PASSES_TD
