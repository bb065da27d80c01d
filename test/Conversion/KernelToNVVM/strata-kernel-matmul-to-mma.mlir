// RUN: strata-opt %s -split-input-file --strata-kernel-matmul-to-mma | FileCheck %s
// RUN: strata-opt %s -split-input-file --strata-kernel-to-cuda | FileCheck %s --check-prefix=NVVM

// A 16x8 f16 matmul tile (K = 32) with a zero-filled f32 scratch
// accumulator and an f16 epilogue: one warp (workgroup_size [32, 1, 1]).
// The 32-deep K slice is staged in workgroup memory (rows padded by 8 f16)
// with 16-byte transfer pairs (A: 16x32 = 64 pieces, 2 per lane; B: 32x8 =
// 32 pieces, 1 per lane), a barrier, then two 16-deep steps read 16x16 and
// 16x8 fragments from workgroup memory into vector.contracts from a
// constant accumulator; the result goes to a workgroup f32 tile, a barrier,
// then the epilogue as a loop over the tile's elements split over the
// block's threads (thread t: elements t, t + 32, ...).
// CHECK-LABEL: kernel.func @mm
// CHECK-SAME: workgroup_size = array<i64: 32, 1, 1>
// CHECK-DAG: %[[SHARED:.*]] = memref.alloca() : memref<16x8xf32, #kernel.memory_space<workgroup>>
// CHECK-DAG: %[[SB:.*]] = memref.alloca() : memref<32x16xf16, #kernel.memory_space<workgroup>>
// CHECK-DAG: %[[SA:.*]] = memref.alloca() : memref<16x40xf16, #kernel.memory_space<workgroup>>
// CHECK: %[[A:.*]] = memref.subview %arg0
// CHECK: %[[B:.*]] = memref.subview %arg1
// CHECK: %[[TID:.*]] = kernel.local_id x
// CHECK: %[[ACC:.*]] = vector.broadcast %{{.*}} : f32 to vector<16x8xf32>
// CHECK: %[[V0:.*]] = vector.transfer_read %[[A]]{{.*}} vector<8xf16>
// CHECK: vector.transfer_write %[[V0]], %[[SA]]
// CHECK: %[[V1:.*]] = vector.transfer_read %[[A]]{{.*}} vector<8xf16>
// CHECK: vector.transfer_write %[[V1]], %[[SA]]
// CHECK: %[[V2:.*]] = vector.transfer_read %[[B]]{{.*}} vector<8xf16>
// CHECK: vector.transfer_write %[[V2]], %[[SB]]
// CHECK-NEXT: kernel.barrier
// CHECK: vector.transfer_read %[[SA]]{{.*}} vector<16x16xf16>
// CHECK: vector.transfer_read %[[SB]]{{.*}} vector<16x8xf16>
// CHECK: %[[D0:.*]] = vector.contract {{.*}} %[[ACC]] : vector<16x16xf16>, vector<16x8xf16> into vector<16x8xf32>
// CHECK: %[[D1:.*]] = vector.contract {{.*}} %[[D0]]
// CHECK-NOT: vector.contract
// CHECK-NOT: linalg.matmul
// CHECK-NOT: linalg.fill
// CHECK: vector.transfer_write %[[D1]], %[[SHARED]]
// CHECK-NEXT: kernel.barrier
// CHECK: scf.for %[[I:.*]] = %[[TID]] to %c128 step %c32
// CHECK: memref.load %[[SHARED]]
// CHECK: arith.truncf
// CHECK: memref.store %{{.*}}, %arg2
// CHECK-NOT: linalg.generic
// Through the whole cuda stage: cp.async (3 per thread, one group, waited
// for before the barrier), ldmatrix (A: x4, B: x2 transposed) from the
// 16-byte aligned shared (addrspace 3) globals, nvgpu.mma.sync lowered to
// NVVM.
// NVVM-DAG: llvm.mlir.global internal @__wg_mm_0() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<128 x f32>
// NVVM-DAG: llvm.mlir.global internal @__wg_mm_1() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<512 x f16>
// NVVM-DAG: llvm.mlir.global internal @__wg_mm_2() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<640 x f16>
// NVVM: llvm.func @mm({{.*}} nvvm.maxntid = array<i32: 32, 1, 1>
// NVVM-COUNT-3: nvvm.cp.async.shared.global {{.*}}, 16, cache = cg
// NVVM-NEXT: nvvm.cp.async.commit.group
// NVVM-NEXT: nvvm.cp.async.wait.group 0
// NVVM-NEXT: nvvm.barrier0
// NVVM: nvvm.ldmatrix {{.*}}layout = #nvvm.mma_layout<row>, num = 4
// NVVM: nvvm.ldmatrix {{.*}}layout = #nvvm.mma_layout<col>, num = 2
// NVVM: nvvm.mma.sync
// NVVM: nvvm.ldmatrix
// NVVM: nvvm.ldmatrix
// NVVM: nvvm.mma.sync
// NVVM-NOT: nvvm.mma.sync
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

