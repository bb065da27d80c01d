// The cuda tile table: the GPU table, except f16 matmuls with an f32
// accumulator (M % 16 = N % 8 = K % 16 = 0), which get one 16 x 8
// tensor-core tile per workgroup (one warp's mma.sync work after
// strata-kernel-matmul-to-mma).
// RUN: strata-opt %s -split-input-file -strata-tile-select-config='table=cuda' | FileCheck %s

// The matmul is the root (f32 output): 16 x 8, K whole.
// CHECK-LABEL: func.func @f16_f32
// CHECK: #tile.config<root = "matmul", workgroup = [16, 8, 0]>
func.func @f16_f32(%a: tensor<64x128xf16>, %b: tensor<128x32xf16>) -> tensor<64x32xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<64x128xf16>, tensor<128x32xf16>) -> tensor<64x32xf32> {
  ^bb0(%x: tensor<64x128xf16>, %y: tensor<128x32xf16>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<64x32xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<64x32xf32>) -> tensor<64x32xf32>
    %m = linalg.matmul ins(%x, %y : tensor<64x128xf16>, tensor<128x32xf16>) outs(%f : tensor<64x32xf32>) -> tensor<64x32xf32>
    tile.yield %m : tensor<64x32xf32>
  }
  return %0 : tensor<64x32xf32>
}

// -----

// The f16 truncation epilogue is the root: 16 x 8.
// CHECK-LABEL: func.func @f16_f16
// CHECK: #tile.config<root = "matmul", workgroup = [16, 8]>
func.func @f16_f16(%a: tensor<64x128xf16>, %b: tensor<128x32xf16>) -> tensor<64x32xf16> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<64x128xf16>, tensor<128x32xf16>) -> tensor<64x32xf16> {
  ^bb0(%x: tensor<64x128xf16>, %y: tensor<128x32xf16>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<64x32xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<64x32xf32>) -> tensor<64x32xf32>
    %m = linalg.matmul ins(%x, %y : tensor<64x128xf16>, tensor<128x32xf16>) outs(%f : tensor<64x32xf32>) -> tensor<64x32xf32>
    %e2 = tensor.empty() : tensor<64x32xf16>
    %t = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%m : tensor<64x32xf32>) outs(%e2 : tensor<64x32xf16>) {
    ^bb0(%in: f32, %out: f16):
      %r = arith.truncf %in : f32 to f16
      linalg.yield %r : f16
    } -> tensor<64x32xf16>
    tile.yield %t : tensor<64x32xf16>
  }
  return %0 : tensor<64x32xf16>
}

// -----

// bf16 (no fragments upstream) and f32 get the cooperative SIMT tiles of
// the GPU table (square, 32 here as 64 does not divide N; a whole dim is
// written 0); shapes that do not divide keep its thread tiles.
// CHECK-LABEL: func.func @bf16
// CHECK: #tile.config<root = "matmul", workgroup = [32, 0, 0]>
func.func @bf16(%a: tensor<64x128xbf16>, %b: tensor<128x32xbf16>) -> tensor<64x32xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<64x128xbf16>, tensor<128x32xbf16>) -> tensor<64x32xf32> {
  ^bb0(%x: tensor<64x128xbf16>, %y: tensor<128x32xbf16>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<64x32xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<64x32xf32>) -> tensor<64x32xf32>
    %m = linalg.matmul ins(%x, %y : tensor<64x128xbf16>, tensor<128x32xbf16>) outs(%f : tensor<64x32xf32>) -> tensor<64x32xf32>
    tile.yield %m : tensor<64x32xf32>
  }
  return %0 : tensor<64x32xf32>
}

// -----

// CHECK-LABEL: func.func @ragged
// CHECK: #tile.config<root = "matmul", workgroup = [1, 4, 0]>
func.func @ragged(%a: tensor<60x128xf16>, %b: tensor<128x32xf16>) -> tensor<60x32xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<60x128xf16>, tensor<128x32xf16>) -> tensor<60x32xf32> {
  ^bb0(%x: tensor<60x128xf16>, %y: tensor<128x32xf16>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<60x32xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<60x32xf32>) -> tensor<60x32xf32>
    %m = linalg.matmul ins(%x, %y : tensor<60x128xf16>, tensor<128x32xf16>) outs(%f : tensor<60x32xf32>) -> tensor<60x32xf32>
    tile.yield %m : tensor<60x32xf32>
  }
  return %0 : tensor<60x32xf32>
}
