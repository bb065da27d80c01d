//===- ONNXImporter.h - ONNX model -> graph dialect ----------------*- C++ -*-===//
//
// The Import phase of the map: reads an ONNX ModelProto (protobuf, with the
// ONNX schema from libonnx), checks it as untrusted input (docs/Security.md)
// and emits one public func.func of graph-dialect ops whose locations name
// the ONNX nodes (docs/Import.md).
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_IMPORT_ONNX_ONNXIMPORTER_H
#define STRATA_IMPORT_ONNX_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace strata::onnx {

/// Whether to run libonnx's checker::check_model on the parsed model.
enum class CheckerMode {
  /// Run it when the model's IR version and opsets are ones the linked
  /// libonnx knows (it rejects newer ones outright); skip it otherwise.
  Auto,
  Always,
  Never,
};

struct ImportOptions {
  /// Largest tensor (initializer or Constant) the importer will materialize,
  /// in bytes; larger ones are refused before any allocation.
  uint64_t maxTensorBytes = uint64_t(4) << 30;
  /// Cap on all tensor bytes of one model together.
  uint64_t maxTotalBytes = uint64_t(16) << 30;
  /// Static shapes for graph inputs, by ONNX input name; they replace the
  /// model's dims (dim_param or dim_value) and must agree with static ones.
  llvm::StringMap<llvm::SmallVector<int64_t>> inputShapes;
  /// Refuse inputs whose shape stays dynamic (artifacts need static shapes).
  bool requireStaticInputs = false;
  CheckerMode checker = CheckerMode::Auto;
  /// Name of the emitted function; default: graph.name, sanitized, or "main".
  std::string functionName;
};

/// Parses "name:1x3x224x224" (a scalar is "name:") into `options`.
/// Returns false and sets `error` when the spec is malformed.
bool parseInputShape(llvm::StringRef spec, ImportOptions &options,
                     std::string &error);

/// Imports the ONNX model at `path`. Every problem is reported through the
/// context's diagnostic engine (located at the node when there is one); the
/// result is null on failure. Never aborts on malformed input.
mlir::OwningOpRef<mlir::ModuleOp> importModel(llvm::StringRef path,
                                              mlir::MLIRContext &context,
                                              const ImportOptions &options);

/// Prints diagnostics located at imported ONNX nodes as
///   model.onnx:N:0: error: in node 'name': <message>
/// (N is the node's 1-based position in graph.node), so that diagnostics
/// from any later layer name the node they came from. Other diagnostics go
/// to the previously installed handler.
class NodeDiagnosticHandler : public mlir::ScopedDiagnosticHandler {
public:
  explicit NodeDiagnosticHandler(mlir::MLIRContext *context,
                                 llvm::raw_ostream &os = llvm::errs());
};

/// The ONNX operators the importer maps, with the opset versions it accepts
/// (for docs and the conformance harness): "Add: 7+", ...
std::vector<std::string> describeSupportedOps();

} // namespace strata::onnx

#endif // STRATA_IMPORT_ONNX_ONNXIMPORTER_H
