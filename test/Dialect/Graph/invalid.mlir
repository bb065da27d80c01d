// Every verifier rule of the graph dialect, violated once.
// RUN: strata-opt %s -split-input-file -verify-diagnostics

func.func @constant_type_mismatch() -> tensor<2xf32> {
  // expected-error @+1 {{value type 'tensor<3xf32>' differs from result type 'tensor<2xf32>'}}
  %0 = "graph.constant"() <{value = dense<1.0> : tensor<3xf32>}> : () -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @constant_si8() -> tensor<2xsi8> {
  // expected-error @+1 {{result #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 64-bit float or 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer or 8-bit unsigned integer or 16-bit unsigned integer or 32-bit unsigned integer or 64-bit unsigned integer or 1-bit signless integer or f8E4M3FN type or f8E4M3FNUZ type or f8E5M2 type or f8E5M2FNUZ type or f4E2M1FN type or f8E8M0FNU type or 4-bit signless integer or 4-bit unsigned integer or 2-bit signless integer or 2-bit unsigned integer values}}
  %0 = graph.constant dense<1> : tensor<2xsi8>
  return %0 : tensor<2xsi8>
}

// -----

func.func @unranked(%x: tensor<*xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor}}
  %0 = "graph.exp"(%x) : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @exp_int(%x: tensor<4xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 64-bit float values}}
  %0 = graph.exp %x : tensor<4xi32>
  return
}

// -----

func.func @unary_type_change(%x: tensor<4xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "graph.tanh"(%x) : (tensor<4xf32>) -> tensor<4xf16>
  return
}

// -----

func.func @binary_broadcast(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+1 {{'graph.add' op shapes 2x3 and 4x3 are not broadcast-compatible: dimension 2 vs 4 at position 1 from the right}}
  %0 = graph.add %a, %b : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @binary_element_types(%a: tensor<3xf32>, %b: tensor<3xf16>) {
  // expected-error @+1 {{all of {lhs, rhs, result} have same element type}}
  %0 = graph.mul %a, %b : (tensor<3xf32>, tensor<3xf16>) -> tensor<3xf32>
  return
}

// -----

func.func @binary_wrong_result(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'graph.sub' op result type 'tensor<3x3xf32>' contradicts the inferred type 'tensor<2x3xf32>'}}
  %0 = graph.sub %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3x3xf32>
  return
}

// -----

func.func @add_bool(%a: tensor<3xi1>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 64-bit float or 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer or 8-bit unsigned integer or 16-bit unsigned integer or 32-bit unsigned integer or 64-bit unsigned integer values}}
  %0 = graph.add %a, %a : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  return
}

// -----

func.func @pow_int(%a: tensor<3xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 64-bit float values}}
  %0 = graph.pow %a, %a : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return
}

// -----

func.func @compare_result_not_bool(%a: tensor<3xf32>) {
  // expected-error @+1 {{result #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = graph.compare lt, %a, %a : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @compare_bad_kind(%a: tensor<3xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'kind' [eq, ne, lt, le, gt, ge]}}
  %0 = graph.compare less, %a, %a : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  return
}

// -----

func.func @select_cond_not_bool(%c: tensor<3xf32>, %a: tensor<3xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = graph.select %c, %a, %a : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @select_broadcast(%c: tensor<4xi1>, %a: tensor<3xf32>) {
  // expected-error @+1 {{'graph.select' op shapes 4 and 3 are not broadcast-compatible}}
  %0 = graph.select %c, %a, %a : (tensor<4xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @cast_shape(%a: tensor<3xf32>) {
  // expected-error @+1 {{cannot change the shape}}
  %0 = graph.cast %a : tensor<3xf32> to tensor<4xi32>
  return
}

// -----

func.func @matmul_k(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'graph.matmul' op contraction dimensions differ: lhs 2x3 has K = 3, rhs 4x5 has K = 4}}
  %0 = graph.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @matmul_scalar(%a: tensor<f32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'graph.matmul' op matmul operands must have rank >= 1}}
  %0 = graph.matmul %a, %b : (tensor<f32>, tensor<4x5xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x2x3xf32>, %b: tensor<3x3x5xf32>) {
  // expected-error @+1 {{'graph.matmul' op batch dimensions: shapes 2 and 3 are not broadcast-compatible}}
  %0 = graph.matmul %a, %b : (tensor<2x2x3xf32>, tensor<3x3x5xf32>) -> tensor<2x2x5xf32>
  return
}

// -----

func.func @gemm_rank(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'graph.gemm' op gemm operands must have rank 2, got 2x3x4 and 4x5}}
  %0 = graph.gemm %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @gemm_k(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'graph.gemm' op contraction dimensions differ: K = 2 vs 4}}
  %0 = graph.gemm %a, %b {trans_a = true} : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return
}

