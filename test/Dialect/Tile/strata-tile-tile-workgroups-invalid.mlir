// RUN: strata-opt %s -split-input-file -strata-tile-tile-workgroups -verify-diagnostics

func.func @no_config(%a: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'tile.kernel' op has no #tile.config to tile by}}
  %0 = tile.kernel "exp" (%a) : (tensor<8xf32>) -> tensor<8xf32> {
  ^bb0(%x: tensor<8xf32>):
    tile.yield %x : tensor<8xf32>
  }
  return %0 : tensor<8xf32>
}

// -----

func.func @wrong_rank(%a: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'tile.kernel' op config has 2 workgroup sizes for 1 loops}}
  %0 = tile.kernel "exp" (%a) {config = #tile.config<root = "elementwise", workgroup = [4, 4]>} : (tensor<8xf32>) -> tensor<8xf32> {
  ^bb0(%x: tensor<8xf32>):
    %e = tensor.empty() : tensor<8xf32>
    %r = linalg.exp ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
    tile.yield %r : tensor<8xf32>
  }
  return %0 : tensor<8xf32>
}
