//===- GraphBase.td - graph dialect (L1) definition --------*- tablegen -*-===//
//
// The graph dialect: a whole model as value-semantic tensor ops. This file
// declares the dialect, the tensor types its ops accept, and its enums.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_GRAPH_BASE_TD
#define STRATA_GRAPH_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Graph_Dialect : Dialect {
  let name = "graph";
  let cppNamespace = "::strata::graph";
  let summary = "L1: a whole model as value-semantic tensor ops";
  let description = [{
    The graph dialect is the first layer of Strata (L1). A model is a
    `func.func` whose body is a DAG of `graph` ops on builtin ranked tensors.
    Ops have value semantics: no buffers, no aliasing, no side effects.

    Element types: `f32`, `f16`, `bf16`, `f64`, `i8`, `i16`, `i32`, `i64`,
    `ui8`, `ui16`, `ui32`, `ui64`, `i1` (signless integers mean signed
    values; `ui*` are builtin unsigned integers). Dimensions
    may be static or dynamic (`?`). Every op whose result type follows from
    its operands and attributes implements `InferTypeOpInterface`; a stated
    result type may be *more* static than the inferred one (an importer may
    know more), but never contradict it.

    Broadcasting follows numpy and is stated once (ShapeInference.h): shapes
    are aligned at the trailing dimension, and two dimensions are compatible
    when they are equal or one of them is 1. A dynamic dimension is assumed
    compatible at compile time and checked at run time.
  }];
  let hasConstantMaterializer = 1;
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def Graph_FloatElt : AnyTypeOf<[F32, F16, BF16, F64], "floating-point (f32, f16, bf16, f64)">;
def Graph_IntElt : AnyTypeOf<[I8, I16, I32, I64, UI8, UI16, UI32, UI64],
                             "integer (i8, i16, i32, i64, ui8, ui16, ui32, ui64)">;
def Graph_NumericElt : AnyTypeOf<[F32, F16, BF16, F64, I8, I16, I32, I64, UI8, UI16, UI32, UI64],
                                 "numeric (f32, f16, bf16, f64, i8, i16, i32, i64, ui8, ui16, ui32, ui64)">;
def Graph_AnyElt : AnyTypeOf<[F32, F16, BF16, F64, I8, I16, I32, I64, UI8, UI16, UI32, UI64, I1],
                             "graph element type (f32, f16, bf16, f64, i8, i16, i32, i64, ui8, ui16, ui32, ui64, i1)">;

def Graph_Tensor : RankedTensorOf<[F32, F16, BF16, F64, I8, I16, I32, I64, UI8, UI16, UI32, UI64, I1]>;
def Graph_NumericTensor : RankedTensorOf<[F32, F16, BF16, F64, I8, I16, I32, I64, UI8, UI16, UI32, UI64]>;
// Types whose values can be negative: neg, abs and relu take no unsigned.
def Graph_SignedTensor : RankedTensorOf<[F32, F16, BF16, F64, I8, I16, I32, I64]>;
def Graph_FloatTensor : RankedTensorOf<[F32, F16, BF16, F64]>;
def Graph_IntTensor : RankedTensorOf<[I8, I16, I32, I64, UI8, UI16, UI32, UI64]>;
// Low-precision storage types (ONNX float8, float4, int4/uint4, int2/uint2):
// values of these types are converted with graph.cast, nothing else computes
// on them. One element per byte in buffers (strata_artifact.h).
def Graph_CastTensor : RankedTensorOf<[F32, F16, BF16, F64, I8, I16, I32, I64,
    UI8, UI16, UI32, UI64, I1, F8E4M3FN, F8E4M3FNUZ, F8E5M2, F8E5M2FNUZ,
    F4E2M1FN, F8E8M0FNU, I<4>, UI<4>, I<2>, UI<2>]>;
