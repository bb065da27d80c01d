// RUN: strata-opt %s -split-input-file -strata-convert-graph-to-linalg | FileCheck %s

// Broadcasting: trailing dims align, a missing dim is dropped from the
// operand's map and a size-1 dim reads index 0.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG: #[[$RHS:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-LABEL: func.func @add_broadcast
// CHECK-SAME: (%[[A:.*]]: tensor<2x1x3xf32>, %[[B:.*]]: tensor<4x1xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x4x3xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<2x1x3xf32>, tensor<4x1xf32>) outs(%[[E]] : tensor<2x4x3xf32>)
// CHECK: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: return %[[R]]
func.func @add_broadcast(%a: tensor<2x1x3xf32>, %b: tensor<4x1xf32>) -> tensor<2x4x3xf32> {
  %0 = graph.add %a, %b : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<2x4x3xf32>
  return %0 : tensor<2x4x3xf32>
}

// -----

// A rank-0 operand maps to no dims.
// CHECK: #[[$SCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @sub_scalar
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[$SCALAR]], #{{.*}}]
// CHECK: arith.subf
func.func @sub_scalar(%a: tensor<4xf32>, %b: tensor<f32>) -> tensor<4xf32> {
  %0 = graph.sub %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @int_binary
// CHECK: arith.divsi
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: arith.muli
// CHECK: arith.subi
func.func @int_binary(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = graph.div %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = graph.max %0, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %2 = graph.min %1, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %3 = graph.mul %2, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %4 = graph.sub %3, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %4 : tensor<4xi32>
}

// -----

// Float max/min propagate NaN; division is arith.divf.
// CHECK-LABEL: func.func @float_binary
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: arith.divf
// CHECK: arith.mulf
func.func @float_binary(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.max %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = graph.min %0, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = graph.div %1, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = graph.mul %2, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %3 : tensor<4xf32>
}

// -----

// pow on f16 is computed in f32.
// CHECK-LABEL: func.func @pow_f16
// CHECK: ^bb0(%[[X:.*]]: f16, %[[Y:.*]]: f16, %{{.*}}: f16):
// CHECK-DAG: %[[XW:.*]] = arith.extf %[[X]] : f16 to f32
// CHECK-DAG: %[[YW:.*]] = arith.extf %[[Y]] : f16 to f32
// CHECK: %[[P:.*]] = math.powf %[[XW]], %[[YW]] : f32
// CHECK: %[[N:.*]] = arith.truncf %[[P]] : f32 to f16
// CHECK: linalg.yield %[[N]] : f16
func.func @pow_f16(%a: tensor<4xf16>, %b: tensor<4xf16>) -> tensor<4xf16> {
  %0 = graph.pow %a, %b : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// ne is unordered (NaN != NaN), the others ordered; i1 compares unsigned.
// CHECK-LABEL: func.func @compare
// CHECK: arith.cmpf une
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf oge
// CHECK: arith.cmpi sle
// CHECK: arith.cmpi ugt
func.func @compare(%a: tensor<4xf32>, %b: tensor<4xf32>, %i: tensor<4xi64>, %c: tensor<4xi1>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = graph.compare ne, %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %1 = graph.compare lt, %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %2 = graph.compare ge, %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %3 = graph.compare le, %i, %i : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi1>
  %4 = graph.compare gt, %c, %c : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0, %1, %2, %3, %4 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// CHECK-DAG: #[[$C:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[$F:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @select
// CHECK: linalg.generic {indexing_maps = [#[[$C]], #{{.*}}, #[[$F]], #{{.*}}]
// CHECK: ^bb0(%[[P:.*]]: i1, %[[T:.*]]: i32, %[[E:.*]]: i32, %{{.*}}: i32):
// CHECK: arith.select %[[P]], %[[T]], %[[E]] : i32
func.func @select(%c: tensor<2x1xi1>, %t: tensor<2x3xi32>, %f: tensor<3xi32>) -> tensor<2x3xi32> {
  %0 = graph.select %c, %t, %f : (tensor<2x1xi1>, tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// CHECK-LABEL: func.func @unary_f32
// CHECK: math.exp
// CHECK: math.log
// CHECK: math.tanh
// CHECK: math.erf
// CHECK: math.sqrt
// CHECK: math.rsqrt
// CHECK: math.floor
// CHECK: math.ceil
// CHECK: math.absf
// CHECK: arith.negf
func.func @unary_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.exp %x : tensor<4xf32>
  %1 = graph.log %0 : tensor<4xf32>
  %2 = graph.tanh %1 : tensor<4xf32>
  %3 = graph.erf %2 : tensor<4xf32>
  %4 = graph.sqrt %3 : tensor<4xf32>
  %5 = graph.rsqrt %4 : tensor<4xf32>
  %6 = graph.floor %5 : tensor<4xf32>
  %7 = graph.ceil %6 : tensor<4xf32>
  %8 = graph.abs %7 : tensor<4xf32>
  %9 = graph.neg %8 : tensor<4xf32>
  return %9 : tensor<4xf32>
}

// -----

// Math on half types goes through f32.
// CHECK-LABEL: func.func @exp_bf16
// CHECK: ^bb0(%[[X:.*]]: bf16, %{{.*}}: bf16):
// CHECK-NEXT: %[[W:.*]] = arith.extf %[[X]] : bf16 to f32
// CHECK-NEXT: %[[E:.*]] = math.exp %[[W]] : f32
// CHECK-NEXT: %[[N:.*]] = arith.truncf %[[E]] : f32 to bf16
// CHECK-NEXT: linalg.yield %[[N]] : bf16
func.func @exp_bf16(%x: tensor<4xbf16>) -> tensor<4xbf16> {
  %0 = graph.exp %x : tensor<4xbf16>
  return %0 : tensor<4xbf16>
}

// -----

// sigmoid = 1 / (1 + exp(-x)).
// CHECK-LABEL: func.func @sigmoid
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[NX:.*]] = arith.negf %[[X]] : f32
// CHECK: %[[E:.*]] = math.exp %[[NX]] : f32
// CHECK: %[[D:.*]] = arith.addf %[[ONE]], %[[E]] : f32
// CHECK: %[[R:.*]] = arith.divf %[[ONE]], %[[D]] : f32
// CHECK: linalg.yield %[[R]] : f32
func.func @sigmoid(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.sigmoid %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @int_unary
// CHECK: %[[Z:.*]] = arith.constant 0 : i8
// CHECK: arith.subi %[[Z]], %{{.*}} : i8
// CHECK: math.absi %{{.*}} : i8
// CHECK: %[[Z2:.*]] = arith.constant 0 : i8
// CHECK: arith.maxsi %{{.*}}, %[[Z2]] : i8
func.func @int_unary(%x: tensor<4xi8>) -> tensor<4xi8> {
  %0 = graph.neg %x : tensor<4xi8>
  %1 = graph.abs %0 : tensor<4xi8>
  %2 = graph.relu %1 : tensor<4xi8>
  return %2 : tensor<4xi8>
}

// -----

// CHECK-LABEL: func.func @relu_f32
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: arith.maximumf %{{.*}}, %[[Z]] : f32
func.func @relu_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.relu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// gelu (exact): 0.5 x (1 + erf(x / sqrt(2))).
// CHECK-LABEL: func.func @gelu_none
// CHECK: arith.constant 0.707106769 : f32
// CHECK: math.erf
// CHECK-NOT: math.tanh
func.func @gelu_none(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.gelu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// gelu (tanh): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), in f32.
// CHECK-LABEL: func.func @gelu_tanh_f16
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK-DAG: arith.constant 0.797884583 : f32
// CHECK-DAG: arith.constant 4.471500e-02 : f32
// CHECK: math.tanh
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @gelu_tanh_f16(%x: tensor<4xf16>) -> tensor<4xf16> {
  %0 = graph.gelu %x approximate = tanh : tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// CHECK-LABEL: func.func @casts
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: arith.fptosi %{{.*}} : f32 to i32
// CHECK: arith.sitofp %{{.*}} : i32 to bf16
// CHECK: arith.extsi %{{.*}} : i32 to i64
// CHECK: arith.trunci %{{.*}} : i64 to i8
func.func @casts(%h: tensor<4xf16>) -> (tensor<4xf32>, tensor<4xbf16>, tensor<4xi8>) {
  %0 = graph.cast %h : tensor<4xf16> to tensor<4xf32>
  %1 = graph.cast %0 : tensor<4xf32> to tensor<4xi32>
  %2 = graph.cast %1 : tensor<4xi32> to tensor<4xbf16>
  %3 = graph.cast %1 : tensor<4xi32> to tensor<4xi64>
  %4 = graph.cast %3 : tensor<4xi64> to tensor<4xi8>
  return %0, %2, %4 : tensor<4xf32>, tensor<4xbf16>, tensor<4xi8>
}

// -----

// To i1 is x != 0 (NaN is true); from i1 zero-extends.
// CHECK-LABEL: func.func @bool_casts
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: arith.cmpf une, %{{.*}}, %[[Z]] : f32
// CHECK: arith.uitofp %{{.*}} : i1 to f16
// CHECK: arith.extui %{{.*}} : i1 to i32
// CHECK: %[[ZI:.*]] = arith.constant 0 : i32
// CHECK: arith.cmpi ne, %{{.*}}, %[[ZI]] : i32
func.func @bool_casts(%x: tensor<4xf32>) -> (tensor<4xf16>, tensor<4xi1>) {
  %0 = graph.cast %x : tensor<4xf32> to tensor<4xi1>
  %1 = graph.cast %0 : tensor<4xi1> to tensor<4xf16>
  %2 = graph.cast %0 : tensor<4xi1> to tensor<4xi32>
  %3 = graph.cast %2 : tensor<4xi32> to tensor<4xi1>
  return %1, %3 : tensor<4xf16>, tensor<4xi1>
}

// -----

// f16 <-> bf16 goes through f32; a cast to the same type is nothing.
// CHECK-LABEL: func.func @half_to_bfloat
// CHECK-SAME: (%[[X:.*]]: tensor<4xf16>)
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK-NEXT: arith.truncf %{{.*}} : f32 to bf16
// CHECK: return %[[X]], %{{.*}} : tensor<4xf16>, tensor<4xbf16>
func.func @half_to_bfloat(%x: tensor<4xf16>) -> (tensor<4xf16>, tensor<4xbf16>) {
  %0 = graph.cast %x : tensor<4xf16> to tensor<4xf16>
  %1 = graph.cast %x : tensor<4xf16> to tensor<4xbf16>
  return %0, %1 : tensor<4xf16>, tensor<4xbf16>
}

// -----

// CHECK-LABEL: func.func @constant
// CHECK: %[[C:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: return %[[C]]
func.func @constant() -> tensor<2x2xf32> {
  %0 = graph.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
