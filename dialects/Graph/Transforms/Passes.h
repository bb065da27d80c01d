//===- Passes.h - graph-layer (L1) passes --------------------------*- C++ -*-===//

#ifndef STRATA_DIALECTS_GRAPH_TRANSFORMS_PASSES_H
#define STRATA_DIALECTS_GRAPH_TRANSFORMS_PASSES_H

#include "dialects/Graph/IR/GraphDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace strata::graph {

#define GEN_PASS_DECL
#include "dialects/Graph/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/Graph/Transforms/Passes.h.inc"

} // namespace strata::graph

#endif // STRATA_DIALECTS_GRAPH_TRANSFORMS_PASSES_H
