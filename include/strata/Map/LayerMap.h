//===- LayerMap.h - the map of Strata's layers, declared once -------*- C++ -*-===//
//
// The layer table: for each layer, its dialect, what it takes and gives, the
// contract at its lower boundary and the passes within and below it.
// `strata-opt --print-layer-map` and `--where=<name>` are generated from it,
// together with the registered dialects and the contract declarations.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_MAP_LAYERMAP_H
#define STRATA_MAP_LAYERMAP_H

#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace strata::map {

struct Layer {
  llvm::StringLiteral phase;   // pipeline phase name ("graph")
  llvm::StringLiteral title;   // "L1 graph"
  llvm::StringLiteral dialect; // Strata dialect of the layer, "" if none
  llvm::StringLiteral summary;
  llvm::StringLiteral takes;
  llvm::StringLiteral gives;
  llvm::StringLiteral contractBelow; // contract name, "" if none
  /// Upstream dialects the layer's IR may use besides its own.
  llvm::ArrayRef<llvm::StringLiteral> upstream;
  /// Passes that work within the layer.
  llvm::ArrayRef<llvm::StringLiteral> passesWithin;
  /// Passes of the conversion to the next layer, in order.
  llvm::ArrayRef<llvm::StringLiteral> passesBelow;
  llvm::StringLiteral docs;
  /// Where its code and tests live, and what is built today.
  llvm::StringLiteral code;
  llvm::StringLiteral tests;
  llvm::StringLiteral status;
  /// A paragraph for docs/Map.md: what the layer holds, as built.
  llvm::StringLiteral details;
};

/// The layers, top of the map first.
llvm::ArrayRef<Layer> getLayers();

/// One target below the kernel layer: its kernel-to-target passes (the
/// pipeline strata-kernel-to-<name>), what it produces and its tests.
struct Target {
  llvm::StringLiteral name; // as in --target=
  llvm::StringLiteral summary;
  llvm::StringLiteral conversion; // source folders
  /// Passes of strata-kernel-to-<name>, in order.
  llvm::ArrayRef<llvm::StringLiteral> passes;
  llvm::StringLiteral artifact;
  llvm::StringLiteral tests;
  llvm::StringLiteral docs;
};

/// The targets, in the order of the pipeline's target hooks.
llvm::ArrayRef<Target> getTargets();


enum class MapFormat { Text, Markdown, Dot };

/// Prints the map: layers, their ops, contracts and passes, and the targets;
/// as text (the terminal), Markdown (docs/Map.md) or Graphviz (docs/Map.dot,
/// rendered to docs/Map.svg).
void printLayerMap(llvm::raw_ostream &os, mlir::MLIRContext &context,
                   MapFormat format = MapFormat::Text);

/// Says where an op, dialect, pass or contract sits on the map; false if the
/// name is none of these.
bool printWhere(llvm::raw_ostream &os, mlir::MLIRContext &context,
                llvm::StringRef name);

} // namespace strata::map

#endif // STRATA_MAP_LAYERMAP_H
