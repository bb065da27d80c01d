// RUN: strata-opt %s -split-input-file -strata-tile-tile-workgroups -canonicalize | FileCheck %s

// The epilogue is tiled into an scf.forall over 32-row workgroups and the
// matmul and fill fuse into each tile.
// CHECK-LABEL: func.func @matmul_relu
// CHECK: tile.kernel "mm"
// CHECK: scf.forall (%[[I:.*]]) = (0) to (64) step (32) shared_outs
// CHECK: tensor.extract_slice %{{.*}}[%[[I]], 0] [32, 16] [1, 1]
// CHECK: linalg.fill {{.*}} -> tensor<32x8xf32>
// CHECK: linalg.matmul {{.*}} -> tensor<32x8xf32>
// CHECK: linalg.generic
// CHECK: scf.forall.in_parallel
// CHECK-NOT: linalg.matmul
// CHECK: tile.yield
func.func @matmul_relu(%a: tensor<64x16xf32>, %b: tensor<16x8xf32>) -> tensor<64x8xf32> {
  %0 = tile.kernel "mm" (%a, %b) {config = #tile.config<root = "matmul", workgroup = [32, 0]>} : (tensor<64x16xf32>, tensor<16x8xf32>) -> tensor<64x8xf32> {
  ^bb0(%x: tensor<64x16xf32>, %y: tensor<16x8xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<64x8xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<64x8xf32>) -> tensor<64x8xf32>
    %m = linalg.matmul ins(%x, %y : tensor<64x16xf32>, tensor<16x8xf32>) outs(%f : tensor<64x8xf32>) -> tensor<64x8xf32>
    %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%m : tensor<64x8xf32>) outs(%e : tensor<64x8xf32>) {
    ^bb1(%in: f32, %out: f32):
      %t = arith.maximumf %in, %zero : f32
      linalg.yield %t : f32
    } -> tensor<64x8xf32>
    tile.yield %r : tensor<64x8xf32>
  }
  return %0 : tensor<64x8xf32>
}

// -----

// Sizes that cover every loop leave the kernel as one workgroup.
// CHECK-LABEL: func.func @untiled
// CHECK-NOT: scf.forall
func.func @untiled(%a: tensor<8xf32>) -> tensor<8xf32> {
  %0 = tile.kernel "exp" (%a) {config = #tile.config<root = "elementwise", workgroup = [0]>} : (tensor<8xf32>) -> tensor<8xf32> {
  ^bb0(%x: tensor<8xf32>):
    %e = tensor.empty() : tensor<8xf32>
    %r = linalg.exp ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
    tile.yield %r : tensor<8xf32>
  }
  return %0 : tensor<8xf32>
}
