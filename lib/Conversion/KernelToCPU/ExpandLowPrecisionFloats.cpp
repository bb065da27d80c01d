//===- ExpandLowPrecisionFloats.cpp - float8/float4 casts as bit ops ------===//
//
// LLVM stores float8 and float4 values as i8/i4 but has no conversions for
// them, so arith.extf/truncf on these types become integer arithmetic on the
// bit patterns here, before the LLVM lowering. The rules are ONNX's (and
// ml_dtypes'): round to nearest even, no saturation (the importer clamps
// first when a model asks for it).
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/KernelToCPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace strata {
#define GEN_PASS_DEF_EXPANDLOWPRECISIONFLOATS
#include "strata/Conversion/KernelToCPU/Passes.h.inc"
} // namespace strata

using namespace mlir;

namespace {

bool isLowPrecisionFloat(Type t) {
  return isa<Float8E4M3FNType, Float8E4M3FNUZType, Float8E5M2Type,
             Float8E5M2FNUZType, Float4E2M1FNType, Float8E8M0FNUType>(
      getElementTypeOrSelf(t));
}

/// The layout of a low-precision format, read from its APFloat semantics.
struct Format {
  unsigned bits, manBits;
  int bias;
  bool hasInf, hasNaN, hasNegZero;
  uint64_t maxFinite, infBits, nanBits;

  explicit Format(FloatType t) {
    const llvm::fltSemantics &sem = t.getFloatSemantics();
    bits = APFloat::semanticsSizeInBits(sem);
    manBits = APFloat::semanticsPrecision(sem) - 1;
    bias = 1 - APFloat::semanticsMinExponent(sem);
    hasInf = APFloat::semanticsHasInf(sem);
    hasNaN = APFloat::semanticsHasNaN(sem);
    hasNegZero = APFloat::getZero(sem, /*Negative=*/true).isNegative();
    maxFinite = APFloat::getLargest(sem).bitcastToAPInt().getZExtValue();
    infBits = hasInf ? APFloat::getInf(sem).bitcastToAPInt().getZExtValue() : 0;
    nanBits =
        hasNaN ? APFloat::getQNaN(sem).bitcastToAPInt().getZExtValue() : 0;
  }
};

/// `like`'s shape (scalar or vector) with element type `elt`.
Type shapedLike(Type like, Type elt) {
  if (auto v = dyn_cast<VectorType>(like))
    return v.clone(elt);
  return elt;
}

/// Builds integer arithmetic on one (scalar or vector) integer type.
struct Bits {
  OpBuilder &b;
  Location loc;
  Type type; // iN or vector<...xiN>

  Value cst(uint64_t v) {
    auto elt = cast<IntegerType>(getElementTypeOrSelf(type));
    auto attr = IntegerAttr::get(elt, APInt(elt.getWidth(), v));
    if (auto vt = dyn_cast<VectorType>(type))
      return arith::ConstantOp::create(b, loc,
                                       DenseElementsAttr::get(vt, attr));
    return arith::ConstantOp::create(b, loc, attr);
  }
  Value andi(Value x, uint64_t m) {
    return arith::AndIOp::create(b, loc, x, cst(m));
  }
  Value ori(Value x, Value y) { return arith::OrIOp::create(b, loc, x, y); }
  Value shr(Value x, unsigned n) {
    return n ? arith::ShRUIOp::create(b, loc, x, cst(n)) : x;
  }
  Value shl(Value x, unsigned n) {
    return n ? arith::ShLIOp::create(b, loc, x, cst(n)) : x;
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value cmp(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, loc, p, x, y);
  }
  Value eq(Value x, uint64_t v) {
    return cmp(arith::CmpIPredicate::eq, x, cst(v));
  }
  Value select(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, loc, c, x, y);
  }
};

Value floatCst(OpBuilder &b, Location loc, Type type, double v) {
  auto elt = cast<FloatType>(getElementTypeOrSelf(type));
  auto attr = FloatAttr::get(elt, v);
  if (auto vt = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(vt, attr));
  return arith::ConstantOp::create(b, loc, attr);
}

