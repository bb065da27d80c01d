//===- OpsElementwise.cpp - ONNX elementwise ops -> graph ops -------------===//
//
// Unary and (broadcasting) binary math, comparisons and logic, casts, and the
// activations ONNX defines as functions (LeakyRelu, Clip, HardSigmoid, ...),
// which are decomposed into graph ops here.
//
//===----------------------------------------------------------------------===//

#include "ImporterImpl.h"

#include <cmath>

using namespace mlir;
using namespace strata::onnx;
namespace graph = strata::graph;

namespace {

Type elementTypeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getElementType();
}

template <typename OpTy>
Converter unary() {
  return [](NodeContext &c) -> LogicalResult {
    auto x = c.required(0);
    if (failed(x))
      return failure();
    return c.setResultOrFail(c.create<OpTy>(*x));
  };
}

template <typename OpTy>
Converter binary() {
  return [](NodeContext &c) -> LogicalResult {
    auto a = c.required(0), b = c.required(1);
    if (failed(a) || failed(b))
      return failure();
    return c.setResultOrFail(c.create<OpTy>(*a, *b));
  };
}

/// Max, Min, Sum (and Mean): fold the inputs left to right.
template <typename OpTy>
Converter variadic(bool mean = false) {
  return [mean](NodeContext &c) -> LogicalResult {
    if (c.numInputs() == 0)
      return c.error() << "needs at least one input";
    auto acc = c.required(0);
    if (failed(acc))
      return failure();
    for (size_t i = 1; i < c.numInputs(); ++i) {
      auto next = c.required(i);
      if (failed(next))
        return failure();
      acc = c.create<OpTy>(*acc, *next);
      if (failed(acc))
        return failure();
    }
    if (mean && c.numInputs() > 1) {
      Value n = c.scalar(double(c.numInputs()), elementTypeOf(*acc));
      acc = c.create<graph::DivOp>(*acc, n);
      if (failed(acc))
        return failure();
    }
    c.setResult(0, *acc);
    return success();
  };
}

Converter compare(graph::CompareKind kind) {
  return [kind](NodeContext &c) -> LogicalResult {
    auto a = c.required(0), b = c.required(1);
    if (failed(a) || failed(b))
      return failure();
    return c.setResultOrFail(c.create<graph::CompareOp>(kind, *a, *b));
  };
}

/// Runs `body` with the node's required inputs; it returns the result.
Converter compose(
    unsigned numRequired,
    std::function<FailureOr<Value>(NodeContext &, ArrayRef<Value>)> body) {
  return [numRequired, body](NodeContext &c) -> LogicalResult {
    SmallVector<Value> in;
    for (unsigned i = 0; i < numRequired; ++i) {
      auto v = c.required(i);
      if (failed(v))
        return failure();
      in.push_back(*v);
    }
    return c.setResultOrFail(body(c, in));
  };
}

/// Shorthands for composing graph ops inside a decomposition; a failed
/// step propagates (its diagnostic is already located at the node).
struct Ops {
  NodeContext &c;
  Type et;
  bool ok = true;
  Value chk(FailureOr<Value> v) {
    if (failed(v)) {
      ok = false;
      return c.scalar(0, et);
    }
    return *v;
  }
  Value k(double v) { return c.scalar(v, et); }
  Value add(Value a, Value b) { return chk(c.create<graph::AddOp>(a, b)); }
  Value sub(Value a, Value b) { return chk(c.create<graph::SubOp>(a, b)); }
  Value mul(Value a, Value b) { return chk(c.create<graph::MulOp>(a, b)); }
  Value div(Value a, Value b) { return chk(c.create<graph::DivOp>(a, b)); }
  Value max(Value a, Value b) { return chk(c.create<graph::MaxOp>(a, b)); }
  Value min(Value a, Value b) { return chk(c.create<graph::MinOp>(a, b)); }
  Value exp(Value a) { return chk(c.create<graph::ExpOp>(a)); }
  Value log(Value a) { return chk(c.create<graph::LogOp>(a)); }
  Value tanh(Value a) { return chk(c.create<graph::TanhOp>(a)); }
  Value abs(Value a) { return chk(c.create<graph::AbsOp>(a)); }
  Value rem(Value a, Value b) { return chk(c.create<graph::RemOp>(a, b)); }
  Value sigmoid(Value a) { return chk(c.create<graph::SigmoidOp>(a)); }
  Value cmp(graph::CompareKind k, Value a, Value b) {
    return chk(c.create<graph::CompareOp>(k, a, b));
  }
  Value select(Value p, Value a, Value b) {
    return chk(c.create<graph::SelectOp>(p, a, b));
  }
  FailureOr<Value> done(Value v) {
    if (!ok)
      return failure();
    return v;
  }
};

