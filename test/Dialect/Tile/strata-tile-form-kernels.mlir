// RUN: strata-opt %s -split-input-file -strata-tile-form-kernels | FileCheck %s

#map = affine_map<(d0, d1) -> (d0, d1)>
#mapb = affine_map<(d0, d1) -> (d1)>

// The fill, the matmul and its epilogue form one kernel; the splat weight and
// the scalar are cloned in, the input flows in as an operand.
// CHECK-LABEL: func.func @matmul_epilogue
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>)
// CHECK: %[[K:.*]] = tile.kernel "matmul_0" (%[[X]]) : (tensor<4x8xf32>) -> tensor<4x2xf32> {
// CHECK: ^bb0(%[[A:.*]]: tensor<4x8xf32>):
// CHECK-DAG: arith.constant 0.000000e+00 : f32
// CHECK-DAG: arith.constant dense<5.000000e-01> : tensor<8x2xf32>
// CHECK: linalg.fill
// CHECK: linalg.matmul ins(%[[A]],
// CHECK: linalg.generic
// CHECK: tile.yield
// CHECK: return %[[K]]
func.func @matmul_epilogue(%x: tensor<4x8xf32>) -> tensor<4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<8x2xf32>
  %b = arith.constant dense<1.0> : tensor<2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x2xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4x2xf32>) -> tensor<4x2xf32>
  %m = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x2xf32>) outs(%f : tensor<4x2xf32>) -> tensor<4x2xf32>
  %r = linalg.generic {indexing_maps = [#map, #mapb, #map], iterator_types = ["parallel", "parallel"]} ins(%m, %b : tensor<4x2xf32>, tensor<2xf32>) outs(%e : tensor<4x2xf32>) {
  ^bb0(%a: f32, %bb: f32, %o: f32):
    %s = arith.addf %a, %bb : f32
    linalg.yield %s : f32
  } -> tensor<4x2xf32>
  return %r : tensor<4x2xf32>
}

// -----

// Two roots make two kernels; a large non-splat weight is an operand; the
// reshape between them stays on the host.
// CHECK-LABEL: func.func @two_roots
// CHECK: %[[W:.*]] = arith.constant dense<{{.*}}> : tensor<10x10xf32>
// CHECK: %[[K0:.*]] = tile.kernel "matmul_0" (%{{.*}}, %[[W]])
// CHECK: %[[R:.*]] = tensor.collapse_shape %[[K0]]
// CHECK: tile.kernel "reduce_1" (%[[R]])
// CHECK-NOT: tile.kernel
func.func @two_roots(%x: tensor<1x10xf32>) -> tensor<f32> {
  %w = arith.constant dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.5]]> : tensor<10x10xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x10xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x10xf32>) -> tensor<1x10xf32>
  %m = linalg.matmul ins(%x, %w : tensor<1x10xf32>, tensor<10x10xf32>) outs(%f : tensor<1x10xf32>) -> tensor<1x10xf32>
  %c = tensor.collapse_shape %m [[0, 1]] : tensor<1x10xf32> into tensor<10xf32>
  %e0 = tensor.empty() : tensor<f32>
  %f0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
  %s = linalg.reduce ins(%c : tensor<10xf32>) outs(%f0 : tensor<f32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %t = arith.addf %in, %acc : f32
      linalg.yield %t : f32
    }
  return %s : tensor<f32>
}

// -----

// A value used by two later ops is a kernel result and an input of both; a
// consumer whose only producer is in its group joins it.
// CHECK-LABEL: func.func @shared_result
// CHECK: %[[K0:.*]] = tile.kernel "exp_0"
// CHECK: linalg.exp
// CHECK-NOT: linalg.add
// CHECK: tile.yield
// CHECK: %[[K1:.*]] = tile.kernel "add_1" (%[[K0]])
// CHECK: %[[K2:.*]] = tile.kernel "mul_2" (%[[K0]])
// CHECK: return %[[K1]], %[[K2]]
func.func @shared_result(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %e = tensor.empty() : tensor<8xf32>
  %a = linalg.exp ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %b = linalg.add ins(%a, %a : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %c = linalg.mul ins(%a, %a : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  return %b, %c : tensor<8xf32>, tensor<8xf32>
}

// -----

// An init tensor built in a collapsed shape and expanded on the host (as the
// keepdims reduction lowering does) is cloned into the kernel with its
// reshape; nothing but kernels and the return stay on the host.
// CHECK-LABEL: func.func @init_behind_reshape
// CHECK-NEXT: %[[K:.*]] = tile.kernel
// CHECK: tensor.empty() : tensor<3xf32>
// CHECK: tensor.expand_shape
// CHECK: linalg.generic
// CHECK: tile.yield
// CHECK-NEXT: }
// CHECK-NEXT: return %[[K]]
func.func @init_behind_reshape(%x: tensor<3x1xf32>) -> tensor<3x1xf32> {
  %e = tensor.empty() : tensor<3xf32>
  %i = tensor.expand_shape %e [[0, 1]] output_shape [3, 1] : tensor<3xf32> into tensor<3x1xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<3x1xf32>) outs(%i : tensor<3x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<3x1xf32>
  return %r : tensor<3x1xf32>
}
