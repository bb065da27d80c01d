// RUN: strata-opt %s -split-input-file -strata-convert-graph-to-linalg | FileCheck %s

// The bias is added per output channel (dim 1).
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$CHANNEL:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @conv2d
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x7x7xf32>, %[[W:.*]]: tensor<8x3x3x3xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 1, 0] high[0, 0, 1, 0]
// CHECK: tensor.yield %[[ZERO]] : f32
// CHECK: } : tensor<1x3x7x7xf32> to tensor<1x3x9x7xf32>
// CHECK: %[[INIT:.*]] = linalg.fill {{.*}} -> tensor<1x8x4x3xf32>
// CHECK: %[[C:.*]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[P]], %[[W]] : tensor<1x3x9x7xf32>, tensor<8x3x3x3xf32>) outs(%[[INIT]] : tensor<1x8x4x3xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$CHANNEL]], #[[$ID]]]{{.*}} ins(%[[C]], %[[B]] : tensor<1x8x4x3xf32>, tensor<8xf32>)
// CHECK: arith.addf
func.func @conv2d(%x: tensor<1x3x7x7xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x4x3xf32> {
  %0 = graph.conv2d %x, %w, %b {pads = array<i64: 1, 0, 1, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>} : (tensor<1x3x7x7xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x3xf32>
  return %0 : tensor<1x8x4x3xf32>
}

// -----

// Groups: [N, G*C, H, W] x [G*F, C, KH, KW] as [N, G, C, H, W] x
// [G, F, C, KH, KW] with linalg.conv_2d_ngchw_gfchw.
// CHECK-LABEL: func.func @conv2d_grouped
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x5x5xf32>, %[[W:.*]]: tensor<6x2x3x3xf32>)
// CHECK-NOT: tensor.pad
// CHECK: %[[X5:.*]] = tensor.expand_shape %[[X]] {{\[}}[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 5, 5] : tensor<1x4x5x5xf32> into tensor<1x2x2x5x5xf32>
// CHECK: %[[W5:.*]] = tensor.expand_shape %[[W]] {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3] : tensor<6x2x3x3xf32> into tensor<2x3x2x3x3xf32>
// CHECK: %[[C:.*]] = linalg.conv_2d_ngchw_gfchw {{.*}} ins(%[[X5]], %[[W5]] : tensor<1x2x2x5x5xf32>, tensor<2x3x2x3x3xf32>) outs(%{{.*}} : tensor<1x2x3x3x3xf32>)
// CHECK: %[[R:.*]] = tensor.collapse_shape %[[C]] {{\[}}[0], [1, 2], [3], [4]] : tensor<1x2x3x3x3xf32> into tensor<1x6x3x3xf32>
// CHECK: return %[[R]]
func.func @conv2d_grouped(%x: tensor<1x4x5x5xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32> {
  %0 = graph.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 2} : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32>
  return %0 : tensor<1x6x3x3xf32>
}

// -----

// Ceil mode: the last window needs one more row and column of -inf.
// CHECK-LABEL: func.func @max_pool_ceil
// CHECK: %[[NEG_INF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[P:.*]] = tensor.pad %{{.*}} low[0, 0, 0, 0] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[NEG_INF]] : f32
// CHECK: } : tensor<1x2x5x5xf32> to tensor<1x2x6x6xf32>
// CHECK: %[[WIN:.*]] = tensor.empty() : tensor<2x2xf32>
// CHECK: %[[INIT_VAL:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[INIT_VAL]] : f32)
// CHECK: linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[P]], %[[WIN]] : tensor<1x2x6x6xf32>, tensor<2x2xf32>) outs(%[[INIT]] : tensor<1x2x3x3xf32>)
func.func @max_pool_ceil(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %0 = graph.max_pool2d %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, ceil_mode = true} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @max_pool_int
// CHECK: %[[LOWEST:.*]] = arith.constant -128 : i8
// CHECK: tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[LOWEST]] : i8
// CHECK: linalg.pooling_nchw_max {dilations = dense<2> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
func.func @max_pool_int(%x: tensor<1x1x4x4xi8>) -> tensor<1x1x2x2xi8> {
  %0 = graph.max_pool2d %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, dilations = array<i64: 2, 2>} : (tensor<1x1x4x4xi8>) -> tensor<1x1x2x2xi8>
  return %0 : tensor<1x1x2x2xi8>
}

// -----

