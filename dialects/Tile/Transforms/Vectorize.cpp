//===- Vectorize.cpp - strata-tile-vectorize -------------------------------===//
//
// Turns the f32 contractions inside workgroup tiles into register-tiled
// vector code on tensors: K cache tile, rm x rn register tile, K step 1,
// linalg::vectorize, accumulator hoisted out of the K loop, contraction
// lowered to outer products. The sizes come from the kernel's #tile.config
// (chosen by strata-tile-select-config).
//
//===----------------------------------------------------------------------===//

#include "dialects/Tile/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace strata::tile {
#define GEN_PASS_DEF_TILEVECTORIZE
#include "dialects/Tile/Transforms/Passes.h.inc"
} // namespace strata::tile

using namespace mlir;
using namespace strata::tile;

namespace {

/// The largest A block (workgroup rows x kc) packed into a contiguous buffer
/// (a stack allocation per workgroup once bufferized).
constexpr int64_t kMaxPackedBlockBytes = 256 * 1024;

/// Marks the K-step loops whose accumulator is to be hoisted.
constexpr StringLiteral kKStepLoop = "strata.k_step";

/// An f32 contraction with one M, one N and one K loop (plus batch loops)
/// and static shapes: what the register tiling below knows how to handle.
std::optional<linalg::ContractionDimensions>
getF32Contraction(linalg::LinalgOp op) {
  if (!linalg::isaContractionOpInterface(op) || !op.hasPureTensorSemantics())
    return std::nullopt;
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<RankedTensorType>(operand.get().getType());
    if (!type || !type.getElementType().isF32() || !type.hasStaticShape())
      return std::nullopt;
  }
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.size() != 1 || dims->n.size() != 1 ||
      dims->k.size() != 1)
    return std::nullopt;
  return *dims;
}

bool hasStaticShapes(Operation *op) {
  return llvm::all_of(op->getOperandTypes(), [](Type t) {
    auto shaped = dyn_cast<ShapedType>(t);
    return !shaped || shaped.hasStaticShape();
  });
}

/// Tiles `op` with scf.for loops by `sizes` (0 = not tiled) in the loop
/// order `interchange` and replaces it. Returns the tiled op and loops.
FailureOr<scf::SCFTilingResult> tileWithFor(RewriterBase &rewriter,
                                            Operation *op,
                                            ArrayRef<int64_t> sizes,
                                            ArrayRef<int64_t> interchange) {
  scf::SCFTilingOptions options;
  options.setLoopType(scf::SCFTilingOptions::LoopType::ForOp);
  options.setTileSizes(getAsIndexOpFoldResult(op->getContext(), sizes));
  if (!interchange.empty())
    options.setInterchange(interchange);
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled =
      scf::tileUsingSCF(rewriter, cast<TilingInterface>(op), options);
  if (failed(tiled))
    return failure();
  rewriter.replaceOp(op, tiled->replacements);
  return tiled;
}

/// Copies the B operand of the register-tiled `op` (a kc x rn panel, the
/// same for every iteration of the M loop `mLoop`) into `buffer` once, before
/// that loop: the panel is then contiguous, so it stays in L1 across the
/// rows instead of being re-read from rows that, for power-of-two N, all map
/// to the same cache sets.
void packPanel(RewriterBase &rewriter, linalg::LinalgOp op,
               const linalg::ContractionDimensions &dims, scf::ForOp mLoop,
               Value buffer) {
  // B: the input whose map does not use the M loop.
  unsigned m = dims.m[0];
  OpOperand *b = nullptr;
  for (OpOperand *in : op.getDpsInputOperands())
    if (!op.getMatchingIndexingMap(in).isFunctionOfDim(m))
      b = in;
  if (!b)
    return;
  auto slice = b->get().getDefiningOp<tensor::ExtractSliceOp>();
  auto bufferType = cast<RankedTensorType>(buffer.getType());
  if (!slice || slice.getType() != bufferType ||
      slice->getParentOp() != mLoop.getOperation() ||
      !llvm::all_of(slice->getOperands(), [&](Value v) {
        return mLoop.isDefinedOutsideOfLoop(v);
      }))
    return;
  rewriter.moveOpBefore(slice, mLoop);
  rewriter.setInsertionPoint(mLoop);
  Value packed = linalg::CopyOp::create(rewriter, slice.getLoc(),
                                        slice.getResult(), buffer)
                     .getResult(0);
  rewriter.modifyOpInPlace(op, [&] { b->set(packed); });
}

