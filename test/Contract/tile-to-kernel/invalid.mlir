// Each rule of the tile-to-kernel contract, broken once.
// RUN: strata-opt %s -split-input-file --strata-verify-contract=tile-to-kernel -verify-diagnostics

func.func @graph_left(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{'graph.relu' op breaks contract tile-to-kernel v1 rule 'no-graph-ops': graph ops must be lowered into tile.kernel bodies}}
  // expected-error @+1 {{'graph.relu' op breaks contract tile-to-kernel v1 rule 'host-ops'}}
  %0 = graph.relu %a : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @compute_on_host(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'linalg.add' op breaks contract tile-to-kernel v1 rule 'host-ops': outside kernels only tile.kernel, arith.constant (weights), tensor.expand_shape/collapse_shape and func.return may appear, found 'linalg.add'}}
  %0 = linalg.add ins(%a, %a : tensor<2xf32>, tensor<2xf32>) outs(%a : tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @no_config(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'tile.kernel' op breaks contract tile-to-kernel v1 rule 'kernel-config': kernel 'k' has no #tile.config}}
  %0 = tile.kernel "k" (%a) : (tensor<2xf32>) -> tensor<2xf32> {
  ^bb0(%x: tensor<2xf32>):
    tile.yield %x : tensor<2xf32>
  }
  return %0 : tensor<2xf32>
}

// -----

func.func @buffer_in_kernel(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = tile.kernel "k" (%a) {config = #tile.config<root = "copy", workgroup = [0]>} : (tensor<2xf32>) -> tensor<2xf32> {
  ^bb0(%x: tensor<2xf32>):
    // expected-error @+2 {{'bufferization.to_buffer' op breaks contract tile-to-kernel v1 rule 'kernel-body': kernel bodies hold linalg, tensor, arith, math and scf ops only, found 'bufferization.to_buffer' in kernel 'k'}}
    // expected-error @+1 {{'bufferization.to_buffer' op breaks contract tile-to-kernel v1 rule 'no-buffers': buffers (memref<2xf32>) do not exist before the kernel layer}}
    %m = bufferization.to_buffer %x : tensor<2xf32> to memref<2xf32>
    tile.yield %x : tensor<2xf32>
  }
  return %0 : tensor<2xf32>
}
