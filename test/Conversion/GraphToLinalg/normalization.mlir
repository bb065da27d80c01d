// RUN: strata-opt %s -split-input-file -strata-convert-graph-to-linalg | FileCheck %s

// softmax: max, exp(x - max), sum, divide.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.*]]: tensor<2x5xf32>)
// CHECK: %[[MAX:.*]] = linalg.reduce ins(%[[X]] : tensor<2x5xf32>) outs(%{{.*}} : tensor<2xf32>) dimensions = [1]
// CHECK: arith.maximumf
// CHECK: %[[E:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ID]]]{{.*}} ins(%[[X]], %[[MAX]] : tensor<2x5xf32>, tensor<2xf32>)
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: %[[SUM:.*]] = linalg.reduce ins(%[[E]] : tensor<2x5xf32>) outs(%{{.*}} : tensor<2xf32>) dimensions = [1]
// CHECK: arith.addf
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ID]]]{{.*}} ins(%[[E]], %[[SUM]] : tensor<2x5xf32>, tensor<2xf32>)
// CHECK: arith.divf
// CHECK: return %[[R]]
func.func @softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = graph.softmax %x {axis = 1 : i64} : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// log_softmax: x - max - log(sum(exp(x - max))), the sum in one reducing
// generic.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$COL:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @log_softmax
// CHECK-SAME: (%[[X:.*]]: tensor<3x2xf32>)
// CHECK: %[[MAX:.*]] = linalg.reduce ins(%[[X]] : tensor<3x2xf32>) outs(%{{.*}} : tensor<2xf32>) dimensions = [0]
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$COL]], #[[$COL]]], iterator_types = ["reduction", "parallel"]} ins(%[[X]], %[[MAX]] : tensor<3x2xf32>, tensor<2xf32>)
// CHECK: ^bb0(%[[A:.*]]: f32, %[[M:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK: %[[D:.*]] = arith.subf %[[A]], %[[M]] : f32
// CHECK: %[[EXP:.*]] = math.exp %[[D]] : f32
// CHECK: arith.addf %[[ACC]], %[[EXP]] : f32
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$COL]], #[[$COL]], #[[$ID]]]{{.*}} ins(%[[X]], %[[MAX]], %[[SUM]] : tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>)
// CHECK: ^bb0(%[[A2:.*]]: f32, %[[M2:.*]]: f32, %[[S2:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[L:.*]] = math.log %[[S2]] : f32
// CHECK: %[[D2:.*]] = arith.subf %[[A2]], %[[M2]] : f32
// CHECK: arith.subf %[[D2]], %[[L]] : f32
func.func @log_softmax(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %0 = graph.log_softmax %x {axis = 0 : i64} : tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// f16 softmax computes exp and the sum in f32.
// CHECK-LABEL: func.func @softmax_f16
// CHECK: linalg.reduce ins(%{{.*}} : tensor<4xf16>) outs(%{{.*}} : tensor<f16>)
// CHECK: %[[E:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<4xf32>)
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: math.exp %{{.*}} : f32
// CHECK: linalg.reduce ins(%[[E]] : tensor<4xf32>) outs(%{{.*}} : tensor<f32>)
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4xf16>)
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @softmax_f16(%x: tensor<4xf16>) -> tensor<4xf16> {
  %0 = graph.softmax %x {axis = 0 : i64} : tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// layer_norm over dims [1, 3): sum, sum of squared deviations (divided by
// N = 12), then one normalizing generic; scale and bias broadcast to the
// normalized dims.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$STAT:.*]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-DAG: #[[$SCALE:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$BIAS:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>, %[[SCALE:.*]]: tensor<3x4xf32>, %[[BIAS:.*]]: tensor<4xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$STAT]]], iterator_types = ["parallel", "reduction", "reduction"]} ins(%[[X]] : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<2xf32>)
// CHECK: %[[SQ:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$STAT]], #[[$STAT]]], iterator_types = ["parallel", "reduction", "reduction"]} ins(%[[X]], %[[SUM]] : tensor<2x3x4xf32>, tensor<2xf32>)
// CHECK: arith.constant 1.200000e+01 : f32
// CHECK: arith.mulf
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$STAT]], #[[$STAT]], #[[$SCALE]], #[[$BIAS]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[X]], %[[SUM]], %[[SQ]], %[[SCALE]], %[[BIAS]] :
// CHECK: arith.constant 1.000000e-03 : f32
// CHECK: math.rsqrt
func.func @layer_norm(%x: tensor<2x3x4xf32>, %scale: tensor<3x4xf32>, %bias: tensor<4xf32>) -> tensor<2x3x4xf32> {
  %0 = graph.layer_norm %x, %scale, %bias {axis = 1 : i64, epsilon = 1.0e-3 : f32} : (tensor<2x3x4xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// batch_norm: one generic, the statistics indexed by the channel (dim 1).
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$C:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @batch_norm
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$C]], #[[$C]], #[[$C]], #[[$C]], #[[$ID]]]
// CHECK: ^bb0(%[[X:.*]]: f32, %[[S:.*]]: f32, %[[B:.*]]: f32, %[[M:.*]]: f32, %[[V:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[EPS:.*]] = arith.constant 9.99999974E-6 : f32
// CHECK: %[[VE:.*]] = arith.addf %[[V]], %[[EPS]] : f32
// CHECK: %[[INV:.*]] = math.rsqrt %[[VE]] : f32
// CHECK: %[[D:.*]] = arith.subf %[[X]], %[[M]] : f32
// CHECK: %[[N:.*]] = arith.mulf %[[D]], %[[INV]] : f32
// CHECK: %[[Y:.*]] = arith.mulf %[[N]], %[[S]] : f32
// CHECK: %[[R:.*]] = arith.addf %[[Y]], %[[B]] : f32
// CHECK: linalg.yield %[[R]] : f32
func.func @batch_norm(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  %0 = graph.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-5 : f32} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}
