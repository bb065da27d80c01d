// strata-kernel-matmul-to-amdgpu: a kernel computing one matmul tile of the
// rocm tile table (32x32 on CDNA, 16x16 on RDNA3) becomes one wave's
// vector.contract over the whole K, its scratch accumulator a
// workgroup-memory tile the epilogue reads after a barrier, its rows split
// between the lanes; everything else is left alone.
// RUN: strata-opt %s -split-input-file --strata-kernel-matmul-to-amdgpu=chip=gfx942 | FileCheck %s --check-prefixes=CHECK,CDNA
// RUN: strata-opt %s -split-input-file --strata-kernel-matmul-to-amdgpu=chip=gfx90a | FileCheck %s --check-prefixes=CHECK,CDNA
// RUN: strata-opt %s -split-input-file --strata-kernel-matmul-to-amdgpu=chip=gfx1100 | FileCheck %s --check-prefixes=CHECK,RDNA3
// RUN: strata-opt %s -split-input-file --strata-kernel-matmul-to-amdgpu=chip=gfx1030 | FileCheck %s --check-prefixes=CHECK,GFX1030
// RUN: not strata-opt %s --strata-kernel-matmul-to-amdgpu=chip=gfx908 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: unknown AMD chip 'gfx908'; expected one of gfx90a, gfx942, gfx1030, gfx1100

// A 32x32 f16 tile (K = 128) with the f16 truncation epilogue: one wave64
// on CDNA. gfx1100's tile is 16x16 and gfx1030 has no matrix units: left
// alone there.
// CHECK-LABEL: kernel.func @f16_32x32
// CDNA-SAME: workgroup_size = array<i64: 64, 1, 1>
// CDNA: %[[SHARED:.*]] = memref.alloca() : memref<32x32xf32, #kernel.memory_space<workgroup>>
// CDNA: %[[INIT:.*]] = vector.broadcast %{{.*}} : f32 to vector<32x32xf32>
// CDNA: %[[A:.*]] = vector.transfer_read %{{.*}}[%{{.*}}, %{{.*}}], %{{.*}} {in_bounds = [true, true]} : memref<32x128xf16, strided<[128, 1], offset: ?>>, vector<32x128xf16>
// CDNA: %[[B:.*]] = vector.transfer_read %{{.*}} : memref<128x32xf16, strided<[64, 1], offset: ?>>, vector<128x32xf16>
// CDNA: %[[D:.*]] = vector.contract {{.*}} %[[A]], %[[B]], %[[INIT]] : vector<32x128xf16>, vector<128x32xf16> into vector<32x32xf32>
// CDNA: vector.transfer_write %[[D]], %[[SHARED]]
// CDNA-NEXT: kernel.barrier
// The epilogue's rows split between the 64 lanes (lanes 32..63 idle).
// CDNA: %[[LANE:.*]] = kernel.local_id x
// CDNA: scf.for %[[ROW:.*]] = %[[LANE]] to %c32{{.*}} step %c64
// CDNA: scf.for %[[COL:.*]] = %c0{{.*}} to %c32
// CDNA: memref.load %[[SHARED]][%{{.*}}, %{{.*}}] : memref<32x32xf32, #kernel.memory_space<workgroup>>
// CDNA: arith.truncf
// CDNA: memref.store
// CDNA-NOT: linalg.generic
// CDNA-NOT: linalg.matmul
// CDNA-NOT: linalg.fill
// RDNA3-SAME: workgroup_size = array<i64: 1, 1, 1>
// RDNA3: linalg.matmul
// GFX1030-SAME: workgroup_size = array<i64: 1, 1, 1>
// GFX1030: linalg.matmul
kernel.func @f16_32x32(%A: memref<64x128xf16>, %B: memref<128x64xf16>, %C: memref<64x64xf16>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %zero = arith.constant 0.0 : f32
  %wy = kernel.workgroup_id y
  %wx = kernel.workgroup_id x
  %cm = arith.constant 32 : index
  %cn = arith.constant 32 : index
  %r = arith.muli %wy, %cm : index
  %c = arith.muli %wx, %cn : index
  %a = memref.subview %A[%r, 0] [32, 128] [1, 1] : memref<64x128xf16> to memref<32x128xf16, strided<[128, 1], offset: ?>>
  %b = memref.subview %B[0, %c] [128, 32] [1, 1] : memref<128x64xf16> to memref<128x32xf16, strided<[64, 1], offset: ?>>
  %o = memref.subview %C[%r, %c] [32, 32] [1, 1] : memref<64x64xf16> to memref<32x32xf16, strided<[64, 1], offset: ?>>
  %acc = memref.alloca() : memref<32x32xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<32x32xf32>)
  linalg.matmul ins(%a, %b : memref<32x128xf16, strided<[128, 1], offset: ?>>, memref<128x32xf16, strided<[64, 1], offset: ?>>) outs(%acc : memref<32x32xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%acc : memref<32x32xf32>) outs(%o : memref<32x32xf16, strided<[64, 1], offset: ?>>) {
  ^bb0(%in: f32, %out: f16):
    %t = arith.truncf %in : f32 to f16
    linalg.yield %t : f16
  }
  kernel.return
}