// -----

func.func @gemm_c(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>, %c: tensor<4xf32>) {
  // expected-error @+1 {{'graph.gemm' op C: cannot broadcast 4 to 2x5: dimension 4 vs 5}}
  %0 = graph.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<4xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @conv_rank(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'graph.conv2d' op conv2d expects an NCHW input and an FCHW filter of rank 4, got 1x3x8 and 4x3x3x3}}
  %0 = graph.conv2d %x, %w : (tensor<1x3x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'graph.conv2d' op filter expects 2 channels per group, input has 3 channels in 1 group(s)}}
  %0 = graph.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_groups(%x: tensor<1x4x8x8xf32>, %w: tensor<4x1x3x3xf32>) {
  // expected-error @+1 {{'graph.conv2d' op groups must be >= 1, got 0}}
  %0 = graph.conv2d %x, %w {groups = 0 : i64} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_groups_divide(%x: tensor<1x4x8x8xf32>, %w: tensor<4x1x3x3xf32>) {
  // expected-error @+1 {{'graph.conv2d' op input channels 4 are not divisible by groups 3}}
  %0 = graph.conv2d %x, %w {groups = 3 : i64} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_filters_divide(%x: tensor<1x4x8x8xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'graph.conv2d' op filter count 3 is not divisible by groups 2}}
  %0 = graph.conv2d %x, %w {groups = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x6x6xf32>
  return
}

// -----

func.func @conv_strides(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'graph.conv2d' op strides must have 2 values, got 1}}
  %0 = graph.conv2d %x, %w {strides = array<i64: 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv_zero_stride(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'graph.conv2d' op height: kernel, stride and dilation must be >= 1}}
  %0 = graph.conv2d %x, %w {strides = array<i64: 0, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_negative_pad(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'graph.conv2d' op width: pads must be >= 0}}
  %0 = graph.conv2d %x, %w {pads = array<i64: 0, -1, 0, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_window_too_big(%x: tensor<1x3x2x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'graph.conv2d' op height: window of effective size 3 does not fit the padded input of size 2}}
  %0 = graph.conv2d %x, %w : (tensor<1x3x2x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x6xf32>
  return
}

// -----

func.func @conv_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'graph.conv2d' op bias must have shape [4] (one value per filter)}}
  %0 = graph.conv2d %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_int(%x: tensor<1x3x8x8xi32>, %w: tensor<4x3x3x3xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 64-bit float values}}
  %0 = graph.conv2d %x, %w : (tensor<1x3x8x8xi32>, tensor<4x3x3x3xi32>) -> tensor<1x4x6x6xi32>
  return
}

// -----

func.func @pool_kernel_shape(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'graph.max_pool2d' op kernel shape must have 2 values, got 3}}
  %0 = graph.max_pool2d %x {kernel_shape = array<i64: 2, 2, 2>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x7x7xf32>
  return
}

// -----

func.func @pool_missing_kernel(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{requires attribute 'kernel_shape'}}
  %0 = graph.max_pool2d %x : (tensor<1x3x8x8xf32>) -> tensor<1x3x7x7xf32>
  return
}

// -----

func.func @pool_pads(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'graph.avg_pool2d' op pads [top, left, bottom, right] must have 4 values, got 2}}
  %0 = graph.avg_pool2d %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x7x7xf32>
  return
}

// -----

func.func @pool_rank(%x: tensor<3x8x8xf32>) {
  // expected-error @+1 {{'graph.avg_pool2d' op pooling expects an NCHW input of rank 4, got 3x8x8}}
  %0 = graph.avg_pool2d %x {kernel_shape = array<i64: 2, 2>} : (tensor<3x8x8xf32>) -> tensor<3x7x7xf32>
  return
}

// -----

