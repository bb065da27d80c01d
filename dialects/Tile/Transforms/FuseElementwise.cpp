//===- FuseElementwise.cpp - strata-tile-fuse-elementwise
//------------------===//
//
// Upstream's elementwise fusion (linalg-fuse-elementwise-ops: producer into
// consumer, reshapes folded by expansion, constant folding), with a control
// function that refuses the fusions that make a kernel recompute work or
// hide a contraction from the register tiler:
//
// - an elementwise producer is not fused into an operand of a reduction
//   unless every loop of the consumer indexes that operand: fused into a
//   matmul's A operand, a bias + GELU is recomputed once per output column
//   (the FFN's erf ran 256 times per element, a third of the encoder's
//   time);
// - a reshape is not folded into a contraction by expanding its loops: a
//   Q/K/V projection followed by the split into heads became a 4-D
//   contraction with two N loops, which strata-tile-vectorize cannot
//   register-tile. Instead, an elementwise epilogue reading a reshaped
//   contraction result is collapsed to the contraction's shape, so it can
//   still join the contraction's kernel.
//
//===----------------------------------------------------------------------===//

#include "dialects/Tile/Transforms/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace strata::tile {
#define GEN_PASS_DEF_TILEFUSEELEMENTWISE
#include "dialects/Tile/Transforms/Passes.h.inc"
} // namespace strata::tile

using namespace mlir;

namespace {

bool hasReductionLoops(Operation *op) {
  auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(op);
  return linalgOp && linalgOp.getNumReductionLoops() > 0;
}

/// Fusing the producer of `operand` into its consumer computes each
/// producer element once per consumer iteration that reads it: once when
/// the consumer has no reduction loops or when its map for the operand
/// uses every loop.
bool fusesWithoutRecompute(OpOperand *operand) {
  auto consumer = dyn_cast<linalg::LinalgOp>(operand->getOwner());
  if (!consumer || consumer.getNumReductionLoops() == 0)
    return true;
  AffineMap map = consumer.getMatchingIndexingMap(operand);
  for (unsigned d = 0, e = map.getNumDims(); d < e; ++d)
    if (!map.isFunctionOfDim(d))
      return false;
  return true;
}

/// `v` is the result of an op with reduction loops, seen through reshapes.
bool isReductionResult(Value v) {
  while (isa_and_nonnull<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(
      v.getDefiningOp()))
    v = v.getDefiningOp()->getOperand(0);
  return hasReductionLoops(v.getDefiningOp());
}

struct TileFuseElementwise
    : public strata::tile::impl::TileFuseElementwiseBase<TileFuseElementwise> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    linalg::ControlFusionFn fuseElementwise = [](OpOperand *operand) {
      Operation *producer = operand->get().getDefiningOp();
      return producer && producer->hasOneUse() &&
             fusesWithoutRecompute(operand);
    };
    // Reads the result of an op with reduction loops, directly or through
    // reshapes (which the collapsing patterns leave for a while): the
    // expansion patterns would undo the epilogue collapsing below.
    auto readsReduction = [](Operation *op) {
      return llvm::any_of(op->getOperands(), isReductionResult);
    };
    linalg::ControlFusionFn foldReshape = [=](OpOperand *operand) {
      Operation *producer = operand->get().getDefiningOp();
      return producer && producer->hasOneUse() &&
             !hasReductionLoops(producer) &&
             !hasReductionLoops(operand->getOwner()) &&
             !readsReduction(producer) && !readsReduction(operand->getOwner());
    };
    // The other way round for the epilogue of a contraction: an
    // elementwise op reading a reshaped contraction result is collapsed to
    // the contraction's shape (the reshape moves after it), so
    // strata-tile-form-kernels can fuse it as the contraction's epilogue.
    linalg::ControlFusionFn collapseEpilogue = [](OpOperand *operand) {
      auto reshape = operand->get().getDefiningOp<tensor::ExpandShapeOp>();
      return reshape && reshape->hasOneUse() &&
             !hasReductionLoops(operand->getOwner()) &&
             isReductionResult(reshape.getSrc());
    };
    RewritePatternSet patterns(ctx);
    linalg::populateElementwiseOpsFusionPatterns(patterns, fuseElementwise);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, foldReshape);
    linalg::populateFoldReshapeOpsByCollapsingPatterns(patterns,
                                                       collapseEpilogue);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, ctx);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, ctx);
    ctx->getLoadedDialect<linalg::LinalgDialect>()->getCanonicalizationPatterns(
        patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, fuseElementwise);
    // As upstream: not converging within the limits leaves valid, less
    // fused IR; the rewrite bound keeps a pattern cycle from hanging.
    (void)applyPatternsGreedily(
        getOperation(), std::move(patterns),
        GreedyRewriteConfig().setUseTopDownTraversal().setMaxNumRewrites(
            100000));
  }
};

} // namespace
