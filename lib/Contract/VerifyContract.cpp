//===- VerifyContract.cpp - strata-verify-contract ------------------------===//

#include "strata/Contract/Contract.h"
#include "strata/Contract/Passes.h"

namespace strata::contract {
#define GEN_PASS_DEF_VERIFYCONTRACT
#include "strata/Contract/Passes.h.inc"
} // namespace strata::contract

using namespace mlir;
using namespace strata::contract;

namespace {
struct VerifyContractPass
    : public strata::contract::impl::VerifyContractBase<VerifyContractPass> {
  using VerifyContractBase::VerifyContractBase;

  /// Accepts the bare form `--strata-verify-contract=graph-to-tile` as well
  /// as `boundary=graph-to-tile`.
  LogicalResult initializeOptions(
      StringRef options,
      function_ref<LogicalResult(const Twine &)> errorHandler) override {
    if (!options.empty() && !options.contains('=')) {
      boundary = options.trim().str();
      return success();
    }
    return Pass::initializeOptions(options, errorHandler);
  }

  void runOnOperation() override {
    const Contract *contract = lookupContract(boundary);
    if (!contract) {
      std::string names;
      for (const Contract *c : getAllContracts())
        names += (names.empty() ? "" : ", ") + c->name.str();
      getOperation().emitError("unknown contract boundary '")
          << boundary << "'; expected one of: " << names;
      return signalPassFailure();
    }
    if (failed(verifyContract(getOperation(), *contract)))
      signalPassFailure();
    markAllAnalysesPreserved();
  }
};
} // namespace
