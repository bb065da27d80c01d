// graph.conv2d with pads [1, 0, 1, 2], strides [2, 1], 2 groups and a bias.
// Lowered by strata-convert-graph-to-linalg, then to LLVM by a test-only
// upstream pipeline, and run; the expected numbers come from numpy.
// RUN: strata-opt %s -strata-convert-graph-to-linalg | \
// RUN: strata-opt --pass-pipeline="builtin.module(one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(convert-linalg-to-loops),convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts)" | \
// RUN: mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | \
// RUN: FileCheck %s

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

func.func @compute(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<4xf32>) -> (tensor<1x4x3x5xf32>) {
  %0 = graph.conv2d %x, %w, %b {pads = array<i64: 1, 0, 1, 2>, strides = array<i64: 2, 1>, groups = 2} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>) -> tensor<1x4x3x5xf32>
  return %0 : tensor<1x4x3x5xf32>
}

func.func @main() {
  %in0 = arith.constant dense<[[[[3.0, 1.0, 1.0, 3.0, 1.0], [2.0, 2.0, -2.0, -3.0, -1.0], [-2.0, 3.0, 3.0, -3.0, 0.0], [2.0, -3.0, 2.0, -3.0, 0.0], [2.0, -1.0, -1.0, -2.0, 2.0]], [[-2.0, 3.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 3.0, 2.0], [2.0, 1.0, 1.0, -1.0, 3.0], [0.0, -2.0, 2.0, -2.0, 3.0], [1.0, -3.0, -3.0, 0.0, -3.0]], [[-3.0, 0.0, 3.0, 0.0, 2.0], [3.0, 2.0, 1.0, 0.0, 0.0], [-2.0, 0.0, -1.0, -2.0, 3.0], [-3.0, -3.0, -2.0, 3.0, 1.0], [3.0, -2.0, 2.0, -1.0, 0.0]], [[-3.0, 1.0, 2.0, 1.0, -2.0], [0.0, -2.0, 3.0, 3.0, -2.0], [0.0, 3.0, 2.0, 1.0, 1.0], [-3.0, 2.0, 0.0, -3.0, -2.0], [0.0, 2.0, 0.0, 1.0, 3.0]]]]> : tensor<1x4x5x5xf32>
  %in1 = arith.constant dense<[[[[1.0, -1.0, 1.0], [0.0, -2.0, -2.0], [1.0, -1.0, 0.0]], [[-1.0, -1.0, -2.0], [-1.0, 2.0, 0.0], [-1.0, 0.0, 2.0]]], [[[-1.0, 0.0, 0.0], [1.0, 0.0, 1.0], [0.0, 1.0, 2.0]], [[-2.0, 0.0, 0.0], [-1.0, -1.0, -2.0], [0.0, 2.0, -2.0]]], [[[0.0, 2.0, 2.0], [-1.0, -2.0, 1.0], [-2.0, -1.0, 0.0]], [[2.0, -2.0, 1.0], [0.0, -2.0, 2.0], [2.0, 0.0, 2.0]]], [[[1.0, 2.0, 2.0], [0.0, -1.0, -2.0], [0.0, -2.0, 1.0]], [[2.0, -1.0, 0.0], [-2.0, -2.0, -1.0], [2.0, 2.0, 1.0]]]]> : tensor<4x2x3x3xf32>
  %in2 = arith.constant dense<[1.0, -1.0, 0.5, 2.0]> : tensor<4xf32>
  %r0 = call @compute(%in0, %in1, %in2) : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>) -> (tensor<1x4x3x5xf32>)
  %m0 = bufferization.to_buffer %r0 : tensor<1x4x3x5xf32> to memref<1x4x3x5xf32>
  %u0 = memref.cast %m0 : memref<1x4x3x5xf32> to memref<*xf32>
  call @printMemrefF32(%u0) : (memref<*xf32>) -> ()
  return
}

// numpy: xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (0, 2)))
// out[0, f, i, j] = b[f] + (xp[0, 2*(f//2):2*(f//2)+2, 2*i:2*i+3, j:j+3] * w[f]).sum()
// (the same as onnxruntime Conv)
// CHECK: rank = 4 offset = 0 sizes = [1, 4, 3, 5] strides = [60, 15, 5, 1] data =
// CHECK-NEXT: {{\[\[\[\[}}4, 0, -2, -6, -2]
// CHECK-NEXT: {{\[}}-5, -10, 6, 0, -8]
// CHECK-NEXT: {{\[}}3, 0, 3, -13, 1]]
// CHECK-NEXT: {{\[\[}}0, -14, -2, 5, 0]
// CHECK-NEXT: {{\[}}-16, 1, -15, -3, -7]
// CHECK-NEXT: {{\[}}6, 9, 3, 7, -2]]
// CHECK-NEXT: {{\[\[}}6.5, -10.5, -6.5, 6.5, -5.5]
// CHECK-NEXT: {{\[}}15.5, -0.5, 3.5, -8.5, -12.5]
// CHECK-NEXT: {{\[}}-20.5, 2.5, 16.5, -4.5, -3.5]]
// CHECK-NEXT: {{\[\[}}-6, -5, 4, 4, 2]
// CHECK-NEXT: {{\[}}9, 1, -18, -9, -8]
// CHECK-NEXT: {{\[}}-25, 0, 7, -5, -7]]]]
