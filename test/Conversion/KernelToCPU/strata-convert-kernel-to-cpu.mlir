// RUN: strata-opt %s -strata-convert-kernel-to-cpu | FileCheck %s

// CHECK-LABEL: func.func private @k
// CHECK-SAME: (%[[A:.*]]: memref<8xf32>, %[[IX:.*]]: index, %[[IY:.*]]: index, %[[IZ:.*]]: index, %[[NX:.*]]: index, %[[NY:.*]]: index, %[[NZ:.*]]: index)
// CHECK: memref.load %[[A]][%[[IX]]]
// CHECK: arith.addi %[[NX]], %{{.*}}
// CHECK-NOT: kernel.
// CHECK: return
// CHECK-LABEL: func.func @host
// CHECK: scf.parallel (%[[Z:.*]], %[[Y:.*]], %[[X:.*]]) = (%c0, %c0, %c0) to (%c1, %c1, %c8) step (%{{.*}}, %{{.*}}, %{{.*}})
// CHECK: func.call @k(%{{.*}}, %[[X]], %[[Y]], %[[Z]], %c8, %c1, %c1)
kernel.func @k(%a: memref<8xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %i = kernel.workgroup_id x
  %n = kernel.workgroup_count x
  %l = kernel.local_id x
  kernel.barrier
  %v = memref.load %a[%i] : memref<8xf32>
  %j = arith.addi %n, %l : index
  kernel.return
}
func.func @host(%a: memref<8xf32>) {
  %c8 = arith.constant 8 : index
  %c1 = arith.constant 1 : index
  kernel.launch @k workgroups(%c8, %c1, %c1) (%a) : memref<8xf32>
  return
}


// A copy into a strided window becomes a linalg.copy (loops), not a call into
// the MLIR runner library; a contiguous copy stays a memref.copy (memcpy).
// CHECK-LABEL: func.func private @window
// CHECK: linalg.copy ins(%{{.*}} : memref<2xf32>) outs(%{{.*}} : memref<2xf32, strided<[1], offset: 1>>)
// CHECK: memref.copy %{{.*}}, %{{.*}} : memref<2xf32> to memref<2xf32>
kernel.func @window(%a: memref<2xf32>, %b: memref<4xf32>, %c: memref<2xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %s = memref.subview %b[1] [2] [1] : memref<4xf32> to memref<2xf32, strided<[1], offset: 1>>
  memref.copy %a, %s : memref<2xf32> to memref<2xf32, strided<[1], offset: 1>>
  memref.copy %a, %c : memref<2xf32> to memref<2xf32>
  kernel.return
}


// Zero-element buffers with a 0 after the first dim have no static strides
// (so no bare pointer): they are passed as memref<0xT> and stand in as a
// zero-sized alloca inside, at kernels and at the host entry alike.
// CHECK-LABEL: func.func private @empty_in
// CHECK-SAME: (%[[E:.*]]: memref<0xf32>, %[[B:.*]]: memref<2x1xf32>, %{{.*}}: index
// CHECK: %[[L:.*]] = memref.alloca() : memref<2x0xf32>
// CHECK: memref.dim %[[L]]
// CHECK-LABEL: func.func @empty_host
// CHECK-SAME: (%{{.*}}: memref<0xf32>, %[[OUT:.*]]: memref<2x1xf32>)
// CHECK: %[[H:.*]] = memref.alloca() : memref<2x0xf32>
// CHECK: scf.parallel
// CHECK: %[[F:.*]] = memref.alloca() : memref<0xf32>
// CHECK: func.call @empty_in(%[[F]], %[[OUT]],
kernel.func @empty_in(%e: memref<2x0xf32>, %b: memref<2x1xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %c1 = arith.constant 1 : index
  %d = memref.dim %e, %c1 : memref<2x0xf32>
  kernel.return
}
func.func @empty_host(%e: memref<2x0xf32>, %b: memref<2x1xf32>) {
  %c1 = arith.constant 1 : index
  kernel.launch @empty_in workgroups(%c1, %c1, %c1) (%e, %b) : memref<2x0xf32>, memref<2x1xf32>
  return
}

