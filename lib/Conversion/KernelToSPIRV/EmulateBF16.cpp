//===- EmulateBF16.cpp - bf16 as i16 storage and f32 arithmetic -----------===//
//
// Vulkan 1.2's SPIR-V has no bfloat16 type, and upstream's SPIR-V type
// conversion reinterprets a bf16 buffer as an f32 array of half the length.
// The vulkan target emulates bf16 instead: buffers and scratch hold the bf16
// bits as i16 (loads and stores bitcast), math and arith ops on bf16 are
// computed in f32 (upstream's math-extend-to-supported-types and
// arith-emulate-unsupported-floats), and the remaining bf16 <-> f32
// conversions become integer ops (upstream's arith bf16 expansion; f32 to
// bf16 rounds to nearest even, NaN to a quiet NaN). Launches pass the host's
// bf16 buffers through an unrealized_conversion_cast to the i16 type, which
// the launch plan maps to the same buffer (lib/Target/Device).
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/KernelToSPIRV/Passes.h"

#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace {

bool isBF16(Type t) { return isa<BFloat16Type>(getElementTypeOrSelf(t)); }

bool hasBF16(Operation *op) {
  auto bf16 = [](Type t) {
    if (isBF16(t))
      return true;
    auto f = dyn_cast<FunctionType>(t);
    return f && (llvm::any_of(f.getInputs(), isBF16) ||
                 llvm::any_of(f.getResults(), isBF16));
  };
  if (llvm::any_of(op->getOperandTypes(), bf16) ||
      llvm::any_of(op->getResultTypes(), bf16))
    return true;
  for (Region &r : op->getRegions())
    for (Block &b : r)
      if (llvm::any_of(b.getArgumentTypes(), bf16))
        return true;
  if (auto f = dyn_cast<gpu::GPUFuncOp>(op))
    return bf16(f.getFunctionType());
  return false;
}

/// memref<... x bf16, layout, space> -> memref<... x i16, layout, space>;
/// null for any other type.
MemRefType storageType(Type t) {
  auto m = dyn_cast<MemRefType>(t);
  if (!m || !isa<BFloat16Type>(m.getElementType()))
    return {};
  return MemRefType::get(m.getShape(), IntegerType::get(t.getContext(), 16),
                         m.getLayout(), m.getMemorySpace());
}

/// Ops whose bf16 memref results become i16 memrefs unchanged otherwise
/// (allocations and views: the same elements, reinterpreted).
bool isRetypableBufferOp(Operation *op) {
  return isa<memref::AllocOp, memref::AllocaOp, memref::SubViewOp,
             memref::CastOp, memref::ReinterpretCastOp, memref::CollapseShapeOp,
             memref::ExpandShapeOp>(op);
}

