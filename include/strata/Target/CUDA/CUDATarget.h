//===- CUDATarget.h - package NVVM kernels as a CUDA artifact -----*- C++
//-*-===//
//
// The last step of the cuda target: the module after strata-kernel-to-cuda
// (one gpu.module of NVVM kernels with an #nvvm.target, and the host
// function holding gpu.launch_func) in; PTX (upstream gpu-module-to-binary),
// assembled into a cubin by ptxas when ptxas is found, and the launch plan
// out, packaged as an artifact whose device section
// (include/strata-rt/strata_artifact.h, ABI 2) strata-rt's CUDA backend runs.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_TARGET_CUDA_CUDATARGET_H
#define STRATA_TARGET_CUDA_CUDATARGET_H

#include "strata/Target/Device/Device.h"

#include "mlir/IR/BuiltinOps.h"

#include <optional>
#include <string>

namespace strata::cuda {

/// Translates the module's one gpu.module (with an #nvvm.target) into PTX
/// with upstream's gpu-module-to-binary{format=isa}; the gpu.module becomes
/// a gpu.binary. Sets `arch` to the target's chip.
mlir::FailureOr<std::string> translateToPTX(mlir::ModuleOp module,
                                            std::string &arch);

/// ptxas: $STRATA_PTXAS, else /usr/local/cuda/bin/ptxas, else ptxas on PATH.
std::optional<std::string> findPtxas();

/// Assembles PTX for `arch` with ptxas into a cubin; ptxas' diagnostics are
/// quoted in the error.
mlir::FailureOr<std::vector<char>> assemble(mlir::Location loc,
                                            llvm::StringRef ptx,
                                            llvm::StringRef arch,
                                            llvm::StringRef ptxas);

/// Compiles the kernels (PTX; with ptxas a "cuda-cubin", else "cuda-ptx")
/// and extracts the launch plan from the host function `info.entry`.
mlir::FailureOr<device::DeviceProgram>
buildProgram(mlir::ModuleOp module, const cpu::ArtifactInfo &info);

} // namespace strata::cuda

#endif // STRATA_TARGET_CUDA_CUDATARGET_H
