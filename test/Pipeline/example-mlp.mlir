// The bundled example (README's first command) through shape inference and
// canonicalization: dims become static, the bias sum folds, the identity
// reshape vanishes.
// RUN: strata-opt %strata_src_root/examples/mlp.mlir --strata-graph-infer-shapes --canonicalize | FileCheck %s
// CHECK-LABEL: func.func @mlp
// CHECK-NOT: graph.add %{{.*}}, %{{.*}} : (tensor<32xf32>, tensor<32xf32>)
// CHECK: %[[H:.*]] = graph.matmul %{{.*}}, %{{.*}} : (tensor<8x64xf32>, tensor<64x32xf32>) -> tensor<8x32xf32>
// CHECK: graph.add %[[H]], %{{.*}} : (tensor<8x32xf32>, tensor<32xf32>) -> tensor<8x32xf32>
// CHECK: graph.gelu %{{.*}} : tensor<8x32xf32>
// CHECK: graph.softmax %{{.*}} {axis = 1 : i64} : tensor<8x10xf32>
// CHECK-NOT: graph.reshape
// CHECK: return
