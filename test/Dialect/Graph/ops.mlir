// Round trip of every graph op: custom form, and through the generic form.
// RUN: strata-opt %s | strata-opt | FileCheck %s
// RUN: strata-opt %s --mlir-print-op-generic | strata-opt | FileCheck %s

// CHECK-LABEL: func.func @constant
func.func @constant() -> (tensor<2x2xf32>, tensor<3xi64>, tensor<i1>, tensor<2xbf16>, tensor<2xf16>, tensor<2xi8>, tensor<2xi32>) {
  // CHECK: graph.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
  %0 = graph.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  // CHECK: graph.constant dense<[1, 2, 3]> : tensor<3xi64>
  %1 = graph.constant dense<[1, 2, 3]> : tensor<3xi64>
  // CHECK: graph.constant dense<true> : tensor<i1>
  %2 = graph.constant dense<true> : tensor<i1>
  // CHECK: graph.constant dense<{{.*}}> : tensor<2xbf16>
  %3 = graph.constant dense<[1.0, 2.0]> : tensor<2xbf16>
  // CHECK: graph.constant dense<{{.*}}> : tensor<2xf16>
  %4 = graph.constant dense<[1.0, 2.0]> : tensor<2xf16>
  // CHECK: graph.constant dense<[1, -2]> : tensor<2xi8>
  %5 = graph.constant dense<[1, -2]> : tensor<2xi8>
  // CHECK: graph.constant dense<7> : tensor<2xi32>
  %6 = graph.constant dense<7> : tensor<2xi32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<2x2xf32>, tensor<3xi64>, tensor<i1>, tensor<2xbf16>, tensor<2xf16>, tensor<2xi8>, tensor<2xi32>
}

// CHECK-LABEL: func.func @unary
func.func @unary(%x: tensor<2x?xf32>, %i: tensor<4xi32>, %h: tensor<3xf16>) {
  // CHECK: graph.exp %{{.*}} : tensor<2x?xf32>
  %0 = graph.exp %x : tensor<2x?xf32>
  // CHECK: graph.log
  %1 = graph.log %x : tensor<2x?xf32>
  // CHECK: graph.tanh
  %2 = graph.tanh %x : tensor<2x?xf32>
  // CHECK: graph.sigmoid
  %3 = graph.sigmoid %x : tensor<2x?xf32>
  // CHECK: graph.relu %{{.*}} : tensor<2x?xf32>
  %4 = graph.relu %x : tensor<2x?xf32>
  // CHECK: graph.relu %{{.*}} : tensor<4xi32>
  %5 = graph.relu %i : tensor<4xi32>
  // CHECK: graph.gelu %{{.*}} : tensor<2x?xf32>
  %6 = graph.gelu %x : tensor<2x?xf32>
  // CHECK: graph.gelu %{{.*}} approximate = tanh : tensor<3xf16>
  %7 = graph.gelu %h approximate = tanh : tensor<3xf16>
  // CHECK: graph.erf
  %8 = graph.erf %x : tensor<2x?xf32>
  // CHECK: graph.sqrt
  %9 = graph.sqrt %x : tensor<2x?xf32>
  // CHECK: graph.rsqrt
  %10 = graph.rsqrt %x : tensor<2x?xf32>
  // CHECK: graph.neg %{{.*}} : tensor<4xi32>
  %11 = graph.neg %i : tensor<4xi32>
  // CHECK: graph.abs %{{.*}} : tensor<4xi32>
  %12 = graph.abs %i : tensor<4xi32>
  // CHECK: graph.floor
  %13 = graph.floor %x : tensor<2x?xf32>
  // CHECK: graph.ceil
  %14 = graph.ceil %x : tensor<2x?xf32>
  return
}

