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

#include "strata/Target/CPU/CPUTarget.h"

#include "mlir/IR/BuiltinOps.h"

#include <cstdint>
#include <string>
#include <vector>

namespace strata::vulkan {

/// The device section of an artifact, as the compiler builds it (mirrors
/// strata_device_program).
struct DeviceProgram {
  struct Kernel {
    std::string entry;
    uint32_t workgroupSize[3];
    int32_t numBindings;
  };
  struct Buffer {
    int32_t kind; // strata_buffer_kind
    int32_t index;
    uint64_t byteSize;
  };
  struct Step {
    int32_t kind; // strata_step_kind
    int32_t kernel = -1;
    uint32_t groups[3] = {0, 0, 0};
    std::vector<int32_t> args;
    uint64_t byteSize = 0;
  };
  std::vector<uint32_t> binary; // SPIR-V words
  std::vector<Kernel> kernels;
  std::vector<Buffer> buffers;
  std::vector<std::vector<char>> blobs;
  std::vector<Step> steps;
};

/// Serializes the module's one spirv.module and validates it with
/// SPIRV-Tools for Vulkan 1.2; an invalid module is an error located at it.
mlir::FailureOr<std::vector<uint32_t>> serializeKernels(mlir::ModuleOp module);

/// Serializes the kernels and extracts the launch plan from the host
/// function `info.entry` (inputs then outputs as its buffer arguments).
/// Fails, naming the op, on a host op the plan cannot express.
mlir::FailureOr<DeviceProgram> buildProgram(mlir::ModuleOp module,
                                            const cpu::ArtifactInfo &info);

/// Writes the artifact: a shared library with data only (descriptors and
/// device section), built as an LLVM module and linked with clang.
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
