//===- MatmulToMma.cpp - strata-kernel-matmul-to-mma ----------------------===//
//
// The CUDA target's tensor-core step at the kernel layer: a 16x8 f16
// matmul tile becomes a warp's loop of vector.contracts that upstream's
// convert-vector-to-gpu{use-nvgpu=true} maps onto mma.sync m16n8k16.
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/KernelToGPU/Passes.h"
#include "strata/Conversion/KernelToGPU/MatmulTile.h"
#include "strata/Conversion/KernelToGPU/Wgmma.h"

#include "dialects/Kernel/IR/KernelDialect.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

namespace strata {
#define GEN_PASS_DEF_KERNELMATMULTOMMA
#include "strata/Conversion/KernelToGPU/Passes.h.inc"
} // namespace strata

using namespace mlir;
namespace kernel = strata::kernel;

namespace {

constexpr int64_t kM = 16, kN = 8, kK = 16, kWarp = 32;
/// The K loop is unrolled (see rewrite): longer reductions stay SIMT.
constexpr int64_t kMaxK = 1024;

bool isTile(Value v, int64_t rows, int64_t cols, Type et) {
  auto t = dyn_cast<MemRefType>(v.getType());
  return t && t.getRank() == 2 && t.hasStaticShape() &&
         t.getDimSize(0) == rows && t.getDimSize(1) == cols &&
         t.getElementType() == et;
}

/// The matmul's accumulator as a zero-filled scratch tile read by one
/// elementwise epilogue: the fill and the epilogue.
struct ScratchAccumulator {
  memref::AllocaOp alloca;
  linalg::FillOp fill;
  linalg::GenericOp epilogue;
};

/// The shared matching (MatmulTile.h, also strata-kernel-matmul-to-amdgpu's)
/// restricted to what this rewrite handles: a filled scratch accumulator
/// (not one copied in) whose epilogue reads only the accumulator (upstream's
/// vector-to-nvgpu fails on a bias) and uses no linalg.index (the epilogue
/// is split over the block element by element, see rewrite).
std::optional<ScratchAccumulator> matchScratch(kernel::FuncOp k,
                                               linalg::MatmulOp mm) {
  std::optional<strata::MatmulTile> tile =
      strata::matchMatmulTile(k, /*epilogueInputs=*/false);
  if (!tile || tile->matmul != mm || !tile->scratch || !tile->fill ||
      !tile->epilogue.getBody()->getOps<linalg::IndexOp>().empty())
    return std::nullopt;
  return ScratchAccumulator{tile->scratch, tile->fill, tile->epilogue};
}

/// How a BM x BN block tile is split: warpsM x warpsN warps, each owning a
/// (BM / warpsM) x (BN / warpsN) tile of 16x8 mma tiles; the K loop runs
/// in steps of bk, each staging a BM x bk slice of A and a bk x BN slice of
/// B in workgroup memory with 16-byte copies (8 f16) spread evenly over the
/// block's threads.
struct BlockPlan {
  int64_t warpsM, warpsN, bk;
  int64_t threads() const { return warpsM * warpsN * kWarp; }
};

constexpr int64_t kCopy = 8; // f16 per 16-byte copy

std::optional<BlockPlan> planBlock(int64_t bm, int64_t bn, int64_t kSize) {
  if (bm % kM || bn % kN || kSize % kK || kSize > kMaxK)
    return std::nullopt;
  BlockPlan p{bm % (2 * kM) == 0 ? 2 : 1, bn % (2 * kN) == 0 ? 2 : 1, 0};
  int64_t t = p.threads();
  for (int64_t bk : {int64_t(32), kK}) {
    if (kSize % bk == 0 && (bm * bk / kCopy) % t == 0 &&
        (bk * bn / kCopy) % t == 0 && bn % kCopy == 0) {
      p.bk = bk;
      return p;
    }
  }
  return std::nullopt;
}

LogicalResult rewrite(kernel::FuncOp k, linalg::MatmulOp mm) {
  Value a = mm.getDpsInputs()[0], b = mm.getDpsInputs()[1];
  Value c = mm.getDpsInits()[0];
  auto aType = dyn_cast<MemRefType>(a.getType());
  auto cType = dyn_cast<MemRefType>(c.getType());
  if (!aType || !cType || aType.getRank() != 2 || !aType.hasStaticShape() ||
      cType.getRank() != 2 || !cType.hasStaticShape())
    return failure();
  Type et = aType.getElementType();
  int64_t bm = aType.getDimSize(0), kSize = aType.getDimSize(1);
  int64_t bn = cType.getDimSize(1);
  MLIRContext *ctx = k.getContext();
  Type f32 = Float32Type::get(ctx);
  if (!et.isF16() || !isTile(a, bm, kSize, et) || !isTile(b, kSize, bn, et) ||
      !isTile(c, bm, bn, f32))
    return failure();
  std::optional<BlockPlan> plan = planBlock(bm, bn, kSize);
  if (!plan)
    return failure();
  std::optional<ScratchAccumulator> scratch = matchScratch(k, mm);
  if (!scratch && c.getDefiningOp<memref::AllocaOp>())
    return failure();
  // The output tile's own fill right before the matmul (an f32 matmul
  // root): folded into the accumulators' initial value.
  linalg::FillOp rootFill;
  if (!scratch)
    if (auto fill = dyn_cast_or_null<linalg::FillOp>(mm->getPrevNode()))
      if (fill.getDpsInits()[0] == c)
        rootFill = fill;

  const int64_t threads = plan->threads(), bk = plan->bk;
  const int64_t wm = bm / plan->warpsM, wn = bn / plan->warpsN;
  Location loc = mm.getLoc();
  OpBuilder bld(mm);
  auto cst = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(bld, loc, v);
  };
  auto add = [&](Value x, Value y) -> Value {
    return arith::AddIOp::create(bld, loc, x, y);
  };
  auto mul = [&](Value x, int64_t y) -> Value {
    return arith::MulIOp::create(bld, loc, x, cst(y));
  };
  auto workgroup =
      kernel::MemorySpaceAttr::get(ctx, kernel::MemorySpace::Workgroup);
  auto sharedBuffer = [&](ArrayRef<int64_t> shape, Type t) -> Value {
    OpBuilder ab = OpBuilder::atBlockBegin(&k.getBody().front());
    return memref::AllocaOp::create(
        ab, loc,
        MemRefType::get(shape, t, MemRefLayoutAttrInterface(), workgroup));
  };
  // The staged slices (rows padded by 16 bytes against bank conflicts;
  // rows stay 16-byte aligned for cp.async and ldmatrix).
  // Two of each when there are several K slices: slice s + 1 is copied
  // while slice s is multiplied (two stages).
  const int64_t steps = kSize / bk;
  const int64_t stages = steps > 1 ? 2 : 1;
  SmallVector<Value, 2> sa, sb;
  for (int64_t i = 0; i < stages; ++i) {
    sa.push_back(sharedBuffer({bm, bk + kCopy}, et));
    sb.push_back(sharedBuffer({bk, bn + kCopy}, et));
  }

