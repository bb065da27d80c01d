//===- CPUTarget.h - package LLVM-dialect IR as a CPU artifact -----*- C++ -*-===//
//
// The last step of the CPU target: LLVM-dialect IR in, one shared library
// out, exporting `strata_get_artifact` (include/strata-rt/strata_artifact.h)
// for the model's entry point, plus a generated C header.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_TARGET_CPU_CPUTARGET_H
#define STRATA_TARGET_CPU_CPUTARGET_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace strata::cpu {

/// One input or output of the entry point, as the artifact describes it.
struct TensorDesc {
  std::string name;
  int32_t dtype; // strata_dtype
  std::vector<int64_t> dims;
};

/// What the artifact exports: the entry function (bare-pointer convention:
/// one pointer per input, then one per output) and its signature.
struct ArtifactInfo {
  std::string modelName;
  std::string target = "cpu"; // the artifact's strata_artifact.target
  std::string entry;
  std::vector<TensorDesc> inputs, outputs;
};

/// Maps an MLIR element type to a strata_dtype (0 if it has none).
int32_t getDType(mlir::Type elementType);

/// The artifact's signature, read from the entry function at a tensor layer
/// (graph or tile): ranked tensors of static shape, named by the
/// `strata.name` argument/result attributes ("input0"... otherwise).
mlir::FailureOr<ArtifactInfo> describeEntry(mlir::func::FuncOp entry);

/// Translates `module` (LLVM dialect) to LLVM IR, adds the artifact
/// descriptor and run wrapper, optimizes for the host CPU and writes an
/// object file. `threads` links the OpenMP runtime.
mlir::LogicalResult emitObject(mlir::ModuleOp module, const ArtifactInfo &info,
                               llvm::StringRef objectPath);

/// Links an object into a shared library with the system's clang driver.
mlir::LogicalResult linkSharedLibrary(mlir::Location loc,
                                      llvm::StringRef objectPath,
                                      llvm::StringRef soPath, bool openmp);

/// Writes the C header describing the artifact's entry point.
mlir::LogicalResult writeHeader(mlir::Location loc, const ArtifactInfo &info,
                                llvm::StringRef headerPath);

} // namespace strata::cpu

#endif // STRATA_TARGET_CPU_CPUTARGET_H
