//===- Wgmma.h - sm_90a warpgroup matmul tiles fed by TMA -----*- C++ -*-===//
//
// The CUDA target's Hopper (sm_90a) tensor-core step, run inside
// strata-convert-kernel-to-gpu{wgmma}: a 128 x 128 or 64 x 128 f16 or bf16
// matmul tile (f32 accumulator) becomes one warpgroup (128 threads) that
// multiplies 64-deep K slices with wgmma.mma_async (nvgpu.warpgroup.mma),
// the slices copied into shared memory by the Tensor Memory Accelerator
// (cp.async.bulk.tensor through nvgpu.tma.async.load, 128-byte swizzle) in
// a ring of up to three stages tracked by mbarriers. The TMA descriptors
// (tensor maps) are made on the host: each becomes an extra kernel argument
// (a pointer to the 128-byte map in global memory) and an
// `nvgpu.tma.create.descriptor` of the launch's buffer, which the launch
// plan records (artifact ABI 3) and strata-rt encodes at load time.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_CONVERSION_KERNELTOGPU_WGMMA_H
#define STRATA_CONVERSION_KERNELTOGPU_WGMMA_H

#include "strata/Conversion/KernelToGPU/MatmulTile.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"

#include <optional>

namespace strata {

/// One tensor map a wgmma kernel reads through: the kernel argument (a
/// whole global buffer) it maps and its descriptor type (box, swizzle).
struct TmaMap {
  unsigned argument;
  mlir::nvgpu::TensorMapDescriptorType type;
};

/// A kernel the rewrite takes, and (after rewriteWgmmaKernel) what its
/// launches need.
struct WgmmaKernel {
  MatmulTile tile;
  unsigned aArgument = 0, bArgument = 0;   ///< the root buffers of A and B
  mlir::OpFoldResult rowOffset, colOffset; ///< the tile's origin in C
  mlir::Value initBuffer;        ///< the scratch's copy source, if copied
  mlir::linalg::FillOp rootFill; ///< C's own fill right before the matmul
  // Filled by rewriteWgmmaKernel:
  llvm::SmallVector<TmaMap, 2> maps; ///< appended kernel arguments, in order
  int64_t dynamicSharedBytes = 0;
};

/// The threads of a wgmma kernel's block (one warpgroup).
constexpr int64_t kWgmmaThreads = 128;

/// Whether `kernel` (workgroup_size [1, 1, 1], its constants already
/// kernel arguments) is a 128 x 128 or 64 x 128 f16 or bf16 matmul tile the
/// rewrite takes: A
/// and B are static-stride views of whole 2-D f16 kernel arguments (A's rows
/// and all of K; all of K and B's columns), K % 64 = 0, an f32 accumulator
/// (scratch read by one elementwise epilogue, or the output tile itself).
std::optional<WgmmaKernel> matchWgmmaKernel(kernel::FuncOp kernel);

/// Rewrites the matched tile, now in `f` (after the structural conversion,
/// before the cleanups): appends one `!llvm.ptr` argument per tensor map
/// (`w.maps`) and records the dynamic shared memory its launches need.
mlir::LogicalResult rewriteWgmmaKernel(mlir::gpu::GPUFuncOp f, WgmmaKernel &w);

/// Host side, at a launch with operands `args`: the tensor-map operands to
/// append (memref.cast to unranked, nvgpu.tma.create.descriptor, a cast to
/// `!llvm.ptr`), in the order of `maps`.
llvm::SmallVector<mlir::Value> createTensorMaps(mlir::OpBuilder &b,
                                                mlir::Location loc,
                                                llvm::ArrayRef<TmaMap> maps,
                                                mlir::ValueRange args);

} // namespace strata

#endif // STRATA_CONVERSION_KERNELTOGPU_WGMMA_H
