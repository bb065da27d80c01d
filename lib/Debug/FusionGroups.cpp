//===- FusionGroups.cpp - which graph ops each kernel came from -----------===//
//
// Lowering keeps locations: every linalg op made from a graph op carries the
// graph op's location, and fusion fuses locations. Wrapping each graph op's
// location in a unique name ("strata.node.<i>") therefore lets us read, from
// the tile layer, which graph ops every tile.kernel holds and which graph
// value each kernel result is.
//
//===----------------------------------------------------------------------===//

#include "strata/Debug/Debug.h"

#include "dialects/Tile/IR/TileDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Location.h"

using namespace mlir;

namespace strata::debug {

static constexpr StringLiteral kTagPrefix = "strata.node.";

SmallVector<Operation *> tagGraphOps(func::FuncOp entry) {
  SmallVector<Operation *> nodes;
  entry.walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (op->getName().getDialectNamespace() != "graph")
      return;
    std::string tag = (kTagPrefix + Twine(nodes.size())).str();
    op->setLoc(
        NameLoc::get(StringAttr::get(op->getContext(), tag), op->getLoc()));
    nodes.push_back(op);
  });
  return nodes;
}

void collectNodeIds(Location loc, SmallVectorImpl<unsigned> &ids) {
  loc->walk([&](Location l) {
    if (auto name = dyn_cast<NameLoc>(l)) {
      StringRef s = name.getName().getValue();
      unsigned id;
      if (s.consume_front(kTagPrefix) && !s.getAsInteger(10, id) &&
          !llvm::is_contained(ids, id))
        ids.push_back(id);
    }
    return WalkResult::advance();
  });
}

Location untag(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    if (name.getName().getValue().starts_with(kTagPrefix))
      return name.getChildLoc();
  return loc;
}

SmallVector<KernelGroup> readKernelGroups(ModuleOp tileModule,
                                          ArrayRef<Operation *> nodes) {
  SmallVector<KernelGroup> groups;
  tileModule.walk([&](tile::KernelOp kernel) {
    KernelGroup g;
    g.name = kernel.getSymName().str();
    if (Attribute config = kernel.getConfigAttr()) {
      llvm::raw_string_ostream os(g.config);
      config.print(os);
    }
    // Constants, empty tensors and fills are shared (CSE merges them, with
    // their locations), so they do not say which graph op a kernel holds.
    kernel.getBody().walk([&](Operation *op) {
      if (op->hasTrait<OpTrait::ConstantLike>() ||
          isa<tensor::EmptyOp, linalg::FillOp>(op))
        return;
      collectNodeIds(op->getLoc(), g.members);
    });
    llvm::sort(g.members);
    Operation *yield = kernel.getBody().front().getTerminator();
    for (Value v : yield->getOperands()) {
      SmallVector<unsigned> ids;
      if (Operation *def = v.getDefiningOp())
        collectNodeIds(def->getLoc(), ids);
      // A fused op carries the locations of all it fused; the value is the
      // last of them in program order. A result of another shape is an
      // intermediate of that op (conv2d's padded input), not its value.
      int node = ids.empty() ? -1 : int(*llvm::max_element(ids));
      if (node >= 0 && unsigned(node) < nodes.size()) {
        Operation *op = nodes[node];
        auto want = op->getNumResults() == 1
                        ? dyn_cast<ShapedType>(op->getResult(0).getType())
                        : ShapedType();
        auto got = dyn_cast<ShapedType>(v.getType());
        if (!want || !got || want.getShape() != got.getShape())
          node = -1;
      }
      g.outputs.push_back(node);
    }
    groups.push_back(std::move(g));
  });
  // A graph op lowered to several kernels (softmax: a max/sum kernel, then
  // the normalization) is made by the last of them; the earlier ones hold
  // intermediates that are not the graph op's value.
  DenseSet<int> seen;
  for (KernelGroup &g : llvm::reverse(groups))
    for (int &node : g.outputs)
      if (node >= 0 && !seen.insert(node).second)
        node = -1;
  return groups;
}

FailureOr<SmallVector<KernelGroup>>
formKernelGroups(ModuleOp taggedGraph, ArrayRef<Operation *> nodes,
                 const pipeline::Options &options) {
  OwningOpRef<ModuleOp> copy = taggedGraph.clone();
  pipeline::Options o = options;
  o.testBreakPhase.reset();
  PassManager pm(taggedGraph.getContext());
  pipeline::buildGraphToTile(pm, o);
  if (failed(pm.run(*copy)))
    return failure();
  return readKernelGroups(*copy, nodes);
}

} // namespace strata::debug
