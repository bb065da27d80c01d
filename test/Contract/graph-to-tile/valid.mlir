// A graph program the graph-to-tile contract accepts.
// RUN: strata-opt %s --strata-verify-contract=graph-to-tile | FileCheck %s
// CHECK-LABEL: func.func @ok
func.func @ok(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = graph.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = graph.relu %0 : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}
