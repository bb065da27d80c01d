// RUN: strata-opt %s -split-input-file -strata-expand-low-precision-floats | FileCheck %s

// truncf to float8 becomes integer arithmetic on the f32 bits: no truncf
// is left, the result is the low byte bitcast to the float8 type. The
// numbers are checked exhaustively against ml_dtypes by
// test/Import/ONNX/low-precision.test.
// CHECK-LABEL: func.func @trunc_e4m3fn
// CHECK: %[[B:.*]] = arith.bitcast %{{.*}} : f32 to i32
// CHECK-NOT: arith.truncf
// CHECK: %[[T:.*]] = arith.trunci %{{.*}} : i32 to i8
// CHECK: %[[R:.*]] = arith.bitcast %[[T]] : i8 to f8E4M3FN
// CHECK: return %[[R]]
func.func @trunc_e4m3fn(%x: f32) -> f8E4M3FN {
  %0 = arith.truncf %x : f32 to f8E4M3FN
  return %0 : f8E4M3FN
}

// -----

// extf from float8 builds the f32 bits; to f16 it then narrows exactly.
// CHECK-LABEL: func.func @ext_e5m2_to_f16
// CHECK: arith.bitcast %{{.*}} : f8E5M2 to i8
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK: %[[F:.*]] = arith.bitcast %{{.*}} : i32 to f32
// CHECK: arith.truncf %[[F]] : f32 to f16
func.func @ext_e5m2_to_f16(%x: f8E5M2) -> f16 {
  %0 = arith.extf %x : f8E5M2 to f16
  return %0 : f16
}

// -----

// Vectors (from strata-tile-vectorize) expand the same way.
// CHECK-LABEL: func.func @vector_f4
// CHECK: arith.bitcast %{{.*}} : vector<8xf32> to vector<8xi32>
// CHECK: arith.trunci %{{.*}} : vector<8xi32> to vector<8xi4>
// CHECK: arith.bitcast %{{.*}} : vector<8xi4> to vector<8xf4E2M1FN>
func.func @vector_f4(%x: vector<8xf32>) -> vector<8xf4E2M1FN> {
  %0 = arith.truncf %x : vector<8xf32> to vector<8xf4E2M1FN>
  return %0 : vector<8xf4E2M1FN>
}

// -----

// f64 rounds from its own bits (no double rounding through f32).
// CHECK-LABEL: func.func @trunc_f64
// CHECK: arith.bitcast %{{.*}} : f64 to i64
// CHECK: arith.trunci %{{.*}} : i64 to i8
func.func @trunc_f64(%x: f64) -> f8E5M2FNUZ {
  %0 = arith.truncf %x : f64 to f8E5M2FNUZ
  return %0 : f8E5M2FNUZ
}

// -----

// f8E8M0FNU rounds up from the exponent field.
// CHECK-LABEL: func.func @trunc_e8m0
// CHECK: arith.shrui %{{.*}}, %{{.*}} : i32
// CHECK: arith.select
// CHECK: arith.bitcast %{{.*}} : i8 to f8E8M0FNU
func.func @trunc_e8m0(%x: f32) -> f8E8M0FNU {
  %0 = arith.truncf %x upward : f32 to f8E8M0FNU
  return %0 : f8E8M0FNU
}

// -----

// f32 to bf16 uses upstream's expansion (no __truncsfbf2 call).
// CHECK-LABEL: func.func @trunc_bf16
// CHECK-NOT: arith.truncf
// CHECK: arith.bitcast %{{.*}} : i16 to bf16
func.func @trunc_bf16(%x: f32) -> bf16 {
  %0 = arith.truncf %x : f32 to bf16
  return %0 : bf16
}

// -----

// Other types are left alone.
// CHECK-LABEL: func.func @untouched
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @untouched(%x: f32) -> f16 {
  %0 = arith.truncf %x : f32 to f16
  return %0 : f16
}