// -----

// A 16x16 f16 tile: one wave32 on gfx1100 (WMMA 16x16x16); not CDNA's
// tile.
// CHECK-LABEL: kernel.func @f16_16x16
// RDNA3-SAME: workgroup_size = array<i64: 32, 1, 1>
// RDNA3: memref.alloca() : memref<16x16xf32, #kernel.memory_space<workgroup>>
// RDNA3: vector.contract {{.*}} : vector<16x64xf16>, vector<64x16xf16> into vector<16x16xf32>
// RDNA3: kernel.barrier
// RDNA3: %[[LANE:.*]] = kernel.local_id x
// RDNA3: scf.for %{{.*}} = %[[LANE]] to %c16{{.*}} step %c32
// RDNA3-NOT: linalg.matmul
// CDNA-SAME: workgroup_size = array<i64: 1, 1, 1>
// CDNA: linalg.matmul
// GFX1030: linalg.matmul
kernel.func @f16_16x16(%A: memref<32x64xf16>, %B: memref<64x32xf16>, %C: memref<32x32xf16>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %zero = arith.constant 0.0 : f32
  %wy = kernel.workgroup_id y
  %wx = kernel.workgroup_id x
  %cm = arith.constant 16 : index
  %cn = arith.constant 16 : index
  %r = arith.muli %wy, %cm : index
  %c = arith.muli %wx, %cn : index
  %a = memref.subview %A[%r, 0] [16, 64] [1, 1] : memref<32x64xf16> to memref<16x64xf16, strided<[64, 1], offset: ?>>
  %b = memref.subview %B[0, %c] [64, 16] [1, 1] : memref<64x32xf16> to memref<64x16xf16, strided<[32, 1], offset: ?>>
  %o = memref.subview %C[%r, %c] [16, 16] [1, 1] : memref<32x32xf16> to memref<16x16xf16, strided<[32, 1], offset: ?>>
  %acc = memref.alloca() : memref<16x16xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<16x16xf32>)
  linalg.matmul ins(%a, %b : memref<16x64xf16, strided<[64, 1], offset: ?>>, memref<64x16xf16, strided<[32, 1], offset: ?>>) outs(%acc : memref<16x16xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%acc : memref<16x16xf32>) outs(%o : memref<16x16xf16, strided<[32, 1], offset: ?>>) {
  ^bb0(%in: f32, %out: f16):
    %t = arith.truncf %in : f32 to f16
    linalg.yield %t : f16
  }
  kernel.return
}

// -----

