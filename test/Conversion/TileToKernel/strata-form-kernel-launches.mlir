// RUN: strata-opt %s -split-input-file -strata-form-kernel-launches | FileCheck %s

// The workgroup loop becomes the grid (innermost dim = x); the call a launch.
// CHECK-LABEL: kernel.func @k
// CHECK-SAME: workgroup_size = array<i64: 1, 1, 1>
// CHECK-DAG: %[[X:.*]] = kernel.workgroup_id x
// CHECK-DAG: %[[Y:.*]] = kernel.workgroup_id y
// CHECK-DAG: arith.muli %[[Y]], %c2
// CHECK-DAG: arith.muli %[[X]], %c4
// CHECK: memref.subview
// CHECK: kernel.return
// CHECK-LABEL: func.func @host
// CHECK-DAG: %[[GX:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[GY:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[GZ:.*]] = arith.constant 1 : index
// CHECK: kernel.launch @k workgroups(%[[GX]], %[[GY]], %[[GZ]]) (%{{.*}}, %{{.*}}) : memref<6x8xf32>, memref<6x8xf32>
func.func private @k(%a: memref<6x8xf32>, %b: memref<6x8xf32>) attributes {strata.kernel} {
  scf.forall (%i, %j) = (0, 0) to (6, 8) step (2, 4) {
    %s = memref.subview %a[%i, %j] [2, 4] [1, 1] : memref<6x8xf32> to memref<2x4xf32, strided<[8, 1], offset: ?>>
    %t = memref.subview %b[%i, %j] [2, 4] [1, 1] : memref<6x8xf32> to memref<2x4xf32, strided<[8, 1], offset: ?>>
    memref.copy %s, %t : memref<2x4xf32, strided<[8, 1], offset: ?>> to memref<2x4xf32, strided<[8, 1], offset: ?>>
  }
  return
}
func.func @host(%a: memref<6x8xf32>, %b: memref<6x8xf32>) {
  call @k(%a, %b) : (memref<6x8xf32>, memref<6x8xf32>) -> ()
  return
}

// -----

// A body that is not one workgroup loop runs as a single workgroup; a small
// temporary becomes per-invocation scratch.
// CHECK-LABEL: kernel.func @serial
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<8xf32>
// CHECK-NOT: memref.dealloc
// CHECK-LABEL: func.func @host
// CHECK: kernel.launch @serial workgroups(%c1, %c1_0, %c1_1)
func.func private @serial(%a: memref<8xf32>, %b: memref<8xf32>) attributes {strata.kernel} {
  %t = memref.alloc() {alignment = 64 : i64} : memref<8xf32>
  memref.copy %a, %t : memref<8xf32> to memref<8xf32>
  memref.copy %t, %b : memref<8xf32> to memref<8xf32>
  memref.dealloc %t : memref<8xf32>
  return
}
func.func @host(%a: memref<8xf32>, %b: memref<8xf32>) {
  call @serial(%a, %b) : (memref<8xf32>, memref<8xf32>) -> ()
  return
}

// -----

// A temporary that leaves its block (yielded by scf.if, freed through its
// base buffer by the deallocation pipeline) stays on the heap: turning it
// into scratch would free stack memory (a 3-D pad corrupted the heap so).
// CHECK-LABEL: kernel.func @yielded
// CHECK: scf.if
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<4xf32>
// CHECK: } else {
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<4xf32>
// CHECK: %[[BASE:[a-z_0-9]+]], %{{.*}} = memref.extract_strided_metadata
// CHECK: memref.dealloc %[[BASE]]
// CHECK-LABEL: func.func @host
// CHECK: kernel.launch @yielded
func.func private @yielded(%c: i1, %a: memref<4xf32>, %b: memref<4xf32>) attributes {strata.kernel} {
  %t = scf.if %c -> (memref<4xf32>) {
    %x = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
    memref.copy %a, %x : memref<4xf32> to memref<4xf32>
    scf.yield %x : memref<4xf32>
  } else {
    %y = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
    memref.copy %b, %y : memref<4xf32> to memref<4xf32>
    scf.yield %y : memref<4xf32>
  }
  memref.copy %t, %b : memref<4xf32> to memref<4xf32>
  %base, %off, %size, %stride = memref.extract_strided_metadata %t : memref<4xf32> -> memref<f32>, index, index, index
  memref.dealloc %base : memref<f32>
  return
}
func.func @host(%c: i1, %a: memref<4xf32>, %b: memref<4xf32>) {
  call @yielded(%c, %a, %b) : (i1, memref<4xf32>, memref<4xf32>) -> ()
  return
}

// -----

// A result computed into a temporary and copied to the output argument is
// written straight into the argument.
// CHECK-LABEL: func.func @host
// CHECK-SAME: (%[[A:.*]]: memref<8xf32>, %[[OUT:.*]]: memref<8xf32>)
// CHECK-NOT: memref.alloc
// CHECK: kernel.launch @k2 workgroups({{.*}}) (%[[A]], %[[OUT]])
// CHECK-NOT: memref.copy
// CHECK: return
func.func private @k2(%a: memref<8xf32>, %b: memref<8xf32>) attributes {strata.kernel} {
  memref.copy %a, %b : memref<8xf32> to memref<8xf32>
  return
}
func.func @host(%a: memref<8xf32>, %out: memref<8xf32>) {
  %t = memref.alloc() : memref<8xf32>
  call @k2(%a, %t) : (memref<8xf32>, memref<8xf32>) -> ()
  memref.copy %t, %out : memref<8xf32> to memref<8xf32>
  memref.dealloc %t : memref<8xf32>
  return
}
