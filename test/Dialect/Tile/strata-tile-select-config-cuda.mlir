// The cuda tile table: the GPU table, except f16 matmuls with an f32
// accumulator (M % 16 = N % 8 = K % 32 = 0, K <= 1024), which get
// tensor-core block tiles (strata-kernel-matmul-to-mma): 64 x 64 when M and
// N divide (2 x 2 warps of 32 x 32), else 32 x 32 (2 x 2 warps of 16 x 16),
// else 16 x 8 (one warp).
// RUN: strata-opt %s -split-input-file -strata-tile-select-config='table=cuda' | FileCheck %s

// The matmul is the root (f32 output): 32 x 32 (N = 32 whole: 0), K whole.
// CHECK-LABEL: func.func @f16_f32
// CHECK: #tile.config<root = "matmul", workgroup = [32, 0, 0]>
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

// The f16 truncation epilogue is the root: 32 x 32 (N whole).
// CHECK-LABEL: func.func @f16_f16
// CHECK: #tile.config<root = "matmul", workgroup = [32, 0]>
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

// -----

// M and N divide by 64: 64 x 64 blocks.
// CHECK-LABEL: func.func @big
// CHECK: #tile.config<root = "matmul", workgroup = [64, 64, 0]>
func.func @big(%a: tensor<128x256xf16>, %b: tensor<256x192xf16>) -> tensor<128x192xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<128x256xf16>, tensor<256x192xf16>) -> tensor<128x192xf32> {
  ^bb0(%x: tensor<128x256xf16>, %y: tensor<256x192xf16>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<128x192xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<128x192xf32>) -> tensor<128x192xf32>
    %m = linalg.matmul ins(%x, %y : tensor<128x256xf16>, tensor<256x192xf16>) outs(%f : tensor<128x192xf32>) -> tensor<128x192xf32>
    tile.yield %m : tensor<128x192xf32>
  }
  return %0 : tensor<128x192xf32>
}

// -----

// M % 32 != 0: one warp per 16 x 8 tile.
// CHECK-LABEL: func.func @narrow
// CHECK: #tile.config<root = "matmul", workgroup = [16, 8, 0]>
func.func @narrow(%a: tensor<48x64xf16>, %b: tensor<64x24xf16>) -> tensor<48x24xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<48x64xf16>, tensor<64x24xf16>) -> tensor<48x24xf32> {
  ^bb0(%x: tensor<48x64xf16>, %y: tensor<64x24xf16>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<48x24xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<48x24xf32>) -> tensor<48x24xf32>
    %m = linalg.matmul ins(%x, %y : tensor<48x64xf16>, tensor<64x24xf16>) outs(%f : tensor<48x24xf32>) -> tensor<48x24xf32>
    tile.yield %m : tensor<48x24xf32>
  }
  return %0 : tensor<48x24xf32>
}

// -----

// K % 32 != 0 (the 32-deep staged slices): no tensor cores; the GPU
// table's cooperative SIMT tile (32: 64 would leave 1 block).
// CHECK-LABEL: func.func @k48
// CHECK-NOT: workgroup = [64, 64
// CHECK: #tile.config<root = "matmul", workgroup = [32, 32, 0]>
func.func @k48(%a: tensor<64x48xf16>, %b: tensor<48x64xf16>) -> tensor<64x64xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<64x48xf16>, tensor<48x64xf16>) -> tensor<64x64xf32> {
  ^bb0(%x: tensor<64x48xf16>, %y: tensor<48x64xf16>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<64x64xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<64x64xf32>) -> tensor<64x64xf32>
    %m = linalg.matmul ins(%x, %y : tensor<64x48xf16>, tensor<48x64xf16>) outs(%f : tensor<64x64xf32>) -> tensor<64x64xf32>
    tile.yield %m : tensor<64x64xf32>
  }
  return %0 : tensor<64x64xf32>
}

// -----

// K > 1024 (the K loop is unrolled): no tensor cores; the cooperative SIMT
// tile.
// CHECK-LABEL: func.func @k2048
// CHECK: #tile.config<root = "matmul", workgroup = [32, 32, 0]>
func.func @k2048(%a: tensor<64x2048xf16>, %b: tensor<2048x64xf16>) -> tensor<64x64xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<64x2048xf16>, tensor<2048x64xf16>) -> tensor<64x64xf32> {
  ^bb0(%x: tensor<64x2048xf16>, %y: tensor<2048x64xf16>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<64x64xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<64x64xf32>) -> tensor<64x64xf32>
    %m = linalg.matmul ins(%x, %y : tensor<64x2048xf16>, tensor<2048x64xf16>) outs(%f : tensor<64x64xf32>) -> tensor<64x64xf32>
    tile.yield %m : tensor<64x64xf32>
  }
  return %0 : tensor<64x64xf32>
}
