//===- Pipeline.cpp - the Strata pipeline, phase by phase
//------------------===//

#include "strata/Pipeline/Pipeline.h"

#include "dialects/Graph/Transforms/Passes.h"
#include "dialects/Tile/Transforms/Passes.h"
#include "strata/Contract/Passes.h"
#include "strata/Conversion/GraphToTile/Passes.h"
#include "strata/Conversion/KernelToCPU/Passes.h"
#include "strata/Conversion/KernelToGPU/Passes.h"
#include "strata/Conversion/KernelToROCDL/Passes.h"
#include "strata/Conversion/KernelToSPIRV/Passes.h"
#include "strata/Conversion/TileToKernel/Passes.h"

#include "mlir/Conversion/GPUToSPIRV/GPUToSPIRVPass.h"
#include "mlir/Conversion/MemRefToSPIRV/MemRefToSPIRVPass.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/VectorToGPU/VectorToGPU.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/Dialect/SPIRV/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Process.h"

using namespace mlir;

namespace strata::pipeline {

static constexpr StringLiteral kPhaseNames[] = {"import", "graph",  "tile",
                                                "kernel", "target", "artifact"};

StringRef getPhaseName(Phase phase) {
  return kPhaseNames[static_cast<int>(phase)];
}

std::optional<Phase> parsePhase(StringRef name) {
  for (auto [i, n] : llvm::enumerate(kPhaseNames))
    if (n == name)
      return static_cast<Phase>(i);
  return std::nullopt;
}

static void verifyContract(OpPassManager &pm, const Options &options,
                           StringRef boundary) {
  if (!options.verifyContracts)
    return;
  contract::VerifyContractOptions o;
  o.boundary = boundary.str();
  pm.addPass(contract::createVerifyContract(o));
}

void buildGraphCleanup(OpPassManager &pm, const Options &) {
  pm.addNestedPass<func::FuncOp>(graph::createGraphInferShapes());
  pm.addPass(createCanonicalizerPass());
}

/// The hooks of `options.target`; the CPU's for an unknown target (whose
/// kernel-to-target stage then fails to build).
static const TargetHooks &hooksFor(const Options &options) {
  const TargetHooks *hooks = lookupTarget(options.target);
  return hooks ? *hooks : *lookupTarget("cpu");
}

void buildGraphToTile(OpPassManager &pm, const Options &options) {
  verifyContract(pm, options, "graph-to-tile");
  pm.addNestedPass<func::FuncOp>(createConvertGraphToLinalg());
  pm.addNestedPass<func::FuncOp>(tile::createTileFuseElementwise());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addNestedPass<func::FuncOp>(tile::createTileFormKernels());
  if (hooksFor(options).padsAsGathers)
    pm.addNestedPass<func::FuncOp>(tile::createTilePadToGather());
  tile::TileSelectConfigOptions select;
  select.table = hooksFor(options).tileTable.str();
  select.rocmChip = options.rocmChip; // table=rocm: the chip's matrix tiles
  select.cudaArch = options.cudaArch; // table=cuda: sm_90a's wgmma tiles
  pm.addNestedPass<func::FuncOp>(tile::createTileSelectConfig(select));
}

void buildBufferizeToOutParams(OpPassManager &pm) {
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.hoistStaticAllocs = true;
  outParams.modifyPublicFunctions = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
}

void buildTileToKernel(OpPassManager &pm, const Options &options) {
  verifyContract(pm, options, "tile-to-kernel");
  pm.addNestedPass<func::FuncOp>(tile::createTileTileWorkgroups());
  if (hooksFor(options).vectorize)
    pm.addNestedPass<func::FuncOp>(tile::createTileVectorize());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createOutlineTileKernels());
  buildBufferizeToOutParams(pm);
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  bufferization::BufferDeallocationPipelineOptions dealloc;
  bufferization::buildBufferDeallocationPipeline(pm, dealloc);
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createFormKernelLaunches());
}

