// RUN: strata-opt %s -split-input-file -strata-graph-infer-shapes | FileCheck %s

// Dynamic result dims become static where the rule knows them, and the
// function's result type follows.
// CHECK-LABEL: func.func @refine
// CHECK-SAME: -> (tensor<2x3xf32>, tensor<2x4xf32>)
// CHECK: graph.add %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: graph.exp %{{.*}} : tensor<2x3xf32>
// CHECK: graph.matmul %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
func.func @refine(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %w: tensor<3x4xf32>) -> (tensor<?x?xf32>, tensor<?x4xf32>) {
  %0 = graph.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x?xf32>
  %1 = "graph.exp"(%0) : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %2 = graph.matmul %a, %w : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<?x4xf32>
  return %1, %2 : tensor<?x?xf32>, tensor<?x4xf32>
}

// -----

// A stated dim the rule cannot know is kept.
// CHECK-LABEL: func.func @keep_known
// CHECK: graph.add %{{.*}}, %{{.*}} : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<5x3xf32>
func.func @keep_known(%a: tensor<?x3xf32>, %b: tensor<3xf32>) -> tensor<5x3xf32> {
  %0 = graph.add %a, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}

// -----

// A value used outside the graph dialect keeps its type.
// CHECK-LABEL: func.func @foreign_user
// CHECK: graph.add %{{.*}}, %{{.*}} : (tensor<4xf32>, tensor<4xf32>) -> tensor<?xf32>
// CHECK: tensor.dim
func.func @foreign_user(%a: tensor<4xf32>) -> index {
  %0 = graph.add %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<?xf32>
  %c0 = arith.constant 0 : index
  %d = tensor.dim %0, %c0 : tensor<?xf32>
  return %d : index
}
