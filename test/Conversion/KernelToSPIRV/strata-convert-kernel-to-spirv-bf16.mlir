// RUN: strata-opt %s -split-input-file --strata-convert-kernel-to-spirv | FileCheck %s

// bf16 on Vulkan (SPIR-V has no bfloat16): buffers and scratch hold the
// bits as i16, loads extend them to f32 (shift into the high half), the op
// runs in f32 and the result is rounded back to bf16 in integer ops (round
// to nearest even: bias 0x7fff + the lowest kept bit; NaN -> 0x7fc0) and
// stored as i16. The host launch passes its bf16 buffers through an
// unrealized_conversion_cast to the i16 type.
// CHECK-LABEL: func.func @model
// CHECK-SAME: (%[[X:.*]]: memref<8x4xbf16>, %[[Y:.*]]: memref<8x4xbf16>, %[[F:.*]]: memref<8x4xf32>)
// CHECK-DAG: %[[XI:.*]] = builtin.unrealized_conversion_cast %[[X]] : memref<8x4xbf16> to memref<8x4xi16>
// CHECK-DAG: %[[YI:.*]] = builtin.unrealized_conversion_cast %[[Y]] : memref<8x4xbf16> to memref<8x4xi16>
// CHECK: gpu.launch_func @strata_kernels::@exp_bf16 {{.*}} args(%[[XI]] : memref<8x4xi16>, %[[F]] : memref<8x4xf32>, %[[YI]] : memref<8x4xi16>)
// CHECK: gpu.module @strata_kernels
// CHECK-NOT: bf16
// CHECK: gpu.func @exp_bf16(%[[IN:.*]]: memref<8x4xi16>, %[[FIN:.*]]: memref<8x4xf32>, %[[OUT:.*]]: memref<8x4xi16>) kernel
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : i32
// CHECK-DAG: %[[BIAS:.*]] = arith.constant 32767 : i32
// CHECK-DAG: %[[QNAN:.*]] = arith.constant 32704 : i16
// CHECK: %[[TMP:.*]] = memref.alloca() : memref<1x4xi16, 6>
// CHECK: %[[L:.*]] = memref.load %[[IN]][{{.*}}] : memref<8x4xi16>
// CHECK: %[[W:.*]] = arith.extui %[[L]] : i16 to i32
// CHECK: %[[S:.*]] = arith.shli %[[W]], %[[C16]] : i32
// CHECK: %[[V:.*]] = arith.bitcast %[[S]] : i32 to f32
// CHECK: %[[G:.*]] = memref.load %[[FIN]]
// CHECK: arith.cmpf une, %[[G]], %[[G]] : f32
// CHECK: %[[T:.*]] = arith.select %{{.*}}, %[[QNAN]], %{{.*}} : i16
// CHECK: arith.extui %[[T]] : i16 to i32
// CHECK: %[[A:.*]] = arith.addf %[[V]], %{{.*}} : f32
// CHECK: %[[E:.*]] = math.exp %[[A]] : f32
// CHECK: %[[NAN:.*]] = arith.cmpf une, %[[E]], %[[E]] : f32
// CHECK: %[[B:.*]] = arith.bitcast %[[E]] : f32 to i32
// CHECK: %[[LSB:.*]] = arith.shrui %[[B]], %[[C16]] : i32
// CHECK: arith.andi %[[LSB]]
// CHECK: arith.addi %{{.*}}, %[[BIAS]] : i32
// CHECK: arith.trunci %{{.*}} : i32 to i16
// CHECK: %[[R:.*]] = arith.select %[[NAN]], %[[QNAN]], %{{.*}} : i16
// CHECK: memref.store %[[R]], %[[TMP]][{{.*}}] : memref<1x4xi16, 6>
// CHECK: %[[C:.*]] = memref.load %[[TMP]]
// CHECK: memref.store %[[C]], %[[OUT]][{{.*}}] : memref<8x4xi16>
// CHECK-NOT: bf16
// CHECK: gpu.return
kernel.func @exp_bf16(%in: memref<8x4xbf16>, %f: memref<8x4xf32>, %out: memref<8x4xbf16>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %wg = kernel.workgroup_id x
  %row = memref.subview %in[%wg, 0] [1, 4] [1, 1] : memref<8x4xbf16> to memref<1x4xbf16, strided<[4, 1], offset: ?>>
  %frow = memref.subview %f[%wg, 0] [1, 4] [1, 1] : memref<8x4xf32> to memref<1x4xf32, strided<[4, 1], offset: ?>>
  %dst = memref.subview %out[%wg, 0] [1, 4] [1, 1] : memref<8x4xbf16> to memref<1x4xbf16, strided<[4, 1], offset: ?>>
  %tmp = memref.alloca() : memref<1x4xbf16>
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%row, %frow : memref<1x4xbf16, strided<[4, 1], offset: ?>>, memref<1x4xf32, strided<[4, 1], offset: ?>>) outs(%tmp : memref<1x4xbf16>) {
  ^bb0(%x: bf16, %g: f32, %o: bf16):
    %t = arith.truncf %g : f32 to bf16
    %s = arith.addf %x, %t : bf16
    %e = math.exp %s : bf16
    linalg.yield %e : bf16
  }
  linalg.copy ins(%tmp : memref<1x4xbf16>) outs(%dst : memref<1x4xbf16, strided<[4, 1], offset: ?>>)
  kernel.return
}
func.func @model(%x: memref<8x4xbf16>, %y: memref<8x4xbf16>, %f: memref<8x4xf32>) {
  %c8 = arith.constant 8 : index
  %c1 = arith.constant 1 : index
  kernel.launch @exp_bf16 workgroups(%c8, %c1, %c1) (%x, %f, %y) : memref<8x4xbf16>, memref<8x4xf32>, memref<8x4xbf16>
  return
}

// -----

// bf16 <-> f64 goes through f32 (upstream's expansion takes f32 only), a
// select on bf16 selects the i16 bits.
// CHECK-LABEL: gpu.func @wide
// CHECK-NOT: bf16
// CHECK: %[[X:.*]] = memref.load %{{.*}} : memref<4xf64>
// CHECK: arith.truncf %[[X]] : f64 to f32
// CHECK: %[[T:.*]] = arith.select %{{.*}}, %{{.*}}, %{{.*}} : i16
// CHECK: %[[Y:.*]] = memref.load %{{.*}} : memref<4xi16>
// CHECK: %[[S:.*]] = arith.select %{{.*}}, %[[T]], %[[Y]] : i16
// CHECK: memref.store %[[S]], %{{.*}} : memref<4xi16>
// CHECK: %[[E:.*]] = arith.extf %{{.*}} : f32 to f64
// CHECK: memref.store %[[E]], %{{.*}} : memref<4xf64>
// CHECK-NOT: bf16
// CHECK: gpu.return
kernel.func @wide(%a: memref<4xf64>, %b: memref<4xbf16>, %c: memref<4xf64>, %p: memref<4xi1>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %c0 = arith.constant 0 : index
  %x = memref.load %a[%c0] : memref<4xf64>
  %t = arith.truncf %x : f64 to bf16
  %y = memref.load %b[%c0] : memref<4xbf16>
  %q = memref.load %p[%c0] : memref<4xi1>
  %s = arith.select %q, %t, %y : bf16
  memref.store %s, %b[%c0] : memref<4xbf16>
  %e = arith.extf %y : bf16 to f64
  memref.store %e, %c[%c0] : memref<4xf64>
  kernel.return
}
