//===- strata-opt.cpp - the Strata pass driver ----------------------------===//
//
// mlir-opt with every Strata dialect, pass and pipeline registered, plus the
// upstream dialects and passes. All standard MLIR flags work.
//
//===----------------------------------------------------------------------===//

#include "strata/InitAll.h"
#include "strata/Pipeline/Pipeline.h"

#include "strata/Contract/Contract.h"
#include "strata/Map/LayerMap.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <optional>

int main(int argc, char **argv) {
  // The map queries need no input: --print-contracts (docs/Contracts.md
  // comes from it), --print-layer-map and --where=<op, pass, dialect or
  // contract>.
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = argv[i];
    if (arg == "--print-contracts") {
      strata::contract::printContractsMarkdown(llvm::outs());
      return 0;
    }
    if (arg.starts_with("--print-layer-map") || arg.starts_with("--where=")) {
      mlir::DialectRegistry registry;
      strata::registerAllDialects(registry);
      strata::registerAllPasses();
      mlir::MLIRContext context(registry);
      if (arg.consume_front("--print-layer-map")) {
        using strata::map::MapFormat;
        std::optional<MapFormat> format;
        if (arg.empty() || arg == "=text")
          format = MapFormat::Text;
        else if (arg == "=markdown")
          format = MapFormat::Markdown;
        else if (arg == "=dot")
          format = MapFormat::Dot;
        if (!format) {
          llvm::errs() << "strata-opt: error: --print-layer-map takes text, "
                          "markdown or dot, got '"
                       << arg.drop_front() << "'\n";
          return 1;
        }
        strata::map::printLayerMap(llvm::outs(), context, *format);
        return 0;
      }
      llvm::StringRef name = arg.drop_front(strlen("--where="));
      if (strata::map::printWhere(llvm::outs(), context, name))
        return 0;
      llvm::errs() << "strata-opt: error: '" << name
                   << "' is not an op, dialect, pass or contract on the "
                      "Strata map\n";
      return 1;
    }
  }
  mlir::DialectRegistry registry;
  strata::registerAllDialects(registry);
  strata::registerAllPasses();
  strata::pipeline::registerPipelines();
  strata::pipeline::registerTestBreakPass();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv,
      "Strata optimizer driver: graph, tile and kernel layers\n"
      "(--print-layer-map, --where=<name> and --print-contracts describe the "
      "map)\n",
      registry));
}