  Value tid = kernel::LocalIdOp::create(bld, loc, kernel::Dim::x);
  Value warp = arith::DivUIOp::create(bld, loc, tid, cst(kWarp));
  Value rowBase =
      mul(arith::DivUIOp::create(bld, loc, warp, cst(plan->warpsN)), wm);
  Value colBase =
      mul(arith::RemUIOp::create(bld, loc, warp, cst(plan->warpsN)), wn);
  const int64_t tilesM = wm / kM, tilesN = wn / kN;
  SmallVector<Value> rowOff, colOff;
  for (int64_t i = 0; i < tilesM; ++i)
    rowOff.push_back(add(rowBase, cst(i * kM)));
  for (int64_t j = 0; j < tilesN; ++j)
    colOff.push_back(add(colBase, cst(j * kN)));

  auto accType = VectorType::get({kM, kN}, f32);
  Value pad = arith::ConstantOp::create(bld, loc, FloatAttr::get(f32, 0.0));
  SmallVector<Value> acc;
  if (scratch || rootFill) {
    Value v = (scratch ? scratch->fill : rootFill).getDpsInputs()[0];
    Value init = vector::BroadcastOp::create(bld, loc, accType, v);
    acc.assign(tilesM * tilesN, init);
  } else {
    // Whatever wrote the output tile before, for all threads.
    kernel::BarrierOp::create(bld, loc);
    for (int64_t i = 0; i < tilesM; ++i)
      for (int64_t j = 0; j < tilesN; ++j)
        acc.push_back(vector::TransferReadOp::create(
            bld, loc, accType, c, ValueRange{rowOff[i], colOff[j]}, pad,
            ArrayRef<bool>{true, true}));
  }

