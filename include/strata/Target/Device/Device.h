//===- Device.h - device sections and data-only artifacts ---------*- C++
//-*-===//
//
// Shared by the device targets (vulkan, cuda, rocm): the device section of
// an artifact as the compiler builds it (include/strata-rt/strata_artifact.h,
// ABI 2), the launch plan extracted from the kernel layer's host function
// (after kernel.launch became gpu.launch_func), and the artifact writer: a
// shared library with data only (descriptors and device section).
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_TARGET_DEVICE_DEVICE_H
#define STRATA_TARGET_DEVICE_DEVICE_H

#include "strata/Target/CPU/CPUTarget.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinOps.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace strata::device {

/// The device section of an artifact (mirrors strata_device_program).
struct DeviceProgram {
  struct Kernel {
    std::string entry;
    uint32_t workgroupSize[3] = {1, 1, 1};
    int32_t numBindings = 0;
    /// Dynamic shared memory per launch (ABI 3; CUDA).
    uint32_t dynamicSharedBytes = 0;
  };
  /// A TMA tensor map over a whole buffer (ABI 3, strata_device_tensor_map).
  struct TensorMap {
    int32_t buffer;
    int32_t dtype; // strata_dtype
    int32_t swizzle; // strata_tensor_map_swizzle
    std::vector<uint64_t> dims; // outermost first
    std::vector<uint32_t> box;  // outermost first
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
  /// "spirv", "cuda-ptx", "cuda-cubin", "rocm-hsaco" (strata_artifact.h).
  std::string format;
  /// The device binary's bytes (PTX text includes its terminating NUL).
  std::vector<char> binary;
  std::vector<Kernel> kernels;
  std::vector<Buffer> buffers;
  std::vector<std::vector<char>> blobs;
  std::vector<Step> steps;
  std::vector<TensorMap> tensorMaps;
  /// The lowest artifact ABI that describes the program: 3 with tensor maps
  /// or dynamic shared memory, else 2.
  uint32_t abiVersion() const;
};

/// The module's kernels (gpu.func with gpu.kernel), in the gpu.module's
/// order, with their bindings (arguments) and the block size `blockSize`
/// reads from each.
std::vector<DeviceProgram::Kernel>
collectKernels(mlir::ModuleOp module,
               llvm::function_ref<std::array<uint32_t, 3>(mlir::gpu::GPUFuncOp)>
                   blockSize);

struct LaunchPlanOptions {
  /// Named in diagnostics ("the <target> launch plan ...").
  std::string target;
  /// Kernels not in `program.kernels` are added at their first launch, with
  /// the launch's constant block size (one per kernel) and operand count.
  bool kernelsFromLaunches = false;
  /// Largest workgroup count per dimension.
  std::array<int64_t, 3> maxGroups = {65535, 65535, 65535};
};

/// Extracts the launch plan (buffers, blobs, steps) from the host function
/// `info.entry` (inputs then outputs as its buffer arguments) into
/// `program`. Fails, naming the op, on a host op the plan cannot express.
mlir::LogicalResult buildLaunchPlan(mlir::ModuleOp module,
                                    const cpu::ArtifactInfo &info,
                                    const LaunchPlanOptions &options,
                                    DeviceProgram &program);

/// Writes the artifact for `target` ("vulkan", "cuda", "rocm"): a shared
/// library with data only (descriptors and device section), built as an
/// LLVM module and linked with clang.
mlir::LogicalResult writeArtifact(mlir::Location loc,
                                  const cpu::ArtifactInfo &info,
                                  const DeviceProgram &program,
                                  llvm::StringRef target,
                                  llvm::StringRef soPath);

/// Writes a device binary as is (`--emit=obj`).
mlir::LogicalResult writeBinary(mlir::Location loc, llvm::ArrayRef<char> binary,
                                llvm::StringRef path);

} // namespace strata::device

#endif // STRATA_TARGET_DEVICE_DEVICE_H