// bf16 with a bias epilogue (a second, broadcast input): the bias is read as
// before, the accumulator from workgroup memory.
// CHECK-LABEL: kernel.func @bf16_bias
// CDNA-SAME: workgroup_size = array<i64: 64, 1, 1>
// CDNA: vector.contract {{.*}} : vector<32x64xbf16>, vector<64x32xbf16> into vector<32x32xf32>
// CDNA: kernel.barrier
// CDNA: scf.for
// CDNA: scf.for
// CDNA-DAG: memref.load %{{.*}}[%{{.*}}] : memref<32xf32, strided<[1], offset: ?>>
// CDNA-DAG: memref.load %{{.*}}[%{{.*}}, %{{.*}}] : memref<32x32xf32, #kernel.memory_space<workgroup>>
// CDNA: arith.addf
// RDNA3: linalg.matmul
// GFX1030: linalg.matmul
kernel.func @bf16_bias(%A: memref<64x64xbf16>, %B: memref<64x64xbf16>, %C: memref<64x64xf16>, %bias: memref<64xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %zero = arith.constant 0.0 : f32
  %wy = kernel.workgroup_id y
  %wx = kernel.workgroup_id x
  %cm = arith.constant 32 : index
  %cn = arith.constant 32 : index
  %r = arith.muli %wy, %cm : index
  %c = arith.muli %wx, %cn : index
  %a = memref.subview %A[%r, 0] [32, 64] [1, 1] : memref<64x64xbf16> to memref<32x64xbf16, strided<[64, 1], offset: ?>>
  %b = memref.subview %B[0, %c] [64, 32] [1, 1] : memref<64x64xbf16> to memref<64x32xbf16, strided<[64, 1], offset: ?>>
  %o = memref.subview %C[%r, %c] [32, 32] [1, 1] : memref<64x64xf16> to memref<32x32xf16, strided<[64, 1], offset: ?>>
  %acc = memref.alloca() : memref<32x32xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<32x32xf32>)
  linalg.matmul ins(%a, %b : memref<32x64xbf16, strided<[64, 1], offset: ?>>, memref<64x32xbf16, strided<[64, 1], offset: ?>>) outs(%acc : memref<32x32xf32>)
  %bs = memref.subview %bias[%c] [32] [1] : memref<64xf32> to memref<32xf32, strided<[1], offset: ?>>
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%bs, %acc : memref<32xf32, strided<[1], offset: ?>>, memref<32x32xf32>) outs(%o : memref<32x32xf16, strided<[64, 1], offset: ?>>) {
  ^bb0(%bv: f32, %in: f32, %out: f16):
    %s = arith.addf %in, %bv : f32
    %t = arith.truncf %s : f32 to f16
    linalg.yield %t : f16
  }
  kernel.return
}

// -----

// f32 operands, the accumulator a global buffer (the output, zero-filled):
// read, contracted and written back in place, no workgroup memory. Only
// CDNA has an f32 matrix instruction (MFMA 32x32x2).
// CHECK-LABEL: kernel.func @f32_in_place
// CDNA-SAME: workgroup_size = array<i64: 64, 1, 1>
// CDNA: linalg.fill
// CDNA: %[[C:.*]] = vector.transfer_read %[[O:.*]][%{{.*}}, %{{.*}}], %{{.*}} {in_bounds = [true, true]} : memref<32x32xf32, strided<[64, 1], offset: ?>>, vector<32x32xf32>
// CDNA: %[[D:.*]] = vector.contract {{.*}}, %[[C]] : vector<32x16xf32>, vector<16x32xf32> into vector<32x32xf32>
// CDNA: vector.transfer_write %[[D]], %[[O]]
// CDNA-NOT: kernel.barrier
// CDNA-NOT: linalg.matmul
// RDNA3-SAME: workgroup_size = array<i64: 1, 1, 1>
// RDNA3: linalg.matmul
// GFX1030: linalg.matmul
kernel.func @f32_in_place(%A: memref<64x16xf32>, %B: memref<16x64xf32>, %C: memref<64x64xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %zero = arith.constant 0.0 : f32
  %wy = kernel.workgroup_id y
  %wx = kernel.workgroup_id x
  %cm = arith.constant 32 : index
  %cn = arith.constant 32 : index
  %r = arith.muli %wy, %cm : index
  %c = arith.muli %wx, %cn : index
  %a = memref.subview %A[%r, 0] [32, 16] [1, 1] : memref<64x16xf32> to memref<32x16xf32, strided<[16, 1], offset: ?>>
  %b = memref.subview %B[0, %c] [16, 32] [1, 1] : memref<16x64xf32> to memref<16x32xf32, strided<[64, 1], offset: ?>>
  %o = memref.subview %C[%r, %c] [32, 32] [1, 1] : memref<64x64xf32> to memref<32x32xf32, strided<[64, 1], offset: ?>>
  linalg.fill ins(%zero : f32) outs(%o : memref<32x32xf32, strided<[64, 1], offset: ?>>)
  linalg.matmul ins(%a, %b : memref<32x16xf32, strided<[16, 1], offset: ?>>, memref<16x32xf32, strided<[64, 1], offset: ?>>) outs(%o : memref<32x32xf32, strided<[64, 1], offset: ?>>)
  kernel.return
}

