//===- ExpandMathForROCDL.cpp - math without ROCm's device libraries ------===//
//
// strata-expand-math-for-rocdl: erf by upstream's polynomial approximation,
// the other math ops convert-gpu-to-rocdl would send to __ocml_* expanded
// into exp/log/sqrt and arithmetic (upstream's math expansions).
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/KernelToROCDL/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace strata {
#define GEN_PASS_DEF_EXPANDMATHFORROCDL
#include "strata/Conversion/KernelToROCDL/Passes.h.inc"
} // namespace strata

using namespace mlir;

namespace {

/// floor/ceil of f32 and f64 (scalar or vector) without a call:
/// convert-gpu-to-rocdl sends math.floor, math.ceil and their LLVM
/// intrinsics to __ocml. For |x| < 2^23 (f64: 2^52) the value truncated
/// through i32 (i64) is exact and is adjusted by
/// one where truncation went the wrong way; larger magnitudes, infinities
/// and NaN are already integral and pass through. (A zero result is +0.0:
/// floor(-0.0) and ceil(-0.5) give +0.0, not -0.0.)
template <typename OpTy, bool Ceil>
struct RoundThroughInt : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Type type = op.getType();
    Type elem = getElementTypeOrSelf(type);
    if (!elem.isF32() && !elem.isF64())
      return failure();
    bool f64 = elem.isF64();
    Location loc = op.getLoc();
    Type intType = f64 ? rewriter.getI64Type() : rewriter.getI32Type();
    if (auto vec = dyn_cast<VectorType>(type))
      intType = vec.clone(intType);
    auto splat = [&](double v) -> Value {
      FloatAttr f = rewriter.getFloatAttr(elem, v);
      if (auto vec = dyn_cast<VectorType>(type))
        return arith::ConstantOp::create(rewriter, loc, vec,
                                         DenseElementsAttr::get(vec, f));
      return arith::ConstantOp::create(rewriter, loc, type, f);
    };
    Value x = op.getOperand();
    Value abs = math::AbsFOp::create(rewriter, loc, x);
    Value small = arith::CmpFOp::create(
        rewriter, loc, arith::CmpFPredicate::OLT, abs,
        splat(f64 ? 4503599627370496.0 : 8388608.0));
    Value trunc = arith::SIToFPOp::create(
        rewriter, loc, type,
        arith::FPToSIOp::create(
            rewriter, loc, intType,
            arith::SelectOp::create(rewriter, loc, small, x, splat(0.0))));
    // floor: trunc > x -> trunc - 1; ceil: trunc < x -> trunc + 1.
    Value wrong = arith::CmpFOp::create(
        rewriter, loc,
        Ceil ? arith::CmpFPredicate::OLT : arith::CmpFPredicate::OGT, trunc, x);
    Value adjusted = arith::SelectOp::create(
        rewriter, loc, wrong,
        arith::AddFOp::create(rewriter, loc, trunc, splat(Ceil ? 1.0 : -1.0)),
        trunc);
    rewriter.replaceOpWithNewOp<arith::SelectOp>(op, small, adjusted, x);
    return success();
  }
};

struct ExpandMathForROCDL
    : strata::impl::ExpandMathForROCDLBase<ExpandMathForROCDL> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    // Upstream's polynomial approximations for the functions that have no
    // LLVM intrinsic the AMDGPU backend lowers (convert-gpu-to-rocdl sends
    // llvm.intr.sin/cos to __ocml too); f16/bf16 go through f32 first.
    auto approximated = [](StringRef name) {
      return llvm::is_contained(
          {math::SinOp::getOperationName(), math::CosOp::getOperationName(),
           math::AtanOp::getOperationName(), math::Atan2Op::getOperationName(),
           math::AsinOp::getOperationName(), math::AcosOp::getOperationName(),
           math::CbrtOp::getOperationName(), math::ErfOp::getOperationName(),
           math::ErfcOp::getOperationName()},
          name);
    };
    populateMathF32ExpansionPatterns(patterns, approximated);
    populateMathPolynomialApproximationPatterns(patterns, approximated);
    patterns.add<RoundThroughInt<math::FloorOp, false>,
                 RoundThroughInt<math::CeilOp, true>>(&getContext());
    math::populateExpansionPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    // f64 functions have no expansion here and no LLVM intrinsic the
    // AMDGPU backend lowers (convert-gpu-to-rocdl would mark them illegal
    // with a message naming llvm.intr.*): say so at the op.
    WalkResult r = getOperation()->walk([](Operation *op) {
      if (!isa<math::ExpOp, math::Exp2Op, math::ExpM1Op, math::LogOp,
               math::Log10Op, math::Log2Op, math::Log1pOp, math::PowFOp,
               math::SinOp, math::CosOp, math::TanOp, math::TanhOp,
               math::AtanOp, math::Atan2Op, math::ErfOp>(op) ||
          !getElementTypeOrSelf(op->getResult(0).getType()).isF64())
        return WalkResult::advance();
      op->emitOpError("on f64 is not supported by the rocm target: it needs "
                      "ROCm's device libraries (__ocml_*_f64), which the "
                      "rocm target does not link; f32 is supported");
      return WalkResult::interrupt();
    });
    if (r.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