// CHECK-LABEL: func.func @unary_more
func.func @unary_more(%x: tensor<2x?xf32>, %d: tensor<3xf64>, %i: tensor<4xi16>) {
  // CHECK: graph.sin %{{.*}} : tensor<2x?xf32>
  %0 = graph.sin %x : tensor<2x?xf32>
  // CHECK: graph.cos
  %1 = graph.cos %x : tensor<2x?xf32>
  // CHECK: graph.tan
  %2 = graph.tan %x : tensor<2x?xf32>
  // CHECK: graph.asin
  %3 = graph.asin %x : tensor<2x?xf32>
  // CHECK: graph.acos
  %4 = graph.acos %x : tensor<2x?xf32>
  // CHECK: graph.atan
  %5 = graph.atan %x : tensor<2x?xf32>
  // CHECK: graph.sinh
  %6 = graph.sinh %x : tensor<2x?xf32>
  // CHECK: graph.cosh
  %7 = graph.cosh %x : tensor<2x?xf32>
  // CHECK: graph.asinh
  %8 = graph.asinh %x : tensor<2x?xf32>
  // CHECK: graph.acosh
  %9 = graph.acosh %x : tensor<2x?xf32>
  // CHECK: graph.atanh %{{.*}} : tensor<3xf64>
  %10 = graph.atanh %d : tensor<3xf64>
  // CHECK: graph.round %{{.*}} : tensor<3xf64>
  %11 = graph.round %d : tensor<3xf64>
  // CHECK: graph.bitwise_not %{{.*}} : tensor<4xi16>
  %12 = graph.bitwise_not %i : tensor<4xi16>
  return
}

// CHECK-LABEL: func.func @binary_more
func.func @binary_more(%a: tensor<2x3xf64>, %b: tensor<3xf64>, %i: tensor<4xi16>, %j: tensor<i16>) {
  // CHECK: graph.rem %{{.*}}, %{{.*}} : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
  %0 = graph.rem %a, %b : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
  // CHECK: graph.rem %{{.*}}, %{{.*}} : (tensor<4xi16>, tensor<i16>) -> tensor<4xi16>
  %1 = graph.rem %i, %j : (tensor<4xi16>, tensor<i16>) -> tensor<4xi16>
  // CHECK: graph.bitwise_and %{{.*}}, %{{.*}} : (tensor<4xi16>, tensor<i16>) -> tensor<4xi16>
  %2 = graph.bitwise_and %i, %j : (tensor<4xi16>, tensor<i16>) -> tensor<4xi16>
  // CHECK: graph.bitwise_or
  %3 = graph.bitwise_or %i, %i : (tensor<4xi16>, tensor<4xi16>) -> tensor<4xi16>
  // CHECK: graph.bitwise_xor
  %4 = graph.bitwise_xor %i, %i : (tensor<4xi16>, tensor<4xi16>) -> tensor<4xi16>
  return
}

// CHECK-LABEL: func.func @binary
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %c: tensor<?x1xf32>, %i: tensor<4xi64>) {
  // CHECK: graph.add %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = graph.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: graph.sub %{{.*}}, %{{.*}} : (tensor<?x1xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %1 = graph.sub %c, %b : (tensor<?x1xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  // A stated type may be more static than the inferred one.
  // CHECK: graph.mul %{{.*}}, %{{.*}} : (tensor<?x1xf32>, tensor<3xf32>) -> tensor<5x3xf32>
  %2 = graph.mul %c, %b : (tensor<?x1xf32>, tensor<3xf32>) -> tensor<5x3xf32>
  // CHECK: graph.div %{{.*}}, %{{.*}} : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %3 = graph.div %i, %i : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  // CHECK: graph.pow
  %4 = graph.pow %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: graph.max
  %5 = graph.max %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: graph.min
  %6 = graph.min %i, %i : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return
}

// CHECK-LABEL: func.func @compare_select_cast
func.func @compare_select_cast(%a: tensor<2x3xf32>, %b: tensor<f32>) -> tensor<2x3xi32> {
  // CHECK: graph.compare eq, %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xi1>
  %0 = graph.compare eq, %a, %b : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xi1>
  // CHECK: graph.compare ne
  %1 = graph.compare ne, %a, %b : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xi1>
  // CHECK: graph.compare lt
  %2 = graph.compare lt, %a, %b : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xi1>
  // CHECK: graph.compare le
  %3 = graph.compare le, %a, %b : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xi1>
  // CHECK: graph.compare gt
  %4 = graph.compare gt, %a, %b : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xi1>
  // CHECK: graph.compare ge
  %5 = graph.compare ge, %a, %b : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xi1>
  // CHECK: graph.select %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %6 = graph.select %5, %a, %b : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  // CHECK: graph.cast %{{.*}} : tensor<2x3xf32> to tensor<2x3xi32>
  %7 = graph.cast %6 : tensor<2x3xf32> to tensor<2x3xi32>
  return %7 : tensor<2x3xi32>
}

