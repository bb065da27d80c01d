//===- GraphFolds.cpp - graph dialect (L1) folders and canonicalizations --===//
//
// Folders that are obviously right: identities (a reshape to the same type,
// an identity permutation, x * 1) and constant folding of small tensors
// (splats of any size, other tensors up to kMaxFoldElements). Float math is
// evaluated in double and rounded once to the element type.
//
//===----------------------------------------------------------------------===//

#include "dialects/Graph/IR/GraphOps.h"
#include "dialects/Graph/IR/ShapeInference.h"

#include "mlir/Dialect/CommonFolders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

#include "llvm/ADT/APSInt.h"

#include <cmath>

using namespace mlir;
using namespace strata::graph;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// A constant we are willing to compute with at compile time.
static DenseElementsAttr foldableConstant(Attribute a) {
  auto e = dyn_cast_or_null<DenseElementsAttr>(a);
  if (!e || !(e.isSplat() || e.getNumElements() <= kMaxFoldElements))
    return {};
  return e;
}

static bool isStatic(Type t) {
  auto s = dyn_cast<ShapedType>(t);
  return s && s.hasStaticShape();
}

/// `input` itself when the op would not change its type.
static OpFoldResult foldIdentity(Value input, Type resultType) {
  return input.getType() == resultType ? OpFoldResult(input) : OpFoldResult();
}

/// Builds a tensor of the static `type` whose element at each index is
/// `values[srcOf(index)]`; null when `srcOf` gives -1 or the tensor is over
/// the fold cap. Shared by the data-movement folders.
static DenseElementsAttr
buildByIndex(ArrayRef<Attribute> values, ShapedType type,
             function_ref<int64_t(ArrayRef<int64_t>)> srcOf) {
  if (!type.hasStaticShape() || type.getNumElements() > kMaxFoldElements)
    return {};
  int64_t n = type.getNumElements();
  ArrayRef<int64_t> shape = type.getShape();
  SmallVector<Attribute> out;
  out.reserve(n);
  SmallVector<int64_t> idx(shape.size(), 0);
  for (int64_t i = 0; i < n; ++i) {
    int64_t src = srcOf(idx);
    if (src < 0 || src >= int64_t(values.size()))
      return {};
    out.push_back(values[src]);
    for (int64_t d = int64_t(shape.size()) - 1; d >= 0; --d) {
      if (++idx[d] < shape[d])
        break;
      idx[d] = 0;
    }
  }
  return DenseElementsAttr::get(type, out);
}

