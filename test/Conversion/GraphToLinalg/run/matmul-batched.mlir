// graph.matmul with broadcast batch dims: [2, 1, 2, 3] x [3, 3, 2] -> [2, 3, 2, 2].
// Lowered by strata-convert-graph-to-linalg, then to LLVM by a test-only
// upstream pipeline, and run; the expected numbers come from numpy.
// RUN: strata-opt %s -strata-convert-graph-to-linalg | \
// RUN: strata-opt --pass-pipeline="builtin.module(one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(convert-linalg-to-loops),convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts)" | \
// RUN: mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | \
// RUN: FileCheck %s

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

func.func @compute(%a: tensor<2x1x2x3xf32>, %b: tensor<3x3x2xf32>) -> (tensor<2x3x2x2xf32>) {
  %0 = graph.matmul %a, %b : (tensor<2x1x2x3xf32>, tensor<3x3x2xf32>) -> tensor<2x3x2x2xf32>
  return %0 : tensor<2x3x2x2xf32>
}

func.func @main() {
  %in0 = arith.constant dense<[[[[3.0, -4.0, -3.0], [-2.0, -3.0, 3.0]]], [[[3.0, 1.0, -4.0], [-4.0, -2.0, -1.0]]]]> : tensor<2x1x2x3xf32>
  %in1 = arith.constant dense<[[[1.0, 0.0], [-2.0, -3.0], [2.0, 2.0]], [[-4.0, -3.0], [0.0, -1.0], [3.0, 0.0]], [[-1.0, -1.0], [1.0, 1.0], [-3.0, 2.0]]]> : tensor<3x3x2xf32>
  %r0 = call @compute(%in0, %in1) : (tensor<2x1x2x3xf32>, tensor<3x3x2xf32>) -> (tensor<2x3x2x2xf32>)
  %m0 = bufferization.to_buffer %r0 : tensor<2x3x2x2xf32> to memref<2x3x2x2xf32>
  %u0 = memref.cast %m0 : memref<2x3x2x2xf32> to memref<*xf32>
  call @printMemrefF32(%u0) : (memref<*xf32>) -> ()
  return
}

// numpy: np.matmul(a, b)
// CHECK: rank = 4 offset = 0 sizes = [2, 3, 2, 2] strides = [12, 4, 2, 1] data =
// CHECK-NEXT: {{\[\[\[\[}}5, 6]
// CHECK-NEXT: {{\[}}10, 15]]
// CHECK-NEXT: {{\[\[}}-21, -5]
// CHECK-NEXT: {{\[}}17, 9]]
// CHECK-NEXT: {{\[\[}}2, -13]
// CHECK-NEXT: {{\[}}-10, 5]]]
// CHECK-NEXT: {{\[\[\[}}-7, -11]
// CHECK-NEXT: {{\[}}-2, 4]]
// CHECK-NEXT: {{\[\[}}-24, -10]
// CHECK-NEXT: {{\[}}13, 14]]
// CHECK-NEXT: {{\[\[}}10, -10]
// CHECK-NEXT: {{\[}}5, 0]]]]
