//===- LoweringUtils.cpp - shared helpers of graph→linalg -----------------===//
//
// Implements the helpers declared in LoweringUtils.h.
//
//===----------------------------------------------------------------------===//

#include "lib/Conversion/GraphToTile/LoweringUtils.h"

#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

using namespace mlir;

namespace strata::graph_to_linalg {

bool hasStaticShapes(Operation *op) {
  auto isStatic = [](Type t) {
    auto ranked = dyn_cast<RankedTensorType>(t);
    return ranked && ranked.hasStaticShape();
  };
  return llvm::all_of(op->getOperandTypes(), isStatic) &&
         llvm::all_of(op->getResultTypes(), isStatic);
}

//===----------------------------------------------------------------------===//
// Scalars
//===----------------------------------------------------------------------===//

Type computeType(Type t) {
  return isHalfFloat(t) ? Float32Type::get(t.getContext()) : t;
}

TypedAttr scalarAttr(Type t, double v) {
  if (isa<FloatType>(t))
    return FloatAttr::get(t, v);
  if (t.isInteger(1))
    return IntegerAttr::get(t, v != 0.0 ? 1 : 0);
  return IntegerAttr::get(t, static_cast<int64_t>(v));
}

Value scalarConstant(OpBuilder &b, Location loc, Type t, double v) {
  return arith::ConstantOp::create(b, loc, scalarAttr(t, v));
}

static TypedAttr extremeAttr(Type t, bool lowest) {
  if (auto ft = dyn_cast<FloatType>(t))
    return FloatAttr::get(t, APFloat::getInf(ft.getFloatSemantics(), lowest));
  unsigned width = t.getIntOrFloatBitWidth();
  if (t.isUnsignedInteger())
    return IntegerAttr::get(t, lowest ? APInt::getMinValue(width)
                                      : APInt::getMaxValue(width));
  return IntegerAttr::get(t, lowest ? APInt::getSignedMinValue(width)
                                    : APInt::getSignedMaxValue(width));
}

TypedAttr lowestAttr(Type t) { return extremeAttr(t, /*lowest=*/true); }
TypedAttr highestAttr(Type t) { return extremeAttr(t, /*lowest=*/false); }

/// float8/float4: computed on only by conversion, through f32 (which holds
/// all their values); the CPU target expands those conversions into bit
/// operations (strata-expand-low-precision-floats).
static bool isLowPrecisionFloat(Type t) {
  auto f = dyn_cast<FloatType>(t);
  return f && f.getWidth() <= 8;
}

Value castFloat(OpBuilder &b, Location loc, Value v, Type to) {
  Type from = v.getType();
  if (from == to)
    return v;
  Type f32 = b.getF32Type();
  if (isLowPrecisionFloat(from) || isLowPrecisionFloat(to)) {
    if (isLowPrecisionFloat(from))
      v = castFloat(b, loc, arith::ExtFOp::create(b, loc, f32, v), to);
    else if (from.getIntOrFloatBitWidth() < 32)
      v = castFloat(b, loc, arith::ExtFOp::create(b, loc, f32, v), to);
    else if (isa<Float8E8M0FNUType>(to))
      // Rounds up, the ONNX default (graph.cast).
      v = arith::TruncFOp::create(
          b, loc, to, v,
          arith::RoundingModeAttr::get(b.getContext(),
                                       arith::RoundingMode::upward),
          arith::FastMathFlagsAttr());
    else
      v = arith::TruncFOp::create(b, loc, to, v);
    return v;
  }
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (fromWidth < toWidth)
    return arith::ExtFOp::create(b, loc, to, v);
  if (fromWidth > toWidth)
    return arith::TruncFOp::create(b, loc, to, v);
  // Same width, different format (f16 <-> bf16): go through f32.
  Value wide = arith::ExtFOp::create(b, loc, f32, v);
  return arith::TruncFOp::create(b, loc, to, wide);
}

Value castScalar(OpBuilder &b, Location loc, Value v, Type to) {
  Type from = v.getType();
  if (from == to)
    return v;
  bool fromFloat = isa<FloatType>(from), toFloat = isa<FloatType>(to);
  bool fromBool = from.isInteger(1), toBool = to.isInteger(1);
  if (fromFloat && toFloat)
    return castFloat(b, loc, v, to);
  // float8/float4 meet integers and bools through f32.
  Type f32 = b.getF32Type();
  if (isLowPrecisionFloat(from))
    return castScalar(b, loc, castFloat(b, loc, v, f32), to);
  if (isLowPrecisionFloat(to))
    return castFloat(b, loc, castScalar(b, loc, v, f32), to);
  // To 4- and 2-bit integers a float truncates toward zero and wraps (ONNX,
  // ml_dtypes); fptosi to so narrow a type would be poison out of range.
  if (fromFloat && !toBool && to.getIntOrFloatBitWidth() < 8) {
    Value wide = arith::FPToSIOp::create(b, loc, b.getI32Type(), v);
    return arith::TruncIOp::create(b, loc, to, wide);
  }
  if (toBool) {
    // x != 0; a NaN is true, as bool(nan) in numpy.
    Value zero = scalarConstant(b, loc, from, 0.0);
    if (fromFloat)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, v, zero);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, v, zero);
  }
  // Unsigned integers (ui8..ui64) read and write their values unsigned.
  bool fromUnsigned = fromBool || from.isUnsignedInteger();
  if (toFloat)
    return fromUnsigned ? Value(arith::UIToFPOp::create(b, loc, to, v))
                        : Value(arith::SIToFPOp::create(b, loc, to, v));
  if (fromFloat)
    return to.isUnsignedInteger()
               ? Value(arith::FPToUIOp::create(b, loc, to, v))
               : Value(arith::FPToSIOp::create(b, loc, to, v));
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (fromWidth < toWidth)
    return fromUnsigned ? Value(arith::ExtUIOp::create(b, loc, to, v))
                        : Value(arith::ExtSIOp::create(b, loc, to, v));
  if (fromWidth == toWidth) // i8 <-> ui8: the same bits
    return arith::BitcastOp::create(b, loc, to, v);
  return arith::TruncIOp::create(b, loc, to, v);
}

