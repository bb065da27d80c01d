//===- GraphOps.td - graph dialect (L1) ops ----------------*- tablegen -*-===//
//
// The ops of the graph layer: value-semantic tensor ops on builtin ranked
// tensors, with verifiers and result-type inference. Shape rules live in
// ShapeInference.h so that they are stated once.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_GRAPH_OPS_TD
#define STRATA_GRAPH_OPS_TD

include "dialects/Graph/IR/GraphBase.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/BuiltinAttributes.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class Graph_Op<string mnemonic, list<Trait> traits = []>
    : Op<Graph_Dialect, mnemonic, !listconcat([Pure], traits)>;

// Verifies the op's shape rule with a located diagnostic naming the rule's
// reason. It runs before InferTypeOpInterface's own check, which only says
// that inference failed.
def Graph_ShapeRule : NativeOpTrait<"ShapeRule"> {
  let cppNamespace = "::strata::graph::OpTrait";
}

// An op whose result type is inferred by a shape rule. The stated result type
// may be more static than the inferred one, never contradict it.
class Graph_InferOp<string mnemonic, list<Trait> traits = []>
    : Graph_Op<mnemonic, !listconcat(traits, [Graph_ShapeRule,
                                              InferTypeOpAdaptorWithIsCompatible])>;

//===----------------------------------------------------------------------===//
// constant
//===----------------------------------------------------------------------===//

