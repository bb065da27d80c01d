// The GPU tile table (the vulkan target's, through its target hook): one
// workgroup tile is one thread's work, a few output elements.
// RUN: strata-opt %s -split-input-file -strata-tile-select-config='table=gpu' | FileCheck %s
// RUN: not strata-opt %s -strata-tile-select-config='table=tpu' 2>&1 | FileCheck %s --check-prefix=BAD

// BAD: strata-tile-select-config: unknown tile table 'tpu'; expected cpu, gpu, cuda or rocm

// A float matmul output of 128x512 read from the kernel's operands: square
// cooperative tiles of 64 (16 blocks or more), which
// strata-kernel-cooperative-contraction gives to a block of threads staging A
// and B in workgroup memory; K whole.
// CHECK-LABEL: func.func @matmul
// CHECK: #tile.config<root = "matmul", workgroup = [64, 64, 0]>
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

// Elementwise over 8x10: 10 has no divisor of 4 but 2, so 2 columns per
// thread; rows one at a time.
// CHECK-LABEL: func.func @elementwise
// CHECK: #tile.config<root = "elementwise", workgroup = [1, 2]>
func.func @elementwise(%a: tensor<8x10xf32>) -> tensor<8x10xf32> {
  %0 = tile.kernel "ew" (%a) : (tensor<8x10xf32>) -> tensor<8x10xf32> {
  ^bb0(%x: tensor<8x10xf32>):
    %e = tensor.empty() : tensor<8x10xf32>
    %r = linalg.exp ins(%x : tensor<8x10xf32>) outs(%e : tensor<8x10xf32>) -> tensor<8x10xf32>
    tile.yield %r : tensor<8x10xf32>
  }
  return %0 : tensor<8x10xf32>
}

// -----

