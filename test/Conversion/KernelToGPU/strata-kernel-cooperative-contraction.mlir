// strata-kernel-cooperative-contraction: a matmul or NCHW convolution
// workgroup tile becomes a block of threads that stage operand slices in
// workgroup memory, each accumulating a 4x4 (or larger) block in
// registers; the epilogue is split the same way. Kernels of other forms
// are left alone.
// RUN: strata-opt %s -split-input-file --strata-kernel-cooperative-contraction | FileCheck %s
// RUN: strata-opt %s -split-input-file --strata-kernel-cooperative-contraction="max-threads=128 vector-width=1" | FileCheck %s --check-prefix=VK
// RUN: not strata-opt %s --strata-kernel-cooperative-contraction="vector-width=3" 2>&1 | FileCheck %s --check-prefix=BAD

// BAD: strata-kernel-cooperative-contraction: max-threads must be in 32..1024, tile-k positive, vector-width 1, 2, 4 or 8

// A 32x32 tile with a scratch accumulator and a bias + relu epilogue:
// 64 threads of 4x4; K steps of 16; 16-byte loads of A and B from the
// buffers themselves (aligned); the epilogue on each thread's 4x4 block.
// CHECK-LABEL: kernel.func @scratch_epilogue
// CHECK-SAME: workgroup_size = array<i64: 64, 1, 1>
// CHECK-DAG: %[[AS:.*]] = memref.alloca() : memref<16x32xf32, #kernel.memory_space<workgroup>>
// CHECK-DAG: %[[BS:.*]] = memref.alloca() : memref<16x32xf32, #kernel.memory_space<workgroup>>
// CHECK: %[[TID:.*]] = kernel.local_id x
// CHECK: %[[ACC:.*]]:16 = scf.for %[[K0:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK: scf.for %{{.*}} = %[[TID]] to
// CHECK: vector.load %arg0[{{.*}}] {alignment = 16 : i64} : memref<128x256xf32>, vector<4xf32>
// CHECK-COUNT-4: memref.store %{{.*}}, %[[AS]]
// CHECK: scf.for %{{.*}} = %[[TID]] to
// CHECK: %[[V:.*]] = vector.load %arg1[{{.*}}] {alignment = 16 : i64} : memref<256x192xf32>, vector<4xf32>
// CHECK: vector.store %[[V]], %[[BS]]
// CHECK: kernel.barrier
// CHECK: scf.for
// CHECK-COUNT-16: arith.mulf {{.*}} fastmath<contract>
// CHECK: kernel.barrier
// CHECK: %[[OWN:.*]] = memref.alloca() : memref<4x4xf32>
// CHECK-COUNT-16: memref.store %[[ACC]]#{{[0-9]+}}, %[[OWN]]
// CHECK: linalg.generic {{.*}} ins(%[[OWN]], %{{.*}} : memref<4x4xf32>, memref<4xf32, {{.*}}>) outs(%{{.*}} : memref<4x4xf32, {{.*}}>)
// CHECK-NOT: linalg.matmul
// CHECK-NOT: linalg.fill
// VK-LABEL: kernel.func @scratch_epilogue
// VK-SAME: workgroup_size = array<i64: 64, 1, 1>
// VK-NOT: vector.load
// VK: kernel.return
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
kernel.func @scratch_epilogue(%a: memref<128x256xf32>, %b: memref<256x192xf32>, %bias: memref<192xf32>, %out: memref<128x192xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %cst = arith.constant 0.000000e+00 : f32
  %c32 = arith.constant 32 : index
  %y = kernel.workgroup_id y
  %m0 = arith.muli %y, %c32 : index
  %x = kernel.workgroup_id x
  %n0 = arith.muli %x, %c32 : index
  %sa = memref.subview %a[%m0, 0] [32, 256] [1, 1] : memref<128x256xf32> to memref<32x256xf32, strided<[256, 1], offset: ?>>
  %sb = memref.subview %b[0, %n0] [256, 32] [1, 1] : memref<256x192xf32> to memref<256x32xf32, strided<[192, 1], offset: ?>>
  %acc = memref.alloca() {alignment = 64 : i64} : memref<32x32xf32>
  linalg.fill ins(%cst : f32) outs(%acc : memref<32x32xf32>)
  linalg.matmul ins(%sa, %sb : memref<32x256xf32, strided<[256, 1], offset: ?>>, memref<256x32xf32, strided<[192, 1], offset: ?>>) outs(%acc : memref<32x32xf32>)
  %sbias = memref.subview %bias[%n0] [32] [1] : memref<192xf32> to memref<32xf32, strided<[1], offset: ?>>
  %so = memref.subview %out[%m0, %n0] [32, 32] [1, 1] : memref<128x192xf32> to memref<32x32xf32, strided<[192, 1], offset: ?>>
  linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%acc, %sbias : memref<32x32xf32>, memref<32xf32, strided<[1], offset: ?>>) outs(%so : memref<32x32xf32, strided<[192, 1], offset: ?>>) {
  ^bb0(%i: f32, %j: f32, %o: f32):
    %s = arith.addf %i, %j : f32
    %r = arith.maximumf %s, %cst : f32
    linalg.yield %r : f32
  }
  kernel.return
}

