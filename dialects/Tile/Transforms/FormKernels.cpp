//===- FormKernels.cpp - strata-tile-form-kernels --------------------------===//
//
// Partitions a function of upstream ops on tensors into fusion groups and
// wraps each group into one tile.kernel. See Passes.td for the grouping rule.
//
//===----------------------------------------------------------------------===//

#include "dialects/Tile/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/SetVector.h"

namespace strata::tile {
#define GEN_PASS_DEF_TILEFORMKERNELS
#include "dialects/Tile/Transforms/Passes.h.inc"
} // namespace strata::tile

using namespace mlir;
using namespace strata::tile;

namespace {

/// Constants up to this many elements are cloned into kernels instead of
/// being passed in.
constexpr int64_t kMaxClonedConstantElements = 64;

/// Ops that are cloned into every kernel that uses them: empties, small
/// constants, and reshapes of those (an init tensor built in a collapsed
/// shape and expanded on the host).
bool isClonable(Operation *op) {
  if (isa<tensor::EmptyOp>(op))
    return true;
  if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(op)) {
    Operation *src = op->getOperand(0).getDefiningOp();
    return src && isClonable(src);
  }
  auto c = dyn_cast<arith::ConstantOp>(op);
  if (!c)
    return false;
  auto shaped = dyn_cast<ShapedType>(c.getType());
  if (!shaped)
    return true;
  auto dense = dyn_cast<DenseElementsAttr>(c.getValue());
  return dense && (dense.isSplat() ||
                   shaped.getNumElements() <= kMaxClonedConstantElements);
}

/// Ops that stay on the host between kernels.
bool staysOnHost(Operation *op) {
  return isa<arith::ConstantOp, tensor::EmptyOp, tensor::ExpandShapeOp,
             tensor::CollapseShapeOp>(op) ||
         op->hasTrait<OpTrait::IsTerminator>();
}

/// Elementwise ops may join a group after its root.
bool isElementwise(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  return linalgOp &&
         linalgOp.getNumLoops() == linalgOp.getNumParallelLoops();
}

struct Group {
  SmallVector<Operation *> ops;
  bool hasRoot = false;
};

/// A short kernel name from the group's root (or last) op: "matmul_3".
std::string kernelName(const Group &g, unsigned index) {
  Operation *named = g.ops.back();
  for (Operation *op : g.ops)
    if (!isElementwise(op)) {
      named = op;
      break;
    }
  StringRef name = named->getName().stripDialect();
  std::string s;
  for (char c : name)
    s += (c == '.' ? '_' : c);
  return s + "_" + std::to_string(index);
}

struct TileFormKernels
    : public strata::tile::impl::TileFormKernelsBase<TileFormKernels> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    if (!func.getBody().hasOneBlock()) {
      func.emitError("kernel formation expects a single-block function");
      return signalPassFailure();
    }
    Block &body = func.getBody().front();

    // 1. Partition.
    std::vector<Group> groups;
    DenseMap<Operation *, unsigned> groupOf;
    for (Operation &op : body) {
      if (staysOnHost(&op))
        continue;
      std::optional<unsigned> joined;
      bool elementwise = isElementwise(&op);
      for (Value operand : op.getOperands()) {
        Operation *producer = operand.getDefiningOp();
        auto it = producer ? groupOf.find(producer) : groupOf.end();
        if (it == groupOf.end())
          continue;
        Group &g = groups[it->second];
        if (g.hasRoot && !elementwise)
          continue;
        // Every result of the group must be used inside it or by `op`.
        bool contained = llvm::all_of(g.ops, [&](Operation *member) {
          return llvm::all_of(member->getUsers(), [&](Operation *user) {
            Operation *top = body.findAncestorOpInBlock(*user);
            return top == &op || (top && groupOf.lookup(top) == it->second &&
                                  groupOf.count(top));
          });
        });
        if (contained) {
          joined = it->second;
          break;
        }
      }
      if (!joined) {
        joined = groups.size();
        groups.emplace_back();
      }
      groups[*joined].ops.push_back(&op);
      groups[*joined].hasRoot |= !elementwise;
      groupOf[&op] = *joined;
    }

    // 2. Outline each group into a tile.kernel at its last op.
    for (auto [index, g] : llvm::enumerate(groups))
      if (failed(formKernel(g, index)))
        return signalPassFailure();

    // 3. Host constants, empties and reshapes that no one uses any more.
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
      if (isOpTriviallyDead(&op))
        op.erase();
  }

  LogicalResult formKernel(Group &g, unsigned index) {
    llvm::SmallPtrSet<Operation *, 8> members(g.ops.begin(), g.ops.end());
    auto inGroup = [&](Operation *user) {
      for (Operation *p = user; p; p = p->getParentOp())
        if (members.contains(p))
          return true;
      return false;
    };
    // Values flowing in, and ops to clone in (producers before users).
    llvm::SetVector<Value> inputs;
    llvm::SetVector<Operation *> clones;
    std::function<void(Operation *)> addClone = [&](Operation *def) {
      for (Value operand : def->getOperands())
        if (Operation *producer = operand.getDefiningOp())
          addClone(producer);
      clones.insert(def);
    };
    for (Operation *op : g.ops) {
      WalkResult walk = op->walk([&](Operation *nested) {
        for (Value v : nested->getOperands()) {
          Operation *def = v.getDefiningOp();
          if (def && inGroup(def))
            continue;
          if (auto arg = dyn_cast<BlockArgument>(v))
            if (inGroup(arg.getOwner()->getParentOp()))
              continue;
          if (def && isClonable(def))
            addClone(def);
          else if (isa<RankedTensorType>(v.getType()))
            inputs.insert(v);
          else {
            nested->emitOpError("uses ")
                << v.getType()
                << " value defined outside its kernel that is neither a "
                   "tensor nor a constant";
            return WalkResult::interrupt();
          }
        }
        return WalkResult::advance();
      });
      if (walk.wasInterrupted())
        return failure();
    }
    // Values flowing out.
    SmallVector<Value> outputs;
    for (Operation *op : g.ops)
      for (Value r : op->getResults())
        if (llvm::any_of(r.getUsers(),
                         [&](Operation *u) { return !inGroup(u); }))
          outputs.push_back(r);

    Operation *last = g.ops.back();
    OpBuilder b(last);
    SmallVector<Type> resultTypes;
    for (Value v : outputs)
      resultTypes.push_back(v.getType());
    auto kernel = KernelOp::create(b, last->getLoc(), kernelName(g, index),
                                   resultTypes, inputs.getArrayRef());
    Block &block = kernel.getBodyBlock();
    b.setInsertionPointToEnd(&block);
    auto yield = YieldOp::create(b, last->getLoc(), outputs);

    // Move the members in, clone the constants, rewire inputs.
    for (Operation *op : g.ops)
      op->moveBefore(yield);
    b.setInsertionPointToStart(&block);
    IRMapping cloned;
    for (Operation *c : clones) {
      Operation *copy = b.clone(*c, cloned);
      c->getResult(0).replaceUsesWithIf(
          copy->getResult(0), [&](OpOperand &use) {
            return kernel->isProperAncestor(use.getOwner());
          });
    }
    for (auto [input, arg] : llvm::zip_equal(inputs, block.getArguments()))
      Value(input).replaceUsesWithIf(arg, [&](OpOperand &use) {
        return kernel->isProperAncestor(use.getOwner());
      });
    for (auto [v, r] : llvm::zip_equal(outputs, kernel.getResults()))
      v.replaceUsesWithIf(r, [&](OpOperand &use) {
        return !kernel->isAncestor(use.getOwner());
      });
    return success();
  }
};

} // namespace