// Every window has the same size: one scalar divisor.
// CHECK-LABEL: func.func @avg_pool_uniform
// CHECK-NOT: tensor.pad
// CHECK: %[[SUM:.*]] = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x2x2x2xf32>)
// CHECK: %[[FOUR:.*]] = arith.constant 4.000000e+00 : f32
// CHECK: arith.divf %{{.*}}, %[[FOUR]] : f32
func.func @avg_pool_uniform(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %0 = graph.avg_pool2d %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

// count_include_pad = false: each window divides by its input positions.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$HW:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-LABEL: func.func @avg_pool_exclude_pad
// CHECK: %[[SUM:.*]] = linalg.pooling_nchw_sum
// CHECK: %[[DIV:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [2.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$HW]], #[[$ID]]]{{.*}} ins(%[[SUM]], %[[DIV]] : tensor<1x1x2x2xf32>, tensor<2x2xf32>)
// CHECK: arith.divf
func.func @avg_pool_exclude_pad(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32> {
  %0 = graph.avg_pool2d %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

// count_include_pad = true counts the explicit padding but not the
// positions ceil mode adds past it (windows clipped to [-1, 4 + 0)).
// CHECK-LABEL: func.func @avg_pool_include_pad_ceil
// CHECK: tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: arith.constant dense<{{\[}}[4.000000e+00, 4.000000e+00, 2.000000e+00], [4.000000e+00, 4.000000e+00, 2.000000e+00], [2.000000e+00, 2.000000e+00, 1.000000e+00]]> : tensor<3x3xf32>
func.func @avg_pool_include_pad_ceil(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  %0 = graph.avg_pool2d %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, strides = array<i64: 2, 2>, ceil_mode = true, count_include_pad = true} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// Global pools reduce the spatial dims; the f16 mean sums in f32.
// CHECK-LABEL: func.func @global_pools
// CHECK: %[[MAX:.*]] = linalg.reduce ins(%{{.*}} : tensor<2x3x4x5xf16>) outs(%{{.*}} : tensor<2x3xf16>) dimensions = [2, 3]
// CHECK: arith.maximumf
// CHECK: tensor.expand_shape %[[MAX]] {{\[}}[0], [1, 2, 3]] output_shape [2, 3, 1, 1] : tensor<2x3xf16> into tensor<2x3x1x1xf16>
// CHECK: %[[SUM:.*]] = linalg.reduce ins(%{{.*}} : tensor<2x3x4x5xf16>) outs(%{{.*}} : tensor<2x3xf32>) dimensions = [2, 3]
// CHECK: arith.extf
// CHECK: arith.addf
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<2x3xf32>) outs(%{{.*}} : tensor<2x3xf16>)
// CHECK: arith.constant 2.000000e+01 : f32
// CHECK: arith.divf
// CHECK: arith.truncf
func.func @global_pools(%x: tensor<2x3x4x5xf16>) -> (tensor<2x3x1x1xf16>, tensor<2x3x1x1xf16>) {
  %0 = graph.global_max_pool %x : (tensor<2x3x4x5xf16>) -> tensor<2x3x1x1xf16>
  %1 = graph.global_avg_pool %x : (tensor<2x3x4x5xf16>) -> tensor<2x3x1x1xf16>
  return %0, %1 : tensor<2x3x1x1xf16>, tensor<2x3x1x1xf16>
}

// -----

// f16 convolution accumulates in f32; the bias add rounds once.
// CHECK-LABEL: func.func @conv2d_f16
// CHECK: %[[C:.*]] = linalg.conv_2d_nchw_fchw {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x2x4x4xf16>, tensor<3x2x3x3xf16>) outs(%{{.*}} : tensor<1x3x2x2xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[C]], %{{.*}} : tensor<1x3x2x2xf32>, tensor<3xf16>) outs(%{{.*}} : tensor<1x3x2x2xf16>)
// CHECK: ^bb0(%[[S:.*]]: f32, %[[B:.*]]: f16, %{{.*}}: f16):
// CHECK: %[[BW:.*]] = arith.extf %[[B]] : f16 to f32
// CHECK: %[[T:.*]] = arith.addf %[[S]], %[[BW]] : f32
// CHECK: arith.truncf %[[T]] : f32 to f16
func.func @conv2d_f16(%x: tensor<1x2x4x4xf16>, %w: tensor<3x2x3x3xf16>, %b: tensor<3xf16>) -> tensor<1x3x2x2xf16> {
  %0 = graph.conv2d %x, %w, %b : (tensor<1x2x4x4xf16>, tensor<3x2x3x3xf16>, tensor<3xf16>) -> tensor<1x3x2x2xf16>
  return %0 : tensor<1x3x2x2xf16>
}
