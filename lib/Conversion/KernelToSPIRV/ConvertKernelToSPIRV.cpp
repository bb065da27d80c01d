//===- ConvertKernelToSPIRV.cpp - strata-convert-kernel-to-spirv
//-----------===//
//
// The Vulkan target's first step: the target-independent kernel-to-GPU
// conversion (lib/Conversion/KernelToGPU) plus the SPIR-V specifics: a
// Vulkan SPIR-V target environment on the gpu.module, an entry-point ABI per
// kernel, per-thread scratch in `Function` storage, bf16 emulated (i16
// storage, f32 arithmetic; EmulateBF16.cpp) and erf approximated.
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/KernelToSPIRV/Passes.h"

#include "strata/Conversion/KernelToGPU/Passes.h"

#include "dialects/Kernel/IR/KernelDialect.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/SPIRV/IR/TargetAndABI.h"
#include "mlir/IR/Builders.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace strata {
#define GEN_PASS_DEF_CONVERTKERNELTOSPIRV
#include "strata/Conversion/KernelToSPIRV/Passes.h.inc"
} // namespace strata

using namespace mlir;

namespace {

/// SPIR-V 1.3 validates for Vulkan 1.1 and 1.2 (with a 1.5 environment
/// spirv-update-vce writes a header spirv-val rejects; TOOLCHAIN.md).
/// spirv-update-vce trims the capabilities to what the kernels use.
constexpr llvm::StringLiteral kTargetEnv =
    "#spirv.target_env<#spirv.vce<v1.3, [Shader, Int64, Int16, Int8, "
    "Float64, Float16, StorageBuffer16BitAccess, StorageBuffer8BitAccess], "
    "[SPV_KHR_storage_buffer_storage_class, SPV_KHR_8bit_storage, "
    "SPV_KHR_16bit_storage]>, #spirv.resource_limits<>>";

/// Vulkan's numeric memory space for `Function` storage (per-invocation
/// scratch), as map-memref-spirv-storage-class{client-api=vulkan} reads it.
constexpr unsigned kFunctionMemorySpace = 6;
/// ... and for `Workgroup` storage (memory shared by a workgroup).
constexpr unsigned kWorkgroupMemorySpace = 3;

struct ConvertKernelToSPIRV
    : public strata::impl::ConvertKernelToSPIRVBase<ConvertKernelToSPIRV> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    if (threadsPerWorkgroup < 1 || threadsPerWorkgroup > 128) {
      emitError(module.getLoc(), "threads-per-workgroup must be in 1..128 "
                                 "(Vulkan guarantees 128 invocations)");
      return signalPassFailure();
    }

    strata::KernelToGPUOptions options;
    options.threadsPerWorkgroup = threadsPerWorkgroup;
    options.moduleName = strata::kVulkanKernelModule.str();
    options.targetName = "vulkan";
    // Cooperative kernels (strata-kernel-cooperative-contraction): workgroup
    // memory as allocs, which convert-memref-to-spirv makes Workgroup
    // variables (upstream's GPU-to-SPIR-V has no workgroup attributions).
    options.allowWorkgroups = true;
    options.workgroupAllocMemorySpace = kWorkgroupMemorySpace;
    options.maxBlockThreads = 128;
    options.onKernel = [](gpu::GPUFuncOp f, int64_t threads) {
      f->setAttr(spirv::getEntryPointABIAttrName(),
                 spirv::getEntryPointABIAttr(
                     f.getContext(), {static_cast<int32_t>(threads), 1, 1}));
    };
    FailureOr<gpu::GPUModuleOp> converted =
        strata::convertKernelsToGPU(module, options);
    if (failed(converted))
      return signalPassFailure();
    gpu::GPUModuleOp gpuModule = *converted;
    if (!gpuModule)
      return;
    gpuModule->setAttr(spirv::getTargetEnvAttrName(),
                       parseAttribute(kTargetEnv, ctx));

    // Inside the kernels: loops over scalar loads and stores.
    OpPassManager pm(gpu::GPUModuleOp::getOperationName());
    strata::buildGPUKernelCleanup(pm);
    if (failed(runPipeline(pm, gpuModule)))
      return signalPassFailure();

    // Per-thread scratch lives in Vulkan `Function` storage.
    if (failed(strata::moveScratchToMemorySpace(
            gpuModule,
            IntegerAttr::get(IntegerType::get(ctx, 64), kFunctionMemorySpace),
            "vulkan")))
      return signalPassFailure();

    // bf16 (no SPIR-V type): i16 storage, f32 arithmetic.
    if (failed(strata::emulateBF16ForVulkan(
            module, gpuModule, [&](OpPassManager &nested, Operation *op) {
              return runPipeline(nested, op);
            })))
      return signalPassFailure();

    RewritePatternSet patterns(ctx);
    populatePolynomialApproximateErfPattern(patterns);
    if (failed(applyPatternsGreedily(gpuModule, std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
