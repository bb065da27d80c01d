//===- ExpandMathForROCDL.cpp - math without ROCm's device libraries ------===//
//
// strata-expand-math-for-rocdl: erf by upstream's polynomial approximation,
// the other math ops convert-gpu-to-rocdl would send to __ocml_* expanded
// into exp/log/sqrt and arithmetic (upstream's math expansions).
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/KernelToROCDL/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace strata {
#define GEN_PASS_DEF_EXPANDMATHFORROCDL
#include "strata/Conversion/KernelToROCDL/Passes.h.inc"
} // namespace strata

using namespace mlir;

namespace {
struct ExpandMathForROCDL
    : strata::impl::ExpandMathForROCDLBase<ExpandMathForROCDL> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populatePolynomialApproximateErfPattern(patterns);
    math::populateExpansionPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
