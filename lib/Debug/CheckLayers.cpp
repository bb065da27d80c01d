//===- CheckLayers.cpp - find the first layer where results go wrong ------===//
//
// strata-compile --check-layers runs the same inputs through the program at
// every layer that can execute on the CPU and compares each with the graph
// reference:
//
//   graph   the graph layer lowered the plainest way: graph -> linalg, no
//           fusion, no tiling, bufferized, scalar loops (the reference);
//   tile    the tile layer (kernels formed by graph -> tile, their configs
//           chosen) with each tile.kernel's body inlined, lowered the same
//           plain way;
//   kernel  the kernel layer (tiled, vectorized, bufferized kernels and
//           launches) lowered for the CPU on one thread;
//   target  the artifact of the chosen target, as strata-compile builds it,
//           on its device (cpu, or vulkan through strata-rt's backend).
//
// Every value a kernel produces becomes an extra output of the entry, so a
// divergence is caught at the first kernel that makes it, not only at the
// model's outputs. The report names the layer, the phase that made it, the
// kernel and its graph ops, and writes the kernel's IR before and after
// that phase next to the report.
//
//===----------------------------------------------------------------------===//

#include "strata/Debug/Debug.h"
#include "strata/Support/FloatBits.h"

#include "strata-rt/strata_rt.h"
#include "strata/Target/CPU/CPUTarget.h"
#include "strata/Target/Vulkan/VulkanTarget.h"

#include "dialects/Kernel/IR/KernelDialect.h"
#include "dialects/Tile/IR/TileDialect.h"
#include "strata/Conversion/GraphToTile/Passes.h"

#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

#include <cmath>
#include <cstring>
#include <random>

using namespace mlir;

