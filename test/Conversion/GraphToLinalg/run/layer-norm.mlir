// graph.layer_norm over the trailing dims [1, 3) with broadcast scale and bias.
// Lowered by strata-convert-graph-to-linalg, then to LLVM by a test-only
// upstream pipeline, and run; the expected numbers come from numpy.
// RUN: strata-opt %s -strata-convert-graph-to-linalg | \
// RUN: strata-opt --pass-pipeline="builtin.module(one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(convert-linalg-to-loops),convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts)" | \
// RUN: mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | \
// RUN: FileCheck %s

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

func.func @compute(%x: tensor<2x3x4xf32>, %scale: tensor<4xf32>, %bias: tensor<3x1xf32>) -> (tensor<2x3x4xf32>) {
  %0 = graph.layer_norm %x, %scale, %bias {axis = 1 : i64, epsilon = 1.0e-5 : f32} : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

func.func @main() {
  %in0 = arith.constant dense<[[[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 1.0, 1.0], [2.0, 4.0, 6.0, 8.0]], [[-1.0, 1.0, -1.0, 1.0], [5.0, 5.0, 5.0, 9.0], [0.0, 1.0, 0.0, 1.0]]]> : tensor<2x3x4xf32>
  %in1 = arith.constant dense<[1.0, 2.0, 0.5, -1.0]> : tensor<4xf32>
  %in2 = arith.constant dense<[[0.0], [1.0], [-1.0]]> : tensor<3x1xf32>
  %r0 = call @compute(%in0, %in1, %in2) : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<3x1xf32>) -> (tensor<2x3x4xf32>)
  %m0 = bufferization.to_buffer %r0 : tensor<2x3x4xf32> to memref<2x3x4xf32>
  %u0 = memref.cast %m0 : memref<2x3x4xf32> to memref<*xf32>
  call @printMemrefF32(%u0) : (memref<*xf32>) -> ()
  return
}

// numpy: m = x.mean(axis=(1, 2), keepdims=True); v = x.var(axis=(1, 2), keepdims=True)
// (x - m) / np.sqrt(v + 1e-5) * scale + bias
// CHECK: rank = 3 offset = 0 sizes = [2, 3, 4] strides = [12, 4, 1] data =
// CHECK-NEXT: {{\[\[\[}}-0.707106, -0.565685, 0.0707106, -0.565685]
// CHECK-NEXT: {{\[}}-0.13137, -1.26274, 0.646447, 1.70711]
// CHECK-NEXT: {{\[}}-1.28284, 0.13137, -0.292894, -3.26274]]
// CHECK-NEXT: {{\[\[}}-1.06715, -0.786318, -0.533573, 0.393159]
// CHECK-NEXT: {{\[}}1.95481, 2.90963, 1.47741, -1.30279]
// CHECK-NEXT: {{\[}}-1.73015, -1.78632, -1.36508, -0.606841]]]
