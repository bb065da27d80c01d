// RUN: strata-opt %s -split-input-file -strata-convert-graph-to-linalg | FileCheck %s

// A reshape that merges or splits neighbouring dims is one collapse/expand.
// CHECK-LABEL: func.func @reshape_collapse_expand
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1], [2, 3]] output_shape [2, 3, 2, 2] : tensor<2x3x4xf32> into tensor<2x3x2x2xf32>
func.func @reshape_collapse_expand(%x: tensor<2x3x4xf32>) -> (tensor<6x4xf32>, tensor<2x3x2x2xf32>) {
  %0 = graph.reshape %x : tensor<2x3x4xf32> to tensor<6x4xf32>
  %1 = graph.reshape %x : tensor<2x3x4xf32> to tensor<2x3x2x2xf32>
  return %0, %1 : tensor<6x4xf32>, tensor<2x3x2x2xf32>
}

// -----

// Otherwise it goes through 1-D.
// CHECK-LABEL: func.func @reshape_general
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
// CHECK: tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [3, 2] : tensor<6xf32> into tensor<3x2xf32>
func.func @reshape_general(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = graph.reshape %x : tensor<2x3xf32> to tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// CHECK-LABEL: func.func @flatten_squeeze_unsqueeze
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1, 2], [3]] : tensor<2x1x3x4xf32> into tensor<6x4xf32>
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2], [3]] : tensor<2x1x3x4xf32> into tensor<2x3x4xf32>
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1], [2], [3], [4]] output_shape [1, 2, 1, 3, 4] : tensor<2x1x3x4xf32> into tensor<1x2x1x3x4xf32>
func.func @flatten_squeeze_unsqueeze(%x: tensor<2x1x3x4xf32>) -> (tensor<6x4xf32>, tensor<2x3x4xf32>, tensor<1x2x1x3x4xf32>) {
  %0 = graph.flatten %x {axis = 3 : i64} : (tensor<2x1x3x4xf32>) -> tensor<6x4xf32>
  %1 = graph.squeeze %x {axes = array<i64: 1>} : (tensor<2x1x3x4xf32>) -> tensor<2x3x4xf32>
  %2 = graph.unsqueeze %x {axes = array<i64: 0>} : (tensor<2x1x3x4xf32>) -> tensor<1x2x1x3x4xf32>
  return %0, %1, %2 : tensor<6x4xf32>, tensor<2x3x4xf32>, tensor<1x2x1x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4x2x3xf32>
// CHECK: linalg.transpose ins(%{{.*}} : tensor<2x3x4xf32>) outs(%[[E]] : tensor<4x2x3xf32>) permutation = [2, 0, 1]
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = graph.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// The identity permutation (rank 0 included) moves nothing.
// CHECK-LABEL: func.func @transpose_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[S:.*]]: tensor<f32>)
// CHECK-NEXT: return %[[X]], %[[S]]
func.func @transpose_identity(%x: tensor<2x3xf32>, %s: tensor<f32>) -> (tensor<2x3xf32>, tensor<f32>) {
  %0 = graph.transpose %x {perm = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = graph.transpose %s {perm = array<i64>} : (tensor<f32>) -> tensor<f32>
  return %0, %1 : tensor<2x3xf32>, tensor<f32>
}

// -----

// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @broadcast_to
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%{{.*}} : tensor<3x1xi1>) outs(%{{.*}} : tensor<2x3x4xi1>)
// CHECK: ^bb0(%[[V:.*]]: i1, %{{.*}}: i1):
// CHECK-NEXT: linalg.yield %[[V]] : i1
func.func @broadcast_to(%x: tensor<3x1xi1>) -> tensor<2x3x4xi1> {
  %0 = graph.broadcast_to %x : tensor<3x1xi1> to tensor<2x3x4xi1>
  return %0 : tensor<2x3x4xi1>
}

// -----

// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x1xf32>)
// CHECK: %[[C:.*]] = tensor.concat dim(1) %[[A]], %[[B]], %[[A]] : (tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x3xf32>) -> tensor<2x7xf32>
// CHECK: return %[[C]], %[[A]]
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>) -> (tensor<2x7xf32>, tensor<2x3xf32>) {
  %0 = graph.concat %a, %b, %a {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x3xf32>) -> tensor<2x7xf32>
  %1 = graph.concat %a {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x7xf32>, tensor<2x3xf32>
}

// -----

// ONNX clamping: starts/ends out of range clamp to the dim.
// CHECK-LABEL: func.func @slice_positive
// CHECK: tensor.extract_slice %{{.*}}[1, 0] [3, 8] [3, 1] : tensor<10x8xf32> to tensor<3x8xf32>
// CHECK-NOT: linalg.generic
func.func @slice_positive(%x: tensor<10x8xf32>) -> tensor<3x8xf32> {
  %0 = graph.slice %x {starts = array<i64: 1, -100>, ends = array<i64: -2, 100>, steps = array<i64: 3, 1>} : (tensor<10x8xf32>) -> tensor<3x8xf32>
  return %0 : tensor<3x8xf32>
}

// -----

// A negative step takes the same elements with the positive step (columns
// 1, 3, 5, 7) and reverses them (7, 5, 3, 1).
// CHECK-DAG: #[[$REV:.*]] = affine_map<(d0, d1) -> (d0, -d1 + 3)>
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @slice_negative
// CHECK: %[[S:.*]] = tensor.extract_slice %{{.*}}[0, 1] [2, 4] [1, 2] : tensor<10x8xf32> to tensor<2x4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$REV]], #[[$ID]]]{{.*}} ins(%[[S]] : tensor<2x4xf32>)
func.func @slice_negative(%x: tensor<10x8xf32>) -> tensor<2x4xf32> {
  %0 = graph.slice %x {starts = array<i64: 0, -1>, ends = array<i64: 2, -100>, steps = array<i64: 1, -2>} : (tensor<10x8xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Any op with an empty (zero-element) result computes nothing: its result
// is an empty constant, which needs no kernel (ONNX slices and splits to
// empty tensors).
// CHECK-LABEL: func.func @slice_empty
// CHECK-DAG: %[[E:.*]] = arith.constant dense<> : tensor<0x8xf32>
// CHECK-DAG: %[[F:.*]] = arith.constant dense<> : tensor<3x0x5xi32>
// CHECK-NOT: tensor.empty
// CHECK: return %[[E]], %[[F]]
func.func @slice_empty(%x: tensor<10x8xf32>, %y: tensor<3x0x5xi32>) -> (tensor<0x8xf32>, tensor<3x0x5xi32>) {
  %0 = graph.slice %x {starts = array<i64: 5, 0>, ends = array<i64: 2, 8>, steps = array<i64: 1, 1>} : (tensor<10x8xf32>) -> tensor<0x8xf32>
  %1 = graph.add %y, %y : (tensor<3x0x5xi32>, tensor<3x0x5xi32>) -> tensor<3x0x5xi32>
  return %0, %1 : tensor<0x8xf32>, tensor<3x0x5xi32>
}

// -----

// Empty inputs of a concat add nothing and are left out (an insertion at
// the end offset would be out of bounds for memref.subview).
// CHECK-LABEL: func.func @concat_empty_input
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[E:.*]]: tensor<2x0xf32>)
// CHECK: %[[C:.*]] = tensor.concat dim(1) %[[A]], %[[A]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
// CHECK: return %[[C]], %[[A]]
func.func @concat_empty_input(%a: tensor<2x3xf32>, %e: tensor<2x0xf32>) -> (tensor<2x6xf32>, tensor<2x3xf32>) {
  %0 = graph.concat %a, %e, %a {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x0xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  %1 = graph.concat %e, %a {axis = 1 : i64} : (tensor<2x0xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x6xf32>, tensor<2x3xf32>
}

// -----

// gather along axis 1: result[d0, d1, d2, d3] = x[d0, i[d1, d2], d3]; a
// negative index wraps, out-of-range ones clamp.
// CHECK-DAG: #[[$IDX:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d2)>
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[X:.*]]: tensor<3x4x5xf32>, %[[I:.*]]: tensor<2x6xi32>)
// CHECK: linalg.generic {indexing_maps = [#[[$IDX]], #[[$ID]]]{{.*}} ins(%[[I]] : tensor<2x6xi32>) outs(%{{.*}} : tensor<3x2x6x5xf32>)
// CHECK: ^bb0(%[[V:.*]]: i32, %{{.*}}: f32):
// CHECK: %[[IDX:.*]] = arith.index_cast %[[V]] : i32 to index
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[IDX]], %{{.*}} : index
// CHECK: %[[WRAP:.*]] = arith.addi %[[IDX]], %{{.*}} : index
// CHECK: %[[SEL:.*]] = arith.select %[[NEG]], %[[WRAP]], %[[IDX]] : index
// CHECK: %[[LO:.*]] = arith.maxsi %[[SEL]], %{{.*}} : index
// CHECK: %[[C3:.*]] = arith.constant 3 : index
// CHECK: %[[CL:.*]] = arith.minsi %[[LO]], %[[C3]] : index
// CHECK: %[[D0:.*]] = linalg.index 0 : index
// CHECK: %[[D3:.*]] = linalg.index 3 : index
// CHECK: %[[R:.*]] = tensor.extract %[[X]][%[[D0]], %[[CL]], %[[D3]]] : tensor<3x4x5xf32>
// CHECK: linalg.yield %[[R]] : f32
func.func @gather(%x: tensor<3x4x5xf32>, %i: tensor<2x6xi32>) -> tensor<3x2x6x5xf32> {
  %0 = graph.gather %x, %i {axis = 1 : i64} : (tensor<3x4x5xf32>, tensor<2x6xi32>) -> tensor<3x2x6x5xf32>
  return %0 : tensor<3x2x6x5xf32>
}

