//===- CooperativeMatmul.cpp - strata-kernel-cooperative-matmul -----------===//
//
// The device targets' SIMT matmul at the kernel layer: a matmul workgroup
// tile becomes the work of a block of threads that stage slices of A and B
// in workgroup memory (with vector loads where the rows allow) and each
// accumulate an RM x RN block in registers. Target-neutral: Vulkan, CUDA and
// ROCm lower the same kernel (kernel.local_id, kernel.barrier, workgroup
// memory).
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/KernelToGPU/Passes.h"

#include "dialects/Kernel/IR/KernelDialect.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

namespace strata {
#define GEN_PASS_DEF_KERNELCOOPERATIVEMATMUL
#include "strata/Conversion/KernelToGPU/Passes.h.inc"
} // namespace strata

using namespace mlir;
namespace kernel = strata::kernel;

namespace {

/// The root buffer behind a chain of subviews: a kernel argument or a
/// constant (memref.get_global), i.e. global memory; null otherwise.
bool readsGlobal(Value v, kernel::FuncOp k) {
  while (auto sv = v.getDefiningOp<memref::SubViewOp>())
    v = sv.getSource();
  if (auto arg = dyn_cast<BlockArgument>(v))
    return arg.getOwner() == &k.getBody().front();
  return v.getDefiningOp<memref::GetGlobalOp>() != nullptr;
}

MemRefType staticMatrix(Value v) {
  auto t = dyn_cast<MemRefType>(v.getType());
  if (!t || t.getRank() != 2 || !t.hasStaticShape() ||
      !isa<FloatType>(t.getElementType()))
    return nullptr;
  return t;
}

/// True if `v` is a multiple of `n` by construction: a constant, or sums
/// and products (with a constant factor) of such values.
bool knownMultiple(Value v, int64_t n) {
  if (n == 1)
    return true;
  if (std::optional<int64_t> c = getConstantIntValue(v))
    return *c % n == 0;
  if (auto mul = v.getDefiningOp<arith::MulIOp>())
    return knownMultiple(mul.getLhs(), n) || knownMultiple(mul.getRhs(), n);
  if (auto add = v.getDefiningOp<arith::AddIOp>())
    return knownMultiple(add.getLhs(), n) && knownMultiple(add.getRhs(), n);
  return false;
}

bool knownMultiple(OpFoldResult r, int64_t n) {
  if (auto attr = dyn_cast<Attribute>(r))
    return cast<IntegerAttr>(attr).getInt() % n == 0;
  return knownMultiple(cast<Value>(r), n);
}

/// True if every element of `v` at an innermost index that is a multiple of
/// `n` sits at a multiple of `n` elements from its buffer's start, and rows
/// are contiguous: unit-stride subviews of an identity-layout global buffer
/// whose outer strides and innermost offsets are multiples of `n`.
bool rowsAligned(Value v, int64_t n) {
  while (auto sv = v.getDefiningOp<memref::SubViewOp>()) {
    if (!llvm::all_of(sv.getMixedStrides(), [](OpFoldResult s) {
          std::optional<int64_t> c = getConstantIntValue(s);
          return c && *c == 1;
        }))
      return false;
    if (!knownMultiple(sv.getMixedOffsets().back(), n))
      return false;
    v = sv.getSource();
  }
  auto t = cast<MemRefType>(v.getType());
  if (!t.getLayout().isIdentity() || !t.hasStaticShape())
    return false;
  return t.getShape().back() % n == 0;
}

/// The buffer behind `v`'s unit-stride subviews and the indices into it of
/// `v[indices]`. Vector loads index the buffer itself: folding a subview into
/// a vector.load upstream (fold-memref-alias-ops) drops its alignment.
std::pair<Value, SmallVector<Value>>
resolveSubviews(OpBuilder &b, Location loc, Value v, ValueRange indices) {
  SmallVector<Value> idx(indices);
  while (auto sv = v.getDefiningOp<memref::SubViewOp>()) {
    llvm::SmallBitVector dropped = sv.getDroppedDims();
    SmallVector<Value> next;
    unsigned pos = 0;
    for (auto [d, off] : llvm::enumerate(sv.getMixedOffsets())) {
      Value o = getValueOrCreateConstantIndexOp(b, loc, off);
      if (dropped.test(d)) {
        next.push_back(o);
        continue;
      }
      next.push_back(arith::AddIOp::create(b, loc, o, idx[pos++]));
    }
    idx = std::move(next);
    v = sv.getSource();
  }
  return {v, idx};
}

/// Elements per global vector load of a slice read `chunk` elements per
/// row at offsets that are multiples of the width: the largest power of two
/// up to `width` that divides the chunk and keeps every load aligned.
int64_t loadWidth(Value slice, int64_t chunk, int64_t width) {
  int64_t v = 1;
  while (v * 2 <= width && chunk % (v * 2) == 0 && rowsAligned(slice, v * 2))
    v *= 2;
  return v;
}

/// What is rewritten: the matmul, the fill of its accumulator (optional),
/// the accumulator when it is a private scratch tile, and the elementwise
/// epilogue that reads the accumulator (required with a scratch tile).
struct Match {
  linalg::MatmulOp mm;
  linalg::FillOp fill;
  memref::AllocaOp scratch;
  linalg::GenericOp epilogue;
};

/// An elementwise consumer of the tile: all loops parallel over the
/// accumulator's shape, projected-permutation maps, the accumulator read
/// through the identity.
bool isTileEpilogue(linalg::GenericOp g, Value acc, MemRefType accType) {
  if (g.getNumLoops() != 2 || g.getNumParallelLoops() != 2 ||
      g.getNumDpsInits() != 1 || !g.hasPureBufferSemantics())
    return false;
  SmallVector<int64_t> ranges = g.getStaticLoopRanges();
  if (ranges[0] != accType.getDimSize(0) || ranges[1] != accType.getDimSize(1))
    return false;
  for (OpOperand &o : g->getOpOperands()) {
    AffineMap m = g.getMatchingIndexingMap(&o);
    if (!m.isProjectedPermutation())
      return false;
    if (o.get() == acc && !m.isIdentity())
      return false;
  }
  return true;
}

std::optional<Match> match(kernel::FuncOp k) {
  if (llvm::any_of(k.getWorkgroupSize(), [](int64_t s) { return s != 1; }))
    return std::nullopt;
  Match m{};
  SmallVector<linalg::LinalgOp> ops;
  k.walk([&](linalg::LinalgOp op) { ops.push_back(op); });
  for (linalg::LinalgOp op : ops)
    if (auto mm = dyn_cast<linalg::MatmulOp>(op.getOperation())) {
      if (m.mm)
        return std::nullopt;
      m.mm = mm;
    }
  if (!m.mm || m.mm->getParentOp() != k.getOperation() ||
      !m.mm.hasPureBufferSemantics())
    return std::nullopt;
  Value a = m.mm.getDpsInputs()[0], b = m.mm.getDpsInputs()[1];
  Value c = m.mm.getDpsInits()[0];
  MemRefType at = staticMatrix(a), bt = staticMatrix(b), ct = staticMatrix(c);
  if (!at || !bt || !ct || !readsGlobal(a, k) || !readsGlobal(b, k))
    return std::nullopt;
  // linalg.matmul extends A and B to C's type: floats, never narrower.
  if (at.getElementTypeBitWidth() > ct.getElementTypeBitWidth() ||
      bt.getElementTypeBitWidth() > ct.getElementTypeBitWidth())
    return std::nullopt;
  if (auto alloca = c.getDefiningOp<memref::AllocaOp>()) {
    if (alloca.getType().getMemorySpace())
      return std::nullopt;
    m.scratch = alloca;
  } else if (!readsGlobal(c, k)) {
    return std::nullopt;
  }
  // Every other linalg op is the fill of C before the matmul or one
  // epilogue after it; nothing else may touch C.
  for (linalg::LinalgOp op : ops) {
    if (op.getOperation() == m.mm.getOperation())
      continue;
    if (op->getParentOp() != k.getOperation())
      return std::nullopt;
    if (auto fill = dyn_cast<linalg::FillOp>(op.getOperation())) {
      if (m.fill || fill.getDpsInits()[0] != c || !fill->isBeforeInBlock(m.mm))
        return std::nullopt;
      m.fill = fill;
      continue;
    }
    auto g = dyn_cast<linalg::GenericOp>(op.getOperation());
    if (!g || m.epilogue || !m.mm->isBeforeInBlock(g) ||
        !llvm::is_contained(g->getOperands(), c) || !isTileEpilogue(g, c, ct))
      return std::nullopt;
    m.epilogue = g;
  }
  if (m.scratch) {
    if (!m.epilogue || m.epilogue.getDpsInits()[0] == c)
      return std::nullopt;
    for (Operation *user : m.scratch->getUsers())
      if (user != m.mm && user != m.fill && user != m.epilogue)
        return std::nullopt;
  }
  return m;
}

struct Plan {
  int64_t tm, tn, k, rm, rn, bk, va, vb, threads;
};

std::optional<Plan> plan(Match m, int64_t maxThreads, int64_t width,
                         int64_t tileK) {
  auto at = cast<MemRefType>(m.mm.getDpsInputs()[0].getType());
  auto bt = cast<MemRefType>(m.mm.getDpsInputs()[1].getType());
  Plan p{};
  p.tm = at.getDimSize(0);
  p.k = at.getDimSize(1);
  p.tn = bt.getDimSize(1);
  p.rm = 4;
  p.rn = 4;
  if (p.tm % 4 || p.tn % 4 || p.k == 0)
    return std::nullopt;
  while ((p.tm / p.rm) * (p.tn / p.rn) > maxThreads) {
    if (p.rn <= p.rm && p.tn % (p.rn * 2) == 0)
      p.rn *= 2;
    else if (p.tm % (p.rm * 2) == 0)
      p.rm *= 2;
    else
      return std::nullopt;
    if (p.rm * p.rn > 64)
      return std::nullopt;
  }
  p.threads = (p.tm / p.rm) * (p.tn / p.rn);
  // A block is at least one warp/wave of useful work.
  if (p.threads < 32)
    return std::nullopt;
  p.bk = 1;
  while (p.bk * 2 <= tileK && p.k % (p.bk * 2) == 0)
    p.bk *= 2;
  p.va = loadWidth(m.mm.getDpsInputs()[0], p.bk, width);
  p.vb = loadWidth(m.mm.getDpsInputs()[1], p.tn, width);
  return p;
}

void rewrite(kernel::FuncOp k, Match m, const Plan &p) {
  MLIRContext *ctx = k.getContext();
  Location loc = m.mm.getLoc();
  Value a = m.mm.getDpsInputs()[0], b = m.mm.getDpsInputs()[1];
  Value c = m.mm.getDpsInits()[0];
  auto at = cast<MemRefType>(a.getType());
  auto ct = cast<MemRefType>(c.getType());
  Type et = at.getElementType();
  Type bet = cast<MemRefType>(b.getType()).getElementType();
  Type acct = ct.getElementType();

  // Workgroup memory, at the top of the kernel.
  OpBuilder top = OpBuilder::atBlockBegin(&k.getBody().front());
  auto workgroup =
      kernel::MemorySpaceAttr::get(ctx, kernel::MemorySpace::Workgroup);
  auto aShared = memref::AllocaOp::create(
      top, loc,
      MemRefType::get({p.bk, p.tm}, et, MemRefLayoutAttrInterface(),
                      workgroup));
  auto bShared = memref::AllocaOp::create(
      top, loc,
      MemRefType::get({p.bk, p.tn}, bet, MemRefLayoutAttrInterface(),
                      workgroup));

  OpBuilder bld(m.mm);
  auto cst = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(bld, loc, v);
  };
  Value tid = kernel::LocalIdOp::create(bld, loc, kernel::Dim::x);
  Value cols = cst(p.tn / p.rn);
  Value rowBase = arith::MulIOp::create(
      bld, loc, arith::DivUIOp::create(bld, loc, tid, cols), cst(p.rm));
  Value colBase = arith::MulIOp::create(
      bld, loc, arith::RemUIOp::create(bld, loc, tid, cols), cst(p.rn));
  SmallVector<Value> rowIdx, colIdx;
  for (int64_t i = 0; i < p.rm; ++i)
    rowIdx.push_back(arith::AddIOp::create(bld, loc, rowBase, cst(i)));
  for (int64_t j = 0; j < p.rn; ++j)
    colIdx.push_back(arith::AddIOp::create(bld, loc, colBase, cst(j)));

