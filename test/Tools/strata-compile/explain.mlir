// --explain prints the model's path through the map.
// RUN: strata-compile %s -o %t.so --explain | FileCheck %s
// CHECK: strata-compile --explain: {{.*}}explain.mlir -> {{.*}}.so (target cpu)
// CHECK-NEXT: graph: 4 graph ops (constant 1, matmul 1, add 1, relu 1)
// CHECK-NEXT: tile: 1 kernels (fusion groups)
// CHECK-NEXT: matmul_0: {{[0-9]+}} linalg ops, config #tile.config<root = "matmul"
// CHECK-NEXT: kernel: 1 kernel.func, 1 launches in order
// CHECK-NEXT: matmul_0 grid ({{[0-9]+}}, {{[0-9]+}}, 1)
// CHECK-NEXT: target: {{[0-9]+}} LLVM functions
// CHECK-NEXT: artifact: {{.*}}.so, {{[0-9]+}} bytes, exports strata_get_artifact (ABI 1)
// CHECK-NEXT: input 0 'input0' [16x8] f32
// CHECK-NEXT: output 0 'output0' [16x4] f32
// CHECK-NEXT: phase times: graph {{[0-9.]+}} ms tile {{[0-9.]+}} ms kernel {{[0-9.]+}} ms target {{[0-9.]+}} ms artifact {{[0-9.]+}} ms
func.func @f(%x: tensor<16x8xf32>) -> tensor<16x4xf32> {
  %w = graph.constant dense<0.5> : tensor<8x4xf32>
  %m = graph.matmul %x, %w : (tensor<16x8xf32>, tensor<8x4xf32>) -> tensor<16x4xf32>
  %a = graph.add %m, %m : (tensor<16x4xf32>, tensor<16x4xf32>) -> tensor<16x4xf32>
  %r = graph.relu %a : tensor<16x4xf32>
  return %r : tensor<16x4xf32>
}