/// Row-major strides of a static shape.
static SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = int64_t(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/// `c` broadcast (numpy rules) to the static `shape`, keeping its element
/// type; null when the shapes do not broadcast or a non-splat result would
/// be over the fold cap.
static DenseElementsAttr broadcastConstant(DenseElementsAttr c,
                                           ArrayRef<int64_t> shape) {
  ShapedType from = c.getType();
  if (from.getShape() == shape)
    return c;
  auto type = RankedTensorType::get(shape, from.getElementType());
  if (c.isSplat())
    return SplatElementsAttr::get(type, c.getSplatValue<Attribute>());
  ArrayRef<int64_t> in = from.getShape();
  int64_t off = int64_t(shape.size()) - int64_t(in.size());
  if (off < 0)
    return {};
  // A broadcast dim reads its one element: stride 0.
  SmallVector<int64_t> inStrides = stridesOf(in);
  SmallVector<int64_t> strides(shape.size(), 0);
  for (auto [d, size] : llvm::enumerate(in)) {
    if (size != 1 && size != shape[d + off])
      return {};
    strides[d + off] = size == 1 ? 0 : inStrides[d];
  }
  auto values = llvm::to_vector(c.getValues<Attribute>());
  return buildByIndex(values, type, [&](ArrayRef<int64_t> idx) {
    int64_t src = 0;
    for (auto [i, s] : llvm::zip(idx, strides))
      src += i * s;
    return src;
  });
}

/// Both operands of an elementwise op broadcast to the static result shape.
static std::optional<std::pair<DenseElementsAttr, DenseElementsAttr>>
broadcastOperands(Attribute lhs, Attribute rhs, Type resultType) {
  auto l = foldableConstant(lhs), r = foldableConstant(rhs);
  auto rt = dyn_cast<RankedTensorType>(resultType);
  if (!l || !r || !rt || !rt.hasStaticShape() ||
      l.getElementType() != r.getElementType())
    return std::nullopt;
  l = broadcastConstant(l, rt.getShape());
  r = broadcastConstant(r, rt.getShape());
  if (!l || !r)
    return std::nullopt;
  return std::make_pair(l, r);
}

static APFloat applyDouble(const APFloat &x, double (*f)(double)) {
  bool lost;
  APFloat d = x;
  d.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
  APFloat r(f(d.convertToDouble()));
  r.convert(x.getSemantics(), APFloat::rmNearestTiesToEven, &lost);
  return r;
}

static OpFoldResult foldFloatUnary(Attribute in, Type resultType,
                                   double (*f)(double)) {
  auto c = foldableConstant(in);
  if (!c || !isStatic(resultType) || !isa<FloatType>(c.getElementType()))
    return {};
  return constFoldUnaryOpConditional<FloatAttr, APFloat, void>(
      ArrayRef<Attribute>{c}, resultType,
      [&](const APFloat &x) -> std::optional<APFloat> {
        return applyDouble(x, f);
      });
}

static OpFoldResult foldIntUnary(Attribute in, Type resultType,
                                 function_ref<APInt(const APInt &)> f) {
  auto c = foldableConstant(in);
  if (!c || !isStatic(resultType) || !isa<IntegerType>(c.getElementType()))
    return {};
  return constFoldUnaryOpConditional<IntegerAttr, APInt, void>(
      ArrayRef<Attribute>{c}, resultType,
      [&](const APInt &x) -> std::optional<APInt> { return f(x); });
}

//===----------------------------------------------------------------------===//
// constant and unary
//===----------------------------------------------------------------------===//

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

#define GRAPH_FLOAT_UNARY_FOLD(OP, FN)                                         \
  OpFoldResult OP::fold(FoldAdaptor a) {                                       \
    return foldFloatUnary(a.getInput(), getType(), FN);                        \
  }

GRAPH_FLOAT_UNARY_FOLD(ExpOp, [](double x) { return std::exp(x); })
GRAPH_FLOAT_UNARY_FOLD(LogOp, [](double x) { return std::log(x); })
GRAPH_FLOAT_UNARY_FOLD(TanhOp, [](double x) { return std::tanh(x); })
GRAPH_FLOAT_UNARY_FOLD(SigmoidOp,
                       [](double x) { return 1.0 / (1.0 + std::exp(-x)); })
GRAPH_FLOAT_UNARY_FOLD(ErfOp, [](double x) { return std::erf(x); })
GRAPH_FLOAT_UNARY_FOLD(SqrtOp, [](double x) { return std::sqrt(x); })
GRAPH_FLOAT_UNARY_FOLD(RsqrtOp, [](double x) { return 1.0 / std::sqrt(x); })
GRAPH_FLOAT_UNARY_FOLD(FloorOp, [](double x) { return std::floor(x); })
GRAPH_FLOAT_UNARY_FOLD(CeilOp, [](double x) { return std::ceil(x); })
GRAPH_FLOAT_UNARY_FOLD(SinOp, [](double x) { return std::sin(x); })
GRAPH_FLOAT_UNARY_FOLD(CosOp, [](double x) { return std::cos(x); })
GRAPH_FLOAT_UNARY_FOLD(TanOp, [](double x) { return std::tan(x); })
GRAPH_FLOAT_UNARY_FOLD(AsinOp, [](double x) { return std::asin(x); })
GRAPH_FLOAT_UNARY_FOLD(AcosOp, [](double x) { return std::acos(x); })
GRAPH_FLOAT_UNARY_FOLD(AtanOp, [](double x) { return std::atan(x); })
GRAPH_FLOAT_UNARY_FOLD(SinhOp, [](double x) { return std::sinh(x); })
GRAPH_FLOAT_UNARY_FOLD(CoshOp, [](double x) { return std::cosh(x); })
GRAPH_FLOAT_UNARY_FOLD(AsinhOp, [](double x) { return std::asinh(x); })
GRAPH_FLOAT_UNARY_FOLD(AcoshOp, [](double x) { return std::acosh(x); })
GRAPH_FLOAT_UNARY_FOLD(AtanhOp, [](double x) { return std::atanh(x); })
// The default floating-point environment rounds halves to even.
GRAPH_FLOAT_UNARY_FOLD(RoundOp, [](double x) { return std::nearbyint(x); })
#undef GRAPH_FLOAT_UNARY_FOLD

#define GRAPH_SIGNED_UNARY_FOLD(OP, FFN, IFN)                                  \
  OpFoldResult OP::fold(FoldAdaptor a) {                                       \
    if (isa<FloatType>(getType().getElementType()))                            \
      return foldFloatUnary(a.getInput(), getType(), FFN);                     \
    return foldIntUnary(a.getInput(), getType(), IFN);                         \
  }

GRAPH_SIGNED_UNARY_FOLD(
    NegOp, [](double x) { return -x; },
    [](const APInt &x) { return -x; })
GRAPH_SIGNED_UNARY_FOLD(
    AbsOp, [](double x) { return std::fabs(x); },
    [](const APInt &x) { return x.abs(); })
GRAPH_SIGNED_UNARY_FOLD(
    ReluOp, [](double x) { return std::isnan(x) || x > 0 ? x : 0.0; },
    [](const APInt &x) { return x.isNegative() ? APInt(x.getBitWidth(), 0) : x; })
#undef GRAPH_SIGNED_UNARY_FOLD

OpFoldResult BitwiseNotOp::fold(FoldAdaptor a) {
  return foldIntUnary(a.getInput(), getType(),
                      [](const APInt &x) { return ~x; });
}

//===----------------------------------------------------------------------===//
// Elementwise binary
//===----------------------------------------------------------------------===//

using FloatFn = std::optional<APFloat> (*)(const APFloat &, const APFloat &);
using IntFn =
    llvm::function_ref<std::optional<APInt>(const APInt &, const APInt &)>;

/// Folds two constants that broadcast to the (static) result type, whose
/// element type they share.
static OpFoldResult foldBinary(Attribute lhs, Attribute rhs, Type resultType,
                               FloatFn ff, IntFn fi) {
  auto operands = broadcastOperands(lhs, rhs, resultType);
  if (!operands || operands->first.getType() != resultType)
    return {};
  auto [l, r] = *operands;
  if (isa<FloatType>(l.getElementType()))
    return ff ? constFoldBinaryOpConditional<FloatAttr, APFloat, void>(
                    ArrayRef<Attribute>{l, r}, resultType, ff)
              : OpFoldResult();
  return fi ? constFoldBinaryOpConditional<IntegerAttr, APInt, void>(
                  ArrayRef<Attribute>{l, r}, resultType, fi)
            : OpFoldResult();
}

/// Whether `a` is a splat equal to `value` (ints) or bitwise equal to
/// `value` (floats, so that -0.0 and +0.0 differ).
static bool isSplatOf(Attribute a, double value) {
  auto e = dyn_cast_or_null<DenseElementsAttr>(a);
  if (!e || !e.isSplat())
    return false;
  if (isa<FloatType>(e.getElementType())) {
    APFloat v = e.getSplatValue<APFloat>();
    bool lost;
    APFloat want(value);
    want.convert(v.getSemantics(), APFloat::rmNearestTiesToEven, &lost);
    return v.bitwiseIsEqual(want);
  }
  return e.getSplatValue<APInt>().getSExtValue() == (int64_t)value;
}

/// Only a float -0.0 is an exact additive identity (+0.0 + -0.0 = +0.0); for
/// integers any zero is.
static bool isAdditiveIdentity(Attribute a) {
  auto e = dyn_cast_or_null<DenseElementsAttr>(a);
  if (!e)
    return false;
  return isa<FloatType>(e.getElementType()) ? isSplatOf(a, -0.0)
                                            : isSplatOf(a, 0);
}

OpFoldResult AddOp::fold(FoldAdaptor a) {
  if (isAdditiveIdentity(a.getRhs()) && getLhs().getType() == getType())
    return getLhs();
  if (isAdditiveIdentity(a.getLhs()) && getRhs().getType() == getType())
    return getRhs();
  return foldBinary(
      a.getLhs(), a.getRhs(), getType(),
      [](const APFloat &x, const APFloat &y) -> std::optional<APFloat> {
        return x + y;
      },
      [](const APInt &x, const APInt &y) -> std::optional<APInt> {
        return x + y;
      });
}

OpFoldResult SubOp::fold(FoldAdaptor a) {
  // x - (+0.0) == x for every x, -0.0 included.
  if (isSplatOf(a.getRhs(), 0.0) && getLhs().getType() == getType())
    return getLhs();
  return foldBinary(
      a.getLhs(), a.getRhs(), getType(),
      [](const APFloat &x, const APFloat &y) -> std::optional<APFloat> {
        return x - y;
      },
      [](const APInt &x, const APInt &y) -> std::optional<APInt> {
        return x - y;
      });
}

OpFoldResult MulOp::fold(FoldAdaptor a) {
  if (isSplatOf(a.getRhs(), 1) && getLhs().getType() == getType())
    return getLhs();
  if (isSplatOf(a.getLhs(), 1) && getRhs().getType() == getType())
    return getRhs();
  return foldBinary(
      a.getLhs(), a.getRhs(), getType(),
      [](const APFloat &x, const APFloat &y) -> std::optional<APFloat> {
        return x * y;
      },
      [](const APInt &x, const APInt &y) -> std::optional<APInt> {
        return x * y;
      });
}

OpFoldResult DivOp::fold(FoldAdaptor a) {
  if (isSplatOf(a.getRhs(), 1) && getLhs().getType() == getType())
    return getLhs();
  bool isUnsigned = getType().getElementType().isUnsignedInteger();
  return foldBinary(
      a.getLhs(), a.getRhs(), getType(),
      [](const APFloat &x, const APFloat &y) -> std::optional<APFloat> {
        return x / y;
      },
      [&](const APInt &x, const APInt &y) -> std::optional<APInt> {
        // Division by zero and INT_MIN / -1 are left to run time.
        if (y.isZero())
          return std::nullopt;
        if (isUnsigned)
          return x.udiv(y);
        if (x.isMinSignedValue() && y.isAllOnes())
          return std::nullopt;
        return x.sdiv(y);
      });
}

OpFoldResult RemOp::fold(FoldAdaptor a) {
  bool isUnsigned = getType().getElementType().isUnsignedInteger();
  return foldBinary(
      a.getLhs(), a.getRhs(), getType(),
      [](const APFloat &x, const APFloat &y) -> std::optional<APFloat> {
        APFloat r = x;
        r.mod(y); // the sign of x, as C fmod
        return r;
      },
      [&](const APInt &x, const APInt &y) -> std::optional<APInt> {
        // Remainder by zero and INT_MIN % -1 are left to run time.
        if (y.isZero())
          return std::nullopt;
        if (isUnsigned)
          return x.urem(y);
        if (x.isMinSignedValue() && y.isAllOnes())
          return std::nullopt;
        return x.srem(y);
      });
}

OpFoldResult BitwiseAndOp::fold(FoldAdaptor a) {
  return foldBinary(a.getLhs(), a.getRhs(), getType(), nullptr,
                    [](const APInt &x, const APInt &y) -> std::optional<APInt> {
                      return x & y;
                    });
}

OpFoldResult BitwiseOrOp::fold(FoldAdaptor a) {
  return foldBinary(a.getLhs(), a.getRhs(), getType(), nullptr,
                    [](const APInt &x, const APInt &y) -> std::optional<APInt> {
                      return x | y;
                    });
}

OpFoldResult BitwiseXorOp::fold(FoldAdaptor a) {
  return foldBinary(a.getLhs(), a.getRhs(), getType(), nullptr,
                    [](const APInt &x, const APInt &y) -> std::optional<APInt> {
                      return x ^ y;
                    });
}

OpFoldResult ShiftLeftOp::fold(FoldAdaptor a) {
  return foldBinary(a.getLhs(), a.getRhs(), getType(), nullptr,
                    [](const APInt &x, const APInt &y) -> std::optional<APInt> {
                      if (y.uge(x.getBitWidth()))
                        return APInt::getZero(x.getBitWidth());
                      return x.shl(y);
                    });
}

OpFoldResult ShiftRightOp::fold(FoldAdaptor a) {
  bool isUnsigned = getType().getElementType().isUnsignedInteger();
  return foldBinary(
      a.getLhs(), a.getRhs(), getType(), nullptr,
      [&](const APInt &x, const APInt &y) -> std::optional<APInt> {
        unsigned w = x.getBitWidth();
        if (isUnsigned)
          return y.uge(w) ? APInt::getZero(w) : x.lshr(y);
        // A negative (signed) amount is left to run time.
        if (y.isNegative())
          return std::nullopt;
        return x.ashr(y.uge(w) ? APInt(w, w - 1) : y);
      });
}

OpFoldResult PowOp::fold(FoldAdaptor a) {
  if (isSplatOf(a.getRhs(), 1) && getLhs().getType() == getType())
    return getLhs();
  return foldBinary(
      a.getLhs(), a.getRhs(), getType(),
      [](const APFloat &x, const APFloat &y) -> std::optional<APFloat> {
        bool lost;
        APFloat dx = x, dy = y;
        dx.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
        dy.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
        APFloat r(std::pow(dx.convertToDouble(), dy.convertToDouble()));
        r.convert(x.getSemantics(), APFloat::rmNearestTiesToEven, &lost);
        return r;
      },
      nullptr);
}

OpFoldResult MaxOp::fold(FoldAdaptor a) {
  if (getLhs() == getRhs() && getLhs().getType() == getType())
    return getLhs();
  bool isUnsigned = getType().getElementType().isUnsignedInteger();
  return foldBinary(
      a.getLhs(), a.getRhs(), getType(),
      [](const APFloat &x, const APFloat &y) -> std::optional<APFloat> {
        return llvm::maximum(x, y);
      },
      [&](const APInt &x, const APInt &y) -> std::optional<APInt> {
        return (isUnsigned ? x.uge(y) : x.sge(y)) ? x : y;
      });
}

OpFoldResult MinOp::fold(FoldAdaptor a) {
  if (getLhs() == getRhs() && getLhs().getType() == getType())
    return getLhs();
  bool isUnsigned = getType().getElementType().isUnsignedInteger();
  return foldBinary(
      a.getLhs(), a.getRhs(), getType(),
      [](const APFloat &x, const APFloat &y) -> std::optional<APFloat> {
        return llvm::minimum(x, y);
      },
      [&](const APInt &x, const APInt &y) -> std::optional<APInt> {
        return (isUnsigned ? x.ule(y) : x.sle(y)) ? x : y;
      });
}

//===----------------------------------------------------------------------===//
// compare and select
//===----------------------------------------------------------------------===//

/// One comparison; floats compare ordered except `ne` (true on NaN), as
/// the lowering's arith.cmpf predicates.
static bool compareElements(CompareKind kind, Attribute lhs, Attribute rhs,
                            bool isUnsigned) {
  if (auto lf = dyn_cast<FloatAttr>(lhs)) {
    APFloat::cmpResult c =
        lf.getValue().compare(cast<FloatAttr>(rhs).getValue());
    switch (kind) {
    case CompareKind::eq:
      return c == APFloat::cmpEqual;
    case CompareKind::ne:
      return c != APFloat::cmpEqual;
    case CompareKind::lt:
      return c == APFloat::cmpLessThan;
    case CompareKind::le:
      return c == APFloat::cmpLessThan || c == APFloat::cmpEqual;
    case CompareKind::gt:
      return c == APFloat::cmpGreaterThan;
    case CompareKind::ge:
      return c == APFloat::cmpGreaterThan || c == APFloat::cmpEqual;
    }
    llvm_unreachable("unknown compare kind");
  }
  APInt l = cast<IntegerAttr>(lhs).getValue(),
        r = cast<IntegerAttr>(rhs).getValue();
  switch (kind) {
  case CompareKind::eq:
    return l == r;
  case CompareKind::ne:
    return l != r;
  case CompareKind::lt:
    return isUnsigned ? l.ult(r) : l.slt(r);
  case CompareKind::le:
    return isUnsigned ? l.ule(r) : l.sle(r);
  case CompareKind::gt:
    return isUnsigned ? l.ugt(r) : l.sgt(r);
  case CompareKind::ge:
    return isUnsigned ? l.uge(r) : l.sge(r);
  }
  llvm_unreachable("unknown compare kind");
}

OpFoldResult CompareOp::fold(FoldAdaptor a) {
  auto operands = broadcastOperands(a.getLhs(), a.getRhs(), getType());
  if (!operands)
    return {};
  auto [l, r] = *operands;
  // Booleans (i1) and ui8..ui64 compare unsigned.
  Type et = l.getElementType();
  bool isUnsigned = et.isUnsignedInteger() || et.isInteger(1);
  if (l.isSplat() && r.isSplat())
    return DenseElementsAttr::get(
        getType(), compareElements(getKind(), l.getSplatValue<Attribute>(),
                                   r.getSplatValue<Attribute>(), isUnsigned));
  SmallVector<bool> out;
  for (auto [x, y] :
       llvm::zip(l.getValues<Attribute>(), r.getValues<Attribute>()))
    out.push_back(compareElements(getKind(), x, y, isUnsigned));
  return DenseElementsAttr::get(getType(), ArrayRef<bool>(out));
}

OpFoldResult SelectOp::fold(FoldAdaptor a) {
  // A uniform condition picks one operand whole, constant or not.
  auto cond = dyn_cast_or_null<DenseElementsAttr>(a.getCond());
  if (cond && cond.isSplat()) {
    Value chosen =
        cond.getSplatValue<bool>() ? getTrueValue() : getFalseValue();
    if (chosen.getType() == getType())
      return chosen;
  }
  cond = foldableConstant(a.getCond());
  auto t = foldableConstant(a.getTrueValue()),
       f = foldableConstant(a.getFalseValue());
  if (!cond || !t || !f || !getType().hasStaticShape())
    return {};
  ArrayRef<int64_t> shape = getType().getShape();
  cond = broadcastConstant(cond, shape);
  t = broadcastConstant(t, shape);
  f = broadcastConstant(f, shape);
  if (!cond || !t || !f)
    return {};
  SmallVector<Attribute> out;
  for (auto [c, x, y] :
       llvm::zip(cond.getValues<bool>(), t.getValues<Attribute>(),
                 f.getValues<Attribute>()))
    out.push_back(c ? x : y);
  return DenseElementsAttr::get(getType(), out);
}

//===----------------------------------------------------------------------===//
// cast
//===----------------------------------------------------------------------===//

/// Converts one element; nullopt when the value does not fit (left to run
/// time, where the kernel's semantics apply).
static std::optional<Attribute> castElement(Attribute in, Type to) {
  if (auto f = dyn_cast<FloatAttr>(in)) {
    APFloat v = f.getValue();
    if (auto ft = dyn_cast<FloatType>(to)) {
      // f4E2M1FN has no NaN or infinity: the kernel's rules (NaN -> -0,
      // infinity -> +-6) are not APFloat's, so leave those to run time.
      if (!v.isFinite() &&
          !APFloat::semanticsHasNaN(ft.getFloatSemantics()))
        return std::nullopt;
      bool lost;
      // f8E8M0FNU rounds up (graph.cast's semantics, ONNX's default).
      v.convert(ft.getFloatSemantics(),
                isa<Float8E8M0FNUType>(ft) ? APFloat::rmTowardPositive
                                           : APFloat::rmNearestTiesToEven,
                &lost);
      return FloatAttr::get(to, v);
    }
    unsigned width = to.getIntOrFloatBitWidth();
    if (width == 1)
      return IntegerAttr::get(to, APInt(1, v.isZero() ? 0 : 1));
    APSInt result(width, /*isUnsigned=*/to.isUnsignedInteger());
    bool exact;
    if (v.convertToInteger(result, APFloat::rmTowardZero, &exact) !=
            APFloat::opOK &&
        !(v.isFinite() && !exact))
      return std::nullopt;
    return IntegerAttr::get(to, result);
  }
  auto i = cast<IntegerAttr>(in);
  APInt v = i.getValue();
  bool isBool = v.getBitWidth() == 1;
  // Booleans and ui8..ui64 read their bits unsigned.
  bool fromUnsigned = isBool || i.getType().isUnsignedInteger();
  if (auto ft = dyn_cast<FloatType>(to)) {
    APFloat r(ft.getFloatSemantics());
    r.convertFromAPInt(v, /*isSigned=*/!fromUnsigned,
                       APFloat::rmNearestTiesToEven);
    return FloatAttr::get(to, r);
  }
  unsigned width = to.getIntOrFloatBitWidth();
  if (width == 1)
    return IntegerAttr::get(to, APInt(1, v.isZero() ? 0 : 1));
  return IntegerAttr::get(to, fromUnsigned ? v.zextOrTrunc(width)
                                           : v.sextOrTrunc(width));
}

OpFoldResult CastOp::fold(FoldAdaptor a) {
  if (OpFoldResult same = foldIdentity(getInput(), getType()))
    return same;
  auto c = foldableConstant(a.getInput());
  if (!c || !isStatic(getType()))
    return {};
  Type to = getType().getElementType();
  if (c.isSplat()) {
    auto e = castElement(c.getSplatValue<Attribute>(), to);
    return e ? DenseElementsAttr::get(getType(), *e) : Attribute();
  }
  SmallVector<Attribute> values;
  for (Attribute x : c.getValues<Attribute>()) {
    auto e = castElement(x, to);
    if (!e)
      return {};
    values.push_back(*e);
  }
  return DenseElementsAttr::get(getType(), values);
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

/// Folds an op that only reinterprets the shape of its (constant) input.
static OpFoldResult foldReshapeLike(Value input, Attribute inputAttr,
                                    RankedTensorType resultType) {
  if (OpFoldResult same = foldIdentity(input, resultType))
    return same;
  auto c = foldableConstant(inputAttr);
  if (!c || !resultType.hasStaticShape())
    return {};
  return c.reshape(resultType);
}

OpFoldResult ReshapeOp::fold(FoldAdaptor a) {
  return foldReshapeLike(getInput(), a.getInput(), getType());
}
OpFoldResult SqueezeOp::fold(FoldAdaptor a) {
  return foldReshapeLike(getInput(), a.getInput(), getType());
}
OpFoldResult UnsqueezeOp::fold(FoldAdaptor a) {
  return foldReshapeLike(getInput(), a.getInput(), getType());
}

namespace {
/// reshape(reshape(x)) -> reshape(x): only the final shape matters.
struct ComposeReshapes : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto producer = op.getInput().getDefiningOp<ReshapeOp>();
    if (!producer)
      return failure();
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(),
                                           producer.getInput());
    return success();
  }
};

