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
    "strata-convert-graph-to-linalg", "strata-tile-fuse-elementwise",
    "strata-tile-form-kernels", "strata-tile-select-config"};
static constexpr llvm::StringLiteral kTileUpstream[] = {"linalg", "tensor",
                                                        "arith", "math", "scf"};
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
    "convert-scf-to-openmp", "finalize-memref-to-llvm", "convert-func-to-llvm"};
static constexpr llvm::StringLiteral kTargetUpstream[] = {"llvm", "omp"};

static const Layer kLayers[] = {
    {"import",
     "Import",
     "",
     "models from outside: ONNX files",
     "an ONNX model (protobuf, opsets 1-27, external data)",
     "graph IR with ONNX node names as locations",
     "",
     {},
     {},
     {},
     "docs/Import.md",
     "lib/Import/ONNX, tools/strata-import-onnx",
     "test/Import/ONNX, test/Conformance",
     "built (cpu conformance in docs/Conformance.md)",
     "The C++ importer reads the model with libonnx's protobuf classes, "
     "refuses hostile files (docs/Security.md: external data confined to "
     "the model's directory, checked sizes and offsets, an allocation cap), "
     "maps each ONNX op at its opset onto graph ops and names every op by "
     "its ONNX node, so each later diagnostic points at the node."},
    {"graph",
     "L1 graph",
     "graph",
     "a whole model as value-semantic tensor ops",
     "a model (graph-dialect MLIR, or the importer's output)",
     "a verified, shape-inferred, canonicalized graph program",
     "graph-to-tile",
     {},
     kGraphWithin,
     kGraphBelow,
     "docs/Graph.md",
     "dialects/Graph, lib/Conversion/GraphToTile",
     "test/Dialect/Graph, "
     "test/Conversion/GraphToLinalg",
     "built",
     "Ranked tensors of f32, f16, bf16, f64, i8, i16, i32, i64, ui8..ui64 "
     "and i1 (signless integers signed, ui* unsigned, lowered to signless at "
     "graph -> tile). Every op states its shape rule once "
     "(ShapeInference.h); inference failures are located diagnostics that "
     "name the rule."},
    {"tile", "L2 tile", "tile",
     "one tile.kernel per fusion group, on tensors, with its tile sizes",
     "graph ops lowered to linalg, grouped into kernels",
     "tile.kernel ops with #tile.config", "tile-to-kernel", kTileUpstream,
     kTileWithin, kTileBelow, "docs/Tile.md",
     "dialects/Tile, lib/Conversion/TileToKernel",
     "test/Dialect/Tile, test/Conversion/TileToKernel", "built",
     "A kernel is one root (contraction, convolution, pooling, reduction or "
     "data movement) plus the elementwise ops that consume it (the "
     "epilogue); #tile.config<root, workgroup, reduction, vector> records "
     "the tile sizes, chosen by a cost model from the target."},
    {"kernel",
     "L3 kernel",
     "kernel",
     "target-neutral SPMD kernels over buffers plus the host schedule",
     "tiled kernels",
     "kernel.func + kernel.launch over buffers",
     "kernel-to-target",
     kKernelUpstream,
     {},
     kKernelBelow,
     "docs/Kernel.md",
     "dialects/Kernel, lib/Conversion/KernelToCPU, "
     "lib/Conversion/KernelToSPIRV",
     "test/Dialect/Kernel, test/Conversion/KernelToCPU, "
     "test/Conversion/KernelToSPIRV",
     "built",
     "kernel.func bodies run once per workgroup of the launch grid "
     "(kernel.workgroup_id, kernel.local_id, kernel.barrier, memory spaces "
     "global/workgroup/private); the host function allocates, launches in "
     "order and frees."},
    {"target",
     "L4 target",
     "",
     "per-target code: LLVM IR (cpu), SPIR-V (vulkan), ROCDL (rocm)",
     "SPMD kernels",
     "an object file, linked into the artifact",
     "",
     kTargetUpstream,
     {},
     {},
     "docs/Map.md",
     "lib/Pipeline (target hooks), lib/Target/CPU, lib/Target/Vulkan, "
     "lib/Target/ROCm",
     "test/Target/CPU, test/Target/Vulkan, test/Target/ROCm, "
     "test/Tools/strata-compile, test/E2E",
     "cpu and vulkan built and run; rocm compiles (HSACO, not run here); "
     "cuda not yet",
     "cpu: the grid runs as an OpenMP-parallel loop; f32 matmul kernels are "
     "vectorized (cache and register tiles from the host's vector width, "
     "packed panels, broadcast-FMA inner loops; docs/Benchmarks.md), other "
     "kernels are lowered through loops; LLVM O3 for the host CPU. vulkan: "
     "each kernel-layer workgroup is one GPU thread, 64 per dispatched "
     "workgroup, except matmul and convolution tiles, which run as blocks "
     "of threads staging operands in workgroup memory "
     "(strata-kernel-cooperative-contraction, all device targets); all "
     "kernels in one SPIR-V module validated with SPIRV-Tools "
     "(docs/Vulkan.md). rocm: the same thread mapping, "
     "HSACO per AMD chip, contractions on MFMA/WMMA where the chip has "
     "them (docs/ROCm.md). The targets are listed below."},
    {"artifact",
     "Artifact",
     "",
     "what ships: one shared library and a C header",
     "target code",
     "an artifact exporting strata_get_artifact, run by "
     "strata-rt",
     "",
     {},
     {},
     {},
     "docs/Runtime.md",
     "lib/Target/CPU, lib/Target/Vulkan, lib/Runtime, tools/strata-run",
     "unittests/Runtime, test/Tools/strata-run, test/E2E",
     "cpu and vulkan (lavapipe) built",
     "ABI in include/strata-rt/strata_artifact.h (static shapes; the caller "
     "owns every buffer; device artifacts carry a device section: the "
     "SPIR-V, the kernels' bindings and the launch plan, ABI 2, or 3 with CUDA "
     "tensor maps); strata-rt "
     "checks inputs (count, dtype, rank, dims) before running and reports "
     "errors as strings."},
};

