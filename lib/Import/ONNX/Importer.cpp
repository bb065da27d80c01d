//===- Importer.cpp - ONNX graph -> one graph-dialect func.func -----------===//
//
// Walks an ONNX GraphProto without trusting it: value names are checked for
// definitions and duplicates, nodes are ordered topologically (cycles are
// reported), every op is looked up with the opset version in force, and each
// node's ops carry a location naming the node.
//
//===----------------------------------------------------------------------===//

#include "ImporterImpl.h"

#include "dialects/Graph/IR/GraphDialect.h"
#include "dialects/Graph/IR/ShapeInference.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"

#include <queue>

using namespace mlir;
using namespace strata::onnx;
namespace graph = strata::graph;

//===----------------------------------------------------------------------===//
// NodeContext
//===----------------------------------------------------------------------===//

OpBuilder &NodeContext::builder() { return importer.builder; }

InFlightDiagnostic NodeContext::error() {
  auto diag = emitError(loc);
  diag << desc << ": ";
  return diag;
}

FailureOr<Value> NodeContext::required(size_t i) {
  if (Value v = input(i))
    return v;
  return error() << "input #" << i << " is required";
}

/// The value of `root` if it is known at import time: a graph.constant, or
/// an op whose operands are all known and whose folder computes it (shape
/// arithmetic: Shape -> Gather/Slice -> Add/Mul/Where -> Concat -> ...).
/// Each value is folded once: `known` remembers the answers, null for "not
/// a constant", and the walk is iterative so that long chains are fine.
static DenseElementsAttr
getKnownConstant(Value root,
                 llvm::DenseMap<Value, DenseElementsAttr> &known) {
  SmallVector<Value> stack{root};
  while (!stack.empty()) {
    Value v = stack.back();
    if (known.count(v)) {
      stack.pop_back();
      continue;
    }
    Operation *op = v.getDefiningOp();
    if (auto c = dyn_cast_or_null<graph::ConstantOp>(op)) {
      known[v] = dyn_cast<DenseElementsAttr>(c.getValue());
      continue;
    }
    if (!op || op->getNumResults() != 1) {
      known[v] = {};
      continue;
    }
    // Fold once every operand is known; one non-constant operand settles it.
    bool pending = false, constant = true;
    for (Value operand : op->getOperands()) {
      auto it = known.find(operand);
      if (it == known.end()) {
        stack.push_back(operand);
        pending = true;
      } else if (!it->second) {
        constant = false;
        break;
      }
    }
    if (constant && pending)
      continue;
    DenseElementsAttr value;
    SmallVector<OpFoldResult> folded;
    if (constant) {
      SmallVector<Attribute> operands;
      for (Value operand : op->getOperands())
        operands.push_back(known.lookup(operand));
      if (succeeded(op->fold(operands, folded)) && folded.size() == 1) {
        if (auto attr = dyn_cast<Attribute>(folded.front()))
          value = dyn_cast<DenseElementsAttr>(attr);
        else
          value = known.lookup(cast<Value>(folded.front()));
      }
    }
    // A folder's answer must have the result's (static) type.
    if (value && value.getType() != v.getType())
      value = {};
    known[v] = value;
  }
  return known.lookup(root);
}

/// The graph inputs `v` is computed from, for diagnostics.
static SmallVector<std::string> graphInputsOf(Value v) {
  SmallVector<std::string> names;
  llvm::DenseSet<Value> seen;
  SmallVector<Value> stack{v};
  while (!stack.empty()) {
    Value cur = stack.pop_back_val();
    if (!seen.insert(cur).second)
      continue;
    if (auto arg = dyn_cast<BlockArgument>(cur)) {
      auto func = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp());
      if (auto name = func ? func.getArgAttrOfType<StringAttr>(
                                 arg.getArgNumber(), "strata.name")
                           : StringAttr())
        names.push_back(name.str());
      continue;
    }
    if (Operation *op = cur.getDefiningOp())
      llvm::append_range(stack, op->getOperands());
  }
  llvm::sort(names);
  return names;
}

