// RUN: strata-opt %s -strata-expand-low-precision-floats='expand-bf16=false' | FileCheck %s

// The GPU targets' form (cuda, rocm): float8/float4 conversions still become
// bit operations, f32 -> bf16 stays a truncf for the NVPTX/AMDGPU backends.
// CHECK-LABEL: func.func @mixed
// CHECK-NOT: arith.truncf {{.*}} to f8E5M2
// CHECK: %[[B:.*]] = arith.truncf %{{.*}} : f32 to bf16
// CHECK: return %{{.*}}, %[[B]] : i8, bf16
func.func @mixed(%x: f32) -> (i8, bf16) {
  %0 = arith.truncf %x : f32 to f8E5M2
  %1 = arith.bitcast %0 : f8E5M2 to i8
  %2 = arith.truncf %x : f32 to bf16
  return %1, %2 : i8, bf16
}
