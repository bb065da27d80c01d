//===- ROCmTarget.h - AMD GPU kernels as HSACO --------------------*- C++
//-*-===//
//
// The last step of the rocm target: the gpu.module that
// strata-kernel-to-rocm left (ROCDL, with a #rocdl.target) becomes an HSACO
// code object for one AMD chip, through upstream's ROCDL serializer
// (LLVM's AMDGPU backend) and ld.lld.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_TARGET_ROCM_ROCMTARGET_H
#define STRATA_TARGET_ROCM_ROCMTARGET_H

#include "strata/Target/Device/Device.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace strata::rocm {

/// The ld.lld the HSACO link uses: $STRATA_LD_LLD when set, else the one
/// found at configure time (Debian's lld-22, /usr/lib/llvm-22/bin/ld.lld).
/// Fails with an error at `loc` naming where it looked.
mlir::FailureOr<std::string> findLdLld(mlir::Location loc);

/// Compiles `gpuModule` (already in the ROCDL dialect) to an HSACO code
/// object for `chip`. The module gets a #rocdl.target for `chip` when it
/// has none; a target for another chip is an error.
mlir::FailureOr<std::string> serializeHsaco(mlir::gpu::GPUModuleOp gpuModule,
                                            llvm::StringRef chip);

/// The module's one gpu.module, serialized with serializeHsaco.
mlir::FailureOr<std::string> serializeKernels(mlir::ModuleOp module,
                                              llvm::StringRef chip);

/// The device section of a rocm artifact (format "rocm-hsaco"): the HSACO
/// of the module's gpu.module for `chip` and the launch plan of the host
/// function `info.entry`; kernels are taken from the launches (their block
/// sizes and one binding per operand: bare pointers).
mlir::FailureOr<device::DeviceProgram>
buildProgram(mlir::ModuleOp module, const cpu::ArtifactInfo &info,
             llvm::StringRef chip);

/// Writes the HSACO (`--emit=obj`).
mlir::LogicalResult writeBinary(mlir::Location loc, llvm::StringRef hsaco,
                                llvm::StringRef path);

} // namespace strata::rocm

#endif // STRATA_TARGET_ROCM_ROCMTARGET_H
