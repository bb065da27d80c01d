// graph.reduce_mean over axes [0, 2] with keepdims.
// Lowered by strata-convert-graph-to-linalg, then to LLVM by a test-only
// upstream pipeline, and run; the expected numbers come from numpy.
// RUN: strata-opt %s -strata-convert-graph-to-linalg | \
// RUN: strata-opt --pass-pipeline="builtin.module(one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(convert-linalg-to-loops),convert-scf-to-cf,expand-strided-metadata,lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts)" | \
// RUN: mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | \
// RUN: FileCheck %s

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

func.func @compute(%x: tensor<2x3x4xf32>) -> (tensor<1x3x1xf32>) {
  %0 = graph.reduce_mean %x {axes = array<i64: 0, 2>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
  return %0 : tensor<1x3x1xf32>
}

func.func @main() {
  %in0 = arith.constant dense<[[[0.0, 0.10000000149011612, 0.2828426957130432, 0.5196152329444885], [0.800000011920929, 1.1180340051651, 1.469693899154663, 1.8520259857177734], [2.2627415657043457, 2.700000047683716, 3.1622776985168457, 3.648287296295166]], [[4.156921863555908, 4.687216758728027, 5.238320350646973, 5.809474945068359], [6.400000095367432, 7.009279727935791, 7.636753082275391, 8.28190803527832], [8.9442720413208, 9.623409271240234, 10.318914413452148, 11.030412673950195]]]> : tensor<2x3x4xf32>
  %r0 = call @compute(%in0) : (tensor<2x3x4xf32>) -> (tensor<1x3x1xf32>)
  %m0 = bufferization.to_buffer %r0 : tensor<1x3x1xf32> to memref<1x3x1xf32>
  %u0 = memref.cast %m0 : memref<1x3x1xf32> to memref<*xf32>
  call @printMemrefF32(%u0) : (memref<*xf32>) -> ()
  return
}

// numpy: x.mean(axis=(0, 2), keepdims=True)
// CHECK: rank = 3 offset = 0 sizes = [1, 3, 1] strides = [3, 1, 1] data =
// CHECK-NEXT: {{\[\[\[}}2.5993]
// CHECK-NEXT: {{\[}}4.32096]
// CHECK-NEXT: {{\[}}6.46129]]]
