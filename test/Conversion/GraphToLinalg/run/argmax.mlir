// graph.argmax: ties go to the first occurrence, or the last with
// select_last_index.
// Lowered by strata-convert-graph-to-linalg, then to LLVM by a test-only
// upstream pipeline, and run; the expected numbers come from numpy.
// RUN: strata-opt %s -strata-convert-graph-to-linalg | \
// RUN: strata-opt --pass-pipeline="builtin.module(one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(convert-linalg-to-loops),convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts)" | \
// RUN: mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | \
// RUN: FileCheck %s

func.func private @printMemrefI64(memref<*xi64>) attributes {llvm.emit_c_interface}

func.func @compute(%x: tensor<3x4xf32>) -> (tensor<3x1xi64>, tensor<3xi64>) {
  %0 = graph.argmax %x {axis = 1 : i64} : (tensor<3x4xf32>) -> tensor<3x1xi64>
  %1 = graph.argmax %x {axis = 1 : i64, keepdims = false, select_last_index = true} : (tensor<3x4xf32>) -> tensor<3xi64>
  return %0, %1 : tensor<3x1xi64>, tensor<3xi64>
}

func.func @main() {
  %in0 = arith.constant dense<[[1.0, 7.0, 7.0, 3.0], [-2.0, -2.0, -5.0, -2.0], [0.5, 9.0, -1.0, 9.0]]> : tensor<3x4xf32>
  %r0, %r1 = call @compute(%in0) : (tensor<3x4xf32>) -> (tensor<3x1xi64>, tensor<3xi64>)
  %m0 = bufferization.to_buffer %r0 : tensor<3x1xi64> to memref<3x1xi64>
  %u0 = memref.cast %m0 : memref<3x1xi64> to memref<*xi64>
  call @printMemrefI64(%u0) : (memref<*xi64>) -> ()
  %m1 = bufferization.to_buffer %r1 : tensor<3xi64> to memref<3xi64>
  %u1 = memref.cast %m1 : memref<3xi64> to memref<*xi64>
  call @printMemrefI64(%u1) : (memref<*xi64>) -> ()
  return
}

// numpy: np.argmax(x, axis=1)[:, None]
// CHECK: rank = 2 offset = 0 sizes = [3, 1] strides = [1, 1] data =
// CHECK-NEXT: {{\[\[}}1]
// CHECK-NEXT: {{\[}}0]
// CHECK-NEXT: {{\[}}1]]

// numpy: 3 - np.argmax(x[:, ::-1], axis=1)
// CHECK: rank = 1 offset = 0 sizes = [3] strides = [1] data =
// CHECK-NEXT: {{\[}}2, 3, 3]
