// RUN: strata-opt %s -split-input-file --strata-kernel-matmul-to-mma | FileCheck %s
// RUN: strata-opt %s -split-input-file --strata-kernel-to-cuda | FileCheck %s --check-prefix=NVVM

// A 16x8 f16 matmul tile with a zero-filled f32 scratch accumulator and an
// f16 epilogue: one warp (workgroup_size [32, 1, 1]) runs K / 16 = 2
// vector.contracts on 16x16 and 16x8 tiles from a constant accumulator;
// the result goes to workgroup memory, then a barrier, then the epilogue.
// CHECK-LABEL: kernel.func @mm
// CHECK-SAME: workgroup_size = array<i64: 32, 1, 1>
// CHECK: %[[A:.*]] = memref.subview %arg0
// CHECK: %[[B:.*]] = memref.subview %arg1
// CHECK: %[[SHARED:.*]] = memref.alloca() : memref<16x8xf32, #kernel.memory_space<workgroup>>
// CHECK: %[[ACC:.*]] = vector.broadcast %{{.*}} : f32 to vector<16x8xf32>
// CHECK: vector.transfer_read %[[A]]{{.*}} vector<16x16xf16>
// CHECK: vector.transfer_read %[[B]]{{.*}} vector<16x8xf16>
// CHECK: %[[D0:.*]] = vector.contract {{.*}} %[[ACC]] : vector<16x16xf16>, vector<16x8xf16> into vector<16x8xf32>
// CHECK: %[[D1:.*]] = vector.contract {{.*}} %[[D0]]
// CHECK-NOT: vector.contract
// CHECK-NOT: linalg.matmul
// CHECK-NOT: linalg.fill
// CHECK: vector.transfer_write %[[D1]], %[[SHARED]]
// CHECK: kernel.barrier
// CHECK: linalg.generic {{.*}} ins(%[[SHARED]]
// CHECK: arith.truncf
// Through the whole cuda stage: nvgpu.mma.sync lowered to NVVM, the
// workgroup memory a shared (addrspace 3) global, a barrier.
// NVVM: llvm.mlir.global internal @__wg_mm_0() {addr_space = 3 : i32
// NVVM: llvm.func @mm({{.*}} nvvm.maxntid = array<i32: 32, 1, 1>
// NVVM-COUNT-2: nvvm.mma.sync
// NVVM: nvvm.barrier0
kernel.func @mm(%a: memref<16x32xf16>, %b: memref<32x8xf16>, %c: memref<16x8xf16>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %sa = memref.subview %a[0, 0] [16, 32] [1, 1] : memref<16x32xf16> to memref<16x32xf16, strided<[32, 1]>>
  %sb = memref.subview %b[0, 0] [32, 8] [1, 1] : memref<32x8xf16> to memref<32x8xf16, strided<[8, 1]>>
  %acc = memref.alloca() : memref<16x8xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<16x8xf32>)
  linalg.matmul ins(%sa, %sb : memref<16x32xf16, strided<[32, 1]>>, memref<32x8xf16, strided<[8, 1]>>) outs(%acc : memref<16x8xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%acc : memref<16x8xf32>) outs(%c : memref<16x8xf16>) {
  ^bb0(%in: f32, %out: f16):
    %t = arith.truncf %in : f32 to f16
    linalg.yield %t : f16
  }
  kernel.return
}
func.func @model(%a: memref<16x32xf16>, %b: memref<32x8xf16>, %c: memref<16x8xf16>) {
  %c1 = arith.constant 1 : index
  kernel.launch @mm workgroups(%c1, %c1, %c1) (%a, %b, %c) : memref<16x32xf16>, memref<32x8xf16>, memref<16x8xf16>
  return
}

// -----

// f32 operands (and bf16, and tiles other than 16x8) stay SIMT.
// CHECK-LABEL: kernel.func @mm32
// CHECK-SAME: workgroup_size = array<i64: 1, 1, 1>
// CHECK: linalg.matmul
// NVVM-NOT: nvvm.mma.sync
kernel.func @mm32(%a: memref<16x32xf32>, %b: memref<32x8xf32>, %c: memref<16x8xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  linalg.matmul ins(%a, %b : memref<16x32xf32>, memref<32x8xf32>) outs(%c : memref<16x8xf32>)
  kernel.return
}
func.func @model(%a: memref<16x32xf32>, %b: memref<32x8xf32>, %c: memref<16x8xf32>) {
  %c1 = arith.constant 1 : index
  kernel.launch @mm32 workgroups(%c1, %c1, %c1) (%a, %b, %c) : memref<16x32xf32>, memref<32x8xf32>, memref<16x8xf32>
  return
}

// -----

// The accumulator is the output tile itself (an f32 matmul root): read,
// accumulated by the warp and written back; its fill stays SIMT (every lane
// fills the whole tile, then reads only what it wrote itself).
// CHECK-LABEL: kernel.func @mmg
// CHECK-SAME: workgroup_size = array<i64: 32, 1, 1>
// CHECK: linalg.fill
// CHECK: %[[C:.*]] = vector.transfer_read %subview_1
// CHECK: vector.contract {{.*}} %[[C]]
// CHECK: %[[D:.*]] = vector.contract
// CHECK: vector.transfer_write %[[D]], %subview_1
// CHECK-NOT: kernel.barrier
// NVVM-LABEL: llvm.func @mmg
// NVVM-COUNT-2: nvvm.mma.sync
kernel.func @mmg(%a: memref<32x32xf16>, %b: memref<32x16xf16>, %c: memref<32x16xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %zero = arith.constant 0.0 : f32
  %wy = kernel.workgroup_id y
  %wx = kernel.workgroup_id x
  %c16 = arith.constant 16 : index
  %c8 = arith.constant 8 : index
  %m = arith.muli %wy, %c16 : index
  %n = arith.muli %wx, %c8 : index
  %sa = memref.subview %a[%m, 0] [16, 32] [1, 1] : memref<32x32xf16> to memref<16x32xf16, strided<[32, 1], offset: ?>>
  %sb = memref.subview %b[0, %n] [32, 8] [1, 1] : memref<32x16xf16> to memref<32x8xf16, strided<[16, 1], offset: ?>>
  %sc = memref.subview %c[%m, %n] [16, 8] [1, 1] : memref<32x16xf32> to memref<16x8xf32, strided<[16, 1], offset: ?>>
  linalg.fill ins(%zero : f32) outs(%sc : memref<16x8xf32, strided<[16, 1], offset: ?>>)
  linalg.matmul ins(%sa, %sb : memref<16x32xf16, strided<[32, 1], offset: ?>>, memref<32x8xf16, strided<[16, 1], offset: ?>>) outs(%sc : memref<16x8xf32, strided<[16, 1], offset: ?>>)
  kernel.return
}
func.func @model(%a: memref<32x32xf16>, %b: memref<32x16xf16>, %c: memref<32x16xf32>) {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  kernel.launch @mmg workgroups(%c2, %c2, %c1) (%a, %b, %c) : memref<32x32xf16>, memref<32x16xf16>, memref<32x16xf32>
  return
}
