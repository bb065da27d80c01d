//===- RuleHelpers.h - small predicates contract rules share -------*- C++ -*-===//

#ifndef STRATA_CONTRACT_RULEHELPERS_H
#define STRATA_CONTRACT_RULEHELPERS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"

#include <initializer_list>
#include <optional>
#include <string>

namespace strata::contract {

/// The op's dialect namespace ("" for unregistered ops).
inline llvm::StringRef dialectOf(mlir::Operation *op) {
  return op->getName().getDialectNamespace();
}

inline bool inDialects(mlir::Operation *op,
                       std::initializer_list<llvm::StringRef> names) {
  llvm::StringRef d = dialectOf(op);
  for (llvm::StringRef n : names)
    if (d == n)
      return true;
  return false;
}

inline bool isOneOf(mlir::Operation *op,
                    std::initializer_list<llvm::StringRef> names) {
  llvm::StringRef n = op->getName().getStringRef();
  for (llvm::StringRef x : names)
    if (n == x)
      return true;
  return false;
}

/// Whether `op` sits directly in the body of an op named `parentName`.
inline bool directlyIn(mlir::Operation *op, llvm::StringRef parentName) {
  mlir::Operation *parent = op->getParentOp();
  return parent && parent->getName().getStringRef() == parentName;
}

/// The first type of `op`'s results, operands or region arguments for which
/// `pred` holds.
template <typename Pred>
std::optional<mlir::Type> findType(mlir::Operation *op, Pred pred) {
  for (mlir::Type t : op->getResultTypes())
    if (pred(t))
      return t;
  for (mlir::Type t : op->getOperandTypes())
    if (pred(t))
      return t;
  for (mlir::Region &r : op->getRegions())
    for (mlir::Block &b : r)
      for (mlir::BlockArgument a : b.getArguments())
        if (pred(a.getType()))
          return a.getType();
  return std::nullopt;
}

inline std::string typeToString(mlir::Type t) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << t;
  return s;
}

} // namespace strata::contract

#endif // STRATA_CONTRACT_RULEHELPERS_H
