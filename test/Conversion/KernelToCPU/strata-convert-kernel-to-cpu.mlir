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