func.func @global_pool_rank(%x: tensor<3x8xf32>) {
  // expected-error @+1 {{'graph.global_avg_pool' op input must have rank >= 3 ([N, C, spatial...])}}
  %0 = graph.global_avg_pool %x : (tensor<3x8xf32>) -> tensor<3x1xf32>
  return
}

// -----

func.func @reduce_axis_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'graph.reduce_sum' op axis 2 is out of range [0, 2)}}
  %0 = graph.reduce_sum %x {axes = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @reduce_negative_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'graph.reduce_max' op axis -1 is out of range [0, 2)}}
  %0 = graph.reduce_max %x {axes = array<i64: -1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return
}

// -----

func.func @reduce_axes_order(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'graph.reduce_mean' op axes [1, 0] must be strictly increasing}}
  %0 = graph.reduce_mean %x {axes = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<1x1xf32>
  return
}

// -----

func.func @reduce_result(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'graph.reduce_prod' op result type 'tensor<2x1xf32>' contradicts the inferred type 'tensor<2xf32>'}}
  %0 = graph.reduce_prod %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return
}

// -----

func.func @argmax_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'graph.argmax' op axis 5 is out of range [0, 2)}}
  %0 = graph.argmax %x {axis = 5 : i64} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  return
}

// -----

func.func @argmin_result_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{result #0 must be ranked tensor of 64-bit signless integer values}}
  %0 = graph.argmin %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x1xi32>
  return
}

// -----

func.func @softmax_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'graph.softmax' op axis 2 is out of range [0, 2)}}
  %0 = graph.softmax %x {axis = 2 : i64} : tensor<2x3xf32>
  return
}

// -----

func.func @log_softmax_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'graph.log_softmax' op axis -1 is out of range [0, 2)}}
  %0 = graph.log_softmax %x {axis = -1 : i64} : tensor<2x3xf32>
  return
}

// -----

func.func @layer_norm_axis(%x: tensor<2x3xf32>, %s: tensor<3xf32>) {
  // expected-error @+1 {{'graph.layer_norm' op axis 2 is out of range [0, 2)}}
  %0 = graph.layer_norm %x, %s {axis = 2 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @layer_norm_scale(%x: tensor<2x3xf32>, %s: tensor<4xf32>) {
  // expected-error @+1 {{'graph.layer_norm' op scale does not broadcast to the normalized dims 3: cannot broadcast 4 to 3}}
  %0 = graph.layer_norm %x, %s {axis = 1 : i64} : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @layer_norm_bias(%x: tensor<2x3xf32>, %s: tensor<3xf32>, %b: tensor<2x3xf32>) {
  // expected-error @+1 {{'graph.layer_norm' op bias does not broadcast to the normalized dims 3: cannot broadcast rank 2 to the lower rank 1}}
  %0 = graph.layer_norm %x, %s, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @batch_norm_stats(%x: tensor<1x3x4x4xf32>, %c: tensor<3xf32>, %bad: tensor<4xf32>) {
  // expected-error @+1 {{'graph.batch_norm' op variance must have shape [3] (one value per channel)}}
  %0 = graph.batch_norm %x, %c, %c, %c, %bad : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<4xf32>) -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @batch_norm_rank(%x: tensor<3xf32>, %c: tensor<3xf32>) {
  // expected-error @+1 {{'graph.batch_norm' op input must have rank >= 2 ([N, C, ...])}}
  %0 = graph.batch_norm %x, %c, %c, %c, %c : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @reshape_count(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'graph.reshape' op cannot reshape 6 elements ('tensor<2x3xf32>') into 8 elements ('tensor<2x4xf32>')}}
  %0 = graph.reshape %x : tensor<2x3xf32> to tensor<2x4xf32>
  return
}

// -----

func.func @reshape_element_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'graph.reshape' op cannot change the element type}}
  %0 = graph.reshape %x : tensor<2x3xf32> to tensor<6xi32>
  return
}

// -----

