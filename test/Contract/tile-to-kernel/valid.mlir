// A tile program the tile-to-kernel contract accepts.
// RUN: strata-opt %s --strata-verify-contract=tile-to-kernel | FileCheck %s
// CHECK-LABEL: func.func @ok
func.func @ok(%a: tensor<4x2xf32>) -> tensor<8xf32> {
  %w = arith.constant dense<1.0> : tensor<4x2xf32>
  %0 = tile.kernel "add_0" (%a, %w) {config = #tile.config<root = "elementwise", workgroup = [2, 0]>} : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32> {
  ^bb0(%x: tensor<4x2xf32>, %y: tensor<4x2xf32>):
    %e = tensor.empty() : tensor<4x2xf32>
    %r = linalg.add ins(%x, %y : tensor<4x2xf32>, tensor<4x2xf32>) outs(%e : tensor<4x2xf32>) -> tensor<4x2xf32>
    tile.yield %r : tensor<4x2xf32>
  }
  %1 = tensor.collapse_shape %0 [[0, 1]] : tensor<4x2xf32> into tensor<8xf32>
  return %1 : tensor<8xf32>
}
