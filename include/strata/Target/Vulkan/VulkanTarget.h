//===- VulkanTarget.h - package SPIR-V kernels as a Vulkan artifact -*- C++ -*-===//
//
// The last step of the Vulkan target: the module after strata-kernel-to-vulkan
// (one spirv.module with every kernel, and the host function holding
// gpu.launch_func) in; one SPIR-V binary, validated with SPIRV-Tools, and the
// launch plan out, packaged as an artifact whose device section
// (include/strata-rt/strata_artifact.h, ABI 2) strata-rt's Vulkan backend runs.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_TARGET_VULKAN_VULKANTARGET_H
#define STRATA_TARGET_VULKAN_VULKANTARGET_H

#include "strata/Target/Device/Device.h"

#include "mlir/IR/BuiltinOps.h"

#include <cstdint>
#include <string>
#include <vector>

namespace strata::vulkan {

/// The device section (lib/Target/Device), with format "spirv".
using DeviceProgram = device::DeviceProgram;

/// Serializes the module's one spirv.module and validates it with
/// SPIRV-Tools for Vulkan 1.2; an invalid module is an error located at it.
mlir::FailureOr<std::vector<uint32_t>> serializeKernels(mlir::ModuleOp module);

/// Serializes the kernels and extracts the launch plan from the host
/// function `info.entry` (inputs then outputs as its buffer arguments;
/// device::buildLaunchPlan). Fails, naming the op, on a host op the plan
/// cannot express.
mlir::FailureOr<DeviceProgram> buildProgram(mlir::ModuleOp module,
                                            const cpu::ArtifactInfo &info);

/// Writes the artifact (device::writeArtifact with target "vulkan").
mlir::LogicalResult writeArtifact(mlir::Location loc,
                                  const cpu::ArtifactInfo &info,
                                  const DeviceProgram &program,
                                  llvm::StringRef soPath);

/// Writes the SPIR-V binary (`--emit=obj`).
mlir::LogicalResult writeBinary(mlir::Location loc,
                                llvm::ArrayRef<uint32_t> binary,
                                llvm::StringRef path);

} // namespace strata::vulkan

#endif // STRATA_TARGET_VULKAN_VULKANTARGET_H