FailureOr<Value> castTo(NodeContext &c, Value x, Type elementType) {
  auto t = c.typeOf(x);
  if (t.getElementType() == elementType)
    return x;
  return c.createTyped<graph::CastOp>(t.clone(elementType), x);
}

LogicalResult convertCast(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  int64_t to = c.getInt("to", -1);
  Type et = convertDataType(int32_t(to), c.context());
  if (!et)
    return c.error() << "casts to " << dataTypeName(int32_t(to))
                     << ", which Strata does not support";
  return c.setResultOrFail(castWithOnnxRules(c, *x, et,
                                             c.getInt("saturate", 1) != 0,
                                             c.getString("round_mode", "up")));
}

LogicalResult convertCastLike(NodeContext &c) {
  auto x = c.required(0), like = c.required(1);
  if (failed(x) || failed(like))
    return failure();
  return c.setResultOrFail(castWithOnnxRules(
      c, *x, elementTypeOf(*like), c.getInt("saturate", 1) != 0,
      c.getString("round_mode", "up")));
}

LogicalResult convertClip(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  Type et = elementTypeOf(*x);
  Value lo, hi;
  if (c.version < 11) {
    lo = c.scalar(c.getFloat("min", -3.4028234663852886e38), et);
    hi = c.scalar(c.getFloat("max", 3.4028234663852886e38), et);
  } else {
    lo = c.input(1);
    hi = c.input(2);
  }
  Value r = *x;
  if (lo) {
    auto m = c.create<graph::MaxOp>(r, lo);
    if (failed(m))
      return failure();
    r = *m;
  }
  if (hi) {
    auto m = c.create<graph::MinOp>(r, hi);
    if (failed(m))
      return failure();
    r = *m;
  }
  c.setResult(0, r);
  return success();
}

LogicalResult convertPow(NodeContext &c) {
  auto a = c.required(0), b = c.required(1);
  if (failed(a) || failed(b))
    return failure();
  // ONNX lets the exponent have its own type; graph.pow takes one float
  // type. An integer base is raised in f64 (exact for results below 2^53)
  // and truncated back, as numpy's integer power.
  Type et = elementTypeOf(*a);
  Type powType = isa<FloatType>(et) ? et : Float64Type::get(c.context());
  auto base = castTo(c, *a, powType);
  auto e = castTo(c, *b, powType);
  if (failed(base) || failed(e))
    return failure();
  auto p = c.create<graph::PowOp>(*base, *e);
  if (failed(p))
    return failure();
  return c.setResultOrFail(castTo(c, *p, et));
}

LogicalResult convertGelu(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  std::string approx = c.getString("approximate", "none");
  graph::GeluApproximation mode;
  if (approx == "none")
    mode = graph::GeluApproximation::none;
  else if (approx == "tanh")
    mode = graph::GeluApproximation::tanh;
  else
    return c.error() << "unknown approximate '" << approx << "'";
  c.setResult(0, c.createTyped<graph::GeluOp>(x->getType(), *x, mode));
  return success();
}

/// Mod: fmod = 1 is the truncated remainder (C fmod); fmod = 0, for
/// integers only, takes the divisor's sign (Python's %).
LogicalResult convertMod(NodeContext &c) {
  auto a = c.required(0), b = c.required(1);
  if (failed(a) || failed(b))
    return failure();
  Type et = elementTypeOf(*a);
  bool fmod = c.getInt("fmod", 0) != 0;
  if (!fmod && isa<FloatType>(et))
    return c.error() << "fmod = 0 is defined for integers only";
  Ops o{c, et};
  Value r = o.rem(*a, *b);
  if (!fmod) {
    using K = graph::CompareKind;
    // r + b where r != 0 and r, b differ in sign.
    Value bool0 = c.scalar(0, c.builder().getI1Type());
    Value signsDiffer =
        o.cmp(K::ne, o.cmp(K::lt, r, o.k(0)), o.cmp(K::lt, *b, o.k(0)));
    Value fix = o.select(o.cmp(K::ne, r, o.k(0)), signsDiffer, bool0);
    r = o.select(fix, o.add(r, *b), r);
  }
  return c.setResultOrFail(o.done(r));
}

LogicalResult convertIdentity(NodeContext &c) {
  return c.setResultOrFail(c.required(0));
}

} // namespace

