//===- GraphOps.h - graph dialect (L1) ops -------------------------*- C++ -*-===//
//
// Op classes of the graph dialect, generated from GraphOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_DIALECTS_GRAPH_IR_GRAPHOPS_H
#define STRATA_DIALECTS_GRAPH_IR_GRAPHOPS_H

#include "dialects/Graph/IR/GraphDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/Graph/IR/GraphEnums.h.inc"

namespace strata::graph {
// Generated verifiers call these unqualified from this namespace.
using ::mlir::getElementTypeOrSelf;

namespace OpTrait {
/// Runs the op's shape rule at verification time with the op's location, so
/// that the rule's own reason reaches the user (InferTypeOpInterface's check
/// infers without a location and only reports that inference failed).
template <typename ConcreteType>
class ShapeRule : public ::mlir::OpTrait::TraitBase<ConcreteType, ShapeRule> {
public:
  static ::mlir::LogicalResult verifyTrait(::mlir::Operation *op) {
    ::llvm::SmallVector<::mlir::Type, 1> inferred;
    if (::mlir::failed(ConcreteType::inferReturnTypes(
            op->getContext(), op->getLoc(), op->getOperands(),
            op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
            op->getRegions(), inferred)))
      return ::mlir::failure();
    if (!ConcreteType::isCompatibleReturnTypes(inferred, op->getResultTypes()))
      return op->emitOpError("result type ")
             << op->getResultTypes() << " contradicts the inferred type "
             << ::mlir::TypeRange(inferred);
    return ::mlir::success();
  }
};
} // namespace OpTrait
} // namespace strata::graph

#define GET_OP_CLASSES
#include "dialects/Graph/IR/GraphOps.h.inc"

namespace strata::graph {
/// Largest non-splat tensor (in elements) that folders will compute at
/// compile time; bigger constants are left for the kernels.
constexpr int64_t kMaxFoldElements = 1 << 14;
} // namespace strata::graph

#endif // STRATA_DIALECTS_GRAPH_IR_GRAPHOPS_H
