//===- DumpGraph.cpp - the graph layer as a Graphviz picture --------------===//
//
// strata-compile --dump-graph=FILE.dot|.svg: one node per graph op, one per
// entry input and output, edges labelled with the tensor type, and one
// cluster per kernel (fusion group) of the tile layer.
//
//===----------------------------------------------------------------------===//

#include "strata/Debug/Debug.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/SymbolTable.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

namespace strata::debug {

static std::string escape(StringRef s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

static std::string typeLabel(Type t) {
  std::string s;
  llvm::raw_string_ostream os(s);
  if (auto tensor = dyn_cast<RankedTensorType>(t)) {
    for (int64_t d : tensor.getShape())
      os << (ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d))
         << "x";
    os << tensor.getElementType();
  } else {
    os << t;
  }
  return s;
}

static std::string locLabel(Location loc) {
  loc = untag(loc);
  if (auto name = dyn_cast<NameLoc>(loc))
    return "'" + name.getName().str() + "'";
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    return (llvm::sys::path::filename(file.getFilename().getValue()) + ":" +
            Twine(file.getLine()) + ":" + Twine(file.getColumn()))
        .str();
  return "";
}

/// Writes the Graphviz text of `entry` (whose graph ops are tagged, ids in
/// `nodes` order) with `groups` as clusters.
static void writeDot(raw_ostream &os, func::FuncOp entry,
                     ArrayRef<Operation *> nodes,
                     ArrayRef<KernelGroup> groups) {
  DenseMap<Operation *, unsigned> idOf;
  for (auto [i, op] : llvm::enumerate(nodes))
    idOf[op] = i;
  os << "// strata-compile --dump-graph: the graph layer of '"
     << entry.getSymName() << "'; clusters are the kernels (fusion groups)\n"
     << "digraph \"" << escape(entry.getSymName()) << "\" {\n"
     << "  rankdir=TB;\n"
     << "  node [fontname=\"Helvetica\", fontsize=10, shape=box, "
        "style=\"rounded,filled\", fillcolor=white];\n"
     << "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  for (auto [i, arg] : llvm::enumerate(entry.getArguments())) {
    std::string name = "input" + std::to_string(i);
    if (auto n = entry.getArgAttrOfType<StringAttr>(i, "strata.name"))
      name = n.str();
    os << "  in" << i << " [shape=invhouse, fillcolor=\"#dbe9f6\", label=\""
       << escape(name) << "\\n"
       << typeLabel(arg.getType()) << "\"];\n";
  }
  auto nodeDecl = [&](unsigned id) {
    Operation *op = nodes[id];
    std::string label = op->getName().stripDialect().str();
    std::string where = locLabel(op->getLoc());
    if (isa<func::ReturnOp>(op))
      return;
    bool constant = op->getName().getStringRef() == "graph.constant";
    os << "    n" << id << " [label=\"" << escape(label);
    if (constant)
      os << "\\n" << typeLabel(op->getResult(0).getType());
    if (!where.empty())
      os << "\\n" << escape(where);
    os << "\"" << (constant ? ", shape=note, fillcolor=\"#eeeeee\"" : "")
       << "];\n";
  };
  // A graph op lowered to several kernels (conv2d: a pad kernel, then the
  // convolution) sits in the kernel that makes its value (else the last
  // kernel holding it); the others show
  // which op they are part of.
  SmallVector<int> owner(nodes.size(), -1);
  for (auto [k, g] : llvm::enumerate(groups))
    for (int node : g.outputs)
      if (node >= 0 && unsigned(node) < nodes.size())
        owner[node] = k;
  SmallVector<int> lastIn(nodes.size(), -1);
  for (auto [k, g] : llvm::enumerate(groups))
    for (unsigned id : g.members)
      if (id < nodes.size())
        lastIn[id] = k;
  for (unsigned id = 0; id < nodes.size(); ++id)
    if (owner[id] < 0)
      owner[id] = lastIn[id];
  for (auto [k, g] : llvm::enumerate(groups)) {
    os << "  subgraph cluster_" << k << " {\n    label=\"kernel "
       << escape(g.name);
    if (!g.config.empty())
      os << "\\n" << escape(g.config);
    os << "\";\n    style=\"rounded,filled\"; fillcolor=\"#fff4dc\"; "
          "color=\"#c08a2b\"; fontname=\"Helvetica\"; fontsize=9;\n";
    bool any = false;
    for (unsigned id : g.members)
      if (id < nodes.size() && owner[id] == int(k)) {
        nodeDecl(id);
        any = true;
      }
    if (!any) {
      os << "    k" << k << " [shape=plaintext, style=\"\", label=\"part of";
      for (unsigned id : g.members)
        if (id < nodes.size())
          os << " " << nodes[id]->getName().stripDialect();
      os << "\"];\n";
    }
    os << "  }\n";
    if (!any)
      for (unsigned id : g.members)
        if (id < nodes.size() && owner[id] >= 0)
          os << "  k" << k << " -> n" << id << " [style=dashed];\n";
  }
  for (unsigned id = 0; id < nodes.size(); ++id)
    if (owner[id] < 0)
      nodeDecl(id);
  // Edges, and the outputs.
  auto source = [&](Value v) -> std::string {
    if (auto arg = dyn_cast<BlockArgument>(v))
      return "in" + std::to_string(arg.getArgNumber());
    auto it = idOf.find(v.getDefiningOp());
    return it == idOf.end() ? std::string() : "n" + std::to_string(it->second);
  };
  for (auto [id, op] : llvm::enumerate(nodes))
    for (Value operand : op->getOperands()) {
      std::string from = source(operand);
      if (!from.empty())
        os << "  " << from << " -> n" << id << " [label=\" "
           << typeLabel(operand.getType()) << "\"];\n";
    }
  Operation *ret = entry.getBody().front().getTerminator();
  for (auto [i, v] : llvm::enumerate(ret->getOperands())) {
    std::string name = "output" + std::to_string(i);
    if (auto n = entry.getResultAttrOfType<StringAttr>(i, "strata.name"))
      name = n.str();
    os << "  out" << i << " [shape=house, fillcolor=\"#dff0d8\", label=\""
       << escape(name) << "\\n"
       << typeLabel(v.getType()) << "\"];\n";
    std::string from = source(v);
    if (!from.empty())
      os << "  " << from << " -> out" << i << ";\n";
  }
  os << "}\n";
}

