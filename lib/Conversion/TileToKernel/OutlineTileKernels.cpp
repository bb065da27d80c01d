//===- OutlineTileKernels.cpp - strata-outline-tile-kernels ---------------===//
//
// Outlines every tile.kernel into a private func.func on tensors and calls
// it, so upstream one-shot bufferization sees ordinary functions.
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/TileToKernel/Passes.h"

#include "dialects/Tile/IR/TileDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"

namespace strata {
#define GEN_PASS_DEF_OUTLINETILEKERNELS
#include "strata/Conversion/TileToKernel/Passes.h.inc"
} // namespace strata

using namespace mlir;

namespace {
struct OutlineTileKernels
    : public strata::impl::OutlineTileKernelsBase<OutlineTileKernels> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<strata::tile::KernelOp> kernels;
    module.walk([&](strata::tile::KernelOp k) { kernels.push_back(k); });
    for (strata::tile::KernelOp kernel : kernels) {
      auto host = kernel->getParentOfType<func::FuncOp>();
      OpBuilder b(host);
      auto type = b.getFunctionType(kernel.getInputs().getTypes(),
                                    kernel.getResultTypes());
      auto func = func::FuncOp::create(b, kernel.getLoc(),
                                       kernel.getSymName(), type);
      func.setPrivate();
      func->setAttr(strata::kKernelFuncAttr, b.getUnitAttr());
      if (auto config = kernel.getConfigAttr())
        func->setAttr("tile.config", config);
      // Unique name (the symbol table renames on clash).
      symbols.insert(func);
      func.getBody().takeBody(kernel.getBody());
      Block &block = func.getBody().front();
      auto yield = cast<strata::tile::YieldOp>(block.getTerminator());
      b.setInsertionPoint(yield);
      func::ReturnOp::create(b, yield.getLoc(), yield.getValues());
      yield.erase();

      b.setInsertionPoint(kernel);
      auto call = func::CallOp::create(b, kernel.getLoc(), func,
                                       kernel.getInputs());
      kernel.replaceAllUsesWith(call.getResults());
      kernel.erase();
    }
  }
};
} // namespace
