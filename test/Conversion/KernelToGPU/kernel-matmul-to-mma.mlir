// strata-kernel-matmul-to-mma through the matching it shares with the rocm
// target's strata-kernel-matmul-to-amdgpu (MatmulTile.h): a 16x8 f16 tile
// with the truncation epilogue becomes one warp's vector.contract chain
// (K = 32: two m16n8k16 steps); one whose epilogue also reads a bias is left
// alone (upstream's vector-to-nvgpu fails on the epilogue's arith.addf); an
// accumulator copied in from a buffer starts the chain from that buffer.
// RUN: strata-opt %s -split-input-file --strata-kernel-matmul-to-mma | FileCheck %s

// CHECK-LABEL: kernel.func @trunc
// CHECK-SAME: workgroup_size = array<i64: 32, 1, 1>
// CHECK: %[[SHARED:.*]] = memref.alloca() : memref<16x8xf32, #kernel.memory_space<workgroup>>
// CHECK-COUNT-2: vector.contract
// CHECK: vector.transfer_write %{{.*}}, %[[SHARED]]
// CHECK-NEXT: kernel.barrier
// CHECK: linalg.generic {{.*}} ins(%[[SHARED]] : memref<16x8xf32, #kernel.memory_space<workgroup>>)
// CHECK-NOT: linalg.matmul
kernel.func @trunc(%A: memref<16x32xf16>, %B: memref<32x8xf16>, %C: memref<16x8xf16>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloca() : memref<16x8xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<16x8xf32>)
  linalg.matmul ins(%A, %B : memref<16x32xf16>, memref<32x8xf16>) outs(%acc : memref<16x8xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%acc : memref<16x8xf32>) outs(%C : memref<16x8xf16>) {
  ^bb0(%in: f32, %out: f16):
    %t = arith.truncf %in : f32 to f16
    linalg.yield %t : f16
  }
  kernel.return
}

// -----

// CHECK-LABEL: kernel.func @bias
// CHECK-SAME: workgroup_size = array<i64: 1, 1, 1>
// CHECK: linalg.matmul
// CHECK-NOT: vector.contract
kernel.func @bias(%A: memref<16x32xf16>, %B: memref<32x8xf16>, %bias: memref<8xf32>, %C: memref<16x8xf16>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloca() : memref<16x8xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<16x8xf32>)
  linalg.matmul ins(%A, %B : memref<16x32xf16>, memref<32x8xf16>) outs(%acc : memref<16x8xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%acc, %bias : memref<16x8xf32>, memref<8xf32>) outs(%C : memref<16x8xf16>) {
  ^bb0(%in: f32, %b: f32, %out: f16):
    %s = arith.addf %in, %b : f32
    %t = arith.truncf %s : f32 to f16
    linalg.yield %t : f16
  }
  kernel.return
}

// -----

// The accumulator tile copied in from a buffer (a zero-fill kernel shared by
// several matmuls): the chain starts from that buffer.
// CHECK-LABEL: kernel.func @copy_init
// CHECK-SAME: workgroup_size = array<i64: 32, 1, 1>
// CHECK-NOT: memref.copy
// CHECK: %[[INIT:.*]] = vector.transfer_read %arg2[%{{.*}}, %{{.*}}], %{{.*}} {in_bounds = [true, true]} : memref<16x8xf32>, vector<16x8xf32>
// CHECK: vector.contract {{.*}}, %[[INIT]]
// CHECK: vector.contract
// CHECK: kernel.barrier
// CHECK-NOT: memref.copy
kernel.func @copy_init(%A: memref<16x32xf16>, %B: memref<32x8xf16>, %Z: memref<16x8xf32>, %C: memref<16x8xf16>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %acc = memref.alloca() : memref<16x8xf32>
  memref.copy %Z, %acc : memref<16x8xf32> to memref<16x8xf32>
  linalg.matmul ins(%A, %B : memref<16x32xf16>, memref<32x8xf16>) outs(%acc : memref<16x8xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%acc : memref<16x8xf32>) outs(%C : memref<16x8xf16>) {
  ^bb0(%in: f32, %out: f16):
    %t = arith.truncf %in : f32 to f16
    linalg.yield %t : f16
  }
  kernel.return
}