/// Copies the A operand of the K-tiled `op` (the workgroup's rows x kc block,
/// read once per register column of the N loop below) into `buffer`, just
/// before `op`: the block is then contiguous, so its rows (a large
/// power-of-two stride apart in the source) no longer compete for the same
/// cache sets of L1 and L2.
void packBlock(RewriterBase &rewriter, linalg::LinalgOp op,
               const linalg::ContractionDimensions &dims, Value buffer) {
  // A: the input whose map uses the M loop and not the N loop.
  unsigned m = dims.m[0], n = dims.n[0];
  OpOperand *a = nullptr;
  for (OpOperand *in : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(in);
    if (map.isFunctionOfDim(m) && !map.isFunctionOfDim(n))
      a = in;
  }
  if (!a || a->get().getType() != buffer.getType())
    return;
  rewriter.setInsertionPoint(op);
  Value packed =
      linalg::CopyOp::create(rewriter, op.getLoc(), a->get(), buffer)
          .getResult(0);
  rewriter.modifyOpInPlace(op, [&] { a->set(packed); });
}

LogicalResult tileAndVectorize(RewriterBase &rewriter, linalg::LinalgOp op,
                               const linalg::ContractionDimensions &dims,
                               ConfigAttr config) {
  ArrayRef<int64_t> vec = config.getVector();
  ArrayRef<int64_t> red = config.getReduction();
  if (vec.size() != 2 || red.size() > 1)
    return op->emitOpError("expected #tile.config vector = [rm, rn] and "
                           "reduction = [kc] for a contraction root");
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  unsigned numLoops = ranges.size();
  unsigned m = dims.m[0], n = dims.n[0], k = dims.k[0];
  auto clampTile = [&](unsigned d, int64_t t) {
    return t <= 0 || t >= ranges[d] ? 0 : t;
  };

  // The packed B panel's buffer lives at workgroup level, outside every
  // loop below (a buffer per iteration would be a stack alloca per
  // iteration once small allocations become scratch).
  rewriter.setInsertionPoint(op);
  Location loc = op.getLoc();

  // The packed A block (rows x kc), when the workgroup's N loop has more
  // than one register column to reuse it and it fits in L2.
  int64_t kcTile = !red.empty() && clampTile(k, red[0]) ? red[0] : ranges[k];
  Value packABuffer;
  if (dims.batch.empty() && clampTile(m, vec[0]) && clampTile(n, vec[1]) &&
      ranges[m] * kcTile * 4 <= kMaxPackedBlockBytes)
    packABuffer = tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<int64_t>{ranges[m], kcTile},
        rewriter.getF32Type());

  // kc x rn: the B panel of one register column, K-tiled.
  Value packBuffer;
  if (clampTile(m, vec[0]) && clampTile(n, vec[1]))
    packBuffer = tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<int64_t>{kcTile, vec[1]},
        rewriter.getF32Type());

  // Cache tile: the reduction loop by kc.
  Operation *current = op;
  SmallVector<int64_t> sizes(numLoops, 0);
  if (!red.empty() && clampTile(k, red[0])) {
    sizes[k] = red[0];
    FailureOr<scf::SCFTilingResult> t =
        tileWithFor(rewriter, current, sizes, {});
    if (failed(t))
      return op->emitOpError("could not be tiled by its reduction tile");
    current = t->tiledOps.front();
  }
  if (packABuffer)
    packBlock(rewriter, cast<linalg::LinalgOp>(current), dims, packABuffer);

  // Register tile: batch loops by 1, M by rm, N by rn; N outermost so the
  // rn-wide panel of B is reused from L1 across the rows.
  sizes.assign(numLoops, 0);
  for (unsigned b : dims.batch)
    sizes[b] = 1;
  sizes[m] = clampTile(m, vec[0]);
  sizes[n] = clampTile(n, vec[1]);
  if (llvm::any_of(sizes, [](int64_t s) { return s != 0; })) {
    SmallVector<int64_t> order(dims.batch.begin(), dims.batch.end());
    order.push_back(n);
    order.push_back(m);
    for (unsigned d = 0; d < numLoops; ++d)
      if (!llvm::is_contained(order, d))
        order.push_back(d);
    FailureOr<scf::SCFTilingResult> t =
        tileWithFor(rewriter, current, sizes, order);
    if (failed(t))
      return op->emitOpError("could not be tiled by its vector tile");
    current = t->tiledOps.front();
    if (packBuffer)
      packPanel(rewriter, cast<linalg::LinalgOp>(current), dims,
                cast<scf::ForOp>(t->loops.back().getOperation()),
                packBuffer);
  }

  // K step 1: the accumulator is loop-carried, one rank-1 update per step.
  if (ranges[k] == 1 || !hasStaticShapes(current))
    return success(); // A dynamic tile: left to the scalar lowering.
  sizes.assign(numLoops, 0);
  sizes[k] = 1;
  FailureOr<scf::SCFTilingResult> t = tileWithFor(rewriter, current, sizes, {});
  if (failed(t))
    return op->emitOpError("could not be tiled by K step 1");
  current = t->tiledOps.front();
  if (!hasStaticShapes(current))
    return success();
  rewriter.setInsertionPoint(current);
  FailureOr<linalg::VectorizationResult> v = linalg::vectorize(
      rewriter, current, /*inputVectorSizes=*/{}, /*scalableDims=*/{},
      /*vectorizeNDExtract=*/false, /*flatten1DDepthwiseConv=*/false,
      /*assumeDynamicDimsMatchVecSizes=*/false,
      /*createNamedContraction=*/true);
  if (failed(v))
    return current->emitOpError("could not be vectorized");
  rewriter.replaceOp(current, v->replacements);
  // Hoisted once the loop is canonical (see runOnOperation).
  t->loops.front()->setAttr(kKStepLoop, rewriter.getUnitAttr());
  return success();
}