/// extf from a low-precision float: the f32 value, exactly.
Value extendToF32(OpBuilder &b, Location loc, Value in, FloatType from) {
  Format f(from);
  Type i32 = shapedLike(in.getType(), b.getI32Type());
  Type f32 = shapedLike(in.getType(), b.getF32Type());
  Type iN = shapedLike(in.getType(), b.getIntegerType(f.bits));
  Bits w{b, loc, i32};
  Value raw = arith::BitcastOp::create(b, loc, iN, in);
  Value x = arith::ExtUIOp::create(b, loc, i32, raw);
  Value qnan = w.cst(0x7fc00000);

  if (isa<Float8E8M0FNUType>(from)) {
    // 2^(x - 127): the f32 exponent field is x itself; 0 is the f32
    // subnormal 2^-127; 0xff is NaN.
    Value bitsOut = w.select(w.eq(x, 0), w.cst(0x00400000), w.shl(x, 23));
    bitsOut = w.select(w.eq(x, 0xff), qnan, bitsOut);
    return arith::BitcastOp::create(b, loc, f32, bitsOut);
  }

  unsigned expBits = f.bits - 1 - f.manBits;
  Value sign = w.shl(w.shr(x, f.bits - 1), 31);
  Value exp = w.andi(w.shr(x, f.manBits), (1u << expBits) - 1);
  Value man = w.andi(x, (1u << f.manBits) - 1);
  // Normal: rebias the exponent, widen the mantissa.
  Value normal = w.ori(w.shl(w.add(exp, w.cst(uint64_t(127 - f.bias))), 23),
                       w.shl(man, 23 - f.manBits));
  // Subnormal (and zero): man * 2^(1 - bias - manBits), exact in f32.
  Value subValue = arith::MulFOp::create(
      b, loc, arith::UIToFPOp::create(b, loc, f32, man),
      floatCst(b, loc, f32, std::ldexp(1.0, 1 - f.bias - int(f.manBits))));
  Value subnormal = arith::BitcastOp::create(b, loc, i32, subValue);
  Value mag = w.select(w.eq(exp, 0), subnormal, normal);
  Value out = w.ori(mag, sign);
  // Special values.
  Value magBits = w.andi(x, (1u << (f.bits - 1)) - 1);
  if (f.hasInf) {
    // IEEE-like (f8E5M2): all-ones exponent is infinity or NaN.
    Value special = w.eq(exp, (1u << expBits) - 1);
    Value isInf = w.eq(magBits, f.infBits);
    Value inf = w.ori(w.cst(0x7f800000), sign);
    out = w.select(special, w.select(isInf, inf, w.ori(qnan, sign)), out);
  } else if (f.hasNaN && f.hasNegZero) {
    // f8E4M3FN: only the all-ones magnitude is NaN.
    out = w.select(w.eq(magBits, f.nanBits & ((1u << (f.bits - 1)) - 1)),
                   w.ori(qnan, sign), out);
  } else if (f.hasNaN) {
    // FNUZ: the would-be -0 is the NaN.
    out = w.select(w.eq(x, f.nanBits), qnan, out);
  }
  return arith::BitcastOp::create(b, loc, f32, out);
}

