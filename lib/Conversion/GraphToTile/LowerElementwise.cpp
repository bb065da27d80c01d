//===- LowerElementwise.cpp - elementwise graph ops to linalg -------------===//
//
// Unary, binary (numpy broadcasting), compare, select and cast become one
// linalg.generic each; constant becomes arith.constant. Math on f16/bf16 is
// done in f32 because math-dialect lowerings for half types are incomplete.
//
//===----------------------------------------------------------------------===//

#include "dialects/Graph/IR/GraphOps.h"
#include "lib/Conversion/GraphToTile/LoweringUtils.h"

#include <cmath>

using namespace mlir;
using namespace strata::graph;
using namespace strata::graph_to_linalg;

static bool isFloat(Value v) { return isa<FloatType>(v.getType()); }

template <typename MathOp>
static Value mathInF32(OpBuilder &b, Location loc, Value x) {
  return inF32(b, loc, x, [](OpBuilder &nb, Location nloc, Value v) -> Value {
    return MathOp::create(nb, nloc, v);
  });
}

//===----------------------------------------------------------------------===//
// Scalar bodies: one overload per op, computing an element from the
// elements of the operands.
//===----------------------------------------------------------------------===//

static Value scalarOp(ExpOp, OpBuilder &b, Location loc, ValueRange a) {
  return mathInF32<math::ExpOp>(b, loc, a[0]);
}
static Value scalarOp(LogOp, OpBuilder &b, Location loc, ValueRange a) {
  return mathInF32<math::LogOp>(b, loc, a[0]);
}
static Value scalarOp(TanhOp, OpBuilder &b, Location loc, ValueRange a) {
  return mathInF32<math::TanhOp>(b, loc, a[0]);
}
static Value scalarOp(ErfOp, OpBuilder &b, Location loc, ValueRange a) {
  return mathInF32<math::ErfOp>(b, loc, a[0]);
}
static Value scalarOp(SqrtOp, OpBuilder &b, Location loc, ValueRange a) {
  return mathInF32<math::SqrtOp>(b, loc, a[0]);
}
static Value scalarOp(RsqrtOp, OpBuilder &b, Location loc, ValueRange a) {
  return mathInF32<math::RsqrtOp>(b, loc, a[0]);
}
static Value scalarOp(FloorOp, OpBuilder &b, Location loc, ValueRange a) {
  return mathInF32<math::FloorOp>(b, loc, a[0]);
}
static Value scalarOp(CeilOp, OpBuilder &b, Location loc, ValueRange a) {
  return mathInF32<math::CeilOp>(b, loc, a[0]);
}

#define GRAPH_MATH_UNARY(OP, MATHOP)                                           \
  static Value scalarOp(OP, OpBuilder &b, Location loc, ValueRange a) {        \
    return mathInF32<math::MATHOP>(b, loc, a[0]);                              \
  }
GRAPH_MATH_UNARY(SinOp, SinOp)
GRAPH_MATH_UNARY(CosOp, CosOp)
GRAPH_MATH_UNARY(TanOp, TanOp)
GRAPH_MATH_UNARY(AsinOp, AsinOp)
GRAPH_MATH_UNARY(AcosOp, AcosOp)
GRAPH_MATH_UNARY(AtanOp, AtanOp)
GRAPH_MATH_UNARY(SinhOp, SinhOp)
GRAPH_MATH_UNARY(CoshOp, CoshOp)
GRAPH_MATH_UNARY(AsinhOp, AsinhOp)
GRAPH_MATH_UNARY(AcoshOp, AcoshOp)
GRAPH_MATH_UNARY(AtanhOp, AtanhOp)
GRAPH_MATH_UNARY(RoundOp, RoundEvenOp)
#undef GRAPH_MATH_UNARY

static Value scalarOp(BitwiseNotOp, OpBuilder &b, Location loc, ValueRange a) {
  return arith::XOrIOp::create(b, loc, a[0],
                               scalarConstant(b, loc, a[0].getType(), -1));
}

