// RUN: strata-opt %s -split-input-file -strata-convert-graph-to-linalg | FileCheck %s

// Nearest: one generic per resized dim; the unchanged N and C dims are
// skipped. Each element computes its input coordinate (half_pixel:
// (x + 0.5) / scale - 0.5), rounds it and reads one element.
// CHECK-LABEL: func.func @resize_nearest
// CHECK: %[[H:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x4x2xf32>)
// CHECK:   linalg.index 2
// CHECK:   arith.addf
// CHECK:   arith.divf
// CHECK:   math.floor
// CHECK:   arith.cmpf ogt
// CHECK:   arith.maxsi
// CHECK:   arith.minsi
// CHECK:   tensor.extract %{{.*}} : tensor<1x1x2x2xf32>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x4x4xf32>)
// CHECK:   linalg.index 3
// CHECK:   tensor.extract %[[H]]
// CHECK-NOT: linalg.generic
func.func @resize_nearest(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %0 = graph.resize %x nearest {scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Linear reads two neighbours, blended in f64 and rounded back.
// CHECK-LABEL: func.func @resize_linear
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<6xf32>)
// CHECK:   math.ceil
// CHECK-COUNT-2: tensor.extract
// CHECK:   arith.truncf %{{.*}} : f64 to f32
func.func @resize_linear(%x: tensor<3xf32>) -> tensor<6xf32> {
  %0 = graph.resize %x linear coordinates align_corners {scales = array<f64: 2.0>} : tensor<3xf32> to tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// Cubic reads four; exclude_outside zeroes the weights of neighbours
// outside the input and renormalizes.
// CHECK-LABEL: func.func @resize_cubic_exclude
// CHECK: linalg.generic
// CHECK-COUNT-4: arith.cmpi slt
// CHECK-COUNT-4: tensor.extract
// CHECK-NOT: tensor.extract
func.func @resize_cubic_exclude(%x: tensor<4xf32>) -> tensor<2xf32> {
  %0 = graph.resize %x cubic {scales = array<f64: 0.5>, exclude_outside = true} : tensor<4xf32> to tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Antialiased linear downscaling by 1/2 widens the filter to four taps.
// CHECK-LABEL: func.func @resize_antialias
// CHECK: linalg.generic
// CHECK-COUNT-4: tensor.extract
// CHECK-NOT: tensor.extract
func.func @resize_antialias(%x: tensor<8xf32>) -> tensor<4xf32> {
  %0 = graph.resize %x linear {scales = array<f64: 0.5>, antialias = true} : tensor<8xf32> to tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// tf_crop_and_resize gives the extrapolation value outside the input.
// CHECK-LABEL: func.func @resize_crop
// CHECK: linalg.generic
// CHECK:   arith.cmpf olt
// CHECK:   arith.cmpf ogt
// CHECK:   %[[OUT:.*]] = arith.ori
// CHECK:   arith.select %[[OUT]], %{{.*}}, %{{.*}} : i32
func.func @resize_crop(%x: tensor<4xi32>) -> tensor<3xi32> {
  %0 = graph.resize %x nearest coordinates tf_crop_and_resize {scales = array<f64: 0.75>, roi = array<f64: -0.5, 1.5>, extrapolation_value = 7.0 : f64} : tensor<4xi32> to tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

// Nothing to resize: the input itself.
// CHECK-LABEL: func.func @resize_identity
// CHECK-NOT: linalg.generic
// CHECK: return %arg0
func.func @resize_identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = graph.resize %x cubic {scales = array<f64: 1.0, 1.0>} : tensor<2x3xf32> to tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// grid_sample: one generic over the output; each element reads its grid
// point (x for the innermost dim, then y) and blends 2 x 2 neighbours,
// masked to zero outside the input.
// CHECK-LABEL: func.func @grid_sample_linear
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x2x3x4xf32>)
// CHECK:   tensor.extract %arg1[%{{.*}}, %{{.*}}, %{{.*}}, %c1{{.*}}] : tensor<1x3x4x2xf32>
// CHECK:   tensor.extract %arg1[%{{.*}}, %{{.*}}, %{{.*}}, %c0{{.*}}] : tensor<1x3x4x2xf32>
// CHECK-COUNT-4: tensor.extract %arg0
// CHECK-NOT: tensor.extract
// CHECK: linalg.yield
func.func @grid_sample_linear(%x: tensor<1x2x5x6xf32>, %g: tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32> {
  %0 = graph.grid_sample %x, %g linear : (tensor<1x2x5x6xf32>, tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

// Nearest rounds halves to even and reads one element.
// CHECK-LABEL: func.func @grid_sample_nearest
// CHECK: linalg.generic
// CHECK:   math.roundeven
// CHECK-COUNT-1: tensor.extract %arg0
// CHECK-NOT: tensor.extract
func.func @grid_sample_nearest(%x: tensor<1x1x4xf32>, %g: tensor<1x3x1xf32>) -> tensor<1x1x3xf32> {
  %0 = graph.grid_sample %x, %g nearest padding border : (tensor<1x1x4xf32>, tensor<1x3x1xf32>) -> tensor<1x1x3xf32>
  return %0 : tensor<1x1x3xf32>
}
