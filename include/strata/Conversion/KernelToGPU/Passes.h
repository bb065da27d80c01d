//===- Passes.h - kernel-to-GPU conversion ------------------------*- C++
//-*-===//
//
// The target-independent part of every device target: kernel.func grids
// become gpu.func kernels in one gpu.module, one GPU thread per kernel-layer
// workgroup. Used by strata-convert-kernel-to-gpu (CUDA, ROCm) and by
// strata-convert-kernel-to-spirv (Vulkan).
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_CONVERSION_KERNELTOGPU_PASSES_H
#define STRATA_CONVERSION_KERNELTOGPU_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Index/IR/IndexDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

#include <functional>
#include <string>

namespace strata {

#define GEN_PASS_DECL
#include "strata/Conversion/KernelToGPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "strata/Conversion/KernelToGPU/Passes.h.inc"

/// Name of the gpu.module holding every kernel (the default).
inline constexpr llvm::StringLiteral kKernelModuleName = "strata_kernels";

struct KernelToGPUOptions {
  /// GPU threads (kernel-layer workgroups) per dispatched workgroup; the
  /// caller checks the range its target allows.
  int64_t threadsPerWorkgroup = 128;
  std::string moduleName = kKernelModuleName.str();
  /// Kernels with a workgroup_size of [n, 1, 1] run one kernel-layer
  /// workgroup per block of n threads (kernel.local_id x = thread id,
  /// kernel.barrier = gpu.barrier); otherwise only [1, 1, 1] is accepted.
  bool allowWorkgroups = false;
  /// Workgroup memory as a `memref.alloc` in this numeric memory space
  /// (Vulkan: 3, which map-memref-spirv-storage-class makes Workgroup and
  /// convert-memref-to-spirv a Workgroup variable) instead of a workgroup
  /// attribution of the gpu.func (NVVM, ROCDL).
  std::optional<unsigned> workgroupAllocMemorySpace;
  /// The most threads of a [n, 1, 1] kernel-layer workgroup.
  int64_t maxBlockThreads = 1024;
  /// sm_90a: 128 x 128 f16 matmul tiles become one warpgroup's wgmma fed
  /// by TMA (Wgmma.h); their launches get tensor maps and dynamic shared
  /// memory.
  bool wgmma = false;
  /// Named in diagnostics: "the <target> target needs ...".
  std::string targetName = "gpu";
  /// Called on each new gpu.func with the threads of its blocks (x).
  std::function<void(mlir::gpu::GPUFuncOp, int64_t)> onKernel;
};

/// The structural conversion: every kernel.func becomes a gpu.func in one
/// new gpu.module (returned; null when the module has no kernels), every
/// kernel.launch a gpu.launch_func, constants read in kernels extra kernel
/// arguments. The module gets the gpu.container_module attribute.
mlir::FailureOr<mlir::gpu::GPUModuleOp>
convertKernelsToGPU(mlir::ModuleOp module, const KernelToGPUOptions &options);

/// The in-kernel cleanups, nested on gpu.module: remaining workgroup loops
/// to scf.for, linalg to loops, views folded into loads and stores, affine
/// to arith, canonicalize, CSE.
void buildGPUKernelCleanup(mlir::OpPassManager &pm);

/// Moves per-thread scratch (memref.alloca in the default or the kernel
/// dialect's private space) to `space` (null: the default space). Every use
/// must be a load or a store (true after the cleanups).
mlir::LogicalResult moveScratchToMemorySpace(mlir::gpu::GPUModuleOp gpuModule,
                                             mlir::Attribute space,
                                             llvm::StringRef targetName);

} // namespace strata

#endif // STRATA_CONVERSION_KERNELTOGPU_PASSES_H
