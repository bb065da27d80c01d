// An op the graph dialect does not have is named with its location.
// RUN: not strata-opt %s 2>&1 | FileCheck %s
// CHECK: unknown-op.mlir:[[@LINE+2]]:8: error: custom op 'graph.frobnicate' is unknown
func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = graph.frobnicate %a : tensor<2xf32>
  return %0 : tensor<2xf32>
}