namespace strata::debug {
namespace {

enum Layer { kGraph, kTile, kKernel, kTarget, kNumLayers };
constexpr const char *kLayerNames[] = {"graph", "tile", "kernel", "target"};
constexpr const char *kHow[] = {
    "reference: graph -> linalg, unfused, untiled, scalar loops",
    "kernels formed and configured, bodies inlined, scalar loops",
    "tiled (on cpu also vectorized) kernels, CPU, one thread",
    "the artifact strata-compile builds, on its device"};
constexpr const char *kPhaseThatMade[] = {"", "graph -> tile", "tile -> kernel",
                                          "kernel -> target"};

/// A value compared at every layer: entry output `output`, which is kernel
/// `kernel`'s result made by graph op `node`.
struct Observed {
  int kernel; // index into the groups, -1 for a plain model output
  int node;   // graph op id, -1 if unknown
  unsigned output;
};

struct RtModel {
  strata_model *model = nullptr;
  ~RtModel() { strata_model_free(model); }
};
struct RtTensors {
  std::vector<strata_tensor *> ts;
  ~RtTensors() {
    for (strata_tensor *t : ts)
      strata_tensor_free(t);
  }
};

LogicalResult runPasses(ModuleOp module,
                        function_ref<void(OpPassManager &)> build) {
  PassManager pm(module.getContext());
  build(pm);
  return pm.run(module);
}

/// Replaces every tile.kernel by its body.
void inlineKernels(ModuleOp module) {
  SmallVector<tile::KernelOp> kernels;
  module.walk([&](tile::KernelOp k) { kernels.push_back(k); });
  for (tile::KernelOp k : kernels) {
    IRMapping map;
    Block &body = k.getBodyBlock();
    for (auto [arg, in] : llvm::zip(body.getArguments(), k.getInputs()))
      map.map(arg, in);
    OpBuilder b(k);
    for (Operation &op : body.without_terminator())
      b.clone(op, map);
    for (auto [res, v] :
         llvm::zip(k.getResults(), body.getTerminator()->getOperands()))
      res.replaceAllUsesWith(map.lookupOrDefault(v));
    k.erase();
  }
}

/// Bufferizes a tensor-level module and lowers it for the CPU with plain
/// loops on one thread: the tail shared by the graph and tile references.
void buildPlainTail(OpPassManager &pm) {
  pipeline::buildBufferizeToOutParams(pm);
  pm.addPass(createCanonicalizerPass());
  bufferization::BufferDeallocationPipelineOptions dealloc;
  bufferization::buildBufferDeallocationPipeline(pm, dealloc);
  pm.addPass(createCanonicalizerPass());
  pipeline::Options o;
  o.verifyContracts = false;
  o.cpuThreads = false;
  (void)pipeline::buildKernelToTarget(pm, o);
}

LogicalResult writeText(Location loc, StringRef path,
                        function_ref<void(raw_ostream &)> fn) {
  std::string error;
  auto out = openOutputFile(path, &error);
  if (!out)
    return emitError(loc) << error;
  fn(out->os());
  out->keep();
  return success();
}

std::string join(StringRef dir, StringRef file) {
  SmallString<256> p(dir);
  llvm::sys::path::append(p, file);
  return p.str().str();
}

/// Reads element i of a tensor as a double (integers and bool exactly).
double element(strata_tensor *t, int64_t i) {
  const char *p = static_cast<const char *>(strata_tensor_data(t));
  switch (strata_tensor_dtype(t)) {
  case STRATA_DTYPE_F32: {
    float v;
    std::memcpy(&v, p + 4 * i, 4);
    return v;
  }
  case STRATA_DTYPE_F64: {
    double v;
    std::memcpy(&v, p + 8 * i, 8);
    return v;
  }
  case STRATA_DTYPE_F16:
  case STRATA_DTYPE_BF16: {
    uint16_t h;
    std::memcpy(&h, p + 2 * i, 2);
    return strata_tensor_dtype(t) == STRATA_DTYPE_F16
               ? strata::floatbits::halfToFloat(h)
               : strata::floatbits::bf16ToFloat(h);
  }
  case STRATA_DTYPE_I8:
    return reinterpret_cast<const int8_t *>(p)[i];
  case STRATA_DTYPE_I16:
    return reinterpret_cast<const int16_t *>(p)[i];
  case STRATA_DTYPE_I32:
    return reinterpret_cast<const int32_t *>(p)[i];
  case STRATA_DTYPE_I64:
    return double(reinterpret_cast<const int64_t *>(p)[i]);
  case STRATA_DTYPE_BOOL:
  case STRATA_DTYPE_U8:
    return reinterpret_cast<const uint8_t *>(p)[i];
  case STRATA_DTYPE_U16:
    return reinterpret_cast<const uint16_t *>(p)[i];
  case STRATA_DTYPE_U32:
    return reinterpret_cast<const uint32_t *>(p)[i];
  case STRATA_DTYPE_U64:
    return double(reinterpret_cast<const uint64_t *>(p)[i]);
  default:
    return NAN;
  }
}

/// Whether element() decodes `dtype`.
bool canCompare(int32_t dtype) {
  switch (dtype) {
  case STRATA_DTYPE_F32:
  case STRATA_DTYPE_F64:
  case STRATA_DTYPE_F16:
  case STRATA_DTYPE_BF16:
  case STRATA_DTYPE_I8:
  case STRATA_DTYPE_I16:
  case STRATA_DTYPE_I32:
  case STRATA_DTYPE_I64:
  case STRATA_DTYPE_BOOL:
  case STRATA_DTYPE_U8:
  case STRATA_DTYPE_U16:
  case STRATA_DTYPE_U32:
  case STRATA_DTYPE_U64:
    return true;
  default:
    return false;
  }
}

/// Tolerances per dtype. f32: reassociated sums (tiled, vectorized
/// reductions, FMA contraction) differ from the scalar reference by a few
/// ulps per term; 1e-4 relative covers reductions of thousands of terms.
/// f16/bf16 keep 11/8 significant bits. Integers and bool: exact.
std::pair<double, double> tolerance(int32_t dtype) {
  switch (dtype) {
  case STRATA_DTYPE_F32:
    return {1e-4, 1e-5};
  case STRATA_DTYPE_F64:
    return {1e-9, 1e-12};
  case STRATA_DTYPE_F16:
    return {1e-2, 1e-3};
  case STRATA_DTYPE_BF16:
    return {3e-2, 1e-2};
  default:
    return {0, 0};
  }
}

struct Mismatch {
  int64_t count = 0, worstIndex = -1;
  double worstError = 0, got = 0, want = 0;
};

Mismatch compare(strata_tensor *got, strata_tensor *want) {
  Mismatch m;
  auto [rtol, atol] = tolerance(strata_tensor_dtype(want));
  int64_t n = strata_tensor_num_elements(want);
  for (int64_t i = 0; i < n; ++i) {
    double g = element(got, i), w = element(want, i);
    if (std::isnan(g) && std::isnan(w))
      continue;
    double err = std::fabs(g - w);
    bool bad = std::isnan(err) ? true : err > atol + rtol * std::fabs(w);
    if (std::isinf(g) && std::isinf(w) && (g > 0) == (w > 0))
      bad = false, err = 0;
    if (!bad)
      continue;
    ++m.count;
    if (m.worstIndex < 0 || std::isnan(err) || err > m.worstError) {
      m.worstIndex = i, m.worstError = err, m.got = g, m.want = w;
      if (std::isnan(err))
        break;
    }
  }
  return m;
}

std::string indexString(strata_tensor *t, int64_t flat) {
  int32_t rank = strata_tensor_rank(t);
  const int64_t *dims = strata_tensor_dims(t);
  SmallVector<int64_t> idx(rank);
  for (int32_t d = rank - 1; d >= 0; --d) {
    idx[d] = dims[d] ? flat % dims[d] : 0;
    flat = dims[d] ? flat / dims[d] : 0;
  }
  std::string s = "[";
  for (int32_t d = 0; d < rank; ++d)
    s += (d ? ", " : "") + std::to_string(idx[d]);
  return s + "]";
}

/// Fills a tensor with reproducible values: floats uniform in [-1, 1),
/// integers in [0, 4) (valid indices for small gathers), bools 0/1.
void randomFill(strata_tensor *t, std::mt19937_64 &rng) {
  char *p = static_cast<char *>(strata_tensor_data(t));
  int64_t n = strata_tensor_num_elements(t);
  std::uniform_real_distribution<double> real(-1.0, 1.0);
  std::uniform_int_distribution<int> small(0, 3);
  for (int64_t i = 0; i < n; ++i) {
    switch (strata_tensor_dtype(t)) {
    case STRATA_DTYPE_F32: {
      float v = real(rng);
      std::memcpy(p + 4 * i, &v, 4);
      break;
    }
    case STRATA_DTYPE_F64: {
      double v = real(rng);
      std::memcpy(p + 8 * i, &v, 8);
      break;
    }
    case STRATA_DTYPE_F16:
    case STRATA_DTYPE_BF16: {
      // Multiples of 1/64 in [-1, 1): exact in both.
      int k = int(std::floor(real(rng) * 64));
      float v = k / 64.0f;
      uint16_t h = strata_tensor_dtype(t) == STRATA_DTYPE_BF16
                       ? strata::floatbits::floatToBf16(v)
                       : strata::floatbits::floatToHalf(v);
      std::memcpy(p + 2 * i, &h, 2);
      break;
    }
    default: {
      size_t size = strata_dtype_size(strata_tensor_dtype(t));
      int64_t v = strata_tensor_dtype(t) == STRATA_DTYPE_BOOL ? small(rng) & 1
                                                              : small(rng);
      std::memcpy(p + size * i, &v, size); // little-endian
      break;
    }
    }
  }
}

} // namespace

int checkLayers(ModuleOp input, StringRef entryName,
                const CheckLayersOptions &options, raw_ostream &os) {
  MLIRContext *ctx = input.getContext();
  Location loc = input.getLoc();
  auto fail = [&](const Twine &msg) {
    emitError(loc) << "--check-layers: " << msg;
    return 2;
  };
  StringRef target = options.pipeline.target;
  if (target != "cpu" && target != "vulkan")
    return fail("no runtime device for target '" + target + "'");
  StringRef dir = options.reportDir;
  if (std::error_code ec = llvm::sys::fs::create_directories(dir))
    return fail("cannot create " + dir + ": " + ec.message());

  // The graph layer, cleaned up, tagged, every kernel result an output.
  OwningOpRef<ModuleOp> graph = input.clone();
  pipeline::Options plain = options.pipeline;
  plain.testBreakPhase.reset();
  if (failed(runPasses(*graph, [&](OpPassManager &pm) {
        pipeline::buildGraphCleanup(pm, plain);
      })))
    return fail("the graph cleanup failed");
  auto entry = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
      *graph, StringAttr::get(ctx, entryName));
  if (!entry)
    return fail("no entry function '" + entryName + "'");
  SmallVector<Operation *> nodes = tagGraphOps(entry);
  auto firstGroups = formKernelGroups(*graph, nodes, plain);
  if (failed(firstGroups))
    return fail("graph -> tile failed on the model (see above)");
  Operation *ret = entry.getBody().front().getTerminator();
  unsigned modelOutputs = ret->getNumOperands();
  {
    SmallVector<Value> results(ret->getOperands());
    SmallVector<Type> types(entry.getResultTypes());
    SmallVector<std::string> names;
    for (const KernelGroup &g : *firstGroups)
      for (int node : g.outputs) {
        if (node < 0 || nodes[node]->getNumResults() != 1)
          continue;
        Value v = nodes[node]->getResult(0);
        if (!isa<RankedTensorType>(v.getType()))
          continue;
        if (llvm::is_contained(results, v))
          continue;
        results.push_back(v);
        types.push_back(v.getType());
        names.push_back("check." + g.name);
      }
    OpBuilder b(ret);
    func::ReturnOp::create(b, ret->getLoc(), results);
    ret->erase();
    entry.setFunctionType(
        FunctionType::get(ctx, entry.getArgumentTypes(), types));
    for (auto [i, name] : llvm::enumerate(names))
      entry.setResultAttr(modelOutputs + i, "strata.name",
                          StringAttr::get(ctx, name));
  }
  auto info = cpu::describeEntry(entry);
  if (failed(info))
    return 2;
  // element() decodes these; any other dtype (float8, float4, 4- and 2-bit
  // integers) would read as NaN and compare equal, hiding a divergence.
  for (const cpu::TensorDesc &d : info->outputs)
    if (!canCompare(d.dtype))
      return fail("value '" + d.name + "' has type " +
                  strata_dtype_name(strata_dtype(d.dtype)) +
                  ", which --check-layers cannot compare yet");

