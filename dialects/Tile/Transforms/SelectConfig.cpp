//===- SelectConfig.cpp - strata-tile-select-config ------------------------===//
//
// Chooses a #tile.config for every tile.kernel from a per-target tile table.
// The table is CPU-only for now; a target hook selects it when other targets
// arrive.
//
//===----------------------------------------------------------------------===//

#include "dialects/Tile/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Interfaces/TilingInterface.h"

namespace strata::tile {
#define GEN_PASS_DEF_TILESELECTCONFIG
#include "dialects/Tile/Transforms/Passes.h.inc"
} // namespace strata::tile

using namespace mlir;
using namespace strata::tile;

namespace {

/// The CPU tile table: target output elements per workgroup and, for
/// contractions, the workgroup tile of the (M, N) output.
struct CpuTileTable {
  static constexpr int64_t kElementsPerWorkgroup = 16384;
  static constexpr int64_t kMatmulRows = 32;
  static constexpr int64_t kMatmulCols = 256;
};

/// The largest divisor of `size` that is <= `target`, if it is at least
/// target / 4 (so tiles are neither ragged nor tiny); else `target`.
int64_t pickTile(int64_t size, int64_t target) {
  if (size <= target)
    return size;
  for (int64_t t = target; t >= std::max<int64_t>(1, target / 4); --t)
    if (size % t == 0)
      return t;
  return target;
}

/// The kind of the kernel's root (its first non-elementwise op, else the
/// last op).
StringRef rootKind(KernelOp kernel) {
  for (Operation &op : kernel.getBodyBlock()) {
    auto linalgOp = dyn_cast<linalg::LinalgOp>(&op);
    if (!linalgOp) {
      if (!isa<arith::ConstantOp, tensor::EmptyOp, YieldOp>(op) &&
          op.getNumRegions() == 0 && op.getNumResults() == 1 &&
          isa<RankedTensorType>(op.getResult(0).getType()))
        return "copy";
      continue;
    }
    if (linalgOp.getNumReductionLoops() == 0)
      continue;
    if (linalg::isaContractionOpInterface(linalgOp))
      return "matmul";
    if (linalg::isaConvolutionOpInterface(linalgOp))
      return isa<linalg::PoolingNchwMaxOp, linalg::PoolingNchwSumOp,
                 linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcSumOp>(op)
                 ? "pool"
                 : "conv";
    return "reduction";
  }
  return "elementwise";
}

struct TileSelectConfig
    : public strata::tile::impl::TileSelectConfigBase<TileSelectConfig> {
  void runOnOperation() override {
    getOperation().walk([&](KernelOp kernel) {
      if (kernel.getConfig())
        return;
      StringRef kind = rootKind(kernel);
      SmallVector<int64_t> workgroup;
      auto yield = cast<YieldOp>(kernel.getBodyBlock().getTerminator());
      Operation *last =
          yield.getValues().empty() ? nullptr
                                    : yield.getValues()[0].getDefiningOp();
      auto tileable = dyn_cast_or_null<TilingInterface>(last);
      if (tileable) {
        SmallVector<utils::IteratorType> iters =
            tileable.getLoopIteratorTypes();
        OpBuilder b(last);
        SmallVector<Range> ranges = tileable.getIterationDomain(b);
        SmallVector<int64_t> sizes;
        for (Range r : ranges) {
          std::optional<int64_t> s = getConstantIntValue(r.size);
          sizes.push_back(s ? *s : ShapedType::kDynamic);
        }
        workgroup.assign(sizes.size(), 0);
        // Indices of the parallel loops, outermost first.
        SmallVector<unsigned> parallel;
        for (auto [i, it] : llvm::enumerate(iters))
          if (it == utils::IteratorType::parallel)
            parallel.push_back(i);
        if (kind == "matmul" && parallel.size() >= 2) {
          // Batch dims one at a time, then rows and columns.
          for (unsigned i : ArrayRef(parallel).drop_back(2))
            workgroup[i] = 1;
          unsigned m = parallel[parallel.size() - 2], n = parallel.back();
          workgroup[m] = ShapedType::isDynamic(sizes[m])
                             ? CpuTileTable::kMatmulRows
                             : pickTile(sizes[m], CpuTileTable::kMatmulRows);
          workgroup[n] = ShapedType::isDynamic(sizes[n])
                             ? CpuTileTable::kMatmulCols
                             : pickTile(sizes[n], CpuTileTable::kMatmulCols);
        } else {
          // Innermost parallel dims whole while the tile stays within the
          // budget; the next one split; the outer ones one at a time.
          int64_t budget = CpuTileTable::kElementsPerWorkgroup;
          for (unsigned i : llvm::reverse(parallel)) {
            int64_t s = sizes[i];
            if (ShapedType::isDynamic(s)) {
              workgroup[i] = 1;
              budget = 1;
              continue;
            }
            if (budget <= 1) {
              workgroup[i] = 1;
              continue;
            }
            workgroup[i] = s <= budget ? s : pickTile(s, budget);
            budget = s <= budget ? budget / std::max<int64_t>(s, 1) : 1;
          }
        }
        // A workgroup covering the whole loop is "not tiled" (0).
        for (auto [w, s] : llvm::zip_equal(workgroup, sizes))
          if (w == s)
            w = 0;
      }
      kernel.setConfigAttr(ConfigAttr::get(&getContext(), kind, workgroup,
                                           /*reduction=*/{}, /*vector=*/{}));
    });
  }
};

} // namespace