void strata::onnx::registerElementwiseOps(llvm::StringMap<OpInfo> &ops) {
  using K = graph::CompareKind;
  // Histories: the since-versions of each op's schemas in onnx 1.22.
  ops["Add"] = {{1, 6, 7, 13, 14}, 7, binary<graph::AddOp>()};
  ops["Sub"] = {{1, 6, 7, 13, 14}, 7, binary<graph::SubOp>()};
  ops["Mul"] = {{1, 6, 7, 13, 14}, 7, binary<graph::MulOp>()};
  ops["Div"] = {{1, 6, 7, 13, 14}, 7, binary<graph::DivOp>()};
  ops["Pow"] = {{1, 7, 12, 13, 15}, 7, convertPow};
  ops["Max"] = {{1, 6, 8, 12, 13}, 8, variadic<graph::MaxOp>()};
  ops["Min"] = {{1, 6, 8, 12, 13}, 8, variadic<graph::MinOp>()};
  ops["Sum"] = {{1, 6, 8, 13}, 8, variadic<graph::AddOp>()};
  ops["Mean"] = {{1, 6, 8, 13}, 8, variadic<graph::AddOp>(/*mean=*/true)};
  ops["Exp"] = {{1, 6, 13}, 6, unary<graph::ExpOp>()};
  ops["Log"] = {{1, 6, 13}, 6, unary<graph::LogOp>()};
  ops["Tanh"] = {{1, 6, 13}, 6, unary<graph::TanhOp>()};
  ops["Sigmoid"] = {{1, 6, 13}, 6, unary<graph::SigmoidOp>()};
  ops["Relu"] = {{1, 6, 13, 14}, 6, unary<graph::ReluOp>()};
  ops["Erf"] = {{9, 13}, 9, unary<graph::ErfOp>()};
  ops["Sqrt"] = {{1, 6, 13}, 6, unary<graph::SqrtOp>()};
  ops["Neg"] = {{1, 6, 13}, 6, unary<graph::NegOp>()};
  ops["Abs"] = {{1, 6, 13}, 6, unary<graph::AbsOp>()};
  ops["Floor"] = {{1, 6, 13}, 6, unary<graph::FloorOp>()};
  ops["Ceil"] = {{1, 6, 13}, 6, unary<graph::CeilOp>()};
  ops["Gelu"] = {{20}, 20, convertGelu};
  ops["Sin"] = {{7, 22}, 7, unary<graph::SinOp>()};
  ops["Cos"] = {{7, 22}, 7, unary<graph::CosOp>()};
  ops["Tan"] = {{7, 22}, 7, unary<graph::TanOp>()};
  ops["Asin"] = {{7, 22}, 7, unary<graph::AsinOp>()};
  ops["Acos"] = {{7, 22}, 7, unary<graph::AcosOp>()};
  ops["Atan"] = {{7, 22}, 7, unary<graph::AtanOp>()};
  ops["Sinh"] = {{9, 22}, 9, unary<graph::SinhOp>()};
  ops["Cosh"] = {{9, 22}, 9, unary<graph::CoshOp>()};
  ops["Asinh"] = {{9, 22}, 9, unary<graph::AsinhOp>()};
  ops["Acosh"] = {{9, 22}, 9, unary<graph::AcoshOp>()};
  ops["Atanh"] = {{9, 22}, 9, unary<graph::AtanhOp>()};
  ops["Round"] = {{11, 22}, 11, unary<graph::RoundOp>()};
  ops["BitwiseNot"] = {{18}, 18, unary<graph::BitwiseNotOp>()};
  ops["BitwiseAnd"] = {{18}, 18, binary<graph::BitwiseAndOp>()};
  ops["BitwiseOr"] = {{18}, 18, binary<graph::BitwiseOrOp>()};
  ops["BitwiseXor"] = {{18}, 18, binary<graph::BitwiseXorOp>()};
  ops["Mod"] = {{10, 13}, 10, convertMod};
  ops["BitShift"] = {{11}, 11, [](NodeContext &c) -> LogicalResult {
                       std::string dir = c.getString("direction", "");
                       if (dir == "LEFT")
                         return binary<graph::ShiftLeftOp>()(c);
                       if (dir == "RIGHT")
                         return binary<graph::ShiftRightOp>()(c);
                       return c.error()
                              << "direction must be LEFT or RIGHT, not '" << dir
                              << "'";
                     }};
  ops["IsNaN"] = {
      {9, 13, 20}, 9, compose(1, [](NodeContext &c, ArrayRef<Value> in) {
        Ops o{c, elementTypeOf(in[0])};
        return o.done(o.cmp(K::ne, in[0], in[0]));
      })};
  ops["IsInf"] = {
      {10, 20}, 10, compose(1, [](NodeContext &c, ArrayRef<Value> in) {
        Ops o{c, elementTypeOf(in[0])};
        bool pos = c.getInt("detect_positive", 1) != 0;
        bool neg = c.getInt("detect_negative", 1) != 0;
        Value isPos = o.cmp(K::eq, in[0], o.k(HUGE_VAL));
        Value isNeg = o.cmp(K::eq, in[0], o.k(-HUGE_VAL));
        if (pos && neg)
          return o.done(o.select(isPos, isPos, isNeg));
        if (pos)
          return o.done(isPos);
        if (neg)
          return o.done(isNeg);
        return o.done(o.cmp(K::ne, isPos, isPos)); // all false
      })};
  ops["Reciprocal"] = {
      {1, 6, 13}, 6, compose(1, [](NodeContext &c, ArrayRef<Value> in) {
        Ops o{c, elementTypeOf(in[0])};
        return o.done(o.div(o.k(1), in[0]));
      })};
  ops["Cast"] = {{1, 6, 9, 13, 19, 21, 23, 24, 25}, 6, convertCast};
  ops["CastLike"] = {{15, 19, 21, 23, 24, 25}, 15, convertCastLike};
  ops["Equal"] = {{1, 7, 11, 13, 19}, 7, compare(K::eq)};
  ops["Less"] = {{1, 7, 9, 13}, 7, compare(K::lt)};
  ops["LessOrEqual"] = {{12, 16}, 12, compare(K::le)};
  ops["Greater"] = {{1, 7, 9, 13}, 7, compare(K::gt)};
  ops["GreaterOrEqual"] = {{12, 16}, 12, compare(K::ge)};
  ops["Not"] = {{1}, 1, compose(1, [](NodeContext &c, ArrayRef<Value> in) {
                  Ops o{c, elementTypeOf(in[0])};
                  return o.done(o.cmp(K::eq, in[0], o.k(0)));
                })};
  ops["And"] = {{1, 7}, 7, compose(2, [](NodeContext &c, ArrayRef<Value> in) {
                  Ops o{c, elementTypeOf(in[0])};
                  return o.done(o.select(in[0], in[1], o.k(0)));
                })};
  ops["Or"] = {{1, 7}, 7, compose(2, [](NodeContext &c, ArrayRef<Value> in) {
                 Ops o{c, elementTypeOf(in[0])};
                 return o.done(o.select(in[0], o.k(1), in[1]));
               })};
  ops["Xor"] = {{1, 7}, 7, compare(K::ne)};
  ops["Where"] = {{9, 16}, 9, compose(3, [](NodeContext &c, ArrayRef<Value> in) {
                    return c.create<graph::SelectOp>(in[0], in[1], in[2]);
                  })};
  ops["Clip"] = {{1, 6, 11, 12, 13}, 6, convertClip};
  ops["Identity"] = {{1, 13, 14, 16, 19, 21, 23, 24, 25}, 1, convertIdentity};

  // Activations ONNX defines as functions, decomposed.
  ops["LeakyRelu"] = {
      {1, 6, 16}, 6, compose(1, [](NodeContext &c, ArrayRef<Value> in) {
        Ops o{c, elementTypeOf(in[0])};
        Value x = in[0];
        Value neg = o.cmp(K::lt, x, o.k(0));
        return o.done(
            o.select(neg, o.mul(x, o.k(c.getFloat("alpha", 0.01f))), x));
      })};
  ops["PRelu"] = {
      {1, 6, 7, 9, 16}, 9, compose(2, [](NodeContext &c, ArrayRef<Value> in) {
        Ops o{c, elementTypeOf(in[0])};
        Value x = in[0];
        return o.done(o.select(o.cmp(K::lt, x, o.k(0)), o.mul(x, in[1]), x));
      })};
  ops["Elu"] = {{1, 6, 22}, 6, compose(1, [](NodeContext &c, ArrayRef<Value> in) {
                  Ops o{c, elementTypeOf(in[0])};
                  Value x = in[0];
                  Value em1 = o.sub(o.exp(x), o.k(1));
                  return o.done(o.select(o.cmp(K::lt, x, o.k(0)),
                                         o.mul(em1, o.k(c.getFloat("alpha", 1))),
                                         x));
                })};
  ops["Selu"] = {
      {1, 6, 22}, 6, compose(1, [](NodeContext &c, ArrayRef<Value> in) {
        Ops o{c, elementTypeOf(in[0])};
        Value x = in[0];
        double alpha = c.getFloat("alpha", 1.67326319217681884765625f);
        double gamma = c.getFloat("gamma", 1.05070102214813232421875f);
        Value neg = o.sub(o.mul(o.exp(x), o.k(alpha)), o.k(alpha));
        return o.done(o.mul(
            o.select(o.cmp(K::le, x, o.k(0)), neg, x), o.k(gamma)));
      })};
  ops["Celu"] = {{12}, 12, compose(1, [](NodeContext &c, ArrayRef<Value> in) {
                   Ops o{c, elementTypeOf(in[0])};
                   Value x = in[0];
                   double alpha = c.getFloat("alpha", 1);
                   Value e = o.mul(o.sub(o.exp(o.div(x, o.k(alpha))), o.k(1)),
                                   o.k(alpha));
                   return o.done(o.add(o.max(x, o.k(0)), o.min(e, o.k(0))));
                 })};
  ops["ThresholdedRelu"] = {
      {10, 22}, 10, compose(1, [](NodeContext &c, ArrayRef<Value> in) {
        Ops o{c, elementTypeOf(in[0])};
        Value x = in[0];
        return o.done(o.select(o.cmp(K::gt, x, o.k(c.getFloat("alpha", 1))), x,
                               o.k(0)));
      })};
  ops["HardSigmoid"] = {
      {1, 6, 22}, 6, compose(1, [](NodeContext &c, ArrayRef<Value> in) {
        Ops o{c, elementTypeOf(in[0])};
        Value y = o.add(o.mul(in[0], o.k(c.getFloat("alpha", 0.2f))),
                        o.k(c.getFloat("beta", 0.5f)));
        return o.done(o.max(o.min(y, o.k(1)), o.k(0)));
      })};
  ops["HardSwish"] = {
      {14, 22}, 14, compose(1, [](NodeContext &c, ArrayRef<Value> in) {
        Ops o{c, elementTypeOf(in[0])};
        Value y = o.add(o.mul(in[0], o.k(1.0 / 6)), o.k(0.5));
        return o.done(o.mul(in[0], o.max(o.min(y, o.k(1)), o.k(0))));
      })};
  ops["Softplus"] = {
      {1, 22}, 1, compose(1, [](NodeContext &c, ArrayRef<Value> in) {
        Ops o{c, elementTypeOf(in[0])};
        // log(1 + e^x) = max(x, 0) + log(1 + e^-|x|), which cannot overflow.
        Value x = in[0];
        Value t = o.log(o.add(o.exp(o.sub(o.k(0), o.abs(x))), o.k(1)));
        return o.done(o.add(o.max(x, o.k(0)), t));
      })};
  ops["Softsign"] = {
      {1, 22}, 1, compose(1, [](NodeContext &c, ArrayRef<Value> in) {
        Ops o{c, elementTypeOf(in[0])};
        return o.done(o.div(in[0], o.add(o.abs(in[0]), o.k(1))));
      })};
  ops["Mish"] = {{18, 22}, 18, compose(1, [](NodeContext &c, ArrayRef<Value> in) {
                   Ops o{c, elementTypeOf(in[0])};
                   Value x = in[0];
                   Value sp = o.add(
                       o.max(x, o.k(0)),
                       o.log(o.add(o.exp(o.sub(o.k(0), o.abs(x))), o.k(1))));
                   return o.done(o.mul(x, o.tanh(sp)));
                 })};
  ops["Shrink"] = {
      {9}, 9, compose(1, [](NodeContext &c, ArrayRef<Value> in) {
        Ops o{c, elementTypeOf(in[0])};
        Value x = in[0];
        double lambd = c.getFloat("lambd", 0.5f), bias = c.getFloat("bias", 0);
        Value below = o.cmp(K::lt, x, o.k(-lambd));
        Value above = o.cmp(K::gt, x, o.k(lambd));
        return o.done(o.select(below, o.add(x, o.k(bias)),
                               o.select(above, o.sub(x, o.k(bias)), o.k(0))));
      })};
  ops["Swish"] = {
      {24}, 24, compose(1, [](NodeContext &c, ArrayRef<Value> in) {
        Ops o{c, elementTypeOf(in[0])};
        Value x = in[0];
        return o.done(
            o.mul(x, o.sigmoid(o.mul(x, o.k(c.getFloat("alpha", 1))))));
      })};
  ops["Sign"] = {{9, 13}, 9, compose(1, [](NodeContext &c, ArrayRef<Value> in) {
                   Ops o{c, elementTypeOf(in[0])};
                   Value x = in[0];
                   Value pos = o.select(o.cmp(K::gt, x, o.k(0)), o.k(1), o.k(0));
                   return o.done(
                       o.select(o.cmp(K::lt, x, o.k(0)), o.k(-1), pos));
                 })};
}
