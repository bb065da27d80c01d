//===- strata-compile.cpp - ahead-of-time compiler driver -----------------===//
//
// strata-compile MODEL --target=cpu -o model.so: runs a model down the map
// (graph -> tile -> kernel -> target), checks every contract at its
// boundary, and packages the result as one shared library plus a C header.
// --emit stops at any layer; --dump-layers writes the IR at each boundary.
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/KernelToROCDL/Passes.h"
#include "strata/Debug/Debug.h"
#include "strata/Import/ONNX/ONNXImporter.h"
#include "strata/InitAll.h"
#include "strata/Pipeline/Pipeline.h"
#include "strata/Target/CPU/CPUTarget.h"
#include "strata/Target/CUDA/CUDATarget.h"
#include "strata/Target/ROCm/ROCmTarget.h"
#include "strata/Target/Vulkan/VulkanTarget.h"

#include "dialects/Kernel/IR/KernelDialect.h"
#include "dialects/Tile/IR/TileDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

#include <chrono>

using namespace mlir;
namespace cl = llvm::cl;
namespace sp = strata::pipeline;

static cl::OptionCategory category("strata-compile options");

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model>"),
                                      cl::cat(category));
static cl::opt<std::string> outputFile("o", cl::desc("Output file"),
                                       cl::value_desc("path"),
                                       cl::cat(category));
static cl::opt<std::string>
    target("target", cl::desc("Target: cpu (default), vulkan, cuda or rocm"),
           cl::init("cpu"), cl::cat(category));
static cl::opt<std::string>
    cudaArch("cuda-arch",
             cl::desc("cuda: the GPU architecture, sm_80 (default), sm_86, "
                      "sm_89, sm_90 or sm_90a"),
             cl::init("sm_80"));
static cl::opt<std::string>
    rocmChip("rocm-chip",
             cl::desc("rocm target: the AMD chip, gfx90a, gfx942 (default), "
                      "gfx1030 or gfx1100"),
             cl::init("gfx942"), cl::cat(category));
static cl::opt<std::string>
    emit("emit",
         cl::desc("Stop after a layer: graph, tile, kernel, target (IR), obj "
                  "(object file; vulkan: the SPIR-V binary; rocm: the HSACO) "
                  "or artifact "
                  "(default: shared library)"),
         cl::init("artifact"), cl::cat(category));
static cl::opt<std::string>
    compileFrom("compile-from",
                cl::desc("Layer of the input IR: graph (default), tile or "
                         "kernel"),
                cl::init("graph"), cl::cat(category));
static cl::opt<std::string>
    dumpLayers("dump-layers",
               cl::desc("Write the IR at every layer boundary into DIR"),
               cl::value_desc("DIR"), cl::cat(category));
static cl::opt<bool>
    explain("explain",
            cl::desc("Print the model's path through the map: per layer its "
                     "ops, kernels and tile configurations, the grids, the "
                     "phase times and the artifact"),
            cl::cat(category));
static cl::opt<bool> timing("timing",
                            cl::desc("Print one line of per-phase times"),
                            cl::cat(category));
static cl::opt<bool> noVerifyContracts(
    "no-verify-contracts",
    cl::desc("Do not check the layer contracts at the boundaries"),
    cl::cat(category));
static cl::opt<bool> noThreads("no-threads",
                               cl::desc("CPU: run workgroups on one thread"),
                               cl::cat(category));
static cl::opt<std::string>
    entryName("entry",
              cl::desc("Entry function (default: the only public "
                       "function)"),
              cl::cat(category));

static cl::opt<std::string> crashReproducer(
    "crash-reproducer",
    cl::desc("Where a failing or crashing phase writes its reproducer "
             "(default: a file in the temporary directory, named on failure; "
             "re-run it with --reproduce)"),
    cl::value_desc("FILE"), cl::cat(category));
static cl::opt<bool> noCrashReproducer(
    "no-crash-reproducer",
    cl::desc("Do not write a reproducer when a phase fails or crashes"),
    cl::cat(category));
