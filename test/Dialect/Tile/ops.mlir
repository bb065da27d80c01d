// Round trip of the tile dialect.
// RUN: strata-opt %s | strata-opt | FileCheck %s
// RUN: strata-opt %s --mlir-print-op-generic | strata-opt | FileCheck %s

// CHECK-LABEL: func.func @kernel
// CHECK: %[[R:.*]] = tile.kernel "matmul_bias" (%{{.*}}, %{{.*}}) {config = #tile.config<root = "matmul", workgroup = [4, 2], reduction = [8], vector = [2, 2, 1]>} : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32> {
// CHECK: ^bb0(%{{.*}}: tensor<8x16xf32>, %{{.*}}: tensor<16x4xf32>):
// CHECK: linalg.matmul
// CHECK: tile.yield %{{.*}} : tensor<8x4xf32>
func.func @kernel(%a: tensor<8x16xf32>, %b: tensor<16x4xf32>) -> tensor<8x4xf32> {
  %0 = tile.kernel "matmul_bias" (%a, %b) {config = #tile.config<root = "matmul", workgroup = [4, 2], reduction = [8], vector = [2, 2, 1]>} : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32> {
  ^bb0(%x: tensor<8x16xf32>, %y: tensor<16x4xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<8x4xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x4xf32>) -> tensor<8x4xf32>
    %m = linalg.matmul ins(%x, %y : tensor<8x16xf32>, tensor<16x4xf32>) outs(%f : tensor<8x4xf32>) -> tensor<8x4xf32>
    tile.yield %m : tensor<8x4xf32>
  }
  return %0 : tensor<8x4xf32>
}

// CHECK-LABEL: func.func @elementwise_no_reduction
// CHECK: #tile.config<root = "elementwise", workgroup = [64]>
func.func @elementwise_no_reduction(%a: tensor<128xf32>) -> tensor<128xf32> {
  %0 = tile.kernel "exp" (%a) {config = #tile.config<root = "elementwise", workgroup = [64]>} : (tensor<128xf32>) -> tensor<128xf32> {
  ^bb0(%x: tensor<128xf32>):
    %e = tensor.empty() : tensor<128xf32>
    %r = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%x : tensor<128xf32>) outs(%e : tensor<128xf32>) {
    ^bb1(%in: f32, %out: f32):
      %v = math.exp %in : f32
      linalg.yield %v : f32
    } -> tensor<128xf32>
    tile.yield %r : tensor<128xf32>
  }
  return %0 : tensor<128xf32>
}
