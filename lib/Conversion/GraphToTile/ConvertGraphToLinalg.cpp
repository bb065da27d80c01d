//===- ConvertGraphToLinalg.cpp - strata-convert-graph-to-linalg ----------===//
//
// The pass that lowers every graph op of a function to value-semantic
// linalg/tensor/arith/math ops, and the populate function that gathers the
// per-family patterns (LowerElementwise.cpp, LowerContraction.cpp, ...).
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/GraphToTile/GraphToLinalg.h"
#include "strata/Conversion/GraphToTile/Passes.h"

#include "dialects/Graph/IR/GraphOps.h"
#include "lib/Conversion/GraphToTile/LoweringUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace strata {
#define GEN_PASS_DEF_CONVERTGRAPHTOLINALG
#include "strata/Conversion/GraphToTile/Passes.h.inc"
} // namespace strata

using namespace mlir;

void strata::populateGraphToLinalgPatterns(RewritePatternSet &patterns) {
  populateGraphElementwiseToLinalgPatterns(patterns);
  populateGraphContractionToLinalgPatterns(patterns);
  populateGraphWindowToLinalgPatterns(patterns);
  populateGraphReductionToLinalgPatterns(patterns);
  populateGraphNormalizationToLinalgPatterns(patterns);
  populateGraphDataMovementToLinalgPatterns(patterns);
}

namespace {

/// Reports every graph op with a dynamic (or unranked) tensor, naming the
/// first such operand or result; returns whether there was one.
static bool reportDynamicShapes(func::FuncOp func) {
  bool found = false;
  func.walk([&](Operation *op) {
    if (!isa_and_nonnull<strata::graph::GraphDialect>(op->getDialect()) ||
        strata::graph_to_linalg::hasStaticShapes(op))
      return;
    auto isDynamic = [](Type t) {
      auto ranked = dyn_cast<RankedTensorType>(t);
      return !ranked || !ranked.hasStaticShape();
    };
    std::string where;
    llvm::raw_string_ostream os(where);
    auto operands = op->getOperandTypes();
    auto results = op->getResultTypes();
    if (auto it = llvm::find_if(operands, isDynamic); it != operands.end())
      os << "operand #" << std::distance(operands.begin(), it) << ": " << *it;
    else if (auto it = llvm::find_if(results, isDynamic); it != results.end())
      os << "result #" << std::distance(results.begin(), it) << ": " << *it;
    op->emitOpError("dynamic dimensions are not supported yet by "
                    "strata-convert-graph-to-linalg (")
        << where << ")";
    found = true;
  });
  return found;
}

struct ConvertGraphToLinalg
    : public strata::impl::ConvertGraphToLinalgBase<ConvertGraphToLinalg> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (reportDynamicShapes(func))
      return signalPassFailure();

    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addIllegalDialect<strata::graph::GraphDialect>();
    target.addLegalDialect<linalg::LinalgDialect, tensor::TensorDialect,
                           arith::ArithDialect, math::MathDialect>();

    RewritePatternSet patterns(ctx);
    strata::populateGraphToLinalgPatterns(patterns);

    // A lowering, not a simplification: folding graph ops here would make
    // the output depend on which folders exist (canonicalize does that).
    ConversionConfig config;
    config.foldingMode = DialectConversionFoldingMode::Never;
    if (failed(
            applyPartialConversion(func, target, std::move(patterns), config)))
      signalPassFailure();
  }
};

} // namespace