def Graph_IndexTensor : RankedTensorOf<[I32, I64]>;
def Graph_BoolTensor : RankedTensorOf<[I1]>;
def Graph_I64Tensor : RankedTensorOf<[I64]>;

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def Graph_CmpEQ : I32EnumAttrCase<"eq", 0>;
def Graph_CmpNE : I32EnumAttrCase<"ne", 1>;
def Graph_CmpLT : I32EnumAttrCase<"lt", 2>;
def Graph_CmpLE : I32EnumAttrCase<"le", 3>;
def Graph_CmpGT : I32EnumAttrCase<"gt", 4>;
def Graph_CmpGE : I32EnumAttrCase<"ge", 5>;
def Graph_CompareKind : I32EnumAttr<"CompareKind", "comparison predicate",
    [Graph_CmpEQ, Graph_CmpNE, Graph_CmpLT, Graph_CmpLE, Graph_CmpGT, Graph_CmpGE]> {
  let cppNamespace = "::strata::graph";
}


def Graph_GeluNone : I32EnumAttrCase<"none", 0>;
def Graph_GeluTanh : I32EnumAttrCase<"tanh", 1>;
def Graph_GeluApprox : I32EnumAttr<"GeluApproximation", "gelu approximation",
    [Graph_GeluNone, Graph_GeluTanh]> {
  let cppNamespace = "::strata::graph";
}


def Graph_PadConstant : I32EnumAttrCase<"constant", 0>;
def Graph_PadReflect : I32EnumAttrCase<"reflect", 1>;
def Graph_PadEdge : I32EnumAttrCase<"edge", 2>;
def Graph_PadMode : I32EnumAttr<"PadMode", "padding mode",
    [Graph_PadConstant, Graph_PadReflect, Graph_PadEdge]> {
  let cppNamespace = "::strata::graph";
}


def Graph_ResizeNearest : I32EnumAttrCase<"nearest", 0>;
def Graph_ResizeLinear : I32EnumAttrCase<"linear", 1>;
def Graph_ResizeCubic : I32EnumAttrCase<"cubic", 2>;
def Graph_ResizeMode : I32EnumAttr<"ResizeMode", "resize interpolation",
    [Graph_ResizeNearest, Graph_ResizeLinear, Graph_ResizeCubic]> {
  let cppNamespace = "::strata::graph";
}

def Graph_CoordHalfPixel : I32EnumAttrCase<"half_pixel", 0>;
def Graph_CoordHalfPixelSymmetric : I32EnumAttrCase<"half_pixel_symmetric", 1>;
def Graph_CoordPytorchHalfPixel : I32EnumAttrCase<"pytorch_half_pixel", 2>;
def Graph_CoordAlignCorners : I32EnumAttrCase<"align_corners", 3>;
def Graph_CoordAsymmetric : I32EnumAttrCase<"asymmetric", 4>;
def Graph_CoordTFCropAndResize : I32EnumAttrCase<"tf_crop_and_resize", 5>;
def Graph_CoordinateTransform : I32EnumAttr<"CoordinateTransform",
    "how a resized coordinate maps back to the input (ONNX Resize)",
    [Graph_CoordHalfPixel, Graph_CoordHalfPixelSymmetric,
     Graph_CoordPytorchHalfPixel, Graph_CoordAlignCorners,
     Graph_CoordAsymmetric, Graph_CoordTFCropAndResize]> {
  let cppNamespace = "::strata::graph";
}

def Graph_NearestRoundPreferFloor : I32EnumAttrCase<"round_prefer_floor", 0>;
def Graph_NearestRoundPreferCeil : I32EnumAttrCase<"round_prefer_ceil", 1>;
def Graph_NearestFloor : I32EnumAttrCase<"floor", 2>;
def Graph_NearestCeil : I32EnumAttrCase<"ceil", 3>;
def Graph_NearestMode : I32EnumAttr<"NearestMode",
    "how nearest-neighbour resizing rounds a coordinate",
    [Graph_NearestRoundPreferFloor, Graph_NearestRoundPreferCeil,
     Graph_NearestFloor, Graph_NearestCeil]> {
  let cppNamespace = "::strata::graph";
}


def Graph_GridPadZeros : I32EnumAttrCase<"zeros", 0>;
def Graph_GridPadBorder : I32EnumAttrCase<"border", 1>;
def Graph_GridPadReflection : I32EnumAttrCase<"reflection", 2>;
def Graph_GridPadding : I32EnumAttr<"GridPadding",
    "what grid_sample reads outside the input",
    [Graph_GridPadZeros, Graph_GridPadBorder, Graph_GridPadReflection]> {
  let cppNamespace = "::strata::graph";
}

#endif // STRATA_GRAPH_BASE_TD
