//===- strata-opt.cpp - the Strata pass driver ----------------------------===//
//
// mlir-opt with every Strata dialect, pass and pipeline registered, plus the
// upstream dialects and passes. All standard MLIR flags work.
//
//===----------------------------------------------------------------------===//

#include "strata/InitAll.h"
#include "strata/Pipeline/Pipeline.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  strata::registerAllDialects(registry);
  strata::registerAllPasses();
  strata::pipeline::registerPipelines();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "Strata optimizer driver: graph, tile and kernel layers\n",
      registry));
}