// -----

// Left alone everywhere: K = 12 is no multiple of a K step.
// CHECK-LABEL: kernel.func @k12
// CHECK-SAME: workgroup_size = array<i64: 1, 1, 1>
// CHECK: linalg.matmul
// CHECK-NOT: vector.contract
kernel.func @k12(%A: memref<64x12xf16>, %B: memref<12x64xf16>, %C: memref<64x64xf16>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %zero = arith.constant 0.0 : f32
  %wy = kernel.workgroup_id y
  %wx = kernel.workgroup_id x
  %cm = arith.constant 32 : index
  %cn = arith.constant 32 : index
  %r = arith.muli %wy, %cm : index
  %c = arith.muli %wx, %cn : index
  %a = memref.subview %A[%r, 0] [32, 12] [1, 1] : memref<64x12xf16> to memref<32x12xf16, strided<[12, 1], offset: ?>>
  %b = memref.subview %B[0, %c] [12, 32] [1, 1] : memref<12x64xf16> to memref<12x32xf16, strided<[64, 1], offset: ?>>
  %o = memref.subview %C[%r, %c] [32, 32] [1, 1] : memref<64x64xf16> to memref<32x32xf16, strided<[64, 1], offset: ?>>
  %acc = memref.alloca() : memref<32x32xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<32x32xf32>)
  linalg.matmul ins(%a, %b : memref<32x12xf16, strided<[12, 1], offset: ?>>, memref<12x32xf16, strided<[64, 1], offset: ?>>) outs(%acc : memref<32x32xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%acc : memref<32x32xf32>) outs(%o : memref<32x32xf16, strided<[64, 1], offset: ?>>) {
  ^bb0(%in: f32, %out: f16):
    %t = arith.truncf %in : f32 to f16
    linalg.yield %t : f16
  }
  kernel.return
}

// -----

// Left alone: the scratch accumulator is also read outside the epilogue
// (here copied out before it), so workgroup memory would not replace it.
// CHECK-LABEL: kernel.func @scratch_read_twice
// CHECK-SAME: workgroup_size = array<i64: 1, 1, 1>
// CHECK: linalg.matmul
// CHECK-NOT: vector.contract
kernel.func @scratch_read_twice(%A: memref<64x16xf16>, %B: memref<16x64xf16>, %C: memref<64x64xf16>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %zero = arith.constant 0.0 : f32
  %wy = kernel.workgroup_id y
  %wx = kernel.workgroup_id x
  %cm = arith.constant 32 : index
  %cn = arith.constant 32 : index
  %r = arith.muli %wy, %cm : index
  %c = arith.muli %wx, %cn : index
  %a = memref.subview %A[%r, 0] [32, 16] [1, 1] : memref<64x16xf16> to memref<32x16xf16, strided<[16, 1], offset: ?>>
  %b = memref.subview %B[0, %c] [16, 32] [1, 1] : memref<16x64xf16> to memref<16x32xf16, strided<[64, 1], offset: ?>>
  %o = memref.subview %C[%r, %c] [32, 32] [1, 1] : memref<64x64xf16> to memref<32x32xf16, strided<[64, 1], offset: ?>>
  %acc = memref.alloca() : memref<32x32xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<32x32xf32>)
  linalg.matmul ins(%a, %b : memref<32x16xf16, strided<[16, 1], offset: ?>>, memref<16x32xf16, strided<[64, 1], offset: ?>>) outs(%acc : memref<32x32xf32>)
  %spill = memref.alloca() : memref<32x32xf32>
  memref.copy %acc, %spill : memref<32x32xf32> to memref<32x32xf32>
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%acc : memref<32x32xf32>) outs(%o : memref<32x32xf16, strided<[64, 1], offset: ?>>) {
  ^bb0(%in: f32, %out: f16):
    %t = arith.truncf %in : f32 to f16
    linalg.yield %t : f16
  }
  kernel.return
}