func.func @transpose_perm(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'graph.transpose' op [0, 0] is not a permutation of [0, 2)}}
  %0 = graph.transpose %x {perm = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @transpose_rank(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'graph.transpose' op permutation [1, 0, 2] has 3 entries for an input of rank 2}}
  %0 = graph.transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @concat_dims(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) {
  // expected-error @+1 {{'graph.concat' op input 1 has shape 3x3, which differs from 2x3 in dimension 0}}
  %0 = graph.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_rank(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'graph.concat' op input 1 has rank 1, expected 2}}
  %0 = graph.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @concat_element_type(%a: tensor<2x3xf32>, %b: tensor<2x3xi32>) {
  // expected-error @+1 {{'graph.concat' op input 1 has element type i32, input 0 has f32}}
  %0 = graph.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xi32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'graph.concat' op axis 2 is out of range [0, 2)}}
  %0 = graph.concat %a, %a {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @concat_empty() {
  // expected-error @+1 {{'graph.concat' op needs at least one input}}
  %0 = graph.concat {axis = 0 : i64} : () -> tensor<2xf32>
  return
}

// -----

func.func @slice_step(%x: tensor<4xf32>) {
  // expected-error @+1 {{'graph.slice' op step of dimension 0 is 0}}
  %0 = graph.slice %x {starts = array<i64: 0>, ends = array<i64: 4>, steps = array<i64: 0>} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @slice_lengths(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{'graph.slice' op starts, ends and steps need one value per dimension (rank 2)}}
  %0 = graph.slice %x {starts = array<i64: 0>, ends = array<i64: 4>, steps = array<i64: 1>} : (tensor<4x4xf32>) -> tensor<4x4xf32>
  return
}

// -----

func.func @gather_axis(%x: tensor<4x5xf32>, %i: tensor<2xi64>) {
  // expected-error @+1 {{'graph.gather' op axis 2 is out of range [0, 2)}}
  %0 = graph.gather %x, %i {axis = 2 : i64} : (tensor<4x5xf32>, tensor<2xi64>) -> tensor<4x5xf32>
  return
}

// -----

func.func @gather_float_indices(%x: tensor<4x5xf32>, %i: tensor<2xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = graph.gather %x, %i {axis = 0 : i64} : (tensor<4x5xf32>, tensor<2xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @broadcast_to_shape(%x: tensor<3x2xf32>) {
  // expected-error @+1 {{'graph.broadcast_to' op cannot broadcast 3x2 to 3x4: dimension 2 vs 4}}
  %0 = graph.broadcast_to %x : tensor<3x2xf32> to tensor<3x4xf32>
  return
}

// -----

func.func @broadcast_to_rank(%x: tensor<1x3xf32>) {
  // expected-error @+1 {{'graph.broadcast_to' op cannot broadcast rank 2 to the lower rank 1}}
  %0 = graph.broadcast_to %x : tensor<1x3xf32> to tensor<3xf32>
  return
}

// -----

func.func @broadcast_to_element_type(%x: tensor<3xf32>) {
  // expected-error @+1 {{'graph.broadcast_to' op cannot change the element type}}
  %0 = graph.broadcast_to %x : tensor<3xf32> to tensor<2x3xf16>
  return
}

// -----

func.func @squeeze_non_one(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'graph.squeeze' op cannot squeeze dimension 0 of size 2}}
  %0 = graph.squeeze %x {axes = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @unsqueeze_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'graph.unsqueeze' op axis 3 is out of range [0, 3)}}
  %0 = graph.unsqueeze %x {axes = array<i64: 3>} : (tensor<2x3xf32>) -> tensor<2x3x1xf32>
  return
}

// -----

func.func @pad_length(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'graph.pad' op pads must have 2 * rank = 4 values, got 2}}
  %0 = graph.pad %x {pads = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @pad_negative(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'graph.pad' op padding dimension 1 gives a negative size -1}}
  %0 = graph.pad %x {pads = array<i64: 0, -2, 0, -2>} : (tensor<2x3xf32>) -> tensor<2x0xf32>
  return
}

// -----

func.func @pad_reflect(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'graph.pad' op reflect padding of 2 needs a dimension larger than the pad, dimension 0 has size 2}}
  %0 = graph.pad %x mode = reflect {pads = array<i64: 2, 0, 0, 0>} : (tensor<2x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @pad_edge_empty(%x: tensor<0x3xf32>) {
  // expected-error @+1 {{'graph.pad' op cannot pad an empty dimension in edge mode}}
  %0 = graph.pad %x mode = edge {pads = array<i64: 1, 0, 0, 0>} : (tensor<0x3xf32>) -> tensor<1x3xf32>
  return
}

// -----

func.func @flatten_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'graph.flatten' op axis 3 is out of range [0, 2]}}
  %0 = graph.flatten %x {axis = 3 : i64} : (tensor<2x3xf32>) -> tensor<6x1xf32>
  return
}

