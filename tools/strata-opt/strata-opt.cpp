//===- strata-opt.cpp - the Strata pass driver ----------------------------===//
//
// mlir-opt with every Strata dialect, pass and pipeline registered, plus the
// upstream dialects and passes. All standard MLIR flags work.
//
//===----------------------------------------------------------------------===//

#include "strata/InitAll.h"
#include "strata/Pipeline/Pipeline.h"

#include "strata/Contract/Contract.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

int main(int argc, char **argv) {
  // --print-contracts writes the layer contracts (docs/Contracts.md comes
  // from it) and needs no input.
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--print-contracts") == 0) {
      strata::contract::printContractsMarkdown(llvm::outs());
      return 0;
    }
  mlir::DialectRegistry registry;
  strata::registerAllDialects(registry);
  strata::registerAllPasses();
  strata::pipeline::registerPipelines();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "Strata optimizer driver: graph, tile and kernel layers\n"
      "(--print-contracts prints the layer contracts)\n",
      registry));
}
