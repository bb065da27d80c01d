//===- InitAll.cpp - register every Strata dialect and pass ---------------===//

#include "strata/InitAll.h"

#include "dialects/Graph/IR/GraphDialect.h"
#include "dialects/Graph/Transforms/Passes.h"
#include "strata/Conversion/GraphToTile/Passes.h"
#include "dialects/Tile/IR/TileDialect.h"
#include "dialects/Tile/Transforms/Passes.h"
#include "dialects/Kernel/IR/KernelDialect.h"
#include "strata/Contract/Passes.h"
#include "strata/Conversion/KernelToCPU/Passes.h"
#include "strata/Conversion/KernelToGPU/Passes.h"
#include "strata/Conversion/KernelToSPIRV/Passes.h"
#include "strata/Conversion/KernelToROCDL/Passes.h"
#include "strata/Conversion/TileToKernel/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

void strata::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<strata::graph::GraphDialect, strata::tile::TileDialect,
                  strata::kernel::KernelDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  // gpu-module-to-binary (device targets) translates gpu.module to LLVM IR.
  mlir::registerAllToLLVMIRTranslations(registry);
}

void strata::registerAllPasses() {
  mlir::registerAllPasses();
  strata::graph::registerGraphPasses();
  strata::registerGraphToTilePasses();
  strata::contract::registerContractPasses();
  strata::tile::registerTilePasses();
  strata::registerTileToKernelPasses();
  strata::registerKernelToCPUPasses();
  strata::registerKernelToGPUPasses();
  strata::registerKernelToSPIRVPasses();
  strata::registerKernelToROCDLPasses();
}