/// CPU: kernels become functions called from parallel loops over the grid,
/// then everything goes to the LLVM dialect with bare-pointer buffers (all
/// shapes are static at this point).
static void buildKernelToCPU(OpPassManager &pm, const Options &options) {
  pm.addPass(createConvertKernelToCPU());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  // LLVM has no float8/float4: their conversions become bit operations.
  pm.addPass(createExpandLowPrecisionFloats());
  // Vector transfers from strata-tile-vectorize: unrolled to 1-D (loads and
  // stores of one row), subviews folded into their indices.
  VectorTransferToSCFOptions transfers;
  transfers.enableFullUnroll();
  transfers.setTargetRank(1);
  pm.addPass(createConvertVectorToSCFPass(transfers));
  pm.addPass(memref::createFoldMemRefAliasOpsPass());
  pm.addPass(createLowerAffinePass());
  if (options.cpuThreads)
    pm.addPass(createConvertSCFToOpenMPPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertVectorToLLVMPass());
  // Before scf-to-cf: the OpenMP conversion wraps bodies in alloca scopes.
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  ConvertFuncToLLVMPassOptions func;
  func.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(func));
  // After func-to-llvm, or the bare-pointer convention is lost.
  if (options.cpuThreads)
    pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

/// Vulkan: kernels become gpu.func in one gpu.module (a few kernel-layer
/// workgroups per GPU workgroup, one per thread), lowered to loops, then
/// upstream's GPU-to-SPIR-V conversion with the Vulkan storage classes; the
/// spirv.module is serialized and validated by the Vulkan target.
static void buildKernelToVulkan(OpPassManager &pm, const Options &) {
  // Matmul and convolution tiles to blocks of threads sharing workgroup
  // memory; Vulkan guarantees 128 invocations per workgroup, and SPIR-V's
  // logical addressing has no vector loads from scalar buffers.
  KernelCooperativeContractionOptions coop;
  coop.maxThreads = 128;
  coop.vectorWidth = 1;
  pm.addPass(createKernelCooperativeContraction(coop));
  pm.addPass(createConvertKernelToSPIRV());
  // Vulkan storage classes (client-api=vulkan, the default): buffers become
  // StorageBuffer, private scratch (memory space 6) Function.
  pm.addPass(createMapMemRefStorageClassPass());
  pm.addPass(createConvertMathToSPIRVPass());
  pm.addPass(createConvertGPUToSPIRVPass());
  OpPassManager &spirv = pm.nest<spirv::ModuleOp>();
  spirv.addPass(spirv::createSPIRVLowerABIAttributesPass());
  spirv.addPass(spirv::createSPIRVUpdateVCEPass());
}

std::optional<StringRef> cudaPtxFeatures(StringRef arch) {
  // The minimum PTX ISA of each architecture (TOOLCHAIN.md: +ptx70 for
  // sm_80, +ptx80 for sm_90/sm_90a; upstream's default +ptx60 fails).
  return llvm::StringSwitch<std::optional<StringRef>>(arch)
      .Case("sm_80", StringRef("+ptx70"))
      .Case("sm_86", StringRef("+ptx71"))
      .Case("sm_89", StringRef("+ptx78"))
      .Case("sm_90", StringRef("+ptx80"))
      .Case("sm_90a", StringRef("+ptx80"))
      .Default(std::nullopt);
}

std::string cudaLibdevicePath() {
  if (std::optional<std::string> env =
          llvm::sys::Process::GetEnv("STRATA_CUDA_LIBDEVICE"))
    return *env;
  return "/usr/local/cuda/nvvm/libdevice/libdevice.10.bc";
}

