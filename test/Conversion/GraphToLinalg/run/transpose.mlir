// graph.transpose with perm [2, 0, 1].
// Lowered by strata-convert-graph-to-linalg, then to LLVM by a test-only
// upstream pipeline, and run; the expected numbers come from numpy.
// RUN: strata-opt %s -strata-convert-graph-to-linalg | \
// RUN: strata-opt --pass-pipeline="builtin.module(one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(convert-linalg-to-loops),convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts)" | \
// RUN: mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | \
// RUN: FileCheck %s

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

func.func @compute(%x: tensor<2x3x4xf32>) -> (tensor<4x2x3xf32>) {
  %0 = graph.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

func.func @main() {
  %in0 = arith.constant dense<[[[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0], [8.0, 9.0, 10.0, 11.0]], [[12.0, 13.0, 14.0, 15.0], [16.0, 17.0, 18.0, 19.0], [20.0, 21.0, 22.0, 23.0]]]> : tensor<2x3x4xf32>
  %r0 = call @compute(%in0) : (tensor<2x3x4xf32>) -> (tensor<4x2x3xf32>)
  %m0 = bufferization.to_buffer %r0 : tensor<4x2x3xf32> to memref<4x2x3xf32>
  %u0 = memref.cast %m0 : memref<4x2x3xf32> to memref<*xf32>
  call @printMemrefF32(%u0) : (memref<*xf32>) -> ()
  return
}

// numpy: np.transpose(x, (2, 0, 1))
// CHECK: rank = 3 offset = 0 sizes = [4, 2, 3] strides = [6, 3, 1] data =
// CHECK-NEXT: {{\[\[\[}}0, 4, 8]
// CHECK-NEXT: {{\[}}12, 16, 20]]
// CHECK-NEXT: {{\[\[}}1, 5, 9]
// CHECK-NEXT: {{\[}}13, 17, 21]]
// CHECK-NEXT: {{\[\[}}2, 6, 10]
// CHECK-NEXT: {{\[}}14, 18, 22]]
// CHECK-NEXT: {{\[\[}}3, 7, 11]
// CHECK-NEXT: {{\[}}15, 19, 23]]]