  // The IR at each layer, and a CPU-runnable module lowered from it.
  OwningOpRef<ModuleOp> ir[kNumLayers];
  OwningOpRef<ModuleOp> runnable[kNumLayers];
  ir[kGraph] = graph->clone();
  runnable[kGraph] = graph->clone();
  if (failed(runPasses(*runnable[kGraph], [&](OpPassManager &pm) {
        pm.addNestedPass<func::FuncOp>(createConvertGraphToLinalg());
        pm.addPass(createCanonicalizerPass());
        buildPlainTail(pm);
      })))
    return fail("lowering the graph reference failed");
  ir[kTile] = graph->clone();
  if (failed(runPasses(*ir[kTile], [&](OpPassManager &pm) {
        (void)pipeline::buildPipeline(pm, pipeline::Phase::Graph,
                                      pipeline::Phase::Tile, options.pipeline);
      })))
    return fail("the graph -> tile phase failed");
  runnable[kTile] = ir[kTile]->clone();
  inlineKernels(*runnable[kTile]);
  if (failed(runPasses(*runnable[kTile],
                       [&](OpPassManager &pm) { buildPlainTail(pm); })))
    return fail("lowering the tile layer failed");
  ir[kKernel] = ir[kTile]->clone();
  if (failed(runPasses(*ir[kKernel], [&](OpPassManager &pm) {
        (void)pipeline::buildPipeline(pm, pipeline::Phase::Tile,
                                      pipeline::Phase::Kernel,
                                      options.pipeline);
      })))
    return fail("the tile -> kernel phase failed");
  runnable[kKernel] = ir[kKernel]->clone();
  pipeline::Options oneThread = plain;
  oneThread.cpuThreads = false;
  // The kernel layer is target-neutral: whatever the target, it runs here
  // through the CPU's kernel -> target stage.
  oneThread.target = "cpu";
  if (failed(runPasses(*runnable[kKernel], [&](OpPassManager &pm) {
        (void)pipeline::buildKernelToTarget(pm, oneThread);
      })))
    return fail("lowering the kernel layer failed");
  ir[kTarget] = ir[kKernel]->clone();
  if (failed(runPasses(*ir[kTarget], [&](OpPassManager &pm) {
        (void)pipeline::buildPipeline(pm, pipeline::Phase::Kernel,
                                      pipeline::Phase::Target,
                                      options.pipeline);
      })))
    return fail("the kernel -> target phase failed");
  runnable[kTarget] = ir[kTarget]->clone();

