// graph.add with numpy broadcasting: [2, 1, 3] + [4, 1] -> [2, 4, 3].
// Lowered by strata-convert-graph-to-linalg, then to LLVM by a test-only
// upstream pipeline, and run; the expected numbers come from numpy.
// RUN: strata-opt %s -strata-convert-graph-to-linalg | \
// RUN: strata-opt --pass-pipeline="builtin.module(one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(convert-linalg-to-loops),convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts)" | \
// RUN: mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | \
// RUN: FileCheck %s

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

func.func @compute(%x: tensor<2x1x3xf32>, %y: tensor<4x1xf32>) -> (tensor<2x4x3xf32>) {
  %0 = graph.add %x, %y : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<2x4x3xf32>
  return %0 : tensor<2x4x3xf32>
}

func.func @main() {
  %in0 = arith.constant dense<[[[1.0, 2.0, 3.0]], [[4.0, 5.0, 6.0]]]> : tensor<2x1x3xf32>
  %in1 = arith.constant dense<[[0.5], [-1.0], [10.0], [-100.0]]> : tensor<4x1xf32>
  %r0 = call @compute(%in0, %in1) : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> (tensor<2x4x3xf32>)
  %m0 = bufferization.to_buffer %r0 : tensor<2x4x3xf32> to memref<2x4x3xf32>
  %u0 = memref.cast %m0 : memref<2x4x3xf32> to memref<*xf32>
  call @printMemrefF32(%u0) : (memref<*xf32>) -> ()
  return
}

// numpy: x + y
// CHECK: rank = 3 offset = 0 sizes = [2, 4, 3] strides = [12, 3, 1] data =
// CHECK-NEXT: {{\[\[\[}}1.5, 2.5, 3.5]
// CHECK-NEXT: {{\[}}0, 1, 2]
// CHECK-NEXT: {{\[}}11, 12, 13]
// CHECK-NEXT: {{\[}}-99, -98, -97]]
// CHECK-NEXT: {{\[\[}}4.5, 5.5, 6.5]
// CHECK-NEXT: {{\[}}3, 4, 5]
// CHECK-NEXT: {{\[}}14, 15, 16]
// CHECK-NEXT: {{\[}}-96, -95, -94]]]
