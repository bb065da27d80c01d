//===- CPUTarget.cpp - package LLVM-dialect IR as a CPU artifact ----------===//
//
// Translation to LLVM IR, the artifact ABI (descriptor + run wrapper, built
// with IRBuilder), O3 optimization for the host CPU, object emission and
// linking with the clang driver.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/CPU/CPUTarget.h"

#include "strata-rt/strata_artifact.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

using namespace mlir;

namespace strata::cpu {

int32_t getDType(Type t) {
  if (isa<Float8E4M3FNType>(t))
    return STRATA_DTYPE_F8E4M3FN;
  if (isa<Float8E4M3FNUZType>(t))
    return STRATA_DTYPE_F8E4M3FNUZ;
  if (isa<Float8E5M2Type>(t))
    return STRATA_DTYPE_F8E5M2;
  if (isa<Float8E5M2FNUZType>(t))
    return STRATA_DTYPE_F8E5M2FNUZ;
  if (isa<Float4E2M1FNType>(t))
    return STRATA_DTYPE_F4E2M1FN;
  if (isa<Float8E8M0FNUType>(t))
    return STRATA_DTYPE_F8E8M0FNU;
  if (t.isSignlessInteger(4) || t.isSignedInteger(4))
    return STRATA_DTYPE_I4;
  if (t.isUnsignedInteger(4))
    return STRATA_DTYPE_U4;
  if (t.isSignlessInteger(2) || t.isSignedInteger(2))
    return STRATA_DTYPE_I2;
  if (t.isUnsignedInteger(2))
    return STRATA_DTYPE_U2;
  if (t.isUnsignedInteger(8))
    return STRATA_DTYPE_U8;
  if (t.isUnsignedInteger(16))
    return STRATA_DTYPE_U16;
  if (t.isUnsignedInteger(32))
    return STRATA_DTYPE_U32;
  if (t.isUnsignedInteger(64))
    return STRATA_DTYPE_U64;
  if (t.isF32())
    return STRATA_DTYPE_F32;
  if (t.isF16())
    return STRATA_DTYPE_F16;
  if (t.isBF16())
    return STRATA_DTYPE_BF16;
  if (t.isInteger(8))
    return STRATA_DTYPE_I8;
  if (t.isInteger(32))
    return STRATA_DTYPE_I32;
  if (t.isInteger(64))
    return STRATA_DTYPE_I64;
  if (t.isInteger(1))
    return STRATA_DTYPE_BOOL;
  if (t.isF64())
    return STRATA_DTYPE_F64;
  if (t.isInteger(16))
    return STRATA_DTYPE_I16;
  return STRATA_DTYPE_INVALID;
}

/// Adds `strata_get_artifact` and the run wrapper around `info.entry`.
static LogicalResult addArtifactABI(llvm::Module &m, const ArtifactInfo &info,
                                    Location loc) {
  llvm::LLVMContext &ctx = m.getContext();
  llvm::Function *entry = m.getFunction(info.entry);
  if (!entry)
    return emitError(loc, "entry function '") << info.entry << "' is missing";
  size_t nargs = info.inputs.size() + info.outputs.size();
  if (entry->arg_size() != nargs)
    return emitError(loc, "entry '")
           << info.entry << "' takes " << entry->arg_size()
           << " arguments, expected " << nargs
           << " buffers (inputs then outputs)";
  auto *ptrTy = llvm::PointerType::getUnqual(ctx);
  auto *i32 = llvm::Type::getInt32Ty(ctx);
  auto *i64 = llvm::Type::getInt64Ty(ctx);

  // int32_t strata_run(void *const *inputs, void *const *outputs)
  auto *runTy = llvm::FunctionType::get(i32, {ptrTy, ptrTy}, false);
  auto *run = llvm::Function::Create(runTy, llvm::GlobalValue::InternalLinkage,
                                     "strata_run", m);
  {
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", run));
    SmallVector<llvm::Value *> args;
    auto load = [&](llvm::Value *array, size_t i) {
      llvm::Value *slot = b.CreateConstGEP1_64(ptrTy, array, i);
      return b.CreateLoad(ptrTy, slot);
    };
    for (size_t i = 0; i < info.inputs.size(); ++i)
      args.push_back(load(run->getArg(0), i));
    for (size_t i = 0; i < info.outputs.size(); ++i)
      args.push_back(load(run->getArg(1), i));
    b.CreateCall(entry, args);
    b.CreateRet(llvm::ConstantInt::get(i32, 0));
  }

  // Descriptors.
  auto *descTy = llvm::StructType::create(ctx, {ptrTy, i32, i32, ptrTy},
                                          "strata_tensor_desc");
  auto str = [&](StringRef s, const Twine &name) -> llvm::Constant * {
    auto *init = llvm::ConstantDataArray::getString(ctx, s);
    return new llvm::GlobalVariable(m, init->getType(), true,
                                    llvm::GlobalValue::PrivateLinkage, init,
                                    name);
  };
  auto descs = [&](const std::vector<TensorDesc> &list,
                   StringRef kind) -> llvm::Constant * {
    SmallVector<llvm::Constant *> elems;
    for (auto [i, d] : llvm::enumerate(list)) {
      auto *dimsInit = llvm::ConstantDataArray::get(ctx, ArrayRef(d.dims));
      auto *dims = new llvm::GlobalVariable(
          m, dimsInit->getType(), true, llvm::GlobalValue::PrivateLinkage,
          dimsInit, "strata_" + kind + "_dims_" + Twine(i));
      elems.push_back(llvm::ConstantStruct::get(
          descTy, {str(d.name, "strata_" + kind + "_name_" + Twine(i)),
                   llvm::ConstantInt::get(i32, d.dtype),
                   llvm::ConstantInt::get(i32, d.dims.size()), dims}));
    }
    if (elems.empty())
      return llvm::ConstantPointerNull::get(ptrTy);
    auto *arrTy = llvm::ArrayType::get(descTy, elems.size());
    return new llvm::GlobalVariable(
        m, arrTy, true, llvm::GlobalValue::PrivateLinkage,
        llvm::ConstantArray::get(arrTy, elems), "strata_" + kind);
  };
  auto *artTy = llvm::StructType::create(
      ctx, {i32, ptrTy, ptrTy, i32, i32, ptrTy, ptrTy, ptrTy},
      "strata_artifact");
  auto *artifact = new llvm::GlobalVariable(
      m, artTy, true, llvm::GlobalValue::PrivateLinkage,
      llvm::ConstantStruct::get(
          // Version 1: a host-code artifact needs nothing of later versions,
          // so every runtime since ABI 1 loads it.
          artTy, {llvm::ConstantInt::get(i32, 1),
                  str(info.modelName, "strata_model_name"),
                  str("cpu", "strata_target"),
                  llvm::ConstantInt::get(i32, info.inputs.size()),
                  llvm::ConstantInt::get(i32, info.outputs.size()),
                  descs(info.inputs, "inputs"), descs(info.outputs, "outputs"),
                  run}),
      "strata_artifact_desc");
  (void)i64;

  auto *getTy = llvm::FunctionType::get(ptrTy, {}, false);
  auto *get = llvm::Function::Create(getTy, llvm::GlobalValue::ExternalLinkage,
                                     STRATA_ARTIFACT_SYMBOL, m);
  get->setVisibility(llvm::GlobalValue::DefaultVisibility);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", get));
  b.CreateRet(artifact);

  // Export only the ABI symbol: the model's functions must neither clash with
  // the host program's symbols nor be interposed by them.
  for (llvm::GlobalValue &g : m.global_values())
    if (&g != get && !g.isDeclaration() && !g.hasLocalLinkage())
      g.setVisibility(llvm::GlobalValue::HiddenVisibility);
  return success();
}

LogicalResult emitObject(ModuleOp module, const ArtifactInfo &info,
                         StringRef objectPath) {
  Location loc = module.getLoc();
  registerBuiltinDialectTranslation(*module.getContext());
  registerLLVMDialectTranslation(*module.getContext());
  registerOpenMPDialectTranslation(*module.getContext());

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> m =
      translateModuleToLLVMIR(module, llvmContext, info.modelName);
  if (!m)
    return emitError(loc, "translation to LLVM IR failed");
  if (failed(addArtifactABI(*m, info, loc)))
    return failure();

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::Triple triple(llvm::sys::getProcessTriple());
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return emitError(loc, "no LLVM target for ")
           << triple.str() << ": " << error;
  llvm::SubtargetFeatures features;
  llvm::StringMap<bool> hostFeatures = llvm::sys::getHostCPUFeatures();
  for (const auto &[name, enabled] : hostFeatures)
    features.AddFeature(name, enabled);
  // LLVM prefers 256-bit vectors even on AVX-512 hosts; the register tiles
  // of vectorized kernels (strata-tile-select-config) assume 512-bit ones.
  if (hostFeatures.lookup("avx512f"))
    for (llvm::Function &f : *m)
      if (!f.isDeclaration())
        f.addFnAttr("prefer-vector-width", "512");
  llvm::TargetOptions targetOptions;
  std::unique_ptr<llvm::TargetMachine> tm(target->createTargetMachine(
      triple, llvm::sys::getHostCPUName(), features.getString(), targetOptions,
      llvm::Reloc::PIC_, std::nullopt, llvm::CodeGenOptLevel::Aggressive));
  m->setDataLayout(tm->createDataLayout());
  m->setTargetTriple(triple);
  if (llvm::verifyModule(*m, &llvm::errs()))
    return emitError(loc, "generated LLVM IR does not verify");

  // O3 for the host.
  {
    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    llvm::PassBuilder pb(tm.get());
    pb.registerModuleAnalyses(mam);
    pb.registerCGSCCAnalyses(cgam);
    pb.registerFunctionAnalyses(fam);
    pb.registerLoopAnalyses(lam);
    pb.crossRegisterProxies(lam, fam, cgam, mam);
    llvm::ModulePassManager mpm =
        pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
    mpm.run(*m, mam);
  }

  std::error_code ec;
  llvm::ToolOutputFile out(objectPath, ec, llvm::sys::fs::OF_None);
  if (ec)
    return emitError(loc, "cannot write ")
           << objectPath << ": " << ec.message();
  llvm::legacy::PassManager codegen;
  if (tm->addPassesToEmitFile(codegen, out.os(), nullptr,
                              llvm::CodeGenFileType::ObjectFile))
    return emitError(loc, "the host target cannot emit object files");
  codegen.run(*m);
  out.keep();
  return success();
}

LogicalResult linkSharedLibrary(Location loc, StringRef objectPath,
                                StringRef soPath, bool openmp) {
  llvm::ErrorOr<std::string> clang =
      llvm::sys::findProgramByName("clang", {"/usr/lib/llvm-22/bin"});
  if (!clang)
    clang = llvm::sys::findProgramByName("clang-22");
  if (!clang)
    return emitError(loc, "cannot find clang (from clang-22) to link the "
                          "artifact; run scripts/setup.sh");
  SmallVector<std::string> args = {*clang, "-shared",    "-fuse-ld=lld",
                                   "-o",   soPath.str(), objectPath.str(),
                                   "-lm"};
  if (openmp) {
    args.push_back("-L/usr/lib/llvm-22/lib");
    args.push_back("-Wl,-rpath,/usr/lib/llvm-22/lib");
    args.push_back("-lomp");
  }
  SmallVector<StringRef> argRefs(args.begin(), args.end());
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(*clang, argRefs, std::nullopt, {}, 0, 0,
                                     &message);
  if (rc != 0)
    return emitError(loc, "linking ")
           << soPath << " failed (" << *clang << " exited with " << rc
           << (message.empty() ? "" : ": ") << message << ")";
  return success();
}

static StringRef dtypeCName(int32_t dtype) {
  switch (dtype) {
  case STRATA_DTYPE_F32:
    return "float";
  case STRATA_DTYPE_F16:
  case STRATA_DTYPE_BF16:
    return "uint16_t";
  case STRATA_DTYPE_I8:
    return "int8_t";
  case STRATA_DTYPE_I32:
    return "int32_t";
  case STRATA_DTYPE_I64:
    return "int64_t";
  case STRATA_DTYPE_F64:
    return "double";
  case STRATA_DTYPE_I16:
    return "int16_t";
  case STRATA_DTYPE_U16:
    return "uint16_t";
  case STRATA_DTYPE_U32:
    return "uint32_t";
  case STRATA_DTYPE_U64:
    return "uint64_t";
  default:
    return "uint8_t";
  }
}

LogicalResult writeHeader(Location loc, const ArtifactInfo &info,
                          StringRef headerPath) {
  std::error_code ec;
  llvm::ToolOutputFile out(headerPath, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return emitError(loc, "cannot write ")
           << headerPath << ": " << ec.message();
  std::string guard =
      "STRATA_MODEL_" + StringRef(info.modelName).upper() + "_H";
  for (char &c : guard)
    if (!llvm::isAlnum(c))
      c = '_';
  llvm::raw_ostream &os = out.os();
  os << "/* Generated by strata-compile: the entry point of model '"
     << info.modelName << "' (target " << info.target << ").\n";
  if (info.target == "cpu")
    os << " * Load the artifact with strata-rt (strata_model_load), or dlopen\n"
       << " * it and call strata_get_artifact()->run(inputs, outputs) with one\n"
       << " * dense row-major buffer per tensor, in this order. */\n";
  else
    os << " * Load the artifact with strata-rt (strata_model_load with device\n"
       << " * '" << info.target << "') and run it with one dense row-major\n"
       << " * tensor per input and output, in this order. */\n";
  os
     << "#ifndef " << guard << "\n#define " << guard << "\n\n"
     << "#include <stdint.h>\n#include \"strata-rt/strata_artifact.h\"\n\n";
  auto list = [&](const std::vector<TensorDesc> &ts, StringRef kind) {
    os << "#define " << guard.substr(0, guard.size() - 2) << "_NUM_"
       << StringRef(kind).upper() << "S " << ts.size() << "\n";
    for (auto [i, t] : llvm::enumerate(ts)) {
      os << "/* " << kind << " " << i << ": '" << t.name << "', "
         << dtypeCName(t.dtype) << "[";
      llvm::interleave(t.dims, os, "][");
      os << "] */\n";
    }
  };
  list(info.inputs, "input");
  list(info.outputs, "output");
  os << "\nconst strata_artifact *strata_get_artifact(void);\n\n#endif\n";
  out.keep();
  return success();
}

/// The artifact's signature, read from the entry at a tensor layer.
FailureOr<ArtifactInfo> describeEntry(func::FuncOp entry) {
  ArtifactInfo info;
  info.entry = entry.getSymName().str();
  info.modelName = entry.getSymName().str();
  auto add = [&](Type t, std::string name,
                 std::vector<TensorDesc> &list) -> LogicalResult {
    auto tensor = dyn_cast<RankedTensorType>(t);
    if (!tensor || !tensor.hasStaticShape())
      return emitError(entry.getLoc(), "entry '")
             << entry.getSymName() << "': " << name << " has type " << t
             << "; artifacts (ABI v1) take ranked tensors of static shape";
    int32_t dtype = getDType(tensor.getElementType());
    if (!dtype)
      return emitError(entry.getLoc(), "entry '")
             << entry.getSymName() << "': " << name
             << " has an element type the runtime cannot describe: "
             << tensor.getElementType();
    list.push_back({name, dtype,
                    std::vector<int64_t>(tensor.getShape().begin(),
                                         tensor.getShape().end())});
    return success();
  };
  for (auto [i, t] : llvm::enumerate(entry.getArgumentTypes())) {
    std::string name = "input" + std::to_string(i);
    if (auto n = entry.getArgAttrOfType<StringAttr>(i, "strata.name"))
      name = n.str();
    if (failed(add(t, name, info.inputs)))
      return failure();
  }
  for (auto [i, t] : llvm::enumerate(entry.getResultTypes())) {
    std::string name = "output" + std::to_string(i);
    if (auto n = entry.getResultAttrOfType<StringAttr>(i, "strata.name"))
      name = n.str();
    if (failed(add(t, name, info.outputs)))
      return failure();
  }
  return info;
}

} // namespace strata::cpu
