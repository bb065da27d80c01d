// A host schedule a device target runs as a launch plan: allocations,
// constants, whole-buffer views and copies, launches.
// RUN: strata-opt %s --strata-verify-contract=kernel-to-device | FileCheck %s
// CHECK-LABEL: func.func @model
memref.global "private" constant @w : memref<2x4xf32> = dense<1.0>
kernel.func @k(%a: memref<8xf32>, %b: memref<2x4xf32>, %c: memref<8xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  kernel.return
}
func.func @model(%x: memref<8xf32>, %y: memref<8xf32>) {
  %c1 = arith.constant 1 : index
  %w = memref.get_global @w : memref<2x4xf32>
  %t = memref.alloc() : memref<8xf32>
  %v = memref.expand_shape %t [[0, 1]] output_shape [2, 4] : memref<8xf32> into memref<2x4xf32>
  kernel.launch @k workgroups(%c1, %c1, %c1) (%x, %w, %t) : memref<8xf32>, memref<2x4xf32>, memref<8xf32>
  %flat = memref.collapse_shape %v [[0, 1]] : memref<2x4xf32> into memref<8xf32>
  memref.copy %flat, %y : memref<8xf32> to memref<8xf32>
  memref.dealloc %t : memref<8xf32>
  return
}
