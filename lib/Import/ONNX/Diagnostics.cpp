//===- Diagnostics.cpp - diagnostics that name the ONNX node --------------===//
//
// The importer locates every op at loc("node"("model.onnx":N:0)). MLIR's
// SourceMgr handler would print only "model.onnx:N:0"; this handler adds the
// node's name (or names, when a pass fused several nodes' ops).
//
//===----------------------------------------------------------------------===//

#include "strata/Import/ONNX/ONNXImporter.h"

#include "mlir/IR/Location.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace {
/// Collects (node name, file location) pairs from an importer location.
void collectNodes(Location loc, llvm::SetVector<StringRef> &names,
                  FileLineColLoc &file) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    if (auto f = dyn_cast<FileLineColLoc>(name.getChildLoc());
        f && f.getFilename().getValue().ends_with(".onnx") && f.getLine()) {
      names.insert(name.getName().getValue());
      if (!file)
        file = f;
      return;
    }
    collectNodes(name.getChildLoc(), names, file);
  } else if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location l : fused.getLocations())
      collectNodes(l, names, file);
  } else if (auto call = dyn_cast<CallSiteLoc>(loc)) {
    collectNodes(call.getCallee(), names, file);
  }
}

StringRef severity(DiagnosticSeverity s) {
  switch (s) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Note:
    return "note";
  case DiagnosticSeverity::Remark:
    return "remark";
  }
  return "error";
}

bool printNodeDiagnostic(llvm::raw_ostream &os, Diagnostic &d) {
  llvm::SetVector<StringRef> names;
  FileLineColLoc file;
  collectNodes(d.getLocation(), names, file);
  if (names.empty())
    return false;
  std::string message = d.str();
  os << file.getFilename().getValue() << ":" << file.getLine() << ":"
     << file.getColumn() << ": " << severity(d.getSeverity()) << ": ";
  // The importer's own messages already start with "node 'x' (...)".
  if (!StringRef(message).starts_with("node '" + names.front().str() + "'") &&
      !StringRef(message).starts_with("node #")) {
    os << (names.size() == 1 ? "in node " : "in nodes ");
    llvm::interleaveComma(names, os,
                          [&](StringRef n) { os << "'" << n << "'"; });
    os << ": ";
  }
  os << message << "\n";
  for (Diagnostic &note : d.getNotes())
    if (!printNodeDiagnostic(os, note))
      os << "note: " << note.str() << "\n";
  return true;
}
} // namespace

strata::onnx::NodeDiagnosticHandler::NodeDiagnosticHandler(
    MLIRContext *context, llvm::raw_ostream &os)
    : ScopedDiagnosticHandler(context) {
  setHandler([&os](Diagnostic &d) -> LogicalResult {
    return success(printNodeDiagnostic(os, d));
  });
}
