// Malformed input gets a located diagnostic and a non-zero exit, never a crash.
// RUN: not strata-opt %s 2>&1 | FileCheck %s
// CHECK: malformed.mlir:[[@LINE+3]]:{{[0-9]+}}: error: use of undeclared SSA value name
// CHECK-NOT: Stack dump
func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = graph.add %a, %missing : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
