//===- Passes.h - contract verification ----------------------------*- C++ -*-===//

#ifndef STRATA_CONTRACT_PASSES_H
#define STRATA_CONTRACT_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace strata::contract {

#define GEN_PASS_DECL
#include "strata/Contract/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "strata/Contract/Passes.h.inc"

} // namespace strata::contract

#endif // STRATA_CONTRACT_PASSES_H