FailureOr<DenseElementsAttr> NodeContext::constantInput(size_t i,
                                                        StringRef role) {
  Value v = input(i);
  if (!v)
    return error() << "input #" << i << " (" << role << ") is required";
  if (DenseElementsAttr c = getKnownConstant(v, importer.known))
    return c;
  auto diag = error() << "input #" << i << " '" << inputName(i) << "' ("
                      << role
                      << ") must be a constant (an initializer or the output "
                         "of a Constant node) for Strata to import it";
  // Name the graph inputs it comes from (when it is not one itself), whose
  // values would make it known.
  SmallVector<std::string> from = graphInputsOf(v);
  if (!from.empty() && !isa<BlockArgument>(v)) {
    diag << "; it depends on graph input" << (from.size() > 1 ? "s " : " ");
    llvm::interleaveComma(from, diag, [&](const std::string &n) {
      diag << "'" << n << "'";
    });
  }
  return diag;
}

FailureOr<SmallVector<int64_t>> NodeContext::intsInput(size_t i,
                                                       StringRef role) {
  auto c = constantInput(i, role);
  if (failed(c))
    return failure();
  if (!c->getElementType().isInteger(64) && !c->getElementType().isInteger(32))
    return error() << "input #" << i << " (" << role
                   << ") must hold integers, got " << c->getType();
  SmallVector<int64_t> out;
  for (const APInt &v : c->getValues<APInt>())
    out.push_back(v.getSExtValue());
  return out;
}

