//===- CooperativeContraction.cpp - cooperative matmul/conv kernels -------===//
//
// strata-kernel-cooperative-contraction, the device targets' SIMT
// contractions at the kernel layer: a matmul, batch matmul or NCHW
// convolution workgroup tile becomes the work of a block of threads that
// stage operand slices in workgroup memory (with vector loads where the rows
// allow) and each accumulate an RM x RN block in registers. Target-neutral:
// Vulkan, CUDA and ROCm lower the same kernel (kernel.local_id,
// kernel.barrier, workgroup memory).
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/KernelToGPU/Passes.h"
#include "strata/Conversion/KernelToGPU/Wgmma.h"

#include "dialects/Kernel/IR/KernelDialect.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

namespace strata {
#define GEN_PASS_DEF_KERNELCOOPERATIVECONTRACTION
#include "strata/Conversion/KernelToGPU/Passes.h.inc"
} // namespace strata

using namespace mlir;
namespace kernel = strata::kernel;

namespace {

/// True if the buffer behind `v`'s chain of subviews is global memory: a
/// kernel argument or a constant (memref.get_global).
bool readsGlobal(Value v, kernel::FuncOp k) {
  while (auto sv = v.getDefiningOp<memref::SubViewOp>())
    v = sv.getSource();
  if (auto arg = dyn_cast<BlockArgument>(v))
    return arg.getOwner() == &k.getBody().front();
  return v.getDefiningOp<memref::GetGlobalOp>() != nullptr;
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

/// What is rewritten: the contraction (a matmul or an NCHW convolution),
/// the fill of its accumulator (optional), the accumulator when it is a
/// private scratch tile, and the elementwise epilogue that reads the
/// accumulator (required with a scratch tile).
struct Match {
  linalg::LinalgOp op;
  linalg::FillOp fill;
  memref::AllocaOp scratch;
  linalg::GenericOp epilogue;
};

MemRefType staticFloat(Value v, int64_t rank) {
  auto t = dyn_cast<MemRefType>(v.getType());
  if (!t || t.getRank() != rank || !t.hasStaticShape() ||
      !isa<FloatType>(t.getElementType()))
    return nullptr;
  return t;
}

/// An elementwise consumer of the tile: all loops parallel over the
/// accumulator's shape, projected-permutation maps, the accumulator read
/// through the identity.
bool isTileEpilogue(linalg::GenericOp g, Value acc, MemRefType accType) {
  int64_t rank = accType.getRank();
  if (g.getNumLoops() != rank || g.getNumParallelLoops() != rank ||
      g.getNumDpsInits() != 1 || !g.hasPureBufferSemantics() ||
      g.getStaticLoopRanges() != accType.getShape())
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
    if (isa<linalg::MatmulOp, linalg::BatchMatmulOp, linalg::Conv2DNchwFchwOp>(
            op.getOperation())) {
      if (m.op)
        return std::nullopt;
      m.op = op;
    }
  if (!m.op || m.op->getParentOp() != k.getOperation() ||
      !m.op.hasPureBufferSemantics())
    return std::nullopt;
  int64_t rank = isa<linalg::MatmulOp>(m.op.getOperation())        ? 2
                 : isa<linalg::BatchMatmulOp>(m.op.getOperation()) ? 3
                                                                   : 4;
  Value a = m.op.getDpsInputs()[0], b = m.op.getDpsInputs()[1];
  Value c = m.op.getDpsInits()[0];
  MemRefType at = staticFloat(a, rank), bt = staticFloat(b, rank),
             ct = staticFloat(c, rank);
  if (!at || !bt || !ct || !readsGlobal(a, k) || !readsGlobal(b, k))
    return std::nullopt;
  // linalg extends the operands to C's type: floats, never narrower.
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
  // Every other linalg op is the fill of C before the contraction or one
  // epilogue after it; nothing else may touch C.
  for (linalg::LinalgOp op : ops) {
    if (op == m.op)
      continue;
    if (op->getParentOp() != k.getOperation())
      return std::nullopt;
    if (auto fill = dyn_cast<linalg::FillOp>(op.getOperation())) {
      if (m.fill || fill.getDpsInits()[0] != c || !fill->isBeforeInBlock(m.op))
        return std::nullopt;
      m.fill = fill;
      continue;
    }
    auto g = dyn_cast<linalg::GenericOp>(op.getOperation());
    if (!g || m.epilogue || !m.op->isBeforeInBlock(g) ||
        !llvm::is_contained(g->getOperands(), c) || !isTileEpilogue(g, c, ct))
      return std::nullopt;
    m.epilogue = g;
  }
  if (m.scratch) {
    if (!m.epilogue || m.epilogue.getDpsInits()[0] == c)
      return std::nullopt;
    for (Operation *user : m.scratch->getUsers())
      if (user != m.op && user != m.fill && user != m.epilogue)
        return std::nullopt;
  }
  return m;
}

/// The block's shape. Matmul: a TM x TN tile, threads of RM x RN outputs,
/// K steps of BK. Convolution: an output tile of 1 x TF filters x TOH x TOW
/// pixels, threads of RF filters x 1 row x RP pixels, input channel steps
/// of BK; "rows" are filters, "columns" pixels.
struct Plan {
  bool conv = false;
  /// A batch matmul tile of one batch (operands 1 x rows x cols).
  bool batch = false;
  int64_t tm, tn, k, rm, rn, bk, va, vb, threads;
  // Convolution only.
  int64_t tow, kh, kw, sh, sw, dh, dw;
};

/// Grows the thread's block (columns first) until the block has at most
/// `maxThreads` threads of at most 64 outputs each.
bool fitThreads(int64_t rows, int64_t cols, int64_t &rm, int64_t &rn,
                int64_t maxThreads) {
  while ((rows / rm) * (cols / rn) > maxThreads) {
    if (rn <= rm && cols % (rn * 2) == 0)
      rn *= 2;
    else if (rows % (rm * 2) == 0)
      rm *= 2;
    else
      return false;
    if (rm * rn > 64)
      return false;
  }
  return true;
}

int64_t largestPow2Divisor(int64_t n, int64_t limit) {
  int64_t v = 1;
  while (v * 2 <= limit && n % (v * 2) == 0)
    v *= 2;
  return v;
}

std::optional<Plan> plan(Match m, int64_t maxThreads, int64_t width,
                         int64_t tileK) {
  Value a = m.op.getDpsInputs()[0], b = m.op.getDpsInputs()[1];
  auto at = cast<MemRefType>(a.getType());
  auto bt = cast<MemRefType>(b.getType());
  auto ct = cast<MemRefType>(m.op.getDpsInits()[0].getType());
  Plan p{};
  if (auto conv = dyn_cast<linalg::Conv2DNchwFchwOp>(m.op.getOperation())) {
    // a: input 1 x C x IH x IW, b: filter TF x C x KH x KW, c: 1 x TF x
    // TOH x TOW.
    p.conv = true;
    if (ct.getDimSize(0) != 1)
      return std::nullopt;
    auto strides = llvm::to_vector(conv.getStrides().getValues<int64_t>());
    auto dilations = llvm::to_vector(conv.getDilations().getValues<int64_t>());
    p.sh = strides[0];
    p.sw = strides[1];
    p.dh = dilations[0];
    p.dw = dilations[1];
    p.tm = ct.getDimSize(1);
    p.tow = ct.getDimSize(3);
    p.tn = ct.getDimSize(2) * p.tow;
    p.k = bt.getDimSize(1);
    p.kh = bt.getDimSize(2);
    p.kw = bt.getDimSize(3);
    p.rm = largestPow2Divisor(p.tm, 4);
    p.rn = largestPow2Divisor(p.tow, 4);
    if (p.k == 0 || !fitThreads(p.tm, p.tn, p.rm, p.rn, maxThreads) ||
        p.tow % p.rn)
      return std::nullopt;
    p.threads = (p.tm / p.rm) * (p.tn / p.rn);
    // Channels per step: up to 8, with the staged input patch and filter
    // slice within 16 KiB.
    int64_t bytesPerChannel =
        (at.getDimSize(2) * at.getDimSize(3) + p.kh * p.kw * p.tm) *
        (std::max(at.getElementTypeBitWidth(), bt.getElementTypeBitWidth()) /
         8);
    p.bk = largestPow2Divisor(p.k, 8);
    while (p.bk > 1 && p.bk * bytesPerChannel > 16384)
      p.bk /= 2;
    if (p.bk * bytesPerChannel > 16384)
      return std::nullopt;
    p.va = p.vb = 1;
  } else {
    p.batch = isa<linalg::BatchMatmulOp>(m.op.getOperation());
    if (p.batch && (at.getDimSize(0) != 1 || bt.getDimSize(0) != 1 ||
                    ct.getDimSize(0) != 1))
      return std::nullopt;
    int64_t d = p.batch ? 1 : 0;
    p.tm = at.getDimSize(d);
    p.k = at.getDimSize(d + 1);
    p.tn = bt.getDimSize(d + 1);
    p.rm = 4;
    p.rn = 4;
    if (p.tm % 4 || p.tn % 4 || p.k == 0 ||
        !fitThreads(p.tm, p.tn, p.rm, p.rn, maxThreads))
      return std::nullopt;
    p.threads = (p.tm / p.rm) * (p.tn / p.rn);
    p.bk = largestPow2Divisor(p.k, tileK);
    p.va = loadWidth(a, p.bk, width);
    p.vb = loadWidth(b, p.tn, width);
  }
  // A block is at least one warp/wave of useful work.
  if (p.threads < 32)
    return std::nullopt;
  return p;
}

void rewrite(kernel::FuncOp k, Match m, const Plan &p) {
  MLIRContext *ctx = k.getContext();
  Location loc = m.op.getLoc();
  Value a = m.op.getDpsInputs()[0], b = m.op.getDpsInputs()[1];
  Value c = m.op.getDpsInits()[0];
  auto at = cast<MemRefType>(a.getType());
  auto ct = cast<MemRefType>(c.getType());
  Type et = at.getElementType();
  Type bet = cast<MemRefType>(b.getType()).getElementType();
  Type acct = ct.getElementType();
  // A batch matmul's tile of one batch as 2-D views of A, B and C.
  Value cView = c;
  if (p.batch) {
    OpBuilder vb(m.op);
    auto view2d = [&](Value v) -> Value {
      auto t = cast<MemRefType>(v.getType());
      SmallVector<int64_t> offsets(3, 0), sizes(t.getShape()), strides(3, 1);
      auto type = memref::SubViewOp::inferRankReducedResultType(
          t.getShape().drop_front(), t, offsets, sizes, strides);
      return memref::SubViewOp::create(vb, loc, cast<MemRefType>(type), v,
                                       offsets, sizes, strides);
    };
    a = view2d(a);
    b = view2d(b);
    at = cast<MemRefType>(a.getType());
    if (!m.scratch)
      cView = view2d(c);
  }

  // Workgroup memory, at the top of the kernel. Matmul: A's BK x TM slice
  // (transposed) and B's BK x TN. Convolution: the filter's TF x BK x KH x
  // KW slice as (BK*KH*KW) x TF and the input's BK x IH x IW patch.
  OpBuilder top = OpBuilder::atBlockBegin(&k.getBody().front());
  auto workgroup =
      kernel::MemorySpaceAttr::get(ctx, kernel::MemorySpace::Workgroup);
  auto shared = [&](ArrayRef<int64_t> shape, Type t) {
    return memref::AllocaOp::create(
        top, loc,
        MemRefType::get(shape, t, MemRefLayoutAttrInterface(), workgroup));
  };
  Value rowsShared, colsShared;
  if (p.conv) {
    rowsShared = shared({p.bk * p.kh * p.kw, p.tm}, bet);
    colsShared = shared({p.bk, at.getDimSize(2), at.getDimSize(3)}, et);
  } else {
    rowsShared = shared({p.bk, p.tm}, et);
    colsShared = shared({p.bk, p.tn}, bet);
  }

  OpBuilder bld(m.op);
  auto idx = [loc](OpBuilder &ob, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(ob, loc, v);
  };
  auto cst = [&](int64_t v) { return idx(bld, v); };
  Value tid = kernel::LocalIdOp::create(bld, loc, kernel::Dim::x);
  // The thread's block: rows rowBase..+RM; columns colBase..+RN (matmul),
  // or pixels (oh, owBase..+RN) (convolution).
  Value cols = cst(p.tn / p.rn);
  Value rowBase = arith::MulIOp::create(
      bld, loc, arith::DivUIOp::create(bld, loc, tid, cols), cst(p.rm));
  Value colBase = arith::MulIOp::create(
      bld, loc, arith::RemUIOp::create(bld, loc, tid, cols), cst(p.rn));
  Value oh, owBase;
  if (p.conv) {
    // colBase = oh * TOW + owBase, as TOW % RN == 0.
    oh = arith::DivUIOp::create(bld, loc, colBase, cst(p.tow));
    owBase = arith::RemUIOp::create(bld, loc, colBase, cst(p.tow));
  }
  SmallVector<Value> rowIdx, colIdx;
  for (int64_t i = 0; i < p.rm; ++i)
    rowIdx.push_back(arith::AddIOp::create(bld, loc, rowBase, cst(i)));
  for (int64_t j = 0; j < p.rn; ++j)
    colIdx.push_back(
        arith::AddIOp::create(bld, loc, p.conv ? owBase : colBase, cst(j)));
  Value zero = cst(0);
  // C's indices of the thread's output (i, j).
  auto outIndex = [&](int64_t i, int64_t j) -> SmallVector<Value> {
    if (p.conv)
      return {zero, rowIdx[i], oh, colIdx[j]};
    return {rowIdx[i], colIdx[j]};
  };

  // The registers' initial values: the fill's, else C's.
  SmallVector<Value> init;
  for (int64_t i = 0; i < p.rm; ++i)
    for (int64_t j = 0; j < p.rn; ++j)
      init.push_back(
          m.fill ? m.fill.getDpsInputs()[0]
                 : memref::LoadOp::create(bld, loc, cView, outIndex(i, j))
                       .getResult());

  auto extend = [&](OpBuilder &ob, Value v) -> Value {
    if (v.getType() == acct)
      return v;
    return arith::ExtFOp::create(ob, loc, acct, v);
  };

  // A loop over `total` chunks spread over the block (thread t takes
  // t, t + T, ...); `body` gets the chunk index.
  auto spread = [&](OpBuilder &ob, int64_t total,
                    function_ref<void(OpBuilder &, Value)> body) {
    auto loop =
        scf::ForOp::create(ob, loc, tid, idx(ob, total), idx(ob, p.threads));
    OpBuilder lb = OpBuilder::atBlockBegin(loop.getBody());
    body(lb, loop.getInductionVar());
  };

  // Copies `rows` x `width` elements (vectors of `v`) of `src` at
  // (row0, col0) into `dst`, transposed or not, spread over the block.
  auto copy = [&](OpBuilder &ob, Value src, Value row0, Value col0, Value dst,
                  int64_t rows, int64_t width, int64_t v, bool transpose) {
    int64_t perRow = width / v;
    spread(ob, rows * perRow, [&](OpBuilder &lb, Value chunk) {
      Value r = arith::DivUIOp::create(lb, loc, chunk, idx(lb, perRow));
      Value cc = arith::MulIOp::create(
          lb, loc, arith::RemUIOp::create(lb, loc, chunk, idx(lb, perRow)),
          idx(lb, v));
      Value srcRow =
          row0 ? arith::AddIOp::create(lb, loc, row0, r).getResult() : r;
      Value srcCol =
          col0 ? arith::AddIOp::create(lb, loc, col0, cc).getResult() : cc;
      Type elem = cast<MemRefType>(src.getType()).getElementType();
      auto store = [&](Value x, Value dr, Value dc) {
        memref::StoreOp::create(lb, loc, x, dst,
                                transpose ? ValueRange{dc, dr}
                                          : ValueRange{dr, dc});
      };
      if (v == 1) {
        store(memref::LoadOp::create(lb, loc, src, ValueRange{srcRow, srcCol}),
              r, cc);
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
        store(x, r, arith::AddIOp::create(lb, loc, cc, idx(lb, e)));
      }
    });
  };

  auto contract =
      arith::FastMathFlagsAttr::get(ctx, arith::FastMathFlags::contract);
  // acc[i][j] += av[i] * bv[j]; contract: the target may fuse each pair
  // into one FMA.
  auto update = [&](OpBuilder &ib, ValueRange acc, ArrayRef<Value> av,
                    ArrayRef<Value> bv) {
    SmallVector<Value> next;
    for (int64_t i = 0; i < p.rm; ++i)
      for (int64_t j = 0; j < p.rn; ++j) {
        Value prod = arith::MulFOp::create(ib, loc, av[i], bv[j], contract);
        next.push_back(
            arith::AddFOp::create(ib, loc, acc[i * p.rn + j], prod, contract));
      }
    return next;
  };
  // An scf.for from 0 to `n` carrying the accumulators.
  auto accLoop =
      [&](OpBuilder &ob, int64_t n, ValueRange acc,
          function_ref<SmallVector<Value>(OpBuilder &, Value, ValueRange)> body)
      -> SmallVector<Value> {
    auto loop =
        scf::ForOp::create(ob, loc, idx(ob, 0), idx(ob, n), idx(ob, 1), acc);
    OpBuilder lb = OpBuilder::atBlockBegin(loop.getBody());
    scf::YieldOp::create(
        lb, loc, body(lb, loop.getInductionVar(), loop.getRegionIterArgs()));
    return SmallVector<Value>(loop.getResults());
  };

  auto kLoop = scf::ForOp::create(bld, loc, cst(0), cst(p.k), cst(p.bk), init);
  {
    OpBuilder kb = OpBuilder::atBlockBegin(kLoop.getBody());
    Value k0 = kLoop.getInductionVar();
    ValueRange acc = kLoop.getRegionIterArgs();
    SmallVector<Value> result;
    if (!p.conv) {
      // A's TM x BK slice, transposed (BK x TM): a thread's RM rows of one
      // k are then contiguous, as are its RN columns of B.
      copy(kb, a, Value(), k0, rowsShared, p.tm, p.bk, p.va,
           /*transpose=*/true);
      copy(kb, b, k0, Value(), colsShared, p.bk, p.tn, p.vb,
           /*transpose=*/false);
      kernel::BarrierOp::create(kb, loc);
      result =
          accLoop(kb, p.bk, acc, [&](OpBuilder &ib, Value kk, ValueRange acc) {
            SmallVector<Value> av, bv;
            for (int64_t i = 0; i < p.rm; ++i)
              av.push_back(extend(
                  ib, memref::LoadOp::create(ib, loc, rowsShared,
                                             ValueRange{kk, rowIdx[i]})));
            for (int64_t j = 0; j < p.rn; ++j)
              bv.push_back(extend(
                  ib, memref::LoadOp::create(ib, loc, colsShared,
                                             ValueRange{kk, colIdx[j]})));
            return update(ib, acc, av, bv);
          });
    } else {
      int64_t ih = at.getDimSize(2), iw = at.getDimSize(3);
      int64_t taps = p.kh * p.kw;
      // The filter slice: chunk = f * (BK*KH*KW) + r, r = (c*KH + kh)*KW +
      // kw, stored at [r, f].
      spread(kb, p.tm * p.bk * taps, [&](OpBuilder &lb, Value chunk) {
        Value f = arith::DivUIOp::create(lb, loc, chunk, idx(lb, p.bk * taps));
        Value r = arith::RemUIOp::create(lb, loc, chunk, idx(lb, p.bk * taps));
        Value ch = arith::DivUIOp::create(lb, loc, r, idx(lb, taps));
        Value tap = arith::RemUIOp::create(lb, loc, r, idx(lb, taps));
        Value y = arith::DivUIOp::create(lb, loc, tap, idx(lb, p.kw));
        Value x = arith::RemUIOp::create(lb, loc, tap, idx(lb, p.kw));
        Value v = memref::LoadOp::create(
            lb, loc, b,
            ValueRange{f, arith::AddIOp::create(lb, loc, k0, ch), y, x});
        memref::StoreOp::create(lb, loc, v, rowsShared, ValueRange{r, f});
      });
      // The input patch: chunk = (c*IH + y)*IW + x.
      spread(kb, p.bk * ih * iw, [&](OpBuilder &lb, Value chunk) {
        Value ch = arith::DivUIOp::create(lb, loc, chunk, idx(lb, ih * iw));
        Value rest = arith::RemUIOp::create(lb, loc, chunk, idx(lb, ih * iw));
        Value y = arith::DivUIOp::create(lb, loc, rest, idx(lb, iw));
        Value x = arith::RemUIOp::create(lb, loc, rest, idx(lb, iw));
        Value v = memref::LoadOp::create(
            lb, loc, a,
            ValueRange{idx(lb, 0), arith::AddIOp::create(lb, loc, k0, ch), y,
                       x});
        memref::StoreOp::create(lb, loc, v, colsShared, ValueRange{ch, y, x});
      });
      kernel::BarrierOp::create(kb, loc);
      // Input row of output row oh and tap row y: oh*SH + y*DH; column of
      // output column ow and tap column x: ow*SW + x*DW.
      Value ohIn = arith::MulIOp::create(kb, loc, oh, idx(kb, p.sh));
      SmallVector<Value> owIn;
      for (int64_t j = 0; j < p.rn; ++j)
        owIn.push_back(
            arith::MulIOp::create(kb, loc, colIdx[j], idx(kb, p.sw)));
      result =
          accLoop(kb, p.bk, acc, [&](OpBuilder &cb, Value ch, ValueRange acc) {
            return accLoop(
                cb, p.kh, acc, [&](OpBuilder &yb, Value y, ValueRange acc) {
                  Value row = arith::AddIOp::create(
                      yb, loc, ohIn,
                      arith::MulIOp::create(yb, loc, y, idx(yb, p.dh)));
                  Value tapRow = arith::MulIOp::create(
                      yb, loc,
                      arith::AddIOp::create(
                          yb, loc,
                          arith::MulIOp::create(yb, loc, ch, idx(yb, p.kh)), y),
                      idx(yb, p.kw));
                  return accLoop(
                      yb, p.kw, acc,
                      [&](OpBuilder &xb, Value x, ValueRange acc) {
                        Value r = arith::AddIOp::create(xb, loc, tapRow, x);
                        Value xOff =
                            arith::MulIOp::create(xb, loc, x, idx(xb, p.dw));
                        SmallVector<Value> av, bv;
                        for (int64_t i = 0; i < p.rm; ++i)
                          av.push_back(
                              extend(xb, memref::LoadOp::create(
                                             xb, loc, rowsShared,
                                             ValueRange{r, rowIdx[i]})));
                        for (int64_t j = 0; j < p.rn; ++j)
                          bv.push_back(extend(
                              xb,
                              memref::LoadOp::create(
                                  xb, loc, colsShared,
                                  ValueRange{ch, row,
                                             arith::AddIOp::create(
                                                 xb, loc, owIn[j], xOff)})));
                        return update(xb, acc, av, bv);
                      });
                });
          });
    }
    kernel::BarrierOp::create(kb, loc);
    scf::YieldOp::create(kb, loc, result);
  }
  ValueRange acc = kLoop.getResults();

  // The thread's block of the result: private registers for a scratch
  // accumulator, else C itself.
  SmallVector<int64_t> ownShape =
      p.conv    ? SmallVector<int64_t>{1, p.rm, 1, p.rn}
      : p.batch ? SmallVector<int64_t>{1, p.rm, p.rn}
                : SmallVector<int64_t>{p.rm, p.rn};
  Value own = cView;
  if (m.scratch)
    own = memref::AllocaOp::create(bld, loc, MemRefType::get(ownShape, acct));
  for (int64_t i = 0; i < p.rm; ++i)
    for (int64_t j = 0; j < p.rn; ++j) {
      SmallVector<Value> at = outIndex(i, j);
      if (m.scratch)
        at = p.conv    ? SmallVector<Value>{zero, cst(i), zero, cst(j)}
             : p.batch ? SmallVector<Value>{zero, cst(i), cst(j)}
                       : SmallVector<Value>{cst(i), cst(j)};
      memref::StoreOp::create(bld, loc, acc[i * p.rn + j], own, at);
    }

  if (m.epilogue) {
    // The epilogue on the thread's block of every operand.
    linalg::GenericOp g = m.epilogue;
    OpBuilder eb(g);
    SmallVector<OpFoldResult> ivs, sizes, bounds;
    if (p.conv)
      ivs = {eb.getIndexAttr(0), rowBase, oh, owBase};
    else if (p.batch)
      ivs = {eb.getIndexAttr(0), rowBase, colBase};
    else
      ivs = {rowBase, colBase};
    for (int64_t d : ownShape)
      sizes.push_back(eb.getIndexAttr(d));
    for (int64_t d : ct.getShape())
      bounds.push_back(eb.getIndexAttr(d));
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
  m.op->erase();
  if (m.scratch)
    m.scratch.erase();
  k.setWorkgroupSizeAttr(
      DenseI64ArrayAttr::get(ctx, ArrayRef<int64_t>{p.threads, 1, 1}));
}

struct KernelCooperativeContraction
    : public strata::impl::KernelCooperativeContractionBase<
          KernelCooperativeContraction> {
  using Base::Base;

  void runOnOperation() override {
    if (maxThreads < 32 || maxThreads > 1024 || tileK < 1 ||
        !llvm::is_contained({1, 2, 4, 8}, int(vectorWidth))) {
      emitError(getOperation().getLoc(),
                "strata-kernel-cooperative-contraction: max-threads must be in "
                "32..1024, tile-k positive, vector-width 1, 2, 4 or 8");
      return signalPassFailure();
    }
    for (kernel::FuncOp k : getOperation().getOps<kernel::FuncOp>()) {
      // sm_90a: strata-convert-kernel-to-gpu{wgmma} takes its tiles.
      if (wgmma && strata::matchWgmmaKernel(k))
        continue;
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