// CHECK-LABEL: func.func @contractions
func.func @contractions(%a: tensor<4x2x3xf32>, %b: tensor<3x5xf32>, %v: tensor<3xf32>, %m: tensor<3x2xf32>, %n: tensor<5x3xf32>, %c: tensor<5xf32>) {
  // CHECK: graph.matmul %{{.*}}, %{{.*}} : (tensor<4x2x3xf32>, tensor<3x5xf32>) -> tensor<4x2x5xf32>
  %0 = graph.matmul %a, %b : (tensor<4x2x3xf32>, tensor<3x5xf32>) -> tensor<4x2x5xf32>
  // CHECK: graph.matmul %{{.*}}, %{{.*}} : (tensor<3xf32>, tensor<3x5xf32>) -> tensor<5xf32>
  %1 = graph.matmul %v, %b : (tensor<3xf32>, tensor<3x5xf32>) -> tensor<5xf32>
  // CHECK: graph.gemm %{{.*}}, %{{.*}}, %{{.*}} {alpha = 5.000000e-01 : f32, trans_a = true, trans_b = true} : (tensor<3x2xf32>, tensor<5x3xf32>, tensor<5xf32>) -> tensor<2x5xf32>
  %2 = graph.gemm %m, %n, %c {alpha = 0.5 : f32, trans_a = true, trans_b = true} : (tensor<3x2xf32>, tensor<5x3xf32>, tensor<5xf32>) -> tensor<2x5xf32>
  // CHECK: graph.gemm %{{.*}}, %{{.*}} : (tensor<3x2xf32>, tensor<2x5xf32>) -> tensor<3x5xf32>
  %3 = graph.gemm %m, %2 : (tensor<3x2xf32>, tensor<2x5xf32>) -> tensor<3x5xf32>
  return
}

// CHECK-LABEL: func.func @windows
func.func @windows(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>, %bias: tensor<6xf32>) {
  // CHECK: graph.conv2d %{{.*}}, %{{.*}}, %{{.*}} {groups = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x4x4xf32>
  %0 = graph.conv2d %x, %w, %bias {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, groups = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x4x4xf32>
  // CHECK: graph.max_pool2d %{{.*}} {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  %1 = graph.max_pool2d %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  // CHECK: graph.avg_pool2d %{{.*}} {ceil_mode = true, count_include_pad = true, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x5x5xf32>
  %2 = graph.avg_pool2d %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = true, count_include_pad = true} : (tensor<1x4x8x8xf32>) -> tensor<1x4x5x5xf32>
  // CHECK: graph.global_max_pool %{{.*}} : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  %3 = graph.global_max_pool %x : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  // CHECK: graph.global_avg_pool %{{.*}} : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  %4 = graph.global_avg_pool %x : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  return
}

