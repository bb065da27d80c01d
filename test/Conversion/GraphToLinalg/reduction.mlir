// RUN: strata-opt %s -split-input-file -strata-convert-graph-to-linalg | FileCheck %s

// keepdims: linalg.reduce, then the reduced dim comes back as size 1.
// CHECK-LABEL: func.func @reduce_sum_keepdims
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK: %[[R:.*]] = linalg.reduce ins(%[[X]] : tensor<2x3x4xf32>) outs(%[[INIT]] : tensor<2x4xf32>) dimensions = [1]
// CHECK: arith.addf
// CHECK: %[[K:.*]] = tensor.expand_shape %[[R]] {{\[}}[0], [1, 2]] output_shape [2, 1, 4] : tensor<2x4xf32> into tensor<2x1x4xf32>
// CHECK: return %[[K]]
func.func @reduce_sum_keepdims(%x: tensor<2x3x4xf32>) -> tensor<2x1x4xf32> {
  %0 = graph.reduce_sum %x {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  return %0 : tensor<2x1x4xf32>
}

// -----

// mean divides the sum by the reduced element count (2 * 4).
// CHECK-LABEL: func.func @reduce_mean
// CHECK: %[[R:.*]] = linalg.reduce ins(%{{.*}} : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<3xf32>) dimensions = [0, 2]
// CHECK: linalg.generic {{.*}} ins(%[[R]] : tensor<3xf32>)
// CHECK: %[[N:.*]] = arith.constant 8.000000e+00 : f32
// CHECK: arith.divf %{{.*}}, %[[N]] : f32
// CHECK-NOT: tensor.expand_shape
func.func @reduce_mean(%x: tensor<2x3x4xf32>) -> tensor<3xf32> {
  %0 = graph.reduce_mean %x {axes = array<i64: 0, 2>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_mean_int
// CHECK: arith.addi
// CHECK: %[[N:.*]] = arith.constant 3 : i32
// CHECK: arith.divsi %{{.*}}, %[[N]] : i32
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1]] output_shape [2, 1]
func.func @reduce_mean_int(%x: tensor<2x3xi32>) -> tensor<2x1xi32> {
  %0 = graph.reduce_mean %x {axes = array<i64: 1>} : (tensor<2x3xi32>) -> tensor<2x1xi32>
  return %0 : tensor<2x1xi32>
}

// -----

// max starts at -inf, min at the largest integer, prod at 1.
// CHECK-LABEL: func.func @reduce_max_min_prod
// CHECK: %[[NEG_INF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: linalg.fill ins(%[[NEG_INF]] : f32) outs(%{{.*}} : tensor<f32>)
// CHECK: linalg.reduce {{.*}} dimensions = [0, 1]
// CHECK: arith.maximumf
// CHECK: %[[HIGHEST:.*]] = arith.constant 9223372036854775807 : i64
// CHECK: linalg.fill ins(%[[HIGHEST]] : i64)
// CHECK: %[[MIN:.*]] = linalg.reduce {{.*}} dimensions = [0, 1]
// CHECK: arith.minsi
// CHECK: tensor.expand_shape %[[MIN]] [] output_shape [1, 1] : tensor<i64> into tensor<1x1xi64>
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: linalg.fill ins(%[[ONE]] : f32)
// CHECK: linalg.reduce {{.*}} dimensions = [1]
// CHECK: arith.mulf
func.func @reduce_max_min_prod(%x: tensor<2x3xf32>, %i: tensor<2x3xi64>) -> (tensor<f32>, tensor<1x1xi64>, tensor<2xf32>) {
  %0 = graph.reduce_max %x {axes = array<i64: 0, 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<f32>
  %1 = graph.reduce_min %i {axes = array<i64: 0, 1>} : (tensor<2x3xi64>) -> tensor<1x1xi64>
  %2 = graph.reduce_prod %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0, %1, %2 : tensor<f32>, tensor<1x1xi64>, tensor<2xf32>
}

// -----

// Half-precision sums accumulate in f32.
// CHECK-LABEL: func.func @reduce_sum_bf16
// CHECK: %[[R:.*]] = linalg.reduce ins(%{{.*}} : tensor<2x3xbf16>) outs(%{{.*}} : tensor<2xf32>) dimensions = [1]
// CHECK: (%[[IN:.*]]: bf16, %[[ACC:.*]]: f32) {
// CHECK: %[[W:.*]] = arith.extf %[[IN]] : bf16 to f32
// CHECK: arith.addf %[[W]], %[[ACC]] : f32
// CHECK: linalg.generic {{.*}} ins(%[[R]] : tensor<2xf32>) outs(%{{.*}} : tensor<2xbf16>)
// CHECK: arith.truncf %{{.*}} : f32 to bf16
func.func @reduce_sum_bf16(%x: tensor<2x3xbf16>) -> tensor<2xbf16> {
  %0 = graph.reduce_sum %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xbf16>) -> tensor<2xbf16>
  return %0 : tensor<2xbf16>
}

// -----

// No axes: the identity.
// CHECK-LABEL: func.func @reduce_no_axes
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @reduce_no_axes(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = graph.reduce_sum %x {axes = array<i64>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// argmax: one generic with a value and an index accumulator; a greater
// value wins, an equal one only with a smaller index (first occurrence).
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @argmax
// CHECK: %[[NEG_INF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[VINIT:.*]] = linalg.fill ins(%[[NEG_INF]] : f32) outs(%{{.*}} : tensor<2xf32>)
// CHECK: %[[IINIT:.*]] = linalg.fill ins(%{{.*}} : i64) outs(%{{.*}} : tensor<2xi64>)
// CHECK: %[[R:.*]]:2 = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ROW]]], iterator_types = ["parallel", "reduction"]} ins(%{{.*}} : tensor<2x5xf32>) outs(%[[VINIT]], %[[IINIT]] : tensor<2xf32>, tensor<2xi64>)
// CHECK: ^bb0(%[[X:.*]]: f32, %[[BEST:.*]]: f32, %[[BEST_I:.*]]: i64):
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: %[[I64:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK: arith.cmpf ogt, %[[X]], %[[BEST]] : f32
// CHECK: arith.cmpf oeq, %[[X]], %[[BEST]] : f32
// CHECK: arith.cmpi slt, %[[I64]], %[[BEST_I]] : i64
// CHECK: %[[V:.*]] = arith.select %[[TAKE:.*]], %[[X]], %[[BEST]] : f32
// CHECK: %[[J:.*]] = arith.select %[[TAKE]], %[[I64]], %[[BEST_I]] : i64
// CHECK: linalg.yield %[[V]], %[[J]] : f32, i64
// CHECK: tensor.expand_shape %[[R]]#1 {{\[}}[0, 1]] output_shape [2, 1] : tensor<2xi64> into tensor<2x1xi64>
func.func @argmax(%x: tensor<2x5xf32>) -> tensor<2x1xi64> {
  %0 = graph.argmax %x {axis = 1 : i64} : (tensor<2x5xf32>) -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// -----

// select_last_index: an equal value wins with a larger index.
// CHECK-LABEL: func.func @argmin_last
// CHECK: %[[HIGHEST:.*]] = arith.constant 2147483647 : i32
// CHECK: linalg.fill ins(%[[HIGHEST]] : i32)
// CHECK: %[[R:.*]]:2 = linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: arith.cmpi slt, %{{.*}}, %{{.*}} : i32
// CHECK: arith.cmpi eq, %{{.*}}, %{{.*}} : i32
// CHECK: arith.cmpi sgt, %{{.*}}, %{{.*}} : i64
// CHECK: return %[[R]]#1 : tensor<3xi64>
func.func @argmin_last(%x: tensor<4x3xi32>) -> tensor<3xi64> {
  %0 = graph.argmin %x {axis = 0 : i64, keepdims = false, select_last_index = true} : (tensor<4x3xi32>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// cumsum: a generic with a reduction dim k along the axis; reverse exclusive
// sums k > i.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @cumsum
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: %[[K:.*]] = linalg.index 2 : index
// CHECK: arith.cmpi ugt, %[[K]], %[[I]] : index
// CHECK: arith.addf
// CHECK: arith.select
func.func @cumsum(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %0 = graph.cumsum %x {axis = 1 : i64, exclusive = true, reverse = true} : tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// cumprod: the same scan, starting from 1 and multiplying.
// CHECK-LABEL: func.func @cumprod
// CHECK: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK: linalg.fill ins(%[[ONE]] : i32)
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: arith.cmpi ule
// CHECK: arith.muli
// CHECK: arith.select
func.func @cumprod(%x: tensor<5xi32>) -> tensor<5xi32> {
  %0 = graph.cumprod %x {axis = 0 : i64} : tensor<5xi32>
  return %0 : tensor<5xi32>
}
