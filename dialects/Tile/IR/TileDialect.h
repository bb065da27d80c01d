//===- TileDialect.h - tile dialect (L2) ---------------------------*- C++ -*-===//
//
// The tile dialect: one tile.kernel per fusion group, on tensors, with its
// tiling configuration.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_DIALECTS_TILE_IR_TILEDIALECT_H
#define STRATA_DIALECTS_TILE_IR_TILEDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/Tile/IR/TileDialect.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/Tile/IR/TileAttrs.h.inc"

#define GET_OP_CLASSES
#include "dialects/Tile/IR/TileOps.h.inc"

#endif // STRATA_DIALECTS_TILE_IR_TILEDIALECT_H