/// transpose(transpose(x, p1), p2) -> transpose(x, p1 o p2).
struct ComposeTransposes : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto producer = op.getInput().getDefiningOp<TransposeOp>();
    if (!producer)
      return failure();
    ArrayRef<int64_t> p1 = producer.getPerm(), p2 = op.getPerm();
    SmallVector<int64_t> perm;
    for (int64_t p : p2)
      perm.push_back(p1[p]);
    rewriter.replaceOpWithNewOp<TransposeOp>(op, op.getType(),
                                             producer.getInput(), perm);
    return success();
  }
};
} // namespace

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                            MLIRContext *context) {
  results.add<ComposeReshapes>(context);
}

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *context) {
  results.add<ComposeTransposes>(context);
}

OpFoldResult TransposeOp::fold(FoldAdaptor a) {
  if (llvm::equal(getPerm(), llvm::seq<int64_t>(0, getPerm().size())))
    if (OpFoldResult same = foldIdentity(getInput(), getType()))
      return same;
  auto c = foldableConstant(a.getInput());
  if (!c || !getType().hasStaticShape())
    return {};
  if (c.isSplat())
    return SplatElementsAttr::get(getType(), c.getSplatValue<Attribute>());
  // Permute element by element: result index -> input index.
  auto inShape = getInput().getType().getShape();
  auto outShape = getType().getShape();
  ArrayRef<int64_t> perm = getPerm();
  int64_t rank = perm.size();
  SmallVector<int64_t> inStrides(rank, 1);
  for (int64_t i = rank - 2; i >= 0; --i)
    inStrides[i] = inStrides[i + 1] * inShape[i + 1];
  auto values = llvm::to_vector(c.getValues<Attribute>());
  SmallVector<Attribute> out;
  out.reserve(values.size());
  SmallVector<int64_t> idx(rank, 0);
  for (size_t n = 0; n < values.size(); ++n) {
    int64_t src = 0;
    for (int64_t d = 0; d < rank; ++d)
      src += idx[d] * inStrides[perm[d]];
    out.push_back(values[src]);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++idx[d] < outShape[d])
        break;
      idx[d] = 0;
    }
  }
  return DenseElementsAttr::get(getType(), out);
}

