// --dump-layers writes the IR at every boundary; --timing prints one line of
// per-phase times; standard MLIR flags work.
// RUN: rm -rf %t && strata-compile %s -o %t.so --dump-layers=%t --timing 2>&1 | FileCheck %s --check-prefix=TIME
// RUN: FileCheck %s --check-prefix=L1 --input-file=%t/1-graph.mlir
// RUN: FileCheck %s --check-prefix=L2 --input-file=%t/2-tile.mlir
// RUN: FileCheck %s --check-prefix=L3 --input-file=%t/3-kernel.mlir
// RUN: FileCheck %s --check-prefix=L4 --input-file=%t/4-target.mlir
// RUN: strata-compile %s --emit=tile --mlir-print-ir-after=strata-tile-form-kernels -o /dev/null 2>&1 | FileCheck %s --check-prefix=AFTER
// RUN: strata-compile %s --emit=kernel --mlir-timing -o /dev/null 2>&1 | FileCheck %s --check-prefix=MLIRTIME

// TIME: strata-compile: timing: graph {{[0-9.]+}} ms, tile {{[0-9.]+}} ms, kernel {{[0-9.]+}} ms, target {{[0-9.]+}} ms, artifact {{[0-9.]+}} ms, total {{[0-9.]+}} ms
// L1: graph.exp
// L2: tile.kernel
// L3: kernel.launch
// L4: llvm.func
// AFTER: IR Dump After TileFormKernels
// AFTER: tile.kernel "generic_0"
// MLIRTIME: Execution time report
func.func @f(%x: tensor<16xf32>) -> tensor<16xf32> {
  %0 = graph.exp %x : tensor<16xf32>
  return %0 : tensor<16xf32>
}
