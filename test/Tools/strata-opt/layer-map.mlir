// The map printed from the layer table, the registered dialects and the
// contract declarations.
// RUN: strata-opt --print-layer-map | FileCheck %s
// CHECK: L1 graph [phase graph]
// CHECK-NEXT: dialect 'graph' ({{[0-9]+}} ops): graph.abs, graph.acos, graph.acosh, graph.add,
// CHECK: passes below: strata-convert-graph-to-linalg, strata-tile-fuse-elementwise, strata-tile-form-kernels, strata-tile-select-config
// CHECK: | contract graph-to-tile v1: module-functions, graph-ops-only, static-shapes
// CHECK: L2 tile [phase tile]
// CHECK-NEXT: dialect 'tile' (2 ops): tile.kernel, tile.yield
// CHECK: | contract tile-to-kernel v1: no-graph-ops, host-ops, kernel-config, kernel-body, no-buffers
// CHECK: L3 kernel [phase kernel]
// CHECK-NEXT: dialect 'kernel' (7 ops):
// CHECK: | contract kernel-to-target v1: module-ops, no-upper-layers, no-tensors, host-ops, kernel-body, memory-spaces, host-grid
// CHECK: L4 target [phase target]
// CHECK: targets: cpu, vulkan
// CHECK: vulkan: SPIR-V compute shaders
// CHECK-NEXT: passes (strata-kernel-to-vulkan): strata-convert-kernel-to-spirv, map-memref-spirv-storage-class, convert-math-to-spirv, convert-gpu-to-spirv, spirv-lower-abi-attrs, spirv-update-vce
// The table names only registered passes:
// RUN: strata-opt --print-layer-map | FileCheck %s --check-prefix=REG
// REG-NOT: not registered
// The markdown and Graphviz forms (docs/Map.md, docs/Map.dot):
// RUN: strata-opt --print-layer-map=markdown | FileCheck %s --check-prefix=MD
// MD: # The Strata map
// MD: | phase | layer | dialect |
// MD: | graph | L1 graph | `graph` |
// MD: ## L2 tile
// MD: - passes to the next layer, in order:
// MD-NEXT: - `strata-outline-tile-kernels`: {{.+}}
// RUN: strata-opt --print-layer-map=dot | FileCheck %s --check-prefix=DOT
// DOT: digraph strata_map {
// DOT: l1 [label="L1 graph  (dialect 'graph',
// DOT: l1 -> l2 [label=" contract graph-to-tile v1 (3 rules)
// RUN: not strata-opt --print-layer-map=html 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: --print-layer-map takes text, markdown or dot, got 'html'
