//===- Passes.h - kernel-to-SPIR-V (Vulkan) conversion -------------*- C++ -*-===//

#ifndef STRATA_CONVERSION_KERNELTOSPIRV_PASSES_H
#define STRATA_CONVERSION_KERNELTOSPIRV_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace strata {

#define GEN_PASS_DECL
#include "strata/Conversion/KernelToSPIRV/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "strata/Conversion/KernelToSPIRV/Passes.h.inc"

/// Name of the gpu.module (and so of the spirv.module) holding every kernel.
inline constexpr llvm::StringLiteral kVulkanKernelModule = "strata_kernels";

} // namespace strata

#endif // STRATA_CONVERSION_KERNELTOSPIRV_PASSES_H
