//===- GraphContract.cpp - the graph-to-tile contract ---------------------===//
//
// What the graph layer (L1) gives the graph-to-tile conversion. Version 1:
// the tile layer handles static shapes only, so the contract requires them.
//
//===----------------------------------------------------------------------===//

#include "strata/Contract/Contract.h"
#include "strata/Contract/RuleHelpers.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;

namespace strata::contract {

static std::optional<std::string> moduleHoldsFunctions(Operation *op) {
  if (op->getParentOp() && isa<ModuleOp>(op->getParentOp()) &&
      !isa<func::FuncOp>(op))
    return std::string("the module may only hold func.func");
  return std::nullopt;
}

static std::optional<std::string> graphOpsOnly(Operation *op) {
  if (!directlyIn(op, "func.func"))
    return std::nullopt;
  if (inDialects(op, {"graph"}) || isa<func::ReturnOp>(op))
    return std::nullopt;
  return "only graph ops and func.return may appear in a graph function, "
         "found '" +
         op->getName().getStringRef().str() + "'";
}

static std::optional<std::string> staticShapes(Operation *op) {
  auto dynamic = [](Type t) {
    auto s = dyn_cast<ShapedType>(t);
    return s && s.hasRank() && !s.hasStaticShape();
  };
  if (!inDialects(op, {"graph"}) && !isa<func::FuncOp>(op))
    return std::nullopt;
  if (auto f = dyn_cast<func::FuncOp>(op)) {
    for (Type t : f.getFunctionType().getInputs())
      if (dynamic(t))
        return "argument type " + typeToString(t) +
               " has a dynamic dimension (v1 takes static shapes)";
    for (Type t : f.getFunctionType().getResults())
      if (dynamic(t))
        return "result type " + typeToString(t) +
               " has a dynamic dimension (v1 takes static shapes)";
    return std::nullopt;
  }
  if (auto t = findType(op, dynamic))
    return "type " + typeToString(*t) +
           " has a dynamic dimension (v1 takes static shapes); run "
           "strata-graph-infer-shapes or give static input shapes";
  return std::nullopt;
}

static const Rule kGraphRules[] = {
    {"module-functions",
     "The module holds only `func.func` ops (the model's entry points).",
     moduleHoldsFunctions},
    {"graph-ops-only",
     "A function body holds only `graph` ops and `func.return`.",
     graphOpsOnly},
    {"static-shapes",
     "Every tensor of a graph op or function signature has a static shape.",
     staticShapes},
};

const Contract &getGraphToTileContract() {
  static const Contract c{
      "graph-to-tile", "graph", "tile", 1,
      "A verified graph program: functions of value-semantic `graph` ops on "
      "ranked tensors whose result types agree with the ops' shape rules. "
      "The tile layer promises to partition it into kernels, each computing "
      "exactly what its graph ops compute.",
      kGraphRules};
  return c;
}

} // namespace strata::contract
