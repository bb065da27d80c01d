//===- Pipeline.h - the Strata pipeline, phase by phase -------------*- C++ -*-===//
//
// The one place that says how a model goes down the map: the phases, their
// order, and the passes of each stage. strata-opt registers the stages as
// named pipelines; strata-compile runs them and stops at any phase.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_PIPELINE_PIPELINE_H
#define STRATA_PIPELINE_PIPELINE_H

#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace strata::pipeline {

/// Phases of the map, top to bottom. The IR "at" a phase is what that
/// layer holds: Graph = L1 graph IR, Tile = L2, Kernel = L3, Target = the
/// target's dialect (LLVM dialect for the CPU), Artifact = the packaged
/// binary.
enum class Phase { Import, Graph, Tile, Kernel, Target, Artifact };

llvm::StringRef getPhaseName(Phase phase);
std::optional<Phase> parsePhase(llvm::StringRef name);

struct Options {
  /// Target name; selects the kernel-to-target stage through a target hook.
  std::string target = "cpu";
  /// Check each layer contract at its boundary.
  bool verifyContracts = true;
  /// CPU: run the workgroups of a launch on OpenMP threads.
  bool cpuThreads = true;
  /// CUDA: the architecture the PTX is generated (and ptxas assembles) for.
  std::string cudaArch = "sm_80";
  /// ROCm: the AMD chip the kernels are compiled for (--rocm-chip).
  std::string rocmChip = "gfx942";
  /// Test only (strata-compile --strata-test-break=PHASE:MODE): after the
  /// stage that ends at this phase, run the test pass that injects a bug
  /// (see createTestBreakPass). Used to test --check-layers and the crash
  /// reproducers; never set in production.
  std::optional<Phase> testBreakPhase;
  std::string testBreakMode;
};

/// Test only: a pass that breaks the IR on purpose. `mode` is
///   fail       - emits an error and fails (a failing pass),
///   crash      - crashes the compiler (a trap),
///   miscompile - silently turns the first floating-point add of the IR
///                (graph.add, arith.addf, llvm.fadd or spirv.FAdd, in
///                program order)
///                into a subtraction,
/// and `phase` names the phase it runs after (for messages).
std::unique_ptr<mlir::Pass> createTestBreakPass(llvm::StringRef mode,
                                                llvm::StringRef phase);
/// Registers it (as strata-test-break{mode=... phase=...}) so that a
/// reproducer naming it can be re-run.
void registerTestBreakPass();
/// Parses "PHASE:MODE" for Options::testBreak*; false if malformed.
bool parseTestBreak(llvm::StringRef spec, Options &options,
                    std::string &error);

/// Stage functions, each taking the IR from one phase to the next.
/// Graph cleanup: shape inference and canonicalization within L1.
void buildGraphCleanup(mlir::OpPassManager &pm, const Options &options);
/// L1 -> L2: lowering to linalg, fusion into kernels, tile choice.
void buildGraphToTile(mlir::OpPassManager &pm, const Options &options);
/// One-shot bufferization across function boundaries (identity layouts),
/// then results as out-parameters: the artifact ABI's calling convention.
void buildBufferizeToOutParams(mlir::OpPassManager &pm);
/// L2 -> L3: workgroup tiling, bufferization, launches.
void buildTileToKernel(mlir::OpPassManager &pm, const Options &options);
/// L3 -> L4 for `options.target`. Fails for an unknown target.
mlir::LogicalResult buildKernelToTarget(mlir::OpPassManager &pm,
                                        const Options &options);

/// Adds every stage from the phase `from` (exclusive) to `to` (inclusive);
/// e.g. (Graph, Kernel) adds graph-to-tile and tile-to-kernel.
mlir::LogicalResult buildPipeline(mlir::OpPassManager &pm, Phase from,
                                  Phase to, const Options &options);

/// A target's hooks: the per-target choices of the shared stages (tile
/// table, CPU vectorization) and how to go from the kernel layer to its
/// dialect.
struct TargetHooks {
  llvm::StringRef name;
  /// strata-tile-select-config's tile table: "cpu", "gpu", "cuda" or
  /// "rocm" (which also takes Options::rocmChip).
  llvm::StringRef tileTable;
  /// Whether strata-tile-vectorize (CPU register tiles) runs.
  bool vectorize;
  /// Whether pad-only kernels become elementwise gathers
  /// (strata-tile-pad-to-gather), so a GPU grid tiles them.
  bool padsAsGathers;
  /// The contract checked at the kernel-to-target boundary.
  llvm::StringRef kernelContract;
  void (*buildKernelToTarget)(mlir::OpPassManager &pm, const Options &);
};
/// The hooks of a known target, or null.
const TargetHooks *lookupTarget(llvm::StringRef name);
/// CUDA: the minimum PTX ISA feature of an architecture ("+ptx70" for
/// sm_80, "+ptx80" for sm_90/sm_90a), or none for an unknown one.
std::optional<llvm::StringRef> cudaPtxFeatures(llvm::StringRef arch);
/// CUDA: libdevice ($STRATA_CUDA_LIBDEVICE, else the CUDA toolkit's), linked
/// into the kernels when it exists (math functions call __nv_*).
std::string cudaLibdevicePath();
/// Names of the targets built into this compiler.
llvm::SmallVector<llvm::StringRef> getTargetNames();

/// Registers strata-graph-to-tile, strata-tile-to-kernel (both take a
/// `target` option) and strata-kernel-to-<target> as named pipelines.
void registerPipelines();

} // namespace strata::pipeline

#endif // STRATA_PIPELINE_PIPELINE_H