// A row reduction: the reduced dim stays whole inside the thread, the
// innermost parallel dim (the rows) 4 per thread.
// CHECK-LABEL: func.func @reduction
// CHECK: #tile.config<root = "reduction", workgroup = [4, 0]>
func.func @reduction(%a: tensor<16x32xf32>) -> tensor<16xf32> {
  %0 = tile.kernel "red" (%a) : (tensor<16x32xf32>) -> tensor<16xf32> {
  ^bb0(%x: tensor<16x32xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<16xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
    %r = linalg.reduce ins(%x : tensor<16x32xf32>) outs(%f : tensor<16xf32>) dimensions = [1]
      (%in: f32, %acc: f32) {
        %s = arith.addf %in, %acc : f32
        linalg.yield %s : f32
      }
    tile.yield %r : tensor<16xf32>
  }
  return %0 : tensor<16xf32>
}

// -----

// A pad stays one workgroup (v1): a tiled tensor.pad becomes a branchy
// per-tile copy that does not form a grid.
// CHECK-LABEL: func.func @pad
// CHECK: #tile.config<root = "elementwise", workgroup = [0, 0]>
func.func @pad(%a: tensor<4x4xf32>) -> tensor<6x6xf32> {
  %0 = tile.kernel "pad" (%a) : (tensor<4x4xf32>) -> tensor<6x6xf32> {
  ^bb0(%x: tensor<4x4xf32>):
    %zero = arith.constant 0.0 : f32
    %p = tensor.pad %x low[1, 1] high[1, 1] {
    ^bb0(%i: index, %j: index):
      tensor.yield %zero : f32
    } : tensor<4x4xf32> to tensor<6x6xf32>
    tile.yield %p : tensor<6x6xf32>
  }
  return %0 : tensor<6x6xf32>
}

// -----

// An NCHW conv over 2x8x16x16 outputs read from the kernel's operands: a
// cooperative tile of one image x 8 filters x 16 x 16 pixels (whole dims
// are written 0), a block of (8/4) * 16 * (16/4) = 128 threads that
// strata-kernel-cooperative-contraction stages in workgroup memory.
// CHECK-LABEL: func.func @conv
// CHECK: #tile.config<root = "conv", workgroup = [1, 0, 0, 0, 0, 0, 0]>
func.func @conv(%a: tensor<2x3x18x18xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<2x8x16x16xf32> {
  %0 = tile.kernel "conv" (%a, %w) : (tensor<2x3x18x18xf32>, tensor<8x3x3x3xf32>) -> tensor<2x8x16x16xf32> {
  ^bb0(%x: tensor<2x3x18x18xf32>, %y: tensor<8x3x3x3xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<2x8x16x16xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x8x16x16xf32>) -> tensor<2x8x16x16xf32>
    %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %y : tensor<2x3x18x18xf32>, tensor<8x3x3x3xf32>) outs(%f : tensor<2x8x16x16xf32>) -> tensor<2x8x16x16xf32>
    tile.yield %c : tensor<2x8x16x16xf32>
  }
  return %0 : tensor<2x8x16x16xf32>
}

// -----

// A reversed slice (index map d0 * -1 + 1) stays one workgroup: upstream
// tiling would build operand slices that fail the generic's verifier.
// CHECK-LABEL: func.func @reversed
// CHECK: #tile.config<root = "elementwise", workgroup = [0, 0]>
func.func @reversed(%a: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = tile.kernel "rev" (%a) : (tensor<2x8xf32>) -> tensor<2x8xf32> {
  ^bb0(%x: tensor<2x8xf32>):
    %e = tensor.empty() : tensor<2x8xf32>
    %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (-d0 + 1, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<2x8xf32>) outs(%e : tensor<2x8xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<2x8xf32>
    tile.yield %r : tensor<2x8xf32>
  }
  return %0 : tensor<2x8xf32>
}

// -----

// A kernel that pads before its elementwise root stays untiled: the pad,
// fused into a tile of the root, would allocate a buffer per tile inside
// the shader.
// CHECK-LABEL: func.func @pad_then_add
// CHECK: #tile.config<root = "elementwise", workgroup = [0, 0]>
func.func @pad_then_add(%a: tensor<4x4xf32>, %b: tensor<4x6xf32>) -> tensor<4x6xf32> {
  %0 = tile.kernel "pad_add" (%a, %b) : (tensor<4x4xf32>, tensor<4x6xf32>) -> tensor<4x6xf32> {
  ^bb0(%x: tensor<4x4xf32>, %y: tensor<4x6xf32>):
    %zero = arith.constant 0.0 : f32
    %p = tensor.pad %x low[0, 0] high[0, 2] {
    ^bb0(%i: index, %j: index):
      tensor.yield %zero : f32
    } : tensor<4x4xf32> to tensor<4x6xf32>
    %e = tensor.empty() : tensor<4x6xf32>
    %s = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%p, %y : tensor<4x6xf32>, tensor<4x6xf32>) outs(%e : tensor<4x6xf32>) {
    ^bb0(%u: f32, %v: f32, %o: f32):
      %r = arith.addf %u, %v : f32
      linalg.yield %r : f32
    } -> tensor<4x6xf32>
    tile.yield %s : tensor<4x6xf32>
  }
  return %0 : tensor<4x6xf32>
}

// -----

// Fewer than 16 blocks of 64: tiles of 32. The epilogue (bias) is the root.
// CHECK-LABEL: func.func @matmul_small
// CHECK: #tile.config<root = "matmul", workgroup = [32, 32]>
func.func @matmul_small(%a: tensor<64x64xf32>, %b: tensor<64x128xf32>, %c: tensor<128xf32>) -> tensor<64x128xf32> {
  %0 = tile.kernel "mm" (%a, %b, %c) : (tensor<64x64xf32>, tensor<64x128xf32>, tensor<128xf32>) -> tensor<64x128xf32> {
  ^bb0(%x: tensor<64x64xf32>, %y: tensor<64x128xf32>, %z: tensor<128xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<64x128xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<64x128xf32>) -> tensor<64x128xf32>
    %m = linalg.matmul ins(%x, %y : tensor<64x64xf32>, tensor<64x128xf32>) outs(%f : tensor<64x128xf32>) -> tensor<64x128xf32>
    %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%m, %z : tensor<64x128xf32>, tensor<128xf32>) outs(%e : tensor<64x128xf32>) {
    ^bb0(%i: f32, %j: f32, %o: f32):
      %s = arith.addf %i, %j : f32
      linalg.yield %s : f32
    } -> tensor<64x128xf32>
    tile.yield %r : tensor<64x128xf32>
  }
  return %0 : tensor<64x128xf32>
}

// -----

// A produced inside the kernel (a fused transpose): the cooperative kernel
// stages global memory only, so the thread tiles stay.
// CHECK-LABEL: func.func @matmul_fused_producer
// CHECK: #tile.config<root = "matmul", workgroup = [1, 4, 0]>
func.func @matmul_fused_producer(%a: tensor<64x128xf32>, %b: tensor<64x128xf32>) -> tensor<128x128xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<64x128xf32>, tensor<64x128xf32>) -> tensor<128x128xf32> {
  ^bb0(%x: tensor<64x128xf32>, %y: tensor<64x128xf32>):
    %zero = arith.constant 0.0 : f32
    %et = tensor.empty() : tensor<128x64xf32>
    %t = linalg.transpose ins(%x : tensor<64x128xf32>) outs(%et : tensor<128x64xf32>) permutation = [1, 0]
    %e = tensor.empty() : tensor<128x128xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<128x128xf32>) -> tensor<128x128xf32>
    %m = linalg.matmul ins(%t, %y : tensor<128x64xf32>, tensor<64x128xf32>) outs(%f : tensor<128x128xf32>) -> tensor<128x128xf32>
    tile.yield %m : tensor<128x128xf32>
  }
  return %0 : tensor<128x128xf32>
}