/// CUDA: kernels become gpu.func in one gpu.module (128 kernel-layer
/// workgroups per block, one per thread), then upstream's NVVM route:
/// nvvm-attach-target (chip, minimum PTX ISA, libdevice for math
/// functions) and convert-gpu-to-nvvm with bare-pointer kernel arguments
/// (one pointer parameter per buffer). lib/Target/CUDA turns the gpu.module
/// into PTX (gpu-module-to-binary) and a cubin (ptxas).
static void buildKernelToCUDA(OpPassManager &pm, const Options &options) {
  // Tensor cores (sm_80 and later): f16 matmul block tiles to 1 or 4 warps.
  KernelMatmulToMmaOptions mma;
  mma.wgmma = options.cudaArch == "sm_90a"; // those tiles are wgmma's
  pm.addPass(createKernelMatmulToMma(mma));
  // The other matmul and convolution tiles: blocks of threads staging
  // operands in shared memory with 16-byte global loads.
  KernelCooperativeContractionOptions cooperative;
  cooperative.wgmma = mma.wgmma;
  pm.addPass(createKernelCooperativeContraction(cooperative));
  ConvertKernelToGPUOptions kernels;
  kernels.threadsPerWorkgroup = 128;
  kernels.targetName = "cuda";
  kernels.mmaSync = true;
  // Hopper: 128 x 128 f16 matmul tiles (table=cuda's sm_90a tiles) to one
  // warpgroup's wgmma fed by TMA.
  kernels.wgmma = options.cudaArch == "sm_90a";
  pm.addPass(createConvertKernelToGPU(kernels));
  GpuNVVMAttachTargetOptions target;
  target.chip = options.cudaArch;
  target.features = cudaPtxFeatures(options.cudaArch).value_or("+ptx80").str();
  target.optLevel = 3;
  std::string libdevice = cudaLibdevicePath();
  if (llvm::sys::fs::exists(libdevice))
    target.linkLibs.push_back(libdevice);
  pm.addPass(createGpuNVVMAttachTarget(target));
  OpPassManager &dev = pm.nest<gpu::GPUModuleOp>();
  // float8/float4 conversions as integer bit operations (NVPTX has none;
  // bf16 it converts itself).
  ExpandLowPrecisionFloatsOptions lowPrecision;
  lowPrecision.expandBf16 = false;
  dev.addPass(createExpandLowPrecisionFloats(lowPrecision));
  // nvgpu.mma.sync (from the vector.contract chains of
  // strata-kernel-matmul-to-mma, converted inside
  // strata-convert-kernel-to-gpu{mma-sync}) -> NVVM.
  dev.addPass(createConvertNVGPUToNVVMPass());
  dev.addPass(createSCFToControlFlowPass());
  ConvertGpuOpsToNVVMOpsOptions nvvm;
  nvvm.useBarePtrCallConv = true;
  dev.addPass(createConvertGpuOpsToNVVMOps(nvvm));
  // NVVM ops defined by inline PTX (sm_90's mbarrier.try_wait.parity of
  // the wgmma kernels) -> llvm.inline_asm.
  dev.addPass(createConvertNVVMToLLVMPass());
  // Dynamic shared memory (the wgmma kernels) as `.extern .shared`.
  dev.addPass(createNVVMExternDynamicShared());
  dev.addPass(createCanonicalizerPass());
  dev.addPass(createCSEPass());
  dev.addPass(createReconcileUnrealizedCastsPass());
}

/// ROCm: kernels become gpu.func in one gpu.module (one thread per
/// kernel-layer workgroup, as for the other device targets), contractions
/// go to the chip's matrix units where it has them, math stays off the
/// device libraries, then upstream's AMDGPU/GPU-to-ROCDL conversions with
/// bare-pointer buffers (one pointer per binding, as strata-rt's hip backend
/// passes them). lib/Target/ROCm compiles the gpu.module to HSACO.
static void buildKernelToROCm(OpPassManager &pm, const Options &options) {
  // Matrix units (gfx90a, gfx942, gfx1100): the rocm table's matmul tiles
  // to one wave each, a vector.contract for the lowering below.
  KernelMatmulToAMDGPUOptions waveTiles;
  waveTiles.chip = options.rocmChip;
  pm.addPass(createKernelMatmulToAMDGPU(waveTiles));
  pm.addPass(createKernelCooperativeContraction());
  ConvertKernelToGPUOptions toGPU;
  toGPU.targetName = "rocm";
  pm.addPass(createConvertKernelToGPU(toGPU));
  LowerContractionToAMDGPUOptions matrix;
  matrix.chip = options.rocmChip;
  pm.addPass(createLowerContractionToAMDGPU(matrix));
  GpuROCDLAttachTargetOptions attach;
  attach.chip = options.rocmChip;
  attach.optLevel = 3;
  // CDNA runs wave64; RDNA (gfx1030, gfx1100) wave32, which WMMA's
  // fragment layouts assume.
  attach.wave64Flag =
      options.rocmChip == "gfx90a" || options.rocmChip == "gfx942";
  pm.addPass(createGpuROCDLAttachTarget(attach));
  OpPassManager &gpu = pm.nest<gpu::GPUModuleOp>();
  // float8/float4 conversions as integer bit operations (as for cuda).
  ExpandLowPrecisionFloatsOptions lowPrecision;
  lowPrecision.expandBf16 = false;
  gpu.addPass(createExpandLowPrecisionFloats(lowPrecision));
  gpu.addPass(createROCDLPrivateScratch());
  gpu.addPass(createExpandMathForROCDL());
  gpu.addPass(createConvertMathToLLVMPass());
  gpu.addPass(createSCFToControlFlowPass());
  ConvertAMDGPUToROCDLPassOptions amdgpu;
  amdgpu.chipset = options.rocmChip;
  gpu.addPass(createConvertAMDGPUToROCDLPass(amdgpu));
  ConvertGpuOpsToROCDLOpsOptions rocdl;
  rocdl.chipset = options.rocmChip;
  rocdl.useBarePtrCallConv = true;
  gpu.addPass(createConvertGpuOpsToROCDLOps(rocdl));
  gpu.addPass(createReconcileUnrealizedCastsPass());
}