// -----

// Left alone: the kernel already runs a workgroup of threads.
// CHECK-LABEL: kernel.func @already_wide
// CHECK-SAME: workgroup_size = array<i64: 64, 1, 1>
// CHECK: linalg.matmul
// CHECK-NOT: vector.contract
kernel.func @already_wide(%A: memref<64x16xf16>, %B: memref<16x64xf16>, %C: memref<64x64xf16>) attributes {workgroup_size = array<i64: 64, 1, 1>} {
  %zero = arith.constant 0.0 : f32
  %wy = kernel.workgroup_id y
  %wx = kernel.workgroup_id x
  %cm = arith.constant 32 : index
  %cn = arith.constant 32 : index
  %r = arith.muli %wy, %cm : index
  %c = arith.muli %wx, %cn : index
  %a = memref.subview %A[%r, 0] [32, 16] [1, 1] : memref<64x16xf16> to memref<32x16xf16, strided<[16, 1], offset: ?>>
  %b = memref.subview %B[0, %c] [16, 32] [1, 1] : memref<16x64xf16> to memref<16x32xf16, strided<[64, 1], offset: ?>>
  %o = memref.subview %C[%r, %c] [32, 32] [1, 1] : memref<64x64xf16> to memref<32x32xf16, strided<[64, 1], offset: ?>>
  %acc = memref.alloca() : memref<32x32xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<32x32xf32>)
  linalg.matmul ins(%a, %b : memref<32x16xf16, strided<[16, 1], offset: ?>>, memref<16x32xf16, strided<[64, 1], offset: ?>>) outs(%acc : memref<32x32xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%acc : memref<32x32xf32>) outs(%o : memref<32x32xf16, strided<[64, 1], offset: ?>>) {
  ^bb0(%in: f32, %out: f16):
    %t = arith.truncf %in : f32 to f16
    linalg.yield %t : f16
  }
  kernel.return
}

// -----

// Left alone: an f16 accumulator (no matrix instruction accumulates in f16
// here).
// CHECK-LABEL: kernel.func @f16_acc
// CHECK: linalg.matmul
// CHECK-NOT: vector.contract
kernel.func @f16_acc(%A: memref<64x16xf16>, %B: memref<16x64xf16>, %C: memref<64x64xf16>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %zero = arith.constant 0.0 : f16
  %wy = kernel.workgroup_id y
  %wx = kernel.workgroup_id x
  %cm = arith.constant 32 : index
  %cn = arith.constant 32 : index
  %r = arith.muli %wy, %cm : index
  %c = arith.muli %wx, %cn : index
  %a = memref.subview %A[%r, 0] [32, 16] [1, 1] : memref<64x16xf16> to memref<32x16xf16, strided<[16, 1], offset: ?>>
  %b = memref.subview %B[0, %c] [16, 32] [1, 1] : memref<16x64xf16> to memref<16x32xf16, strided<[64, 1], offset: ?>>
  %o = memref.subview %C[%r, %c] [32, 32] [1, 1] : memref<64x64xf16> to memref<32x32xf16, strided<[64, 1], offset: ?>>
  linalg.fill ins(%zero : f16) outs(%o : memref<32x32xf16, strided<[64, 1], offset: ?>>)
  linalg.matmul ins(%a, %b : memref<32x16xf16, strided<[16, 1], offset: ?>>, memref<16x32xf16, strided<[64, 1], offset: ?>>) outs(%o : memref<32x32xf16, strided<[64, 1], offset: ?>>)
  kernel.return
}

