// graph.max_pool2d in ceil mode: the last windows hang over the input.
// Lowered by strata-convert-graph-to-linalg, then to LLVM by a test-only
// upstream pipeline, and run; the expected numbers come from numpy.
// RUN: strata-opt %s -strata-convert-graph-to-linalg | \
// RUN: strata-opt --pass-pipeline="builtin.module(one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(convert-linalg-to-loops),convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts)" | \
// RUN: mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | \
// RUN: FileCheck %s

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

func.func @compute(%x: tensor<1x1x5x6xf32>) -> (tensor<1x1x3x3xf32>) {
  %0 = graph.max_pool2d %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 0, 0, 0>, ceil_mode = true} : (tensor<1x1x5x6xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

func.func @main() {
  %in0 = arith.constant dense<[[[[-5.0, 2.0, -2.0, 5.0, 1.0, -3.0], [4.0, 0.0, -4.0, 3.0, -1.0, -5.0], [2.0, -2.0, 5.0, 1.0, -3.0, 4.0], [0.0, -4.0, 3.0, -1.0, -5.0, 2.0], [-2.0, 5.0, 1.0, -3.0, 4.0, 0.0]]]]> : tensor<1x1x5x6xf32>
  %r0 = call @compute(%in0) : (tensor<1x1x5x6xf32>) -> (tensor<1x1x3x3xf32>)
  %m0 = bufferization.to_buffer %r0 : tensor<1x1x3x3xf32> to memref<1x1x3x3xf32>
  %u0 = memref.cast %m0 : memref<1x1x3x3xf32> to memref<*xf32>
  call @printMemrefF32(%u0) : (memref<*xf32>) -> ()
  return
}

// numpy: xp = np.pad(x, ((0, 0), (0, 0), (1, 0), (0, 0)), constant_values=-np.inf)
// out[0, 0, i, j] = xp[0, 0, 2*i:2*i+2, 2*j:2*j+2].max()  (windows clipped at the end; onnxruntime agrees)
// CHECK: rank = 4 offset = 0 sizes = [1, 1, 3, 3] strides = [9, 9, 3, 1] data =
// CHECK-NEXT: {{\[\[\[\[}}2, 5, 1]
// CHECK-NEXT: {{\[}}4, 5, 4]
// CHECK-NEXT: {{\[}}5, 3, 4]]]]