/// Buffers: every bf16 memref in the kernels becomes the i16 memref of the
/// same shape; loads bitcast the i16 they read to bf16, stores the bf16 they
/// write to i16. Launches cast the host's bf16 buffers to the i16 type.
LogicalResult emulateStorage(ModuleOp module, gpu::GPUModuleOp gpuModule) {
  // Check first, rewrite after: every op touching a bf16 buffer must be one
  // this rewrite knows.
  WalkResult checked = gpuModule.walk([](Operation *op) {
    if (isa<gpu::GPUFuncOp>(op))
      return WalkResult::advance();
    bool touches = llvm::any_of(op->getOperandTypes(),
                                [](Type t) { return bool(storageType(t)); }) ||
                   llvm::any_of(op->getResultTypes(),
                                [](Type t) { return bool(storageType(t)); });
    if (!touches || isRetypableBufferOp(op) ||
        isa<memref::LoadOp, memref::StoreOp, memref::DeallocOp, memref::DimOp>(
            op))
      return WalkResult::advance();
    op->emitOpError("uses a bf16 buffer in a way the vulkan target's bf16 "
                    "emulation (i16 storage) does not rewrite");
    return WalkResult::interrupt();
  });
  if (checked.wasInterrupted())
    return failure();

  MLIRContext *ctx = module.getContext();
  auto retype = [](Value v) {
    if (MemRefType t = storageType(v.getType()))
      v.setType(t);
  };
  // Kernel signatures (arguments and attributions are the entry block's
  // arguments).
  for (auto f : gpuModule.getOps<gpu::GPUFuncOp>()) {
    for (BlockArgument arg : f.getBody().getArguments())
      retype(arg);
    FunctionType type = f.getFunctionType();
    SmallVector<Type> inputs;
    for (Type t : type.getInputs())
      inputs.push_back(storageType(t) ? Type(storageType(t)) : t);
    f.setFunctionTypeAttr(
        TypeAttr::get(FunctionType::get(ctx, inputs, type.getResults())));
  }
  SmallVector<memref::LoadOp> loads;
  SmallVector<memref::StoreOp> stores;
  WalkResult nested = gpuModule.walk([&](Operation *op) {
    for (Region &r : op->getRegions())
      for (Block &b : r)
        if (!b.isEntryBlock() || !isa<gpu::GPUFuncOp>(op))
          for (BlockArgument arg : b.getArguments())
            if (storageType(arg.getType())) {
              op->emitOpError("has a bf16 buffer block argument the vulkan "
                              "target's bf16 emulation does not rewrite");
              return WalkResult::interrupt();
            }
    if (isRetypableBufferOp(op))
      for (Value r : op->getResults())
        retype(r);
    if (auto load = dyn_cast<memref::LoadOp>(op);
        load && isa<BFloat16Type>(load.getType()))
      loads.push_back(load);
    if (auto store = dyn_cast<memref::StoreOp>(op);
        store && isa<BFloat16Type>(store.getValueToStore().getType()))
      stores.push_back(store);
    return WalkResult::advance();
  });
  if (nested.wasInterrupted())
    return failure();

  IRRewriter rewriter(ctx);
  Type i16 = IntegerType::get(ctx, 16);
  for (memref::LoadOp load : loads) {
    rewriter.setInsertionPoint(load);
    auto bits =
        memref::LoadOp::create(rewriter, load.getLoc(), load.getMemRef(),
                               load.getIndices(), load.getNontemporal());
    bits.getResult().setType(i16);
    rewriter.replaceOpWithNewOp<arith::BitcastOp>(load, load.getType(), bits);
  }
  for (memref::StoreOp store : stores) {
    rewriter.setInsertionPoint(store);
    Value bits = arith::BitcastOp::create(rewriter, store.getLoc(), i16,
                                          store.getValueToStore());
    rewriter.modifyOpInPlace(store,
                             [&] { store.getValueMutable().assign(bits); });
  }

  // Host: launches pass their bf16 buffers as the i16 view the kernel takes.
  module.walk([&](gpu::LaunchFuncOp launch) {
    for (OpOperand &operand : launch.getKernelOperandsMutable()) {
      MemRefType t = storageType(operand.get().getType());
      if (!t)
        continue;
      rewriter.setInsertionPoint(launch);
      auto cast = UnrealizedConversionCastOp::create(
          rewriter, launch.getLoc(), TypeRange{t}, operand.get());
      operand.set(cast.getResult(0));
    }
  });
  return success();
}

/// bf16 conversions upstream's expansion does not take (it rewrites bf16 <->
/// f32 only): via f32 (exact for extf; truncf from f64 rounds twice).
struct SplitWideBF16ExtF : OpRewritePattern<arith::ExtFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::ExtFOp op,
                                PatternRewriter &rewriter) const override {
    Type to = getElementTypeOrSelf(op.getType());
    if (!isBF16(op.getIn().getType()) || to.getIntOrFloatBitWidth() <= 32 ||
        isa<VectorType>(op.getType()))
      return failure();
    Value f32 = arith::ExtFOp::create(rewriter, op.getLoc(),
                                      rewriter.getF32Type(), op.getIn());
    rewriter.replaceOpWithNewOp<arith::ExtFOp>(op, op.getType(), f32);
    return success();
  }
};

