//===- ConvertGraphToLinalg.cpp - strata-convert-graph-to-linalg ----------===//
//
// The pass that lowers every graph op of a function to value-semantic
// linalg/tensor/arith/math ops, and the populate function that gathers the
// per-family patterns (LowerElementwise.cpp, LowerContraction.cpp, ...).
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/AttrTypeSubElements.h"
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

namespace {
/// An op whose results all have zero elements computes nothing: its results
/// are empty constants. This keeps zero-sized tensors out of the kernels,
/// where they would leave a tensor.empty on the host (ONNX tests slice and
/// split to empty tensors).
struct LowerEmptyResults : ConversionPattern {
  LowerEmptyResults(MLIRContext *ctx)
      : ConversionPattern(MatchAnyOpTypeTag(), /*benefit=*/10, ctx) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value>,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isa<strata::graph::GraphDialect>(op->getDialect()) ||
        isa<strata::graph::ConstantOp>(op) || op->getNumResults() == 0)
      return failure();
    SmallVector<Value> empty;
    for (Type t : op->getResultTypes()) {
      auto type = dyn_cast<RankedTensorType>(t);
      if (!type || !type.hasStaticShape() || type.getNumElements() != 0)
        return failure();
      empty.push_back(arith::ConstantOp::create(
          rewriter, op->getLoc(), type,
          DenseElementsAttr::get(type, ArrayRef<Attribute>())));
    }
    rewriter.replaceOp(op, empty);
    return success();
  }
};
} // namespace

void strata::populateGraphToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerEmptyResults>(patterns.getContext());
  populateGraphElementwiseToLinalgPatterns(patterns);
  populateGraphContractionToLinalgPatterns(patterns);
  populateGraphWindowToLinalgPatterns(patterns);
  populateGraphReductionToLinalgPatterns(patterns);
  populateGraphNormalizationToLinalgPatterns(patterns);
  populateGraphDataMovementToLinalgPatterns(patterns);
  populateGraphInterpolationToLinalgPatterns(patterns);
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
      return signalPassFailure();
    eraseSignedness(func);
  }

  /// The patterns lower unsigned tensors (ui8..ui64) with their builtin
  /// types, so the scalar helpers see the signedness and pick the unsigned
  /// arith op (divui, remui, cmpi ult, maxui, uitofp, fptoui, extui). arith
  /// takes signless integers only, so once everything is lowered the
  /// function's types and attributes become signless: same width, same bits.
  static void eraseSignedness(func::FuncOp func) {
    bool any = false;
    func.walk([&](Operation *op) {
      auto unsignedIn = [](Type t) {
        return getElementTypeOrSelf(t).isUnsignedInteger();
      };
      any = any || llvm::any_of(op->getResultTypes(), unsignedIn) ||
            llvm::any_of(op->getOperandTypes(), unsignedIn);
    });
    if (!any && !llvm::any_of(func.getArgumentTypes(), [](Type t) {
          return getElementTypeOrSelf(t).isUnsignedInteger();
        }))
      return;
    AttrTypeReplacer replacer;
    replacer.addReplacement([](IntegerType t) -> std::optional<Type> {
      if (!t.isUnsigned())
        return std::nullopt;
      return IntegerType::get(t.getContext(), t.getWidth());
    });
    // Constants keep their bits under the signless type (the element types
    // inside these attributes are not sub-elements the replacer visits).
    replacer.addReplacement(
        [](DenseElementsAttr a) -> std::optional<Attribute> {
          auto t = dyn_cast<IntegerType>(a.getElementType());
          if (!t || !t.isUnsigned())
            return std::nullopt;
          return a.bitcast(IntegerType::get(t.getContext(), t.getWidth()));
        });
    replacer.addReplacement([](IntegerAttr a) -> std::optional<Attribute> {
      auto t = dyn_cast<IntegerType>(a.getType());
      if (!t || !t.isUnsigned())
        return std::nullopt;
      return IntegerAttr::get(IntegerType::get(t.getContext(), t.getWidth()),
                              a.getValue());
    });
    replacer.recursivelyReplaceElementsIn(func, /*replaceAttrs=*/true,
                                          /*replaceLocs=*/false,
                                          /*replaceTypes=*/true);
  }
};

} // namespace