// -----

func.func @sin_int(%x: tensor<4xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 64-bit float values}}
  %0 = graph.sin %x : tensor<4xi32>
  return
}

// -----

func.func @bitwise_not_float(%x: tensor<4xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer or 8-bit unsigned integer or 16-bit unsigned integer or 32-bit unsigned integer or 64-bit unsigned integer values}}
  %0 = graph.bitwise_not %x : tensor<4xf32>
  return
}

// -----

func.func @bitwise_and_bool(%x: tensor<4xi1>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer or 8-bit unsigned integer or 16-bit unsigned integer or 32-bit unsigned integer or 64-bit unsigned integer values}}
  %0 = graph.bitwise_and %x, %x : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return
}

// -----

func.func @rem_mixed(%a: tensor<4xf32>, %b: tensor<4xf64>) {
  // expected-error @+1 {{all of {lhs, rhs, result} have same element type}}
  %0 = graph.rem %a, %b : (tensor<4xf32>, tensor<4xf64>) -> tensor<4xf32>
  return
}

// -----

func.func @rem_shapes(%a: tensor<4xi16>, %b: tensor<3xi16>) {
  // expected-error @+1 {{'graph.rem' op}}
  %0 = graph.rem %a, %b : (tensor<4xi16>, tensor<3xi16>) -> tensor<4xi16>
  return
}

// -----

// neg, abs and relu mean negative values: no unsigned operands.
func.func @neg_unsigned(%x: tensor<4xui8>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 64-bit float or 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer values}}
  %0 = graph.neg %x : tensor<4xui8>
  return
}

// -----

func.func @gather_elements_rank(%x: tensor<3x4xf32>, %i: tensor<4xi64>) {
  // expected-error @+1 {{'graph.gather_elements' op indices tensor<4xi64> and data tensor<3x4xf32> differ in rank}}
  %0 = graph.gather_elements %x, %i {axis = 0 : i64} : (tensor<3x4xf32>, tensor<4xi64>) -> tensor<4xf32>
  return
}

// -----

func.func @gather_elements_dim(%x: tensor<3x4xf32>, %i: tensor<2x5xi64>) {
  // expected-error @+1 {{'graph.gather_elements' op indices dim 1 (5) is larger than data's (4)}}
  %0 = graph.gather_elements %x, %i {axis = 0 : i64} : (tensor<3x4xf32>, tensor<2x5xi64>) -> tensor<2x5xf32>
  return
}

// -----

func.func @cumsum_axis(%x: tensor<3x4xf32>) {
  // expected-error @+1 {{'graph.cumsum' op axis 2 is out of range [0, 2)}}
  %0 = graph.cumsum %x {axis = 2 : i64} : tensor<3x4xf32>
  return
}

// -----

func.func @cumsum_bool(%x: tensor<4xi1>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of}}
  %0 = graph.cumsum %x {axis = 0 : i64} : tensor<4xi1>
  return
}

// -----

// Low-precision types are converted, not computed on.
func.func @low_precision_add(%a: tensor<4xf8E5M2>) {
  // expected-error @+1 {{'graph.add' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 64-bit float or 8-bit signless integer}}
  %0 = graph.add %a, %a : (tensor<4xf8E5M2>, tensor<4xf8E5M2>) -> tensor<4xf8E5M2>
  return
}

// -----

func.func @resize_scales(%x: tensor<2x2xf32>) {
  // expected-error @+1 {{'graph.resize' op needs one scale per dim (2), got 1}}
  %0 = graph.resize %x nearest {scales = array<f64: 2.0>} : tensor<2x2xf32> to tensor<4x4xf32>
  return
}

// -----

func.func @low_precision_reshape(%a: tensor<4xi4>) {
  // expected-error @+1 {{'graph.reshape' op operand #0 must be ranked tensor of}}
  %0 = graph.reshape %a : tensor<4xi4> to tensor<2x2xi4>
  return
}

// -----

func.func @resize_rank(%x: tensor<2x2xf32>) {
  // expected-error @+1 {{'graph.resize' op result rank 1 differs from input rank 2}}
  %0 = graph.resize %x nearest {scales = array<f64: 2.0, 2.0>} : tensor<2x2xf32> to tensor<4xf32>
  return
}

// -----

