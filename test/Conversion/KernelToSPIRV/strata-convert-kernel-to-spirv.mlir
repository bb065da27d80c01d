// RUN: strata-opt %s -split-input-file --strata-convert-kernel-to-spirv | FileCheck %s

// One thread per kernel-layer workgroup: a grid of 8 dispatches one
// workgroup of 8 threads; the constant the kernel reads becomes a buffer
// argument fetched on the host; linalg becomes loops over loads and stores,
// views fold away, scratch moves to Function storage (memory space 6) and
// erf gets a polynomial (no erf in GLSL.std.450).
// CHECK-LABEL: module attributes {gpu.container_module}
// CHECK: func.func @model(%[[X:.*]]: memref<8x4xf32>, %[[Y:.*]]: memref<8x4xf32>)
// CHECK: %[[B:.*]] = memref.get_global @bias : memref<4xf32>
// CHECK: gpu.launch_func @strata_kernels::@add_bias blocks in (%[[C1:.*]], %{{.*}}, %{{.*}}) threads in (%[[C8:.*]], %{{.*}}, %{{.*}}) args(%[[X]] : memref<8x4xf32>, %[[Y]] : memref<8x4xf32>, %[[B]] : memref<4xf32>)
// CHECK: gpu.module @strata_kernels attributes {spirv.target_env = #spirv.target_env<#spirv.vce<v1.3, [Shader
// CHECK: gpu.func @add_bias(%[[IN:.*]]: memref<8x4xf32>, %[[OUT:.*]]: memref<8x4xf32>, %[[BIAS:.*]]: memref<4xf32>) kernel attributes {spirv.entry_point_abi = #spirv.entry_point_abi<workgroup_size = [8, 1, 1]>}
// CHECK: %[[BID:.*]] = gpu.block_id x
// CHECK: %[[TID:.*]] = gpu.thread_id x
// CHECK: %[[BASE:.*]] = arith.muli %[[BID]], %{{.*}} : index
// CHECK: %[[LIN:.*]] = arith.addi %[[BASE]], %[[TID]] : index
// CHECK: %[[OK:.*]] = arith.cmpi ult, %[[LIN]], %{{.*}} : index
// CHECK: scf.if %[[OK]] {
// CHECK: %[[WX:.*]] = arith.remui %[[LIN]], %{{.*}} : index
// CHECK: memref.alloca() : memref<1x4xf32, 6>
// CHECK: scf.for
// CHECK: memref.load %[[IN]][%[[WX]], %{{.*}}] : memref<8x4xf32>
// CHECK: memref.load %[[BIAS]]
// CHECK-NOT: math.erf
// CHECK: memref.store %{{.*}}, %[[OUT]][%[[WX]], %{{.*}}] : memref<8x4xf32>
// CHECK-NOT: kernel.
// CHECK: gpu.return
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

// -----

// A 3-D grid of 4 x 3 x 100 = 1200 workgroups: 19 workgroups of 64 threads,
// each thread delinearizing its id into x, y and z; workgroup_count is the
// launch's constant grid.
// CHECK-LABEL: module attributes {gpu.container_module}
// CHECK-DAG: %[[G:.*]] = arith.constant 19 : index
// CHECK-DAG: %[[T:.*]] = arith.constant 64 : index
// CHECK: gpu.launch_func @strata_kernels::@grid3 blocks in (%[[G]], %{{.*}}, %{{.*}}) threads in (%[[T]], %{{.*}}, %{{.*}})
// CHECK: gpu.func @grid3
// CHECK-SAME: workgroup_size = [64, 1, 1]
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[C1200:.*]] = arith.constant 1200 : index
// CHECK: arith.cmpi ult, %[[LIN:.*]], %[[C1200]] : index
// CHECK: %[[X:.*]] = arith.remui %[[LIN]], %[[C4]] : index
// CHECK: %[[R:.*]] = arith.divui %[[LIN]], %[[C4]] : index
// CHECK: %[[Y:.*]] = arith.remui %[[R]], %[[C3]] : index
// CHECK: %[[Z:.*]] = arith.divui %[[R]], %[[C3]] : index
// CHECK: memref.store %{{.*}}, %{{.*}}[%[[Z]], %[[Y]], %[[X]]]
kernel.func @grid3(%out: memref<100x3x4xi32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %x = kernel.workgroup_id x
  %y = kernel.workgroup_id y
  %z = kernel.workgroup_id z
  %n = kernel.workgroup_count z
  %v = arith.index_cast %n : index to i32
  memref.store %v, %out[%z, %y, %x] : memref<100x3x4xi32>
  kernel.return
}
func.func @model(%o: memref<100x3x4xi32>) {
  %c4 = arith.constant 4 : index
  %c3 = arith.constant 3 : index
  %c100 = arith.constant 100 : index
  kernel.launch @grid3 workgroups(%c4, %c3, %c100) (%o) : memref<100x3x4xi32>
  return
}
