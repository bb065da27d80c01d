//===- MatmulToMma.cpp - strata-kernel-matmul-to-mma ----------------------===//
//
// The CUDA target's tensor-core step at the kernel layer: a 16x8 f16
// matmul tile becomes a warp's loop of vector.contracts that upstream's
// convert-vector-to-gpu{use-nvgpu=true} maps onto mma.sync m16n8k16.
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/KernelToGPU/Passes.h"

#include "dialects/Kernel/IR/KernelDialect.h"

#include "mlir/IR/Builders.h"

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

std::optional<ScratchAccumulator> matchScratch(linalg::MatmulOp mm, Value c) {
  auto alloca = c.getDefiningOp<memref::AllocaOp>();
  if (!alloca || alloca.getType().getMemorySpace())
    return std::nullopt;
  ScratchAccumulator s{alloca, nullptr, nullptr};
  for (Operation *user : alloca->getUsers()) {
    if (user == mm.getOperation())
      continue;
    if (auto fill = dyn_cast<linalg::FillOp>(user)) {
      if (s.fill || fill->getBlock() != mm->getBlock() ||
          !fill->isBeforeInBlock(mm))
        return std::nullopt;
      s.fill = fill;
      continue;
    }
    auto g = dyn_cast<linalg::GenericOp>(user);
    if (!g || s.epilogue || g->getBlock() != mm->getBlock() ||
        !mm->isBeforeInBlock(g) || g.getNumDpsInputs() != 1 ||
        g.getDpsInputs()[0] != c || g.getNumDpsInits() != 1 ||
        g.getNumParallelLoops() != g.getNumLoops() ||
        !llvm::all_of(g.getIndexingMapsArray(),
                      [](AffineMap m) { return m.isIdentity(); }))
      return std::nullopt;
    s.epilogue = g;
  }
  if (!s.fill || !s.epilogue)
    return std::nullopt;
  return s;
}

LogicalResult rewrite(kernel::FuncOp k, linalg::MatmulOp mm) {
  Value a = mm.getDpsInputs()[0], b = mm.getDpsInputs()[1];
  Value c = mm.getDpsInits()[0];
  auto aType = dyn_cast<MemRefType>(a.getType());
  if (!aType || aType.getRank() != 2 || !aType.hasStaticShape())
    return failure();
  Type et = aType.getElementType();
  int64_t kSize = aType.getDimSize(1);
  MLIRContext *ctx = k.getContext();
  Type f32 = Float32Type::get(ctx);
  if (!et.isF16() || kSize % kK != 0 || kSize > kMaxK ||
      !isTile(a, kM, kSize, et) || !isTile(b, kSize, kN, et) ||
      !isTile(c, kM, kN, f32))
    return failure();
  std::optional<ScratchAccumulator> scratch = matchScratch(mm, c);
  if (!scratch && c.getDefiningOp<memref::AllocaOp>())
    return failure();

  Location loc = mm.getLoc();
  OpBuilder bld(mm);
  auto cst = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(bld, loc, v);
  };
  Value zero = cst(0);
  auto accType = VectorType::get({kM, kN}, f32);
  Value init;
  if (scratch) {
    auto value = scratch->fill.getDpsInputs()[0];
    init = vector::BroadcastOp::create(bld, loc, accType, value);
  } else {
    Value pad = arith::ConstantOp::create(bld, loc, FloatAttr::get(f32, 0.0));
    init = vector::TransferReadOp::create(bld, loc, accType, c,
                                          ValueRange{zero, zero}, pad,
                                          ArrayRef<bool>{true, true});
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
  // The K loop is unrolled: upstream's vector-to-nvgpu slice analysis
  // pulls the index arithmetic of a surrounding scf.for into the chain
  // and gives up (TOOLCHAIN.md), so the chain is straight-line code.
  Value result = init;
  for (int64_t k0 = 0; k0 < kSize; k0 += kK) {
    Value iv = cst(k0);
    Value ta = vector::TransferReadOp::create(
        bld, loc, VectorType::get({kM, kK}, et), a, ValueRange{zero, iv}, padIn,
        ArrayRef<bool>{true, true});
    Value tb = vector::TransferReadOp::create(
        bld, loc, VectorType::get({kK, kN}, et), b, ValueRange{iv, zero}, padIn,
        ArrayRef<bool>{true, true});
    result =
        vector::ContractionOp::create(bld, loc, ta, tb, result, maps, iters);
  }
  if (scratch) {
    // The whole tile for the epilogue, in the warp's shared memory.
    OpBuilder ab(scratch->alloca);
    auto shared = memref::AllocaOp::create(
        ab, scratch->alloca.getLoc(),
        MemRefType::get(
            {kM, kN}, f32, MemRefLayoutAttrInterface(),
            kernel::MemorySpaceAttr::get(ctx, kernel::MemorySpace::Workgroup)));
    vector::TransferWriteOp::create(bld, loc, result, shared,
                                    ValueRange{zero, zero},
                                    ArrayRef<bool>{true, true});
    kernel::BarrierOp::create(bld, loc);
    scratch->epilogue->setOperand(0, shared);
    scratch->fill.erase();
    mm.erase();
    scratch->alloca.erase();
  } else {
    vector::TransferWriteOp::create(bld, loc, result, c, ValueRange{zero, zero},
                                    ArrayRef<bool>{true, true});
    mm.erase();
  }
  k.setWorkgroupSizeAttr(
      DenseI64ArrayAttr::get(ctx, ArrayRef<int64_t>{kWarp, 1, 1}));
  return success();
}

struct KernelMatmulToMma
    : public strata::impl::KernelMatmulToMmaBase<KernelMatmulToMma> {
  void runOnOperation() override {
    for (kernel::FuncOp k : getOperation().getOps<kernel::FuncOp>()) {
      if (llvm::any_of(k.getWorkgroupSize(), [](int64_t s) { return s != 1; }))
        continue;
      SmallVector<linalg::MatmulOp> mms;
      k.walk([&](linalg::MatmulOp mm) { mms.push_back(mm); });
      if (mms.size() != 1 || mms[0]->getParentOp() != k.getOperation())
        continue;
      (void)rewrite(k, mms[0]);
    }
  }
};

} // namespace
