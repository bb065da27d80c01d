//===- InferShapes.cpp - strata-graph-infer-shapes -------------------------===//
//
// Refines graph op result types to the more static types their shape rules
// infer, and function result types with them.
//
//===----------------------------------------------------------------------===//

#include "dialects/Graph/IR/GraphOps.h"
#include "dialects/Graph/IR/ShapeInference.h"
#include "dialects/Graph/Transforms/Passes.h"

namespace strata::graph {
#define GEN_PASS_DEF_GRAPHINFERSHAPES
#include "dialects/Graph/Transforms/Passes.h.inc"
} // namespace strata::graph

using namespace mlir;
using namespace strata::graph;

namespace {

/// Whether every use of `v` accepts a refined type.
static bool usersAcceptRefinement(Value v) {
  return llvm::all_of(v.getUsers(), [](Operation *user) {
    return isa<GraphDialect>(user->getDialect()) || isa<func::ReturnOp>(user);
  });
}

struct GraphInferShapes
    : public strata::graph::impl::GraphInferShapesBase<GraphInferShapes> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    bool returnsRefined = false;
    func.walk([&](InferTypeOpInterface op) {
      if (!isa<GraphDialect>(op->getDialect()))
        return;
      SmallVector<Type> inferred;
      if (failed(op.inferReturnTypes(
              op->getContext(), op->getLoc(), op->getOperands(),
              op->getAttrDictionary(), op->getPropertiesStorage(),
              op->getRegions(), inferred)))
        return; // The verifier reports it.
      for (auto [result, type] : llvm::zip_equal(op->getResults(), inferred)) {
        auto now = dyn_cast<RankedTensorType>(result.getType());
        auto next = dyn_cast<RankedTensorType>(type);
        if (!now || !next || now == next ||
            !shape::compatible(now.getShape(), next.getShape()) ||
            !usersAcceptRefinement(result))
          continue;
        // Keep every dim the stated type already knows; take the rest from
        // the rule.
        SmallVector<int64_t> dims(next.getShape());
        for (auto [d, known] : llvm::zip_equal(dims, now.getShape()))
          if (ShapedType::isDynamic(d))
            d = known;
        auto refined =
            RankedTensorType::get(dims, now.getElementType(), now.getEncoding());
        if (refined == now)
          continue;
        result.setType(refined);
        returnsRefined |= llvm::any_of(result.getUsers(), [](Operation *u) {
          return isa<func::ReturnOp>(u);
        });
      }
    });
    if (!returnsRefined || func.isExternal())
      return;
    // Refine the signature only when every return agrees.
    SmallVector<Type> results;
    for (Block &block : func.getBody()) {
      auto ret = dyn_cast<func::ReturnOp>(block.getTerminator());
      if (!ret)
        continue;
      if (results.empty())
        results = llvm::to_vector(ret.getOperandTypes());
      else if (!llvm::equal(results, ret.getOperandTypes()))
        return;
    }
    func.setType(FunctionType::get(func.getContext(),
                                   func.getArgumentTypes(), results));
  }
};

} // namespace
