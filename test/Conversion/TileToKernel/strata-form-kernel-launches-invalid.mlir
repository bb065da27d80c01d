// RUN: strata-opt %s -strata-form-kernel-launches -verify-diagnostics

// expected-error @+1 {{'func.func' op kernel still returns values after bufferization; expected out-parameters}}
func.func private @k(%a: memref<8xf32>) -> memref<8xf32> attributes {strata.kernel} {
  return %a : memref<8xf32>
}
