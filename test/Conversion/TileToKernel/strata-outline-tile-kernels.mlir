// RUN: strata-opt %s -strata-outline-tile-kernels | FileCheck %s

// CHECK: func.func private @exp_0(%[[A:.*]]: tensor<8xf32>) -> tensor<8xf32> attributes {strata.kernel, tile.config = #tile.config<root = "elementwise", workgroup = [4]>}
// CHECK: linalg.exp
// CHECK: return
// CHECK-LABEL: func.func @host
// CHECK: %[[R:.*]] = call @exp_0(%{{.*}}) : (tensor<8xf32>) -> tensor<8xf32>
// CHECK: return %[[R]]
func.func @host(%a: tensor<8xf32>) -> tensor<8xf32> {
  %0 = tile.kernel "exp_0" (%a) {config = #tile.config<root = "elementwise", workgroup = [4]>} : (tensor<8xf32>) -> tensor<8xf32> {
  ^bb0(%x: tensor<8xf32>):
    %e = tensor.empty() : tensor<8xf32>
    %r = linalg.exp ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
    tile.yield %r : tensor<8xf32>
  }
  return %0 : tensor<8xf32>
}