func.func @cast_not_a_graph_type(%a: tensor<4xf32>) {
  // expected-error @+1 {{'graph.cast' op result #0 must be ranked tensor of}}
  %0 = graph.cast %a : tensor<4xf32> to tensor<4xi3>
  return
}

// -----

func.func @resize_scale_positive(%x: tensor<2x2xf32>) {
  // expected-error @+1 {{'graph.resize' op scale 0.000000 of dim 1 is not positive and finite}}
  %0 = graph.resize %x nearest {scales = array<f64: 1.0, 0.0>} : tensor<2x2xf32> to tensor<2x0xf32>
  return
}

// -----

func.func @resize_empty(%x: tensor<2x0xf32>) {
  // expected-error @+1 {{'graph.resize' op dim 1 is empty in the input but has size 3 in the result}}
  %0 = graph.resize %x nearest {scales = array<f64: 1.0, 2.0>} : tensor<2x0xf32> to tensor<2x3xf32>
  return
}

// -----

func.func @resize_linear_int(%x: tensor<2x2xi32>) {
  // expected-error @+1 {{'graph.resize' op linear interpolation needs a floating-point tensor, got 'tensor<2x2xi32>'}}
  %0 = graph.resize %x linear {scales = array<f64: 2.0, 2.0>} : tensor<2x2xi32> to tensor<4x4xi32>
  return
}

// -----

func.func @resize_roi_count(%x: tensor<2x2xf32>) {
  // expected-error @+1 {{'graph.resize' op roi needs 2 * rank = 4 values, got 2}}
  %0 = graph.resize %x nearest coordinates tf_crop_and_resize {scales = array<f64: 2.0, 2.0>, roi = array<f64: 0.0, 1.0>} : tensor<2x2xf32> to tensor<4x4xf32>
  return
}

// -----

func.func @resize_roi_mode(%x: tensor<2x2xf32>) {
  // expected-error @+1 {{'graph.resize' op roi is only used by tf_crop_and_resize}}
  %0 = graph.resize %x nearest {scales = array<f64: 2.0, 2.0>, roi = array<f64: 0.0, 0.0, 1.0, 1.0>} : tensor<2x2xf32> to tensor<4x4xf32>
  return
}

// -----

func.func @resize_mode(%x: tensor<2x2xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'mode' [nearest, linear, cubic]}}
  %0 = graph.resize %x bilinear {scales = array<f64: 2.0, 2.0>} : tensor<2x2xf32> to tensor<4x4xf32>
  return
}

// -----

func.func @cumprod_axis(%x: tensor<3x4xf32>) {
  // expected-error @+1 {{'graph.cumprod' op axis -1 is out of range [0, 2)}}
  %0 = graph.cumprod %x {axis = -1 : i64} : tensor<3x4xf32>
  return
}

// -----

func.func @grid_sample_coords(%x: tensor<1x1x4x4xf32>, %g: tensor<1x2x2x3xf32>) {
  // expected-error @+1 {{'graph.grid_sample' op grid 1x2x2x3 must end in 2 coordinates}}
  %0 = graph.grid_sample %x, %g linear : (tensor<1x1x4x4xf32>, tensor<1x2x2x3xf32>) -> tensor<1x1x2x2xf32>
  return
}

// -----

func.func @grid_sample_rank(%x: tensor<1x1x4x4xf32>, %g: tensor<1x2x2xf32>) {
  // expected-error @+1 {{'graph.grid_sample' op grid 1x2x2 must have rank 4 ([N, 2 output dims, 2])}}
  %0 = graph.grid_sample %x, %g linear : (tensor<1x1x4x4xf32>, tensor<1x2x2xf32>) -> tensor<1x1x2xf32>
  return
}

// -----

func.func @grid_sample_batch(%x: tensor<2x1x4x4xf32>, %g: tensor<3x2x2x2xf32>) {
  // expected-error @+1 {{'graph.grid_sample' op grid batch 3 differs from input batch 2}}
  %0 = graph.grid_sample %x, %g linear : (tensor<2x1x4x4xf32>, tensor<3x2x2x2xf32>) -> tensor<2x1x2x2xf32>
  return
}

// -----

func.func @grid_sample_int(%x: tensor<1x1x4x4xi32>, %g: tensor<1x2x2x2xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of}}
  %0 = graph.grid_sample %x, %g linear : (tensor<1x1x4x4xi32>, tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xi32>
  return
}
