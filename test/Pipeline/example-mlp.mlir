// The bundled example (README's first command) through shape inference and
// canonicalization: dims become static, the bias sum folds, the identity
// reshape vanishes.
// RUN: strata-opt %strata_src_root/examples/mlp.mlir --strata-graph-infer-shapes --canonicalize | FileCheck %s
// CHECK-LABEL: func.func @mlp
// CHECK-DAG: %[[B1:.*]] = graph.constant dense<7.500000e-01> : tensor<128xf32>
// CHECK: %[[H:.*]] = graph.matmul %{{.*}}, %{{.*}} : (tensor<?x784xf32>, tensor<784x128xf32>) -> tensor<?x128xf32>
// CHECK: graph.add %[[H]], %[[B1]] : (tensor<?x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
// CHECK: graph.gelu %{{.*}} : tensor<?x128xf32>
// CHECK: graph.softmax %{{.*}} {axis = 1 : i64} : tensor<?x10xf32>
// CHECK-NOT: graph.reshape
// CHECK: return
