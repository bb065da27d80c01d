// --check-layers runs the same inputs at every layer that executes on the
// CPU and compares each with the graph reference. A clean compilation
// matches at every layer:
// RUN: rm -rf %t && strata-compile %s --check-layers --check-layers-dir=%t/ok | FileCheck %s --check-prefix=OK
// OK: strata-compile --check-layers: entry 'f', target cpu, 3 kernels, 2 values compared per layer (inputs: random, seed 1)
// OK-NEXT: graph {{ *}}reference: {{.*}}reference
// OK-NEXT: tile {{.*}}matches
// OK-NEXT: kernel {{.*}}matches
// OK-NEXT: target {{.*}}matches
// OK-NEXT: all layers match the graph reference

// A bug injected after graph -> tile (the first float add turns into a
// subtraction: here the matmul's accumulation in kernel matmul_0) is
// named at the tile layer, with the kernel, its graph ops and its IR
// before and after the phase:
// RUN: not strata-compile %s --check-layers --check-layers-dir=%t/tile --strata-test-break=tile:miscompile | FileCheck %s --check-prefix=TILE
// TILE: tile {{.*}}DIVERGES (2 of 2 values)
// TILE: first divergence: layer tile (made by the graph -> tile phase), kernel 'matmul_0'
// TILE-NEXT: value: graph.relu at loc("{{.*}}check-layers.mlir":[[@LINE+36]]:{{[0-9]+}}) (entry output 1)
// TILE-NEXT: {{[0-9]+}} of 128 elements differ; worst at [{{[0-9]+}}, {{[0-9]+}}]: got {{.*}}, reference {{.*}} (tolerance rtol 0.0001, atol 1e-05)
// TILE-NEXT: graph ops in the kernel:
// TILE-DAG: graph.matmul at loc("{{.*}}check-layers.mlir":[[@LINE+31]]:{{[0-9]+}})
// TILE-DAG: graph.add at loc("{{.*}}check-layers.mlir":[[@LINE+31]]:{{[0-9]+}})
// TILE: IR before the phase: {{.*}}tile{{/|\\}}matmul_0.graph.mlir
// TILE-NEXT: IR after the phase: {{.*}}tile{{/|\\}}matmul_0.tile.mlir
// RUN: FileCheck %s --check-prefix=BEFORE --input-file=%t/tile/matmul_0.graph.mlir
// BEFORE: graph ops of kernel 'matmul_0'
// BEFORE: graph.matmul
// RUN: FileCheck %s --check-prefix=AFTER --input-file=%t/tile/matmul_0.tile.mlir
// AFTER: tile.kernel "matmul_0"
// AFTER: arith.subf

// Injected after tile -> kernel: the tile layer still matches.
// RUN: not strata-compile %s --check-layers --check-layers-dir=%t/kernel --strata-test-break=kernel:miscompile | FileCheck %s --check-prefix=KERNEL
// KERNEL: tile {{.*}}matches
// KERNEL-NEXT: kernel {{.*}}DIVERGES
// KERNEL: first divergence: layer kernel (made by the tile -> kernel phase), kernel '{{[a-z_0-9]+}}'
// KERNEL: IR before the phase: {{.*}}.tile.mlir
// KERNEL-NEXT: IR after the phase: {{.*}}.kernel.mlir

// Injected after kernel -> target: only the target diverges.
// RUN: not strata-compile %s --check-layers --check-layers-dir=%t/target --strata-test-break=target:miscompile | FileCheck %s --check-prefix=TARGET
// TARGET: kernel {{.*}}matches
// TARGET-NEXT: target {{.*}}DIVERGES
// TARGET: first divergence: layer target (made by the kernel -> target phase)

// Inputs may come from .npy files; a wrong count is an error.
// RUN: not strata-compile %s --check-layers --check-layers-dir=%t/n --input=%t/missing.npy 2>&1 | FileCheck %s --check-prefix=NPY
// NPY: error: --check-layers: input 0:

func.func @f(%x: tensor<16x8xf32>) -> (tensor<16x8xf32>, tensor<16x8xf32>) {
  %w = graph.constant dense<0.25> : tensor<8x8xf32>
  %m = graph.matmul %x, %w : (tensor<16x8xf32>, tensor<8x8xf32>) -> tensor<16x8xf32>
  %a = graph.add %m, %x : (tensor<16x8xf32>, tensor<16x8xf32>) -> tensor<16x8xf32>
  %r = graph.relu %a : tensor<16x8xf32>
  %s = graph.softmax %r {axis = 1 : i64} : tensor<16x8xf32>
  return %s, %r : tensor<16x8xf32>, tensor<16x8xf32>
}