// A 32x32 block tile of an f32 matmul root (the accumulator is the output
// tile, filled with zero right before): 2 x 2 warps (128 threads) of 16x16,
// each 1 x 2 mma tiles; the fill is folded into the accumulators' initial
// value; each lane writes its own fragment elements to the output.
// CHECK-LABEL: kernel.func @mmg
// CHECK-SAME: workgroup_size = array<i64: 128, 1, 1>
// CHECK-NOT: linalg.fill
// CHECK: %[[SC:.*]] = memref.subview %arg2
// CHECK: %[[TID:.*]] = kernel.local_id x
// CHECK: %[[WARP:.*]] = arith.divui %[[TID]], %c32
// CHECK: vector.broadcast
// CHECK-NOT: kernel.barrier
// CHECK-COUNT-2: vector.transfer_read %{{.*}} vector<8xf16>
// CHECK: kernel.barrier
// CHECK-COUNT-4: vector.contract
// CHECK-NOT: vector.contract
// CHECK: vector.transfer_write %{{.*}}, %[[SC]]
// CHECK: vector.transfer_write %{{.*}}, %[[SC]]
// CHECK-NEXT: kernel.return
// NVVM-LABEL: llvm.func @mmg
// NVVM-SAME: nvvm.maxntid = array<i32: 128, 1, 1>
// NVVM-COUNT-2: nvvm.cp.async.shared.global
// NVVM: nvvm.barrier0
// NVVM-COUNT-4: nvvm.mma.sync
// NVVM-NOT: nvvm.mma.sync
kernel.func @mmg(%a: memref<64x32xf16>, %b: memref<32x64xf16>, %c: memref<64x64xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %zero = arith.constant 0.0 : f32
  %wy = kernel.workgroup_id y
  %wx = kernel.workgroup_id x
  %c32 = arith.constant 32 : index
  %m = arith.muli %wy, %c32 : index
  %n = arith.muli %wx, %c32 : index
  %sa = memref.subview %a[%m, 0] [32, 32] [1, 1] : memref<64x32xf16> to memref<32x32xf16, strided<[32, 1], offset: ?>>
  %sb = memref.subview %b[0, %n] [32, 32] [1, 1] : memref<32x64xf16> to memref<32x32xf16, strided<[64, 1], offset: ?>>
  %sc = memref.subview %c[%m, %n] [32, 32] [1, 1] : memref<64x64xf32> to memref<32x32xf32, strided<[64, 1], offset: ?>>
  linalg.fill ins(%zero : f32) outs(%sc : memref<32x32xf32, strided<[64, 1], offset: ?>>)
  linalg.matmul ins(%sa, %sb : memref<32x32xf16, strided<[32, 1], offset: ?>>, memref<32x32xf16, strided<[64, 1], offset: ?>>) outs(%sc : memref<32x32xf32, strided<[64, 1], offset: ?>>)
  kernel.return
}
func.func @model(%a: memref<64x32xf16>, %b: memref<32x64xf16>, %c: memref<64x64xf32>) {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  kernel.launch @mmg workgroups(%c2, %c2, %c1) (%a, %b, %c) : memref<64x32xf16>, memref<32x64xf16>, memref<64x64xf32>
  return
}

// -----