/// The largest divisor of `size` that is at most `target`.
int64_t largestDivisor(int64_t size, int64_t target) {
  for (int64_t t = std::min(size, target); t > 1; --t)
    if (size % t == 0)
      return t;
  return 1;
}

/// f32 NCHW 2-D convolutions: tiled so that each step is a 1-D convolution
/// of one output row block (ow x fb) over a block of input channels and one
/// filter row, which upstream decomposes (conv_1d_ncw_fcw) and vectorizes
/// (outer products over the channels, fb filters wide). The channel and
/// filter-row loops carry the output block; it is hoisted out of them like
/// the matmul accumulator. Anything that does not tile into static blocks
/// keeps the scalar lowering.
void vectorizeConv(RewriterBase &rewriter, linalg::Conv2DNchwFchwOp op) {
  if (!hasStaticShapes(op) || !llvm::all_of(op->getOperandTypes(), [](Type t) {
        return cast<ShapedType>(t).getElementType().isF32();
      }))
    return;
  // Loops: n, f, oh, ow, c, kh, kw.
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t f = ranges[1], ow = ranges[3], c = ranges[4];
  int64_t fb = f % 16 == 0 ? 16 : f % 8 == 0 ? 8 : 0;
  if (!fb)
    return;
  SmallVector<int64_t> sizes = {
      1, fb, 1, largestDivisor(ow, 8), largestDivisor(c, 8), 1, 0};
  FailureOr<scf::SCFTilingResult> t = tileWithFor(rewriter, op, sizes, {});
  if (failed(t))
    return;
  auto tiled = dyn_cast<linalg::Conv2DNchwFchwOp>(t->tiledOps.front());
  if (!tiled || !hasStaticShapes(tiled))
    return;
  PatternRewriter patternRewriter(op->getContext());
  patternRewriter.setInsertionPoint(tiled);
  FailureOr<linalg::Conv1DNcwFcwOp> conv1d =
      linalg::DownscaleSizeOneWindowed2DConvolution<linalg::Conv2DNchwFchwOp,
                                                    linalg::Conv1DNcwFcwOp>(
          op->getContext())
          .returningMatchAndRewrite(tiled, patternRewriter);
  if (failed(conv1d))
    return;
  rewriter.setInsertionPoint(*conv1d);
  FailureOr<linalg::VectorizationResult> v =
      linalg::vectorize(rewriter, *conv1d);
  if (failed(v))
    return;
  rewriter.replaceOp(*conv1d, v->replacements);
  // The channel and filter-row loops (tiled loops 4 and 5).
  for (LoopLikeOpInterface loop : ArrayRef(t->loops).drop_front(4))
    loop->setAttr(kKStepLoop, rewriter.getUnitAttr());
}

