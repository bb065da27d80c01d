//===- GraphDialect.h - graph dialect (L1) ------------------------*- C++ -*-===//
//
// The graph dialect: a whole model as value-semantic tensor ops.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_DIALECTS_GRAPH_IR_GRAPHDIALECT_H
#define STRATA_DIALECTS_GRAPH_IR_GRAPHDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dialects/Graph/IR/GraphDialect.h.inc"

#endif // STRATA_DIALECTS_GRAPH_IR_GRAPHDIALECT_H
