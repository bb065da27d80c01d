//===- TileWorkgroups.cpp - strata-tile-tile-workgroups --------------------===//
//
// Tiles each tile.kernel's last op by the workgroup sizes of its config into
// an scf.forall and fuses the producers into the loop body, using upstream
// TilingInterface-based tile-and-fuse.
//
//===----------------------------------------------------------------------===//

#include "dialects/Tile/Transforms/Passes.h"

#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/RegionUtils.h"
#include "mlir/Interfaces/TilingInterface.h"

namespace strata::tile {
#define GEN_PASS_DEF_TILETILEWORKGROUPS
#include "dialects/Tile/Transforms/Passes.h.inc"
} // namespace strata::tile

using namespace mlir;
using namespace strata::tile;

namespace {
struct TileTileWorkgroups
    : public strata::tile::impl::TileTileWorkgroupsBase<TileTileWorkgroups> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    WalkResult result = getOperation().walk([&](KernelOp kernel) {
      ConfigAttr config = kernel.getConfigAttr();
      if (!config) {
        kernel.emitOpError("has no #tile.config to tile by");
        return WalkResult::interrupt();
      }
      auto yield = cast<YieldOp>(kernel.getBodyBlock().getTerminator());
      if (yield.getValues().size() != 1)
        return WalkResult::advance(); // One workgroup.
      auto last = yield.getValues()[0].getDefiningOp<TilingInterface>();
      ArrayRef<int64_t> sizes = config.getWorkgroup();
      if (!last || llvm::all_of(sizes, [](int64_t s) { return s == 0; }))
        return WalkResult::advance();
      if (sizes.size() != last.getLoopIteratorTypes().size()) {
        kernel.emitOpError("config has ")
            << sizes.size() << " workgroup sizes for "
            << last.getLoopIteratorTypes().size() << " loops";
        return WalkResult::interrupt();
      }
      scf::SCFTilingOptions tiling;
      tiling.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
      SmallVector<OpFoldResult> tileSizes;
      for (int64_t s : sizes)
        tileSizes.push_back(rewriter.getIndexAttr(s));
      tiling.setTileSizes(tileSizes);
      scf::SCFTileAndFuseOptions options;
      options.setTilingOptions(tiling);
      rewriter.setInsertionPoint(last);
      FailureOr<scf::SCFTileAndFuseResult> tiled =
          scf::tileConsumerAndFuseProducersUsingSCF(rewriter, last, options);
      if (failed(tiled)) {
        kernel.emitOpError("could not be tiled by its workgroup sizes");
        return WalkResult::interrupt();
      }
      for (OpResult r : last->getResults())
        rewriter.replaceAllUsesWith(r, tiled->replacements.lookup(r));
      // The untiled ops are dead now; they are pure tensor ops.
      rewriter.eraseOp(last);
      // Collected first: erasing under a std::reverse_iterator (which holds
      // the next op) would leave it dangling.
      SmallVector<Operation *> body;
      for (Operation &op : kernel.getBodyBlock().without_terminator())
        body.push_back(&op);
      for (Operation *op : llvm::reverse(body))
        if (isOpTriviallyDead(op))
          rewriter.eraseOp(op);
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
