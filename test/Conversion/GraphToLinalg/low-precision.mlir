// RUN: strata-opt %s -split-input-file -strata-convert-graph-to-linalg | FileCheck %s

// float8/float4 meet everything but f32 through f32: f16 widens exactly, then
// one truncf rounds.
// CHECK-LABEL: func.func @f16_to_f8
// CHECK: linalg.generic
// CHECK: %[[W:.*]] = arith.extf %{{.*}} : f16 to f32
// CHECK: arith.truncf %[[W]] : f32 to f8E4M3FN
func.func @f16_to_f8(%a: tensor<4xf16>) -> tensor<4xf8E4M3FN> {
  %0 = graph.cast %a : tensor<4xf16> to tensor<4xf8E4M3FN>
  return %0 : tensor<4xf8E4M3FN>
}

// -----

// To f8E8M0FNU rounds up (ONNX's default).
// CHECK-LABEL: func.func @f32_to_e8m0
// CHECK: arith.truncf %{{.*}} upward : f32 to f8E8M0FNU
func.func @f32_to_e8m0(%a: tensor<4xf32>) -> tensor<4xf8E8M0FNU> {
  %0 = graph.cast %a : tensor<4xf32> to tensor<4xf8E8M0FNU>
  return %0 : tensor<4xf8E8M0FNU>
}

// -----

// Between two float8 types: widen, then round.
// CHECK-LABEL: func.func @f8_to_f8
// CHECK: %[[W:.*]] = arith.extf %{{.*}} : f8E5M2 to f32
// CHECK: arith.truncf %[[W]] : f32 to f8E4M3FNUZ
func.func @f8_to_f8(%a: tensor<4xf8E5M2>) -> tensor<4xf8E4M3FNUZ> {
  %0 = graph.cast %a : tensor<4xf8E5M2> to tensor<4xf8E4M3FNUZ>
  return %0 : tensor<4xf8E4M3FNUZ>
}

// -----

// float8 to an integer and an integer to float4 through f32.
// CHECK-LABEL: func.func @f8_int
// CHECK: %[[W:.*]] = arith.extf %{{.*}} : f8E4M3FN to f32
// CHECK: arith.fptosi %[[W]] : f32 to i8
// CHECK: %[[F:.*]] = arith.sitofp %{{.*}} : i32 to f32
// CHECK: arith.truncf %[[F]] : f32 to f4E2M1FN
func.func @f8_int(%a: tensor<4xf8E4M3FN>, %b: tensor<4xi32>) -> (tensor<4xi8>, tensor<4xf4E2M1FN>) {
  %0 = graph.cast %a : tensor<4xf8E4M3FN> to tensor<4xi8>
  %1 = graph.cast %b : tensor<4xi32> to tensor<4xf4E2M1FN>
  return %0, %1 : tensor<4xi8>, tensor<4xf4E2M1FN>
}

// -----

// Float to a 4- or 2-bit integer truncates through i32 and wraps (fptosi to
// i4 would be poison out of range); ui4 becomes signless i4.
// CHECK-LABEL: func.func @f32_to_int4
// CHECK-SAME: -> (tensor<4xi4>, tensor<4xi4>, tensor<4xf32>)
// CHECK: %[[I:.*]] = arith.fptosi %{{.*}} : f32 to i32
// CHECK: arith.trunci %[[I]] : i32 to i4
// CHECK: %[[U:.*]] = arith.fptosi %{{.*}} : f32 to i32
// CHECK: arith.trunci %[[U]] : i32 to i4
// CHECK: arith.uitofp %{{.*}} : i2 to f32
// CHECK-NOT: ui4
func.func @f32_to_int4(%a: tensor<4xf32>, %b: tensor<4xui2>) -> (tensor<4xi4>, tensor<4xui4>, tensor<4xf32>) {
  %0 = graph.cast %a : tensor<4xf32> to tensor<4xi4>
  %1 = graph.cast %a : tensor<4xf32> to tensor<4xui4>
  %2 = graph.cast %b : tensor<4xui2> to tensor<4xf32>
  return %0, %1, %2 : tensor<4xi4>, tensor<4xui4>, tensor<4xf32>
}
