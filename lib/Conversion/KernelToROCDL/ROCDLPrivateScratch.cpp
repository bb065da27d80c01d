//===- ROCDLPrivateScratch.cpp - scratch in AMDGPU private memory ---------===//
//
// strata-rocdl-private-scratch: static per-thread scratch in address space 5
// (private), allocated in the kernel's entry block.
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/KernelToROCDL/Passes.h"

#include "strata/Conversion/KernelToGPU/Passes.h"

#include "mlir/IR/Builders.h"

namespace strata {
#define GEN_PASS_DEF_ROCDLPRIVATESCRATCH
#include "strata/Conversion/KernelToROCDL/Passes.h.inc"
} // namespace strata

using namespace mlir;

namespace {
/// AMDGPU's private (scratch) address space.
constexpr unsigned kPrivateAddressSpace = 5;

struct ROCDLPrivateScratch
    : strata::impl::ROCDLPrivateScratchBase<ROCDLPrivateScratch> {
  void runOnOperation() override {
    gpu::GPUModuleOp gpuModule = getOperation();
    Builder b(&getContext());
    if (failed(strata::moveScratchToMemorySpace(
            gpuModule, b.getI64IntegerAttr(kPrivateAddressSpace), "rocm")))
      return signalPassFailure();
    WalkResult r = gpuModule.walk([&](memref::AllocaOp a) {
      if (!a.getType().hasStaticShape() || !a.getDynamicSizes().empty() ||
          !a.getSymbolOperands().empty()) {
        a.emitOpError("the rocm target allocates per-thread scratch of "
                      "static shape only");
        return WalkResult::interrupt();
      }
      auto func = a->getParentOfType<gpu::GPUFuncOp>();
      if (!func)
        return WalkResult::advance();
      Block &entry = func.getBody().front();
      if (a->getBlock() != &entry)
        a->moveBefore(&entry, entry.begin());
      return WalkResult::advance();
    });
    if (r.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
