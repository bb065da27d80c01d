// graph.grid_sample of a 2x3 image at three points (a corner, an inside
// point, one outside) in four mode/padding combinations. Lowered by
// strata-convert-graph-to-linalg, then to LLVM by a test-only upstream
// pipeline, and run; the expected numbers come from the ONNX reference
// implementation (onnx.reference, GridSample-22).
// RUN: strata-opt %s -strata-convert-graph-to-linalg | \
// RUN: strata-opt --pass-pipeline="builtin.module(one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(convert-linalg-to-loops),convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts)" | \
// RUN: mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | \
// RUN: FileCheck %s

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

func.func @compute(%x: tensor<1x1x2x3xf32>, %g: tensor<1x1x3x2xf32>) -> tensor<4x1x1x3xf32> {
  %0 = graph.grid_sample %x, %g linear : (tensor<1x1x2x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x1x1x3xf32>
  %1 = graph.grid_sample %x, %g nearest padding border : (tensor<1x1x2x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x1x1x3xf32>
  %2 = graph.grid_sample %x, %g cubic padding reflection {align_corners = true} : (tensor<1x1x2x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x1x1x3xf32>
  %3 = graph.grid_sample %x, %g linear padding reflection : (tensor<1x1x2x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x1x1x3xf32>
  %c = graph.concat %0, %1, %2, %3 {axis = 0 : i64} : (tensor<1x1x1x3xf32>, tensor<1x1x1x3xf32>, tensor<1x1x1x3xf32>, tensor<1x1x1x3xf32>) -> tensor<4x1x1x3xf32>
  return %c : tensor<4x1x1x3xf32>
}

func.func @main() {
  %x = arith.constant dense<[[[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]]]> : tensor<1x1x2x3xf32>
  %g = arith.constant dense<[[[[-1.0, -1.0], [0.5, 0.2], [1.2, -0.7]]]]> : tensor<1x1x3x2xf32>
  %r = call @compute(%x, %g) : (tensor<1x1x2x3xf32>, tensor<1x1x3x2xf32>) -> tensor<4x1x1x3xf32>
  %m = bufferization.to_buffer %r : tensor<4x1x1x3xf32> to memref<4x1x1x3xf32>
  %u = memref.cast %m : memref<4x1x1x3xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}

// CHECK: rank = 4 offset = 0 sizes = [4, 1, 1, 3] strides = [3, 3, 3, 1] data =
// CHECK-NEXT: {{\[\[\[\[}}0,   3.85,   0.32]]],
// CHECK-NEXT: {{\[\[\[}}0,   5,   2]]],
// CHECK-NEXT: {{\[\[\[}}0,   3.6315,   2.12625]]],
// CHECK-NEXT: {{\[\[\[}}0,   3.85,   2]]]]
