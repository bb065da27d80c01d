// Round trip of the kernel dialect.
// RUN: strata-opt %s | strata-opt | FileCheck %s
// RUN: strata-opt %s --mlir-print-op-generic | strata-opt | FileCheck %s

// CHECK-LABEL: kernel.func @scale
// CHECK-SAME: (%{{.*}}: memref<64xf32>, %{{.*}}: memref<64xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>}
// CHECK: kernel.workgroup_id x
// CHECK: kernel.workgroup_count y
// CHECK: kernel.local_id z
// CHECK: kernel.barrier
// CHECK: memref.alloca() : memref<16xf32, #kernel.memory_space<private>>
// CHECK: memref.alloc() : memref<16xf32, #kernel.memory_space<workgroup>>
// CHECK: kernel.return
kernel.func @scale(%in: memref<64xf32>, %out: memref<64xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %wg = kernel.workgroup_id x
  %n = kernel.workgroup_count y
  %l = kernel.local_id z
  kernel.barrier
  %p = memref.alloca() : memref<16xf32, #kernel.memory_space<private>>
  %s = memref.alloc() : memref<16xf32, #kernel.memory_space<workgroup>>
  %c16 = arith.constant 16 : index
  %base = arith.muli %wg, %c16 : index
  %v = memref.load %in[%base] : memref<64xf32>
  %two = arith.addf %v, %v : f32
  memref.store %two, %out[%base] : memref<64xf32>
  kernel.return
}

// CHECK-LABEL: func.func @host
// CHECK: kernel.launch @scale workgroups(%{{.*}}, %{{.*}}, %{{.*}}) (%{{.*}}, %{{.*}}) : memref<64xf32>, memref<64xf32>
func.func @host(%a: memref<64xf32>, %b: memref<64xf32>) {
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  kernel.launch @scale workgroups(%c4, %c1, %c1) (%a, %b) : memref<64xf32>, memref<64xf32>
  return
}
