//===- MatmulToWgmma.cpp - sm_90a warpgroup matmul tiles fed by TMA -------===//
//
// See Wgmma.h. The kernel follows the structure of upstream MLIR's sm_90
// integration tests (mlir/test/Integration/GPU/CUDA/sm90: a 128 x 128 tile,
// 64-deep K slices, A boxes of 128 x 64, B as two 64 x 64 boxes, 128-byte
// swizzle, wgmma with transposed B), with a ring of up to three stages:
//
//   mbarrier.init [s] (thread 0), barrier
//   prologue: TMA of K slices 0 .. P-1 into stages 0 .. P-1 (P = S - 1, or 1)
//   for i in 0 .. K/64:
//     mbarrier.try_wait.parity [i % S], (i / S) % 2
//     acc = warpgroup.mma(A[i % S], B[i % S], acc)  // waits for mma i-1
//     barrier                                      // every warp is past it
//     TMA of slice i + P into stage (i + P) % S    // mma i-1's stage
//   wgmma.wait_group 0, barrier
//   acc -> shared memory (128 x 128 f32), barrier
//   epilogue: thread t computes elements t, t + 128, ... (init + acc, then
//   the kernel's elementwise epilogue) and stores them.
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/KernelToGPU/Passes.h"
#include "strata/Conversion/KernelToGPU/Wgmma.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"

namespace strata {
#define GEN_PASS_DEF_NVVMEXTERNDYNAMICSHARED
#include "strata/Conversion/KernelToGPU/Passes.h.inc"
} // namespace strata

using namespace mlir;
namespace kernel = strata::kernel;

namespace {

constexpr int64_t kTileN = 128; // BN; BM is 128 or 64 (WgmmaKernel::tile.m)
constexpr int64_t kSliceK = 64; // one 128-byte swizzled row of f16/bf16
constexpr int64_t kHalf = 64;   // B is loaded as two 64 x 64 boxes
constexpr int64_t kMaxStages = 3;
constexpr int64_t kSwizzleAlign = 1024; // 128-byte swizzle: 1 KiB aligned
constexpr int64_t kBBytes = kSliceK * kTileN * 2;
constexpr int64_t kHalfBytes = kSliceK * kHalf * 2;

/// `v` as a view of a whole 2-D kernel argument of element type `et`:
/// the argument's index, the view's static sizes and its offsets.
struct RootView {
  unsigned argument;
  OpFoldResult rowOffset, colOffset;
};

std::optional<RootView> rootView(kernel::FuncOp k, Value v, int64_t rows,
                                 int64_t cols) {
  // A static-stride subview of the argument, or the whole argument.
  auto sv = v.getDefiningOp<memref::SubViewOp>();
  Value source = sv ? sv.getSource() : v;
  auto arg = dyn_cast<BlockArgument>(source);
  auto root = dyn_cast<MemRefType>(source.getType());
  if (!arg || arg.getOwner() != &k.getBody().front() || !root ||
      root.getRank() != 2 || !root.hasStaticShape() ||
      !root.getLayout().isIdentity() || root.getMemorySpace())
    return std::nullopt;
  if (sv &&
      (sv.getStaticSizes() != ArrayRef<int64_t>{rows, cols} ||
       llvm::any_of(sv.getStaticStrides(), [](int64_t s) { return s != 1; })))
    return std::nullopt;
  if (!sv && root.getShape() != ArrayRef<int64_t>{rows, cols})
    return std::nullopt;
  // TMA: global strides are multiples of 16 bytes.
  int64_t rowBytes = root.getDimSize(1) * (root.getElementTypeBitWidth() / 8);
  if (rowBytes % 16)
    return std::nullopt;
  if (!sv) {
    Builder b(k.getContext());
    return RootView{arg.getArgNumber(), b.getIndexAttr(0), b.getIndexAttr(0)};
  }
  SmallVector<OpFoldResult> offsets = sv.getMixedOffsets();
  return RootView{arg.getArgNumber(), offsets[0], offsets[1]};
}

bool isZero(OpFoldResult r) {
  std::optional<int64_t> c = getConstantIntValue(r);
  return c && *c == 0;
}

} // namespace

