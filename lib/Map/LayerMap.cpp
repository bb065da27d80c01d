//===- LayerMap.cpp - the map of Strata's layers --------------------------===//

#include "strata/Map/LayerMap.h"

#include "strata/Contract/Contract.h"
#include "strata/Pipeline/Pipeline.h"

#include "mlir/IR/Dialect.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

namespace strata::map {

static constexpr llvm::StringLiteral kGraphWithin[] = {
    "strata-graph-infer-shapes", "canonicalize"};
static constexpr llvm::StringLiteral kGraphBelow[] = {
    "strata-convert-graph-to-linalg", "linalg-fuse-elementwise-ops",
    "strata-tile-form-kernels", "strata-tile-select-config"};
static constexpr llvm::StringLiteral kTileUpstream[] = {
    "linalg", "tensor", "arith", "math", "scf"};
static constexpr llvm::StringLiteral kTileWithin[] = {
    "strata-tile-tile-workgroups"};
static constexpr llvm::StringLiteral kTileBelow[] = {
    "strata-outline-tile-kernels", "one-shot-bufferize",
    "buffer-results-to-out-params", "buffer-deallocation-pipeline",
    "strata-form-kernel-launches"};
static constexpr llvm::StringLiteral kKernelUpstream[] = {
    "memref", "scf", "vector", "linalg", "arith", "math", "affine"};
static constexpr llvm::StringLiteral kKernelBelow[] = {
    "strata-convert-kernel-to-cpu", "convert-linalg-to-loops",
    "convert-scf-to-openmp", "finalize-memref-to-llvm",
    "convert-func-to-llvm"};
static constexpr llvm::StringLiteral kTargetUpstream[] = {"llvm", "omp"};

static const Layer kLayers[] = {
    {"graph", "L1 graph", "graph",
     "a whole model as value-semantic tensor ops",
     "a model (graph-dialect MLIR today; ONNX later)",
     "a verified, shape-inferred, canonicalized graph program",
     "graph-to-tile", {}, kGraphWithin, kGraphBelow, "docs/Graph.md"},
    {"tile", "L2 tile", "tile",
     "one tile.kernel per fusion group, on tensors, with its tile sizes",
     "graph ops lowered to linalg, grouped into kernels",
     "tile.kernel ops with #tile.config", "tile-to-kernel", kTileUpstream,
     kTileWithin, kTileBelow, "docs/Tile.md"},
    {"kernel", "L3 kernel", "kernel",
     "target-neutral SPMD kernels over buffers plus the host schedule",
     "tiled kernels", "kernel.func + kernel.launch over buffers",
     "kernel-to-target", kKernelUpstream, {}, kKernelBelow,
     "docs/Kernel.md"},
    {"target", "L4 target", "",
     "per-target code: LLVM IR for the cpu", "SPMD kernels",
     "an object file, linked into the artifact", "", kTargetUpstream, {}, {},
     "docs/Map.md"},
};

static constexpr llvm::StringLiteral kCpuPasses[] = {
    "strata-convert-kernel-to-cpu", "convert-linalg-to-loops",
    "convert-scf-to-openmp", "finalize-memref-to-llvm",
    "convert-func-to-llvm"};
static constexpr llvm::StringLiteral kVulkanPasses[] = {
    "strata-convert-kernel-to-spirv", "map-memref-spirv-storage-class",
    "convert-math-to-spirv", "convert-gpu-to-spirv", "spirv-lower-abi-attrs",
    "spirv-update-vce"};

static const Target kTargets[] = {
    {"cpu", "LLVM IR for the host CPU, the grid as an OpenMP-parallel loop",
     "lib/Conversion/KernelToCPU, lib/Target/CPU", kCpuPasses,
     "host code (ABI 1)", "test/Conversion/KernelToCPU, test/Target/CPU",
     "docs/Kernel.md"},
    {"vulkan",
     "SPIR-V compute shaders (one module, Vulkan 1.2), one thread per "
     "kernel-layer workgroup; the host schedule as a launch plan",
     "lib/Conversion/KernelToSPIRV, lib/Target/Vulkan", kVulkanPasses,
     "data only: SPIR-V + launch plan (ABI 2 device section), run by "
     "strata-rt's Vulkan backend",
     "test/Conversion/KernelToSPIRV, test/Target/Vulkan, test/E2E (vulkan)",
     "docs/Vulkan.md"},
};

ArrayRef<Layer> getLayers() { return kLayers; }
ArrayRef<Target> getTargets() { return kTargets; }

static SmallVector<StringRef> opsOf(MLIRContext &context, StringRef dialect) {
  SmallVector<StringRef> ops;
  for (RegisteredOperationName op : context.getRegisteredOperations())
    if (op.getDialectNamespace() == dialect)
      ops.push_back(op.getStringRef());
  llvm::sort(ops);
  return ops;
}

/// The registered description of a pass or pass pipeline, if any.
static std::optional<StringRef> passDescription(StringRef name) {
  if (const PassInfo *info = PassInfo::lookup(name))
    return info->getPassDescription();
  if (const PassPipelineInfo *info = PassPipelineInfo::lookup(name))
    return info->getPassDescription();
  return std::nullopt;
}

static void printList(raw_ostream &os, StringRef label,
                      ArrayRef<llvm::StringLiteral> xs, bool passes = false) {
  if (xs.empty())
    return;
  os << "    " << label << ": ";
  llvm::interleave(
      xs, os,
      [&](StringRef x) {
        os << x;
        // The table names passes by flag; a renamed pass shows here.
        if (passes && !passDescription(x))
          os << " (not registered)";
      },
      ", ");
  os << "\n";
}

void printLayerMap(raw_ostream &os, MLIRContext &context) {
  context.loadAllAvailableDialects();
  os << "Strata layer map (each boundary is a checked contract)\n\n";
  for (const Layer &l : kLayers) {
    os << l.title << " [phase " << l.phase << "]: " << l.summary << "\n";
    if (!l.dialect.empty()) {
      SmallVector<StringRef> ops = opsOf(context, l.dialect);
      os << "    dialect '" << l.dialect << "' (" << ops.size()
         << " ops): ";
      llvm::interleaveComma(ops, os);
      os << "\n";
    }
    printList(os, "also uses", l.upstream);
    os << "    takes: " << l.takes << "\n    gives: " << l.gives << "\n";
    printList(os, "passes within", l.passesWithin, /*passes=*/true);
    printList(os, "passes below", l.passesBelow, /*passes=*/true);
    os << "    docs: " << l.docs << "\n";
    if (!l.contractBelow.empty()) {
      const contract::Contract *c = contract::lookupContract(l.contractBelow);
      os << "  |\n  | contract " << c->name << " v" << c->version << ": ";
      SmallVector<StringRef> ids;
      for (const contract::Rule &r : c->rules)
        ids.push_back(r.id);
      llvm::interleaveComma(ids, os);
      os << "\n  v\n";
    }
  }
  os << "\ntargets: ";
  llvm::interleaveComma(pipeline::getTargetNames(), os);
  os << "\n";
  for (const Target &t : kTargets) {
    os << "  " << t.name << ": " << t.summary << "\n";
    printList(os, "passes (strata-kernel-to-" + t.name.str() + ")", t.passes,
              /*passes=*/true);
    os << "    artifact: " << t.artifact << "\n    docs: " << t.docs << "\n";
  }
  os << "artifact: one shared library exporting strata_get_artifact, run by "
        "strata-rt\n";
}

bool printWhere(raw_ostream &os, MLIRContext &context, StringRef name) {
  context.loadAllAvailableDialects();
  bool found = false;
  // Ops and dialects.
  StringRef dialect = name.split('.').first;
  bool isOp = name.contains('.') &&
              RegisteredOperationName::lookup(name, &context).has_value();
  bool isDialect = !name.contains('.') && context.getLoadedDialect(name);
  if (isOp || isDialect) {
    for (const Layer &l : kLayers) {
      bool own = l.dialect == dialect;
      bool uses = llvm::is_contained(l.upstream, dialect);
      if (!own && !uses)
        continue;
      os << (isOp ? "op '" : "dialect '") << name << "': "
         << (own ? "the dialect of " : "used in ") << l.title << " ("
         << l.summary << ")\n";
      found = true;
    }
    if (!found) {
      os << (isOp ? "op '" : "dialect '") << name
         << "': registered, but no Strata layer uses the '" << dialect
         << "' dialect\n";
      found = true;
    }
  }
  // Passes.
  for (const Layer &l : kLayers) {
    bool within = llvm::is_contained(l.passesWithin, name);
    bool below = llvm::is_contained(l.passesBelow, name);
    if (!within && !below)
      continue;
    os << "pass '" << name << "': "
       << (within ? "runs within " : "lowers from ") << l.title;
    if (below) {
      const Layer *next = &l + 1;
      if (next != std::end(kLayers))
        os << " to " << next->title;
    }
    if (std::optional<StringRef> desc = passDescription(name))
      os << ": " << *desc;
    os << "\n";
    found = true;
  }
  for (const Target &t : kTargets) {
    // The kernel layer's own list already names the cpu passes.
    if (!llvm::is_contained(t.passes, name) ||
        llvm::is_contained(kKernelBelow, name))
      continue;
    os << "pass '" << name << "': lowers from L3 kernel to L4 target ("
       << t.name << ")";
    if (std::optional<StringRef> desc = passDescription(name))
      os << ": " << *desc;
    os << "\n";
    found = true;
  }
  // Contracts.
  if (const contract::Contract *c = contract::lookupContract(name)) {
    os << "contract '" << name << "' v" << c->version << ": the boundary from "
       << c->from << " to " << c->to << ", " << c->rules.size()
       << " rules (strata-opt --print-contracts)\n";
    found = true;
  }
  return found;
}

} // namespace strata::map