static Value scalarOp(SigmoidOp, OpBuilder &b, Location loc, ValueRange a) {
  // 1 / (1 + exp(-x))
  return inF32(b, loc, a[0], [](OpBuilder &nb, Location nloc, Value x) {
    Value one = scalarConstant(nb, nloc, x.getType(), 1.0);
    Value e = math::ExpOp::create(nb, nloc, arith::NegFOp::create(nb, nloc, x));
    return Value(arith::DivFOp::create(
        nb, nloc, one, arith::AddFOp::create(nb, nloc, one, e)));
  });
}

static Value scalarOp(NegOp, OpBuilder &b, Location loc, ValueRange a) {
  Value x = a[0];
  if (isFloat(x))
    return arith::NegFOp::create(b, loc, x);
  return arith::SubIOp::create(b, loc, scalarConstant(b, loc, x.getType(), 0),
                               x);
}

static Value scalarOp(AbsOp, OpBuilder &b, Location loc, ValueRange a) {
  if (isFloat(a[0]))
    return mathInF32<math::AbsFOp>(b, loc, a[0]);
  return math::AbsIOp::create(b, loc, a[0]);
}

static Value scalarOp(ReluOp, OpBuilder &b, Location loc, ValueRange a) {
  // max(x, 0); a NaN stays NaN.
  return maxScalars(b, loc, a[0], scalarConstant(b, loc, a[0].getType(), 0));
}

static Value scalarOp(GeluOp op, OpBuilder &b, Location loc, ValueRange a) {
  bool useTanh = op.getApproximate() == GeluApproximation::tanh;
  return inF32(b, loc, a[0], [&](OpBuilder &nb, Location nloc, Value x) {
    Type t = x.getType();
    auto c = [&](double v) { return scalarConstant(nb, nloc, t, v); };
    auto mul = [&](Value p, Value q) {
      return Value(arith::MulFOp::create(nb, nloc, p, q));
    };
    auto add = [&](Value p, Value q) {
      return Value(arith::AddFOp::create(nb, nloc, p, q));
    };
    Value inner;
    if (useTanh) {
      // tanh(sqrt(2/pi) * (x + 0.044715 x^3))
      Value cube = mul(mul(x, x), x);
      Value arg = mul(c(std::sqrt(2.0 / M_PI)), add(x, mul(c(0.044715), cube)));
      inner = math::TanhOp::create(nb, nloc, arg);
    } else {
      // erf(x / sqrt(2))
      inner = math::ErfOp::create(nb, nloc, mul(x, c(M_SQRT1_2)));
    }
    // 0.5 x (1 + inner)
    return mul(mul(c(0.5), x), add(c(1.0), inner));
  });
}

