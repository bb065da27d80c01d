//===- CUDATarget.cpp - package NVVM kernels as a CUDA artifact -----------===//
//
// PTX from upstream's gpu-module-to-binary (NVPTX backend, libdevice linked
// by the #nvvm.target), a cubin from ptxas when it is installed (also the
// PTX's validation), and the launch plan and data-only artifact of
// lib/Target/Device.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/CUDA/CUDATarget.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"

using namespace mlir;

namespace strata::cuda {

FailureOr<std::string> translateToPTX(ModuleOp module, std::string &arch) {
  SmallVector<gpu::GPUModuleOp> gpuModules(module.getOps<gpu::GPUModuleOp>());
  if (gpuModules.size() != 1)
    return emitError(module.getLoc(), "the cuda target expects one "
                                      "gpu.module holding every kernel, "
                                      "found ")
           << gpuModules.size();
  gpu::GPUModuleOp gpuModule = gpuModules.front();
  ArrayAttr targets = gpuModule.getTargetsAttr();
  auto nvvm = targets && targets.size() == 1
                  ? dyn_cast<NVVM::NVVMTargetAttr>(targets[0])
                  : NVVM::NVVMTargetAttr();
  if (!nvvm)
    return gpuModule.emitOpError("the cuda target expects one #nvvm.target "
                                 "(run strata-kernel-to-cuda)");
  arch = nvvm.getChip().str();

  DialectRegistry registry;
  registerAllToLLVMIRTranslations(registry);
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  module.getContext()->appendDialectRegistry(registry);

  PassManager pm(module.getContext());
  GpuModuleToBinaryPassOptions options;
  options.compilationTarget = "isa";
  pm.addPass(createGpuModuleToBinaryPass(options));
  if (failed(pm.run(module)))
    return emitError(module.getLoc(), "the cuda target could not translate "
                                      "the kernels to PTX");
  SmallVector<gpu::BinaryOp> binaries(module.getOps<gpu::BinaryOp>());
  if (binaries.size() != 1 || binaries.front().getObjects().size() != 1)
    return emitError(module.getLoc(), "gpu-module-to-binary produced no "
                                      "PTX object");
  auto object = cast<gpu::ObjectAttr>(binaries.front().getObjects()[0]);
  return object.getObject().getValue().str();
}

std::optional<std::string> findPtxas() {
  if (std::optional<std::string> env =
          llvm::sys::Process::GetEnv("STRATA_PTXAS"))
    return llvm::sys::fs::can_execute(*env) ? std::optional(*env)
                                            : std::nullopt;
  if (llvm::sys::fs::can_execute("/usr/local/cuda/bin/ptxas"))
    return std::string("/usr/local/cuda/bin/ptxas");
  if (llvm::ErrorOr<std::string> p = llvm::sys::findProgramByName("ptxas"))
    return *p;
  return std::nullopt;
}

/// Runs a toolkit tool with stdout and stderr in `log`: its exit status,
/// and on failure the log's text (or the launch error) in `why`.
int runTool(StringRef tool, ArrayRef<StringRef> args, StringRef log,
            std::string &why) {
  std::optional<StringRef> redirects[] = {std::nullopt, log, log};
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(tool, args, std::nullopt, redirects,
                                     /*SecondsToWait=*/0, /*MemoryLimit=*/0,
                                     &message);
  if (rc != 0) {
    if (auto buf = llvm::MemoryBuffer::getFile(log))
      why = (*buf)->getBuffer().trim().str();
    if (why.empty())
      why = message;
  }
  return rc;
}

/// The CUDA toolkit's fatbinary: $STRATA_FATBINARY (none when it is not an
/// executable), else next to `ptxas`, else /usr/local/cuda/bin, else PATH.
std::optional<std::string> findFatbinary(StringRef ptxas) {
  if (std::optional<std::string> env =
          llvm::sys::Process::GetEnv("STRATA_FATBINARY"))
    return llvm::sys::fs::can_execute(*env) ? std::optional(*env)
                                            : std::nullopt;
  SmallString<128> sibling = llvm::sys::path::parent_path(ptxas);
  llvm::sys::path::append(sibling, "fatbinary");
  if (llvm::sys::fs::can_execute(sibling))
    return sibling.str().str();
  if (llvm::sys::fs::can_execute("/usr/local/cuda/bin/fatbinary"))
    return std::string("/usr/local/cuda/bin/fatbinary");
  if (llvm::ErrorOr<std::string> p = llvm::sys::findProgramByName("fatbinary"))
    return *p;
  return std::nullopt;
}

/// Packs the cubin and its PTX into one fat binary (as nvcc does by
/// default): the driver loads the cubin on its own architecture and
/// JIT-compiles the PTX on later ones.
FailureOr<std::vector<char>> packFatbin(Location loc, ArrayRef<char> cubin,
                                        StringRef ptx, StringRef arch,
                                        StringRef fatbinary) {
  SmallString<128> elf, text, out, err;
  if (llvm::sys::fs::createTemporaryFile("strata-cuda", "cubin", elf) ||
      llvm::sys::fs::createTemporaryFile("strata-cuda", "ptx", text) ||
      llvm::sys::fs::createTemporaryFile("strata-cuda", "fatbin", out) ||
      llvm::sys::fs::createTemporaryFile("strata-cuda", "log", err))
    return emitError(loc, "cannot create temporary files for fatbinary");
  llvm::scope_exit cleanup([&] {
    for (StringRef f : {elf.str(), text.str(), out.str(), err.str()})
      llvm::sys::fs::remove(f);
  });
  for (auto [path, bytes] : {std::pair<StringRef, StringRef>(
                                 elf, StringRef(cubin.data(), cubin.size())),
                             std::pair<StringRef, StringRef>(text, ptx)}) {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    if (ec)
      return emitError(loc, "cannot write ") << path << ": " << ec.message();
    os << bytes;
  }
  std::string sm = arch.drop_front(3).str(); // sm_90a -> 90a
  std::string create = ("--create=" + out).str();
  std::string elfImage =
      "--image3=kind=elf,sm=" + sm + ",file=" + elf.str().str();
  std::string ptxImage =
      "--image3=kind=ptx,sm=" + sm + ",file=" + text.str().str();
  StringRef args[] = {fatbinary, "-64", create, elfImage, ptxImage};
  std::string why;
  if (int rc = runTool(fatbinary, args, err, why))
    return emitError(loc, "fatbinary failed (exit ") << rc << "): " << why;
  auto buf = llvm::MemoryBuffer::getFile(out, /*IsText=*/false);
  if (!buf)
    return emitError(loc, "cannot read the fat binary fatbinary wrote");
  return std::vector<char>((*buf)->getBufferStart(), (*buf)->getBufferEnd());
}

FailureOr<std::vector<char>> assemble(Location loc, StringRef ptx,
                                      StringRef arch, StringRef ptxas) {
  SmallString<128> in, out, err;
  if (llvm::sys::fs::createTemporaryFile("strata-cuda", "ptx", in) ||
      llvm::sys::fs::createTemporaryFile("strata-cuda", "cubin", out) ||
      llvm::sys::fs::createTemporaryFile("strata-cuda", "log", err))
    return emitError(loc, "cannot create temporary files for ptxas");
  llvm::scope_exit cleanup([&] {
    llvm::sys::fs::remove(in);
    llvm::sys::fs::remove(out);
    llvm::sys::fs::remove(err);
  });
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(in, ec);
    if (ec)
      return emitError(loc, "cannot write ") << in << ": " << ec.message();
    os << ptx;
  }
  std::string archFlag = ("-arch=" + arch).str();
  StringRef args[] = {ptxas, archFlag, "-O3", in, "-o", out};
  std::string why;
  if (int rc = runTool(ptxas, args, err, why))
    return emitError(loc, "ptxas -arch=")
           << arch << " rejected the PTX (exit " << rc << "): " << why;
  auto buf = llvm::MemoryBuffer::getFile(out, /*IsText=*/false);
  if (!buf)
    return emitError(loc, "cannot read the cubin ptxas wrote");
  return std::vector<char>((*buf)->getBufferStart(), (*buf)->getBufferEnd());
}