static const TargetHooks kTargets[] = {
    {"cpu", "cpu", /*vectorize=*/true, /*padsAsGathers=*/false,
     "kernel-to-target", buildKernelToCPU},
    {"vulkan", "gpu", /*vectorize=*/false, /*padsAsGathers=*/true,
     "kernel-to-device", buildKernelToVulkan},
    {"cuda", "cuda", /*vectorize=*/false, /*padsAsGathers=*/true,
     "kernel-to-device", buildKernelToCUDA},
    {"rocm", "rocm", /*vectorize=*/false, /*padsAsGathers=*/true,
     "kernel-to-device", buildKernelToROCm},
};

const TargetHooks *lookupTarget(StringRef name) {
  for (const TargetHooks &t : kTargets)
    if (t.name == name)
      return &t;
  return nullptr;
}

SmallVector<StringRef> getTargetNames() {
  SmallVector<StringRef> names;
  for (const TargetHooks &t : kTargets)
    names.push_back(t.name);
  return names;
}

LogicalResult buildKernelToTarget(OpPassManager &pm, const Options &options) {
  const TargetHooks *hooks = lookupTarget(options.target);
  if (!hooks)
    return failure();
  verifyContract(pm, options, hooks->kernelContract);
  hooks->buildKernelToTarget(pm, options);
  return success();
}

LogicalResult buildPipeline(OpPassManager &pm, Phase from, Phase to,
                            const Options &options) {
  auto covers = [&](Phase p) { return from < p && p <= to; };
  auto testBreak = [&](Phase p) {
    if (options.testBreakPhase == p)
      pm.addPass(createTestBreakPass(options.testBreakMode, getPhaseName(p)));
  };
  if (covers(Phase::Graph)) {
    buildGraphCleanup(pm, options);
    testBreak(Phase::Graph);
  }
  if (covers(Phase::Tile)) {
    buildGraphToTile(pm, options);
    testBreak(Phase::Tile);
  }
  if (covers(Phase::Kernel)) {
    buildTileToKernel(pm, options);
    testBreak(Phase::Kernel);
  }
  if (covers(Phase::Target)) {
    if (failed(buildKernelToTarget(pm, options)))
      return failure();
    testBreak(Phase::Target);
  }
  return success();
}

