// Folders and canonicalization patterns of the graph dialect.
// RUN: strata-opt %s -split-input-file -canonicalize | FileCheck %s

// CHECK-LABEL: func.func @fold_float_arith
// ((1 + 3) * 2 - 1) - 1 = 6 and ((2 + 4) * 2 - 2) - 2 = 8.
// CHECK-DAG: %[[A:.*]] = graph.constant dense<[6.000000e+00, 8.000000e+00]> : tensor<2xf32>
// CHECK: return %[[A]]
func.func @fold_float_arith() -> tensor<2xf32> {
  %a = graph.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = graph.constant dense<[3.0, 4.0]> : tensor<2xf32>
  %c = graph.add %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %d = graph.constant dense<2.0> : tensor<2xf32>
  %e = graph.mul %c, %d : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %f = graph.sub %e, %a : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %g = graph.sub %f, %a : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %g : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @fold_int_arith
// CHECK: graph.constant dense<[3, -3, 2]> : tensor<3xi32>
func.func @fold_int_arith() -> tensor<3xi32> {
  %a = graph.constant dense<[7, -7, 5]> : tensor<3xi32>
  %b = graph.constant dense<[2, 2, 2]> : tensor<3xi32>
  // Integer division truncates toward zero.
  %c = graph.div %a, %b : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return %c : tensor<3xi32>
}

// -----

// CHECK-LABEL: func.func @no_fold_div_by_zero
// CHECK: graph.div
func.func @no_fold_div_by_zero() -> tensor<2xi32> {
  %a = graph.constant dense<[7, 1]> : tensor<2xi32>
  %b = graph.constant dense<[0, 1]> : tensor<2xi32>
  %c = graph.div %a, %b : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return %c : tensor<2xi32>
}

// -----

// CHECK-LABEL: func.func @fold_unary
// CHECK-DAG: graph.constant dense<[0.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK-DAG: graph.constant dense<2.000000e+00> : tensor<2xf32>
// CHECK-DAG: graph.constant dense<[0, 3]> : tensor<2xi32>
// CHECK-DAG: graph.constant dense<5.000000e-01> : tensor<2xf32>
// CHECK-NOT: graph.relu
// CHECK-NOT: graph.exp
func.func @fold_unary() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xi32>, tensor<2xf32>) {
  %z = graph.constant dense<[-5.0, 0.0]> : tensor<2xf32>
  %e = graph.exp %z : tensor<2xf32>
  %l = graph.floor %e : tensor<2xf32>
  %x = graph.constant dense<[1.2, 1.5]> : tensor<2xf32>
  %c = graph.ceil %x : tensor<2xf32>
  %i = graph.constant dense<[-4, 3]> : tensor<2xi32>
  %r = graph.relu %i : tensor<2xi32>
  %zero = graph.constant dense<0.0> : tensor<2xf32>
  %s = graph.sigmoid %zero : tensor<2xf32>
  return %l, %c, %r, %s : tensor<2xf32>, tensor<2xf32>, tensor<2xi32>, tensor<2xf32>
}

// -----