// -----

// Negative pads crop first.
// CHECK-LABEL: func.func @pad_constant
// CHECK: %[[CROP:.*]] = tensor.extract_slice %{{.*}}[0, 1] [4, 4] [1, 1] : tensor<4x5xf32> to tensor<4x4xf32>
// CHECK: %[[V:.*]] = arith.constant 2.500000e+00 : f32
// CHECK: tensor.pad %[[CROP]] low[1, 0] high[0, 2]
// CHECK: tensor.yield %[[V]] : f32
// CHECK: } : tensor<4x4xf32> to tensor<5x6xf32>
func.func @pad_constant(%x: tensor<4x5xf32>) -> tensor<5x6xf32> {
  %0 = graph.pad %x {pads = array<i64: 1, -1, 0, 2>, value = 2.5} : (tensor<4x5xf32>) -> tensor<5x6xf32>
  return %0 : tensor<5x6xf32>
}

// -----

// The pad value converts to the element type (toward zero).
// CHECK-LABEL: func.func @pad_constant_int
// CHECK: %[[V:.*]] = arith.constant -3 : i8
// CHECK: tensor.pad %{{.*}} low[1] high[1]
// CHECK: tensor.yield %[[V]] : i8
func.func @pad_constant_int(%x: tensor<4xi8>) -> tensor<6xi8> {
  %0 = graph.pad %x {pads = array<i64: 1, 1>, value = -3.7} : (tensor<4xi8>) -> tensor<6xi8>
  return %0 : tensor<6xi8>
}

