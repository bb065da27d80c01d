//===- Passes.td - contract verification --------------------*- tablegen -*-===//

#ifndef STRATA_CONTRACT_PASSES_TD
#define STRATA_CONTRACT_PASSES_TD

include "mlir/Pass/PassBase.td"

def VerifyContract : Pass<"strata-verify-contract", "mlir::ModuleOp"> {
  let summary = "Check the IR against the contract of one layer boundary";
  let description = [{
    `--strata-verify-contract=<boundary>` with boundary `graph-to-tile`,
    `tile-to-kernel` or `kernel-to-target` checks every rule of that
    boundary's contract on every op of the module and reports each violation
    at the offending op, naming the contract and the rule; the pass fails if
    any rule is broken. The pipeline runs it at every boundary. The rules
    are listed in docs/Contracts.md (generated with
    `strata-opt --print-contracts`).
  }];
  let options = [
    Option<"boundary", "boundary", "std::string", /*default=*/"\"\"",
           "graph-to-tile, tile-to-kernel or kernel-to-target">
  ];
}

#endif // STRATA_CONTRACT_PASSES_TD