Value inF32(OpBuilder &b, Location loc, Value x,
            function_ref<Value(OpBuilder &, Location, Value)> fn) {
  Type t = x.getType();
  if (!isHalfFloat(t))
    return fn(b, loc, x);
  Value wide = castFloat(b, loc, x, b.getF32Type());
  return castFloat(b, loc, fn(b, loc, wide), t);
}

Value addScalars(OpBuilder &b, Location loc, Value x, Value y) {
  if (isa<FloatType>(x.getType()))
    return arith::AddFOp::create(b, loc, x, y);
  return arith::AddIOp::create(b, loc, x, y);
}

Value mulScalars(OpBuilder &b, Location loc, Value x, Value y) {
  if (isa<FloatType>(x.getType()))
    return arith::MulFOp::create(b, loc, x, y);
  return arith::MulIOp::create(b, loc, x, y);
}

Value divScalars(OpBuilder &b, Location loc, Value x, Value y) {
  if (isa<FloatType>(x.getType()))
    return arith::DivFOp::create(b, loc, x, y);
  if (x.getType().isUnsignedInteger())
    return arith::DivUIOp::create(b, loc, x, y);
  return arith::DivSIOp::create(b, loc, x, y);
}

Value maxScalars(OpBuilder &b, Location loc, Value x, Value y) {
  if (isa<FloatType>(x.getType()))
    return arith::MaximumFOp::create(b, loc, x, y);
  if (x.getType().isUnsignedInteger())
    return arith::MaxUIOp::create(b, loc, x, y);
  return arith::MaxSIOp::create(b, loc, x, y);
}

Value minScalars(OpBuilder &b, Location loc, Value x, Value y) {
  if (isa<FloatType>(x.getType()))
    return arith::MinimumFOp::create(b, loc, x, y);
  if (x.getType().isUnsignedInteger())
    return arith::MinUIOp::create(b, loc, x, y);
  return arith::MinSIOp::create(b, loc, x, y);
}

//===----------------------------------------------------------------------===//
// Tensors
//===----------------------------------------------------------------------===//

Value emptyTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                  Type elementType) {
  return tensor::EmptyOp::create(b, loc, shape, elementType);
}

Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type) {
  return emptyTensor(b, loc, type.getShape(), type.getElementType());
}

Value filledTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                   TypedAttr value) {
  Value empty = emptyTensor(b, loc, shape, value.getType());
  Value scalar = arith::ConstantOp::create(b, loc, value);
  return linalg::FillOp::create(b, loc, ValueRange{scalar}, ValueRange{empty})
      .getResult(0);
}

AffineMap broadcastMap(ArrayRef<int64_t> operandShape,
                       ArrayRef<int64_t> resultShape, MLIRContext *ctx) {
  unsigned rank = resultShape.size(), operandRank = operandShape.size();
  assert(operandRank <= rank && "operand has a higher rank than the result");
  SmallVector<AffineExpr> exprs;
  for (unsigned i = 0; i < operandRank; ++i) {
    unsigned dim = i + rank - operandRank;
    if (operandShape[i] == 1 && resultShape[dim] != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(dim, ctx));
  }
  return AffineMap::get(rank, 0, exprs, ctx);
}

AffineMap selectDimsMap(unsigned rank, ArrayRef<int64_t> dims,
                        MLIRContext *ctx) {
  SmallVector<AffineExpr> exprs;
  for (int64_t d : dims)
    exprs.push_back(getAffineDimExpr(d, ctx));
  return AffineMap::get(rank, 0, exprs, ctx);
}