  Value padIn = arith::ConstantOp::create(bld, loc, FloatAttr::get(et, 0.0));
  AffineExpr m, n, kk;
  bindDims(ctx, m, n, kk);
  auto maps = bld.getAffineMapArrayAttr({AffineMap::get(3, 0, {m, kk}, ctx),
                                         AffineMap::get(3, 0, {kk, n}, ctx),
                                         AffineMap::get(3, 0, {m, n}, ctx)});
  auto iters = bld.getArrayAttr(
      {vector::IteratorTypeAttr::get(ctx, vector::IteratorType::parallel),
       vector::IteratorTypeAttr::get(ctx, vector::IteratorType::parallel),
       vector::IteratorTypeAttr::get(ctx, vector::IteratorType::reduction)});
  auto copyType = VectorType::get({kCopy}, et);
  // One thread's share of a rows x cols slice of src at (r0, c0) into dst:
  // 16-byte transfer pairs, which strata-convert-kernel-to-gpu{mma-sync}
  // turns into cp.async (upstream nvgpu::createAsyncGroups).
  auto stage = [&](Value src, int64_t r0, int64_t c0, Value dst, int64_t rows,
                   int64_t cols) {
    int64_t perRow = cols / kCopy;
    for (int64_t i = 0; i < rows * perRow / threads; ++i) {
      Value chunk = add(tid, cst(i * threads));
      Value r = arith::DivUIOp::create(bld, loc, chunk, cst(perRow));
      Value col =
          mul(arith::RemUIOp::create(bld, loc, chunk, cst(perRow)), kCopy);
      Value v = vector::TransferReadOp::create(
          bld, loc, copyType, src,
          ValueRange{add(r, cst(r0)), add(col, cst(c0))}, padIn,
          ArrayRef<bool>{true});
      vector::TransferWriteOp::create(bld, loc, v, dst, ValueRange{r, col},
                                      ArrayRef<bool>{true});
    }
  };
  // The K loop is unrolled: upstream's vector-to-nvgpu slice analysis
  // pulls the index arithmetic of a surrounding scf.for into the chain
  // and gives up (TOOLCHAIN.md), so the chain is straight-line code.
  // Two stages: slice s + 1 is copied into the other buffers before
  // slice s is multiplied; a barrier after the multiply only where a later
  // copy overwrites its buffers (strata-convert-kernel-to-gpu{mma-sync}
  // relies on this order to let one cp.async group stay in flight).
  auto stageSlice = [&](int64_t s) {
    stage(a, 0, s * bk, sa[s % stages], bm, bk);
    stage(b, s * bk, 0, sb[s % stages], bk, bn);
  };
  stageSlice(0);
  // Keeps slice 0's copies a cp.async group of their own (createAsyncGroups
  // groups adjacent copies); strata-convert-kernel-to-gpu{mma-sync} drops
  // it with the group's wait.
  if (steps > 1)
    kernel::BarrierOp::create(bld, loc);
  for (int64_t s = 0; s < steps; ++s) {
    if (s + 1 < steps)
      stageSlice(s + 1);
    kernel::BarrierOp::create(bld, loc); // slice s is in workgroup memory
    for (int64_t k1 = 0; k1 < bk; k1 += kK) {
      Value kIdx = cst(k1);
      SmallVector<Value> ta, tb;
      for (int64_t i = 0; i < tilesM; ++i)
        ta.push_back(vector::TransferReadOp::create(
            bld, loc, VectorType::get({kM, kK}, et), sa[s % stages],
            ValueRange{rowOff[i], kIdx}, padIn, ArrayRef<bool>{true, true}));
      for (int64_t j = 0; j < tilesN; ++j)
        tb.push_back(vector::TransferReadOp::create(
            bld, loc, VectorType::get({kK, kN}, et), sb[s % stages],
            ValueRange{kIdx, colOff[j]}, padIn, ArrayRef<bool>{true, true}));
      for (int64_t i = 0; i < tilesM; ++i)
        for (int64_t j = 0; j < tilesN; ++j)
          acc[i * tilesN + j] = vector::ContractionOp::create(
              bld, loc, ta[i], tb[j], acc[i * tilesN + j], maps, iters);
    }
    if (s + 2 < steps)
      kernel::BarrierOp::create(bld, loc); // slice s's buffers are reused
  }
  // Each lane writes its own fragment elements (upstream's mma.sync store
  // lowering): to the output tile, or to the block's f32 tile in workgroup
  // memory for the epilogue.
  Value out = scratch ? sharedBuffer({bm, bn}, f32) : c;
  for (int64_t i = 0; i < tilesM; ++i)
    for (int64_t j = 0; j < tilesN; ++j)
      vector::TransferWriteOp::create(bld, loc, acc[i * tilesN + j], out,
                                      ValueRange{rowOff[i], colOff[j]},
                                      ArrayRef<bool>{true, true});
  if (scratch) {
    kernel::BarrierOp::create(bld, loc);
    // The epilogue split over the block: thread t computes elements t,
    // t + threads, ... of the tile (row-major, so neighbouring threads
    // write neighbouring columns).
    linalg::GenericOp g = scratch->epilogue;
    OpBuilder eb(g);
    Value lb = tid, ub = cst(bm * bn), step = cst(threads);
    eb.setInsertionPoint(g);
    auto loop = scf::ForOp::create(eb, loc, lb, ub, step);
    eb.setInsertionPointToStart(loop.getBody());
    Value idx = loop.getInductionVar();
    Value bnV = arith::ConstantIndexOp::create(eb, loc, bn);
    Value r = arith::DivUIOp::create(eb, loc, idx, bnV);
    Value col = arith::RemUIOp::create(eb, loc, idx, bnV);
    // The generic's body on one element (scalar loads and stores, so the
    // workgroup buffer's memory space can change under it later).
    SmallVector<Value> at{r, col};
    Block *body = g.getBody();
    IRMapping map;
    map.map(body->getArgument(0),
            memref::LoadOp::create(eb, loc, out, at).getResult());
    Value dst = g.getDpsInits()[0];
    if (!body->getArgument(1).use_empty())
      map.map(body->getArgument(1),
              memref::LoadOp::create(eb, loc, dst, at).getResult());
    for (Operation &op : body->without_terminator())
      eb.clone(op, map);
    auto yield = cast<linalg::YieldOp>(body->getTerminator());
    memref::StoreOp::create(eb, loc, map.lookup(yield.getValues()[0]), dst, at);
    g.erase();
    scratch->fill.erase();
    mm.erase();
    scratch->alloca.erase();
  } else {
    mm.erase();
    if (rootFill)
      rootFill.erase();
  }
  k.setWorkgroupSizeAttr(
      DenseI64ArrayAttr::get(ctx, ArrayRef<int64_t>{threads, 1, 1}));
  return success();
}

struct KernelMatmulToMma
    : public strata::impl::KernelMatmulToMmaBase<KernelMatmulToMma> {
  using Base::Base;

  void runOnOperation() override {
    for (kernel::FuncOp k : getOperation().getOps<kernel::FuncOp>()) {
      if (llvm::any_of(k.getWorkgroupSize(), [](int64_t s) { return s != 1; }))
        continue;
      SmallVector<linalg::MatmulOp> mms;
      k.walk([&](linalg::MatmulOp mm) { mms.push_back(mm); });
      if (mms.size() != 1 || mms[0]->getParentOp() != k.getOperation())
        continue;
      // sm_90a: strata-convert-kernel-to-gpu{wgmma} takes its tiles.
      if (wgmma && strata::matchWgmmaKernel(k))
        continue;
      (void)rewrite(k, mms[0]);
    }
  }
};

} // namespace