// -----

// reflect: the source column mirrors at the edges without repeating them
// (period 2 * (4 - 1) = 6); unpadded dims read their own index.
// CHECK-LABEL: func.func @pad_reflect
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<3x8xf32>)
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[J:.*]] = linalg.index 1 : index
// CHECK: %[[C2:.*]] = arith.constant 2 : index
// CHECK: %[[SHIFT:.*]] = arith.subi %[[J]], %[[C2]] : index
// CHECK: %[[C6:.*]] = arith.constant 6 : index
// CHECK: arith.remsi %[[SHIFT]], %[[C6]] : index
// CHECK: %[[M:.*]] = arith.remsi
// CHECK: %[[MIRROR:.*]] = arith.subi %{{.*}}, %[[M]] : index
// CHECK: %[[C4:.*]] = arith.constant 4 : index
// CHECK: %[[IN:.*]] = arith.cmpi slt, %[[M]], %[[C4]] : index
// CHECK: %[[SRC:.*]] = arith.select %[[IN]], %[[M]], %[[MIRROR]] : index
// CHECK: tensor.extract %{{.*}}[%[[I]], %[[SRC]]] : tensor<3x4xf32>
func.func @pad_reflect(%x: tensor<3x4xf32>) -> tensor<3x8xf32> {
  %0 = graph.pad %x mode = reflect {pads = array<i64: 0, 2, 0, 2>} : (tensor<3x4xf32>) -> tensor<3x8xf32>
  return %0 : tensor<3x8xf32>
}

// -----

// edge: the source index clamps.
// CHECK-LABEL: func.func @pad_edge
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[SHIFT:.*]] = arith.subi %[[I]], %{{.*}} : index
// CHECK: %[[LO:.*]] = arith.maxsi %[[SHIFT]], %{{.*}} : index
// CHECK: %[[C2:.*]] = arith.constant 2 : index
// CHECK: %[[SRC:.*]] = arith.minsi %[[LO]], %[[C2]] : index
// CHECK: tensor.extract %{{.*}}[%[[SRC]]] : tensor<3xf32>
func.func @pad_edge(%x: tensor<3xf32>) -> tensor<6xf32> {
  %0 = graph.pad %x mode = edge {pads = array<i64: 2, 1>} : (tensor<3xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// gather_elements: one generic over the indices' shape; the index (negative
// from the end, clamped) replaces the axis coordinate.
// CHECK-LABEL: func.func @gather_elements
// CHECK: linalg.generic
// CHECK-SAME: ins(%{{.*}} : tensor<2x4xi64>)
// CHECK: ^bb0(%[[I:.*]]: i64, %{{.*}}: f32):
// CHECK: %[[C:.*]] = arith.index_cast %[[I]] : i64 to index
// CHECK: %[[J:.*]] = linalg.index 1 : index
// CHECK: tensor.extract %{{.*}}[%{{.*}}, %[[J]]] : tensor<3x4xf32>
func.func @gather_elements(%x: tensor<3x4xf32>, %i: tensor<2x4xi64>) -> tensor<2x4xf32> {
  %0 = graph.gather_elements %x, %i {axis = 0 : i64} : (tensor<3x4xf32>, tensor<2x4xi64>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
