//===- MatmulTile.cpp - one matmul tile per warp or wave ------------------===//
//
// The matching and rewriting shared by strata-kernel-matmul-to-mma (CUDA)
// and strata-kernel-matmul-to-amdgpu (ROCm); see MatmulTile.h.
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/KernelToGPU/MatmulTile.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
namespace kernel = strata::kernel;

namespace {

MemRefType staticTile(Value v) {
  auto t = dyn_cast<MemRefType>(v.getType());
  if (!t || t.getRank() != 2 || !t.hasStaticShape())
    return nullptr;
  return t;
}

/// True when an op strictly between `from` and `to` (same block) may write
/// memory.
bool writesBetween(Operation *from, Operation *to) {
  for (Operation *op = from->getNextNode(); op && op != to;
       op = op->getNextNode()) {
    auto iface = dyn_cast<MemoryEffectOpInterface>(op);
    if (!iface || iface.hasEffect<MemoryEffects::Write>())
      return true;
  }
  return false;
}

/// Fills in the scratch accumulator of `tile` (see MatmulTile.h); false
/// when C is an alloca used any other way.
bool matchScratch(strata::MatmulTile &tile, bool epilogueInputs) {
  linalg::MatmulOp mm = tile.matmul;
  auto alloca = tile.c.getDefiningOp<memref::AllocaOp>();
  if (!alloca)
    return true;
  if (alloca.getType().getMemorySpace())
    return false;
  for (Operation *user : alloca->getUsers()) {
    if (user == mm.getOperation())
      continue;
    if (auto fill = dyn_cast<linalg::FillOp>(user)) {
      if (tile.fill || fill->getBlock() != mm->getBlock() ||
          !fill->isBeforeInBlock(mm))
        return false;
      tile.fill = fill;
      continue;
    }
    // Initialized from a buffer instead (CSE merges the zero fills of
    // several matmuls into one kernel filling a global buffer, which each
    // matmul kernel copies in): that buffer is read in its place, so
    // nothing may write memory between the copy and the matmul.
    if (auto copy = dyn_cast<memref::CopyOp>(user)) {
      if (tile.copy || copy.getTarget() != tile.c ||
          copy.getSource() == tile.c || copy->getBlock() != mm->getBlock() ||
          !copy->isBeforeInBlock(mm) || writesBetween(copy, mm) ||
          cast<MemRefType>(copy.getSource().getType()).getElementType() !=
              tile.accumulatorType)
        return false;
      tile.copy = copy;
      continue;
    }
    // The epilogue reads the accumulator (once, element for element) and
    // writes something else.
    auto g = dyn_cast<linalg::GenericOp>(user);
    if (!g || tile.epilogue || g->getBlock() != mm->getBlock() ||
        !mm->isBeforeInBlock(g) || g.getNumParallelLoops() != g.getNumLoops())
      return false;
    int reads = 0;
    for (OpOperand *in : g.getDpsInputOperands()) {
      if (in->get() != tile.c)
        continue;
      ++reads;
      if (!g.getMatchingIndexingMap(in).isIdentity())
        return false;
    }
    if (reads != 1 || (!epilogueInputs && g.getNumDpsInputs() != 1) ||
        llvm::any_of(g.getDpsInits(), [&](Value v) { return v == tile.c; }))
      return false;
    tile.epilogue = g;
  }
  if ((!tile.fill) == (!tile.copy) || !tile.epilogue)
    return false;
  tile.scratch = alloca;
  return true;
}

} // namespace

