//===- Debug.h - per-layer debugging: fusion groups, graphs, check-layers -===//
//
// The debugging facilities of issue 6, shared by strata-compile:
//  * fusion groups: which graph ops each kernel of the tile layer holds,
//    found by tagging every graph op's location and reading the tags back
//    from the kernels (lowering keeps locations);
//  * --dump-graph: the graph layer as Graphviz, fusion groups as clusters;
//  * --check-layers: the same inputs run through the program at every layer
//    that executes on the CPU, compared with the graph reference; names the
//    first layer, kernel and op where the results diverge.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_DEBUG_DEBUG_H
#define STRATA_DEBUG_DEBUG_H

#include "strata/Pipeline/Pipeline.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace strata::debug {

/// Wraps the location of every graph op in the entry's body in a name
/// location "strata.node.<i>" (i in program order) and returns the ops.
llvm::SmallVector<mlir::Operation *> tagGraphOps(mlir::func::FuncOp entry);

/// The graph-op ids tagged into `loc` (through fused and name locations).
void collectNodeIds(mlir::Location loc, llvm::SmallVectorImpl<unsigned> &ids);

/// The location a tag wraps (the op's own location).
mlir::Location untag(mlir::Location loc);

/// One kernel of the tile layer, in terms of the graph ops it came from.
struct KernelGroup {
  std::string name;   // tile.kernel sym_name (the kernel's name below)
  std::string config; // #tile.config, printed
  llvm::SmallVector<unsigned> members; // graph-op ids, sorted
  /// Per kernel result: the id of the graph op whose value it is, or -1.
  llvm::SmallVector<int> outputs;
};

/// Kernels of a tile-layer module whose graph ops (`nodes`, by id) were
/// tagged.
llvm::SmallVector<KernelGroup>
readKernelGroups(mlir::ModuleOp tileModule,
                 llvm::ArrayRef<mlir::Operation *> nodes);

/// Runs graph-to-tile on a copy of `taggedGraph` (graph layer, tags on)
/// and reads its kernels.
mlir::FailureOr<llvm::SmallVector<KernelGroup>>
formKernelGroups(mlir::ModuleOp taggedGraph,
                 llvm::ArrayRef<mlir::Operation *> nodes,
                 const pipeline::Options &options);

/// Writes the entry of a graph-layer module as Graphviz (`path` ending in
/// .dot), or as SVG rendered by Graphviz's `dot` (`.svg`), fusion groups as
/// clusters. `graph` must have been through the graph cleanup.
mlir::LogicalResult dumpGraph(mlir::ModuleOp graph, llvm::StringRef entry,
                              llvm::StringRef path,
                              const pipeline::Options &options);

struct CheckLayersOptions {
  /// Target, contracts and the test-only break of the compilation checked.
  pipeline::Options pipeline;
  /// Directory for the per-layer artifacts, IR and the kernel before/after.
  std::string reportDir;
  /// .npy inputs in the entry's order; random (with `seed`) when empty.
  std::vector<std::string> inputs;
  uint64_t seed = 1;
};

/// Runs --check-layers on a graph-layer module (after import or parsing).
/// Prints the report to `os`. Returns 0 when every layer matches the graph
/// reference, 1 when one diverges, 2 when the check itself failed (the
/// error is reported).
int checkLayers(mlir::ModuleOp graph, llvm::StringRef entry,
                const CheckLayersOptions &options, llvm::raw_ostream &os);

} // namespace strata::debug

#endif // STRATA_DEBUG_DEBUG_H