// -----

// A 64x64 tile accumulated straight into the output (fill, no epilogue),
// f16 operands into f32, K = 100: K steps of 4; loads of 4 f16 (8 bytes,
// vector-width 4) for A and B; 256 threads of 4x4, or 128 threads of 4x8
// under max-threads=128.
// CHECK-LABEL: kernel.func @direct_f16
// CHECK-SAME: workgroup_size = array<i64: 256, 1, 1>
// CHECK-DAG: memref.alloca() : memref<4x64xf16, #kernel.memory_space<workgroup>>
// CHECK-DAG: memref.alloca() : memref<4x64xf16, #kernel.memory_space<workgroup>>
// CHECK: vector.load %arg0[{{.*}}] {alignment = 8 : i64} : memref<512x100xf16>, vector<4xf16>
// CHECK: vector.load %arg1[{{.*}}] {alignment = 8 : i64} : memref<100x256xf16>, vector<4xf16>
// CHECK: arith.extf {{.*}} : f16 to f32
// CHECK-COUNT-16: memref.store %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}] : memref<64x64xf32, strided<[256, 1], offset: ?>>
// CHECK-NOT: linalg.
// VK-LABEL: kernel.func @direct_f16
// VK-SAME: workgroup_size = array<i64: 128, 1, 1>
// VK-COUNT-32: memref.store %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}] : memref<64x64xf32, strided<[256, 1], offset: ?>>
kernel.func @direct_f16(%a: memref<512x100xf16>, %b: memref<100x256xf16>, %out: memref<512x256xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %cst = arith.constant 0.000000e+00 : f32
  %c64 = arith.constant 64 : index
  %y = kernel.workgroup_id y
  %m0 = arith.muli %y, %c64 : index
  %x = kernel.workgroup_id x
  %n0 = arith.muli %x, %c64 : index
  %sa = memref.subview %a[%m0, 0] [64, 100] [1, 1] : memref<512x100xf16> to memref<64x100xf16, strided<[100, 1], offset: ?>>
  %sb = memref.subview %b[0, %n0] [100, 64] [1, 1] : memref<100x256xf16> to memref<100x64xf16, strided<[256, 1], offset: ?>>
  %so = memref.subview %out[%m0, %n0] [64, 64] [1, 1] : memref<512x256xf32> to memref<64x64xf32, strided<[256, 1], offset: ?>>
  linalg.fill ins(%cst : f32) outs(%so : memref<64x64xf32, strided<[256, 1], offset: ?>>)
  linalg.matmul ins(%sa, %sb : memref<64x100xf16, strided<[100, 1], offset: ?>>, memref<100x64xf16, strided<[256, 1], offset: ?>>) outs(%so : memref<64x64xf32, strided<[256, 1], offset: ?>>)
  kernel.return
}

// -----

// A row offset that is not a known multiple of 4 (a workgroup id times 3):
// scalar loads, the block rewrite otherwise the same.
// CHECK-LABEL: kernel.func @unaligned
// CHECK-SAME: workgroup_size = array<i64: 64, 1, 1>
// CHECK-NOT: vector.load %arg1
// CHECK: kernel.return
kernel.func @unaligned(%a: memref<32x64xf32>, %b: memref<64x99xf32>, %out: memref<32x32xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %cst = arith.constant 0.000000e+00 : f32
  %c3 = arith.constant 3 : index
  %x = kernel.workgroup_id x
  %n0 = arith.muli %x, %c3 : index
  %sb = memref.subview %b[0, %n0] [64, 32] [1, 1] : memref<64x99xf32> to memref<64x32xf32, strided<[99, 1], offset: ?>>
  linalg.fill ins(%cst : f32) outs(%out : memref<32x32xf32>)
  linalg.matmul ins(%a, %sb : memref<32x64xf32>, memref<64x32xf32, strided<[99, 1], offset: ?>>) outs(%out : memref<32x32xf32>)
  kernel.return
}