std::optional<strata::WgmmaKernel> strata::matchWgmmaKernel(kernel::FuncOp k) {
  std::optional<MatmulTile> tile = matchMatmulTile(k, /*epilogueInputs=*/true);
  if (!tile || !(tile->elementType.isF16() || tile->elementType.isBF16()) ||
      !tile->accumulatorType.isF32() || (tile->m != 128 && tile->m != 64) ||
      tile->n != kTileN || tile->k % kSliceK)
    return std::nullopt;
  std::optional<RootView> a = rootView(k, tile->a, tile->m, tile->k);
  std::optional<RootView> b = rootView(k, tile->b, tile->k, kTileN);
  // A spans all of K (its row offset is the tile's), B all of K.
  if (!a || !b || !isZero(a->colOffset) || !isZero(b->rowOffset) ||
      cast<MemRefType>(k.getArgumentTypes()[a->argument]).getDimSize(1) !=
          tile->k ||
      cast<MemRefType>(k.getArgumentTypes()[b->argument]).getDimSize(0) !=
          tile->k)
    return std::nullopt;
  if (tile->epilogue &&
      (tile->epilogue.getNumDpsInits() != 1 ||
       !tile->epilogue
            .getMatchingIndexingMap(tile->epilogue.getDpsInitOperand(0))
            .isIdentity() ||
       tile->epilogue.getNumLoops() != 2))
    return std::nullopt;
  WgmmaKernel w;
  w.tile = *tile;
  w.aArgument = a->argument;
  w.bArgument = b->argument;
  w.rowOffset = a->rowOffset;
  w.colOffset = b->colOffset;
  if (tile->copy)
    w.initBuffer = tile->copy.getSource();
  if (!tile->scratch)
    if (auto fill =
            dyn_cast_or_null<linalg::FillOp>(tile->matmul->getPrevNode()))
      if (fill.getDpsInits()[0] == tile->c)
        w.rootFill = fill;
  return w;
}