namespace {
/// The option of the shared stages: which target's hooks they follow.
struct CudaOption : public PassPipelineOptions<CudaOption> {
  PassOptions::Option<std::string> arch{
      *this, "cuda-arch",
      llvm::cl::desc("CUDA architecture: sm_80, sm_86, sm_89, sm_90, sm_90a"),
      llvm::cl::init("sm_80")};
};
struct TargetOption : public PassPipelineOptions<TargetOption> {
  PassOptions::Option<std::string> target{
      *this, "target",
      llvm::cl::desc("Target whose tile table and vectorization to use"),
      llvm::cl::init("cpu")};
};
/// The ROCm pipeline's option: the AMD chip.
struct RocmOptions : public PassPipelineOptions<RocmOptions> {
  PassOptions::Option<std::string> chip{
      *this, "chip",
      llvm::cl::desc("AMD chip: gfx90a, gfx942 (default), gfx1030, gfx1100"),
      llvm::cl::init("gfx942")};
};

/// PassPipelineRegistration, with the options checked: `check` returns an
/// error message for values the pipeline does not know (an unknown target
/// would otherwise silently get the CPU's hooks), which the pass driver
/// reports as an option error.
template <typename OptionsT>
void registerCheckedPipeline(
    StringRef arg, StringRef description,
    std::function<std::optional<std::string>(const OptionsT &)> check,
    std::function<void(OpPassManager &, const OptionsT &)> builder) {
  registerPassPipeline(
      arg, description,
      [=](OpPassManager &pm, StringRef text,
          function_ref<LogicalResult(const Twine &)> errorHandler) {
        OptionsT options;
        if (failed(options.parseFromString(text)))
          return failure();
        if (std::optional<std::string> error = check(options))
          return errorHandler(arg + ": " + *error);
        builder(pm, options);
        return success();
      },
      [](function_ref<void(const detail::PassOptions &)> handler) {
        handler(OptionsT());
      });
}

std::optional<std::string> checkTarget(const TargetOption &t) {
  if (lookupTarget(t.target))
    return std::nullopt;
  return "unknown target '" + t.target.getValue() + "'; expected " +
         llvm::join(getTargetNames(), ", ");
}
} // namespace

void registerPipelines() {
  registerCheckedPipeline<TargetOption>(
      "strata-graph-to-tile",
      "L1 -> L2: graph cleanup, lowering to linalg, fusion into tile.kernel "
      "ops and tile selection, with the graph-to-tile contract checked",
      checkTarget, [](OpPassManager &pm, const TargetOption &t) {
        Options o;
        o.target = t.target;
        buildGraphCleanup(pm, o);
        buildGraphToTile(pm, o);
      });
  registerCheckedPipeline<TargetOption>(
      "strata-tile-to-kernel",
      "L2 -> L3: workgroup tiling, bufferization and kernel launches, with "
      "the tile-to-kernel contract checked",
      checkTarget, [](OpPassManager &pm, const TargetOption &t) {
        Options o;
        o.target = t.target;
        buildTileToKernel(pm, o);
      });
  PassPipelineRegistration<>(
      "strata-kernel-to-cpu",
      "L3 -> L4 (cpu): kernels as parallel loops, lowered to the LLVM "
      "dialect, with the kernel-to-target contract checked",
      [](OpPassManager &pm) {
        Options o;
        o.target = "cpu";
        (void)buildKernelToTarget(pm, o);
      });
  PassPipelineRegistration<>(
      "strata-kernel-to-vulkan",
      "L3 -> L4 (vulkan): kernels as gpu.func lowered to one SPIR-V module "
      "of compute shaders, with the kernel-to-target contract checked",
      [](OpPassManager &pm) {
        Options o;
        o.target = "vulkan";
        (void)buildKernelToTarget(pm, o);
      });
  registerCheckedPipeline<CudaOption>(
      "strata-kernel-to-cuda",
      "L3 -> L4 (cuda): kernels as gpu.func lowered to NVVM (LLVM dialect) "
      "in one gpu.module with an NVVM target, with the kernel-to-device "
      "contract checked",
      [](const CudaOption &c) -> std::optional<std::string> {
        if (cudaPtxFeatures(c.arch))
          return std::nullopt;
        return "unknown cuda-arch '" + c.arch.getValue() +
               "'; expected sm_80, sm_86, sm_89, sm_90 or sm_90a";
      },
      [](OpPassManager &pm, const CudaOption &c) {
        Options o;
        o.target = "cuda";
        o.cudaArch = c.arch;
        (void)buildKernelToTarget(pm, o);
      });
  PassPipelineRegistration<RocmOptions>(
      "strata-kernel-to-rocm",
      "L3 -> L4 (rocm): kernels as gpu.func lowered to ROCDL for one AMD "
      "chip (MFMA/WMMA for contractions on gfx90a/gfx942/gfx1100), with the "
      "kernel-to-target contract checked",
      [](OpPassManager &pm, const RocmOptions &r) {
        Options o;
        o.target = "rocm";
        o.rocmChip = r.chip;
        (void)buildKernelToTarget(pm, o);
      });
}

} // namespace strata::pipeline
