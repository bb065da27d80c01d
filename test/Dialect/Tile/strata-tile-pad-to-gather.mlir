// strata-tile-pad-to-gather: a kernel that only pads one of its operands
// with a constant becomes an elementwise gather (clamped source index, the
// padding value selected outside the source), which the GPU tile tables
// tile over the grid. Other kernels keep their tensor.pad.
// RUN: strata-opt %s -split-input-file --strata-tile-pad-to-gather | FileCheck %s
// RUN: strata-opt %s -split-input-file --strata-tile-pad-to-gather --strata-tile-select-config=table=gpu | FileCheck %s --check-prefix=TABLE

// CHECK-LABEL: func.func @pad
// CHECK: tile.kernel
// CHECK-NOT: tensor.pad
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]{{.*}} outs(%{{.*}} : tensor<5x8xf32>)
// CHECK: %[[I:.*]] = linalg.index 0
// CHECK: %[[S:.*]] = arith.subi %[[I]], %c1
// CHECK: %[[GE:.*]] = arith.cmpi sge, %[[S]], %c0
// CHECK: %[[LT:.*]] = arith.cmpi slt, %[[S]], %c3
// CHECK: %[[IN:.*]] = arith.andi %[[GE]], %[[LT]]
// CHECK: %[[C0:.*]] = arith.select %[[IN]], %[[S]], %c0
// CHECK: linalg.index 1
// CHECK: %[[V:.*]] = tensor.extract %{{.*}}[%[[C0]], %{{.*}}] : tensor<3x4xf32>
// CHECK: %[[R:.*]] = arith.select %{{.*}}, %[[V]], %{{.*}} : f32
// CHECK: linalg.yield %[[R]]
// TABLE-LABEL: func.func @pad
// TABLE: #tile.config<root = "elementwise", workgroup = [1, 4]>
func.func @pad(%a: tensor<3x4xf32>) -> tensor<5x8xf32> {
  %0 = tile.kernel "pad" (%a) : (tensor<3x4xf32>) -> tensor<5x8xf32> {
  ^bb0(%x: tensor<3x4xf32>):
    %v = arith.constant -1.5 : f32
    %p = tensor.pad %x low[1, 2] high[1, 2] {
    ^bb0(%i: index, %j: index):
      tensor.yield %v : f32
    } : tensor<3x4xf32> to tensor<5x8xf32>
    tile.yield %p : tensor<5x8xf32>
  }
  return %0 : tensor<5x8xf32>
}

// -----

// The pad of a value computed in the kernel (a fused producer) and a pad
// whose value depends on the index stay as they are.
// CHECK-LABEL: func.func @not_pad_only
// CHECK: tensor.pad
// CHECK-LABEL: func.func @index_value
// CHECK: tensor.pad
// TABLE-LABEL: func.func @not_pad_only
// TABLE: #tile.config<root = "elementwise", workgroup = [0, 0]>
func.func @not_pad_only(%a: tensor<3x4xf32>) -> tensor<5x8xf32> {
  %0 = tile.kernel "pad" (%a) : (tensor<3x4xf32>) -> tensor<5x8xf32> {
  ^bb0(%x: tensor<3x4xf32>):
    %v = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<3x4xf32>
    %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<3x4xf32>) outs(%e : tensor<3x4xf32>) {
    ^bb0(%i: f32, %o: f32):
      %m = arith.maximumf %i, %v : f32
      linalg.yield %m : f32
    } -> tensor<3x4xf32>
    %p = tensor.pad %r low[1, 2] high[1, 2] {
    ^bb0(%i: index, %j: index):
      tensor.yield %v : f32
    } : tensor<3x4xf32> to tensor<5x8xf32>
    tile.yield %p : tensor<5x8xf32>
  }
  return %0 : tensor<5x8xf32>
}
func.func @index_value(%a: tensor<3x4xindex>) -> tensor<5x8xindex> {
  %0 = tile.kernel "pad" (%a) : (tensor<3x4xindex>) -> tensor<5x8xindex> {
  ^bb0(%x: tensor<3x4xindex>):
    %p = tensor.pad %x low[1, 2] high[1, 2] {
    ^bb0(%i: index, %j: index):
      tensor.yield %i : index
    } : tensor<3x4xindex> to tensor<5x8xindex>
    tile.yield %p : tensor<5x8xindex>
  }
  return %0 : tensor<5x8xindex>
}
