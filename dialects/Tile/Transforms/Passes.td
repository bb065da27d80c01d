//===- Passes.td - tile-layer (L2) passes ------------------*- tablegen -*-===//

#ifndef STRATA_TILE_PASSES_TD
#define STRATA_TILE_PASSES_TD

include "mlir/Pass/PassBase.td"

def TileFuseElementwise
    : Pass<"strata-tile-fuse-elementwise", "mlir::func::FuncOp"> {
  let summary = "Fuse elementwise linalg ops without recomputation";
  let description = [{
    Upstream's elementwise fusion (producer into consumer, reshapes folded
    by expanding loops, constant folding), as `linalg-fuse-elementwise-ops`
    does it, except that an elementwise producer is fused into a reduction
    only through an operand indexed by every loop (so no element is
    computed twice), and reshapes are not folded into ops with reduction
    loops (so contractions keep one M, N and K loop for
    strata-tile-vectorize). Runs between graph -> linalg and
    strata-tile-form-kernels.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::affine::AffineDialect"];
}

def TileFormKernels : Pass<"strata-tile-form-kernels", "mlir::func::FuncOp"> {
  let summary = "Group linalg/tensor ops on tensors into tile.kernel ops";
  let description = [{
    Partitions a function of upstream ops on tensors (the output of
    `strata-convert-graph-to-linalg` and elementwise fusion) into fusion
    groups and wraps each group into one `tile.kernel`. A group has at most
    one root (an op with reduction loops, or a data-movement op such as
    tensor.pad) plus the elementwise ops that consume its result only: the
    epilogue (bias, activation) fuses into a matmul or conv kernel, and fills
    that initialize an accumulator join their consumer. Scalar and small
    constants and `tensor.empty` are cloned into each kernel that needs them;
    weights become kernel inputs. Reshapes (`tensor.expand_shape`,
    `tensor.collapse_shape`) between kernels stay outside as views.
  }];
  let dependentDialects = ["::strata::tile::TileDialect"];
}

def TilePadToGather : Pass<"strata-tile-pad-to-gather", "mlir::func::FuncOp"> {
  let summary = "Make a kernel that only pads an elementwise gather";
  let description = [{
    The device targets' form of constant padding. A `tile.kernel` whose
    one op is a `tensor.pad` of a kernel operand with a constant value and
    static sizes becomes a `linalg.generic` over the padded shape that
    reads the source through `tensor.extract` at the clamped source index
    and selects the padding value outside it. Tiled like any elementwise
    kernel, it runs on every thread of the grid; a tiled `tensor.pad`
    leaves per-tile buffers and branches that the device targets cannot
    lower, so such kernels used to run on one thread. Other kernels are
    left alone.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

def TileSelectConfig : Pass<"strata-tile-select-config", "mlir::func::FuncOp"> {
  let summary = "Choose the tiling of every tile.kernel";
  let description = [{
    Gives every `tile.kernel` without a `#tile.config` one, from the CPU tile
    table in SelectConfig.cpp: the kernel is tiled around its last op (its
    producers fuse into each tile); parallel loops get workgroup tiles sized
    so that a workgroup's output tile is about 16 Ki elements (matmul: 32 rows
    x 256 columns), chosen as divisors of the loop sizes where one is close;
    reduction loops stay whole.

    f32 contractions with one M, N and K loop get a register tile too
    (`vector = [rm, rn]`, K step 1), chosen by a small cost model over the
    target's vector unit (f32 lanes, registers, FMA ports and latency):
    the rm x rn tile with the least modelled time, where FMA-bound tiles
    with enough accumulators run at peak, load-bound ones slower, and the
    output not covered by whole tiles at scalar speed. Their workgroup tile
    is a multiple of the register tile (128 rows x 128..1024 columns at
    most, as many columns as keep the C tile within a quarter of L2,
    `l2-bytes`; a divisor of the loop when the register tile divides it;
    halved, rows
    first, while there are fewer than `min-workgroups` of them, by default
    4 per hardware thread of the host) and their K loop
    gets a cache tile (`reduction = [kc]`, a divisor of K in 64..256, else
    K whole) small enough that the packed kc x rn panel of B takes at most
    3/4 of the L1 data cache (`l1-bytes`). `strata-tile-vectorize` applies
    the vector and reduction tiles.

    With `table=gpu` (the Vulkan target, chosen through the pipeline's
    target hook) the GPU tile table is used instead: a workgroup tile is the
    work of one GPU thread (the target groups `gpu-threads` of them into one
    hardware workgroup), so it is small: the innermost parallel loop gets up
    to 4 elements (a divisor of the loop), every outer parallel loop 1,
    reduction loops stay whole, and there is no vector or reduction tile.
    Thousands of independent workgroups keep the device's threads busy;
    nothing is shared between threads, so no workgroup memory or barriers
    are needed (simple SIMT kernels; see docs/Vulkan.md for what a fast
    version needs).

    With `table=cuda` (the CUDA target) the GPU table is used, except for
    f16 matmul kernels (bf16 stays SIMT: upstream's
    vector-to-nvgpu does not load bf16 fragments) (f32 accumulator, M % 16 = N % 8 = K % 16 = 0,
    a 2-D root): their workgroup tile is one tensor-core mma.sync output of
    16 x 8, which strata-kernel-matmul-to-mma gives to one warp.

    With `table=rocm` (the rocm target; the chip is `rocm-chip`) the GPU
    table is used, except for matmul kernels with an f32 accumulator (a 2-D
    root, M, N and K dividing the chip's tile) on chips with matrix units:
    f16/bf16 (and f32 on CDNA) operands get one wave's tile, 32 x 32 on
    gfx90a/gfx942 (MFMA 32x32x8, f32: 32x32x2; K <= 2048, f32 K <= 512),
    16 x 16 on gfx1100 (WMMA 16x16x16, K <= 4096), which
    strata-kernel-matmul-to-amdgpu gives to one wave. gfx1030 (no matrix
    units) gets the plain GPU table.
  }];
  let options = [
    Option<"table", "table", "std::string", /*default=*/"\"cpu\"",
           "Tile table: cpu (register-tiled, vectorized workgroups), gpu "
           "(a few output elements per thread) or cuda (gpu, with 16x8 "
           "tensor-core tiles for f16 matmuls) or rocm (gpu, with "
           "matrix-unit tiles for the chip `rocm-chip`)">,
    Option<"cudaArch", "cuda-arch", "std::string", /*default=*/"\"sm_80\"",
           "table=cuda: the NVIDIA architecture (sm_80 ... sm_90a); sm_90a "
           "gives f16/bf16 matmuls 128 x 128 (or 64 x 128) warpgroup "
           "(wgmma) tiles">,
    Option<"rocmChip", "rocm-chip", "std::string", /*default=*/"\"gfx942\"",
           "table=rocm: the AMD chip (gfx90a, gfx942, gfx1030, gfx1100)">,
    Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"0",
           "Vector register width the register tile is chosen for "
           "(128, 256, 512); 0 = the host CPU's">,
    Option<"minWorkgroups", "min-workgroups", "int64_t", /*default=*/"0",
           "Vectorized matmuls: shrink workgroup tiles until there are at "
           "least this many workgroups; 0 = 4 per hardware thread of the "
           "host">,
    Option<"l1Bytes", "l1-bytes", "int64_t", /*default=*/"0",
           "L1 data cache size the K cache tile is chosen for; 0 = the "
           "host's when vector-bits is 0, else 32768">,
    Option<"l2Bytes", "l2-bytes", "int64_t", /*default=*/"0",
           "L2 cache size the workgroup columns are chosen for; 0 = the "
           "host's when vector-bits is 0, else 1 MiB">,
  ];
  let dependentDialects = ["::strata::tile::TileDialect"];
}

def TileTileWorkgroups : Pass<"strata-tile-tile-workgroups", "mlir::func::FuncOp"> {
  let summary = "Tile each kernel by its workgroup tile sizes (scf.forall)";
  let description = [{
    Inside every `tile.kernel`, tiles the yielded op with the `workgroup`
    sizes of the kernel's `#tile.config` into an `scf.forall` (one iteration
    per workgroup) and fuses its producers into the loop body. A kernel whose
    last op cannot be tiled keeps a single workgroup.
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

def TileVectorize : Pass<"strata-tile-vectorize", "mlir::func::FuncOp"> {
  let summary = "Cache-tile, register-tile and vectorize f32 contractions";
  let description = [{
    Runs after `strata-tile-tile-workgroups`, on tensors. In every
    `tile.kernel` whose `#tile.config` has `vector` sizes, each f32
    contraction (linalg.matmul, batch_matmul or an equivalent generic with
    one M, one N and one K loop) inside the workgroup loop is tiled three
    more times with `scf.for` loops: its reduction loop by the `reduction`
    (cache) tile (the workgroup's rows x kc block of A is then copied into a
    contiguous buffer when it is at most 256 KiB), then M and N by the `vector` (register) tile with N
    outermost so a panel of B stays in L1 across the rows, then K by 1.
    Each static rm x rn x 1 tile is vectorized (`linalg::vectorize`), the
    accumulator's transfer_read/transfer_write pair is hoisted out of the
    K-step loop (`hoistLoopInvariantSubsets`, on tensors, before
    bufferization: on buffers the hoisting would not see the subset), and
    the `vector.contract` is lowered to `vector.outerproduct`s (one
    broadcast-FMA per row and vector register). Tiles that stay dynamic
    (a workgroup or register tile that does not divide the loop) are left
    as linalg ops and lowered through scalar loops later: correct, slower.
    Fills and elementwise epilogues are untouched.

    f32 `linalg.conv_2d_nchw_fchw` ops with 8 or 16k filters are tiled to
    1 image x 16 (or 8) filters x 1 output row x up to 8 columns, input
    channels by up to 8 and filter rows by 1, decomposed into
    `linalg.conv_1d_ncw_fcw` (upstream's size-one-window rewrite) and
    vectorized; the output block is hoisted out of the channel and
    filter-row loops. Other convolutions keep the scalar lowering.
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::affine::AffineDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // STRATA_TILE_PASSES_TD