def Graph_ConstantOp : Graph_Op<"constant", [ConstantLike,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "a tensor constant (weights, initializers, literals)";
  let description = [{
    Produces the tensor given by an elements attribute. Weights and ONNX
    initializers become `graph.constant` ops; the low-precision types that
    only graph.cast takes (f8E4M3FN, i4, ...) can be constants too.

    ```mlir
    %w = graph.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Graph_CastTensor:$result);
  let assemblyFormat = "attr-dict $value";
  let builders = [OpBuilder<(ins "::mlir::ElementsAttr":$value), [{
    build($_builder, $_state, value.getType(), value);
  }]>];
  let hasFolder = 1;
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise unary
//===----------------------------------------------------------------------===//

class Graph_UnaryOp<string mnemonic, Type T, string summaryText,
                    list<Trait> traits = []>
    : Graph_Op<mnemonic, !listconcat(traits, [SameOperandsAndResultType,
                                              InferTypeOpInterface])> {
  let summary = summaryText;
  let description = [{
    Elementwise; the result has the operand's type.
  }];
  let arguments = (ins T:$input);
  let results = (outs T:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

// Unary float ops that constant-fold small tensors.
class Graph_FoldingUnaryOp<string mnemonic, Type T, string summaryText>
    : Graph_UnaryOp<mnemonic, T, summaryText> {
  let hasFolder = 1;
}

def Graph_ExpOp : Graph_FoldingUnaryOp<"exp", Graph_FloatTensor, "e^x">;
def Graph_LogOp : Graph_FoldingUnaryOp<"log", Graph_FloatTensor, "natural logarithm">;
def Graph_TanhOp : Graph_FoldingUnaryOp<"tanh", Graph_FloatTensor, "hyperbolic tangent">;
def Graph_SigmoidOp : Graph_FoldingUnaryOp<"sigmoid", Graph_FloatTensor, "1 / (1 + e^-x)">;
def Graph_ErfOp : Graph_FoldingUnaryOp<"erf", Graph_FloatTensor, "the error function">;
def Graph_SqrtOp : Graph_FoldingUnaryOp<"sqrt", Graph_FloatTensor, "square root">;
def Graph_RsqrtOp : Graph_FoldingUnaryOp<"rsqrt", Graph_FloatTensor, "1 / sqrt(x)">;
def Graph_FloorOp : Graph_FoldingUnaryOp<"floor", Graph_FloatTensor, "round toward -inf">;
def Graph_CeilOp : Graph_FoldingUnaryOp<"ceil", Graph_FloatTensor, "round toward +inf">;
def Graph_NegOp : Graph_FoldingUnaryOp<"neg", Graph_SignedTensor, "-x">;
def Graph_AbsOp : Graph_FoldingUnaryOp<"abs", Graph_SignedTensor, "|x|">;
def Graph_ReluOp : Graph_FoldingUnaryOp<"relu", Graph_SignedTensor, "max(x, 0)">;

def Graph_SinOp : Graph_FoldingUnaryOp<"sin", Graph_FloatTensor, "sine">;
def Graph_CosOp : Graph_FoldingUnaryOp<"cos", Graph_FloatTensor, "cosine">;
def Graph_TanOp : Graph_FoldingUnaryOp<"tan", Graph_FloatTensor, "tangent">;
def Graph_AsinOp : Graph_FoldingUnaryOp<"asin", Graph_FloatTensor, "arcsine">;
def Graph_AcosOp : Graph_FoldingUnaryOp<"acos", Graph_FloatTensor, "arccosine">;
def Graph_AtanOp : Graph_FoldingUnaryOp<"atan", Graph_FloatTensor, "arctangent">;
def Graph_SinhOp : Graph_FoldingUnaryOp<"sinh", Graph_FloatTensor, "hyperbolic sine">;
def Graph_CoshOp : Graph_FoldingUnaryOp<"cosh", Graph_FloatTensor, "hyperbolic cosine">;
def Graph_AsinhOp : Graph_FoldingUnaryOp<"asinh", Graph_FloatTensor, "inverse hyperbolic sine">;
def Graph_AcoshOp : Graph_FoldingUnaryOp<"acosh", Graph_FloatTensor, "inverse hyperbolic cosine">;
def Graph_AtanhOp : Graph_FoldingUnaryOp<"atanh", Graph_FloatTensor, "inverse hyperbolic tangent">;
def Graph_RoundOp : Graph_FoldingUnaryOp<"round", Graph_FloatTensor,
    "round to the nearest integer, halves to even (as ONNX Round)">;
def Graph_BitwiseNotOp : Graph_FoldingUnaryOp<"bitwise_not", Graph_IntTensor,
    "bitwise complement of an integer">;

def Graph_GeluOp : Graph_UnaryOp<"gelu", Graph_FloatTensor,
                                 "Gaussian error linear unit"> {
  let description = [{
    `x * Phi(x)`; with `approximate = tanh` the tanh approximation
    `0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))` (as ONNX Gelu-20).
  }];
  let arguments = (ins Graph_FloatTensor:$input,
      DefaultValuedAttr<Graph_GeluApprox, "::strata::graph::GeluApproximation::none">:$approximate);
  let assemblyFormat = "$input (`approximate` `=` $approximate^)? attr-dict `:` type($input)";
}

//===----------------------------------------------------------------------===//
// Elementwise binary (numpy broadcasting)
//===----------------------------------------------------------------------===//

class Graph_BinaryOp<string mnemonic, Type T, string summaryText>
    : Graph_InferOp<mnemonic, [AllElementTypesMatch<["lhs", "rhs", "result"]>]> {
  let summary = summaryText;
  let description = [{
    Elementwise with numpy broadcasting of the two operands; both operands
    and the result share one element type.
  }];
  let arguments = (ins T:$lhs, T:$rhs);
  let results = (outs T:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Graph_AddOp : Graph_BinaryOp<"add", Graph_NumericTensor, "lhs + rhs">;
def Graph_SubOp : Graph_BinaryOp<"sub", Graph_NumericTensor, "lhs - rhs">;
def Graph_MulOp : Graph_BinaryOp<"mul", Graph_NumericTensor, "lhs * rhs">;
def Graph_DivOp : Graph_BinaryOp<"div", Graph_NumericTensor,
    "lhs / rhs (integers truncate toward zero)">;
def Graph_PowOp : Graph_BinaryOp<"pow", Graph_FloatTensor, "lhs ^ rhs">;
def Graph_MaxOp : Graph_BinaryOp<"max", Graph_NumericTensor, "elementwise maximum">;
def Graph_MinOp : Graph_BinaryOp<"min", Graph_NumericTensor, "elementwise minimum">;

def Graph_RemOp : Graph_BinaryOp<"rem", Graph_NumericTensor,
    "remainder of lhs / rhs truncated toward zero; the sign of lhs (C fmod)">;
def Graph_BitwiseAndOp : Graph_BinaryOp<"bitwise_and", Graph_IntTensor, "lhs & rhs">;
def Graph_BitwiseOrOp : Graph_BinaryOp<"bitwise_or", Graph_IntTensor, "lhs | rhs">;
def Graph_BitwiseXorOp : Graph_BinaryOp<"bitwise_xor", Graph_IntTensor, "lhs ^ rhs">;
def Graph_ShiftLeftOp : Graph_BinaryOp<"shift_left", Graph_IntTensor,
    "lhs << rhs; 0 where rhs is not below the bit width">;
def Graph_ShiftRightOp : Graph_BinaryOp<"shift_right", Graph_IntTensor,
    "lhs >> rhs, logical for ui8..ui64 and arithmetic for signless (signed) "
    "integers; a shift by the bit width or more leaves 0 (or -1 for a "
    "negative signed lhs)">;

def Graph_CompareOp : Graph_InferOp<"compare",
    [AllElementTypesMatch<["lhs", "rhs"]>]> {
  let summary = "elementwise comparison with broadcasting, giving i1";
  let description = [{
    ```mlir
    %m = graph.compare lt, %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
    ```
  }];
  let arguments = (ins Graph_CompareKind:$kind, Graph_Tensor:$lhs, Graph_Tensor:$rhs);
  let results = (outs Graph_BoolTensor:$result);
  let assemblyFormat = "$kind `,` $lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Graph_SelectOp : Graph_InferOp<"select",
    [AllElementTypesMatch<["true_value", "false_value", "result"]>]> {
  let summary = "elementwise choice: cond ? true_value : false_value";
  let description = [{
    The three operands broadcast together (numpy rules).
  }];
  let arguments = (ins Graph_BoolTensor:$cond, Graph_Tensor:$true_value,
                       Graph_Tensor:$false_value);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$cond `,` $true_value `,` $false_value attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Graph_CastOp : Graph_Op<"cast"> {
  let summary = "element type conversion";
  let description = [{
    Converts each element to the result's element type. Float to integer
    rounds toward zero; to `i1` is `x != 0`. The shapes must be compatible.

    Cast is also the only op on the low-precision types (f8E4M3FN,
    f8E4M3FNUZ, f8E5M2, f8E5M2FNUZ, f4E2M1FN, f8E8M0FNU, i4, ui4, i2, ui2):
    a model converts them to a wider type to compute. To a float8/float4
    type a float rounds to nearest even and does not saturate: out of range
    is infinity where the type has one, else NaN (f4E2M1FN, which has
    neither, saturates). To f8E8M0FNU it rounds up (toward +infinity), the
    ONNX default. Float to a 4- or 2-bit integer truncates toward zero and
    wraps, like integer narrowing.

    ```mlir
    %i = graph.cast %x : tensor<4xf32> to tensor<4xi32>
    %q = graph.cast %x : tensor<4xf32> to tensor<4xf8E4M3FN>
    ```
  }];
  let arguments = (ins Graph_CastTensor:$input);
  let results = (outs Graph_CastTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Contractions and windows
//===----------------------------------------------------------------------===//

def Graph_MatMulOp : Graph_InferOp<"matmul",
    [AllElementTypesMatch<["lhs", "rhs", "result"]>]> {
  let summary = "numpy matmul: batched, broadcasting";
  let description = [{
    `[..., M, K] x [..., K, N] -> [..., M, N]`; batch dims broadcast; a
    rank-1 lhs (rhs) is treated as a row (column) vector and that dim dropped
    from the result, as in numpy.matmul and ONNX MatMul.
  }];
  let arguments = (ins Graph_NumericTensor:$lhs, Graph_NumericTensor:$rhs);
  let results = (outs Graph_NumericTensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def Graph_GemmOp : Graph_InferOp<"gemm",
    [AllElementTypesMatch<["a", "b", "result"]>]> {
  let summary = "alpha * op(A) x op(B) + beta * C";
  let description = [{
    ONNX Gemm: A and B have rank 2 and may be transposed; the optional C
    broadcasts to the `[M, N]` result.
  }];
  let arguments = (ins Graph_NumericTensor:$a, Graph_NumericTensor:$b,
      Optional<Graph_NumericTensor>:$c,
      DefaultValuedAttr<F32Attr, "1.0">:$alpha,
      DefaultValuedAttr<F32Attr, "1.0">:$beta,
      DefaultValuedAttr<BoolAttr, "false">:$trans_a,
      DefaultValuedAttr<BoolAttr, "false">:$trans_b);
  let results = (outs Graph_NumericTensor:$result);
  let assemblyFormat = "$a `,` $b (`,` $c^)? attr-dict `:` functional-type(operands, results)";
}

def Graph_Conv2DOp : Graph_InferOp<"conv2d",
    [AllElementTypesMatch<["input", "filter", "result"]>]> {
  let summary = "2-D convolution, NCHW input, FCHW filter, optional bias";
  let description = [{
    Grouped, strided, dilated, zero-padded 2-D convolution as ONNX Conv with
    two spatial dims. `pads` is `[top, left, bottom, right]`; the filter has
    `C / groups` input channels; `bias` has shape `[F]`.
  }];
  let arguments = (ins Graph_FloatTensor:$input, Graph_FloatTensor:$filter,
      Optional<Graph_FloatTensor>:$bias,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
      DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
}

def Graph_MaxPool2DOp : Graph_InferOp<"max_pool2d",
    [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "2-D max pooling over an NCHW tensor";
  let description = [{
    Padding never wins the max (padded positions are -inf). `pads` is
    `[top, left, bottom, right]`; `ceil_mode` rounds the output size up.
  }];
  let arguments = (ins Graph_NumericTensor:$input,
      DenseI64ArrayAttr:$kernel_shape,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
      DefaultValuedAttr<BoolAttr, "false">:$ceil_mode);
  let results = (outs Graph_NumericTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Graph_AvgPool2DOp : Graph_InferOp<"avg_pool2d",
    [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "2-D average pooling over an NCHW tensor";
  let description = [{
    With `count_include_pad` the divisor counts padded positions, otherwise
    only the input positions inside the window.
  }];
  let arguments = (ins Graph_FloatTensor:$input,
      DenseI64ArrayAttr:$kernel_shape,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
      DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
      DefaultValuedAttr<BoolAttr, "false">:$count_include_pad);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

class Graph_GlobalPoolOp<string mnemonic, string summaryText>
    : Graph_InferOp<mnemonic, [AllElementTypesMatch<["input", "result"]>]> {
  let summary = summaryText;
  let description = [{
    Pools over every spatial dim of an `[N, C, spatial...]` tensor (rank >= 3);
    the result keeps them as size 1: `[N, C, 1, ...]`.
  }];
  let arguments = (ins Graph_FloatTensor:$input);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}
def Graph_GlobalMaxPoolOp : Graph_GlobalPoolOp<"global_max_pool", "max over all spatial dims">;
def Graph_GlobalAvgPoolOp : Graph_GlobalPoolOp<"global_avg_pool", "mean over all spatial dims">;

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Graph_ReduceOp<string mnemonic, Type T, string summaryText>
    : Graph_InferOp<mnemonic, [AllElementTypesMatch<["input", "result"]>]> {
  let summary = summaryText;
  let description = [{
    Reduces over `axes` (non-negative, strictly increasing; an empty list is
    the identity). With `keepdims` the reduced dims stay as size 1.

    ```mlir
    %s = graph.reduce_sum %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
    ```
  }];
  let arguments = (ins T:$input, DenseI64ArrayAttr:$axes,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims);
  let results = (outs T:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Graph_ReduceSumOp : Graph_ReduceOp<"reduce_sum", Graph_NumericTensor, "sum over axes">;
def Graph_ReduceMeanOp : Graph_ReduceOp<"reduce_mean", Graph_NumericTensor, "mean over axes">;
def Graph_ReduceMaxOp : Graph_ReduceOp<"reduce_max", Graph_NumericTensor, "maximum over axes">;
def Graph_ReduceMinOp : Graph_ReduceOp<"reduce_min", Graph_NumericTensor, "minimum over axes">;
def Graph_ReduceProdOp : Graph_ReduceOp<"reduce_prod", Graph_NumericTensor, "product over axes">;

class Graph_ArgReduceOp<string mnemonic, string summaryText>
    : Graph_InferOp<mnemonic> {
  let summary = summaryText;
  let description = [{
    Index (i64) of the extreme element along `axis`; ties resolve to the
    first occurrence unless `select_last_index`.
  }];
  let arguments = (ins Graph_NumericTensor:$input, I64Attr:$axis,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims,
                       DefaultValuedAttr<BoolAttr, "false">:$select_last_index);
  let results = (outs Graph_I64Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}
def Graph_ArgMaxOp : Graph_ArgReduceOp<"argmax", "index of the maximum along an axis">;
def Graph_ArgMinOp : Graph_ArgReduceOp<"argmin", "index of the minimum along an axis">;

class Graph_ScanOp<string mnemonic, string summaryText, string what>
    : Graph_Op<mnemonic, [SameOperandsAndResultType, InferTypeOpInterface]> {
  let summary = summaryText;
  let description = [{
    `result[.., i, ..] = }] # what # [{ of input[.., k, ..]` over `k <= i`
    along `axis` (ONNX CumSum, CumProd); `exclusive` leaves out `k = i`,
    `reverse` runs from the end (`k >= i`).
  }];
  let arguments = (ins Graph_NumericTensor:$input, I64Attr:$axis,
      DefaultValuedAttr<BoolAttr, "false">:$exclusive,
      DefaultValuedAttr<BoolAttr, "false">:$reverse);
  let results = (outs Graph_NumericTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}
