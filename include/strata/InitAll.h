//===- InitAll.h - register every Strata dialect and pass ----------*- C++ -*-===//
//
// One place that knows every Strata dialect, pass and pipeline, used by
// strata-opt and strata-compile so that both see the same world.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_INITALL_H
#define STRATA_INITALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace strata {

/// Adds the Strata dialects and the upstream dialects (with their interface
/// extensions) that Strata's layers use.
void registerAllDialects(mlir::DialectRegistry &registry);

/// Registers Strata's passes and the upstream passes, so that every
/// mlir-opt flag works in strata-opt.
void registerAllPasses();

} // namespace strata

#endif // STRATA_INITALL_H
