//===- strata-import-onnx.cpp - ONNX model -> graph-dialect MLIR ----------===//
//
// strata-import-onnx model.onnx [-o out.mlir]: runs only the Import phase and
// prints the graph IR as imported (no graph cleanup), for tests and for
// looking at what the importer made of a model. --list-ops prints the ONNX
// ops it maps.
//
//===----------------------------------------------------------------------===//

#include "strata/Import/ONNX/ONNXImporter.h"
#include "strata/InitAll.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
namespace cl = llvm::cl;

static cl::OptionCategory category("strata-import-onnx options");
static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.onnx>"),
                                      cl::cat(category));
static cl::opt<std::string> outputFile("o", cl::desc("Output file"),
                                       cl::value_desc("path"), cl::init("-"),
                                       cl::cat(category));
static cl::list<std::string>
    inputShapes("input-shape",
                cl::desc("Static shape for a graph input: NAME:1x3x224x224"),
                cl::value_desc("NAME:DIMS"), cl::cat(category));
static cl::opt<uint64_t> maxInitializerBytes(
    "max-initializer-bytes",
    cl::desc("Largest tensor (bytes) the importer materializes (default 4 "
             "GiB)"),
    cl::init(uint64_t(4) << 30), cl::cat(category));
static cl::opt<std::string>
    checker("onnx-checker",
            cl::desc("Run libonnx's checker: auto (default), always, never"),
            cl::init("auto"), cl::cat(category));
static cl::opt<bool> requireStatic(
    "require-static-inputs",
    cl::desc("Refuse graph inputs with dynamic dims (as strata-compile does)"),
    cl::cat(category));
static cl::opt<bool> listOps("list-ops",
                             cl::desc("Print the ONNX ops the importer maps"),
                             cl::cat(category));

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  cl::HideUnrelatedOptions({&category});
  cl::ParseCommandLineOptions(argc, argv,
                              "strata-import-onnx: ONNX model -> graph IR\n");
  if (listOps) {
    for (const std::string &op : strata::onnx::describeSupportedOps())
      llvm::outs() << op << "\n";
    return 0;
  }
  if (inputFile.empty()) {
    llvm::errs() << "strata-import-onnx: error: no model given\n";
    return 1;
  }
  strata::onnx::ImportOptions options;
  options.maxTensorBytes = maxInitializerBytes;
  options.requireStaticInputs = requireStatic;
  if (checker == "always")
    options.checker = strata::onnx::CheckerMode::Always;
  else if (checker == "never")
    options.checker = strata::onnx::CheckerMode::Never;
  else if (checker != "auto") {
    llvm::errs() << "strata-import-onnx: error: --onnx-checker must be auto, "
                    "always or never\n";
    return 1;
  }
  for (const std::string &spec : inputShapes) {
    std::string error;
    if (!strata::onnx::parseInputShape(spec, options, error)) {
      llvm::errs() << "strata-import-onnx: error: " << error << "\n";
      return 1;
    }
  }

  DialectRegistry registry;
  strata::registerAllDialects(registry);
  MLIRContext context(registry);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  strata::onnx::NodeDiagnosticHandler nodeHandler(&context);
  OwningOpRef<ModuleOp> module =
      strata::onnx::importModel(inputFile, context, options);
  if (!module)
    return 1;
  std::string error;
  auto out = openOutputFile(outputFile, &error);
  if (!out) {
    llvm::errs() << "strata-import-onnx: error: " << error << "\n";
    return 1;
  }
  module->print(out->os());
  out->keep();
  return 0;
}
