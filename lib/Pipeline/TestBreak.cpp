//===- TestBreak.cpp - a pass that breaks the IR on purpose (tests only) --===//
//
// strata-compile --strata-test-break=PHASE:MODE runs this pass after the
// stage that ends at PHASE. The tests of --check-layers use `miscompile` to
// check that the report names the layer and kernel of the broken phase; the
// crash reproducer tests use `fail` and `crash`.
//
//===----------------------------------------------------------------------===//

#include "strata/Pipeline/Pipeline.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace strata::pipeline {
namespace {

struct TestBreakPass
    : public PassWrapper<TestBreakPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TestBreakPass)

  TestBreakPass() = default;
  TestBreakPass(const TestBreakPass &other) : PassWrapper(other) {}
  TestBreakPass(StringRef mode, StringRef phase) {
    this->mode = mode.str();
    this->phase = phase.str();
  }

  StringRef getArgument() const override { return "strata-test-break"; }
  StringRef getName() const override { return "TestBreak"; }
  StringRef getDescription() const override {
    return "Test only: breaks the IR on purpose (fail, crash, miscompile)";
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (mode == "fail") {
      emitError(module.getLoc())
          << "strata-test-break: injected failure after the " << phase
          << " phase";
      return signalPassFailure();
    }
    if (mode == "crash") {
      llvm::errs() << "strata-test-break: crashing after the " << phase
                   << " phase\n";
      LLVM_BUILTIN_TRAP;
    }
    // miscompile: the first floating-point add, in program order.
    static constexpr std::pair<StringLiteral, StringLiteral> kSwaps[] = {
        {"graph.add", "graph.sub"},
        {"arith.addf", "arith.subf"},
        {"llvm.fadd", "llvm.fsub"},
        {"spirv.FAdd", "spirv.FSub"}};
    Operation *victim = nullptr;
    StringRef replacement;
    module.walk<WalkOrder::PreOrder>([&](Operation *op) {
      // Not inside a named linalg op, whose body must stay its own.
      Operation *parent = op->getParentOp();
      if (parent && parent->getName().getDialectNamespace() == "linalg" &&
          parent->getName().getStringRef() != "linalg.generic")
        return WalkResult::advance();
      for (auto [from, to] : kSwaps) {
        if (op->getName().getStringRef() == from &&
            (from != "graph.add" ||
             isa<FloatType>(getElementTypeOrSelf(op->getResult(0))))) {
          victim = op;
          replacement = to;
          return WalkResult::interrupt();
        }
      }
      return WalkResult::advance();
    });
    if (!victim) {
      emitError(module.getLoc())
          << "strata-test-break: no floating-point add to "
             "break after the "
          << phase << " phase";
      return signalPassFailure();
    }
    OpBuilder b(victim);
    OperationState state(victim->getLoc(), replacement);
    state.addOperands(victim->getOperands());
    state.addTypes(victim->getResultTypes());
    state.addAttributes(victim->getAttrs());
    Operation *broken = b.create(state);
    victim->replaceAllUsesWith(broken);
    victim->erase();
  }

  // Options, so that a crash reproducer's pipeline names them.
  Option<std::string> mode{*this, "mode",
                           llvm::cl::desc("fail, crash or miscompile"),
                           llvm::cl::init("fail")};
  Option<std::string> phase{*this, "phase",
                            llvm::cl::desc("the phase it runs after (for "
                                           "messages)"),
                            llvm::cl::init("?")};
};

} // namespace

void registerTestBreakPass() { PassRegistration<TestBreakPass>(); }

std::unique_ptr<Pass> createTestBreakPass(StringRef mode, StringRef phase) {
  return std::make_unique<TestBreakPass>(mode, phase);
}

bool parseTestBreak(StringRef spec, Options &options, std::string &error) {
  auto [phaseName, mode] = spec.split(':');
  std::optional<Phase> phase = parsePhase(phaseName);
  if (!phase || *phase < Phase::Graph || *phase > Phase::Target) {
    error = "--strata-test-break: the phase must be graph, tile, kernel or "
            "target, got '" +
            phaseName.str() + "'";
    return false;
  }
  if (mode != "fail" && mode != "crash" && mode != "miscompile") {
    error = "--strata-test-break: the mode must be fail, crash or "
            "miscompile, got '" +
            mode.str() + "'";
    return false;
  }
  options.testBreakPhase = phase;
  options.testBreakMode = mode.str();
  return true;
}

} // namespace strata::pipeline
