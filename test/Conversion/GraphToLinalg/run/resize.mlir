// graph.resize: linear half_pixel upsampling of a 2x2 image, and cubic,
// cubic with exclude_outside and antialiased linear downsampling of a row.
// Lowered by strata-convert-graph-to-linalg, then to LLVM by a test-only
// upstream pipeline, and run; the expected numbers come from the ONNX
// reference implementation (onnx.reference, Resize-19).
// RUN: strata-opt %s -strata-convert-graph-to-linalg | \
// RUN: strata-opt --pass-pipeline="builtin.module(one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(convert-linalg-to-loops),convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts)" | \
// RUN: mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | \
// RUN: FileCheck %s

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

func.func @compute(%x: tensor<2x2xf32>, %r: tensor<1x6xf32>) -> (tensor<4x4xf32>, tensor<3x3xf32>) {
  %0 = graph.resize %x linear {scales = array<f64: 2.0, 2.0>} : tensor<2x2xf32> to tensor<4x4xf32>
  %1 = graph.resize %r cubic {scales = array<f64: 1.0, 0.5>} : tensor<1x6xf32> to tensor<1x3xf32>
  %2 = graph.resize %r cubic {scales = array<f64: 1.0, 0.5>, exclude_outside = true} : tensor<1x6xf32> to tensor<1x3xf32>
  %3 = graph.resize %r linear {scales = array<f64: 1.0, 0.5>, antialias = true} : tensor<1x6xf32> to tensor<1x3xf32>
  %c = graph.concat %1, %2, %3 {axis = 0 : i64} : (tensor<1x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>) -> tensor<3x3xf32>
  return %0, %c : tensor<4x4xf32>, tensor<3x3xf32>
}

func.func @main() {
  %in0 = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %in1 = arith.constant dense<[[0.0, 1.0, 4.0, 9.0, 16.0, 25.0]]> : tensor<1x6xf32>
  %r0, %r1 = call @compute(%in0, %in1) : (tensor<2x2xf32>, tensor<1x6xf32>) -> (tensor<4x4xf32>, tensor<3x3xf32>)
  %m0 = bufferization.to_buffer %r0 : tensor<4x4xf32> to memref<4x4xf32>
  %u0 = memref.cast %m0 : memref<4x4xf32> to memref<*xf32>
  call @printMemrefF32(%u0) : (memref<*xf32>) -> ()
  %m1 = bufferization.to_buffer %r1 : tensor<3x3xf32> to memref<3x3xf32>
  %u1 = memref.cast %m1 : memref<3x3xf32> to memref<*xf32>
  call @printMemrefF32(%u1) : (memref<*xf32>) -> ()
  return
}

// CHECK: rank = 2 offset = 0 sizes = [4, 4] strides = [4, 1] data =
// CHECK-NEXT: {{\[\[}}1,   1.25,   1.75,   2]
// CHECK-NEXT: {{\[}}1.5,   1.75,   2.25,   2.5]
// CHECK-NEXT: {{\[}}2.5,   2.75,   3.25,   3.5]
// CHECK-NEXT: {{\[}}3,   3.25,   3.75,   4]]
// CHECK: rank = 2 offset = 0 sizes = [3, 3] strides = [3, 1] data =
// CHECK-NEXT: {{\[\[}}0.21875,   6.125,   21.1562]
// CHECK-NEXT: {{\[}}0.2,   6.125,   21.4857]
// CHECK-NEXT: {{\[}}0.875,   7,   19.625]]