  // The registers' initial values: the fill's, else C's.
  SmallVector<Value> init;
  for (int64_t i = 0; i < p.rm; ++i)
    for (int64_t j = 0; j < p.rn; ++j)
      init.push_back(m.fill ? m.fill.getDpsInputs()[0]
                            : memref::LoadOp::create(
                                  bld, loc, c, ValueRange{rowIdx[i], colIdx[j]})
                                  .getResult());

  auto extend = [&](OpBuilder &ob, Value v) -> Value {
    if (v.getType() == acct)
      return v;
    return arith::ExtFOp::create(ob, loc, acct, v);
  };

  // Copies `rows` x `width` elements (vectors of `v`) of `src` at
  // (row0, col0) into `dst`, transposed or not, spread over the block.
  auto copy = [&](OpBuilder &ob, Value src, Value row0, Value col0, Value dst,
                  int64_t rows, int64_t width, int64_t v, bool transpose) {
    int64_t perRow = width / v;
    auto loop = scf::ForOp::create(
        ob, loc, tid, arith::ConstantIndexOp::create(ob, loc, rows * perRow),
        arith::ConstantIndexOp::create(ob, loc, p.threads));
    OpBuilder lb = OpBuilder::atBlockBegin(loop.getBody());
    Value chunk = loop.getInductionVar();
    Value r = arith::DivUIOp::create(
        lb, loc, chunk, arith::ConstantIndexOp::create(lb, loc, perRow));
    Value cc = arith::MulIOp::create(
        lb, loc,
        arith::RemUIOp::create(lb, loc, chunk,
                               arith::ConstantIndexOp::create(lb, loc, perRow)),
        arith::ConstantIndexOp::create(lb, loc, v));
    Value srcRow =
        row0 ? arith::AddIOp::create(lb, loc, row0, r).getResult() : r;
    Value srcCol =
        col0 ? arith::AddIOp::create(lb, loc, col0, cc).getResult() : cc;
    Type elem = cast<MemRefType>(src.getType()).getElementType();
    auto store = [&](Value x, Value dr, Value dc) {
      memref::StoreOp::create(
          lb, loc, x, dst, transpose ? ValueRange{dc, dr} : ValueRange{dr, dc});
    };
    if (v == 1) {
      store(memref::LoadOp::create(lb, loc, src, ValueRange{srcRow, srcCol}), r,
            cc);
      return;
    }
    auto vt = VectorType::get({v}, elem);
    auto [root, rootIdx] =
        resolveSubviews(lb, loc, src, ValueRange{srcRow, srcCol});
    auto load = vector::LoadOp::create(
        lb, loc, vt, root, rootIdx, /*nontemporal=*/false,
        llvm::MaybeAlign(v * elem.getIntOrFloatBitWidth() / 8));
    if (!transpose) {
      vector::StoreOp::create(
          lb, loc, load, dst, ValueRange{r, cc},
          /*nontemporal=*/false,
          llvm::MaybeAlign(v * elem.getIntOrFloatBitWidth() / 8));
      return;
    }
    for (int64_t e = 0; e < v; ++e) {
      Value x = vector::ExtractOp::create(lb, loc, load, e);
      store(x, r,
            arith::AddIOp::create(lb, loc, cc,
                                  arith::ConstantIndexOp::create(lb, loc, e)));
    }
  };

