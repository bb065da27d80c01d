//===- Passes.h - graph→tile conversion passes -----------------*- C++ -*-===//
//
// Declarations and registration of the passes between the graph layer (L1)
// and the tile layer (L2). Dialect headers are needed only where a pass is
// defined, so this header stays light.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_CONVERSION_GRAPHTOTILE_PASSES_H
#define STRATA_CONVERSION_GRAPHTOTILE_PASSES_H

#include "mlir/Pass/Pass.h"

#include <memory>

namespace strata {

#define GEN_PASS_DECL
#include "strata/Conversion/GraphToTile/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "strata/Conversion/GraphToTile/Passes.h.inc"

} // namespace strata

#endif // STRATA_CONVERSION_GRAPHTOTILE_PASSES_H