LogicalResult dumpGraph(ModuleOp graph, StringRef entryName, StringRef path,
                        const pipeline::Options &options) {
  bool svg = path.ends_with(".svg");
  if (!svg && !path.ends_with(".dot"))
    return emitError(graph.getLoc())
           << "--dump-graph: the file must end in .dot or .svg, got '" << path
           << "'";
  OwningOpRef<ModuleOp> copy = graph.clone();
  auto entry = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
      *copy, StringAttr::get(graph.getContext(), entryName));
  if (!entry)
    return emitError(graph.getLoc())
           << "--dump-graph: no entry '" << entryName << "'";
  SmallVector<Operation *> nodes = tagGraphOps(entry);
  auto groups = formKernelGroups(*copy, nodes, options);
  if (failed(groups))
    return emitError(graph.getLoc())
           << "--dump-graph: cannot form the kernels (see the diagnostics "
              "above)";

  std::string dotPath = path.str();
  SmallString<128> tmp;
  if (svg) {
    if (std::error_code ec =
            llvm::sys::fs::createTemporaryFile("strata-graph", "dot", tmp))
      return emitError(graph.getLoc())
             << "--dump-graph: cannot create a temporary file: "
             << ec.message();
    dotPath = tmp.str().str();
  }
  std::string error;
  auto out = openOutputFile(dotPath, &error);
  if (!out)
    return emitError(graph.getLoc()) << "--dump-graph: " << error;
  writeDot(out->os(), entry, nodes, *groups);
  out->keep();
  out.reset();
  if (!svg)
    return success();

  auto dot = llvm::sys::findProgramByName("dot");
  if (!dot) {
    llvm::sys::fs::remove(tmp);
    return emitError(graph.getLoc())
           << "--dump-graph=" << path
           << ": rendering SVG needs Graphviz's 'dot' on PATH (Debian: apt "
              "install graphviz); --dump-graph=FILE.dot works without it";
  }
  std::string err;
  int rc = llvm::sys::ExecuteAndWait(*dot, {*dot, "-Tsvg", dotPath, "-o", path},
                                     std::nullopt, {}, 60, 0, &err);
  llvm::sys::fs::remove(tmp);
  if (rc != 0)
    return emitError(graph.getLoc())
           << "--dump-graph: 'dot -Tsvg' failed (exit " << rc << ")"
           << (err.empty() ? "" : ": " + err);
  return success();
}

} // namespace strata::debug
