//===- Passes.td - graph-layer (L1) passes -----------------*- tablegen -*-===//

#ifndef STRATA_GRAPH_PASSES_TD
#define STRATA_GRAPH_PASSES_TD

include "mlir/Pass/PassBase.td"

def GraphInferShapes : Pass<"strata-graph-infer-shapes", "mlir::func::FuncOp"> {
  let summary = "Refine graph op result types to the shapes their rules infer";
  let description = [{
    Walks each function in order and, for every graph op whose shape rule
    infers a more static result type than the one stated (for example after
    an importer left dims dynamic, or after a constant became known), sets
    the inferred type. When a refined value is returned, the function's
    result type is refined with it. Values used by ops outside the graph
    dialect (other than `func.return`) keep their type, so the pass never
    breaks a verifier.

    ```mlir
    %0 = graph.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x?xf32>
    // becomes
    %0 = graph.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let dependentDialects = ["::strata::graph::GraphDialect"];
}

#endif // STRATA_GRAPH_PASSES_TD
