// graph.gelu, exact (erf) and with the tanh approximation.
// Lowered by strata-convert-graph-to-linalg, then to LLVM by a test-only
// upstream pipeline, and run; the expected numbers come from numpy.
// RUN: strata-opt %s -strata-convert-graph-to-linalg | \
// RUN: strata-opt --pass-pipeline="builtin.module(one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(convert-linalg-to-loops),convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts)" | \
// RUN: mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | \
// RUN: FileCheck %s

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

func.func @compute(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %0 = graph.gelu %x : tensor<8xf32>
  %1 = graph.gelu %x approximate = tanh : tensor<8xf32>
  return %0, %1 : tensor<8xf32>, tensor<8xf32>
}

func.func @main() {
  %in0 = arith.constant dense<[-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 4.0]> : tensor<8xf32>
  %r0, %r1 = call @compute(%in0) : (tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>)
  %m0 = bufferization.to_buffer %r0 : tensor<8xf32> to memref<8xf32>
  %u0 = memref.cast %m0 : memref<8xf32> to memref<*xf32>
  call @printMemrefF32(%u0) : (memref<*xf32>) -> ()
  %m1 = bufferization.to_buffer %r1 : tensor<8xf32> to memref<8xf32>
  %u1 = memref.cast %m1 : memref<8xf32> to memref<*xf32>
  call @printMemrefF32(%u1) : (memref<*xf32>) -> ()
  return
}

// numpy: 0.5 * x * (1 + erf(x / np.sqrt(2)))  (math.erf per element)
// CHECK: rank = 1 offset = 0 sizes = [8] strides = [1] data =
// CHECK-NEXT: {{\[}}-0.00404969, -0.158655, -0.154269, 0, 0.345731, 0.841345, 1.9545, 3.99987]

// numpy: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))
// (1 + tanh(...) cancels in f32 for negative x: 4 significant digits)
// CHECK: rank = 1 offset = 0 sizes = [8] strides = [1] data =
// CHECK-NEXT: {{\[}}-0.003637{{[0-9]*}}, -0.1588{{[0-9]*}}, -0.1542{{[0-9]*}}, 0{{[0-9]*}}, 0.3457{{[0-9]*}}, 0.8411{{[0-9]*}}, 1.954{{[0-9]*}}, 3.999{{[0-9]*}}]