static Value scalarOp(AddOp, OpBuilder &b, Location loc, ValueRange a) {
  return addScalars(b, loc, a[0], a[1]);
}
static Value scalarOp(SubOp, OpBuilder &b, Location loc, ValueRange a) {
  if (isFloat(a[0]))
    return arith::SubFOp::create(b, loc, a[0], a[1]);
  return arith::SubIOp::create(b, loc, a[0], a[1]);
}
static Value scalarOp(MulOp, OpBuilder &b, Location loc, ValueRange a) {
  return mulScalars(b, loc, a[0], a[1]);
}
static Value scalarOp(DivOp, OpBuilder &b, Location loc, ValueRange a) {
  // Integers: arith.divsi truncates toward zero, as C and ONNX Div.
  return divScalars(b, loc, a[0], a[1]);
}
static Value scalarOp(MaxOp, OpBuilder &b, Location loc, ValueRange a) {
  return maxScalars(b, loc, a[0], a[1]);
}
static Value scalarOp(MinOp, OpBuilder &b, Location loc, ValueRange a) {
  return minScalars(b, loc, a[0], a[1]);
}
static Value scalarOp(RemOp, OpBuilder &b, Location loc, ValueRange a) {
  // arith.remf is LLVM frem, i.e. C fmod: the sign of the dividend.
  if (isFloat(a[0]))
    return inF32(b, loc, a[0], [&](OpBuilder &nb, Location nloc, Value x) {
      Value y = castFloat(nb, nloc, a[1], x.getType());
      return Value(arith::RemFOp::create(nb, nloc, x, y));
    });
  if (a[0].getType().isUnsignedInteger())
    return arith::RemUIOp::create(b, loc, a[0], a[1]);
  return arith::RemSIOp::create(b, loc, a[0], a[1]);
}
static Value scalarOp(BitwiseAndOp, OpBuilder &b, Location loc, ValueRange a) {
  return arith::AndIOp::create(b, loc, a[0], a[1]);
}
static Value scalarOp(BitwiseOrOp, OpBuilder &b, Location loc, ValueRange a) {
  return arith::OrIOp::create(b, loc, a[0], a[1]);
}
static Value scalarOp(BitwiseXorOp, OpBuilder &b, Location loc, ValueRange a) {
  return arith::XOrIOp::create(b, loc, a[0], a[1]);
}
/// Shifts by the bit width or more are poison in arith; the graph ops define
/// them: 0 for left and logical right shifts, the sign for arithmetic ones.
static Value scalarOp(ShiftLeftOp, OpBuilder &b, Location loc, ValueRange a) {
  Type t = a[0].getType();
  Value width = scalarConstant(b, loc, t, t.getIntOrFloatBitWidth());
  Value tooFar =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge, a[1], width);
  Value shifted = arith::ShLIOp::create(b, loc, a[0], a[1]);
  return arith::SelectOp::create(b, loc, tooFar, scalarConstant(b, loc, t, 0),
                                 shifted);
}
static Value scalarOp(ShiftRightOp, OpBuilder &b, Location loc, ValueRange a) {
  Type t = a[0].getType();
  unsigned w = t.getIntOrFloatBitWidth();
  Value width = scalarConstant(b, loc, t, w);
  Value tooFar =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge, a[1], width);
  if (t.isUnsignedInteger()) {
    Value shifted = arith::ShRUIOp::create(b, loc, a[0], a[1]);
    return arith::SelectOp::create(b, loc, tooFar, scalarConstant(b, loc, t, 0),
                                   shifted);
  }
  Value amount = arith::SelectOp::create(
      b, loc, tooFar, scalarConstant(b, loc, t, w - 1), a[1]);
  return arith::ShRSIOp::create(b, loc, a[0], amount);
}
static Value scalarOp(PowOp, OpBuilder &b, Location loc, ValueRange a) {
  Type t = a[0].getType(), wide = computeType(t);
  Value x = castFloat(b, loc, a[0], wide), y = castFloat(b, loc, a[1], wide);
  return castFloat(b, loc, math::PowFOp::create(b, loc, x, y), t);
}

static Value scalarOp(CompareOp op, OpBuilder &b, Location loc, ValueRange a) {
  CompareKind kind = op.getKind();
  if (isFloat(a[0])) {
    // Ordered predicates, except ne: NaN != NaN is true (numpy, ONNX).
    arith::CmpFPredicate pred;
    switch (kind) {
    case CompareKind::eq:
      pred = arith::CmpFPredicate::OEQ;
      break;
    case CompareKind::ne:
      pred = arith::CmpFPredicate::UNE;
      break;
    case CompareKind::lt:
      pred = arith::CmpFPredicate::OLT;
      break;
    case CompareKind::le:
      pred = arith::CmpFPredicate::OLE;
      break;
    case CompareKind::gt:
      pred = arith::CmpFPredicate::OGT;
      break;
    case CompareKind::ge:
      pred = arith::CmpFPredicate::OGE;
      break;
    }
    return arith::CmpFOp::create(b, loc, pred, a[0], a[1]);
  }
  // i1 orders false < true, so it compares unsigned, as ui8..ui64 do; other
  // integers compare signed.
  bool isBool =
      a[0].getType().isInteger(1) || a[0].getType().isUnsignedInteger();
  arith::CmpIPredicate pred;
  switch (kind) {
  case CompareKind::eq:
    pred = arith::CmpIPredicate::eq;
    break;
  case CompareKind::ne:
    pred = arith::CmpIPredicate::ne;
    break;
  case CompareKind::lt:
    pred = isBool ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt;
    break;
  case CompareKind::le:
    pred = isBool ? arith::CmpIPredicate::ule : arith::CmpIPredicate::sle;
    break;
  case CompareKind::gt:
    pred = isBool ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt;
    break;
  case CompareKind::ge:
    pred = isBool ? arith::CmpIPredicate::uge : arith::CmpIPredicate::sge;
    break;
  }
  return arith::CmpIOp::create(b, loc, pred, a[0], a[1]);
}

