//===- VulkanTarget.cpp - package SPIR-V kernels as a Vulkan artifact -----===//
//
// Serializes the kernels into one SPIR-V module and validates it in-process
// with SPIRV-Tools; the launch plan and the data-only artifact are the
// device targets' shared code (lib/Target/Device).
//
//===----------------------------------------------------------------------===//

#include "strata/Target/Vulkan/VulkanTarget.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/Dialect/SPIRV/IR/TargetAndABI.h"
#include "mlir/Target/SPIRV/Serialization.h"

#ifdef STRATA_HAVE_SPIRV_TOOLS
#include "spirv-tools/libspirv.hpp"
#endif

using namespace mlir;

namespace strata::vulkan {

FailureOr<std::vector<uint32_t>> serializeKernels(ModuleOp module) {
  SmallVector<spirv::ModuleOp> spirvModules(module.getOps<spirv::ModuleOp>());
  if (spirvModules.size() != 1)
    return emitError(module.getLoc(), "the vulkan target expects one "
                                      "spirv.module holding every kernel, "
                                      "found ")
           << spirvModules.size();
  spirv::ModuleOp spirvModule = spirvModules.front();
  SmallVector<uint32_t> words;
  if (failed(spirv::serialize(spirvModule, words)))
    return emitError(spirvModule.getLoc(), "SPIR-V serialization failed");
#ifdef STRATA_HAVE_SPIRV_TOOLS
  std::string messages;
  spvtools::SpirvTools tools(SPV_ENV_VULKAN_1_2);
  tools.SetMessageConsumer([&](spv_message_level_t, const char *,
                               const spv_position_t &pos, const char *msg) {
    messages += "\n  word " + std::to_string(pos.index) + ": " + msg;
  });
  if (!tools.Validate(words.data(), words.size()))
    return emitError(spirvModule.getLoc(),
                     "the SPIR-V module does not validate for Vulkan 1.2 "
                     "(SPIRV-Tools):")
           << messages;
#else
  return emitError(spirvModule.getLoc(),
                   "this strata-compile was built without SPIRV-Tools and "
                   "cannot validate SPIR-V; install spirv-tools and rebuild");
#endif
  return std::vector<uint32_t>(words.begin(), words.end());
}

FailureOr<DeviceProgram> buildProgram(ModuleOp module,
                                      const cpu::ArtifactInfo &info) {
  DeviceProgram program;
  program.format = "spirv";
  // A model without kernels (its outputs are copies of inputs or
  // constants) has an empty binary and a plan of copies.
  if (!module.getOps<spirv::ModuleOp>().empty()) {
    FailureOr<std::vector<uint32_t>> words = serializeKernels(module);
    if (failed(words))
      return failure();
    const char *bytes = reinterpret_cast<const char *>(words->data());
    program.binary.assign(bytes, bytes + words->size() * sizeof(uint32_t));
  }
  // Kernels, in the order of the gpu.module, sized by their entry-point ABI.
  program.kernels = device::collectKernels(module, [](gpu::GPUFuncOp f) {
    std::array<uint32_t, 3> size = {1, 1, 1};
    if (auto abi = f->getAttrOfType<spirv::EntryPointABIAttr>(
            spirv::getEntryPointABIAttrName()))
      if (DenseI32ArrayAttr wg = abi.getWorkgroupSize())
        for (auto [i, s] : llvm::enumerate(wg.asArrayRef()))
          if (i < 3)
            size[i] = static_cast<uint32_t>(s);
    return size;
  });
  device::LaunchPlanOptions options;
  options.target = "vulkan";
  if (failed(device::buildLaunchPlan(module, info, options, program)))
    return failure();
  return program;
}

LogicalResult writeArtifact(Location loc, const cpu::ArtifactInfo &info,
                            const DeviceProgram &program, StringRef soPath) {
  return device::writeArtifact(loc, info, program, "vulkan", soPath);
}

LogicalResult writeBinary(Location loc, ArrayRef<uint32_t> binary,
                          StringRef path) {
  return device::writeBinary(
      loc,
      ArrayRef<char>(reinterpret_cast<const char *>(binary.data()),
                     binary.size() * sizeof(uint32_t)),
      path);
}

} // namespace strata::vulkan
