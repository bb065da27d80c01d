// Bad input gets a clear, located error and a non-zero exit.
// RUN: not strata-compile %s --target=quantum 2>&1 | FileCheck %s --check-prefix=TARGET
// RUN: not strata-compile %s --emit=bytecode 2>&1 | FileCheck %s --check-prefix=EMIT
// RUN: not strata-compile %s.onnx 2>&1 | FileCheck %s --check-prefix=ONNX
// RUN: not strata-compile %s -o %t.so 2>&1 | FileCheck %s --check-prefix=DYN
// RUN: not strata-compile %s --compile-from=kernel 2>&1 | FileCheck %s --check-prefix=FROM
// RUN: not strata-compile %s --emit=tile 2>&1 | FileCheck %s --check-prefix=CONTRACT
// RUN: not strata-compile %S/does-not-exist.mlir 2>&1 | FileCheck %s --check-prefix=MISSING

// TARGET: strata-compile: error: unknown target 'quantum' (this build has: cpu, vulkan, cuda, rocm)
// EMIT: strata-compile: error: --emit must be graph, tile, kernel, target, obj or artifact, got 'bytecode'
// ONNX: error: cannot open '{{.*}}errors.mlir.onnx': No such file or directory
// DYN: errors.mlir:{{[0-9]+}}:1: error: entry 'dynamic': input0 has type 'tensor<?x4xf32>'; artifacts (ABI v1) take ranked tensors of static shape
// DYN-NOT: error
// FROM: strata-compile: error: artifacts need the entry's tensor signature; compile from the graph or tile layer
// CONTRACT: errors.mlir:{{[0-9]+}}:1: error: 'func.func' op breaks contract graph-to-tile v1 rule 'static-shapes': argument type tensor<?x4xf32> has a dynamic dimension
// CONTRACT: strata-compile: error: the tile phase failed
// MISSING: strata-compile: error: cannot open input file
// MISSING-SAME: does-not-exist.mlir

func.func @dynamic(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = graph.relu %x : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