  auto kLoop = scf::ForOp::create(bld, loc, cst(0), cst(p.k), cst(p.bk), init);
  {
    OpBuilder kb = OpBuilder::atBlockBegin(kLoop.getBody());
    Value k0 = kLoop.getInductionVar();
    // A's TM x BK slice, transposed (BK x TM): a thread's RM rows of one k
    // are then contiguous, as are its RN columns of B.
    copy(kb, a, Value(), k0, aShared, p.tm, p.bk, p.va, /*transpose=*/true);
    copy(kb, b, k0, Value(), bShared, p.bk, p.tn, p.vb, /*transpose=*/false);
    kernel::BarrierOp::create(kb, loc);
    auto inner = scf::ForOp::create(
        kb, loc, arith::ConstantIndexOp::create(kb, loc, 0),
        arith::ConstantIndexOp::create(kb, loc, p.bk),
        arith::ConstantIndexOp::create(kb, loc, 1), kLoop.getRegionIterArgs());
    {
      OpBuilder ib = OpBuilder::atBlockBegin(inner.getBody());
      Value kk = inner.getInductionVar();
      SmallVector<Value> av, bv;
      for (int64_t i = 0; i < p.rm; ++i)
        av.push_back(
            extend(ib, memref::LoadOp::create(ib, loc, aShared,
                                              ValueRange{kk, rowIdx[i]})));
      for (int64_t j = 0; j < p.rn; ++j)
        bv.push_back(
            extend(ib, memref::LoadOp::create(ib, loc, bShared,
                                              ValueRange{kk, colIdx[j]})));
      SmallVector<Value> next;
      auto contract =
          arith::FastMathFlagsAttr::get(ctx, arith::FastMathFlags::contract);
      for (int64_t i = 0; i < p.rm; ++i)
        for (int64_t j = 0; j < p.rn; ++j) {
          // contract: the target may fuse them into one FMA.
          Value prod = arith::MulFOp::create(ib, loc, av[i], bv[j], contract);
          next.push_back(arith::AddFOp::create(
              ib, loc, inner.getRegionIterArgs()[i * p.rn + j], prod,
              contract));
        }
      scf::YieldOp::create(ib, loc, next);
    }
    kernel::BarrierOp::create(kb, loc);
    scf::YieldOp::create(kb, loc, inner.getResults());
  }
  ValueRange acc = kLoop.getResults();

