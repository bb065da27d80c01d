//===- KernelContract.cpp - the kernel-to-target contract -----------------===//
//
// What the kernel layer (L3) gives every target: SPMD kernels over buffers
// and host functions that allocate and launch, with no tensors left and a
// known memory space for every buffer.
//
//===----------------------------------------------------------------------===//

#include "strata/Contract/Contract.h"
#include "strata/Contract/RuleHelpers.h"

#include "dialects/Kernel/IR/KernelDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

#include <vector>

using namespace mlir;

namespace strata::contract {

static std::optional<std::string> moduleOps(Operation *op) {
  if (!op->getParentOp() || !isa<ModuleOp>(op->getParentOp()))
    return std::nullopt;
  if (isOneOf(op, {"func.func", "kernel.func", "memref.global"}))
    return std::nullopt;
  return "the module holds only func.func (host), kernel.func and "
         "memref.global, found '" +
         op->getName().getStringRef().str() + "'";
}

static std::optional<std::string> noUpperLayers(Operation *op) {
  if (inDialects(op, {"graph", "tile", "bufferization"}))
    return std::string("ops of upper layers must be lowered");
  return std::nullopt;
}

static std::optional<std::string> noTensors(Operation *op) {
  if (auto t = findType(op, [](Type t) { return isa<TensorType>(t); }))
    return "tensor type " + typeToString(*t) + " left after bufferization";
  return std::nullopt;
}

static std::optional<std::string> hostOps(Operation *op) {
  if (!directlyIn(op, "func.func"))
    return std::nullopt;
  if (isOneOf(op, {"memref.alloc", "memref.dealloc", "memref.get_global",
                   "memref.copy", "memref.collapse_shape",
                   "memref.expand_shape", "memref.cast",
                   "memref.reinterpret_cast", "kernel.launch",
                   "arith.constant", "func.return"}))
    return std::nullopt;
  return "host functions allocate, copy, reshape buffers and launch kernels "
         "only, found '" +
         op->getName().getStringRef().str() + "'";
}

static std::optional<std::string> kernelBody(Operation *op) {
  auto k = op->getParentOfType<kernel::FuncOp>();
  if (!k || inDialects(op, {"arith", "math", "memref", "scf", "vector",
                            "linalg", "affine", "kernel", "ub"}))
    return std::nullopt;
  return "kernel bodies hold arith, math, memref, scf, vector, linalg, "
         "affine and kernel ops only, found '" +
         op->getName().getStringRef().str() + "' in kernel '" +
         k.getSymName().str() + "'";
}

static std::optional<std::string> memorySpaces(Operation *op) {
  auto bad = [](Type t) {
    auto m = dyn_cast<BaseMemRefType>(t);
    if (!m)
      return false;
    Attribute space = m.getMemorySpace();
    return space && !isa<kernel::MemorySpaceAttr>(space);
  };
  if (auto t = findType(op, bad))
    return "buffer " + typeToString(*t) +
           " has a memory space other than #kernel.memory_space (none means "
           "global)";
  return std::nullopt;
}

static std::optional<std::string> hostGrid(Operation *op) {
  auto launch = dyn_cast<kernel::LaunchOp>(op);
  if (!launch)
    return std::nullopt;
  for (Value v : {launch.getGridX(), launch.getGridY(), launch.getGridZ()}) {
    Operation *def = v.getDefiningOp();
    if (!def || !isa<arith::ConstantOp>(def))
      return std::string(
          "grid sizes are constants computed on the host (v1: static grids)");
  }
  return std::nullopt;
}

static const Rule kKernelRules[] = {
    {"module-ops",
     "The module holds host `func.func`s, `kernel.func`s and `memref.global` "
     "constants only.",
     moduleOps},
    {"no-upper-layers", "No `graph`, `tile` or `bufferization` op is left.",
     noUpperLayers},
    {"no-tensors", "No value has a tensor type.", noTensors},
    {"host-ops",
     "Host functions only allocate, copy and reshape buffers, get constants, "
     "launch kernels and return.",
     hostOps},
    {"kernel-body",
     "Kernel bodies hold `arith`, `math`, `memref`, `scf`, `vector`, "
     "`linalg` (on buffers), `affine` and `kernel` ops only.",
     kernelBody},
    {"memory-spaces",
     "Every buffer is global (no memory space) or has a "
     "`#kernel.memory_space`.",
     memorySpaces},
    {"host-grid", "Every launch's grid is a set of host constants.",
     hostGrid},
};

/// Device targets run the host schedule as a launch plan without host
/// code: views and copies must cover whole buffers.
static std::optional<std::string> wholeBuffers(Operation *op) {
  if (!directlyIn(op, "func.func") ||
      !isOneOf(op, {"memref.copy", "memref.collapse_shape",
                    "memref.expand_shape", "memref.cast",
                    "memref.reinterpret_cast"}))
    return std::nullopt;
  auto whole = [](Type t) {
    auto m = dyn_cast<MemRefType>(t);
    return m && m.hasStaticShape() && m.getLayout().isIdentity();
  };
  bool ok = llvm::all_of(op->getOperandTypes(), whole) &&
            llvm::all_of(op->getResultTypes(), whole);
  if (auto rc = dyn_cast<memref::ReinterpretCastOp>(op))
    ok = ok && llvm::all_of(rc.getStaticOffsets(),
                            [](int64_t o) { return o == 0; });
  if (ok)
    return std::nullopt;
  return "device targets run the host schedule as a launch plan: views and "
         "copies cover whole buffers (static shapes, identity layouts, "
         "offset 0), found '" +
         op->getName().getStringRef().str() + "'";
}

const Contract &getKernelToDeviceContract() {
  static const std::vector<Rule> rules = [] {
    std::vector<Rule> r(std::begin(kKernelRules), std::end(kKernelRules));
    r.push_back({"whole-buffers",
                 "Host views and copies cover whole buffers (static shapes, "
                 "identity layouts, offset 0): the host schedule becomes a "
                 "launch plan that a device runs without host code.",
                 wholeBuffers});
    return r;
  }();
  static const Contract c{
      "kernel-to-device", "kernel", "target", 1,
      "What a device target (vulkan) takes: the kernel-to-target contract, "
      "plus a host schedule that is a plain launch plan (allocations, "
      "constants, whole-buffer views and copies, launches).",
      rules};
  return c;
}

const Contract &getKernelToTargetContract() {
  static const Contract c{
      "kernel-to-target", "kernel", "target", 1,
      "SPMD kernels over buffers plus the host schedule that allocates "
      "buffers and launches kernels in order. Each target promises to run "
      "every kernel over its grid with the semantics of the kernel body.",
      kKernelRules};
  return c;
}

} // namespace strata::contract
