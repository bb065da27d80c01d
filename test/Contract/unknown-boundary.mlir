// An unknown boundary name is an error that lists the known ones.
// RUN: not strata-opt %s --strata-verify-contract=graph-to-kernel 2>&1 | FileCheck %s
// CHECK: error: unknown contract boundary 'graph-to-kernel'; expected one of: graph-to-tile, tile-to-kernel, kernel-to-target
func.func @f() {
  return
}
