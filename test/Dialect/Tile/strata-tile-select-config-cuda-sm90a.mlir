// The cuda tile table for sm_90a: f16 and bf16 matmuls with an f32
// accumulator whose M and N divide by 128 and K by 64 get 128 x 128 tiles,
// 64 x 128 when M divides by 64 only (one warpgroup's wgmma,
// strata-convert-kernel-to-gpu{wgmma}; no K limit); the others keep the
// sm_80 choice (64 x 64 mma.sync blocks here), as every arch below sm_90a
// does for all of them.
// RUN: strata-opt %s -split-input-file -strata-tile-select-config='table=cuda cuda-arch=sm_90a' | FileCheck %s
// RUN: strata-opt %s -split-input-file -strata-tile-select-config='table=cuda cuda-arch=sm_90' | FileCheck %s --check-prefix=SM90

// 256 x 2048 @ 2048 x 256, f16 output: 128 x 128 (K = 2048 > 1024 would be
// too deep for the unrolled mma.sync kernel).
// CHECK-LABEL: func.func @wgmma
// CHECK: #tile.config<root = "matmul", workgroup = [128, 128]>
// SM90-LABEL: func.func @wgmma
// SM90-NOT: workgroup = [128, 128]
func.func @wgmma(%a: tensor<256x2048xf16>, %b: tensor<2048x256xf16>) -> tensor<256x256xf16> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<256x2048xf16>, tensor<2048x256xf16>) -> tensor<256x256xf16> {
  ^bb0(%x: tensor<256x2048xf16>, %y: tensor<2048x256xf16>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<256x256xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<256x256xf32>) -> tensor<256x256xf32>
    %m = linalg.matmul ins(%x, %y : tensor<256x2048xf16>, tensor<2048x256xf16>) outs(%f : tensor<256x256xf32>) -> tensor<256x256xf32>
    %e2 = tensor.empty() : tensor<256x256xf16>
    %t = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%m : tensor<256x256xf32>) outs(%e2 : tensor<256x256xf16>) {
    ^bb0(%in: f32, %out: f16):
      %r = arith.truncf %in : f32 to f16
      linalg.yield %r : f16
    } -> tensor<256x256xf16>
    tile.yield %t : tensor<256x256xf16>
  }
  return %0 : tensor<256x256xf16>
}

// -----

// The matmul is the root (f32 output): 128 x 128 (M = 128 whole: 0), the
// reduction whole.
// CHECK-LABEL: func.func @wgmma_root
// CHECK: #tile.config<root = "matmul", workgroup = [0, 128, 0]>
func.func @wgmma_root(%a: tensor<128x64xf16>, %b: tensor<64x256xf16>) -> tensor<128x256xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<128x64xf16>, tensor<64x256xf16>) -> tensor<128x256xf32> {
  ^bb0(%x: tensor<128x64xf16>, %y: tensor<64x256xf16>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<128x256xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<128x256xf32>) -> tensor<128x256xf32>
    %m = linalg.matmul ins(%x, %y : tensor<128x64xf16>, tensor<64x256xf16>) outs(%f : tensor<128x256xf32>) -> tensor<128x256xf32>
    tile.yield %m : tensor<128x256xf32>
  }
  return %0 : tensor<128x256xf32>
}

// -----

// K % 64 != 0 (K = 96): the mma.sync blocks.
// CHECK-LABEL: func.func @k96
// CHECK: #tile.config<root = "matmul", workgroup = [64, 64, 0]>
func.func @k96(%a: tensor<128x96xf16>, %b: tensor<96x128xf16>) -> tensor<128x128xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<128x96xf16>, tensor<96x128xf16>) -> tensor<128x128xf32> {
  ^bb0(%x: tensor<128x96xf16>, %y: tensor<96x128xf16>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<128x128xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<128x128xf32>) -> tensor<128x128xf32>
    %m = linalg.matmul ins(%x, %y : tensor<128x96xf16>, tensor<96x128xf16>) outs(%f : tensor<128x128xf32>) -> tensor<128x128xf32>
    tile.yield %m : tensor<128x128xf32>
  }
  return %0 : tensor<128x128xf32>
}

// -----

// bf16 takes wgmma tiles too (sm_90 does not: the cooperative SIMT tiles).
// CHECK-LABEL: func.func @bf16
// CHECK: #tile.config<root = "matmul", workgroup = [128, 128, 0]>
// SM90-LABEL: func.func @bf16
// SM90-NOT: workgroup = [128, 128, 0]
func.func @bf16(%a: tensor<256x128xbf16>, %b: tensor<128x256xbf16>) -> tensor<256x256xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<256x128xbf16>, tensor<128x256xbf16>) -> tensor<256x256xf32> {
  ^bb0(%x: tensor<256x128xbf16>, %y: tensor<128x256xbf16>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<256x256xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<256x256xf32>) -> tensor<256x256xf32>
    %m = linalg.matmul ins(%x, %y : tensor<256x128xbf16>, tensor<128x256xbf16>) outs(%f : tensor<256x256xf32>) -> tensor<256x256xf32>
    tile.yield %m : tensor<256x256xf32>
  }
  return %0 : tensor<256x256xf32>
}

// -----

// M = 192 (M % 128 != 0, M % 64 == 0): 64 x 128 tiles.
// CHECK-LABEL: func.func @m192
// CHECK: #tile.config<root = "matmul", workgroup = [64, 128, 0]>
func.func @m192(%a: tensor<192x128xf16>, %b: tensor<128x256xf16>) -> tensor<192x256xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<192x128xf16>, tensor<128x256xf16>) -> tensor<192x256xf32> {
  ^bb0(%x: tensor<192x128xf16>, %y: tensor<128x256xf16>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<192x256xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<192x256xf32>) -> tensor<192x256xf32>
    %m = linalg.matmul ins(%x, %y : tensor<192x128xf16>, tensor<128x256xf16>) outs(%f : tensor<192x256xf32>) -> tensor<192x256xf32>
    tile.yield %m : tensor<192x256xf32>
  }
  return %0 : tensor<192x256xf32>
}
