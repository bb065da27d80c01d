// RUN: strata-opt %s -split-input-file -strata-tile-vectorize | FileCheck %s

// A 8x128 @ 128x32 f32 matmul with K cache tile 64 and register tile 4x16:
// K loop by 64, N by 16 with the B panel packed (linalg.copy) before the M
// loop by 4, the accumulator read before and written after the K-step loop,
// which carries it as a vector and does one broadcast-FMA per row.
// CHECK-LABEL: func.func @matmul
// CHECK: %[[PANEL:.*]] = tensor.empty() : tensor<64x16xf32>
// CHECK: scf.for {{.*}} step %c64
// CHECK: scf.for {{.*}} step %c16
// CHECK: linalg.copy {{.*}} outs(%[[PANEL]] : tensor<64x16xf32>)
// CHECK: scf.for {{.*}} step %c4
// CHECK: %[[ACC:.*]] = vector.transfer_read {{.*}} : tensor<4x16xf32>, vector<4x16xf32>
// CHECK: scf.for {{.*}} step %c1 iter_args({{.*}} = %[[ACC]]) -> (vector<4x16xf32>)
// CHECK-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// CHECK: scf.yield {{.*}} : vector<4x16xf32>
// CHECK: vector.transfer_write {{.*}} : vector<4x16xf32>, tensor<4x16xf32>
// CHECK-NOT: linalg.matmul
func.func @matmul(%a: tensor<8x128xf32>, %b: tensor<128x32xf32>) -> tensor<8x32xf32> {
  %0 = tile.kernel "mm" (%a, %b) {config = #tile.config<root = "matmul", workgroup = [0, 0, 0], reduction = [64], vector = [4, 16]>} : (tensor<8x128xf32>, tensor<128x32xf32>) -> tensor<8x32xf32> {
  ^bb0(%x: tensor<8x128xf32>, %y: tensor<128x32xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<8x32xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
    %m = linalg.matmul ins(%x, %y : tensor<8x128xf32>, tensor<128x32xf32>) outs(%f : tensor<8x32xf32>) -> tensor<8x32xf32>
    tile.yield %m : tensor<8x32xf32>
  }
  return %0 : tensor<8x32xf32>
}

// -----

// A register tile that does not divide the output (3 rows of 8) leaves
// dynamic tiles: they stay linalg.matmul, lowered by the scalar path.
// CHECK-LABEL: func.func @ragged
// CHECK: scf.for {{.*}} step %c3
// CHECK: linalg.matmul {{.*}} -> tensor<?x16xf32>
// CHECK-NOT: vector.fma
func.func @ragged(%a: tensor<8x16xf32>, %b: tensor<16x16xf32>) -> tensor<8x16xf32> {
  %0 = tile.kernel "mm" (%a, %b) {config = #tile.config<root = "matmul", workgroup = [0, 0, 0], reduction = [0], vector = [3, 16]>} : (tensor<8x16xf32>, tensor<16x16xf32>) -> tensor<8x16xf32> {
  ^bb0(%x: tensor<8x16xf32>, %y: tensor<16x16xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<8x16xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x16xf32>) -> tensor<8x16xf32>
    %m = linalg.matmul ins(%x, %y : tensor<8x16xf32>, tensor<16x16xf32>) outs(%f : tensor<8x16xf32>) -> tensor<8x16xf32>
    tile.yield %m : tensor<8x16xf32>
  }
  return %0 : tensor<8x16xf32>
}

// -----

// Without vector sizes in its config a kernel is left alone.
// CHECK-LABEL: func.func @untouched
// CHECK: linalg.matmul {{.*}} -> tensor<8x16xf32>
// CHECK-NOT: scf.for
func.func @untouched(%a: tensor<8x16xf32>, %b: tensor<16x16xf32>) -> tensor<8x16xf32> {
  %0 = tile.kernel "mm" (%a, %b) {config = #tile.config<root = "matmul", workgroup = [0, 0, 0]>} : (tensor<8x16xf32>, tensor<16x16xf32>) -> tensor<8x16xf32> {
  ^bb0(%x: tensor<8x16xf32>, %y: tensor<16x16xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<8x16xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x16xf32>) -> tensor<8x16xf32>
    %m = linalg.matmul ins(%x, %y : tensor<8x16xf32>, tensor<16x16xf32>) outs(%f : tensor<8x16xf32>) -> tensor<8x16xf32>
    tile.yield %m : tensor<8x16xf32>
  }
  return %0 : tensor<8x16xf32>
}

// -----

// An f32 NCHW convolution, 16 filters over 8 channels: tiled to 1 image x
// 16 filters x 1 output row x 6 columns, the channels by 8 and the filter
// rows by 1 (both carrying the output block, which is read before and
// written after them), each step a 1-D convolution vectorized as FMAs over
// the 16 filters; no linalg convolution is left.
// CHECK-LABEL: func.func @conv
// CHECK: scf.for
// CHECK: vector.transfer_read
// CHECK: scf.for {{.*}} -> (vector<
// CHECK: vector.fma {{.*}} : vector<16xf32>
// CHECK: vector.transfer_write
// CHECK-NOT: linalg.conv
func.func @conv(%x: tensor<1x8x8x8xf32>, %w: tensor<16x8x3x3xf32>) -> tensor<1x16x6x6xf32> {
  %0 = tile.kernel "conv" (%x, %w) : (tensor<1x8x8x8xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x6x6xf32> {
  ^bb0(%a: tensor<1x8x8x8xf32>, %b: tensor<16x8x3x3xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<1x16x6x6xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32>
    %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%a, %b : tensor<1x8x8x8xf32>, tensor<16x8x3x3xf32>) outs(%f : tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32>
    tile.yield %c : tensor<1x16x6x6xf32>
  }
  return %0 : tensor<1x16x6x6xf32>
}
