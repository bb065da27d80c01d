//===- GraphToLinalg.h - graph ops to linalg/tensor/arith/math -*- C++ -*-===//
//
// The patterns that lower every graph op to value-semantic upstream ops,
// for use in a dialect conversion with the graph dialect illegal (the pass
// strata-convert-graph-to-linalg is one such conversion).
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_CONVERSION_GRAPHTOTILE_GRAPHTOLINALG_H
#define STRATA_CONVERSION_GRAPHTOTILE_GRAPHTOLINALG_H

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace strata {

/// Adds the conversion patterns for every graph op. The patterns only apply
/// to ops whose operands and results have static shapes.
void populateGraphToLinalgPatterns(mlir::RewritePatternSet &patterns);

} // namespace strata

#endif // STRATA_CONVERSION_GRAPHTOTILE_GRAPHTOLINALG_H
