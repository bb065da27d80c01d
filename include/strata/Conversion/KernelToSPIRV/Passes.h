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
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace strata {

#define GEN_PASS_DECL
#include "strata/Conversion/KernelToSPIRV/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "strata/Conversion/KernelToSPIRV/Passes.h.inc"

/// Name of the gpu.module (and so of the spirv.module) holding every kernel.
inline constexpr llvm::StringLiteral kVulkanKernelModule = "strata_kernels";

/// bf16 on Vulkan (SPIR-V has no bfloat16): every bf16 buffer in the
/// gpu.module's kernels becomes the i16 buffer of the same shape (loads and
/// stores bitcast), bf16 math and arith are computed in f32 and the
/// conversions expanded to integer ops (f32 to bf16 rounds to nearest even);
/// launches in `module` pass their bf16 buffers through an
/// unrealized_conversion_cast to the i16 type. `runPipeline` runs the
/// upstream passes on the gpu.module (the calling pass's runPipeline). A
/// kernel op the emulation does not rewrite gets a located error.
mlir::LogicalResult emulateBF16ForVulkan(
    mlir::ModuleOp module, mlir::gpu::GPUModuleOp gpuModule,
    llvm::function_ref<mlir::LogicalResult(mlir::OpPassManager &,
                                           mlir::Operation *)>
        runPipeline);

} // namespace strata

#endif // STRATA_CONVERSION_KERNELTOSPIRV_PASSES_H