static cl::opt<std::string> reproduce(
    "reproduce",
    cl::desc("Re-run a reproducer written by a failed compilation (the "
             "pipeline it names, on the IR it holds); the result goes to -o"),
    cl::value_desc("FILE"), cl::cat(category));
static cl::opt<std::string> testBreak(
    "strata-test-break",
    cl::desc("Test only: break the IR after a phase, PHASE:fail|crash|"
             "miscompile"),
    cl::value_desc("PHASE:MODE"), cl::Hidden, cl::cat(category));

static cl::opt<bool> checkLayers(
    "check-layers",
    cl::desc("Run the same inputs through the program at every layer that "
             "runs on the CPU (graph reference, tile, kernel, target) and "
             "name the first layer, kernel and op whose results diverge"),
    cl::cat(category));
static cl::opt<std::string> checkLayersDir(
    "check-layers-dir",
    cl::desc("--check-layers: where the per-layer artifacts and IR and the "
             "diverging kernel's IR go (default: MODEL.check-layers)"),
    cl::value_desc("DIR"), cl::cat(category));
static cl::list<std::string>
    checkInputs("input",
                cl::desc("--check-layers: an input .npy, in the entry's "
                         "order (default: random inputs)"),
                cl::value_desc("FILE.npy"), cl::cat(category));
static cl::opt<uint64_t>
    checkSeed("seed", cl::desc("--check-layers: seed of the random inputs"),
              cl::init(1), cl::cat(category));
static cl::opt<std::string> dumpGraph(
    "dump-graph",
    cl::desc("Draw the graph layer with its fusion groups as clusters: "
             "FILE.dot (Graphviz) or FILE.svg (rendered with Graphviz's dot)"),
    cl::value_desc("FILE"), cl::cat(category));

static cl::list<std::string> inputShapes(
    "input-shape",
    cl::desc("ONNX: static shape for a graph input, NAME:1x3x224x224 "
             "(artifacts need static shapes)"),
    cl::value_desc("NAME:DIMS"), cl::cat(category));
static cl::opt<uint64_t> maxInitializerBytes(
    "max-initializer-bytes",
    cl::desc("ONNX: largest tensor in bytes the importer will materialize "
             "(default 4 GiB)"),
    cl::init(uint64_t(4) << 30), cl::cat(category));