OpFoldResult FlattenOp::fold(FoldAdaptor a) {
  return foldReshapeLike(getInput(), a.getInput(), getType());
}

OpFoldResult ConcatOp::fold(FoldAdaptor a) {
  if (getInputs().size() == 1)
    return foldIdentity(getInputs().front(), getType());
  if (!getType().hasStaticShape())
    return {};
  // All inputs constant: walk the result, finding each index's input by
  // its offset along the axis.
  SmallVector<Attribute> values;
  SmallVector<int64_t> base, starts, sizes;
  SmallVector<SmallVector<int64_t>> strides;
  int64_t axis = getAxis(), start = 0;
  for (auto [v, attr] : llvm::zip(getInputs(), a.getInputs())) {
    auto c = foldableConstant(attr);
    auto t = cast<RankedTensorType>(v.getType());
    if (!c || !t.hasStaticShape())
      return {};
    base.push_back(int64_t(values.size()));
    llvm::append_range(values, c.getValues<Attribute>());
    starts.push_back(start);
    sizes.push_back(t.getDimSize(axis));
    start += t.getDimSize(axis);
    strides.push_back(stridesOf(t.getShape()));
  }
  return buildByIndex(values, getType(), [&](ArrayRef<int64_t> idx) {
    size_t k = 0;
    while (k + 1 < sizes.size() && idx[axis] >= starts[k] + sizes[k])
      ++k;
    int64_t src = base[k];
    for (auto [d, i] : llvm::enumerate(idx))
      src += (int64_t(d) == axis ? i - starts[k] : i) * strides[k][d];
    return src;
  });
}

