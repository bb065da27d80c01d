//===- PadToGather.cpp - strata-tile-pad-to-gather
//-------------------------===//
//
// The device targets' constant padding: a pad-only tile.kernel becomes an
// elementwise linalg.generic that gathers from the source, so the GPU tile
// tables tile it over the grid like any elementwise kernel.
//
//===----------------------------------------------------------------------===//

#include "dialects/Tile/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace strata::tile {
#define GEN_PASS_DEF_TILEPADTOGATHER
#include "dialects/Tile/Transforms/Passes.h.inc"
} // namespace strata::tile

using namespace mlir;
using namespace strata::tile;

namespace {

/// The kernel's pad, if the kernel computes nothing else: its result is
/// the kernel's one result and its source a kernel operand.
tensor::PadOp padOnly(KernelOp kernel) {
  auto yield = cast<YieldOp>(kernel.getBodyBlock().getTerminator());
  if (yield.getValues().size() != 1)
    return nullptr;
  auto pad = yield.getValues()[0].getDefiningOp<tensor::PadOp>();
  if (!pad)
    return nullptr;
  auto src = dyn_cast<BlockArgument>(pad.getSource());
  if (!src || src.getOwner() != &kernel.getBodyBlock())
    return nullptr;
  if (!pad.getSourceType().hasStaticShape() ||
      !pad.getResultType().hasStaticShape() || !pad.getConstantPaddingValue())
    return nullptr;
  for (Operation &op : kernel.getBodyBlock().without_terminator())
    if (&op != pad.getOperation() && !isa<arith::ConstantOp>(op))
      return nullptr;
  return pad;
}

void rewrite(tensor::PadOp pad) {
  OpBuilder b(pad);
  Location loc = pad.getLoc();
  RankedTensorType srcType = pad.getSourceType();
  RankedTensorType type = pad.getResultType();
  SmallVector<int64_t> low = llvm::to_vector(pad.getStaticLow());
  Value value = pad.getConstantPaddingValue();
  Value init =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  int64_t rank = type.getRank();
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank)};
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  auto gather = linalg::GenericOp::create(
      b, loc, TypeRange{type}, ValueRange{}, ValueRange{init}, maps, iters,
      [&](OpBuilder &gb, Location l, ValueRange) {
        Value inside;
        SmallVector<Value> index;
        Value zero = arith::ConstantIndexOp::create(gb, l, 0);
        for (int64_t d = 0; d < rank; ++d) {
          Value i = linalg::IndexOp::create(gb, l, d);
          int64_t hi = type.getDimSize(d) - low[d] - srcType.getDimSize(d);
          if (low[d] == 0 && hi == 0) {
            index.push_back(i);
            continue;
          }
          // Source index i - low, in [0, size) inside the source.
          Value s = arith::SubIOp::create(
              gb, l, i, arith::ConstantIndexOp::create(gb, l, low[d]));
          Value ge =
              arith::CmpIOp::create(gb, l, arith::CmpIPredicate::sge, s, zero);
          Value lt = arith::CmpIOp::create(
              gb, l, arith::CmpIPredicate::slt, s,
              arith::ConstantIndexOp::create(gb, l, srcType.getDimSize(d)));
          Value in = arith::AndIOp::create(gb, l, ge, lt);
          inside = inside ? arith::AndIOp::create(gb, l, inside, in) : in;
          // Clamped, so that no read leaves the source.
          index.push_back(arith::SelectOp::create(gb, l, in, s, zero));
        }
        Value v = tensor::ExtractOp::create(gb, l, pad.getSource(), index);
        Value r = inside ? arith::SelectOp::create(gb, l, inside, v, value) : v;
        linalg::YieldOp::create(gb, l, r);
      });
  pad.getResult().replaceAllUsesWith(gather.getResult(0));
  pad.erase();
}

struct TilePadToGather
    : public strata::tile::impl::TilePadToGatherBase<TilePadToGather> {
  void runOnOperation() override {
    SmallVector<tensor::PadOp> pads;
    getOperation().walk([&](KernelOp kernel) {
      if (tensor::PadOp pad = padOnly(kernel))
        pads.push_back(pad);
    });
    for (tensor::PadOp pad : pads)
      rewrite(pad);
  }
};

} // namespace
