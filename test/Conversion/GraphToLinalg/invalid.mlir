// RUN: strata-opt %s -split-input-file -verify-diagnostics -strata-convert-graph-to-linalg
// The pass fails, so strata-opt exits non-zero:
// RUN: not strata-opt %s -split-input-file -strata-convert-graph-to-linalg > /dev/null 2>&1

// Dynamic dims are reported on the op, naming the first dynamic value.
func.func @dynamic_operand(%a: tensor<?x3xf32>, %b: tensor<3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{'graph.add' op dynamic dimensions are not supported yet by strata-convert-graph-to-linalg (operand #0: tensor<?x3xf32>)}}
  %0 = graph.add %a, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @dynamic_result(%a: tensor<2x3xf32>) -> tensor<?x3xf32> {
  %0 = graph.exp %a : tensor<2x3xf32>
  // expected-error @+1 {{'graph.reshape' op dynamic dimensions are not supported yet by strata-convert-graph-to-linalg (result #0: tensor<?x3xf32>)}}
  %1 = graph.reshape %0 : tensor<2x3xf32> to tensor<?x3xf32>
  return %1 : tensor<?x3xf32>
}

// -----

// Every dynamic op is reported, not only the first.
func.func @dynamic_twice(%a: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{'graph.exp' op dynamic dimensions are not supported yet}}
  %0 = graph.exp %a : tensor<?xf32>
  // expected-error @+1 {{'graph.neg' op dynamic dimensions are not supported yet}}
  %1 = graph.neg %0 : tensor<?xf32>
  return %1 : tensor<?xf32>
}

// -----

// An op no pattern can lower fails the conversion at its location (here an
// integer gemm with a fractional alpha).
func.func @unsupported(%a: tensor<2x3xi32>, %b: tensor<3x4xi32>) -> tensor<2x4xi32> {
  // expected-error @+1 {{failed to legalize operation 'graph.gemm' that was explicitly marked illegal}}
  %0 = graph.gemm %a, %b {alpha = 0.5 : f32} : (tensor<2x3xi32>, tensor<3x4xi32>) -> tensor<2x4xi32>
  return %0 : tensor<2x4xi32>
}
