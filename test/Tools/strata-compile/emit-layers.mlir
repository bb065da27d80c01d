// strata-compile stops at every layer, and what it emits re-enters strata-opt
// at that layer and satisfies the contract of the boundary below it.
// RUN: strata-compile %s --emit=graph -o %t.graph.mlir
// RUN: strata-opt %t.graph.mlir --strata-verify-contract=graph-to-tile | FileCheck %s --check-prefix=GRAPH
// RUN: strata-compile %s --emit=tile -o %t.tile.mlir
// RUN: strata-opt %t.tile.mlir --strata-verify-contract=tile-to-kernel | FileCheck %s --check-prefix=TILE
// RUN: strata-compile %s --emit=kernel -o %t.kernel.mlir
// RUN: strata-opt %t.kernel.mlir --strata-verify-contract=kernel-to-target | FileCheck %s --check-prefix=KERNEL
// RUN: strata-compile %s --emit=target -o %t.target.mlir
// RUN: FileCheck %s --check-prefix=TARGET --input-file=%t.target.mlir
// The emitted tile layer compiles on to an artifact (entering at L2).
// RUN: strata-compile %t.tile.mlir --compile-from=tile -o %t.so
// RUN: strata-run %t.so | FileCheck %s --check-prefix=EXEC

// GRAPH: graph.matmul
// GRAPH: graph.relu
// TILE: tile.kernel "matmul_0"
// TILE-SAME: #tile.config<root = "matmul"
// TILE: linalg.matmul
// KERNEL: kernel.func @matmul_0
// KERNEL: kernel.launch @matmul_0
// TARGET: llvm.func @net
// TARGET-NOT: kernel.
// EXEC: output 0 'output0'
func.func @net(%x: tensor<4x8xf32>) -> tensor<4x2xf32> {
  %w = graph.constant dense<0.25> : tensor<8x2xf32>
  %m = graph.matmul %x, %w : (tensor<4x8xf32>, tensor<8x2xf32>) -> tensor<4x2xf32>
  %r = graph.relu %m : tensor<4x2xf32>
  return %r : tensor<4x2xf32>
}
