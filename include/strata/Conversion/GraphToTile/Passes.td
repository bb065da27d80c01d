//===- Passes.td - graph→tile conversion passes ------------*- tablegen -*-===//
//
// Passes that take the graph layer (L1) down towards the tile layer (L2).
// The first step lowers every graph op to value-semantic upstream ops.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_CONVERSION_GRAPHTOTILE_PASSES_TD
#define STRATA_CONVERSION_GRAPHTOTILE_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertGraphToLinalg
    : Pass<"strata-convert-graph-to-linalg", "mlir::func::FuncOp"> {
  let summary = "Lower graph ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Rewrites every `graph` op of a function into value-semantic upstream ops,
    the form the tile layer groups into kernels:

    - elementwise ops (with numpy broadcasting) become one `linalg.generic`
      whose indexing maps broadcast the operands; f16/bf16 math is computed
      in f32;
    - `matmul` and `gemm` become `linalg.matmul` / `linalg.batch_matmul`
      (batch dims broadcast and collapsed to one), transposes
      `linalg.transpose`; f16/bf16 products (and conv, pooling and
      reduction sums) accumulate in f32 and are rounded once;
    - `conv2d` becomes `linalg.conv_2d_nchw_fchw` (grouped:
      `linalg.conv_2d_ngchw_gfchw`) on a `tensor.pad`ded input; pools become
      `linalg.pooling_nchw_max` / `linalg.pooling_nchw_sum` followed by the
      ONNX divisor;
    - reductions become `linalg.reduce` (arg-reductions a two-result
      `linalg.generic`), `keepdims` a `tensor.expand_shape`;
    - softmax, log_softmax, layer_norm and batch_norm are decomposed into
      reductions and elementwise generics;
    - data movement becomes `tensor` ops (`collapse_shape`, `expand_shape`,
      `extract_slice`, `concat`, `pad`) or a `linalg.generic` that computes
      source indices (negative-step slices, gather, reflect/edge padding);
    - `graph.constant` becomes `arith.constant` with the same elements.

    Only static shapes are supported for now: a graph op with a dynamic
    dimension is reported at its location and the pass fails. Any graph op
    that cannot be lowered is reported as `failed to legalize operation` and
    the pass fails; nothing is left half-converted.

    ```mlir
    %0 = graph.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    // becomes
    %e = tensor.empty() : tensor<2x3xf32>
    %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                          affine_map<(d0, d1) -> (d1)>,
                                          affine_map<(d0, d1) -> (d0, d1)>],
                         iterator_types = ["parallel", "parallel"]}
        ins(%a, %b : tensor<2x3xf32>, tensor<3xf32>) outs(%e : tensor<2x3xf32>) {
    ^bb0(%x: f32, %y: f32, %out: f32):
      %s = arith.addf %x, %y : f32
      linalg.yield %s : f32
    } -> tensor<2x3xf32>
    ```
  }];
  let dependentDialects = [
    "mlir::linalg::LinalgDialect",
    "mlir::tensor::TensorDialect",
    "mlir::arith::ArithDialect",
    "mlir::math::MathDialect"
  ];
}

#endif // STRATA_CONVERSION_GRAPHTOTILE_PASSES_TD
