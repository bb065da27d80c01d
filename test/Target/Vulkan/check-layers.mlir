// --check-layers with --target=vulkan: the target layer is the Vulkan
// artifact run by strata-rt's Vulkan backend (lavapipe in CI), compared
// with the graph reference like the CPU layers.
// REQUIRES: vulkan
// RUN: rm -rf %t && strata-compile %s --target=vulkan --check-layers --check-layers-dir=%t/ok | FileCheck %s --check-prefix=OK
// OK: strata-compile --check-layers: entry 'f', target vulkan, 3 kernels, 2 values compared per layer
// OK: target {{.*}}matches
// OK-NEXT: all layers match the graph reference
// A bug injected after kernel -> target (the first spirv.FAdd becomes a
// spirv.FSub) is named at the target layer, with the kernel:
// RUN: not strata-compile %s --target=vulkan --check-layers --check-layers-dir=%t/bad --strata-test-break=target:miscompile | FileCheck %s --check-prefix=BAD
// BAD: kernel {{.*}}matches
// BAD-NEXT: target {{.*}}DIVERGES
// BAD: first divergence: layer target (made by the kernel -> target phase), kernel 'matmul_0'
// BAD: IR after the phase: {{.*}}matmul_0.target.mlir
func.func @f(%x: tensor<16x8xf32>) -> (tensor<16x8xf32>, tensor<16x8xf32>) {
  %w = graph.constant dense<0.25> : tensor<8x8xf32>
  %m = graph.matmul %x, %w : (tensor<16x8xf32>, tensor<8x8xf32>) -> tensor<16x8xf32>
  %a = graph.add %m, %x : (tensor<16x8xf32>, tensor<16x8xf32>) -> tensor<16x8xf32>
  %r = graph.relu %a : tensor<16x8xf32>
  %s = graph.softmax %r {axis = 1 : i64} : tensor<16x8xf32>
  return %s, %r : tensor<16x8xf32>, tensor<16x8xf32>
}