OpFoldResult SliceOp::fold(FoldAdaptor a) {
  auto in = getInput().getType();
  // With unit steps, only a slice from 0 keeps every (static) dim.
  if (in.hasStaticShape() &&
      llvm::all_of(getSteps(), [](int64_t s) { return s == 1; }))
    if (OpFoldResult same = foldIdentity(getInput(), getType()))
      return same;
  auto c = foldableConstant(a.getInput());
  if (!c || !in.hasStaticShape() || !getType().hasStaticShape())
    return {};
  if (c.isSplat())
    return SplatElementsAttr::get(getType(), c.getSplatValue<Attribute>());
  // The first index read per dim, clamped as in the shape rule.
  SmallVector<int64_t> first;
  for (auto [dim, start, step] :
       llvm::zip(in.getShape(), getStarts(), getSteps())) {
    int64_t s = start < 0 ? start + dim : start;
    if (dim == 0) {
      first.push_back(0);
      continue;
    }
    first.push_back(step > 0 ? std::clamp<int64_t>(s, 0, dim)
                             : std::clamp<int64_t>(s, 0, dim - 1));
  }
  SmallVector<int64_t> strides = stridesOf(in.getShape());
  auto values = llvm::to_vector(c.getValues<Attribute>());
  return buildByIndex(values, getType(), [&](ArrayRef<int64_t> idx) {
    int64_t src = 0;
    for (auto [d, i] : llvm::enumerate(idx))
      src += (first[d] + i * getSteps()[d]) * strides[d];
    return src;
  });
}