// -----

// An NCHW convolution tile (1 image x 16 filters x 8 x 16 pixels, 3x3
// taps, 16 input channels) with a scratch accumulator and a bias + relu
// epilogue: 128 threads of 4 filters x 4 pixels of one row; 8 channels per
// step: the filter slice as (8*3*3) x 16 and the 8 x 10 x 18 input patch
// in workgroup memory; the epilogue on each thread's 1x4x1x4 block.
// CHECK-LABEL: kernel.func @conv
// CHECK-SAME: workgroup_size = array<i64: 128, 1, 1>
// CHECK-DAG: %[[WS:.*]] = memref.alloca() : memref<72x16xf32, #kernel.memory_space<workgroup>>
// CHECK-DAG: %[[XS:.*]] = memref.alloca() : memref<8x10x18xf32, #kernel.memory_space<workgroup>>
// CHECK: %[[ACC:.*]]:16 = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK: memref.store %{{.*}}, %[[WS]]
// CHECK: memref.store %{{.*}}, %[[XS]]
// CHECK: kernel.barrier
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for
// CHECK-COUNT-4: memref.load %[[WS]]
// CHECK-COUNT-4: memref.load %[[XS]]
// CHECK: kernel.barrier
// CHECK: %[[OWN:.*]] = memref.alloca() : memref<1x4x1x4xf32>
// CHECK: linalg.generic {{.*}} ins(%[[OWN]], %{{.*}} : memref<1x4x1x4xf32>, memref<4xf32, {{.*}}>) outs(%{{.*}} : memref<1x4x1x4xf32, {{.*}}>)
// CHECK-NOT: linalg.conv
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d1)>
kernel.func @conv(%x: memref<1x16x34x34xf32>, %w: memref<32x16x3x3xf32>, %bias: memref<32xf32>, %out: memref<1x32x32x32xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %cst = arith.constant 0.000000e+00 : f32
  %c16 = arith.constant 16 : index
  %c8 = arith.constant 8 : index
  %z = kernel.workgroup_id z
  %f0 = arith.muli %z, %c16 : index
  %y = kernel.workgroup_id y
  %h0 = arith.muli %y, %c8 : index
  %xw = kernel.workgroup_id x
  %w0 = arith.muli %xw, %c16 : index
  %sx = memref.subview %x[0, 0, %h0, %w0] [1, 16, 10, 18] [1, 1, 1, 1] : memref<1x16x34x34xf32> to memref<1x16x10x18xf32, strided<[18496, 1156, 34, 1], offset: ?>>
  %sw = memref.subview %w[%f0, 0, 0, 0] [16, 16, 3, 3] [1, 1, 1, 1] : memref<32x16x3x3xf32> to memref<16x16x3x3xf32, strided<[144, 9, 3, 1], offset: ?>>
  %acc = memref.alloca() {alignment = 64 : i64} : memref<1x16x8x16xf32>
  linalg.fill ins(%cst : f32) outs(%acc : memref<1x16x8x16xf32>)
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%sx, %sw : memref<1x16x10x18xf32, strided<[18496, 1156, 34, 1], offset: ?>>, memref<16x16x3x3xf32, strided<[144, 9, 3, 1], offset: ?>>) outs(%acc : memref<1x16x8x16xf32>)
  %sb = memref.subview %bias[%f0] [16] [1] : memref<32xf32> to memref<16xf32, strided<[1], offset: ?>>
  %so = memref.subview %out[0, %f0, %h0, %w0] [1, 16, 8, 16] [1, 1, 1, 1] : memref<1x32x32x32xf32> to memref<1x16x8x16xf32, strided<[32768, 1024, 32, 1], offset: ?>>
  linalg.generic {indexing_maps = [#id4, #ch, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%acc, %sb : memref<1x16x8x16xf32>, memref<16xf32, strided<[1], offset: ?>>) outs(%so : memref<1x16x8x16xf32, strided<[32768, 1024, 32, 1], offset: ?>>) {
  ^bb0(%i: f32, %j: f32, %o: f32):
    %s = arith.addf %i, %j : f32
    %r = arith.maximumf %s, %cst : f32
    linalg.yield %r : f32
  }
  kernel.return
}

// -----