/// truncf to a low-precision float from f32 or f64 bits (round to nearest
/// even; f8E8M0FNU with `mode`).
FailureOr<Value> truncateFrom(OpBuilder &b, Location loc, Value in,
                              FloatType to, arith::RoundingMode mode) {
  auto srcType = cast<FloatType>(getElementTypeOrSelf(in.getType()));
  unsigned srcBits = srcType.getWidth();
  unsigned srcMan = srcType.getFPMantissaWidth() - 1;
  uint64_t srcBias = srcBits == 64 ? 1023 : 127;
  uint64_t srcInf = srcBits == 64 ? 0x7ff0000000000000ull : 0x7f800000ull;
  Type iS = shapedLike(in.getType(), b.getIntegerType(srcBits));
  Bits w{b, loc, iS};
  Value x = arith::BitcastOp::create(b, loc, iS, in);
  uint64_t signMask = uint64_t(1) << (srcBits - 1);
  Value sign = w.shr(x, srcBits - 1);
  Value a = w.andi(x, signMask - 1);
  Value isNaN = w.cmp(arith::CmpIPredicate::ugt, a, w.cst(srcInf));
  Format f(to);
  Type iN = shapedLike(in.getType(), b.getIntegerType(f.bits));
  auto finish = [&](Value v) -> Value {
    Value narrow = arith::TruncIOp::create(b, loc, iN, v);
    return arith::BitcastOp::create(b, loc, shapedLike(in.getType(), to),
                                    narrow);
  };

  if (isa<Float8E8M0FNUType>(to)) {
    // The exponent field, rounded by the fraction; NaN (0xff) for NaN,
    // infinity and anything rounding past 2^127. The sign is ignored.
    if (srcBits != 32)
      return failure();
    Value exp = w.andi(w.shr(x, 23), 0xff);
    Value frac = w.andi(x, 0x7fffff);
    Value r = exp;
    if (mode == arith::RoundingMode::upward) {
      Value hasFrac = w.cmp(arith::CmpIPredicate::ne, frac, w.cst(0));
      r = w.select(hasFrac, w.add(exp, w.cst(1)), exp);
    } else if (mode != arith::RoundingMode::downward &&
               mode != arith::RoundingMode::toward_zero) {
      return failure();
    }
    r = w.select(w.cmp(arith::CmpIPredicate::ugt, r, w.cst(0xff)), w.cst(0xff),
                 r);
    return finish(r);
  }
  if (mode != arith::RoundingMode::to_nearest_even)
    return failure();

  Type srcFloat = in.getType();
  // Normal results: round the source's exponent+mantissa bits to manBits
  // (a mantissa carry moves into the exponent), then rebias.
  unsigned shift = srcMan - f.manBits;
  Value lsb = w.andi(w.shr(a, shift), 1);
  Value rounded = w.add(w.add(a, w.cst((uint64_t(1) << (shift - 1)) - 1)), lsb);
  Value normal = w.sub(w.shr(rounded, shift),
                       w.cst((srcBias - uint64_t(f.bias)) << f.manBits));
  // Subnormal results (|x| < 2^(1 - bias)): |x| * 2^(bias - 1 + manBits)
  // rounded to an integer (adding and subtracting 2^srcMan rounds to nearest
  // even) is the bit pattern; 2^manBits is the smallest normal.
  Value absF = arith::BitcastOp::create(b, loc, srcFloat, a);
  Value scaled = arith::MulFOp::create(
      b, loc, absF,
      floatCst(b, loc, srcFloat, std::ldexp(1.0, f.bias - 1 + int(f.manBits))));
  Value magic = floatCst(b, loc, srcFloat, std::ldexp(1.0, int(srcMan)));
  Value roundedF = arith::SubFOp::create(
      b, loc, arith::AddFOp::create(b, loc, scaled, magic), magic);
  Value subnormal = arith::FPToUIOp::create(b, loc, iS, roundedF);
  uint64_t minNormal = uint64_t(srcBias + 1 - uint64_t(f.bias)) << srcMan;
  Value isSub = w.cmp(arith::CmpIPredicate::ult, a, w.cst(minNormal));
  Value mag = w.select(isSub, subnormal, normal);

  Value signBit = w.shl(sign, f.bits - 1);
  Value out = w.ori(mag, signBit);
  if (!f.hasNegZero) // FNUZ: -0 is +0
    out = w.select(w.eq(mag, 0), mag, out);
  Value overflow = w.cmp(arith::CmpIPredicate::ugt, mag, w.cst(f.maxFinite));
  Value overflowed;
  if (f.hasInf)
    overflowed = w.ori(w.cst(f.infBits), signBit);
  else if (f.hasNaN && f.hasNegZero)
    overflowed = w.ori(w.cst(f.nanBits), signBit);
  else if (f.hasNaN)
    overflowed = w.cst(f.nanBits);
  else
    overflowed = w.ori(w.cst(f.maxFinite), signBit); // f4E2M1FN saturates
  out = w.select(overflow, overflowed, out);
  Value nan;
  if (f.hasNaN && f.hasNegZero)
    nan = w.ori(w.cst(f.nanBits), signBit);
  else if (f.hasNaN)
    nan = w.cst(f.nanBits);
  else
    nan = w.cst(uint64_t(1) << (f.bits - 1)); // f4E2M1FN: -0, as ml_dtypes
  out = w.select(isNaN, nan, out);
  return finish(out);
}

/// Whether convert() handles the pair and rounding mode (checked before any
/// IR is built).
bool canConvert(Type fromType, Type toType, arith::RoundingMode mode) {
  auto from = cast<FloatType>(getElementTypeOrSelf(fromType));
  auto to = getElementTypeOrSelf(toType);
  if (!isLowPrecisionFloat(to))
    return true; // extending: exact
  if (isa<Float8E8M0FNUType>(to))
    return from.getWidth() <= 32 &&
           (mode == arith::RoundingMode::upward ||
            mode == arith::RoundingMode::downward ||
            mode == arith::RoundingMode::toward_zero);
  return mode == arith::RoundingMode::to_nearest_even;
}