FailureOr<device::DeviceProgram> buildProgram(ModuleOp module,
                                              const cpu::ArtifactInfo &info) {
  device::DeviceProgram program;
  program.format = "cuda-ptx";
  // A model without kernels has an empty binary and a plan of copies.
  if (!module.getOps<gpu::GPUModuleOp>().empty()) {
    std::string arch;
    FailureOr<std::string> ptx = translateToPTX(module, arch);
    if (failed(ptx))
      return failure();
    if (std::optional<std::string> ptxas = findPtxas()) {
      FailureOr<std::vector<char>> cubin =
          assemble(module.getLoc(), *ptx, arch, *ptxas);
      if (failed(cubin))
        return failure();
      program.format = "cuda-cubin";
      program.binary = std::move(*cubin);
      // With the toolkit's fatbinary: cubin + PTX in one fat binary.
      if (std::optional<std::string> fatbinary = findFatbinary(*ptxas)) {
        FailureOr<std::vector<char>> fat = packFatbin(
            module.getLoc(), program.binary, *ptx, arch, *fatbinary);
        if (failed(fat))
          return failure();
        program.format = "cuda-fatbin";
        program.binary = std::move(*fat);
      }
    } else {
      // The driver JIT-compiles PTX (cuModuleLoadData wants the NUL).
      program.binary.assign(ptx->begin(), ptx->end());
      program.binary.push_back('\0');
    }
  }
  device::LaunchPlanOptions options;
  options.target = "cuda";
  options.kernelsFromLaunches = true;
  options.maxGroups = {2147483647, 65535, 65535};
  if (failed(device::buildLaunchPlan(module, info, options, program)))
    return failure();
  return program;
}

} // namespace strata::cuda