  // The thread's block of the result: private registers for a scratch
  // accumulator, else C itself.
  Value own = c;
  if (m.scratch)
    own =
        memref::AllocaOp::create(bld, loc, MemRefType::get({p.rm, p.rn}, acct));
  for (int64_t i = 0; i < p.rm; ++i)
    for (int64_t j = 0; j < p.rn; ++j)
      memref::StoreOp::create(bld, loc, acc[i * p.rn + j], own,
                              ValueRange{m.scratch ? cst(i) : rowIdx[i],
                                         m.scratch ? cst(j) : colIdx[j]});

  if (m.epilogue) {
    // The epilogue on the thread's RM x RN block of every operand.
    linalg::GenericOp g = m.epilogue;
    OpBuilder eb(g);
    SmallVector<OpFoldResult> ivs = {rowBase, colBase};
    SmallVector<OpFoldResult> sizes = {eb.getIndexAttr(p.rm),
                                       eb.getIndexAttr(p.rn)};
    SmallVector<OpFoldResult> bounds = {eb.getIndexAttr(p.tm),
                                        eb.getIndexAttr(p.tn)};
    SmallVector<Value> operands(g->getOperands());
    SmallVector<Value> tiled =
        linalg::makeTiledShapes(eb, g.getLoc(), g, operands, ivs, sizes, bounds,
                                /*omitPartialTileCheck=*/true);
    SmallVector<Operation *> unused;
    for (auto [i, v] : llvm::enumerate(operands))
      if (m.scratch && v == c) {
        if (Operation *view = tiled[i].getDefiningOp())
          unused.push_back(view);
        tiled[i] = own;
      }
    Operation *t = clone(eb, g, TypeRange{}, tiled);
    for (Operation *view : unused)
      if (view->use_empty())
        view->erase();
    linalg::offsetIndices(eb, cast<linalg::LinalgOp>(t), ivs);
    g.erase();
  }
  if (m.fill)
    m.fill.erase();
  m.mm.erase();
  if (m.scratch)
    m.scratch.erase();
  k.setWorkgroupSizeAttr(
      DenseI64ArrayAttr::get(ctx, ArrayRef<int64_t>{p.threads, 1, 1}));
}

struct KernelCooperativeMatmul
    : public strata::impl::KernelCooperativeMatmulBase<
          KernelCooperativeMatmul> {
  using Base::Base;

  void runOnOperation() override {
    if (maxThreads < 32 || maxThreads > 1024 || tileK < 1 ||
        !llvm::is_contained({1, 2, 4, 8}, int(vectorWidth))) {
      emitError(getOperation().getLoc(),
                "strata-kernel-cooperative-matmul: max-threads must be in "
                "32..1024, tile-k positive, vector-width 1, 2, 4 or 8");
      return signalPassFailure();
    }
    for (kernel::FuncOp k : getOperation().getOps<kernel::FuncOp>()) {
      std::optional<Match> m = match(k);
      if (!m)
        continue;
      std::optional<Plan> p = plan(*m, maxThreads, vectorWidth, tileK);
      if (p)
        rewrite(k, *m, *p);
    }
  }
};

} // namespace