// A 64x64 block tile (K = 64): 2 x 2 warps of 32x32, each 2 x 4 mma tiles:
// per 16-deep step 2 A and 4 B fragments and 8 contractions; 4 steps.
// An f32 accumulator that is read (no fill before the matmul) is read
// after a barrier (whatever wrote it before, for all threads).
// Two K slices, two stages (two A and two B buffers): slice 1 is copied
// before slice 0 is multiplied; a barrier after slice 0's copies keeps them
// a cp.async group of their own (dropped with its wait at the GPU level).
// CHECK-LABEL: kernel.func @big
// CHECK-SAME: workgroup_size = array<i64: 128, 1, 1>
// CHECK-COUNT-2: memref.alloca() : memref<64x40xf16, #kernel.memory_space<workgroup>>
// CHECK: kernel.barrier
// CHECK-COUNT-8: vector.transfer_read %arg2{{.*}} vector<16x8xf32>
// CHECK-COUNT-4: vector.transfer_read %{{.*}} vector<8xf16>
// CHECK-NEXT: vector.transfer_write
// CHECK-NEXT: kernel.barrier
// CHECK-COUNT-4: vector.transfer_read %{{.*}} vector<8xf16>
// CHECK-NEXT: vector.transfer_write
// CHECK-NEXT: kernel.barrier
// CHECK-COUNT-16: vector.contract
// CHECK-NEXT: kernel.barrier
// CHECK-COUNT-16: vector.contract
// CHECK-NOT: vector.contract
// CHECK-COUNT-8: vector.transfer_write %{{.*}}, %arg2
// NVVM-LABEL: llvm.func @big
// NVVM: nvvm.barrier0
// NVVM-COUNT-4: nvvm.cp.async.shared.global
// NVVM-NEXT: nvvm.cp.async.commit.group
// NVVM-NOT: nvvm.barrier0
// NVVM-COUNT-4: nvvm.cp.async.shared.global
// NVVM-NEXT: nvvm.cp.async.commit.group
// NVVM-NEXT: nvvm.cp.async.wait.group 1
// NVVM-NEXT: nvvm.barrier0
// NVVM-COUNT-16: nvvm.mma.sync
// NVVM: nvvm.cp.async.wait.group 0
// NVVM-NEXT: nvvm.barrier0
// NVVM-COUNT-16: nvvm.mma.sync
// NVVM-NOT: nvvm.mma.sync
kernel.func @big(%a: memref<64x64xf16>, %b: memref<64x64xf16>, %c: memref<64x64xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  linalg.matmul ins(%a, %b : memref<64x64xf16>, memref<64x64xf16>) outs(%c : memref<64x64xf32>)
  kernel.return
}
func.func @model(%a: memref<64x64xf16>, %b: memref<64x64xf16>, %c: memref<64x64xf32>) {
  %c1 = arith.constant 1 : index
  kernel.launch @big workgroups(%c1, %c1, %c1) (%a, %b, %c) : memref<64x64xf16>, memref<64x64xf16>, memref<64x64xf32>
  return
}

// -----

// Not rewritten: a 16x8 tile with K = 16 (its 16x8 B slice is 16 pieces of
// 16 bytes, fewer than the warp's 32 lanes), and an epilogue that reads its
// indices (linalg.index: not split element by element).
// CHECK-LABEL: kernel.func @k16
// CHECK-SAME: workgroup_size = array<i64: 1, 1, 1>
// CHECK: linalg.matmul
// CHECK-LABEL: kernel.func @indexed
// CHECK-SAME: workgroup_size = array<i64: 1, 1, 1>
// CHECK: linalg.matmul
// NVVM-NOT: nvvm.mma.sync
// NVVM-NOT: nvvm.cp.async
kernel.func @k16(%a: memref<16x16xf16>, %b: memref<16x8xf16>, %c: memref<16x8xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  linalg.matmul ins(%a, %b : memref<16x16xf16>, memref<16x8xf16>) outs(%c : memref<16x8xf32>)
  kernel.return
}
kernel.func @indexed(%a: memref<16x32xf16>, %b: memref<32x8xf16>, %c: memref<16x8xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloca() : memref<16x8xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<16x8xf32>)
  linalg.matmul ins(%a, %b : memref<16x32xf16>, memref<32x8xf16>) outs(%acc : memref<16x8xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%acc : memref<16x8xf32>) outs(%c : memref<16x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %i = linalg.index 0 : index
    %ii = arith.index_cast %i : index to i32
    %f = arith.sitofp %ii : i32 to f32
    %r = arith.addf %in, %f : f32
    linalg.yield %r : f32
  }
  kernel.return
}
func.func @model(%a: memref<16x16xf16>, %b: memref<16x8xf16>, %c: memref<16x8xf32>, %a2: memref<16x32xf16>, %b2: memref<32x8xf16>) {
  %c1 = arith.constant 1 : index
  kernel.launch @k16 workgroups(%c1, %c1, %c1) (%a, %b, %c) : memref<16x16xf16>, memref<16x8xf16>, memref<16x8xf32>
  kernel.launch @indexed workgroups(%c1, %c1, %c1) (%a2, %b2, %c) : memref<16x32xf16>, memref<32x8xf16>, memref<16x8xf32>
  return
}