  // Artifacts, and the IR of every layer for the reader.
  std::string so[kNumLayers];
  for (int l = 0; l < kNumLayers; ++l) {
    std::string name = kLayerNames[l];
    if (failed(writeText(loc, join(dir, name + ".mlir"),
                         [&](raw_ostream &out) { ir[l]->print(out); })))
      return 2;
    std::string obj = join(dir, name + ".o");
    so[l] = join(dir, name + ".so");
    if (l == kTarget && target == "vulkan") {
      cpu::ArtifactInfo deviceInfo = *info;
      deviceInfo.target = "vulkan";
      FailureOr<vulkan::DeviceProgram> program =
          vulkan::buildProgram(*runnable[l], deviceInfo);
      if (failed(program) ||
          failed(vulkan::writeArtifact(loc, deviceInfo, *program, so[l])))
        return fail("building the target layer's artifact failed");
      continue;
    }
    bool threads = l == kTarget && options.pipeline.cpuThreads;
    if (failed(cpu::emitObject(*runnable[l], *info, obj)) ||
        failed(cpu::linkSharedLibrary(loc, obj, so[l], threads)))
      return fail("building the " + name + " layer's artifact failed");
    llvm::sys::fs::remove(obj);
  }

  // The values compared: kernel results in program order, then the
  // model's outputs that no kernel result covers.
  SmallVector<KernelGroup> groups = readKernelGroups(*ir[kTile], nodes);
  SmallVector<Observed> observed;
  SmallVector<Value> outs(
      entry.getBody().front().getTerminator()->getOperands());
  DenseSet<unsigned> covered;
  for (auto [k, g] : llvm::enumerate(groups))
    for (int node : g.outputs) {
      if (node < 0 || nodes[node]->getNumResults() != 1)
        continue;
      auto it = llvm::find(outs, nodes[node]->getResult(0));
      if (it == outs.end())
        continue;
      unsigned o = it - outs.begin();
      if (covered.insert(o).second)
        observed.push_back({int(k), node, o});
    }
  for (unsigned o = 0; o < modelOutputs; ++o)
    if (!covered.contains(o))
      observed.push_back({-1, -1, o});