std::optional<strata::MatmulTile> strata::matchMatmulTile(kernel::FuncOp kernel,
                                                          bool epilogueInputs) {
  if (llvm::any_of(kernel.getWorkgroupSize(), [](int64_t s) { return s != 1; }))
    return std::nullopt;
  SmallVector<linalg::MatmulOp> mms;
  kernel.walk([&](linalg::MatmulOp mm) { mms.push_back(mm); });
  if (mms.size() != 1 || mms[0]->getParentOp() != kernel.getOperation())
    return std::nullopt;
  MatmulTile tile;
  tile.matmul = mms[0];
  tile.a = tile.matmul.getDpsInputs()[0];
  tile.b = tile.matmul.getDpsInputs()[1];
  tile.c = tile.matmul.getDpsInits()[0];
  MemRefType a = staticTile(tile.a), b = staticTile(tile.b),
             c = staticTile(tile.c);
  if (!a || !b || !c || a.getElementType() != b.getElementType() ||
      a.getDimSize(1) != b.getDimSize(0) ||
      c.getDimSize(0) != a.getDimSize(0) || c.getDimSize(1) != b.getDimSize(1))
    return std::nullopt;
  // The plain matmul maps (no transposes or broadcasts).
  if (tile.matmul.hasUserDefinedMaps())
    return std::nullopt;
  tile.m = a.getDimSize(0);
  tile.k = a.getDimSize(1);
  tile.n = b.getDimSize(1);
  tile.elementType = a.getElementType();
  tile.accumulatorType = c.getElementType();
  if (!matchScratch(tile, epilogueInputs))
    return std::nullopt;
  return tile;
}

ArrayAttr strata::matmulContractMaps(OpBuilder &b) {
  MLIRContext *ctx = b.getContext();
  AffineExpr m, n, k;
  bindDims(ctx, m, n, k);
  return b.getAffineMapArrayAttr({AffineMap::get(3, 0, {m, k}, ctx),
                                  AffineMap::get(3, 0, {k, n}, ctx),
                                  AffineMap::get(3, 0, {m, n}, ctx)});
}

ArrayAttr strata::matmulContractIterators(OpBuilder &b) {
  MLIRContext *ctx = b.getContext();
  return b.getArrayAttr(
      {vector::IteratorTypeAttr::get(ctx, vector::IteratorType::parallel),
       vector::IteratorTypeAttr::get(ctx, vector::IteratorType::parallel),
       vector::IteratorTypeAttr::get(ctx, vector::IteratorType::reduction)});
}

void strata::rewriteMatmulTile(kernel::FuncOp k, MatmulTile &tile,
                               int64_t threads, BuildContraction build) {
  linalg::MatmulOp mm = tile.matmul;
  MLIRContext *ctx = k.getContext();
  Location loc = mm.getLoc();
  OpBuilder bld(mm);
  Value zero = arith::ConstantIndexOp::create(bld, loc, 0);
  auto accType = VectorType::get({tile.m, tile.n}, tile.accumulatorType);
  Value init;
  if (tile.fill) {
    Value value = tile.fill.getDpsInputs()[0];
    init = vector::BroadcastOp::create(bld, loc, accType, value);
  } else {
    Value pad = arith::ConstantOp::create(
        bld, loc, bld.getZeroAttr(tile.accumulatorType));
    init = vector::TransferReadOp::create(
        bld, loc, accType, tile.copy ? tile.copy.getSource() : tile.c,
        ValueRange{zero, zero}, pad, ArrayRef<bool>{true, true});
  }
  Value result = build(bld, loc, init);
  if (tile.scratch) {
    // The whole tile for the epilogue, in the workgroup's shared memory.
    OpBuilder ab(tile.scratch);
    auto shared = memref::AllocaOp::create(
        ab, tile.scratch.getLoc(),
        MemRefType::get(
            {tile.m, tile.n}, tile.accumulatorType, MemRefLayoutAttrInterface(),
            kernel::MemorySpaceAttr::get(ctx, kernel::MemorySpace::Workgroup)));
    vector::TransferWriteOp::create(bld, loc, result, shared,
                                    ValueRange{zero, zero},
                                    ArrayRef<bool>{true, true});
    kernel::BarrierOp::create(bld, loc);
    for (OpOperand *in : tile.epilogue.getDpsInputOperands())
      if (in->get() == tile.c)
        in->set(shared);
    if (tile.fill)
      tile.fill.erase();
    else
      tile.copy.erase();
    mm.erase();
    tile.scratch.erase();
  } else {
    vector::TransferWriteOp::create(bld, loc, result, tile.c,
                                    ValueRange{zero, zero},
                                    ArrayRef<bool>{true, true});
    mm.erase();
  }
  k.setWorkgroupSizeAttr(
      DenseI64ArrayAttr::get(ctx, ArrayRef<int64_t>{threads, 1, 1}));
}
