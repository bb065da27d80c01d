// --where says where an op, dialect, pass or contract sits on the map. Every
// pass the map lists is registered (its description is printed).
// RUN: strata-opt --where=graph.matmul | FileCheck %s --check-prefix=OP
// RUN: strata-opt --where=linalg.matmul | FileCheck %s --check-prefix=UPSTREAM
// RUN: strata-opt --where=kernel | FileCheck %s --check-prefix=DIALECT
// RUN: strata-opt --where=strata-tile-form-kernels | FileCheck %s --check-prefix=PASS
// RUN: strata-opt --where=strata-graph-infer-shapes | FileCheck %s --check-prefix=WITHIN
// RUN: strata-opt --where=tile-to-kernel | FileCheck %s --check-prefix=CONTRACT
// RUN: strata-opt --where=strata-convert-kernel-to-spirv | FileCheck %s --check-prefix=TARGET
// RUN: not strata-opt --where=frobnicate 2>&1 | FileCheck %s --check-prefix=NONE
// OP: op 'graph.matmul': the dialect of L1 graph
// UPSTREAM: op 'linalg.matmul': used in L2 tile
// UPSTREAM: op 'linalg.matmul': used in L3 kernel
// DIALECT: dialect 'kernel': the dialect of L3 kernel
// PASS: pass 'strata-tile-form-kernels': lowers from L1 graph to L2 tile: Group linalg/tensor ops on tensors into tile.kernel ops
// WITHIN: pass 'strata-graph-infer-shapes': runs within L1 graph: Refine graph op result types
// CONTRACT: contract 'tile-to-kernel' v1: the boundary from tile to kernel, 5 rules
// TARGET: pass 'strata-convert-kernel-to-spirv': lowers from L3 kernel to L4 target (vulkan): Turn kernel.func grids into Vulkan-ready gpu.func kernels
// NONE: strata-opt: error: 'frobnicate' is not an op, dialect, pass or contract on the Strata map
