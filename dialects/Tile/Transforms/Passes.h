//===- Passes.h - tile-layer (L2) passes ---------------------------*- C++ -*-===//

#ifndef STRATA_DIALECTS_TILE_TRANSFORMS_PASSES_H
#define STRATA_DIALECTS_TILE_TRANSFORMS_PASSES_H

#include "dialects/Tile/IR/TileDialect.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace strata::tile {

#define GEN_PASS_DECL
#include "dialects/Tile/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/Tile/Transforms/Passes.h.inc"

} // namespace strata::tile

#endif // STRATA_DIALECTS_TILE_TRANSFORMS_PASSES_H