struct SplitWideBF16TruncF : OpRewritePattern<arith::TruncFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::TruncFOp op,
                                PatternRewriter &rewriter) const override {
    Type from = getElementTypeOrSelf(op.getIn().getType());
    if (!isBF16(op.getType()) || from.getIntOrFloatBitWidth() <= 32 ||
        isa<VectorType>(op.getType()))
      return failure();
    Value f32 = arith::TruncFOp::create(rewriter, op.getLoc(),
                                        rewriter.getF32Type(), op.getIn());
    rewriter.replaceOpWithNewOp<arith::TruncFOp>(op, op.getType(), f32);
    return success();
  }
};

/// bf16 values that only move (select): their i16 bits.
struct SelectBF16AsI16 : OpRewritePattern<arith::SelectOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::SelectOp op,
                                PatternRewriter &rewriter) const override {
    if (!isa<BFloat16Type>(op.getType()))
      return failure();
    Type i16 = rewriter.getI16Type();
    Location loc = op.getLoc();
    Value t = arith::BitcastOp::create(rewriter, loc, i16, op.getTrueValue());
    Value f = arith::BitcastOp::create(rewriter, loc, i16, op.getFalseValue());
    Value s = arith::SelectOp::create(rewriter, loc, op.getCondition(), t, f);
    rewriter.replaceOpWithNewOp<arith::BitcastOp>(op, op.getType(), s);
    return success();
  }
};

} // namespace

namespace strata {

LogicalResult emulateBF16ForVulkan(
    ModuleOp module, gpu::GPUModuleOp gpuModule,
    llvm::function_ref<LogicalResult(OpPassManager &, Operation *)>
        runPipeline) {
  if (!gpuModule
           .walk([](Operation *op) {
             return hasBF16(op) ? WalkResult::interrupt()
                                : WalkResult::advance();
           })
           .wasInterrupted())
    return success();
  if (failed(emulateStorage(module, gpuModule)))
    return failure();

  // Arithmetic: math and arith ops on bf16 computed in f32 (f16 stays: the
  // SPIR-V target has Float16), then the bf16 <-> f32 conversions as
  // integer ops.
  MLIRContext *ctx = module.getContext();
  OpPassManager pm(gpu::GPUModuleOp::getOperationName());
  math::MathExtendToSupportedTypesOptions math;
  math.extraTypeStrs = {"f16"};
  pm.addPass(math::createMathExtendToSupportedTypes(math));
  arith::ArithEmulateUnsupportedFloatsOptions floats;
  floats.sourceTypeStrs = {"bf16"};
  floats.targetTypeStr = "f32";
  pm.addPass(arith::createArithEmulateUnsupportedFloats(floats));
  if (failed(runPipeline(pm, gpuModule)))
    return failure();

  RewritePatternSet patterns(ctx);
  // (bf16 constants need no pattern: bitcasts and extf fold them.)
  patterns.add<SplitWideBF16ExtF, SplitWideBF16TruncF, SelectBF16AsI16>(ctx);
  arith::populateExpandBFloat16Patterns(patterns);
  arith::BitcastOp::getCanonicalizationPatterns(patterns, ctx);
  if (failed(applyPatternsGreedily(gpuModule, std::move(patterns))))
    return emitError(gpuModule.getLoc(),
                     "the vulkan target's bf16 emulation did not converge");

  // Bitcasts between loads, conversions and stores are folded away now;
  // whatever still has bf16 would reach SPIR-V, which has no bf16.
  // Reported on the first such op that is not a constant (constants are
  // hoisted and lose the model's location), else the first constant.
  Operation *left = nullptr;
  gpuModule.walk([&](Operation *op) {
    if ((isa<arith::BitcastOp>(op) && op->use_empty()) || !hasBF16(op))
      return WalkResult::advance();
    if (!left || isa<arith::ConstantOp>(left))
      left = op;
    return isa<arith::ConstantOp>(op) ? WalkResult::advance()
                                      : WalkResult::interrupt();
  });
  if (left)
    return left->emitOpError(
        "still uses bf16 after the vulkan target's bf16 emulation (i16 "
        "storage, f32 arithmetic), which does not rewrite this op; Vulkan "
        "1.2's SPIR-V has no bfloat16 type");
  return success();
}

} // namespace strata