SmallVector<utils::IteratorType> parallelIterators(unsigned rank) {
  return SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel);
}

Value buildGeneric(OpBuilder &b, Location loc, RankedTensorType resultType,
                   ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                   ScalarFn body) {
  unsigned rank = resultType.getRank();
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(rank));
  Value init = emptyTensor(b, loc, resultType);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps,
      parallelIterators(rank),
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value result = body(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, result);
      });
  return generic.getResult(0);
}

Value buildBroadcastGeneric(OpBuilder &b, Location loc,
                            RankedTensorType resultType, ValueRange inputs,
                            ScalarFn body) {
  SmallVector<AffineMap> maps;
  for (Value in : inputs)
    maps.push_back(broadcastMap(tensorType(in).getShape(),
                                resultType.getShape(), b.getContext()));
  return buildGeneric(b, loc, resultType, inputs, maps, body);
}

Value broadcastTensor(OpBuilder &b, Location loc, Value v,
                      ArrayRef<int64_t> shape) {
  RankedTensorType type = tensorType(v);
  if (type.getShape() == shape)
    return v;
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  return buildBroadcastGeneric(
      b, loc, resultType, v,
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

Value mapTensor(OpBuilder &b, Location loc, Value v, Type elementType,
                function_ref<Value(OpBuilder &, Location, Value)> fn) {
  RankedTensorType type = tensorType(v);
  auto resultType = RankedTensorType::get(type.getShape(), elementType);
  return buildGeneric(b, loc, resultType, v,
                      b.getMultiDimIdentityMap(type.getRank()),
                      [&](OpBuilder &nb, Location nloc, ValueRange args) {
                        return fn(nb, nloc, args[0]);
                      });
}

static SmallVector<ReassociationIndices> allInOneGroup(int64_t rank) {
  ReassociationIndices group;
  for (int64_t i = 0; i < rank; ++i)
    group.push_back(i);
  return {group};
}

Value reshapeTensor(OpBuilder &b, Location loc, Value v,
                    ArrayRef<int64_t> shape) {
  RankedTensorType type = tensorType(v);
  ArrayRef<int64_t> from = type.getShape();
  if (from == shape)
    return v;
  auto target = RankedTensorType::get(shape, type.getElementType());
  // Rank 0 on either side: every dim of the other side is 1.
  if (from.empty())
    return tensor::ExpandShapeOp::create(b, loc, target, v,
                                         ArrayRef<ReassociationIndices>{});
  if (shape.empty())
    return tensor::CollapseShapeOp::create(b, loc, target, v,
                                           ArrayRef<ReassociationIndices>{});
  if (from.size() > shape.size()) {
    if (auto groups = getReassociationIndicesForCollapse(from, shape))
      return tensor::CollapseShapeOp::create(b, loc, target, v, *groups);
  } else if (from.size() < shape.size()) {
    if (auto groups = getReassociationIndicesForCollapse(shape, from))
      return tensor::ExpandShapeOp::create(b, loc, target, v, *groups);
  }
  // No single collapse or expand does it: go through 1-D.
  Value flat = v;
  if (from.size() != 1) {
    auto flatType =
        RankedTensorType::get({product(from)}, type.getElementType());
    flat = tensor::CollapseShapeOp::create(b, loc, flatType, v,
                                           allInOneGroup(from.size()));
  }
  if (shape.size() == 1)
    return flat;
  return tensor::ExpandShapeOp::create(b, loc, target, flat,
                                       allInOneGroup(shape.size()));
}

Value reduceTensor(OpBuilder &b, Location loc, Value input,
                   ArrayRef<int64_t> dims, TypedAttr init, CombineFn combine) {
  Type accType = init.getType();
  Value acc =
      filledTensor(b, loc, dropDims(tensorType(input).getShape(), dims), init);
  auto reduce = linalg::ReduceOp::create(
      b, loc, ValueRange{input}, ValueRange{acc}, dims,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value in = castScalar(nb, nloc, args[0], accType);
        linalg::YieldOp::create(nb, nloc, combine(nb, nloc, in, args[1]));
      });
  return reduce.getResult(0);
}

SmallVector<int64_t> dropDims(ArrayRef<int64_t> shape, ArrayRef<int64_t> dims) {
  SmallVector<int64_t> out;
  for (auto [i, d] : llvm::enumerate(shape))
    if (!llvm::is_contained(dims, static_cast<int64_t>(i)))
      out.push_back(d);
  return out;
}

int64_t product(ArrayRef<int64_t> shape) {
  int64_t p = 1;
  for (int64_t d : shape)
    p *= d;
  return p;
}

} // namespace strata::graph_to_linalg
