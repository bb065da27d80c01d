// The rocm tile table (the rocm target's, through its target hook; the
// chip is `rocm-chip`): the GPU table, except matmuls with an f32
// accumulator whose M, N and K divide the chip's matrix tile, which get one
// wave's tile per workgroup (strata-kernel-matmul-to-amdgpu then gives it
// to one wave: MFMA on gfx90a/gfx942, WMMA on gfx1100).
// RUN: strata-opt %s -split-input-file -strata-tile-select-config='table=rocm rocm-chip=gfx942' | FileCheck %s --check-prefixes=CHECK,CDNA
// RUN: strata-opt %s -split-input-file -strata-tile-select-config='table=rocm rocm-chip=gfx90a' | FileCheck %s --check-prefixes=CHECK,CDNA
// RUN: strata-opt %s -split-input-file -strata-tile-select-config='table=rocm rocm-chip=gfx1100' | FileCheck %s --check-prefixes=CHECK,RDNA3
// RUN: strata-opt %s -split-input-file -strata-tile-select-config='table=rocm rocm-chip=gfx1030' | FileCheck %s --check-prefixes=CHECK,GFX1030
// The default chip is gfx942's.
// RUN: strata-opt %s -split-input-file -strata-tile-select-config='table=rocm' | FileCheck %s --check-prefixes=CHECK,CDNA
// RUN: not strata-opt %s -strata-tile-select-config='table=rocm rocm-chip=gfx908' 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: strata-tile-select-config: unknown AMD chip 'gfx908'; expected gfx90a, gfx942, gfx1030 or gfx1100

// f16 operands, f32 result (the matmul is the root): one wave's tile,
// 32 x 32 on CDNA (MFMA 32x32x8), 16 x 16 on RDNA3 (WMMA 16x16x16), K whole;
// gfx1030 has no matrix units: the GPU table (cooperative SIMT tiles here).
// CHECK-LABEL: func.func @f16_f32
// CDNA: #tile.config<root = "matmul", workgroup = [32, 32, 0]>
// RDNA3: #tile.config<root = "matmul", workgroup = [16, 16, 0]>
// GFX1030: #tile.config<root = "matmul", workgroup = [32, 32, 0]>
func.func @f16_f32(%a: tensor<64x128xf16>, %b: tensor<128x64xf16>) -> tensor<64x64xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<64x128xf16>, tensor<128x64xf16>) -> tensor<64x64xf32> {
  ^bb0(%x: tensor<64x128xf16>, %y: tensor<128x64xf16>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<64x64xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<64x64xf32>) -> tensor<64x64xf32>
    %m = linalg.matmul ins(%x, %y : tensor<64x128xf16>, tensor<128x64xf16>) outs(%f : tensor<64x64xf32>) -> tensor<64x64xf32>
    tile.yield %m : tensor<64x64xf32>
  }
  return %0 : tensor<64x64xf32>
}

// -----

// The f16 truncation epilogue is the root: the same tiles, 2-D.
// CHECK-LABEL: func.func @f16_f16
// CDNA: #tile.config<root = "matmul", workgroup = [32, 32]>
// RDNA3: #tile.config<root = "matmul", workgroup = [16, 16]>
// GFX1030: #tile.config<root = "matmul", workgroup = [32, 32]>
func.func @f16_f16(%a: tensor<64x128xf16>, %b: tensor<128x64xf16>) -> tensor<64x64xf16> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<64x128xf16>, tensor<128x64xf16>) -> tensor<64x64xf16> {
  ^bb0(%x: tensor<64x128xf16>, %y: tensor<128x64xf16>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<64x64xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<64x64xf32>) -> tensor<64x64xf32>
    %m = linalg.matmul ins(%x, %y : tensor<64x128xf16>, tensor<128x64xf16>) outs(%f : tensor<64x64xf32>) -> tensor<64x64xf32>
    %e2 = tensor.empty() : tensor<64x64xf16>
    %t = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%m : tensor<64x64xf32>) outs(%e2 : tensor<64x64xf16>) {
    ^bb0(%in: f32, %o: f16):
      %r = arith.truncf %in : f32 to f16
      linalg.yield %r : f16
    } -> tensor<64x64xf16>
    tile.yield %t : tensor<64x64xf16>
  }
  return %0 : tensor<64x64xf16>
}

// -----

// bf16: MFMA 32x32x8 bf16 / WMMA 16x16x16 bf16.
// CHECK-LABEL: func.func @bf16
// CDNA: #tile.config<root = "matmul", workgroup = [32, 32, 0]>
// RDNA3: #tile.config<root = "matmul", workgroup = [16, 16, 0]>
// GFX1030: #tile.config<root = "matmul", workgroup = [32, 32, 0]>
func.func @bf16(%a: tensor<64x128xbf16>, %b: tensor<128x64xbf16>) -> tensor<64x64xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<64x128xbf16>, tensor<128x64xbf16>) -> tensor<64x64xf32> {
  ^bb0(%x: tensor<64x128xbf16>, %y: tensor<128x64xbf16>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<64x64xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<64x64xf32>) -> tensor<64x64xf32>
    %m = linalg.matmul ins(%x, %y : tensor<64x128xbf16>, tensor<128x64xbf16>) outs(%f : tensor<64x64xf32>) -> tensor<64x64xf32>
    tile.yield %m : tensor<64x64xf32>
  }
  return %0 : tensor<64x64xf32>
}

// -----

