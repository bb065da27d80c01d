// graph.concat of three tensors along axis 1.
// Lowered by strata-convert-graph-to-linalg, then to LLVM by a test-only
// upstream pipeline, and run; the expected numbers come from numpy.
// RUN: strata-opt %s -strata-convert-graph-to-linalg | \
// RUN: strata-opt --pass-pipeline="builtin.module(one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(convert-linalg-to-loops),convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts)" | \
// RUN: mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | \
// RUN: FileCheck %s

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

func.func @compute(%a: tensor<2x2xf32>, %b: tensor<2x1xf32>, %c: tensor<2x3xf32>) -> (tensor<2x6xf32>) {
  %0 = graph.concat %a, %b, %c {axis = 1 : i64} : (tensor<2x2xf32>, tensor<2x1xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

func.func @main() {
  %in0 = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %in1 = arith.constant dense<[[5.0], [6.0]]> : tensor<2x1xf32>
  %in2 = arith.constant dense<[[7.0, 8.0, 9.0], [10.0, 11.0, 12.0]]> : tensor<2x3xf32>
  %r0 = call @compute(%in0, %in1, %in2) : (tensor<2x2xf32>, tensor<2x1xf32>, tensor<2x3xf32>) -> (tensor<2x6xf32>)
  %m0 = bufferization.to_buffer %r0 : tensor<2x6xf32> to memref<2x6xf32>
  %u0 = memref.cast %m0 : memref<2x6xf32> to memref<*xf32>
  call @printMemrefF32(%u0) : (memref<*xf32>) -> ()
  return
}

// numpy: np.concatenate([a, b, c], axis=1)
// CHECK: rank = 2 offset = 0 sizes = [2, 6] strides = [6, 1] data =
// CHECK-NEXT: {{\[\[}}1, 2, 5, 7, 8, 9]
// CHECK-NEXT: {{\[}}3, 4, 6, 10, 11, 12]]