// A batch matmul tile of one batch: 2-D views of A, B and C, the same
// block; the epilogue-free accumulator is C itself.
// CHECK-LABEL: kernel.func @batch
// CHECK-SAME: workgroup_size = array<i64: 64, 1, 1>
// CHECK: memref.subview %{{.*}}[0, 0, 0] [1, 32, 128] [1, 1, 1] : memref<1x32x128xf32, {{.*}}> to memref<32x128xf32, {{.*}}>
// CHECK: vector.load %arg0[{{.*}}] {alignment = 16 : i64} : memref<4x64x128xf32>, vector<4xf32>
// CHECK-COUNT-16: memref.store %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}] : memref<32x32xf32, strided<[96, 1], offset: ?>>
// CHECK-NOT: linalg.batch_matmul
kernel.func @batch(%a: memref<4x64x128xf32>, %b: memref<4x128x96xf32>, %out: memref<4x64x96xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %cst = arith.constant 0.000000e+00 : f32
  %c32 = arith.constant 32 : index
  %z = kernel.workgroup_id z
  %y = kernel.workgroup_id y
  %m0 = arith.muli %y, %c32 : index
  %x = kernel.workgroup_id x
  %n0 = arith.muli %x, %c32 : index
  %sa = memref.subview %a[%z, %m0, 0] [1, 32, 128] [1, 1, 1] : memref<4x64x128xf32> to memref<1x32x128xf32, strided<[8192, 128, 1], offset: ?>>
  %sb = memref.subview %b[%z, 0, %n0] [1, 128, 32] [1, 1, 1] : memref<4x128x96xf32> to memref<1x128x32xf32, strided<[12288, 96, 1], offset: ?>>
  %so = memref.subview %out[%z, %m0, %n0] [1, 32, 32] [1, 1, 1] : memref<4x64x96xf32> to memref<1x32x32xf32, strided<[6144, 96, 1], offset: ?>>
  linalg.fill ins(%cst : f32) outs(%so : memref<1x32x32xf32, strided<[6144, 96, 1], offset: ?>>)
  linalg.batch_matmul ins(%sa, %sb : memref<1x32x128xf32, strided<[8192, 128, 1], offset: ?>>, memref<1x128x32xf32, strided<[12288, 96, 1], offset: ?>>) outs(%so : memref<1x32x32xf32, strided<[6144, 96, 1], offset: ?>>)
  kernel.return
}

// -----

// Left alone: A computed into private scratch by a fused producer (not
// global memory), a tile too small for a block (8x8: 4 threads), an
// integer matmul, a kernel already using a block of threads.
// CHECK-LABEL: kernel.func @producer
// CHECK-SAME: workgroup_size = array<i64: 1, 1, 1>
// CHECK: linalg.matmul
// CHECK-LABEL: kernel.func @small
// CHECK-SAME: workgroup_size = array<i64: 1, 1, 1>
// CHECK: linalg.matmul
// CHECK-LABEL: kernel.func @integer
// CHECK-SAME: workgroup_size = array<i64: 1, 1, 1>
// CHECK: linalg.matmul
// CHECK-LABEL: kernel.func @block
// CHECK-SAME: workgroup_size = array<i64: 32, 1, 1>
// CHECK: linalg.matmul
kernel.func @producer(%a: memref<64x32xf32>, %b: memref<64x32xf32>, %out: memref<32x32xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %t = memref.alloca() : memref<32x64xf32>
  linalg.transpose ins(%a : memref<64x32xf32>) outs(%t : memref<32x64xf32>) permutation = [1, 0]
  linalg.matmul ins(%t, %b : memref<32x64xf32>, memref<64x32xf32>) outs(%out : memref<32x32xf32>)
  kernel.return
}
kernel.func @small(%a: memref<8x64xf32>, %b: memref<64x8xf32>, %out: memref<8x8xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  linalg.matmul ins(%a, %b : memref<8x64xf32>, memref<64x8xf32>) outs(%out : memref<8x8xf32>)
  kernel.return
}
kernel.func @integer(%a: memref<32x64xi32>, %b: memref<64x32xi32>, %out: memref<32x32xi32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  linalg.matmul ins(%a, %b : memref<32x64xi32>, memref<64x32xi32>) outs(%out : memref<32x32xi32>)
  kernel.return
}
kernel.func @block(%a: memref<32x64xf32>, %b: memref<64x32xf32>, %out: memref<32x32xf32>) attributes {workgroup_size = array<i64: 32, 1, 1>} {
  linalg.matmul ins(%a, %b : memref<32x64xf32>, memref<64x32xf32>) outs(%out : memref<32x32xf32>)
  kernel.return
}