// x * 1, x / 1 and x - 0 are x; x + (-0.0) is x; x + 0.0 is not (-0.0 + 0.0 = +0.0).
// CHECK-LABEL: func.func @identities
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK: %[[ADD:.*]] = graph.add %[[X]]
// CHECK: return %[[X]], %[[X]], %[[X]], %[[X]], %[[ADD]]
func.func @identities(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %one = graph.constant dense<1.0> : tensor<4xf32>
  %zero = graph.constant dense<0.0> : tensor<4xf32>
  %nzero = graph.constant dense<-0.0> : tensor<4xf32>
  %0 = graph.mul %x, %one : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = graph.div %x, %one : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = graph.sub %x, %zero : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = graph.add %x, %nzero : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %4 = graph.add %x, %zero : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2, %3, %4 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// A broadcasting identity changes the shape and must stay.
// CHECK-LABEL: func.func @broadcasting_identity_kept
// CHECK: graph.mul
func.func @broadcasting_identity_kept(%x: tensor<4xf32>) -> tensor<2x4xf32> {
  %one = graph.constant dense<1.0> : tensor<2x4xf32>
  %0 = graph.mul %x, %one : (tensor<4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @fold_cast
// CHECK-DAG: graph.constant dense<[1, -2, 0]> : tensor<3xi32>
// CHECK-DAG: graph.constant dense<[true, true, false]> : tensor<3xi1>
func.func @fold_cast() -> (tensor<3xi32>, tensor<3xi1>) {
  %a = graph.constant dense<[1.9, -2.7, 0.0]> : tensor<3xf32>
  %b = graph.cast %a : tensor<3xf32> to tensor<3xi32>
  %c = graph.cast %a : tensor<3xf32> to tensor<3xi1>
  return %b, %c : tensor<3xi32>, tensor<3xi1>
}

// -----

// Casts to float8 fold with the kernel's rules: round to nearest even, out of
// range is NaN (f8E4M3FN) and -0 is +0 (FNUZ); to f8E8M0FNU they round up.
// f4E2M1FN has no NaN or infinity, so non-finite values are left to run time.
// CHECK-LABEL: func.func @fold_cast_low_precision
// CHECK-DAG: graph.constant dense<[1.000000e+00, 0x7F, 0x7F]> : tensor<3xf8E4M3FN>
// CHECK-DAG: graph.constant dense<[1.000000e+00, 0.000000e+00]> : tensor<2xf8E5M2FNUZ>
// CHECK-DAG: graph.constant dense<[2.000000e+00, 5.877470e-39]> : tensor<2xf8E8M0FNU>
// CHECK-DAG: %[[INF:.*]] = graph.constant dense<[0x7F800000, 1.000000e+00]> : tensor<2xf32>
// CHECK-DAG: graph.cast %[[INF]] : tensor<2xf32> to tensor<2xf4E2M1FN>
func.func @fold_cast_low_precision() -> (tensor<3xf8E4M3FN>, tensor<2xf8E5M2FNUZ>, tensor<2xf8E8M0FNU>, tensor<2xf4E2M1FN>) {
  %a = graph.constant dense<[1.03, 500.0, 0x7FC00000]> : tensor<3xf32>
  %0 = graph.cast %a : tensor<3xf32> to tensor<3xf8E4M3FN>
  %b = graph.constant dense<[1.0, -0.0]> : tensor<2xf32>
  %1 = graph.cast %b : tensor<2xf32> to tensor<2xf8E5M2FNUZ>
  %c = graph.constant dense<[1.1, 0.0]> : tensor<2xf32>
  %2 = graph.cast %c : tensor<2xf32> to tensor<2xf8E8M0FNU>
  %d = graph.constant dense<[0x7F800000, 1.0]> : tensor<2xf32>
  %3 = graph.cast %d : tensor<2xf32> to tensor<2xf4E2M1FN>
  return %0, %1, %2, %3 : tensor<3xf8E4M3FN>, tensor<2xf8E5M2FNUZ>, tensor<2xf8E8M0FNU>, tensor<2xf4E2M1FN>
}

// -----

// CHECK-LABEL: func.func @identity_casts_and_shapes
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NOT: graph.
// CHECK: return %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]]
func.func @identity_casts_and_shapes(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = graph.cast %x : tensor<2x3xf32> to tensor<2x3xf32>
  %1 = graph.reshape %x : tensor<2x3xf32> to tensor<2x3xf32>
  %2 = graph.transpose %x {perm = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = graph.broadcast_to %x : tensor<2x3xf32> to tensor<2x3xf32>
  %4 = graph.pad %x {pads = array<i64: 0, 0, 0, 0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = graph.concat %x {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @compose_reshapes
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[R:.*]] = graph.reshape %[[X]] : tensor<2x3x4xf32> to tensor<24xf32>
// CHECK: return %[[R]]
func.func @compose_reshapes(%x: tensor<2x3x4xf32>) -> tensor<24xf32> {
  %0 = graph.reshape %x : tensor<2x3x4xf32> to tensor<6x4xf32>
  %1 = graph.reshape %0 : tensor<6x4xf32> to tensor<24xf32>
  return %1 : tensor<24xf32>
}

// -----

// CHECK-LABEL: func.func @compose_transposes
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[T:.*]] = graph.transpose %[[X]] {perm = array<i64: 1, 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
// CHECK: return %[[T]]
func.func @compose_transposes(%x: tensor<2x3x4xf32>) -> tensor<3x4x2xf32> {
  %0 = graph.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %1 = graph.transpose %0 {perm = array<i64: 2, 0, 1>} : (tensor<4x2x3xf32>) -> tensor<3x4x2xf32>
  return %1 : tensor<3x4x2xf32>
}

// -----

// Transposes that undo each other vanish.
// CHECK-LABEL: func.func @inverse_transposes
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @inverse_transposes(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = graph.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %1 = graph.transpose %0 {perm = array<i64: 1, 0>} : (tensor<3x2xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @fold_constant_transpose
// CHECK: graph.constant dense<{{\[\[}}1, 4], [2, 5], [3, 6]]> : tensor<3x2xi32>
func.func @fold_constant_transpose() -> tensor<3x2xi32> {
  %a = graph.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %t = graph.transpose %a {perm = array<i64: 1, 0>} : (tensor<2x3xi32>) -> tensor<3x2xi32>
  return %t : tensor<3x2xi32>
}

// -----

// CHECK-LABEL: func.func @fold_constant_reshapes
// CHECK-DAG: graph.constant dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi32>
// CHECK-DAG: graph.constant dense<{{\[\[}}1, 2, 3, 4, 5, 6]]> : tensor<1x6xi32>
// CHECK-DAG: graph.constant dense<7.000000e+00> : tensor<4x6xf32>
func.func @fold_constant_reshapes() -> (tensor<6xi32>, tensor<1x6xi32>, tensor<4x6xf32>) {
  %a = graph.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %r = graph.reshape %a : tensor<2x3xi32> to tensor<6xi32>
  %u = graph.unsqueeze %r {axes = array<i64: 0>} : (tensor<6xi32>) -> tensor<1x6xi32>
  %s = graph.constant dense<7.0> : tensor<6xf32>
  %b = graph.broadcast_to %s : tensor<6xf32> to tensor<4x6xf32>
  return %r, %u, %b : tensor<6xi32>, tensor<1x6xi32>, tensor<4x6xf32>
}

// -----

// Large non-splat constants are left for the kernels.
// CHECK-LABEL: func.func @no_fold_large
// CHECK: graph.exp
func.func @no_fold_large(%x: tensor<20000xf32>) -> tensor<20000xf32> {
  %c = graph.add %x, %x : (tensor<20000xf32>, tensor<20000xf32>) -> tensor<20000xf32>
  %e = graph.exp %c : tensor<20000xf32>
  return %e : tensor<20000xf32>
}

// -----

// CHECK-LABEL: func.func @fold_rem_bitwise
// CHECK-DAG: graph.constant dense<[1, -1, 2]> : tensor<3xi32>
// CHECK-DAG: graph.constant dense<[3, 1, 1]> : tensor<3xi32>
// CHECK-DAG: graph.constant dense<[-8, 6, -6]> : tensor<3xi32>
// CHECK-DAG: graph.constant dense<[1.000000e+00, -1.000000e+00]> : tensor<2xf32>
// CHECK-NOT: graph.rem
// CHECK-NOT: graph.bitwise
func.func @fold_rem_bitwise() -> (tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<2xf32>) {
  %a = graph.constant dense<[7, -7, 5]> : tensor<3xi32>
  %b = graph.constant dense<[3, 3, 3]> : tensor<3xi32>
  // The remainder has the dividend's sign.
  %r = graph.rem %a, %b : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  %and = graph.bitwise_and %a, %b : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  %n = graph.bitwise_not %a : tensor<3xi32>
  %x = graph.constant dense<[5.5, -5.5]> : tensor<2xf32>
  %y = graph.constant dense<[1.5, 1.5]> : tensor<2xf32>
  %f = graph.rem %x, %y : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %r, %and, %n, %f : tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @no_fold_rem_by_zero
// CHECK: graph.rem
func.func @no_fold_rem_by_zero() -> tensor<2xi32> {
  %a = graph.constant dense<[7, 1]> : tensor<2xi32>
  %b = graph.constant dense<[0, 1]> : tensor<2xi32>
  %c = graph.rem %a, %b : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return %c : tensor<2xi32>
}

// -----

// CHECK-LABEL: func.func @fold_trig_round
// CHECK-DAG: graph.constant dense<1.000000e+00> : tensor<1xf64>
// CHECK-DAG: graph.constant dense<[2.000000e+00, -2.000000e+00]> : tensor<2xf32>
// CHECK-NOT: graph.sin
// CHECK-NOT: graph.cosh
// CHECK-NOT: graph.round
func.func @fold_trig_round() -> (tensor<1xf64>, tensor<2xf32>) {
  %z = graph.constant dense<[0.0]> : tensor<1xf64>
  %s = graph.sin %z : tensor<1xf64>
  %c = graph.cosh %s : tensor<1xf64>
  %x = graph.constant dense<[2.5, -2.5]> : tensor<2xf32>
  // Halves round to even.
  %r = graph.round %x : tensor<2xf32>
  return %c, %r : tensor<1xf64>, tensor<2xf32>
}

// -----

// Unsigned constants fold unsigned: 200 / 7 = 28 (not -56 / 7), max(200, 1)
// = 200, and the cast to f32 reads 200; shifts fold, a shift by the bit
// width gives 0.
// CHECK-LABEL: func.func @fold_unsigned
// CHECK-DAG: graph.constant dense<28> : tensor<ui8>
// CHECK-DAG: graph.constant dense<200> : tensor<ui8>
// CHECK-DAG: graph.constant dense<2.000000e+02> : tensor<f32>
// CHECK-DAG: graph.constant dense<[100, 0]> : tensor<2xui8>
// CHECK-NOT: graph.div
// CHECK-NOT: graph.shift_right
func.func @fold_unsigned() -> (tensor<ui8>, tensor<ui8>, tensor<f32>, tensor<2xui8>) {
  %a = graph.constant dense<200> : tensor<ui8>
  %b = graph.constant dense<7> : tensor<ui8>
  %one = graph.constant dense<1> : tensor<ui8>
  %s = graph.constant dense<[1, 8]> : tensor<2xui8>
  %a2 = graph.constant dense<200> : tensor<2xui8>
  %0 = graph.div %a, %b : (tensor<ui8>, tensor<ui8>) -> tensor<ui8>
  %1 = graph.max %a, %one : (tensor<ui8>, tensor<ui8>) -> tensor<ui8>
  %2 = graph.cast %a : tensor<ui8> to tensor<f32>
  %3 = graph.shift_right %a2, %s : (tensor<2xui8>, tensor<2xui8>) -> tensor<2xui8>
  return %0, %1, %2, %3 : tensor<ui8>, tensor<ui8>, tensor<f32>, tensor<2xui8>
}

// -----

// Shape arithmetic as ONNX expanded functions write it: operands of
// different shapes broadcast (rank - [1] = [3]; [[1], [2]] + [10, 20, 30]).
// CHECK-LABEL: func.func @fold_broadcast_binary
// CHECK-DAG: graph.constant dense<3> : tensor<1xi64>
// CHECK-DAG: graph.constant dense<{{\[}}[11, 21, 31], [12, 22, 32]]> : tensor<2x3xi64>
// CHECK-NOT: graph.sub
// CHECK-NOT: graph.add
func.func @fold_broadcast_binary() -> (tensor<1xi64>, tensor<2x3xi64>) {
  %rank = graph.constant dense<4> : tensor<i64>
  %one = graph.constant dense<[1]> : tensor<1xi64>
  %0 = graph.sub %rank, %one : (tensor<i64>, tensor<1xi64>) -> tensor<1xi64>
  %a = graph.constant dense<[[1], [2]]> : tensor<2x1xi64>
  %b = graph.constant dense<[10, 20, 30]> : tensor<3xi64>
  %1 = graph.add %a, %b : (tensor<2x1xi64>, tensor<3xi64>) -> tensor<2x3xi64>
  return %0, %1 : tensor<1xi64>, tensor<2x3xi64>
}

// -----

// Comparisons fold with broadcasting; ui8 compares unsigned (200 > 1), a
// NaN is unordered (only ne holds).
// CHECK-LABEL: func.func @fold_compare
// CHECK-DAG: graph.constant dense<[false, true, true]> : tensor<3xi1>
// CHECK-DAG: graph.constant dense<true> : tensor<i1>
// CHECK-DAG: graph.constant dense<false> : tensor<2xi1>
// CHECK-DAG: graph.constant dense<true> : tensor<2xi1>
// CHECK-NOT: graph.compare
func.func @fold_compare() -> (tensor<3xi1>, tensor<i1>, tensor<2xi1>, tensor<2xi1>) {
  %a = graph.constant dense<[0, 1, 2]> : tensor<3xi64>
  %b = graph.constant dense<0> : tensor<i64>
  %0 = graph.compare gt, %a, %b : (tensor<3xi64>, tensor<i64>) -> tensor<3xi1>
  %u = graph.constant dense<200> : tensor<ui8>
  %one = graph.constant dense<1> : tensor<ui8>
  %1 = graph.compare gt, %u, %one : (tensor<ui8>, tensor<ui8>) -> tensor<i1>
  %x = graph.constant dense<0x7FC00000> : tensor<2xf32>
  %y = graph.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %2 = graph.compare eq, %x, %y : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  %3 = graph.compare ne, %x, %y : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  return %0, %1, %2, %3 : tensor<3xi1>, tensor<i1>, tensor<2xi1>, tensor<2xi1>
}

// -----

// A uniform condition picks an operand whole, constant or not; constant
// operands fold elementwise with broadcasting.
// CHECK-LABEL: func.func @fold_select
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>, %[[Y:.*]]: tensor<2xf32>)
// CHECK-DAG: %[[C:.*]] = graph.constant dense<[7, 1]> : tensor<2xi64>
// CHECK-NOT: graph.select
// CHECK: return %[[Y]], %[[C]]
func.func @fold_select(%x: tensor<2xf32>, %y: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xi64>) {
  %f = graph.constant dense<false> : tensor<i1>
  %0 = graph.select %f, %x, %y : (tensor<i1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %c = graph.constant dense<[true, false]> : tensor<2xi1>
  %a = graph.constant dense<7> : tensor<i64>
  %b = graph.constant dense<[1]> : tensor<1xi64>
  %1 = graph.select %c, %a, %b : (tensor<2xi1>, tensor<i64>, tensor<1xi64>) -> tensor<2xi64>
  return %0, %1 : tensor<2xf32>, tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @fold_concat
// CHECK-DAG: graph.constant dense<[2, 4, 3, -1]> : tensor<4xi64>
// CHECK-DAG: graph.constant dense<{{\[}}[1, 2, 5], [3, 4, 6]]> : tensor<2x3xi32>
// CHECK-NOT: graph.concat
func.func @fold_concat() -> (tensor<4xi64>, tensor<2x3xi32>) {
  %a = graph.constant dense<[2, 4]> : tensor<2xi64>
  %e = graph.constant dense<> : tensor<0xi64>
  %b = graph.constant dense<[3]> : tensor<1xi64>
  %c = graph.constant dense<-1> : tensor<1xi64>
  %0 = graph.concat %a, %e, %b, %c {axis = 0 : i64} : (tensor<2xi64>, tensor<0xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<4xi64>
  %x = graph.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>
  %y = graph.constant dense<[[5], [6]]> : tensor<2x1xi32>
  %1 = graph.concat %x, %y {axis = 1 : i64} : (tensor<2x2xi32>, tensor<2x1xi32>) -> tensor<2x3xi32>
  return %0, %1 : tensor<4xi64>, tensor<2x3xi32>
}

// -----

// Slices fold with ONNX clamping and negative steps; a unit-step slice
// that keeps every dim is the input.
// CHECK-LABEL: func.func @fold_slice
// CHECK-SAME: (%[[X:.*]]: tensor<3x4xf32>)
// CHECK-DAG: %[[A:.*]] = graph.constant dense<[5, 3]> : tensor<2xi64>
// CHECK-DAG: %[[B:.*]] = graph.constant dense<{{\[}}[2, 3], [6, 7]]> : tensor<2x2xi32>
// CHECK-NOT: graph.slice
// CHECK: return %[[A]], %[[B]], %[[X]]
func.func @fold_slice(%x: tensor<3x4xf32>) -> (tensor<2xi64>, tensor<2x2xi32>, tensor<3x4xf32>) {
  %s = graph.constant dense<[1, 2, 3, 4, 5]> : tensor<5xi64>
  %0 = graph.slice %s {starts = array<i64: -1>, ends = array<i64: 1>, steps = array<i64: -2>} : (tensor<5xi64>) -> tensor<2xi64>
  %m = graph.constant dense<[[0, 1, 2, 3], [4, 5, 6, 7]]> : tensor<2x4xi32>
  %1 = graph.slice %m {starts = array<i64: 0, 2>, ends = array<i64: 100, 100>, steps = array<i64: 1, 1>} : (tensor<2x4xi32>) -> tensor<2x2xi32>
  %2 = graph.slice %x {starts = array<i64: 0, -100>, ends = array<i64: 3, 100>, steps = array<i64: 1, 1>} : (tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0, %1, %2 : tensor<2xi64>, tensor<2x2xi32>, tensor<3x4xf32>
}

// -----

// Gathers fold (negative indices count from the end); an out-of-range
// index is left to run time.
// CHECK-LABEL: func.func @fold_gather
// CHECK-DAG: graph.constant dense<6> : tensor<i64>
// CHECK-DAG: graph.constant dense<{{\[}}[2, 0], [5, 3]]> : tensor<2x2xi32>
// CHECK: graph.gather
// CHECK-NOT: graph.gather
func.func @fold_gather() -> (tensor<i64>, tensor<2x2xi32>, tensor<i64>) {
  %shape = graph.constant dense<[2, 6, 24]> : tensor<3xi64>
  %i = graph.constant dense<1> : tensor<i64>
  %0 = graph.gather %shape, %i {axis = 0 : i64} : (tensor<3xi64>, tensor<i64>) -> tensor<i64>
  %m = graph.constant dense<[[0, 1, 2], [3, 4, 5]]> : tensor<2x3xi32>
  %j = graph.constant dense<[-1, 0]> : tensor<2xi32>
  %1 = graph.gather %m, %j {axis = 1 : i64} : (tensor<2x3xi32>, tensor<2xi32>) -> tensor<2x2xi32>
  %k = graph.constant dense<3> : tensor<i64>
  %2 = graph.gather %shape, %k {axis = 0 : i64} : (tensor<3xi64>, tensor<i64>) -> tensor<i64>
  return %0, %1, %2 : tensor<i64>, tensor<2x2xi32>, tensor<i64>
}

// -----

// Broadcasts and flattens of small constants fold; a broadcast over the
// fold cap (16384 elements) of a non-splat stays.
// CHECK-LABEL: func.func @fold_broadcast_flatten
// CHECK-DAG: graph.constant dense<{{\[}}[1, 2], [1, 2]]> : tensor<2x2xi64>
// CHECK-DAG: graph.constant dense<{{\[}}[1, 2, 3, 4]]> : tensor<1x4xi64>
// CHECK: graph.broadcast_to %{{.*}} : tensor<4xi64> to tensor<8192x4xi64>
// CHECK-NOT: graph.flatten
func.func @fold_broadcast_flatten() -> (tensor<2x2xi64>, tensor<1x4xi64>, tensor<8192x4xi64>) {
  %a = graph.constant dense<[1, 2]> : tensor<2xi64>
  %0 = graph.broadcast_to %a : tensor<2xi64> to tensor<2x2xi64>
  %b = graph.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  %1 = graph.flatten %b {axis = 0 : i64} : (tensor<2x2xi64>) -> tensor<1x4xi64>
  %c = graph.constant dense<[1, 2, 3, 4]> : tensor<4xi64>
  %2 = graph.broadcast_to %c : tensor<4xi64> to tensor<8192x4xi64>
  return %0, %1, %2 : tensor<2x2xi64>, tensor<1x4xi64>, tensor<8192x4xi64>
}