def Graph_CumSumOp : Graph_ScanOp<"cumsum", "running sum along an axis", "sum">;
def Graph_CumProdOp : Graph_ScanOp<"cumprod", "running product along an axis",
                                   "product">;

//===----------------------------------------------------------------------===//
// Normalizations
//===----------------------------------------------------------------------===//

class Graph_SoftmaxLikeOp<string mnemonic, string summaryText>
    : Graph_Op<mnemonic, [SameOperandsAndResultType, InferTypeOpInterface]> {
  let summary = summaryText;
  let description = [{
    Normalizes along the single dim `axis` (as ONNX opset >= 13).
  }];
  let arguments = (ins Graph_FloatTensor:$input, I64Attr:$axis);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}
def Graph_SoftmaxOp : Graph_SoftmaxLikeOp<"softmax", "exp(x) / sum(exp(x)) along axis">;
def Graph_LogSoftmaxOp : Graph_SoftmaxLikeOp<"log_softmax", "log(softmax(x)) along axis">;

def Graph_LayerNormOp : Graph_InferOp<"layer_norm",
    [AllElementTypesMatch<["input", "scale", "result"]>]> {
  let summary = "layer normalization over the trailing dims from axis";
  let description = [{
    `(x - mean) / sqrt(var + epsilon) * scale + bias`, mean and variance over
    dims `[axis, rank)`; `scale` and `bias` broadcast to those dims.
  }];
  let arguments = (ins Graph_FloatTensor:$input, Graph_FloatTensor:$scale,
      Optional<Graph_FloatTensor>:$bias, I64Attr:$axis,
      DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$input `,` $scale (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
}

def Graph_BatchNormOp : Graph_InferOp<"batch_norm",
    [AllElementTypesMatch<["input", "scale", "bias", "mean", "variance", "result"]>]> {
  let summary = "batch normalization with running statistics (inference)";
  let description = [{
    `(x - mean[c]) / sqrt(variance[c] + epsilon) * scale[c] + bias[c]` over
    an `[N, C, ...]` input; the four statistics have shape `[C]`.
  }];
  let arguments = (ins Graph_FloatTensor:$input, Graph_FloatTensor:$scale,
      Graph_FloatTensor:$bias, Graph_FloatTensor:$mean,
      Graph_FloatTensor:$variance,
      DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def Graph_ReshapeOp : Graph_Op<"reshape"> {
  let summary = "same elements, new shape";
  let description = [{
    The result type is the new shape; when both shapes are static their
    element counts must agree.

    ```mlir
    %y = graph.reshape %x : tensor<2x3xf32> to tensor<6xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Graph_TransposeOp : Graph_InferOp<"transpose",
    [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "permute dims: result dim i is input dim perm[i]";
  let arguments = (ins Graph_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Graph_ConcatOp : Graph_InferOp<"concat"> {
  let summary = "join tensors along an axis";
  let description = [{
    All inputs share one element type and agree in every dim but `axis`.
  }];
  let arguments = (ins Variadic<Graph_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Graph_SliceOp : Graph_InferOp<"slice",
    [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "strided slice, one (start, end, step) per dim";
  let description = [{
    ONNX Slice semantics per dim: negative indices count from the end, out of
    range indices clamp, a negative step walks backwards.
  }];
  let arguments = (ins Graph_Tensor:$input, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$ends, DenseI64ArrayAttr:$steps);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Graph_GatherOp : Graph_InferOp<"gather",
    [AllElementTypesMatch<["data", "result"]>]> {
  let summary = "take slices of data along axis at the given indices";
  let description = [{
    Result shape `data[:axis] + indices + data[axis+1:]`; negative indices
    count from the end (ONNX Gather).
  }];
  let arguments = (ins Graph_Tensor:$data, Graph_IndexTensor:$indices, I64Attr:$axis);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Graph_GatherElementsOp : Graph_InferOp<"gather_elements",
    [AllElementTypesMatch<["data", "result"]>]> {
  let summary = "take elements of data along axis at per-element indices";
  let description = [{
    `result[i0, .., ik, ..] = data[i0, .., indices[i0, .., ik, ..], ..]`
    with the index replacing position `axis` (ONNX GatherElements). `data`
    and `indices` have the same rank, the result has the shape of
    `indices`, and each non-axis dim of `indices` is at most `data`'s.
    Negative indices count from the end; out-of-range indices clamp.
  }];
  let arguments = (ins Graph_Tensor:$data, Graph_IndexTensor:$indices, I64Attr:$axis);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
}

def Graph_BroadcastToOp : Graph_Op<"broadcast_to"> {
  let summary = "broadcast a tensor to a larger shape (numpy rules)";
  let description = [{
    The result type is the target shape; the operand must broadcast to it.

    ```mlir
    %y = graph.broadcast_to %x : tensor<3x1xf32> to tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Graph_SqueezeOp : Graph_InferOp<"squeeze",
    [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "remove size-1 dims";
  let arguments = (ins Graph_Tensor:$input, DenseI64ArrayAttr:$axes);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Graph_UnsqueezeOp : Graph_InferOp<"unsqueeze",
    [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "insert size-1 dims at the given result positions";
  let arguments = (ins Graph_Tensor:$input, DenseI64ArrayAttr:$axes);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Graph_PadOp : Graph_InferOp<"pad",
    [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "pad (or crop, with negative pads) every dim";
  let description = [{
    `pads` is `[begin_0, ..., begin_(r-1), end_0, ..., end_(r-1) ]` (ONNX
    order). `mode` is `constant` (fill with `value`), `reflect` or `edge`.
  }];
  let arguments = (ins Graph_Tensor:$input, DenseI64ArrayAttr:$pads,
      DefaultValuedAttr<Graph_PadMode, "::strata::graph::PadMode::constant">:$mode,
      DefaultValuedAttr<F64Attr, "0.0">:$value);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$input (`mode` `=` $mode^)? attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Graph_FlattenOp : Graph_InferOp<"flatten",
    [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "collapse to 2-D around axis";
  let description = [{
    `[d0..d_(axis-1), d_axis..] -> [prod(d0..d_(axis-1)), prod(d_axis..)]`,
    `axis` in `[0, rank]`.
  }];
  let arguments = (ins Graph_Tensor:$input, DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Interpolation
//===----------------------------------------------------------------------===//

def Graph_ResizeOp : Graph_Op<"resize", [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "resize by nearest, linear or cubic interpolation (ONNX Resize)";
  let description = [{
    Every dim `d` of the result (whose shape is the result type) maps back to
    the input through `scales[d]` and `coordinate_transformation_mode`, as
    ONNX Resize-19: `half_pixel` is `(x + 0.5) / scale - 0.5`, `asymmetric`
    `x / scale`, `align_corners` `x * (in - 1) / (scale * in - 1)`, and
    `tf_crop_and_resize` maps into the region `roi` (`[start_0, ..,
    start_(r-1), end_0, .., end_(r-1)]`, fractions of the input), giving
    `extrapolation_value` outside the input. `nearest` picks one element
    (rounding by `nearest_mode`); `linear` and `cubic` (with
    `cubic_coeff_a`) are separable over the dims, with out-of-range
    neighbours clamped to the edge or, with `exclude_outside`, left out and
    the weights renormalized. `antialias` widens the linear and cubic
    filters by `1 / scale` when downscaling. The scales are stated
    separately from the result shape because ONNX computes the coordinates
    from them (a result dim is `floor(in * scale)`, or the requested size).

    ```mlir
    %y = graph.resize %x linear coordinates align_corners {scales = array<f64: 1.0, 1.0, 2.0, 2.0>}
        : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
    ```
  }];
  let arguments = (ins Graph_NumericTensor:$input,
      DefaultValuedAttr<Graph_ResizeMode, "::strata::graph::ResizeMode::nearest">:$mode,
      DefaultValuedAttr<Graph_CoordinateTransform,
                        "::strata::graph::CoordinateTransform::half_pixel">:$coordinate_transformation_mode,
      DefaultValuedAttr<Graph_NearestMode,
                        "::strata::graph::NearestMode::round_prefer_floor">:$nearest_mode,
      DenseF64ArrayAttr:$scales,
      OptionalAttr<DenseF64ArrayAttr>:$roi,
      DefaultValuedAttr<F64Attr, "-0.75">:$cubic_coeff_a,
      DefaultValuedAttr<BoolAttr, "false">:$exclude_outside,
      DefaultValuedAttr<F64Attr, "0.0">:$extrapolation_value,
      DefaultValuedAttr<BoolAttr, "false">:$antialias);
  let results = (outs Graph_NumericTensor:$result);
  let assemblyFormat = [{
    $input $mode (`coordinates` $coordinate_transformation_mode^)?
    (`nearest_mode` $nearest_mode^)? attr-dict `:` type($input) `to` type($result)
  }];
  let hasVerifier = 1;
}

def Graph_GridSampleOp : Graph_InferOp<"grid_sample",
    [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "sample an [N, C, D1..Dr] tensor at grid positions (ONNX GridSample)";
  let description = [{
    `grid` is `[N, O1..Or, r]`: for each output position the normalized
    coordinates in `[-1, 1]` of the point to sample, innermost spatial dim
    first (x, then y, then z). The result is `[N, C, O1..Or]`. With
    `align_corners` -1 and 1 are the centres of the corner elements,
    otherwise their outer edges. `mode` is nearest (halves to even),
    linear or cubic (Keys, a = -0.75); `padding_mode` says what is read
    outside the input: zeros, the border element, or the reflection.
  }];
  let arguments = (ins Graph_FloatTensor:$input, Graph_FloatTensor:$grid,
      DefaultValuedAttr<Graph_ResizeMode, "::strata::graph::ResizeMode::linear">:$mode,
      DefaultValuedAttr<Graph_GridPadding, "::strata::graph::GridPadding::zeros">:$padding_mode,
      DefaultValuedAttr<BoolAttr, "false">:$align_corners);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $grid $mode (`padding` $padding_mode^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

#endif // STRATA_GRAPH_OPS_TD
