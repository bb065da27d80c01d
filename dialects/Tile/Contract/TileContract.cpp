//===- TileContract.cpp - the tile-to-kernel contract ---------------------===//
//
// What the tile layer (L2) gives the tile-to-kernel conversion: kernels on
// tensors, each with its tiling configuration, and nothing else that
// computes.
//
//===----------------------------------------------------------------------===//

#include "strata/Contract/Contract.h"
#include "strata/Contract/RuleHelpers.h"

#include "dialects/Tile/IR/TileDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;

namespace strata::contract {

static std::optional<std::string> noGraphOps(Operation *op) {
  if (inDialects(op, {"graph"}))
    return std::string("graph ops must be lowered into tile.kernel bodies");
  return std::nullopt;
}

static std::optional<std::string> hostOps(Operation *op) {
  if (!directlyIn(op, "func.func"))
    return std::nullopt;
  if (isOneOf(op, {"tile.kernel", "arith.constant", "tensor.expand_shape",
                   "tensor.collapse_shape", "func.return"}))
    return std::nullopt;
  return "outside kernels only tile.kernel, arith.constant (weights), "
         "tensor.expand_shape/collapse_shape and func.return may appear, "
         "found '" +
         op->getName().getStringRef().str() + "'";
}

static std::optional<std::string> kernelConfig(Operation *op) {
  auto k = dyn_cast<tile::KernelOp>(op);
  if (k && !k.getConfig())
    return "kernel '" + k.getSymName().str() + "' has no #tile.config";
  return std::nullopt;
}

static std::optional<std::string> kernelBody(Operation *op) {
  auto k = op->getParentOfType<tile::KernelOp>();
  if (!k || inDialects(op, {"linalg", "tensor", "arith", "math", "scf",
                            "tile"}))
    return std::nullopt;
  return "kernel bodies hold linalg, tensor, arith, math and scf ops only, "
         "found '" +
         op->getName().getStringRef().str() + "' in kernel '" +
         k.getSymName().str() + "'";
}

static std::optional<std::string> noBuffers(Operation *op) {
  if (auto t = findType(op, [](Type t) { return isa<BaseMemRefType>(t); }))
    return "buffers (" + typeToString(*t) +
           ") do not exist before the kernel layer";
  return std::nullopt;
}

static const Rule kTileRules[] = {
    {"no-graph-ops", "No `graph` op is left.", noGraphOps},
    {"host-ops",
     "Outside kernels a function holds only `tile.kernel`, `arith.constant` "
     "(weights), `tensor.expand_shape`/`collapse_shape` and `func.return`.",
     hostOps},
    {"kernel-config", "Every `tile.kernel` carries a `#tile.config`.",
     kernelConfig},
    {"kernel-body",
     "Kernel bodies hold only `linalg`, `tensor`, `arith`, `math`, `scf` and "
     "`tile` ops.",
     kernelBody},
    {"no-buffers", "No value has a memref type: tensors only.", noBuffers},
};

const Contract &getTileToKernelContract() {
  static const Contract c{
      "tile-to-kernel", "tile", "kernel", 1,
      "One `tile.kernel` per fusion group, on tensors, with the tile sizes "
      "chosen for it. The kernel layer promises to bufferize each kernel, map "
      "its workgroup tiles to a grid and launch the kernels in program order.",
      kTileRules};
  return c;
}

} // namespace strata::contract