  // Inputs.
  RtTensors inputs;
  std::mt19937_64 rng(options.seed);
  for (auto [i, desc] : llvm::enumerate(info->inputs)) {
    strata_tensor *t = nullptr;
    if (i < options.inputs.size()) {
      if (strata_tensor_load_npy(options.inputs[i].c_str(), &t) != STRATA_OK)
        return fail(Twine("input ") + Twine(i) + ": " + strata_last_error());
    } else {
      SmallVector<int64_t> dims(desc.dims.begin(), desc.dims.end());
      if (strata_tensor_create(strata_dtype(desc.dtype), dims.size(),
                               dims.data(), &t) != STRATA_OK)
        return fail(strata_last_error());
      randomFill(t, rng);
    }
    inputs.ts.push_back(t);
  }
  if (!options.inputs.empty() && options.inputs.size() != info->inputs.size())
    return fail(Twine("the entry takes ") + Twine(info->inputs.size()) +
                " inputs, " + Twine(options.inputs.size()) + " were given");

  // Run every layer.
  std::vector<RtTensors> results(kNumLayers);
  for (int l = 0; l < kNumLayers; ++l) {
    RtModel m;
    const char *device = l == kTarget && target == "vulkan" ? "vulkan" : "cpu";
    if (strata_model_load(so[l].c_str(), device, &m.model) != STRATA_OK)
      return fail(Twine("loading the ") + kLayerNames[l] +
                  " layer's artifact: " + strata_last_error());
    for (int32_t o = 0; o < strata_model_num_outputs(m.model); ++o) {
      strata_tensor *t = nullptr;
      if (strata_tensor_create_like(strata_model_output(m.model, o), &t) !=
          STRATA_OK)
        return fail(strata_last_error());
      results[l].ts.push_back(t);
    }
    if (strata_model_run_into(m.model, inputs.ts.data(), inputs.ts.size(),
                              results[l].ts.data(),
                              results[l].ts.size()) != STRATA_OK)
      return fail(Twine("running the ") + kLayerNames[l] +
                  " layer: " + strata_last_error());
  }

