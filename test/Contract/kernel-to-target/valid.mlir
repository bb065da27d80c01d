// A kernel program the kernel-to-target contract accepts.
// RUN: strata-opt %s --strata-verify-contract=kernel-to-target | FileCheck %s
// CHECK-LABEL: kernel.func @k
memref.global "private" constant @w : memref<4xf32> = dense<1.0>
kernel.func @k(%a: memref<4xf32>, %b: memref<4xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %i = kernel.workgroup_id x
  %w = memref.get_global @w : memref<4xf32>
  %s = memref.alloca() : memref<4xf32, #kernel.memory_space<private>>
  %v = memref.load %a[%i] : memref<4xf32>
  %u = memref.load %w[%i] : memref<4xf32>
  %r = arith.addf %v, %u : f32
  memref.store %r, %b[%i] : memref<4xf32>
  kernel.return
}
func.func @host(%a: memref<4xf32>, %b: memref<4xf32>) {
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  %t = memref.alloc() : memref<4xf32>
  kernel.launch @k workgroups(%c4, %c1, %c1) (%a, %t) : memref<4xf32>, memref<4xf32>
  memref.copy %t, %b : memref<4xf32> to memref<4xf32>
  memref.dealloc %t : memref<4xf32>
  return
}
