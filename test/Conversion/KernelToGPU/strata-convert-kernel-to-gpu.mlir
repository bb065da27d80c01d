// RUN: strata-opt %s -split-input-file --strata-convert-kernel-to-gpu="threads-per-workgroup=4 module-name=dev target-name=cuda" | FileCheck %s
// RUN: not strata-opt %s --strata-convert-kernel-to-gpu="threads-per-workgroup=2000" 2>&1 | FileCheck %s --check-prefix=RANGE

// The target-independent kernel-to-GPU step (shared by cuda, rocm and,
// through strata-convert-kernel-to-spirv, vulkan): a grid of 8 with 4
// threads per block dispatches 2 blocks; the constant becomes a kernel
// argument; the block size is recorded as gpu.known_block_size; scratch
// stays in the default memory space; erf is left to the target.
// CHECK-LABEL: module attributes {gpu.container_module}
// CHECK: func.func @model(%[[X:.*]]: memref<8x4xf32>, %[[Y:.*]]: memref<8x4xf32>)
// CHECK: %[[B:.*]] = memref.get_global @bias : memref<4xf32>
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK: gpu.launch_func @dev::@add_bias blocks in (%[[C2]], %{{.*}}, %{{.*}}) threads in (%[[C4]], %{{.*}}, %{{.*}}) args(%[[X]] : memref<8x4xf32>, %[[Y]] : memref<8x4xf32>, %[[B]] : memref<4xf32>)
// CHECK: gpu.module @dev {
// CHECK-NOT: spirv
// CHECK: gpu.func @add_bias(%[[IN:.*]]: memref<8x4xf32>, %[[OUT:.*]]: memref<8x4xf32>, %[[BIAS:.*]]: memref<4xf32>) kernel attributes {known_block_size = array<i32: 4, 1, 1>}
// CHECK: %[[BID:.*]] = gpu.block_id x
// CHECK: %[[TID:.*]] = gpu.thread_id x
// CHECK: %[[LIN:.*]] = arith.addi %{{.*}}, %[[TID]] : index
// CHECK: %[[OK:.*]] = arith.cmpi ult, %[[LIN]], %{{.*}} : index
// CHECK: scf.if %[[OK]] {
// CHECK: memref.alloca() : memref<1x4xf32>
// CHECK: scf.for
// CHECK: memref.load %[[IN]]
// CHECK: math.erf
// CHECK: memref.store %{{.*}}, %[[OUT]]
// CHECK-NOT: kernel.
// CHECK: gpu.return
// RANGE: threads-per-workgroup must be in 1..1024
memref.global "private" constant @bias : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>
kernel.func @add_bias(%in: memref<8x4xf32>, %out: memref<8x4xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %wg = kernel.workgroup_id x
  %b = memref.get_global @bias : memref<4xf32>
  %row = memref.subview %in[%wg, 0] [1, 4] [1, 1] : memref<8x4xf32> to memref<1x4xf32, strided<[4, 1], offset: ?>>
  %dst = memref.subview %out[%wg, 0] [1, 4] [1, 1] : memref<8x4xf32> to memref<1x4xf32, strided<[4, 1], offset: ?>>
  %tmp = memref.alloca() : memref<1x4xf32>
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%row, %b : memref<1x4xf32, strided<[4, 1], offset: ?>>, memref<4xf32>) outs(%tmp : memref<1x4xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    %e = math.erf %s : f32
    linalg.yield %e : f32
  }
  memref.copy %tmp, %dst : memref<1x4xf32> to memref<1x4xf32, strided<[4, 1], offset: ?>>
  kernel.return
}
func.func @model(%x: memref<8x4xf32>, %y: memref<8x4xf32>) {
  %c8 = arith.constant 8 : index
  %c1 = arith.constant 1 : index
  kernel.launch @add_bias workgroups(%c8, %c1, %c1) (%x, %y) : memref<8x4xf32>, memref<8x4xf32>
  return
}