// -----

// The scratch accumulator copied in from a buffer (CSE shares one zero-fill
// kernel between several matmuls): the contraction starts from that buffer,
// read where the matmul was.
// CHECK-LABEL: kernel.func @copy_init
// CDNA-SAME: workgroup_size = array<i64: 64, 1, 1>
// CDNA: %[[SRC:.*]] = memref.subview %arg2
// CDNA-NOT: memref.copy
// CDNA: memref.alloca() : memref<32x32xf32, #kernel.memory_space<workgroup>>
// CDNA: %[[INIT:.*]] = vector.transfer_read %[[SRC]][%{{.*}}, %{{.*}}], %{{.*}} {in_bounds = [true, true]} : memref<32x32xf32, strided<[64, 1], offset: ?>>, vector<32x32xf32>
// CDNA: vector.contract {{.*}}, %[[INIT]] : vector<32x16xf16>, vector<16x32xf16> into vector<32x32xf32>
// CDNA: kernel.barrier
// CDNA-NOT: memref.copy
// RDNA3: memref.copy
// RDNA3: linalg.matmul
kernel.func @copy_init(%A: memref<64x16xf16>, %B: memref<16x64xf16>, %Z: memref<64x64xf32>, %C: memref<64x64xf16>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %wy = kernel.workgroup_id y
  %wx = kernel.workgroup_id x
  %c32 = arith.constant 32 : index
  %r = arith.muli %wy, %c32 : index
  %c = arith.muli %wx, %c32 : index
  %a = memref.subview %A[%r, 0] [32, 16] [1, 1] : memref<64x16xf16> to memref<32x16xf16, strided<[16, 1], offset: ?>>
  %b = memref.subview %B[0, %c] [16, 32] [1, 1] : memref<16x64xf16> to memref<16x32xf16, strided<[64, 1], offset: ?>>
  %z = memref.subview %Z[%r, %c] [32, 32] [1, 1] : memref<64x64xf32> to memref<32x32xf32, strided<[64, 1], offset: ?>>
  %acc = memref.alloca() : memref<32x32xf32>
  memref.copy %z, %acc : memref<32x32xf32, strided<[64, 1], offset: ?>> to memref<32x32xf32>
  linalg.matmul ins(%a, %b : memref<32x16xf16, strided<[16, 1], offset: ?>>, memref<16x32xf16, strided<[64, 1], offset: ?>>) outs(%acc : memref<32x32xf32>)
  %o = memref.subview %C[%r, %c] [32, 32] [1, 1] : memref<64x64xf16> to memref<32x32xf16, strided<[64, 1], offset: ?>>
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%acc : memref<32x32xf32>) outs(%o : memref<32x32xf16, strided<[64, 1], offset: ?>>) {
  ^bb0(%in: f32, %out: f16):
    %t = arith.truncf %in : f32 to f16
    linalg.yield %t : f16
  }
  kernel.return
}

// -----

// Left alone: the copied-from buffer is written between the copy and the
// matmul, so reading it at the matmul would see another value.
// CHECK-LABEL: kernel.func @copy_then_write
// CHECK-SAME: workgroup_size = array<i64: 1, 1, 1>
// CHECK: linalg.matmul
// CHECK-NOT: vector.contract
kernel.func @copy_then_write(%A: memref<32x16xf16>, %B: memref<16x32xf16>, %Z: memref<32x32xf32>, %C: memref<32x32xf16>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %one = arith.constant 1.0 : f32
  %acc = memref.alloca() : memref<32x32xf32>
  memref.copy %Z, %acc : memref<32x32xf32> to memref<32x32xf32>
  linalg.fill ins(%one : f32) outs(%Z : memref<32x32xf32>)
  linalg.matmul ins(%A, %B : memref<32x16xf16>, memref<16x32xf16>) outs(%acc : memref<32x32xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%acc : memref<32x32xf32>) outs(%C : memref<32x32xf16>) {
  ^bb0(%in: f32, %out: f16):
    %t = arith.truncf %in : f32 to f16
    linalg.yield %t : f16
  }
  kernel.return
}