LogicalResult strata::rewriteWgmmaKernel(gpu::GPUFuncOp f, WgmmaKernel &w) {
  MLIRContext *ctx = f.getContext();
  MatmulTile &tile = w.tile;
  linalg::MatmulOp mm = tile.matmul;
  Location loc = mm.getLoc();
  Type et = tile.elementType, f32 = Float32Type::get(ctx); // et: f16, bf16
  Type i8 = IntegerType::get(ctx, 8);
  auto shared = gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
  Attribute space3 = IntegerAttr::get(IntegerType::get(ctx, 64), 3);

  // A: a tm x 64 box per slice (tm = 128: two m64 wgmma rows, 64: one).
  const int64_t tm = tile.m;
  const int64_t aBytes = tm * kSliceK * 2;
  const int64_t slices = tile.k / kSliceK;
  const int64_t stages = std::min(kMaxStages, slices);
  const int64_t prologue = stages > 1 ? stages - 1 : 1;
  const int64_t stageBytes = stages * (aBytes + kBBytes);
  const int64_t accBytes = tm * kTileN * 4;
  w.dynamicSharedBytes = kSwizzleAlign + std::max(stageBytes, accBytes);

  // The tensor maps: extra kernel arguments, pointers to the 128-byte maps
  // the host made (upstream lowers descriptor values to !llvm.ptr).
  auto mapType = [&](int64_t rows, int64_t cols) {
    return nvgpu::TensorMapDescriptorType::get(
        ctx,
        MemRefType::get({rows, cols}, et, MemRefLayoutAttrInterface(), space3),
        nvgpu::TensorMapSwizzleKind::SWIZZLE_128B,
        nvgpu::TensorMapL2PromoKind::L2PROMO_NONE,
        nvgpu::TensorMapOOBKind::OOB_ZERO,
        nvgpu::TensorMapInterleaveKind::INTERLEAVE_NONE);
  };
  w.maps = {{w.aArgument, mapType(tm, kSliceK)},
            {w.bArgument, mapType(kSliceK, kHalf)}};
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  SmallVector<Value, 2> descs;
  for (const TmaMap &m : w.maps) {
    unsigned index = f.getNumArguments();
    if (failed(f.insertArgument(index, ptr, DictionaryAttr(), loc)))
      return failure();
    OpBuilder ab(mm);
    descs.push_back(
        UnrealizedConversionCastOp::create(ab, loc, TypeRange{m.type},
                                           ValueRange{f.getArgument(index)})
            .getResult(0));
  }
  Value descA = descs[0], descB = descs[1];

  // After the matmul's operands and the epilogue's (defined up to the
  // epilogue).
  OpBuilder b(tile.epilogue ? tile.epilogue.getOperation() : mm.getOperation());
  auto cst = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  auto add = [&](Value x, Value y) -> Value {
    return arith::AddIOp::create(b, loc, x, y);
  };
  Value row0 = getValueOrCreateConstantIndexOp(b, loc, w.rowOffset);
  Value col0 = getValueOrCreateConstantIndexOp(b, loc, w.colOffset);
  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value first =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, tid, cst(0));
  // Dynamic shared memory, its start rounded up to 1 KiB in the shared
  // window (the swizzle pattern is a function of address bits 4..9).
  auto bytesType = MemRefType::get({ShapedType::kDynamic}, i8,
                                   MemRefLayoutAttrInterface(), shared);
  Value smem = gpu::DynamicSharedMemoryOp::create(b, loc, bytesType);
  Value address = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, smem);
  Value base = arith::RemUIOp::create(
      b, loc,
      arith::SubIOp::create(
          b, loc, cst(kSwizzleAlign),
          arith::RemUIOp::create(b, loc, address, cst(kSwizzleAlign))),
      cst(kSwizzleAlign));
  auto view = [&](Value byteOffset, ArrayRef<int64_t> shape, Type t) {
    return memref::ViewOp::create(
        b, loc, MemRefType::get(shape, t, MemRefLayoutAttrInterface(), shared),
        smem, add(base, byteOffset), ValueRange{});
  };

  auto barrierType = nvgpu::MBarrierGroupType::get(ctx, shared, stages);
  Value barriers = nvgpu::MBarrierCreateOp::create(b, loc, barrierType);
  for (int64_t s = 0; s < stages; ++s)
    nvgpu::MBarrierInitOp::create(b, loc, barriers, cst(1), cst(s), first);
  gpu::BarrierOp::create(b, loc);
  nvgpu::TmaPrefetchOp::create(b, loc, descA, first);
  nvgpu::TmaPrefetchOp::create(b, loc, descB, first);

  // Stage s: A at s * aBytes, B after all A stages (two 64 x 64 halves).
  auto aOffset = [&](Value stage) {
    return arith::MulIOp::create(b, loc, stage, cst(aBytes)).getResult();
  };
  auto bOffset = [&](Value stage) {
    return add(cst(stages * aBytes),
               arith::MulIOp::create(b, loc, stage, cst(kBBytes)));
  };
  // The TMA copies of K slice `slice` into stage `stage`, by thread 0 when
  // `pred` holds; coordinates are innermost first (column, row).
  auto load = [&](Value slice, Value stage, Value pred) {
    Value k0 = arith::MulIOp::create(b, loc, slice, cst(kSliceK));
    nvgpu::MBarrierArriveExpectTxOp::create(b, loc, barriers,
                                            cst(aBytes + kBBytes), stage, pred);
    nvgpu::TmaAsyncLoadOp::create(
        b, loc, view(aOffset(stage), {tm, kSliceK}, et), barriers, descA,
        ValueRange{k0, row0}, stage, Value(), pred);
    for (int64_t h = 0; h < kTileN / kHalf; ++h)
      nvgpu::TmaAsyncLoadOp::create(
          b, loc,
          view(add(bOffset(stage), cst(h * kHalfBytes)), {kSliceK, kHalf}, et),
          barriers, descB, ValueRange{add(col0, cst(h * kHalf)), k0}, stage,
          Value(), pred);
  };
  for (int64_t s = 0; s < prologue; ++s)
    load(cst(s), cst(s), first);

  auto accType = nvgpu::WarpgroupAccumulatorType::get(
      ctx, VectorType::get({tm, kTileN}, f32));
  Value acc0 = nvgpu::WarpgroupMmaInitAccumulatorOp::create(b, loc, accType);
  auto loop =
      scf::ForOp::create(b, loc, cst(0), cst(slices), cst(1), ValueRange{acc0});
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value i = loop.getInductionVar();
    Value stage = arith::RemUIOp::create(b, loc, i, cst(stages));
    Value round = arith::DivUIOp::create(b, loc, i, cst(stages));
    Value parity = arith::TruncIOp::create(
        b, loc, b.getI1Type(),
        arith::IndexCastUIOp::create(
            b, loc, b.getI64Type(),
            arith::RemUIOp::create(b, loc, round, cst(2))));
    nvgpu::MBarrierTryWaitParityOp::create(b, loc, barriers, parity,
                                           cst(10000000), stage);
    Value dA = nvgpu::WarpgroupGenerateDescriptorOp::create(
        b, loc,
        nvgpu::WarpgroupMatrixDescriptorType::get(
            ctx, MemRefType::get({tm, kSliceK}, et, MemRefLayoutAttrInterface(),
                                 space3)),
        view(aOffset(stage), {tm, kSliceK}, et), descA);
    Value dB = nvgpu::WarpgroupGenerateDescriptorOp::create(
        b, loc,
        nvgpu::WarpgroupMatrixDescriptorType::get(
            ctx, MemRefType::get({kSliceK, kTileN}, et,
                                 MemRefLayoutAttrInterface(), space3)),
        view(bOffset(stage), {kSliceK, kTileN}, et), descB);
    // waitGroup 1: the mma of slice i - 1 is complete when this returns.
    Value acc = nvgpu::WarpgroupMmaOp::create(
        b, loc, accType, dA, dB, b.getI64IntegerAttr(1), UnitAttr(),
        b.getUnitAttr(), loop.getRegionIterArg(0));
    // Every warp is past slice i - 1's mma before its stage is refilled.
    gpu::BarrierOp::create(b, loc);
    Value next = add(i, cst(prologue));
    Value inRange = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                          next, cst(slices));
    load(next, arith::RemUIOp::create(b, loc, next, cst(stages)),
         arith::AndIOp::create(b, loc, first, inRange));
    scf::YieldOp::create(b, loc, acc);
  }
  NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 0);
  gpu::BarrierOp::create(b, loc);
  Value accTile = view(cst(0), {tm, kTileN}, f32);
  nvgpu::WarpgroupMmaStoreOp::create(b, loc, loop.getResult(0), accTile);
  gpu::BarrierOp::create(b, loc);

  // The epilogue, split over the block element by element (row-major:
  // neighbouring threads write neighbouring columns).
  Value init; // a scalar, or a buffer read at (r, c)
  Value initBuffer = w.initBuffer;
  if (tile.fill)
    init = tile.fill.getDpsInputs()[0];
  else if (w.rootFill)
    init = w.rootFill.getDpsInputs()[0];
  else if (!tile.scratch)
    initBuffer = tile.c; // accumulate into the output tile
  auto each =
      scf::ForOp::create(b, loc, tid, cst(tm * kTileN), cst(kWgmmaThreads));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(each.getBody());
    Value e = each.getInductionVar();
    Value r = arith::DivUIOp::create(b, loc, e, cst(kTileN));
    Value c = arith::RemUIOp::create(b, loc, e, cst(kTileN));
    SmallVector<Value> at{r, c};
    Value v = memref::LoadOp::create(b, loc, accTile, at);
    if (init && !matchPattern(init, m_AnyZeroFloat()))
      v = arith::AddFOp::create(b, loc, v, init);
    else if (initBuffer)
      v = arith::AddFOp::create(b, loc, v,
                                memref::LoadOp::create(b, loc, initBuffer, at));
    if (!tile.scratch) {
      memref::StoreOp::create(b, loc, v, tile.c, at);
    } else {
      linalg::GenericOp g = tile.epilogue;
      Block *body = g.getBody();
      IRMapping map;
      for (OpOperand *in : g.getDpsInputOperands()) {
        Value arg = body->getArgument(in->getOperandNumber());
        Value x = in->get();
        if (x == tile.c) {
          map.map(arg, v);
        } else if (isa<MemRefType>(x.getType())) {
          AffineMap m = g.getMatchingIndexingMap(in);
          SmallVector<Value> idx;
          for (AffineExpr expr : m.getResults())
            idx.push_back(affine::AffineApplyOp::create(
                b, loc, AffineMap::get(2, 0, expr), at));
          map.map(arg, memref::LoadOp::create(b, loc, x, idx));
        } else {
          map.map(arg, x);
        }
      }
      Value dst = g.getDpsInits()[0];
      BlockArgument out = body->getArgument(g.getNumDpsInputs());
      if (!out.use_empty())
        map.map(out, memref::LoadOp::create(b, loc, dst, at));
      for (Operation &op : body->without_terminator()) {
        if (auto index = dyn_cast<linalg::IndexOp>(op)) {
          map.map(index.getResult(), at[index.getDim()]);
          continue;
        }
        b.clone(op, map);
      }
      auto yield = cast<linalg::YieldOp>(body->getTerminator());
      memref::StoreOp::create(b, loc, map.lookup(yield.getValues()[0]), dst,
                              at);
    }
  }

  // The matmul, its accumulator's initialization and the epilogue are
  // replaced.
  if (tile.epilogue)
    tile.epilogue.erase();
  mm.erase();
  if (w.rootFill)
    w.rootFill.erase();
  if (tile.scratch) {
    for (Operation *user : llvm::make_early_inc_range(tile.scratch->getUsers()))
      user->erase();
    tile.scratch.erase();
  }
  return success();
}