struct TileVectorize
    : public strata::tile::impl::TileVectorizeBase<TileVectorize> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);
    SmallVector<std::tuple<linalg::LinalgOp, linalg::ContractionDimensions,
                           ConfigAttr>>
        work;
    getOperation().walk([&](KernelOp kernel) {
      ConfigAttr config = kernel.getConfigAttr();
      if (!config || config.getVector().empty())
        return;
      kernel.walk([&](linalg::LinalgOp op) {
        if (auto dims = getF32Contraction(op))
          work.emplace_back(op, *dims, config);
      });
    });
    SmallVector<linalg::Conv2DNchwFchwOp> convs;
    getOperation().walk([&](KernelOp kernel) {
      kernel.walk([&](linalg::Conv2DNchwFchwOp op) { convs.push_back(op); });
    });
    if (work.empty() && convs.empty())
      return;
    for (auto &[op, dims, config] : work)
      if (failed(tileAndVectorize(rewriter, op, dims, config)))
        return signalPassFailure();
    for (linalg::Conv2DNchwFchwOp op : convs)
      vectorizeConv(rewriter, op);

    // Keep the accumulator in registers across K: once the loops are
    // canonical, hoist the transfer_read/transfer_write pair of the
    // loop-carried tile (and the slice pair around it) out of the K loop.
    {
      RewritePatternSet patterns(ctx);
      scf::ForOp::getCanonicalizationPatterns(patterns, ctx);
      tensor::ExtractSliceOp::getCanonicalizationPatterns(patterns, ctx);
      tensor::InsertSliceOp::getCanonicalizationPatterns(patterns, ctx);
      if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
        return signalPassFailure();
    }
    SmallVector<scf::ForOp> kLoops;
    getOperation().walk([&](scf::ForOp loop) {
      if (loop->hasAttr(kKStepLoop))
        kLoops.push_back(loop);
    });
    for (scf::ForOp loop : kLoops) {
      loop->removeAttr(kKStepLoop);
      hoistLoopInvariantSubsets(rewriter, loop);
    }

    // vector.contract -> vector.outerproduct -> vector.fma (one broadcast
    // FMA per row and vector), with transfers in minor-identity form.
    RewritePatternSet patterns(ctx);
    vector::populateVectorContractLoweringPatterns(
        patterns, vector::VectorContractLowering::OuterProduct);
    vector::populateVectorOuterProductLoweringPatterns(patterns);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateVectorReductionToContractPatterns(patterns);
    vector::TransferReadOp::getCanonicalizationPatterns(patterns, ctx);
    vector::TransferWriteOp::getCanonicalizationPatterns(patterns, ctx);
    // Drops the tile the hoisting left loop-carried but unused.
    scf::ForOp::getCanonicalizationPatterns(patterns, ctx);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