// -----

// Integer matmuls and M, N that 32 does not divide keep the thread tiles.
// CHECK-LABEL: func.func @matmul_int
// CHECK: #tile.config<root = "matmul", workgroup = [1, 4, 0]>
// CHECK-LABEL: func.func @matmul_ragged
// CHECK: #tile.config<root = "matmul", workgroup = [1, 4, 0]>
func.func @matmul_int(%a: tensor<128x64xi32>, %b: tensor<64x128xi32>) -> tensor<128x128xi32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<128x64xi32>, tensor<64x128xi32>) -> tensor<128x128xi32> {
  ^bb0(%x: tensor<128x64xi32>, %y: tensor<64x128xi32>):
    %zero = arith.constant 0 : i32
    %e = tensor.empty() : tensor<128x128xi32>
    %f = linalg.fill ins(%zero : i32) outs(%e : tensor<128x128xi32>) -> tensor<128x128xi32>
    %m = linalg.matmul ins(%x, %y : tensor<128x64xi32>, tensor<64x128xi32>) outs(%f : tensor<128x128xi32>) -> tensor<128x128xi32>
    tile.yield %m : tensor<128x128xi32>
  }
  return %0 : tensor<128x128xi32>
}
func.func @matmul_ragged(%a: tensor<100x64xf32>, %b: tensor<64x128xf32>) -> tensor<100x128xf32> {
  %0 = tile.kernel "mm" (%a, %b) : (tensor<100x64xf32>, tensor<64x128xf32>) -> tensor<100x128xf32> {
  ^bb0(%x: tensor<100x64xf32>, %y: tensor<64x128xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<100x128xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<100x128xf32>) -> tensor<100x128xf32>
    %m = linalg.matmul ins(%x, %y : tensor<100x64xf32>, tensor<64x128xf32>) outs(%f : tensor<100x128xf32>) -> tensor<100x128xf32>
    tile.yield %m : tensor<100x128xf32>
  }
  return %0 : tensor<100x128xf32>
}

// -----

// Output rows 10 wide (no 4-column thread block): the thread tiles stay,
// the grid tiling the three innermost parallel loops, the batch whole.
// CHECK-LABEL: func.func @conv_narrow
// CHECK: #tile.config<root = "conv", workgroup = [0, 1, 1, 2, 0, 0, 0]>
func.func @conv_narrow(%a: tensor<2x3x12x12xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<2x8x10x10xf32> {
  %0 = tile.kernel "conv" (%a, %w) : (tensor<2x3x12x12xf32>, tensor<8x3x3x3xf32>) -> tensor<2x8x10x10xf32> {
  ^bb0(%x: tensor<2x3x12x12xf32>, %y: tensor<8x3x3x3xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<2x8x10x10xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x8x10x10xf32>) -> tensor<2x8x10x10xf32>
    %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %y : tensor<2x3x12x12xf32>, tensor<8x3x3x3xf32>) outs(%f : tensor<2x8x10x10xf32>) -> tensor<2x8x10x10xf32>
    tile.yield %c : tensor<2x8x10x10xf32>
  }
  return %0 : tensor<2x8x10x10xf32>
}

// -----

// A batch matmul: one batch per block, square tiles as for matmul (4
// batches x 2 x 3 tiles of 32 reach 16 blocks).
// CHECK-LABEL: func.func @batch_matmul
// CHECK: #tile.config<root = "matmul", workgroup = [1, 32, 32, 0]>
func.func @batch_matmul(%a: tensor<4x64x128xf32>, %b: tensor<4x128x96xf32>) -> tensor<4x64x96xf32> {
  %0 = tile.kernel "bmm" (%a, %b) : (tensor<4x64x128xf32>, tensor<4x128x96xf32>) -> tensor<4x64x96xf32> {
  ^bb0(%x: tensor<4x64x128xf32>, %y: tensor<4x128x96xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<4x64x96xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4x64x96xf32>) -> tensor<4x64x96xf32>
    %m = linalg.batch_matmul ins(%x, %y : tensor<4x64x128xf32>, tensor<4x128x96xf32>) outs(%f : tensor<4x64x96xf32>) -> tensor<4x64x96xf32>
    tile.yield %m : tensor<4x64x96xf32>
  }
  return %0 : tensor<4x64x96xf32>
}