SmallVector<Value> strata::createTensorMaps(OpBuilder &b, Location loc,
                                            ArrayRef<TmaMap> maps,
                                            ValueRange args) {
  SmallVector<Value> out;
  auto ptr = LLVM::LLVMPointerType::get(b.getContext());
  for (const TmaMap &m : maps) {
    Value buffer = args[m.argument];
    auto type = cast<MemRefType>(buffer.getType());
    Value unranked = memref::CastOp::create(
        b, loc, UnrankedMemRefType::get(type.getElementType(), Attribute()),
        buffer);
    SmallVector<Value> box;
    for (int64_t s : m.type.getTensor().getShape())
      box.push_back(arith::ConstantIndexOp::create(b, loc, s));
    Value desc =
        nvgpu::TmaCreateDescriptorOp::create(b, loc, m.type, unranked, box);
    out.push_back(UnrealizedConversionCastOp::create(b, loc, TypeRange{ptr},
                                                     ValueRange{desc})
                      .getResult(0));
  }
  return out;
}

namespace {
struct NVVMExternDynamicShared
    : public strata::impl::NVVMExternDynamicSharedBase<
          NVVMExternDynamicShared> {
  void runOnOperation() override {
    getOperation().walk([](LLVM::GlobalOp g) {
      auto array = dyn_cast<LLVM::LLVMArrayType>(g.getGlobalType());
      if (g.getAddrSpace() != 3 || !array || array.getNumElements() != 0 ||
          g.getValueOrNull() ||
          !g.getSymName().starts_with("__dynamic_shmem__"))
        return;
      g.setLinkage(LLVM::Linkage::External);
      g.setAlignment(kSwizzleAlign);
    });
  }
};
} // namespace
