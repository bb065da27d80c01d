//===- MatmulTile.h - one matmul tile per warp or wave ----------*- C++ -*-===//
//
// The kernel-layer matching and rewriting of one matmul tile per warp or
// wave: strata-kernel-matmul-to-amdgpu (AMD MFMA/WMMA) matches and rewrites
// with it; strata-kernel-matmul-to-mma (CUDA mma.sync, block tiles of
// several warps with their own staging) shares the matching.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_CONVERSION_KERNELTOGPU_MATMULTILE_H
#define STRATA_CONVERSION_KERNELTOGPU_MATMULTILE_H

#include "dialects/Kernel/IR/KernelDialect.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>

namespace strata {

/// A kernel's matmul tile: the kernel's only linalg.matmul, at its top
/// level, multiplying a static m x k tile A by a k x n tile B (the same
/// element type) into an m x n accumulator C. The accumulator is either a
/// buffer (read and written in place) or per-thread scratch: a
/// `memref.alloca` in the default space, filled with a value (or copied
/// from a buffer nothing writes before the matmul) before the
/// matmul and read after it by one all-parallel linalg.generic (the
/// epilogue) through an identity map, with an identity-mapped output (its
/// other inputs, e.g. a bias, are unconstrained).
struct MatmulTile {
  mlir::linalg::MatmulOp matmul;
  mlir::Value a, b, c;
  int64_t m = 0, n = 0, k = 0;
  mlir::Type elementType;         ///< of A and B
  mlir::Type accumulatorType;     ///< of C
  mlir::memref::AllocaOp scratch; ///< null when C is a buffer
  mlir::linalg::FillOp fill;      ///< the scratch's initialization: a fill
  mlir::memref::CopyOp copy;      ///< or a copy
  mlir::linalg::GenericOp epilogue;
};

/// The matmul tile of `kernel`, if it has one: the kernel runs one thread
/// per workgroup (workgroup_size [1, 1, 1]) and holds exactly one
/// linalg.matmul, at its top level, of the form above. Without
/// `epilogueInputs`, an epilogue reading anything besides the accumulator
/// (a bias) is not matched: the CUDA target's upstream vector-to-nvgpu
/// conversion fails on such an epilogue's arithmetic (measured: "unhandled
/// vector to mma type: arith.addf" for an f16 matmul + bias).
std::optional<MatmulTile> matchMatmulTile(kernel::FuncOp kernel,
                                          bool epilogueInputs);

/// Builds the tile's contraction before the matmul: given the accumulator's
/// start (`init`, vector<m x n x acc>: the fill value broadcast, the copy's
/// source read, or C read), returns the final accumulator.
using BuildContraction = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::Value init)>;

/// Replaces the tile's matmul by `build`'s contraction: the result is
/// written to C, or, for a scratch accumulator, to an m x n buffer in
/// workgroup memory that the epilogue reads after a kernel.barrier (the
/// fill, matmul and scratch are erased). The kernel's workgroup_size
/// becomes [threads, 1, 1].
void rewriteMatmulTile(kernel::FuncOp kernel, MatmulTile &tile, int64_t threads,
                       BuildContraction build);

/// The affine maps and iterator types of a matmul vector.contract
/// ((m, k) x (k, n) -> (m, n)).
mlir::ArrayAttr matmulContractMaps(mlir::OpBuilder &b);
mlir::ArrayAttr matmulContractIterators(mlir::OpBuilder &b);

} // namespace strata

#endif // STRATA_CONVERSION_KERNELTOGPU_MATMULTILE_H
