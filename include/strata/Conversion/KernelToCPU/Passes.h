//===- Passes.h - kernel-to-CPU conversion -------------------------*- C++ -*-===//

#ifndef STRATA_CONVERSION_KERNELTOCPU_PASSES_H
#define STRATA_CONVERSION_KERNELTOCPU_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace strata {

#define GEN_PASS_DECL
#include "strata/Conversion/KernelToCPU/Passes.h.inc"

/// The patterns of strata-expand-low-precision-floats.
void populateExpandLowPrecisionFloatPatterns(mlir::RewritePatternSet &patterns,
                                             bool expandBf16 = true);

#define GEN_PASS_REGISTRATION
#include "strata/Conversion/KernelToCPU/Passes.h.inc"

} // namespace strata

#endif // STRATA_CONVERSION_KERNELTOCPU_PASSES_H
