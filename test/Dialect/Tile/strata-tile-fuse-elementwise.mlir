// RUN: strata-opt %s -split-input-file -strata-tile-fuse-elementwise | FileCheck %s

// A bias + GELU producer of a matmul operand is not fused into the
// contraction (its operand map misses the N loop: every element would be
// recomputed once per output column); the chain itself is fused into one
// generic, and the contraction reads its result.
// CHECK-LABEL: func.func @no_recompute
// CHECK: %[[G:.*]] = linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel"]
// CHECK: math.erf
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME: ins(%[[G]],
// CHECK-NOT: math.erf
func.func @no_recompute(%x: tensor<128x1024xf32>, %b: tensor<1024xf32>, %w: tensor<1024x256xf32>) -> tensor<128x256xf32> {
  %e = tensor.empty() : tensor<128x1024xf32>
  %h = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %b : tensor<128x1024xf32>, tensor<1024xf32>) outs(%e : tensor<128x1024xf32>) {
  ^bb0(%i: f32, %j: f32, %o: f32):
    %s = arith.addf %i, %j : f32
    linalg.yield %s : f32
  } -> tensor<128x1024xf32>
  %g = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%h : tensor<128x1024xf32>) outs(%e : tensor<128x1024xf32>) {
  ^bb0(%i: f32, %o: f32):
    %r = math.erf %i : f32
    linalg.yield %r : f32
  } -> tensor<128x1024xf32>
  %c0 = arith.constant 0.0 : f32
  %e2 = tensor.empty() : tensor<128x256xf32>
  %f = linalg.fill ins(%c0 : f32) outs(%e2 : tensor<128x256xf32>) -> tensor<128x256xf32>
  %m = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%g, %w : tensor<128x1024xf32>, tensor<1024x256xf32>) outs(%f : tensor<128x256xf32>) {
  ^bb0(%i: f32, %j: f32, %o: f32):
    %p = arith.mulf %i, %j : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  } -> tensor<128x256xf32>
  return %m : tensor<128x256xf32>
}

// -----

// An exp feeding a row sum is fused: the reduction's map for it uses every
// loop, so each element is still computed once.
// CHECK-LABEL: func.func @fuse_into_reduction
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction"]
// CHECK: math.exp
// CHECK: arith.addf
// CHECK-NOT: linalg.generic
func.func @fuse_into_reduction(%x: tensor<16x128xf32>) -> tensor<16xf32> {
  %e = tensor.empty() : tensor<16x128xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<16x128xf32>) outs(%e : tensor<16x128xf32>) {
  ^bb0(%i: f32, %o: f32):
    %r = math.exp %i : f32
    linalg.yield %r : f32
  } -> tensor<16x128xf32>
  %c0 = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<16xf32>
  %f = linalg.fill ins(%c0 : f32) outs(%e1 : tensor<16xf32>) -> tensor<16xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%p : tensor<16x128xf32>) outs(%f : tensor<16xf32>) {
  ^bb0(%i: f32, %o: f32):
    %r = arith.addf %i, %o : f32
    linalg.yield %r : f32
  } -> tensor<16xf32>
  return %s : tensor<16xf32>
}

// -----

// A reshaped matmul result (a 1 x 128 batch of rows) is not folded into
// the matmul; its bias add is collapsed to the matmul's 2-D shape instead
// and the reshape moves after it, so the add can be the matmul's epilogue.
// CHECK-LABEL: func.func @epilogue_through_reshape
// CHECK: %[[M:.*]] = linalg.matmul
// CHECK-SAME: -> tensor<128x1024xf32>
// CHECK: %[[A:.*]] = linalg.generic
// CHECK-SAME: ins(%[[M]], %{{.*}} : tensor<128x1024xf32>, tensor<1024xf32>)
// CHECK: tensor.expand_shape %[[A]] {{\[\[}}0, 1], [2]]
func.func @epilogue_through_reshape(%a: tensor<128x256xf32>, %w: tensor<256x1024xf32>, %b: tensor<1024xf32>) -> tensor<1x128x1024xf32> {
  %c0 = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<128x1024xf32>
  %f = linalg.fill ins(%c0 : f32) outs(%e : tensor<128x1024xf32>) -> tensor<128x1024xf32>
  %m = linalg.matmul ins(%a, %w : tensor<128x256xf32>, tensor<256x1024xf32>) outs(%f : tensor<128x1024xf32>) -> tensor<128x1024xf32>
  %x = tensor.expand_shape %m [[0, 1], [2]] output_shape [1, 128, 1024] : tensor<128x1024xf32> into tensor<1x128x1024xf32>
  %e2 = tensor.empty() : tensor<1x128x1024xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x, %b : tensor<1x128x1024xf32>, tensor<1024xf32>) outs(%e2 : tensor<1x128x1024xf32>) {
  ^bb0(%i: f32, %j: f32, %o: f32):
    %s = arith.addf %i, %j : f32
    linalg.yield %s : f32
  } -> tensor<1x128x1024xf32>
  return %r : tensor<1x128x1024xf32>
}