// CHECK-LABEL: func.func @reductions
func.func @reductions(%x: tensor<2x3x4xf32>, %i: tensor<2x3xi32>) {
  // CHECK: graph.reduce_sum %{{.*}} {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  %0 = graph.reduce_sum %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  // CHECK: graph.reduce_mean %{{.*}} {axes = array<i64: 0, 2>} : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
  %1 = graph.reduce_mean %x {axes = array<i64: 0, 2>} : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
  // CHECK: graph.reduce_max
  %2 = graph.reduce_max %x {axes = array<i64: 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  // CHECK: graph.reduce_min
  %3 = graph.reduce_min %i {axes = array<i64: 0, 1>, keepdims = false} : (tensor<2x3xi32>) -> tensor<i32>
  // CHECK: graph.reduce_prod
  %4 = graph.reduce_prod %x {axes = array<i64>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  // CHECK: graph.argmax %{{.*}} {axis = 1 : i64, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x4xi64>
  %5 = graph.argmax %x {axis = 1 : i64, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x4xi64>
  // CHECK: graph.argmin %{{.*}} {axis = 0 : i64, select_last_index = true} : (tensor<2x3xi32>) -> tensor<1x3xi64>
  %6 = graph.argmin %i {axis = 0 : i64, select_last_index = true} : (tensor<2x3xi32>) -> tensor<1x3xi64>
  return
}

// CHECK-LABEL: func.func @normalizations
func.func @normalizations(%x: tensor<2x3x4xf32>, %s: tensor<4xf32>, %c: tensor<3xf32>, %img: tensor<1x3x5x5xf32>) {
  // CHECK: graph.softmax %{{.*}} {axis = 2 : i64} : tensor<2x3x4xf32>
  %0 = graph.softmax %x {axis = 2 : i64} : tensor<2x3x4xf32>
  // CHECK: graph.log_softmax %{{.*}} {axis = 0 : i64} : tensor<2x3x4xf32>
  %1 = graph.log_softmax %x {axis = 0 : i64} : tensor<2x3x4xf32>
  // CHECK: graph.layer_norm %{{.*}}, %{{.*}}, %{{.*}} {axis = 2 : i64, epsilon = 9.99999997E-7 : f32} : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %2 = graph.layer_norm %x, %s, %s {axis = 2 : i64, epsilon = 1.0e-6 : f32} : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  // CHECK: graph.layer_norm %{{.*}}, %{{.*}} {axis = 2 : i64} : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %3 = graph.layer_norm %x, %s {axis = 2 : i64} : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  // CHECK: graph.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32} : (tensor<1x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x5x5xf32>
  %4 = graph.batch_norm %img, %c, %c, %c, %c {epsilon = 1.0e-3 : f32} : (tensor<1x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x5x5xf32>
  return
}

// CHECK-LABEL: func.func @data_movement
func.func @data_movement(%x: tensor<2x3x4xf32>, %y: tensor<2x5x4xf32>, %idx: tensor<6xi64>, %d: tensor<?x4xf32>) {
  // CHECK: graph.reshape %{{.*}} : tensor<2x3x4xf32> to tensor<6x4xf32>
  %0 = graph.reshape %x : tensor<2x3x4xf32> to tensor<6x4xf32>
  // CHECK: graph.reshape %{{.*}} : tensor<?x4xf32> to tensor<?xf32>
  %1 = graph.reshape %d : tensor<?x4xf32> to tensor<?xf32>
  // CHECK: graph.transpose %{{.*}} {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %2 = graph.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  // CHECK: graph.concat %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x5x4xf32>) -> tensor<2x8x4xf32>
  %3 = graph.concat %x, %y {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x5x4xf32>) -> tensor<2x8x4xf32>
  // CHECK: graph.slice %{{.*}} {ends = array<i64: 2, 3, -1>, starts = array<i64: 0, 1, 0>, steps = array<i64: 1, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<2x2x2xf32>
  %4 = graph.slice %x {starts = array<i64: 0, 1, 0>, ends = array<i64: 2, 3, -1>, steps = array<i64: 1, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<2x2x2xf32>
  // CHECK: graph.gather %{{.*}}, %{{.*}} {axis = 2 : i64} : (tensor<2x3x4xf32>, tensor<6xi64>) -> tensor<2x3x6xf32>
  %5 = graph.gather %x, %idx {axis = 2 : i64} : (tensor<2x3x4xf32>, tensor<6xi64>) -> tensor<2x3x6xf32>
  // CHECK: graph.broadcast_to %{{.*}} : tensor<?x4xf32> to tensor<3x5x4xf32>
  %6 = graph.broadcast_to %d : tensor<?x4xf32> to tensor<3x5x4xf32>
  // CHECK: graph.unsqueeze %{{.*}} {axes = array<i64: 0, 3>} : (tensor<2x3x4xf32>) -> tensor<1x2x3x1x4xf32>
  %7 = graph.unsqueeze %x {axes = array<i64: 0, 3>} : (tensor<2x3x4xf32>) -> tensor<1x2x3x1x4xf32>
  // CHECK: graph.squeeze %{{.*}} {axes = array<i64: 0, 3>} : (tensor<1x2x3x1x4xf32>) -> tensor<2x3x4xf32>
  %8 = graph.squeeze %7 {axes = array<i64: 0, 3>} : (tensor<1x2x3x1x4xf32>) -> tensor<2x3x4xf32>
  // CHECK: graph.pad %{{.*}} {pads = array<i64: 0, 1, 0, 0, 1, 2>, value = 5.000000e-01 : f64} : (tensor<2x3x4xf32>) -> tensor<2x5x6xf32>
  %9 = graph.pad %x {pads = array<i64: 0, 1, 0, 0, 1, 2>, value = 0.5 : f64} : (tensor<2x3x4xf32>) -> tensor<2x5x6xf32>
  // CHECK: graph.pad %{{.*}} mode = edge {pads = array<i64: 0, 0, 0, 0, 0, -1>} : (tensor<2x3x4xf32>) -> tensor<2x3x3xf32>
  %10 = graph.pad %x mode = edge {pads = array<i64: 0, 0, 0, 0, 0, -1>} : (tensor<2x3x4xf32>) -> tensor<2x3x3xf32>
  // CHECK: graph.flatten %{{.*}} : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
  %11 = graph.flatten %x : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
  // CHECK: graph.flatten %{{.*}} {axis = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<1x24xf32>
  %12 = graph.flatten %x {axis = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<1x24xf32>
  return
}

// Unsigned integers (ONNX UINT8..UINT64) are builtin ui8..ui64.
// CHECK-LABEL: func.func @unsigned
func.func @unsigned(%a: tensor<4xui8>, %b: tensor<4xui16>, %c: tensor<4xui32>, %d: tensor<4xui64>) -> (tensor<4xui8>, tensor<4xi1>, tensor<4xf32>, tensor<4xui64>) {
  // CHECK: graph.constant dense<[1, 2, 255, 0]> : tensor<4xui8>
  %k = graph.constant dense<[1, 2, 255, 0]> : tensor<4xui8>
  // CHECK: graph.div %{{.*}}, %{{.*}} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %0 = graph.div %a, %k : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  // CHECK: graph.compare lt
  %1 = graph.compare lt, %b, %b : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xi1>
  // CHECK: graph.cast %{{.*}} : tensor<4xui32> to tensor<4xf32>
  %2 = graph.cast %c : tensor<4xui32> to tensor<4xf32>
  // CHECK: graph.bitwise_xor %{{.*}}, %{{.*}} : (tensor<4xui64>, tensor<4xui64>) -> tensor<4xui64>
  %3 = graph.bitwise_xor %d, %d : (tensor<4xui64>, tensor<4xui64>) -> tensor<4xui64>
  return %0, %1, %2, %3 : tensor<4xui8>, tensor<4xi1>, tensor<4xf32>, tensor<4xui64>
}

// CHECK-LABEL: func.func @shifts
func.func @shifts(%a: tensor<4xui8>, %b: tensor<ui8>, %c: tensor<4xi32>) -> (tensor<4xui8>, tensor<4xi32>) {
  // CHECK: graph.shift_left %{{.*}}, %{{.*}} : (tensor<4xui8>, tensor<ui8>) -> tensor<4xui8>
  %0 = graph.shift_left %a, %b : (tensor<4xui8>, tensor<ui8>) -> tensor<4xui8>
  // CHECK: graph.shift_right %{{.*}}, %{{.*}} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = graph.shift_right %c, %c : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0, %1 : tensor<4xui8>, tensor<4xi32>
}

// CHECK-LABEL: func.func @gather_elements_cumsum
func.func @gather_elements_cumsum(%x: tensor<3x4xf32>, %i: tensor<2x4xi64>, %u: tensor<5xui32>) -> (tensor<2x4xf32>, tensor<3x4xf32>, tensor<5xui32>) {
  // CHECK: graph.gather_elements %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<3x4xf32>, tensor<2x4xi64>) -> tensor<2x4xf32>
  %0 = graph.gather_elements %x, %i {axis = 0 : i64} : (tensor<3x4xf32>, tensor<2x4xi64>) -> tensor<2x4xf32>
  // CHECK: graph.cumsum %{{.*}} {axis = 1 : i64, exclusive = true, reverse = true} : tensor<3x4xf32>
  %1 = graph.cumsum %x {axis = 1 : i64, exclusive = true, reverse = true} : tensor<3x4xf32>
  // CHECK: graph.cumsum %{{.*}} {axis = 0 : i64} : tensor<5xui32>
  %2 = graph.cumsum %u {axis = 0 : i64} : tensor<5xui32>
  return %0, %1, %2 : tensor<2x4xf32>, tensor<3x4xf32>, tensor<5xui32>
}

// Low-precision types appear only as graph.cast operands and results.
// CHECK-LABEL: func.func @low_precision_cast
func.func @low_precision_cast(%a: tensor<4xf32>, %b: tensor<4xi4>, %c: tensor<4xf8E8M0FNU>) -> (tensor<4xf8E4M3FN>, tensor<4xf16>, tensor<4xui2>, tensor<4xf4E2M1FN>, tensor<4xf32>) {
  // CHECK: graph.cast %{{.*}} : tensor<4xf32> to tensor<4xf8E4M3FN>
  %0 = graph.cast %a : tensor<4xf32> to tensor<4xf8E4M3FN>
  // CHECK: graph.cast %{{.*}} : tensor<4xi4> to tensor<4xf16>
  %1 = graph.cast %b : tensor<4xi4> to tensor<4xf16>
  // CHECK: graph.cast %{{.*}} : tensor<4xf8E4M3FN> to tensor<4xui2>
  %2 = graph.cast %0 : tensor<4xf8E4M3FN> to tensor<4xui2>
  // CHECK: graph.cast %{{.*}} : tensor<4xui2> to tensor<4xf4E2M1FN>
  %3 = graph.cast %2 : tensor<4xui2> to tensor<4xf4E2M1FN>
  // CHECK: graph.cast %{{.*}} : tensor<4xf8E8M0FNU> to tensor<4xf32>
  %4 = graph.cast %c : tensor<4xf8E8M0FNU> to tensor<4xf32>
  return %0, %1, %2, %3, %4 : tensor<4xf8E4M3FN>, tensor<4xf16>, tensor<4xui2>, tensor<4xf4E2M1FN>, tensor<4xf32>
}

// CHECK-LABEL: func.func @resize
func.func @resize(%x: tensor<1x1x2x2xf32>, %i: tensor<2x3xi8>) -> (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>, tensor<4x6xi8>, tensor<1x1x4x4xf32>) {
  // CHECK: graph.resize %{{.*}} linear {scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  %0 = graph.resize %x linear {scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  // CHECK: graph.resize %{{.*}} cubic coordinates align_corners {antialias = true, cubic_coeff_a = -5.000000e-01 : f64, exclude_outside = true, scales = array<f64: 1.000000e+00, 1.000000e+00, 1.500000e+00, 1.500000e+00>}
  %1 = graph.resize %x cubic coordinates align_corners {scales = array<f64: 1.0, 1.0, 1.5, 1.5>, cubic_coeff_a = -0.5 : f64, exclude_outside = true, antialias = true} : tensor<1x1x2x2xf32> to tensor<1x1x3x3xf32>
  // CHECK: graph.resize %{{.*}} nearest coordinates asymmetric nearest_mode floor {scales = array<f64: 2.000000e+00, 2.000000e+00>} : tensor<2x3xi8> to tensor<4x6xi8>
  %2 = graph.resize %i nearest coordinates asymmetric nearest_mode floor {scales = array<f64: 2.0, 2.0>} : tensor<2x3xi8> to tensor<4x6xi8>
  // CHECK: graph.resize %{{.*}} nearest coordinates tf_crop_and_resize {extrapolation_value = 1.000000e+01 : f64, roi = array<f64: 0.000000e+00, 0.000000e+00, 4.000000e-01, 6.000000e-01, 1.000000e+00, 1.000000e+00, 6.000000e-01, 8.000000e-01>, scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>}
  %3 = graph.resize %x nearest coordinates tf_crop_and_resize {scales = array<f64: 1.0, 1.0, 2.0, 2.0>, roi = array<f64: 0.0, 0.0, 0.4, 0.6, 1.0, 1.0, 0.6, 0.8>, extrapolation_value = 10.0 : f64} : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  return %0, %1, %2, %3 : tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>, tensor<4x6xi8>, tensor<1x1x4x4xf32>
}

// CHECK-LABEL: func.func @cumprod
func.func @cumprod(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // CHECK: graph.cumprod %{{.*}} {axis = 0 : i64, reverse = true} : tensor<3x4xf32>
  %0 = graph.cumprod %x {axis = 0 : i64, reverse = true} : tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// CHECK-LABEL: func.func @grid_sample
func.func @grid_sample(%x: tensor<2x3x4x5xf32>, %g: tensor<2x6x7x2xf32>, %v: tensor<1x1x2x3x4xf16>, %w: tensor<1x5x5x5x3xf16>) -> (tensor<2x3x6x7xf32>, tensor<1x1x5x5x5xf16>) {
  // CHECK: graph.grid_sample %{{.*}}, %{{.*}} linear : (tensor<2x3x4x5xf32>, tensor<2x6x7x2xf32>) -> tensor<2x3x6x7xf32>
  %0 = graph.grid_sample %x, %g linear : (tensor<2x3x4x5xf32>, tensor<2x6x7x2xf32>) -> tensor<2x3x6x7xf32>
  // CHECK: graph.grid_sample %{{.*}}, %{{.*}} cubic padding reflection {align_corners = true} : (tensor<1x1x2x3x4xf16>, tensor<1x5x5x5x3xf16>) -> tensor<1x1x5x5x5xf16>
  %1 = graph.grid_sample %v, %w cubic padding reflection {align_corners = true} : (tensor<1x1x2x3x4xf16>, tensor<1x5x5x5x3xf16>) -> tensor<1x1x5x5x5xf16>
  return %0, %1 : tensor<2x3x6x7xf32>, tensor<1x1x5x5x5xf16>
}