/// Converts `in` to `resultType` (same shape), where either side is a
/// low-precision float: through f32, which holds every float8/float4 value
/// exactly (f16 and bf16 widen exactly; f64 rounds from its own bits).
FailureOr<Value> convert(OpBuilder &b, Location loc, Value in, Type resultType,
                         arith::RoundingMode mode) {
  auto from = cast<FloatType>(getElementTypeOrSelf(in.getType()));
  auto to = cast<FloatType>(getElementTypeOrSelf(resultType));
  Type f32 = shapedLike(in.getType(), b.getF32Type());
  if (isLowPrecisionFloat(from)) {
    in = extendToF32(b, loc, in, from);
    from = b.getF32Type();
  }
  if (!isLowPrecisionFloat(to)) {
    // f32 to f16/bf16/f64: exact for every float8/float4 value (f8E8M0FNU
    // above 2^15 overflows f16 as any conversion would).
    if (to.getWidth() > 32)
      return Value(arith::ExtFOp::create(b, loc, resultType, in));
    if (to.getWidth() < 32)
      return Value(arith::TruncFOp::create(b, loc, resultType, in));
    return in;
  }
  if (from.getWidth() < 32)
    in = arith::ExtFOp::create(b, loc, f32, in);
  return truncateFrom(b, loc, in, to, mode);
}

struct ExpandExtF : OpRewritePattern<arith::ExtFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::ExtFOp op,
                                PatternRewriter &rewriter) const override {
    if (!isLowPrecisionFloat(op.getIn().getType()) &&
        !isLowPrecisionFloat(op.getType()))
      return failure();
    // extf has no rounding mode: it only meets f8E8M0FNU as a source.
    if (!canConvert(op.getIn().getType(), op.getType(),
                    arith::RoundingMode::to_nearest_even))
      return rewriter.notifyMatchFailure(op, "unsupported conversion");
    FailureOr<Value> out =
        convert(rewriter, op.getLoc(), op.getIn(), op.getType(),
                arith::RoundingMode::to_nearest_even);
    if (failed(out))
      return rewriter.notifyMatchFailure(op, "unsupported conversion");
    rewriter.replaceOp(op, *out);
    return success();
  }
};

struct ExpandTruncF : OpRewritePattern<arith::TruncFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::TruncFOp op,
                                PatternRewriter &rewriter) const override {
    if (!isLowPrecisionFloat(op.getIn().getType()) &&
        !isLowPrecisionFloat(op.getType()))
      return failure();
    arith::RoundingMode mode = arith::RoundingMode::to_nearest_even;
    if (auto m = op.getRoundingmode())
      mode = *m;
    if (!canConvert(op.getIn().getType(), op.getType(), mode))
      return rewriter.notifyMatchFailure(op, "unsupported rounding or source");
    FailureOr<Value> out =
        convert(rewriter, op.getLoc(), op.getIn(), op.getType(), mode);
    if (failed(out))
      return rewriter.notifyMatchFailure(op, "unsupported rounding or source");
    rewriter.replaceOp(op, *out);
    return success();
  }
};

struct ExpandLowPrecisionFloats
    : strata::impl::ExpandLowPrecisionFloatsBase<ExpandLowPrecisionFloats> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    strata::populateExpandLowPrecisionFloatPatterns(patterns, expandBf16);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    // Whatever is left cannot be lowered to LLVM: say which op, here.
    WalkResult r = getOperation()->walk([](Operation *op) {
      if (!isa<arith::ExtFOp, arith::TruncFOp>(op))
        return WalkResult::advance();
      if (isLowPrecisionFloat(op->getOperand(0).getType()) ||
          isLowPrecisionFloat(op->getResult(0).getType())) {
        op->emitOpError("cannot be expanded (float8 to f8E8M0FNU "
                        "needs an f32 source and rounding mode upward, "
                        "downward or toward_zero)");
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (r.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace

void strata::populateExpandLowPrecisionFloatPatterns(
    RewritePatternSet &patterns, bool expandBf16) {
  patterns.add<ExpandExtF, ExpandTruncF>(patterns.getContext());
  // f32 -> bf16 would otherwise be a call to compiler-rt's __truncsfbf2,
  // which CPU artifacts do not link (GPU backends convert bf16 themselves).
  if (expandBf16)
    arith::populateExpandBFloat16Patterns(patterns);
}
