// RUN: strata-opt %s -split-input-file -strata-convert-graph-to-linalg | FileCheck %s

// Unsigned tensors lower with the unsigned arith ops, and the lowered
// function is signless: same widths, same bits (255 stays 255 = -1 as i8).
// CHECK-LABEL: func.func @div_unsigned
// CHECK-SAME: (%{{.*}}: tensor<4xi8>) -> tensor<4xi8>
// CHECK: arith.constant dense<[1, 2, -1, 3]> : tensor<4xi8>
// CHECK: linalg.generic
// CHECK: ^bb0(%[[X:.*]]: i8, %[[Y:.*]]: i8, %{{.*}}: i8):
// CHECK: arith.divui %[[X]], %[[Y]] : i8
// CHECK-NOT: ui8
func.func @div_unsigned(%a: tensor<4xui8>) -> tensor<4xui8> {
  %k = graph.constant dense<[1, 2, 255, 3]> : tensor<4xui8>
  %0 = graph.div %a, %k : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// CHECK-LABEL: func.func @rem_max_min_unsigned
// CHECK: arith.remui
// CHECK: arith.maxui
// CHECK: arith.minui
func.func @rem_max_min_unsigned(%a: tensor<4xui32>, %b: tensor<4xui32>) -> (tensor<4xui32>, tensor<4xui32>, tensor<4xui32>) {
  %0 = graph.rem %a, %b : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  %1 = graph.max %a, %b : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  %2 = graph.min %a, %b : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  return %0, %1, %2 : tensor<4xui32>, tensor<4xui32>, tensor<4xui32>
}

// -----

// CHECK-LABEL: func.func @compare_unsigned
// CHECK: arith.cmpi ult
// CHECK: arith.cmpi uge
func.func @compare_unsigned(%a: tensor<4xui16>, %b: tensor<4xui16>) -> (tensor<4xi1>, tensor<4xi1>) {
  %0 = graph.compare lt, %a, %b : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xi1>
  %1 = graph.compare ge, %a, %b : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xi1>
  return %0, %1 : tensor<4xi1>, tensor<4xi1>
}

// -----

// Casts read an unsigned source unsigned and write an unsigned result
// unsigned; i8 <-> ui8 keeps the bits.
// CHECK-LABEL: func.func @cast_unsigned
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK: arith.fptoui %{{.*}} : f32 to i64
// CHECK: arith.bitcast %{{.*}} : i8 to i8
func.func @cast_unsigned(%a: tensor<4xui8>, %f: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xi32>, tensor<4xui64>, tensor<4xi8>) {
  %0 = graph.cast %a : tensor<4xui8> to tensor<4xf32>
  %1 = graph.cast %a : tensor<4xui8> to tensor<4xi32>
  %2 = graph.cast %f : tensor<4xf32> to tensor<4xui64>
  %3 = graph.cast %a : tensor<4xui8> to tensor<4xi8>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xi32>, tensor<4xui64>, tensor<4xi8>
}

// -----

// reduce_max starts from the unsigned lowest value, 0.
// CHECK-LABEL: func.func @reduce_max_unsigned
// CHECK: arith.constant 0 : i8
// CHECK: arith.maxui
func.func @reduce_max_unsigned(%a: tensor<2x3xui8>) -> tensor<2xui8> {
  %0 = graph.reduce_max %a {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xui8>) -> tensor<2xui8>
  return %0 : tensor<2xui8>
}

// -----

// Shifts: logical right for unsigned, arithmetic for signed; amounts of the
// bit width or more are defined (0, or the sign), not poison.
// CHECK-LABEL: func.func @shifts
// CHECK: arith.cmpi uge
// CHECK: arith.shli
// CHECK: arith.select
// CHECK: arith.shrui
// CHECK: arith.select
// CHECK: arith.select
// CHECK: arith.shrsi
func.func @shifts(%a: tensor<4xui8>, %b: tensor<4xui8>, %c: tensor<4xi32>) -> (tensor<4xui8>, tensor<4xui8>, tensor<4xi32>) {
  %0 = graph.shift_left %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %1 = graph.shift_right %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %2 = graph.shift_right %c, %c : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0, %1, %2 : tensor<4xui8>, tensor<4xui8>, tensor<4xi32>
}
