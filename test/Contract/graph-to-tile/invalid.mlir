// Each rule of the graph-to-tile contract, broken once.
// RUN: strata-opt %s -split-input-file --strata-verify-contract=graph-to-tile -verify-diagnostics

// expected-error @+1 {{'memref.global' op breaks contract graph-to-tile v1 rule 'module-functions': the module may only hold func.func}}
memref.global "private" @g : memref<2xf32>

// -----

func.func @foreign(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'arith.addf' op breaks contract graph-to-tile v1 rule 'graph-ops-only': only graph ops and func.return may appear in a graph function, found 'arith.addf'}}
  %0 = arith.addf %a, %a : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @dynamic(%a: tensor<2x3xf32>) -> tensor<6xf32> {
  // expected-error @+1 {{'graph.add' op breaks contract graph-to-tile v1 rule 'static-shapes': type tensor<?x3xf32> has a dynamic dimension (v1 takes static shapes); run strata-graph-infer-shapes or give static input shapes}}
  %0 = graph.add %a, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<?x3xf32>
  // expected-error @+1 {{'graph.reshape' op breaks contract graph-to-tile v1 rule 'static-shapes'}}
  %1 = graph.reshape %0 : tensor<?x3xf32> to tensor<6xf32>
  return %1 : tensor<6xf32>
}

// -----

// expected-error @+1 {{'func.func' op breaks contract graph-to-tile v1 rule 'static-shapes': argument type tensor<?xf32> has a dynamic dimension}}
func.func @dynamic_signature(%a: tensor<?xf32>) {
  return
}
