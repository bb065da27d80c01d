//===- Contract.h - machine-checked contracts between layers -------*- C++ -*-===//
//
// A contract states what the IR crossing one layer boundary may contain and
// which invariants it keeps. Each contract is declared once, as a table of
// rules (dialects/<Layer>/Contract/), from which come the verifier
// (--strata-verify-contract=<boundary>), the pipeline's checks and the docs.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_CONTRACT_CONTRACT_H
#define STRATA_CONTRACT_CONTRACT_H

#include "mlir/IR/Operation.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace strata::contract {

/// One rule. `check` is called for every op nested in the module (the module
/// itself excluded); it returns a reason when `op` breaks the rule.
struct Rule {
  llvm::StringLiteral id;
  llvm::StringLiteral summary;
  std::optional<std::string> (*check)(mlir::Operation *op);
};

/// The contract at one boundary: the IR that layer `from` gives and layer
/// `to` takes.
struct Contract {
  llvm::StringLiteral name; // "graph-to-tile"
  llvm::StringLiteral from; // "graph"
  llvm::StringLiteral to;   // "tile"
  unsigned version;
  llvm::StringLiteral summary;
  llvm::ArrayRef<Rule> rules;
};

/// The declarations, one per boundary (in dialects/<Layer>/Contract/).
const Contract &getGraphToTileContract();
const Contract &getTileToKernelContract();
const Contract &getKernelToTargetContract();
const Contract &getKernelToDeviceContract();

/// Every contract, top of the map first.
llvm::SmallVector<const Contract *> getAllContracts();

/// The contract named `name`, or null.
const Contract *lookupContract(llvm::StringRef name);

/// Checks every rule on every op under `root`; emits one located error per
/// violation ("'<op>' op breaks contract <name> v<version> rule '<id>':
/// <reason>") and fails if there was any.
mlir::LogicalResult verifyContract(mlir::Operation *root,
                                   const Contract &contract);

/// Writes the contracts as Markdown (the docs page comes from this).
void printContractsMarkdown(llvm::raw_ostream &os);

} // namespace strata::contract

#endif // STRATA_CONTRACT_CONTRACT_H
