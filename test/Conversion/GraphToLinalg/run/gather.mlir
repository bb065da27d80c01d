// graph.gather along axis 1 with 2-D and negative indices.
// Lowered by strata-convert-graph-to-linalg, then to LLVM by a test-only
// upstream pipeline, and run; the expected numbers come from numpy.
// RUN: strata-opt %s -strata-convert-graph-to-linalg | \
// RUN: strata-opt --pass-pipeline="builtin.module(one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(convert-linalg-to-loops),convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts)" | \
// RUN: mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | \
// RUN: FileCheck %s

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

func.func @compute(%x: tensor<3x4xf32>, %i: tensor<2x2xi64>) -> (tensor<3x2x2xf32>) {
  %0 = graph.gather %x, %i {axis = 1 : i64} : (tensor<3x4xf32>, tensor<2x2xi64>) -> tensor<3x2x2xf32>
  return %0 : tensor<3x2x2xf32>
}

func.func @main() {
  %in0 = arith.constant dense<[[0.0, 1.5, 3.0, 4.5], [6.0, 7.5, 9.0, 10.5], [12.0, 13.5, 15.0, 16.5]]> : tensor<3x4xf32>
  %in1 = arith.constant dense<[[0, -1], [2, -4]]> : tensor<2x2xi64>
  %r0 = call @compute(%in0, %in1) : (tensor<3x4xf32>, tensor<2x2xi64>) -> (tensor<3x2x2xf32>)
  %m0 = bufferization.to_buffer %r0 : tensor<3x2x2xf32> to memref<3x2x2xf32>
  %u0 = memref.cast %m0 : memref<3x2x2xf32> to memref<*xf32>
  call @printMemrefF32(%u0) : (memref<*xf32>) -> ()
  return
}

// numpy: np.take(x, i, axis=1)
// CHECK: rank = 3 offset = 0 sizes = [3, 2, 2] strides = [4, 2, 1] data =
// CHECK-NEXT: {{\[\[\[}}0, 4.5]
// CHECK-NEXT: {{\[}}3, 0]]
// CHECK-NEXT: {{\[\[}}6, 10.5]
// CHECK-NEXT: {{\[}}9, 6]]
// CHECK-NEXT: {{\[\[}}12, 16.5]
// CHECK-NEXT: {{\[}}15, 12]]]