OpFoldResult GatherOp::fold(FoldAdaptor a) {
  auto data = foldableConstant(a.getData());
  auto indices = foldableConstant(a.getIndices());
  auto dt = getData().getType();
  if (!data || !indices || !dt.hasStaticShape() ||
      !getType().hasStaticShape())
    return {};
  int64_t axis = getAxis(), dim = dt.getDimSize(axis);
  // Out-of-range indices are left to run time.
  SmallVector<int64_t> index;
  for (const APInt &v : indices.getValues<APInt>()) {
    int64_t i = v.getSExtValue();
    if (i < -dim || i >= dim)
      return {};
    index.push_back(i < 0 ? i + dim : i);
  }
  // Result [outer..., indices..., inner...] reads data[outer, index, inner].
  int64_t idxRank = getIndices().getType().getRank();
  SmallVector<int64_t> idxStrides =
      stridesOf(getIndices().getType().getShape());
  SmallVector<int64_t> strides = stridesOf(dt.getShape());
  auto values = llvm::to_vector(data.getValues<Attribute>());
  return buildByIndex(values, getType(), [&](ArrayRef<int64_t> idx) {
    int64_t src = 0, k = 0;
    for (int64_t d = 0; d < axis; ++d)
      src += idx[d] * strides[d];
    for (int64_t d = 0; d < idxRank; ++d)
      k += idx[axis + d] * idxStrides[d];
    src += index[k] * strides[axis];
    for (int64_t d = axis + 1; d < dt.getRank(); ++d)
      src += idx[d - 1 + idxRank] * strides[d];
    return src;
  });
}

OpFoldResult BroadcastToOp::fold(FoldAdaptor a) {
  if (OpFoldResult same = foldIdentity(getInput(), getType()))
    return same;
  auto c = dyn_cast_or_null<DenseElementsAttr>(a.getInput());
  if (!c || !getType().hasStaticShape())
    return {};
  // Splats of any size; other constants up to the fold cap.
  if (c.isSplat())
    return SplatElementsAttr::get(getType(), c.getSplatValue<Attribute>());
  if (!foldableConstant(c))
    return {};
  return broadcastConstant(c, getType().getShape());
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  if (llvm::all_of(getPads(), [](int64_t p) { return p == 0; }))
    return foldIdentity(getInput(), getType());
  return {};
}
