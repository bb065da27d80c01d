//===- Passes.h - kernel-to-ROCDL (AMD GPU) conversion -------------*- C++
//-*-===//

#ifndef STRATA_CONVERSION_KERNELTOROCDL_PASSES_H
#define STRATA_CONVERSION_KERNELTOROCDL_PASSES_H

#include "mlir/Dialect/AMDGPU/IR/AMDGPUDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace strata {

#define GEN_PASS_DECL
#include "strata/Conversion/KernelToROCDL/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "strata/Conversion/KernelToROCDL/Passes.h.inc"

/// The AMD chips the rocm target compiles for (`--rocm-chip=`).
inline constexpr llvm::StringLiteral kRocmChips[] = {"gfx90a", "gfx942",
                                                     "gfx1030", "gfx1100"};

/// True when `chip` is one of kRocmChips.
bool isSupportedRocmChip(llvm::StringRef chip);

/// Succeeds for a supported chip; else reports "unknown AMD chip" on `op`
/// (a pass's anchor) listing the supported ones.
mlir::LogicalResult checkRocmChip(mlir::Operation *op, llvm::StringRef chip);

} // namespace strata

#endif // STRATA_CONVERSION_KERNELTOROCDL_PASSES_H
