//===- ROCmTarget.cpp - AMD GPU kernels as HSACO --------------------------===//
//
// gpu.module (ROCDL) -> HSACO for one chip: upstream's ROCDL target
// attribute serializes it (LLVM IR, the AMDGPU backend, then `ld.lld
// -shared`). Upstream looks for `<toolkit>/llvm/bin/ld.lld` (ROCm's layout,
// default /opt/rocm); Debian ships no ROCm toolkit, so we hand it a
// temporary toolkit folder whose llvm/bin/ld.lld links to Debian's lld-22
// (TOOLCHAIN.md) and check first that the linker exists, so that a missing
// ld.lld is a clear error rather than upstream's "lld invocation failed".
//
//===----------------------------------------------------------------------===//

#include "strata/Target/ROCm/ROCmTarget.h"

#include "strata/Conversion/KernelToROCDL/Passes.h"

#include "mlir/Dialect/GPU/IR/CompilationInterfaces.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/ROCDLDialect.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/ToolOutputFile.h"

#include <cstdlib>

#ifndef STRATA_LD_LLD_PATH
#define STRATA_LD_LLD_PATH "/usr/lib/llvm-22/bin/ld.lld"
#endif

using namespace mlir;

namespace strata::rocm {

FailureOr<std::string> findLdLld(Location loc) {
  std::string path = STRATA_LD_LLD_PATH;
  const char *from = "the configured path";
  if (const char *env = std::getenv("STRATA_LD_LLD"); env && *env) {
    path = env;
    from = "$STRATA_LD_LLD";
  }
  if (!llvm::sys::fs::can_execute(path))
    return emitError(loc, "the rocm target links HSACO with ld.lld, but ")
           << from << " '" << path
           << "' is not an executable (install Debian's lld-22, or set "
              "STRATA_LD_LLD to an ld.lld)";
  return path;
}

namespace {
/// A temporary folder laid out like a ROCm toolkit (llvm/bin/ld.lld), for
/// upstream's ROCDL serializer; removed on destruction.
struct TempToolkit {
  llvm::SmallString<128> root;
  ~TempToolkit() {
    if (!root.empty())
      llvm::sys::fs::remove_directories(root);
  }
  LogicalResult create(Location loc, StringRef ldLld) {
    // In the system's temporary folder ($TMPDIR), not the working one.
    llvm::SmallString<128> prefix;
    llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, prefix);
    llvm::sys::path::append(prefix, "strata-rocm");
    if (std::error_code ec =
            llvm::sys::fs::createUniqueDirectory(prefix, root)) {
      root.clear();
      return emitError(loc, "cannot create a temporary folder: ")
             << ec.message();
    }
    llvm::SmallString<128> bin(root);
    llvm::sys::path::append(bin, "llvm", "bin");
    llvm::SmallString<128> link(bin);
    llvm::sys::path::append(link, "ld.lld");
    if (std::error_code ec = llvm::sys::fs::create_directories(bin))
      return emitError(loc, "cannot create ") << bin << ": " << ec.message();
    if (std::error_code ec = llvm::sys::fs::create_link(ldLld, link))
      return emitError(loc, "cannot link ")
             << link << " to " << ldLld << ": " << ec.message();
    return success();
  }
};
} // namespace

FailureOr<std::string> serializeHsaco(gpu::GPUModuleOp gpuModule,
                                      StringRef chip) {
  Location loc = gpuModule.getLoc();
  if (!isSupportedRocmChip(chip))
    return emitError(loc, "unknown AMD chip '")
           << chip << "'; expected one of gfx90a, gfx942, gfx1030, gfx1100";
  MLIRContext *ctx = gpuModule.getContext();
  ROCDL::ROCDLTargetAttr target;
  if (ArrayAttr targets = gpuModule.getTargetsAttr()) {
    for (Attribute attr : targets)
      if (auto t = dyn_cast<ROCDL::ROCDLTargetAttr>(attr))
        target = t;
    if (!target)
      return gpuModule.emitError("has no #rocdl.target to compile for");
    if (target.getChip() != chip)
      return gpuModule.emitError("targets chip '")
             << target.getChip() << "', not the requested '" << chip << "'";
  } else {
    target = ROCDL::ROCDLTargetAttr::get(ctx, /*optLevel=*/3,
                                         "amdgcn-amd-amdhsa", chip);
    gpuModule.setTargetsAttr(ArrayAttr::get(ctx, {target}));
  }

  // ROCm's device libraries are not linked (strata-expand-math-for-rocdl
  // keeps math off them): a call into them would be unresolved in the
  // HSACO and fail only when the GPU loads it.
  for (auto fn : gpuModule.getOps<LLVM::LLVMFuncOp>())
    if (fn.isExternal() && (fn.getName().starts_with("__ocml_") ||
                            fn.getName().starts_with("__ockl_")))
      return fn.emitError("the rocm target does not link ROCm's device "
                          "libraries, but the kernels call '")
             << fn.getName() << "'";

  FailureOr<std::string> ldLld = findLdLld(loc);
  if (failed(ldLld))
    return failure();
  TempToolkit toolkit;
  if (failed(toolkit.create(loc, *ldLld)))
    return failure();

  auto iface = cast<gpu::TargetAttrInterface>(target);
  gpu::TargetOptions options(toolkit.root, /*librariesToLink=*/{},
                             /*cmdOptions=*/{}, /*elfSection=*/{},
                             gpu::CompilationTarget::Binary);
  std::optional<SmallVector<char, 0>> object =
      iface.serializeToObject(gpuModule, options);
  if (!object)
    return gpuModule.emitError("could not be compiled to HSACO for ") << chip;
  return std::string(object->begin(), object->end());
}

FailureOr<std::string> serializeKernels(ModuleOp module, StringRef chip) {
  gpu::GPUModuleOp found;
  for (auto gm : module.getOps<gpu::GPUModuleOp>()) {
    if (found)
      return gm.emitError("the rocm target packages one gpu.module per "
                          "artifact; found a second one");
    found = gm;
  }
  if (!found)
    return module.emitError("the rocm target found no gpu.module to compile");
  return serializeHsaco(found, chip);
}

FailureOr<device::DeviceProgram>
buildProgram(ModuleOp module, const cpu::ArtifactInfo &info, StringRef chip) {
  device::DeviceProgram program;
  program.format = "rocm-hsaco";
  // A model without kernels (outputs are copies of inputs or constants)
  // has an empty binary and a plan of copies.
  if (!module.getOps<gpu::GPUModuleOp>().empty()) {
    FailureOr<std::string> hsaco = serializeKernels(module, chip);
    if (failed(hsaco))
      return failure();
    program.binary.assign(hsaco->begin(), hsaco->end());
  }
  device::LaunchPlanOptions options;
  options.target = "rocm";
  // The kernels are llvm.func by now: their block sizes and bindings come
  // from the launches.
  options.kernelsFromLaunches = true;
  // HIP: grid x up to 2^31 - 1 blocks, y and z 65535.
  options.maxGroups = {2147483647, 65535, 65535};
  if (failed(device::buildLaunchPlan(module, info, options, program)))
    return failure();
  return program;
}

LogicalResult writeBinary(Location loc, StringRef hsaco, StringRef path) {
  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return emitError(loc, "cannot write ") << path << ": " << ec.message();
  out.os() << hsaco;
  out.keep();
  return success();
}

} // namespace strata::rocm
