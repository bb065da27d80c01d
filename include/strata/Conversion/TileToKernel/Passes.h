//===- Passes.h - tile-to-kernel conversion ------------------------*- C++ -*-===//

#ifndef STRATA_CONVERSION_TILETOKERNEL_PASSES_H
#define STRATA_CONVERSION_TILETOKERNEL_PASSES_H

#include "dialects/Kernel/IR/KernelDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace strata {

/// Unit attribute marking an outlined kernel function between outlining and
/// launch formation.
constexpr llvm::StringLiteral kKernelFuncAttr = "strata.kernel";

#define GEN_PASS_DECL
#include "strata/Conversion/TileToKernel/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "strata/Conversion/TileToKernel/Passes.h.inc"

} // namespace strata

#endif // STRATA_CONVERSION_TILETOKERNEL_PASSES_H