  // Compare with the graph reference.
  auto describeNode = [&](int node) {
    std::string s;
    llvm::raw_string_ostream ss(s);
    if (node < 0)
      return std::string("(a model output)");
    ss << nodes[node]->getName() << " at ";
    untag(nodes[node]->getLoc()).print(ss);
    return s;
  };
  os << "strata-compile --check-layers: entry '" << entryName << "', target "
     << options.pipeline.target << ", " << groups.size() << " kernels, "
     << observed.size() << " values compared per layer (inputs: "
     << (options.inputs.empty() ? "random, seed " + std::to_string(options.seed)
                                : std::string("from .npy files"))
     << ")\n";
  int firstLayer = -1;
  const Observed *firstValue = nullptr;
  Mismatch firstMismatch;
  for (int l = 0; l < kNumLayers; ++l) {
    unsigned bad = 0;
    for (const Observed &v : observed) {
      Mismatch m =
          compare(results[l].ts[v.output], results[kGraph].ts[v.output]);
      if (!m.count)
        continue;
      if (!bad && firstLayer < 0)
        firstLayer = l, firstValue = &v, firstMismatch = m;
      ++bad;
    }
    os << "  " << llvm::left_justify(kLayerNames[l], 7)
       << llvm::left_justify(kHow[l], 62);
    if (l == kGraph)
      os << "reference\n";
    else if (!bad)
      os << "matches\n";
    else
      os << "DIVERGES (" << bad << " of " << observed.size() << " values)\n";
  }
  if (firstLayer < 0) {
    os << "all layers match the graph reference (f32 rtol 1e-4 atol 1e-5, "
          "f16 rtol 1e-2, bf16 rtol 3e-2, integers exactly)\n";
    return 0;
  }

  const Observed &v = *firstValue;
  strata_tensor *got = results[firstLayer].ts[v.output];
  auto [rtol, atol] = tolerance(strata_tensor_dtype(got));
  os << "first divergence: layer " << kLayerNames[firstLayer]
     << " (made by the " << kPhaseThatMade[firstLayer] << " phase)";
  if (v.kernel >= 0)
    os << ", kernel '" << groups[v.kernel].name << "'";
  os << "\n  value: " << describeNode(v.node) << " (entry output " << v.output
     << ")\n  " << firstMismatch.count << " of "
     << strata_tensor_num_elements(got) << " elements differ; worst at "
     << indexString(got, firstMismatch.worstIndex) << ": got "
     << llvm::format("%.7g", firstMismatch.got) << ", reference "
     << llvm::format("%.7g", firstMismatch.want) << " (tolerance rtol "
     << llvm::format("%g", rtol) << ", atol " << llvm::format("%g", atol)
     << ")\n";
  if (v.kernel < 0)
    return 1;
  const KernelGroup &g = groups[v.kernel];
  os << "  graph ops in the kernel:\n";
  for (unsigned id : g.members)
    os << "    " << describeNode(id) << "\n";
  // The kernel's IR before and after the phase that made the layer.
  int before = firstLayer - 1;
  auto printKernel = [&](int layer, raw_ostream &out) {
    OpPrintingFlags flags;
    flags.elideLargeElementsAttrs(16).useLocalScope();
    if (layer == kGraph) {
      out << "// graph ops of kernel '" << g.name << "' (graph layer)\n";
      for (unsigned id : g.members)
        nodes[id]->print(out, flags), out << "\n";
      return;
    }
    Operation *found = nullptr;
    ir[layer]->walk([&](Operation *op) {
      if (auto k = dyn_cast<tile::KernelOp>(op); k && k.getSymName() == g.name)
        found = op;
      if (auto k = dyn_cast<kernel::FuncOp>(op); k && k.getSymName() == g.name)
        found = op;
      if (auto f = dyn_cast<LLVM::LLVMFuncOp>(op);
          f && f.getSymName() == g.name)
        found = op;
    });
    out << "// kernel '" << g.name << "' at the " << kLayerNames[layer]
        << " layer\n";
    if (found)
      found->print(out, flags);
    else
      ir[layer]->print(out, flags);
    out << "\n";
  };
  std::string beforePath =
      join(dir, g.name + "." + kLayerNames[before] + ".mlir");
  std::string afterPath =
      join(dir, g.name + "." + kLayerNames[firstLayer] + ".mlir");
  if (failed(writeText(loc, beforePath,
                       [&](raw_ostream &out) { printKernel(before, out); })) ||
      failed(writeText(loc, afterPath, [&](raw_ostream &out) {
        printKernel(firstLayer, out);
      })))
    return 2;
  os << "  IR before the phase: " << beforePath
     << "\n  IR after the phase:  " << afterPath << "\n";
  return 1;
}

} // namespace strata::debug