static constexpr llvm::StringLiteral kCpuPasses[] = {
    "strata-convert-kernel-to-cpu", "convert-linalg-to-loops",
    "convert-scf-to-openmp", "finalize-memref-to-llvm", "convert-func-to-llvm"};
static constexpr llvm::StringLiteral kVulkanPasses[] = {
    "strata-convert-kernel-to-spirv", "map-memref-spirv-storage-class",
    "convert-math-to-spirv",          "convert-gpu-to-spirv",
    "spirv-lower-abi-attrs",          "spirv-update-vce"};

static constexpr llvm::StringLiteral kRocmPasses[] = {
    "strata-kernel-matmul-to-amdgpu",
    "strata-convert-kernel-to-gpu",
    "strata-lower-contraction-to-amdgpu",
    "rocdl-attach-target",
    "strata-rocdl-private-scratch",
    "strata-expand-math-for-rocdl",
    "convert-amdgpu-to-rocdl",
    "convert-gpu-to-rocdl"};

static const Target kTargets[] = {
    {"cpu", "LLVM IR for the host CPU, the grid as an OpenMP-parallel loop",
     "lib/Conversion/KernelToCPU, lib/Target/CPU", kCpuPasses,
     "host code (ABI 1)", "test/Conversion/KernelToCPU, test/Target/CPU",
     "docs/Kernel.md"},
    {"vulkan",
     "SPIR-V compute shaders (one module, Vulkan 1.2), one thread per "
     "kernel-layer workgroup or one workgroup of up to 128 threads "
     "(cooperative matmul/conv); the host schedule as a launch plan",
     "lib/Conversion/KernelToSPIRV, lib/Target/Vulkan", kVulkanPasses,
     "data only: SPIR-V + launch plan (ABI 2 device section), run by "
     "strata-rt's Vulkan backend",
     "test/Conversion/KernelToSPIRV, test/Target/Vulkan, test/E2E (vulkan)",
     "docs/Vulkan.md"},
    {"rocm",
     "AMDGCN for one AMD chip (gfx90a, gfx942, gfx1030, gfx1100) as HSACO, "
     "one thread per kernel-layer workgroup, except matmul tiles of the "
     "rocm tile table, one wave each on MFMA (CDNA) / WMMA (RDNA3)",
     "lib/Conversion/KernelToGPU, lib/Conversion/KernelToROCDL, "
     "lib/Target/ROCm",
     kRocmPasses,
     "data only: HSACO + launch plan (ABI 2 device section), run by "
     "strata-rt's hip backend (not run here: no AMD GPU)",
     "test/Conversion/KernelToROCDL, test/Target/ROCm, test/E2E (hip)",
     "docs/ROCm.md"},
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

static std::string contractAnchor(const contract::Contract &c) {
  // GitHub's anchor for "## graph-to-tile (v1): graph -> tile".
  return (c.name + "-v" + Twine(c.version) + "-" + c.from + "---" + c.to).str();
}

static void printMarkdownList(raw_ostream &os, StringRef label,
                              ArrayRef<llvm::StringLiteral> xs, bool passes) {
  if (xs.empty())
    return;
  os << "- " << label << ":";
  if (!passes) {
    os << " ";
    llvm::interleave(
        xs, os, [&](StringRef x) { os << "`" << x << "`"; }, ", ");
    os << "\n";
    return;
  }
  os << "\n";
  for (StringRef x : xs) {
    os << "  - `" << x << "`";
    if (std::optional<StringRef> d = passDescription(x))
      os << ": " << *d;
    else
      os << " (not registered)";
    os << "\n";
  }
}

static void printMarkdown(raw_ostream &os, MLIRContext &context) {
  os << "# The Strata map\n\n"
        "<!-- Generated by `strata-opt --print-layer-map=markdown` from the "
        "layer table (include/strata/Map/LayerMap.h), the registered "
        "dialects and passes and the contract declarations. Do not edit: "
        "scripts/gen-docs.sh regenerates it and test/Docs/map.test keeps it "
        "equal to the code. -->\n\n"
        "Where every piece of Strata sits. One row per layer, top to "
        "bottom; arrows only point down, and every boundary between layers "
        "is a checked contract ([Contracts](Contracts.md)).\n\n"
        "![The Strata map](Map.svg)\n\n"
        "| phase | layer | dialect | takes from above | gives below | "
        "contract at its lower boundary | code | tests | status |\n"
        "|---|---|---|---|---|---|---|---|---|\n";
  for (const Layer &l : kLayers) {
    os << "| " << l.phase << " | " << l.title << " | "
       << (l.dialect.empty() ? "—" : ("`" + l.dialect + "`").str()) << " | "
       << l.takes << " | " << l.gives << " | ";
    if (l.contractBelow.empty()) {
      os << "—";
    } else {
      const contract::Contract *c = contract::lookupContract(l.contractBelow);
      os << "[" << c->name << " v" << c->version << "](Contracts.md#"
         << contractAnchor(*c) << ")";
    }
    os << " | `" << l.code << "` | `" << l.tests << "` | " << l.status
       << " |\n";
  }
  for (const Layer &l : kLayers) {
    os << "\n## " << l.title << "\n\n"
       << l.summary << ". " << l.details << "\n\n";
    if (!l.dialect.empty()) {
      SmallVector<StringRef> ops = opsOf(context, l.dialect);
      os << "- dialect `" << l.dialect << "` (" << ops.size() << " ops): ";
      llvm::interleave(
          ops, os, [&](StringRef op) { os << "`" << op << "`"; }, ", ");
      os << "\n";
    }
    printMarkdownList(os, "also uses", l.upstream, false);
    printMarkdownList(os, "passes within the layer", l.passesWithin, true);
    printMarkdownList(os, "passes to the next layer, in order", l.passesBelow,
                      true);
    if (!l.contractBelow.empty()) {
      const contract::Contract *c = contract::lookupContract(l.contractBelow);
      os << "- contract below: [" << c->name << " v" << c->version
         << "](Contracts.md#" << contractAnchor(*c) << "), rules ";
      llvm::interleave(
          c->rules, os,
          [&](const contract::Rule &r) { os << "`" << r.id << "`"; }, ", ");
      os << "\n";
    }
    os << "- docs: [" << l.docs << "](" << StringRef(l.docs).drop_front(5)
       << ")\n";
  }
  os << "\n## Targets\n\n`strata-compile --target=<name>`, `strata-opt "
        "--strata-kernel-to-<name>`; device targets check the "
        "[kernel-to-device](Contracts.md) contract at the kernel boundary.\n";
  for (const Target &t : kTargets) {
    os << "\n### " << t.name << "\n\n" << t.summary << ".\n\n";
    os << "- code: `" << t.conversion << "`; tests: `" << t.tests << "`\n";
    printMarkdownList(os, "passes, in order", t.passes, true);
    os << "- artifact: " << t.artifact << "\n- docs: [" << t.docs << "]("
       << StringRef(t.docs).drop_front(5) << ")\n";
  }
  os << "\n## Seeing the map, and debugging along it\n\n"
        "- `strata-opt --print-layer-map[=text|markdown|dot]`: this map; "
        "`strata-opt --where=<op|dialect|pass|contract>`: where one thing "
        "sits; `strata-opt --print-contracts`: the contracts.\n"
        "- `strata-compile --explain`: a model's path through the map (ops, "
        "kernels, tile configurations, grids, phase times, artifact).\n"
        "- `strata-compile --emit=<phase>`, `--compile-from=<phase>`, "
        "`--dump-layers=DIR`: stop, start and look at any layer.\n"
        "- `strata-compile --dump-graph=FILE.dot|.svg`: the graph layer with "
        "its fusion groups as clusters.\n"
        "- `strata-compile --check-layers`: runs the same inputs at every "
        "layer that executes on the CPU and names the first layer, kernel "
        "and op that diverge from the graph reference, with the kernel's IR "
        "before and after the phase ([Debugging](Debugging.md)).\n"
        "- Crash reproducers are on: a failing or crashing phase writes one "
        "and prints its path; `strata-compile --reproduce=FILE` re-runs "
        "it.\n";
}

static void printDot(raw_ostream &os, MLIRContext &context) {
  os << "// Generated by `strata-opt --print-layer-map=dot`; rendered to "
        "docs/Map.svg by scripts/gen-docs.sh.\n"
        "digraph strata_map {\n"
        "  rankdir=TB; nodesep=0.3; ranksep=0.35;\n"
        "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", "
        "fontsize=11, fillcolor=\"#eef3fa\", color=\"#4a6fa5\"];\n"
        "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n";
  for (auto [i, l] : llvm::enumerate(kLayers)) {
    os << "  l" << i << " [label=\"" << l.title;
    if (!l.dialect.empty())
      os << "  (dialect '" << l.dialect << "', "
         << opsOf(context, l.dialect).size() << " ops)";
    os << "\\n" << l.summary << "\"];\n";
  }
  for (size_t i = 0; i + 1 < std::size(kLayers); ++i) {
    const Layer &l = kLayers[i];
    os << "  l" << i << " -> l" << i + 1 << " [label=\"";
    if (!l.contractBelow.empty()) {
      const contract::Contract *c = contract::lookupContract(l.contractBelow);
      os << " contract " << c->name << " v" << c->version << " ("
         << c->rules.size() << " rules)\\n";
    }
    if (!l.passesBelow.empty())
      os << " " << l.passesBelow.front() << " ... " << l.passesBelow.back();
    else if (i == 0)
      os << " importer";
    os << "\"];\n";
  }
  os << "  targets [shape=note, fillcolor=\"#fff4dc\", color=\"#c08a2b\", "
        "label=\"targets: ";
  llvm::interleaveComma(pipeline::getTargetNames(), os);
  os << "\"];\n  targets -> l4 [style=dashed, arrowhead=none];\n}\n";
}

void printLayerMap(raw_ostream &os, MLIRContext &context, MapFormat format) {
  context.loadAllAvailableDialects();
  if (format == MapFormat::Markdown)
    return printMarkdown(os, context);
  if (format == MapFormat::Dot)
    return printDot(os, context);
  os << "Strata layer map (each boundary is a checked contract)\n\n";
  for (const Layer &l : kLayers) {
    os << l.title << " [phase " << l.phase << "]: " << l.summary << "\n";
    if (!l.dialect.empty()) {
      SmallVector<StringRef> ops = opsOf(context, l.dialect);
      os << "    dialect '" << l.dialect << "' (" << ops.size() << " ops): ";
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
      os << (isOp ? "op '" : "dialect '") << name
         << "': " << (own ? "the dialect of " : "used in ") << l.title << " ("
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
    os << "pass '" << name
       << "': " << (within ? "runs within " : "lowers from ") << l.title;
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