namespace {

/// One paragraph of --explain for the IR at `phase`.
std::string explainLayer(ModuleOp module, sp::Phase phase) {
  std::string text;
  llvm::raw_string_ostream os(text);
  switch (phase) {
  case sp::Phase::Graph: {
    llvm::MapVector<StringRef, unsigned> counts;
    unsigned total = 0;
    module.walk([&](Operation *op) {
      if (op->getName().getDialectNamespace() == "graph") {
        ++counts[op->getName().stripDialect()];
        ++total;
      }
    });
    os << "  graph:  " << total << " graph ops (";
    llvm::interleaveComma(
        counts, os, [&](auto &kv) { os << kv.first << " " << kv.second; });
    os << ")\n";
    break;
  }
  case sp::Phase::Tile: {
    SmallVector<strata::tile::KernelOp> kernels;
    module.walk([&](strata::tile::KernelOp k) { kernels.push_back(k); });
    os << "  tile:   " << kernels.size() << " kernels (fusion groups)\n";
    for (strata::tile::KernelOp k : kernels) {
      unsigned ops = 0;
      k.getBodyBlock().walk([&](Operation *op) {
        ops += isa<linalg::LinalgOp>(op) || isa<tensor::PadOp>(op);
      });
      os << "          " << k.getSymName() << ": " << ops
         << " linalg ops, config ";
      if (auto c = k.getConfigAttr())
        os << Attribute(c);
      else
        os << "(none)";
      os << "\n";
    }
    break;
  }
  case sp::Phase::Kernel: {
    unsigned funcs = 0;
    module.walk([&](strata::kernel::FuncOp) { ++funcs; });
    SmallVector<strata::kernel::LaunchOp> launches;
    module.walk([&](strata::kernel::LaunchOp l) { launches.push_back(l); });
    os << "  kernel: " << funcs << " kernel.func, " << launches.size()
       << " launches in order\n";
    for (strata::kernel::LaunchOp l : launches) {
      auto grid = [](Value v) -> std::string {
        if (auto c = v.getDefiningOp<arith::ConstantIndexOp>())
          return std::to_string(c.value());
        return "?";
      };
      os << "          " << l.getKernel() << " grid (" << grid(l.getGridX())
         << ", " << grid(l.getGridY()) << ", " << grid(l.getGridZ()) << ")\n";
    }
    break;
  }
  case sp::Phase::Target: {
    unsigned funcs = 0, shaders = 0;
    module.walk([&](LLVM::LLVMFuncOp f) { funcs += !f.isExternal(); });
    module.walk([&](spirv::EntryPointOp) { ++shaders; });
    if (shaders)
      os << "  target: " << shaders
         << " SPIR-V compute entry points in one spirv.module\n";
    else
      os << "  target: " << funcs << " LLVM functions\n";
    break;
  }
  default:
    break;
  }
  return text;
}

/// Finds the entry function: --entry, else the only public func.func.
func::FuncOp findEntry(ModuleOp module) {
  func::FuncOp found;
  for (auto f : module.getOps<func::FuncOp>()) {
    if (!entryName.empty()) {
      if (f.getSymName() == entryName)
        return f;
      continue;
    }
    if (f.isPublic() && !f.isExternal()) {
      if (found) {
        emitError(module.getLoc(), "several public functions (")
            << found.getSymName() << ", " << f.getSymName()
            << "); choose one with --entry";
        return {};
      }
      found = f;
    }
  }
  if (!found)
    emitError(module.getLoc(), "no entry function")
        << (entryName.empty() ? std::string() : " named '" + entryName + "'");
  return found;
}

LogicalResult writeIR(ModuleOp module, StringRef path) {
  std::string error;
  auto out = openOutputFile(path, &error);
  if (!out)
    return emitError(module.getLoc(), error);
  module.print(out->os());
  out->keep();
  return success();
}

/// The crash reproducer file for one phase: --crash-reproducer, else a
/// file in the temporary directory named after the model, process and phase.
std::string reproducerPath(sp::Phase phase) {
  if (!crashReproducer.empty())
    return crashReproducer;
  SmallString<256> path;
  llvm::sys::path::system_temp_directory(/*erasedOnReboot=*/true, path);
  llvm::sys::path::append(
      path, "strata-reproducer-" + llvm::sys::path::stem(inputFile).str() +
                "-" + std::to_string(llvm::sys::Process::getProcessId()) + "-" +
                sp::getPhaseName(phase).str() + ".mlir");
  return path.str().str();
}

/// --reproduce=FILE: parses a reproducer (IR plus the pipeline in its
/// `mlir_reproducer` resource) and runs that pipeline on it.
int runReproducer(MLIRContext &context, StringRef path, StringRef out) {
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  std::string error;
  auto file = openInputFile(path, &error);
  if (!file) {
    llvm::errs() << "strata-compile: error: " << error << "\n";
    return 1;
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  PassReproducerOptions reproducer;
  ParserConfig config(&context);
  reproducer.attachResourceParser(config);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, config);
  if (!module)
    return 1;
  PassManager pm(&context);
  if (failed(reproducer.apply(pm)) || pm.size() == 0) {
    llvm::errs() << "strata-compile: error: " << path
                 << " is not a reproducer (it names no pipeline in its "
                    "'mlir_reproducer' resource)\n";
    return 1;
  }
  if (failed(pm.run(*module))) {
    llvm::errs() << "strata-compile: error: the reproducer's pipeline "
                    "failed again (see the diagnostics above)\n";
    return 1;
  }
  if (failed(writeIR(*module, out.empty() ? "-" : out)))
    return 1;
  llvm::errs() << "strata-compile: the reproducer's pipeline ran without "
                  "failure\n";
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // Passes are registered so that --mlir-print-ir-after=<pass> and crash
  // reproducers can name them.
  strata::registerAllPasses();
  sp::registerTestBreakPass();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  registerAsmPrinterCLOptions();
  cl::HideUnrelatedOptions({&category});
  cl::ParseCommandLineOptions(
      argc, argv,
      "strata-compile: compile a model down the Strata layers into an "
      "artifact\n\n  strata-compile model.mlir --target=cpu -o model.so\n\n"
      "The standard MLIR flags are accepted as well (hidden here; strata-opt\n"
      "--help lists them): --mlir-print-ir-after-all, --mlir-timing,\n"
      "--mlir-pass-pipeline-crash-reproducer=FILE, ...\n");

  DialectRegistry registry;
  strata::registerAllDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  auto fail = [](const Twine &msg) {
    llvm::errs() << "strata-compile: error: " << msg << "\n";
    return 1;
  };

  if (!reproduce.empty())
    return runReproducer(context, reproduce, outputFile);
  if (inputFile.empty())
    return fail("no model given (strata-compile MODEL --target=cpu -o "
                "model.so; --help lists the options)");

  // ONNX models enter through the importer (the Import phase), then go down
  // the map from the graph layer like graph-dialect MLIR.
  bool isOnnx = StringRef(inputFile).ends_with(".onnx");
  strata::onnx::ImportOptions importOptions;
  if (isOnnx) {
    if (compileFrom != "graph")
      return fail("an ONNX model enters at the graph layer; drop "
                  "--compile-from=" +
                  compileFrom);
    importOptions.maxTensorBytes = maxInitializerBytes;
    importOptions.requireStaticInputs = emit == "artifact" || emit == "obj";
    for (const std::string &spec : inputShapes) {
      std::string error;
      if (!strata::onnx::parseInputShape(spec, importOptions, error))
        return fail(error);
    }
  }
  if (!sp::lookupTarget(target)) {
    std::string known;
    llvm::raw_string_ostream names(known);
    llvm::interleaveComma(sp::getTargetNames(), names);
    return fail("unknown target '" + target + "' (this build has: " + known +
                ")");
  }
  std::optional<sp::Phase> from = sp::parsePhase(compileFrom);
  if (!from || *from < sp::Phase::Graph || *from > sp::Phase::Kernel)
    return fail("--compile-from must be graph, tile or kernel, got '" +
                compileFrom + "'");
  bool emitObj = emit == "obj", emitArtifact = emit == "artifact";
  std::optional<sp::Phase> stop = sp::parsePhase(emit);
  if (!emitObj && !emitArtifact &&
      (!stop || *stop < sp::Phase::Graph || *stop > sp::Phase::Target))
    return fail("--emit must be graph, tile, kernel, target, obj or "
                "artifact, got '" +
                emit + "'");
  if (emitObj || emitArtifact)
    stop = sp::Phase::Target;
  if (*stop < *from)
    return fail("--emit=" + emit +
                " is above the input layer --compile-from=" + compileFrom);

  // Parse (or import).
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  // Diagnostics at ONNX nodes name the node, in every layer.
  std::optional<strata::onnx::NodeDiagnosticHandler> nodeHandler;
  if (isOnnx)
    nodeHandler.emplace(&context);
  OwningOpRef<ModuleOp> module;
  if (isOnnx) {
    module = strata::onnx::importModel(inputFile, context, importOptions);
  } else {
    std::string error;
    auto file = openInputFile(inputFile, &error);
    if (!file)
      return fail(error);
    sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  }
  if (!module)
    return 1;

  func::FuncOp entry = findEntry(*module);
  if (!entry)
    return 1;
  std::optional<strata::cpu::ArtifactInfo> info;
  // The device binary alone (--emit=obj: vulkan SPIR-V, cuda PTX, rocm
  // HSACO) needs no entry signature, so kernel IR may go straight to it.
  bool spirvOnly = emitObj && (target == "vulkan" || target == "cuda" ||
                               target == "rocm");
  if ((emitArtifact || emitObj) && !spirvOnly) {
    if (*from == sp::Phase::Kernel)
      return fail("artifacts need the entry's tensor signature; compile from "
                  "the graph or tile layer");
  }

  sp::Options options;
  options.cpuThreads = !noThreads;
  options.rocmChip = rocmChip;
  if (target == "rocm" && !strata::isSupportedRocmChip(rocmChip))
    return fail("unknown --rocm-chip '" + rocmChip +
                "'; expected gfx90a, gfx942, gfx1030 or gfx1100");
  if (!testBreak.empty()) {
    std::string error;
    if (!sp::parseTestBreak(testBreak, options, error))
      return fail(error);
  }
  options.target = target;
  options.verifyContracts = !noVerifyContracts;
  if (!sp::cudaPtxFeatures(cudaArch))
    return fail("unknown --cuda-arch '" + cudaArch +
                "' (expected sm_80, sm_86, sm_89, sm_90 or sm_90a)");
  options.cudaArch = cudaArch;

  if (checkLayers) {
    if (*from != sp::Phase::Graph)
      return fail("--check-layers starts from the graph layer; drop "
                  "--compile-from=" +
                  compileFrom);
    strata::debug::CheckLayersOptions check;
    check.pipeline = options;
    check.reportDir =
        checkLayersDir.empty()
            ? llvm::sys::path::stem(inputFile).str() + ".check-layers"
            : checkLayersDir.getValue();
    check.inputs = checkInputs;
    check.seed = checkSeed;
    return strata::debug::checkLayers(*module, entry.getSymName(), check,
                                      llvm::outs());
  }

  if (!dumpLayers.empty()) {
    if (std::error_code ec = llvm::sys::fs::create_directories(dumpLayers))
      return fail("cannot create " + dumpLayers + ": " + ec.message());
  }
  auto dump = [&](sp::Phase phase) -> LogicalResult {
    if (dumpLayers.empty())
      return success();
    SmallString<128> path(dumpLayers);
    llvm::sys::path::append(path, std::to_string(static_cast<int>(phase)) +
                                      "-" + sp::getPhaseName(phase).str() +
                                      ".mlir");
    return writeIR(*module, path);
  };

  // Run the stages one phase at a time, so each boundary can be dumped and
  // timed.
  SmallVector<std::pair<StringRef, double>> times;
  // Graph input first goes through the graph phase's own cleanup (shape
  // inference, canonicalization); IR entering lower is taken as it is.
  int first = *from == sp::Phase::Graph ? static_cast<int>(sp::Phase::Graph)
                                        : static_cast<int>(*from) + 1;
  if (*from != sp::Phase::Graph && failed(dump(*from)))
    return 1;
  bool wantSignature = (emitArtifact || emitObj) && !spirvOnly;
  auto describe = [&]() -> LogicalResult {
    func::FuncOp f = findEntry(*module);
    if (!f)
      return failure();
    auto described = strata::cpu::describeEntry(f);
    if (failed(described))
      return failure();
    info = *described;
    return success();
  };
  if (*from == sp::Phase::Tile && wantSignature && failed(describe()))
    return 1;
  std::string explanation;
  for (int p = first; p <= static_cast<int>(*stop); ++p) {
    auto phase = static_cast<sp::Phase>(p);
    PassManager pm(&context);
    // Reproducers are on by default; --mlir-pass-pipeline-crash-reproducer
    // (applied next) still wins.
    if (!noCrashReproducer)
      pm.enableCrashReproducerGeneration(reproducerPath(phase));
    if (failed(applyPassManagerCLOptions(pm)))
      return 1;
    applyDefaultTimingPassManagerCLOptions(pm);
    if (failed(sp::buildPipeline(pm, static_cast<sp::Phase>(p - 1), phase,
                                 options)))
      return fail("cannot build the pipeline for target " + target);
    auto start = std::chrono::steady_clock::now();
    if (failed(pm.run(*module))) {
      llvm::errs() << "strata-compile: error: the " << sp::getPhaseName(phase)
                   << " phase failed (see the diagnostics above)\n";
      return 1;
    }
    times.push_back(
        {sp::getPhaseName(phase), std::chrono::duration<double, std::milli>(
                                      std::chrono::steady_clock::now() - start)
                                      .count()});
    if (failed(dump(phase)))
      return 1;
    if (explain)
      explanation += explainLayer(*module, phase);
    if (phase == sp::Phase::Graph && !dumpGraph.empty()) {
      func::FuncOp f = findEntry(*module);
      if (!f || failed(strata::debug::dumpGraph(*module, f.getSymName(),
                                                dumpGraph, options)))
        return 1;
    }
    // The artifact's signature is the entry's at the graph layer, after
    // the graph cleanup (which may refine it).
    if (phase == sp::Phase::Graph && wantSignature && failed(describe()))
      return 1;
  }
  if (wantSignature && !info)
    return fail("internal error: the entry's signature was not recorded");

  std::string out = outputFile;
  // A device artifact's program, for --explain.
  std::optional<strata::device::DeviceProgram> deviceProgram;
  if (!emitObj && !emitArtifact) {
    if (out.empty())
      out = "-";
    if (failed(writeIR(*module, out)))
      return 1;
  } else {
    if (out.empty())
      out = spirvOnly
                ? entry.getSymName().str() + (target == "cuda"   ? ".ptx"
                                              : target == "rocm" ? ".hsaco"
                                                                 : ".spv")
                : info->modelName + (emitObj ? ".o" : ".so");
    auto start = std::chrono::steady_clock::now();
    std::string obj = emitObj ? out : out + ".o";
    if (target == "vulkan") {
      if (emitObj) {
        FailureOr<std::vector<uint32_t>> spirv =
            strata::vulkan::serializeKernels(*module);
        if (failed(spirv) ||
            failed(strata::vulkan::writeBinary(module->getLoc(), *spirv, out)))
          return 1;
      } else {
        info->target = "vulkan";
        FailureOr<strata::vulkan::DeviceProgram> program =
            strata::vulkan::buildProgram(*module, *info);
        if (failed(program) || failed(strata::vulkan::writeArtifact(
                                   module->getLoc(), *info, *program, out)))
          return 1;
        deviceProgram = *program;
        SmallString<128> header(out);
        llvm::sys::path::replace_extension(header, ".h");
        if (failed(strata::cpu::writeHeader(module->getLoc(), *info, header)))
          return 1;
      }
    } else if (target == "cuda") {
      if (emitObj) {
        std::string arch;
        FailureOr<std::string> ptx =
            strata::cuda::translateToPTX(*module, arch);
        if (failed(ptx) || failed(strata::device::writeBinary(
                               module->getLoc(),
                               ArrayRef<char>(ptx->data(), ptx->size()), out)))
          return 1;
      } else {
        info->target = "cuda";
        FailureOr<strata::device::DeviceProgram> program =
            strata::cuda::buildProgram(*module, *info);
        if (failed(program) ||
            failed(strata::device::writeArtifact(module->getLoc(), *info,
                                                 *program, "cuda", out)))
          return 1;
        deviceProgram = *program;
        SmallString<128> header(out);
        llvm::sys::path::replace_extension(header, ".h");
        if (failed(strata::cpu::writeHeader(module->getLoc(), *info, header)))
          return 1;
      }
    } else if (target == "rocm") {
      if (emitObj) {
        FailureOr<std::string> hsaco =
            strata::rocm::serializeKernels(*module, rocmChip);
        if (failed(hsaco) ||
            failed(strata::rocm::writeBinary(module->getLoc(), *hsaco, out)))
          return 1;
      } else {
        info->target = "rocm";
        FailureOr<strata::device::DeviceProgram> program =
            strata::rocm::buildProgram(*module, *info, rocmChip);
        if (failed(program) ||
            failed(strata::device::writeArtifact(module->getLoc(), *info,
                                                 *program, "rocm", out)))
          return 1;
        deviceProgram = *program;
        SmallString<128> header(out);
        llvm::sys::path::replace_extension(header, ".h");
        if (failed(strata::cpu::writeHeader(module->getLoc(), *info, header)))
          return 1;
      }
    } else if (failed(strata::cpu::emitObject(*module, *info, obj))) {
      return 1;
    } else if (emitArtifact) {
      if (failed(strata::cpu::linkSharedLibrary(module->getLoc(), obj, out,
                                                options.cpuThreads)))
        return 1;
      llvm::sys::fs::remove(obj);
      SmallString<128> header(out);
      llvm::sys::path::replace_extension(header, ".h");
      if (failed(strata::cpu::writeHeader(module->getLoc(), *info, header)))
        return 1;
    }
    times.push_back({"artifact", std::chrono::duration<double, std::milli>(
                                     std::chrono::steady_clock::now() - start)
                                     .count()});
  }
  if (explain) {
    // Stdout, unless the IR went there.
    llvm::raw_ostream &os = out == "-" ? llvm::errs() : llvm::outs();
    os << "strata-compile --explain: " << inputFile << " -> " << out
       << " (target " << target << ")\n"
       << explanation;
    if (emitArtifact || emitObj) {
      uint64_t size = 0;
      llvm::sys::fs::file_size(out, size);
      os << "  artifact: " << out << ", " << size << " bytes, exports ";
      if (!emitArtifact)
        os << "(object file)";
      else if (deviceProgram)
        os << "strata_get_artifact (ABI " << deviceProgram->abiVersion()
           << ", device section: " << deviceProgram->format << ", "
           << deviceProgram->binary.size() << " bytes)";
      else
        os << "strata_get_artifact (ABI 1)";
      os << "\n";
      // The device kernels as launched: block size, dynamic shared memory,
      // and the TMA tensor maps the runtime makes at load.
      if (deviceProgram) {
        for (const strata::device::DeviceProgram::Kernel &k :
             deviceProgram->kernels) {
          os << "          kernel " << k.entry << ": block ("
             << k.workgroupSize[0] << ", " << k.workgroupSize[1] << ", "
             << k.workgroupSize[2] << "), " << k.numBindings << " bindings";
          if (k.dynamicSharedBytes)
            os << ", " << k.dynamicSharedBytes << " bytes of dynamic shared "
               << "memory";
          os << "\n";
        }
        static constexpr const char *kSwizzles[] = {"none", "32B", "64B",
                                                    "128B"};
        for (auto [i, m] : llvm::enumerate(deviceProgram->tensorMaps)) {
          os << "          tensor map " << i << ": buffer " << m.buffer << " [";
          llvm::interleave(m.dims, os, "x");
          os << "], box [";
          llvm::interleave(m.box, os, "x");
          os << "], swizzle "
             << (m.swizzle >= 0 && m.swizzle < 4 ? kSwizzles[m.swizzle] : "?")
             << "\n";
        }
      }
      auto list = [&](StringRef kind,
                      const std::vector<strata::cpu::TensorDesc> &ts) {
        for (auto [i, t] : llvm::enumerate(ts)) {
          os << "          " << kind << " " << i << " '" << t.name << "' [";
          llvm::interleave(t.dims, os, "x");
          static constexpr const char *kNames[] = {
              "?",          "f32",    "f16",        "bf16",     "i8",
              "i32",        "i64",    "bool",       "f64",      "i16",
              "u8",         "u16",    "u32",        "u64",      "f8e4m3fn",
              "f8e4m3fnuz", "f8e5m2", "f8e5m2fnuz", "f4e2m1fn", "f8e8m0fnu",
              "i4",         "u4",     "i2",         "u2"};
          os << "] "
             << (t.dtype > 0 && t.dtype < int32_t(std::size(kNames))
                     ? kNames[t.dtype]
                     : "other")
             << "\n";
        }
      };
      if (info) {
        list("input", info->inputs);
        list("output", info->outputs);
      }
    }
    os << "  phase times:";
    for (auto [name, ms] : times)
      os << " " << name << " " << llvm::format("%.1f", ms) << " ms";
    os << "\n";
  }
  if (timing) {
    double total = 0;
    llvm::errs() << "strata-compile: timing:";
    for (auto [name, ms] : times) {
      llvm::errs() << " " << name << " " << llvm::format("%.1f", ms) << " ms,";
      total += ms;
    }
    llvm::errs() << " total " << llvm::format("%.1f", total) << " ms\n";
  }
  return 0;
}
