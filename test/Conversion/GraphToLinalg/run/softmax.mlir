// graph.softmax along axis 1 (large inputs must not overflow).
// Lowered by strata-convert-graph-to-linalg, then to LLVM by a test-only
// upstream pipeline, and run; the expected numbers come from numpy.
// RUN: strata-opt %s -strata-convert-graph-to-linalg | \
// RUN: strata-opt --pass-pipeline="builtin.module(one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(convert-linalg-to-loops),convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts)" | \
// RUN: mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | \
// RUN: FileCheck %s

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

func.func @compute(%x: tensor<3x4xf32>) -> (tensor<3x4xf32>) {
  %0 = graph.softmax %x {axis = 1 : i64} : tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

func.func @main() {
  %in0 = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [-1.0, 0.0, 1000.0, 1.0], [0.0, 0.0, 0.0, 0.0]]> : tensor<3x4xf32>
  %r0 = call @compute(%in0) : (tensor<3x4xf32>) -> (tensor<3x4xf32>)
  %m0 = bufferization.to_buffer %r0 : tensor<3x4xf32> to memref<3x4xf32>
  %u0 = memref.cast %m0 : memref<3x4xf32> to memref<*xf32>
  call @printMemrefF32(%u0) : (memref<*xf32>) -> ()
  return
}

// numpy: e = np.exp(x - x.max(1, keepdims=True)); e / e.sum(1, keepdims=True)
// CHECK: rank = 2 offset = 0 sizes = [3, 4] strides = [4, 1] data =
// CHECK-NEXT: {{\[\[}}0.0320586, 0.0871443, 0.236883, 0.643914]
// CHECK-NEXT: {{\[}}0, 0, 1, 0]
// CHECK-NEXT: {{\[}}0.25, 0.25, 0.25, 0.25]]