const pb::AttributeProto *NodeContext::attr(StringRef name) const {
  for (const auto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t NodeContext::getInt(StringRef name, int64_t dflt) const {
  const auto *a = attr(name);
  return a && a->type() == pb::AttributeProto::INT ? a->i() : dflt;
}

float NodeContext::getFloat(StringRef name, float dflt) const {
  const auto *a = attr(name);
  return a && a->type() == pb::AttributeProto::FLOAT ? a->f() : dflt;
}

std::string NodeContext::getString(StringRef name, StringRef dflt) const {
  const auto *a = attr(name);
  return a && a->type() == pb::AttributeProto::STRING ? a->s() : dflt.str();
}

std::optional<SmallVector<int64_t>>
NodeContext::getInts(StringRef name) const {
  const auto *a = attr(name);
  if (!a || a->type() != pb::AttributeProto::INTS)
    return std::nullopt;
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

FailureOr<int64_t> NodeContext::normalizeAxis(int64_t axis, int64_t rank,
                                              StringRef what, bool inclusive) {
  // An inclusive axis (Flatten) lies in [-rank, rank]; negative ones count
  // from rank either way.
  int64_t hi = inclusive ? rank + 1 : rank;
  if (axis < -rank || axis >= hi)
    return error() << what << " " << axis << " is out of range for rank "
                   << rank;
  return axis < 0 ? axis + rank : axis;
}

FailureOr<SmallVector<int64_t>>
NodeContext::normalizeAxes(ArrayRef<int64_t> axes, int64_t rank,
                           StringRef what) {
  SmallVector<int64_t> out;
  for (int64_t a : axes) {
    auto n = normalizeAxis(a, rank, what);
    if (failed(n))
      return failure();
    out.push_back(*n);
  }
  llvm::sort(out);
  if (std::adjacent_find(out.begin(), out.end()) != out.end())
    return error() << what << " lists an axis twice";
  return out;
}

Value NodeContext::constant(DenseElementsAttr value) {
  return graph::ConstantOp::create(builder(), loc, value).getResult();
}

Value NodeContext::scalar(double value, Type elementType) {
  auto type = RankedTensorType::get({}, elementType);
  DenseElementsAttr attr;
  if (auto f = dyn_cast<FloatType>(elementType)) {
    APFloat v(value);
    bool lost;
    v.convert(f.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    attr = DenseElementsAttr::get(type, v);
  } else if (elementType.isInteger(1)) {
    attr = DenseElementsAttr::get(type, value != 0);
  } else {
    attr = DenseElementsAttr::get(
        type, APInt(elementType.getIntOrFloatBitWidth(), int64_t(value),
                    /*isSigned=*/true));
  }
  return constant(attr);
}

//===----------------------------------------------------------------------===//
// Op table
//===----------------------------------------------------------------------===//

const llvm::StringMap<OpInfo> &strata::onnx::getOpTable() {
  static const llvm::StringMap<OpInfo> table = [] {
    llvm::StringMap<OpInfo> ops;
    registerElementwiseOps(ops);
    registerNNOps(ops);
    registerTensorOps(ops);
    registerQuantOps(ops);
    registerCompositeOps(ops);
    registerSignalOps(ops);
    return ops;
  }();
  return table;
}

const llvm::StringMap<OpInfo> *
strata::onnx::getDomainOpTable(StringRef domain) {
  static const llvm::StringMap<OpInfo> training = [] {
    llvm::StringMap<OpInfo> ops;
    registerTrainingOps(ops);
    return ops;
  }();
  return domain == "ai.onnx.preview.training" ? &training : nullptr;
}

std::vector<std::string> strata::onnx::describeSupportedOps() {
  std::vector<std::string> out;
  for (const auto &e : getOpTable())
    out.push_back(e.getKey().str() + ": " +
                  std::to_string(e.getValue().minVersion) + "+");
  for (const auto &e : *getDomainOpTable("ai.onnx.preview.training"))
    out.push_back("ai.onnx.preview.training." + e.getKey().str() + ": " +
                  std::to_string(e.getValue().minVersion) + "+");
  llvm::sort(out);
  return out;
}

//===----------------------------------------------------------------------===//
// Options
//===----------------------------------------------------------------------===//

bool strata::onnx::parseInputShape(StringRef spec, ImportOptions &options,
                                   std::string &error) {
  size_t colon = spec.rfind(':');
  if (colon == StringRef::npos || colon == 0) {
    error = "--input-shape expects NAME:DIMS (e.g. x:1x3x224x224), got '" +
            spec.str() + "'";
    return false;
  }
  StringRef name = spec.take_front(colon), dims = spec.drop_front(colon + 1);
  SmallVector<int64_t> shape;
  if (!dims.empty()) {
    SmallVector<StringRef> parts;
    dims.split(parts, 'x');
    for (StringRef p : parts) {
      int64_t d;
      if (p.getAsInteger(10, d) || d < 0) {
        error = "--input-shape: '" + p.str() + "' in '" + spec.str() +
                "' is not a non-negative integer";
        return false;
      }
      shape.push_back(d);
    }
  }
  options.inputShapes[name] = shape;
  return true;
}

//===----------------------------------------------------------------------===//
// The importer
//===----------------------------------------------------------------------===//

namespace {

std::string quoted(StringRef s) { return "'" + s.str() + "'"; }

std::string sanitizeName(StringRef name) {
  std::string out;
  for (char c : name)
    out += (llvm::isAlnum(c) || c == '_') ? c : '_';
  if (out.empty())
    return "main";
  if (llvm::isDigit(out.front()))
    out = "m_" + out;
  return out;
}

class ModelImporter {
public:
  ModelImporter(MLIRContext *ctx, StringRef path, const ImportOptions &options)
      : ctx(ctx), path(path.str()), options(options),
        fileLoc(FileLineColLoc::get(ctx, path, 0, 0)),
        tensors(ctx, modelDirOf(path), options),
        gi(ctx, path.str(), tensors) {}

  OwningOpRef<ModuleOp> run();

private:
  static std::string modelDirOf(StringRef path) {
    StringRef dir = llvm::sys::path::parent_path(path);
    return dir.empty() ? "." : dir.str();
  }
  LogicalResult checkOpsets(const pb::ModelProto &model);
  LogicalResult runChecker(const pb::ModelProto &model);
  FailureOr<Type> inputType(const pb::ValueInfoProto &input);
  LogicalResult importGraph(const pb::GraphProto &g, ModuleOp module);
  FailureOr<SmallVector<int>> sortNodes(const pb::GraphProto &g,
                                        const llvm::StringSet<> &defined);
  std::string describe(const pb::NodeProto &node, int index);
  Location nodeLoc(const pb::NodeProto &node, int index);
  LogicalResult importNode(const pb::NodeProto &node, int index);

  MLIRContext *ctx;
  std::string path;
  const ImportOptions &options;
  Location fileLoc;
  TensorLoader tensors;
  GraphImporter gi;
  /// Opset version per domain ("" is the default ONNX domain).
  llvm::StringMap<int64_t> opsets;
};

} // namespace

LogicalResult ModelImporter::checkOpsets(const pb::ModelProto &model) {
  for (const auto &o : model.opset_import()) {
    std::string domain = o.domain() == "ai.onnx" ? "" : o.domain();
    if (!opsets.insert({domain, o.version()}).second)
      return emitError(fileLoc, "opset_import lists domain '")
             << o.domain() << "' twice";
  }
  // A model of only non-default-domain ops (e.g. ai.onnx.preview.training)
  // needs no ai.onnx opset; a default-domain node without one is refused
  // when it is imported.
  auto it = opsets.find("");
  if (it == opsets.end()) {
    if (opsets.empty())
      return emitError(fileLoc, "the model imports no opset");
    return success();
  }
  if (it->second < kMinOpset || it->second > kMaxReviewedOpset)
    return emitError(fileLoc, "the model's ai.onnx opset ")
           << it->second << " is outside what Strata knows (" << kMinOpset
           << ".." << kMaxReviewedOpset << ")";
  return success();
}

LogicalResult ModelImporter::runChecker(const pb::ModelProto &model) {
  if (options.checker == CheckerMode::Never)
    return success();
  if (options.checker == CheckerMode::Auto) {
    // libonnx refuses IR versions and opsets newer than itself; its verdict
    // on those says nothing about the model, so the checker is skipped and
    // Strata's own checks (always on) stand alone.
    if (model.ir_version() > onnxCheckerIrVersion() ||
        opsets.lookup("") > onnxCheckerMaxOpset())
      return success();
    for (const auto &e : opsets)
      if (!e.getKey().empty())
        return success();
  }
  std::string error;
  if (!runOnnxChecker(model, error))
    return emitError(fileLoc, "the ONNX checker rejects the model: ")
           << error;
  return success();
}

FailureOr<Type> ModelImporter::inputType(const pb::ValueInfoProto &input) {
  const std::string &name = input.name();
  if (!input.has_type() || !input.type().has_tensor_type())
    return emitError(fileLoc, "graph input ")
           << quoted(name)
           << " is not a tensor (sequence, map, optional and sparse inputs "
              "are not supported)";
  const auto &tt = input.type().tensor_type();
  Type elementType = convertDataType(tt.elem_type(), ctx);
  if (!elementType)
    return emitError(fileLoc, "graph input ")
           << quoted(name) << " has element type "
           << dataTypeName(tt.elem_type())
           << ", which Strata does not support (supported: FLOAT, FLOAT16, "
              "BFLOAT16, DOUBLE, INT8, INT16, INT32, INT64, UINT8, UINT16, "
              "UINT32, "
              "UINT64, BOOL)";
  SmallVector<int64_t> shape;
  SmallVector<std::string> params;
  bool hasShape = tt.has_shape();
  if (hasShape) {
    for (const auto &d : tt.shape().dim()) {
      if (d.has_dim_value()) {
        if (d.dim_value() < 0)
          return emitError(fileLoc, "graph input ")
                 << quoted(name) << " has a negative dimension "
                 << d.dim_value();
        shape.push_back(d.dim_value());
      } else {
        shape.push_back(ShapedType::kDynamic);
      }
      params.push_back(d.has_dim_param() ? d.dim_param() : "?");
    }
  }
  auto given = options.inputShapes.find(name);
  if (given != options.inputShapes.end()) {
    ArrayRef<int64_t> g = given->second;
    if (hasShape && g.size() != shape.size())
      return emitError(fileLoc, "--input-shape for ")
             << quoted(name) << " has rank " << g.size()
             << ", but the model's input has rank " << shape.size();
    for (auto [i, d] : llvm::enumerate(g))
      if (hasShape && !ShapedType::isDynamic(shape[i]) && shape[i] != d)
        return emitError(fileLoc, "--input-shape for ")
               << quoted(name) << " gives dim " << i << " = " << d
               << ", but the model fixes it to " << shape[i];
    shape.assign(g.begin(), g.end());
    hasShape = true;
  }
  if (!hasShape)
    return emitError(fileLoc, "graph input ")
           << quoted(name)
           << " has no shape (unknown rank); give one with --input-shape="
           << name << ":DIMS";
  if (!graph::shape::numElements(shape))
    return emitError(fileLoc, "graph input ")
           << quoted(name) << ": the element count of its shape overflows";
  if (options.requireStaticInputs) {
    for (auto [i, d] : llvm::enumerate(shape))
      if (ShapedType::isDynamic(d))
        return emitError(fileLoc, "graph input ")
               << quoted(name) << " has dynamic dim " << i << " ('"
               << params[i]
               << "'); Strata artifacts need static shapes: give one with "
                  "--input-shape="
               << name << ":" << "DIMS (e.g. 1x3x224x224)";
  }
  return RankedTensorType::get(shape, elementType);
}

std::string ModelImporter::describe(const pb::NodeProto &node, int index) {
  std::string who = node.name().empty()
                        ? "node #" + std::to_string(index)
                        : "node " + quoted(node.name());
  std::string domain =
      node.domain().empty() || node.domain() == "ai.onnx" ? "" : node.domain();
  std::string op = "op " + quoted(node.op_type());
  if (!domain.empty())
    op += ", domain " + quoted(domain);
  auto it = opsets.find(domain);
  if (it != opsets.end())
    op += ", opset " + std::to_string(it->second);
  return who + " (" + op + ")";
}

Location ModelImporter::nodeLoc(const pb::NodeProto &node, int index) {
  // loc("name"("model.onnx":N:0)): N is the node's 1-based position in
  // graph.node, so unnamed nodes are still found.
  std::string name = node.name().empty()
                         ? node.op_type() + "#" + std::to_string(index)
                         : node.name();
  return NameLoc::get(StringAttr::get(ctx, name),
                      FileLineColLoc::get(ctx, path, index + 1, 0));
}

FailureOr<SmallVector<int>>
ModelImporter::sortNodes(const pb::GraphProto &g,
                         const llvm::StringSet<> &defined) {
  int n = g.node_size();
  llvm::StringMap<int> producer;
  for (int i = 0; i < n; ++i) {
    for (const std::string &out : g.node(i).output()) {
      if (out.empty())
        continue;
      if (defined.contains(out))
        return emitError(nodeLoc(g.node(i), i), describe(g.node(i), i))
               << ": output " << quoted(out)
               << " is already defined as a graph input or initializer";
      auto [it, inserted] = producer.insert({out, i});
      if (!inserted)
        return emitError(nodeLoc(g.node(i), i), describe(g.node(i), i))
               << ": output " << quoted(out) << " is already defined by "
               << describe(g.node(it->second), it->second);
    }
  }
  std::vector<SmallVector<int>> users(n);
  std::vector<int> pending(n, 0);
  for (int i = 0; i < n; ++i) {
    const auto &node = g.node(i);
    for (auto [k, in] : llvm::enumerate(node.input())) {
      if (in.empty() || defined.contains(in))
        continue;
      auto it = producer.find(in);
      if (it == producer.end())
        return emitError(nodeLoc(node, i), describe(node, i))
               << ": input #" << k << " " << quoted(in) << " is not defined";
      users[it->second].push_back(i);
      ++pending[i];
    }
  }
  // Kahn's algorithm, taking the lowest-numbered ready node first so that a
  // well-ordered graph keeps its order.
  std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
  for (int i = 0; i < n; ++i)
    if (!pending[i])
      ready.push(i);
  SmallVector<int> order;
  while (!ready.empty()) {
    int i = ready.top();
    ready.pop();
    order.push_back(i);
    for (int u : users[i])
      if (--pending[u] == 0)
        ready.push(u);
  }
  if (int(order.size()) != n) {
    for (int i = 0; i < n; ++i)
      if (pending[i])
        return emitError(nodeLoc(g.node(i), i), describe(g.node(i), i))
               << " is on a cycle: the graph is not a DAG";
  }
  return order;
}

LogicalResult ModelImporter::importNode(const pb::NodeProto &node, int index) {
  Location loc = nodeLoc(node, index);
  std::string desc = describe(node, index);
  std::string domain =
      node.domain() == "ai.onnx" ? std::string() : node.domain();
  auto opset = opsets.find(domain);
  if (opset == opsets.end())
    return emitError(loc, desc) << ": the model imports no opset for domain "
                                << quoted(domain);
  const auto *table = domain.empty() ? &getOpTable() : getDomainOpTable(domain);
  auto it = table ? table->find(node.op_type()) : getOpTable().end();
  if (!table || it == table->end())
    return emitError(loc, desc) << " is not supported";
  const OpInfo &info = it->second;
  int64_t version = 0;
  for (int64_t v : info.history)
    if (v <= opset->second)
      version = v;
  if (version == 0)
    return emitError(loc, desc)
           << " is not supported: the op does not exist at this opset";
  if (version < info.minVersion)
    return emitError(loc, desc)
           << " is not supported: this opset uses " << node.op_type() << "-"
           << version << "; Strata imports " << node.op_type() << "-"
           << info.minVersion << " and later";
  for (const auto &a : node.attribute())
    if (a.has_g() || a.graphs_size())
      return emitError(loc, desc) << ": subgraph attributes are not supported";

  NodeContext c(gi, node, opset->second, version, loc, desc);
  for (const std::string &in : node.input())
    c.operands.push_back(in.empty() ? Value() : gi.values.lookup(in));
  if (failed(info.convert(c)))
    return failure();
  for (auto [i, out] : llvm::enumerate(node.output())) {
    if (out.empty())
      continue;
    if (i >= c.results.size() || !c.results[i])
      return emitError(loc, desc) << ": output #" << i << " " << quoted(out)
                                  << " is not supported";
    gi.values[out] = c.results[i];
  }
  return success();
}

LogicalResult ModelImporter::importGraph(const pb::GraphProto &g,
                                         ModuleOp module) {
  if (g.sparse_initializer_size())
    return emitError(fileLoc, "sparse initializers are not supported");

  // Initializers first: they are constants, and override a graph input of
  // the same name (ONNX IR >= 4).
  llvm::StringSet<> defined;
  for (const auto &t : g.initializer()) {
    if (t.name().empty())
      return emitError(fileLoc, "an initializer has no name");
    if (!defined.insert(t.name()).second)
      return emitError(fileLoc, "initializer ")
             << quoted(t.name()) << " is defined twice";
  }
  SmallVector<const pb::ValueInfoProto *> args;
  SmallVector<Type> argTypes;
  llvm::StringSet<> inputNames;
  for (const auto &in : g.input()) {
    if (!inputNames.insert(in.name()).second)
      return emitError(fileLoc, "graph input ")
             << quoted(in.name()) << " is listed twice";
    if (defined.contains(in.name()))
      continue;
    auto type = inputType(in);
    if (failed(type))
      return failure();
    args.push_back(&in);
    argTypes.push_back(*type);
  }
  for (const auto &e : options.inputShapes)
    if (!inputNames.contains(e.getKey()) || defined.contains(e.getKey()))
      return emitError(fileLoc, "--input-shape names ")
             << quoted(e.getKey()) << ", which is not a graph input";
  for (const auto *a : args)
    defined.insert(a->name());

  auto order = sortNodes(g, defined);
  if (failed(order))
    return failure();

  std::string name = options.functionName.empty() ? sanitizeName(g.name())
                                                  : options.functionName;
  OpBuilder &b = gi.builder;
  b.setInsertionPointToEnd(module.getBody());
  auto func = func::FuncOp::create(b, fileLoc, name,
                                   b.getFunctionType(argTypes, {}));
  Block *body = func.addEntryBlock();
  for (auto [i, a] : llvm::enumerate(args)) {
    func.setArgAttr(i, "strata.name", b.getStringAttr(a->name()));
    gi.values[a->name()] = body->getArgument(i);
  }
  b.setInsertionPointToStart(body);
  for (const auto &t : g.initializer()) {
    Location loc = NameLoc::get(b.getStringAttr(t.name()), fileLoc);
    auto value = tensors.load(t, "initializer " + quoted(t.name()), loc);
    if (failed(value))
      return failure();
    gi.values[t.name()] = graph::ConstantOp::create(b, loc, *value);
  }

  for (int i : *order)
    if (failed(importNode(g.node(i), i)))
      return failure();

  SmallVector<Value> results;
  llvm::StringSet<> outputNames;
  for (const auto &out : g.output()) {
    Value v = gi.values.lookup(out.name());
    if (!v)
      return emitError(fileLoc, "graph output ")
             << quoted(out.name()) << " is not defined";
    results.push_back(v);
  }
  func::ReturnOp::create(b, NameLoc::get(b.getStringAttr("return"), fileLoc),
                         results);
  func.setFunctionType(
      b.getFunctionType(argTypes, ValueRange(results).getTypes()));
  for (auto [i, out] : llvm::enumerate(g.output()))
    func.setResultAttr(i, "strata.name", b.getStringAttr(out.name()));
  if (g.output_size() == 0)
    return emitError(fileLoc, "the graph has no outputs");
  return success();
}

OwningOpRef<ModuleOp> ModelImporter::run() {
  ctx->loadDialect<graph::GraphDialect, func::FuncDialect>();
  pb::ModelProto model;
  if (failed(readModelFile(path, model, fileLoc)))
    return {};
  if (failed(checkOpsets(model)) || failed(runChecker(model)))
    return {};
  if (!model.has_graph())
    return emitError(fileLoc, "the model has no graph"), nullptr;
  if (model.functions_size())
    return emitError(fileLoc,
                     "model-local functions are not supported"),
           nullptr;
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  if (failed(importGraph(model.graph(), *module)))
    return {};
  if (failed(verify(*module)))
    return {};
  return module;
}

OwningOpRef<ModuleOp> strata::onnx::importModel(StringRef path,
                                                MLIRContext &context,
                                                const ImportOptions &options) {
  return ModelImporter(&context, path, options).run();
}
