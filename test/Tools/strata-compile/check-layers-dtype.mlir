// --check-layers refuses values it cannot compare (float8 and the other
// low-precision types) rather than letting them pass unchecked.
// RUN: not strata-compile %s --check-layers --check-layers-dir=%t 2>&1 | FileCheck %s
// CHECK: error: --check-layers: value 'output0' has type {{[a-z0-9_]+}}, which --check-layers cannot compare yet
func.func @f(%x: tensor<4xf32>) -> tensor<4xf8E4M3FN> {
  %0 = graph.cast %x : tensor<4xf32> to tensor<4xf8E4M3FN>
  return %0 : tensor<4xf8E4M3FN>
}
