// graph.pad in reflect and edge modes.
// Lowered by strata-convert-graph-to-linalg, then to LLVM by a test-only
// upstream pipeline, and run; the expected numbers come from numpy.
// RUN: strata-opt %s -strata-convert-graph-to-linalg | \
// RUN: strata-opt --pass-pipeline="builtin.module(one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(convert-linalg-to-loops),convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts)" | \
// RUN: mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | \
// RUN: FileCheck %s

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

func.func @compute(%x: tensor<2x3xf32>) -> (tensor<4x7xf32>, tensor<3x6xf32>) {
  %0 = graph.pad %x mode = reflect {pads = array<i64: 1, 2, 1, 2>} : (tensor<2x3xf32>) -> tensor<4x7xf32>
  %1 = graph.pad %x mode = edge {pads = array<i64: 0, 2, 1, 1>} : (tensor<2x3xf32>) -> tensor<3x6xf32>
  return %0, %1 : tensor<4x7xf32>, tensor<3x6xf32>
}

func.func @main() {
  %in0 = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %r0, %r1 = call @compute(%in0) : (tensor<2x3xf32>) -> (tensor<4x7xf32>, tensor<3x6xf32>)
  %m0 = bufferization.to_buffer %r0 : tensor<4x7xf32> to memref<4x7xf32>
  %u0 = memref.cast %m0 : memref<4x7xf32> to memref<*xf32>
  call @printMemrefF32(%u0) : (memref<*xf32>) -> ()
  %m1 = bufferization.to_buffer %r1 : tensor<3x6xf32> to memref<3x6xf32>
  %u1 = memref.cast %m1 : memref<3x6xf32> to memref<*xf32>
  call @printMemrefF32(%u1) : (memref<*xf32>) -> ()
  return
}

// numpy: np.pad(x, ((1, 1), (2, 2)), mode='reflect')
// CHECK: rank = 2 offset = 0 sizes = [4, 7] strides = [7, 1] data =
// CHECK-NEXT: {{\[\[}}6, 5, 4, 5, 6, 5, 4]
// CHECK-NEXT: {{\[}}3, 2, 1, 2, 3, 2, 1]
// CHECK-NEXT: {{\[}}6, 5, 4, 5, 6, 5, 4]
// CHECK-NEXT: {{\[}}3, 2, 1, 2, 3, 2, 1]]

// numpy: np.pad(x, ((0, 1), (2, 1)), mode='edge')
// CHECK: rank = 2 offset = 0 sizes = [3, 6] strides = [6, 1] data =
// CHECK-NEXT: {{\[\[}}1, 1, 1, 2, 3, 3]
// CHECK-NEXT: {{\[}}4, 4, 4, 5, 6, 6]
// CHECK-NEXT: {{\[}}4, 4, 4, 5, 6, 6]]