static Value scalarOp(SelectOp, OpBuilder &b, Location loc, ValueRange a) {
  return arith::SelectOp::create(b, loc, a[0], a[1], a[2]);
}

static Value scalarOp(CastOp op, OpBuilder &b, Location loc, ValueRange a) {
  return castScalar(b, loc, a[0], op.getType().getElementType());
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

namespace {

/// Any elementwise op: one linalg.generic over the result's shape whose
/// indexing maps broadcast the operands.
template <typename OpTy>
struct ElementwiseLowering : public StaticOpLowering<OpTy> {
  using StaticOpLowering<OpTy>::StaticOpLowering;

  LogicalResult lower(OpTy op, typename OpTy::Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op.getType());
    ValueRange operands = adaptor.getOperands();
    // A cast to the same type is the identity.
    if (isa<CastOp>(op.getOperation()) && operands[0].getType() == resultType) {
      rewriter.replaceOp(op, operands[0]);
      return success();
    }
    Value result =
        buildBroadcastGeneric(rewriter, op.getLoc(), resultType, operands,
                              [&](OpBuilder &b, Location loc, ValueRange args) {
                                return scalarOp(op, b, loc, args);
                              });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConstantLowering : public StaticOpLowering<ConstantOp> {
  using StaticOpLowering::StaticOpLowering;

  LogicalResult lower(ConstantOp op, Adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    auto value = dyn_cast<TypedAttr>(op.getValue());
    if (!value || value.getType() != op.getType())
      return rewriter.notifyMatchFailure(op, "value type differs from result");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, value);
    return success();
  }
};

} // namespace

void strata::populateGraphElementwiseToLinalgPatterns(
    RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ConstantLowering>(ctx);
  patterns.add<
      // unary
      ElementwiseLowering<ExpOp>, ElementwiseLowering<LogOp>,
      ElementwiseLowering<TanhOp>, ElementwiseLowering<SigmoidOp>,
      ElementwiseLowering<ErfOp>, ElementwiseLowering<SqrtOp>,
      ElementwiseLowering<RsqrtOp>, ElementwiseLowering<FloorOp>,
      ElementwiseLowering<CeilOp>, ElementwiseLowering<NegOp>,
      ElementwiseLowering<AbsOp>, ElementwiseLowering<ReluOp>,
      ElementwiseLowering<GeluOp>, ElementwiseLowering<SinOp>,
      ElementwiseLowering<CosOp>, ElementwiseLowering<TanOp>,
      ElementwiseLowering<AsinOp>, ElementwiseLowering<AcosOp>,
      ElementwiseLowering<AtanOp>, ElementwiseLowering<SinhOp>,
      ElementwiseLowering<CoshOp>, ElementwiseLowering<AsinhOp>,
      ElementwiseLowering<AcoshOp>, ElementwiseLowering<AtanhOp>,
      ElementwiseLowering<RoundOp>, ElementwiseLowering<BitwiseNotOp>,
      // binary, compare, select, cast
      ElementwiseLowering<AddOp>, ElementwiseLowering<SubOp>,
      ElementwiseLowering<MulOp>, ElementwiseLowering<DivOp>,
      ElementwiseLowering<PowOp>, ElementwiseLowering<MaxOp>,
      ElementwiseLowering<MinOp>, ElementwiseLowering<RemOp>,
      ElementwiseLowering<BitwiseAndOp>, ElementwiseLowering<BitwiseOrOp>,
      ElementwiseLowering<BitwiseXorOp>, ElementwiseLowering<ShiftLeftOp>,
      ElementwiseLowering<ShiftRightOp>, ElementwiseLowering<CompareOp>,
      ElementwiseLowering<SelectOp>, ElementwiseLowering<CastOp>>(ctx);
}
