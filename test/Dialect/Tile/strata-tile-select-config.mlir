// RUN: strata-opt %s -split-input-file -strata-tile-select-config='vector-bits=512 min-workgroups=8' | FileCheck %s
// RUN: strata-opt %s -split-input-file -strata-tile-select-config='vector-bits=256 min-workgroups=8' | FileCheck %s --check-prefix=AVX2
// RUN: strata-opt %s -split-input-file -strata-tile-select-config='vector-bits=512 min-workgroups=8 l1-bytes=49152' | FileCheck %s --check-prefix=L1

// An f32 matmul output of 128x512, K = 64: the register tile from the cost
// model (4x64 with 512-bit vectors, 16 zmm accumulators; 4x16 with 256-bit
// ones, since 6 rows do not divide 128), workgroups of up to 128 rows x 512
// columns (a quarter of the default 1 MiB L2 for the C tile), multiples of
// it (the whole 128 x 512: 1 workgroup), then rows halved to 32 and columns
// to 256 to reach min-workgroups = 8, K whole (at most 256).
// CHECK-LABEL: func.func @matmul
// CHECK: #tile.config<root = "matmul", workgroup = [32, 256, 0], reduction = [0], vector = [4, 64]>
// AVX2-LABEL: func.func @matmul
// AVX2: #tile.config<root = "matmul", workgroup = [32, 256, 0], reduction = [0], vector = [4, 16]>
func.func @matmul(%a: tensor<128x64xf32>, %b: tensor<64x512xf32>) -> tensor<128x512xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<128x64xf32>, tensor<64x512xf32>) -> tensor<128x512xf32> {
  ^bb0(%x: tensor<128x64xf32>, %y: tensor<64x512xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<128x512xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<128x512xf32>) -> tensor<128x512xf32>
    %m = linalg.matmul ins(%x, %y : tensor<128x64xf32>, tensor<64x512xf32>) outs(%f : tensor<128x512xf32>) -> tensor<128x512xf32>
    tile.yield %m : tensor<128x512xf32>
  }
  return %0 : tensor<128x512xf32>
}

// -----

// The K cache tile keeps the packed kc x rn panel of B within 3/4 of the L1 cache;
// 4 x 64 tiles (256 bytes per K step) get kc 64 with a 32 KiB L1 (96 does
// not divide 1024), 128 with 48 KiB; 4 x 16 tiles (AVX2) the table's 256.
// CHECK-LABEL: func.func @cache_k
// CHECK: #tile.config<root = "matmul", workgroup = [32, 0, 0], reduction = [64], vector = [4, 64]>
// L1-LABEL: func.func @cache_k
// L1: #tile.config<root = "matmul", workgroup = [32, 0, 0], reduction = [128], vector = [4, 64]>
// AVX2-LABEL: func.func @cache_k
// AVX2: #tile.config<root = "matmul", workgroup = [32, 0, 0], reduction = [256], vector = [4, 16]>
func.func @cache_k(%a: tensor<256x1024xf32>, %b: tensor<1024x512xf32>) -> tensor<256x512xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<256x1024xf32>, tensor<1024x512xf32>) -> tensor<256x512xf32> {
  ^bb0(%x: tensor<256x1024xf32>, %y: tensor<1024x512xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<256x512xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<256x512xf32>) -> tensor<256x512xf32>
    %m = linalg.matmul ins(%x, %y : tensor<256x1024xf32>, tensor<1024x512xf32>) outs(%f : tensor<256x512xf32>) -> tensor<256x512xf32>
    tile.yield %m : tensor<256x512xf32>
  }
  return %0 : tensor<256x512xf32>
}

// -----

// Elementwise over 64x1024: the inner dim whole (1024), 16 rows per
// workgroup (16 x 1024 = 16 Ki elements).
// CHECK-LABEL: func.func @elementwise
// CHECK: #tile.config<root = "elementwise", workgroup = [16, 0]>
func.func @elementwise(%a: tensor<64x1024xf32>) -> tensor<64x1024xf32> {
  %0 = tile.kernel "exp" (%a) : (tensor<64x1024xf32>) -> tensor<64x1024xf32> {
  ^bb0(%x: tensor<64x1024xf32>):
    %e = tensor.empty() : tensor<64x1024xf32>
    %r = linalg.exp ins(%x : tensor<64x1024xf32>) outs(%e : tensor<64x1024xf32>) -> tensor<64x1024xf32>
    tile.yield %r : tensor<64x1024xf32>
  }
  return %0 : tensor<64x1024xf32>
}

// -----

// A reduction keeps its reduced dim whole; an existing config is kept.
// CHECK-LABEL: func.func @reduction
// CHECK: #tile.config<root = "reduction", workgroup = [0, 0]>
// CHECK: #tile.config<root = "copy", workgroup = [7]>
func.func @reduction(%a: tensor<4x8xf32>) -> (tensor<4xf32>, tensor<4x8xf32>) {
  %0 = tile.kernel "sum" (%a) : (tensor<4x8xf32>) -> tensor<4xf32> {
  ^bb0(%x: tensor<4x8xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<4xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
    %s = linalg.reduce ins(%x : tensor<4x8xf32>) outs(%f : tensor<4xf32>) dimensions = [1]
      (%in: f32, %acc: f32) {
        %t = arith.addf %in, %acc : f32
        linalg.yield %t : f32
      }
    tile.yield %s : tensor<4xf32>
  }
  %1 = tile.kernel "keep" (%a) {config = #tile.config<root = "copy", workgroup = [7]>} : (tensor<4x8xf32>) -> tensor<4x8xf32> {
  ^bb0(%x: tensor<4x8xf32>):
    tile.yield %x : tensor<4x8xf32>
  }
  return %0, %1 : tensor<4xf32>, tensor<4x8xf32>
}

// -----

// A ragged f32 matmul, 1000x1000x1000: a register tile that divides both
// 1000s (10 rows x 8 columns on AVX2 beats 6x16 once its scalar remainder
// is counted), workgroups dividing 1000 (100 rows: the largest multiple of
// 10 up to 128 that divides 1000; all 1000 columns: the largest multiple of
// 8 up to 512 that divides 1000 is only 200, and 1000 is within twice 512),
// K tiled by 250.
// CHECK-LABEL: func.func @ragged
// AVX2-LABEL: func.func @ragged
// AVX2: #tile.config<root = "matmul", workgroup = [100, 0, 0], reduction = [250], vector = [10, 8]>
func.func @ragged(%a: tensor<1000x1000xf32>, %b: tensor<1000x1000xf32>) -> tensor<1000x1000xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<1000x1000xf32>, tensor<1000x1000xf32>) -> tensor<1000x1000xf32> {
  ^bb0(%x: tensor<1000x1000xf32>, %y: tensor<1000x1000xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<1000x1000xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1000x1000xf32>) -> tensor<1000x1000xf32>
    %m = linalg.matmul ins(%x, %y : tensor<1000x1000xf32>, tensor<1000x1000xf32>) outs(%f : tensor<1000x1000xf32>) -> tensor<1000x1000xf32>
    tile.yield %m : tensor<1000x1000xf32>
  }
  return %0 : tensor<1000x1000xf32>
}