// f32 operands: CDNA's MFMA 32x32x2 f32; RDNA3 has no f32 WMMA.
// CHECK-LABEL: func.func @f32
// CDNA: #tile.config<root = "matmul", workgroup = [32, 32, 0]>
// RDNA3: #tile.config<root = "matmul", workgroup = [32, 32, 0]>
// GFX1030: #tile.config<root = "matmul", workgroup = [32, 32, 0]>
func.func @f32(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32> {
  ^bb0(%x: tensor<64x64xf32>, %y: tensor<64x64xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<64x64xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<64x64xf32>) -> tensor<64x64xf32>
    %m = linalg.matmul ins(%x, %y : tensor<64x64xf32>, tensor<64x64xf32>) outs(%f : tensor<64x64xf32>) -> tensor<64x64xf32>
    tile.yield %m : tensor<64x64xf32>
  }
  return %0 : tensor<64x64xf32>
}

// -----

// M = 48 is no multiple of 32 (CDNA falls back to the GPU table's thread
// tiles: no cooperative tile divides it either) but one of 16 (RDNA3 keeps
// its wave tiles).
// CHECK-LABEL: func.func @rows48
// CDNA: #tile.config<root = "matmul", workgroup = [1, 4, 0]>
// RDNA3: #tile.config<root = "matmul", workgroup = [16, 16, 0]>
// GFX1030: #tile.config<root = "matmul", workgroup = [1, 4, 0]>
func.func @rows48(%a: tensor<48x128xf16>, %b: tensor<128x64xf16>) -> tensor<48x64xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<48x128xf16>, tensor<128x64xf16>) -> tensor<48x64xf32> {
  ^bb0(%x: tensor<48x128xf16>, %y: tensor<128x64xf16>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<48x64xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<48x64xf32>) -> tensor<48x64xf32>
    %m = linalg.matmul ins(%x, %y : tensor<48x128xf16>, tensor<128x64xf16>) outs(%f : tensor<48x64xf32>) -> tensor<48x64xf32>
    tile.yield %m : tensor<48x64xf32>
  }
  return %0 : tensor<48x64xf32>
}

// -----

// K = 12 divides neither K step (8, 16): the GPU table's cooperative SIMT
// tiles everywhere (strata-kernel-cooperative-contraction).
// CHECK-LABEL: func.func @k12
// CDNA: #tile.config<root = "matmul", workgroup = [32, 32, 0]>
// RDNA3: #tile.config<root = "matmul", workgroup = [32, 32, 0]>
// GFX1030: #tile.config<root = "matmul", workgroup = [32, 32, 0]>
func.func @k12(%a: tensor<64x12xf16>, %b: tensor<12x64xf16>) -> tensor<64x64xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<64x12xf16>, tensor<12x64xf16>) -> tensor<64x64xf32> {
  ^bb0(%x: tensor<64x12xf16>, %y: tensor<12x64xf16>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<64x64xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<64x64xf32>) -> tensor<64x64xf32>
    %m = linalg.matmul ins(%x, %y : tensor<64x12xf16>, tensor<12x64xf16>) outs(%f : tensor<64x64xf32>) -> tensor<64x64xf32>
    tile.yield %m : tensor<64x64xf32>
  }
  return %0 : tensor<64x64xf32>
}

// -----

// f32 with K = 1024: more than 256 MFMA 32x32x2 per tile: the GPU table's
// cooperative tiles (M = 32 whole, written 0).
// CHECK-LABEL: func.func @f32_long_k
// CDNA: #tile.config<root = "matmul", workgroup = [0, 32, 0]>
// RDNA3: #tile.config<root = "matmul", workgroup = [0, 32, 0]>
// GFX1030: #tile.config<root = "matmul", workgroup = [0, 32, 0]>
func.func @f32_long_k(%a: tensor<32x1024xf32>, %b: tensor<1024x64xf32>) -> tensor<32x64xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<32x1024xf32>, tensor<1024x64xf32>) -> tensor<32x64xf32> {
  ^bb0(%x: tensor<32x1024xf32>, %y: tensor<1024x64xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<32x64xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<32x64xf32>) -> tensor<32x64xf32>
    %m = linalg.matmul ins(%x, %y : tensor<32x1024xf32>, tensor<1024x64xf32>) outs(%f : tensor<32x64xf32>) -> tensor<32x64xf32>
    tile.yield %m : tensor<32x64xf32>
  }
  return %0 : tensor<32x64xf32>
}

// -----

// An f16 accumulator: no matrix instruction of the table takes it; the
// GPU table's cooperative tiles.
// CHECK-LABEL: func.func @f16_acc
// CDNA: #tile.config<root = "matmul", workgroup = [32, 32, 0]>
// RDNA3: #tile.config<root = "matmul", workgroup = [32, 32, 0]>
// GFX1030: #tile.config<root = "matmul", workgroup = [32, 32, 0]>
func.func @f16_acc(%a: tensor<64x128xf16>, %b: tensor<128x64xf16>) -> tensor<64x64xf16> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<64x128xf16>, tensor<128x64xf16>) -> tensor<64x64xf16> {
  ^bb0(%x: tensor<64x128xf16>, %y: tensor<128x64xf16>):
    %zero = arith.constant 0.0 : f16
    %e = tensor.empty() : tensor<64x64xf16>
    %f = linalg.fill ins(%zero : f16) outs(%e : tensor<64x64xf16>) -> tensor<64x64xf16>
    %m = linalg.matmul ins(%x, %y : tensor<64x128xf16>, tensor<128x64xf16>) outs(%f : tensor<64x64xf16>) -> tensor<64x64xf16>
    tile.yield %m : tensor<64x64xf16>
  }
  return %0 : tensor<64x64xf16>
}
