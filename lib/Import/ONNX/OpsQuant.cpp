//===- OpsQuant.cpp - ONNX quantization ops and Cast's float8 rules -------===//
//
// QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear, MatMulInteger and
// QLinearMatMul decompose into graph arithmetic (div, round, add, clamp,
// cast, matmul); Cast's `saturate` for the float8 types is a clamp before
// graph.cast, which itself never saturates.
//
//===----------------------------------------------------------------------===//

#include "ImporterImpl.h"

#include "llvm/ADT/APFloat.h"

#include <cmath>

using namespace mlir;
using namespace strata;
using namespace strata::onnx;

namespace {

Type elementOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getElementType();
}

/// The float8 types ONNX's `saturate` applies to.
bool isSaturatingFloat8(Type t) {
  return isa<Float8E4M3FNType, Float8E4M3FNUZType, Float8E5M2Type,
             Float8E5M2FNUZType, Float8E8M0FNUType>(t);
}

FailureOr<Value> plainCast(NodeContext &c, Value x, Type to) {
  auto t = c.typeOf(x);
  if (t.getElementType() == to)
    return x;
  return c.createTyped<graph::CastOp>(t.clone(to), x);
}

/// max(lo, min(hi, x)) keeping NaN (graph.max/min propagate it).
FailureOr<Value> clamp(NodeContext &c, Value x, double lo, double hi) {
  Type et = elementOf(x);
  auto m = c.create<graph::MaxOp>(x, c.scalar(lo, et));
  if (failed(m))
    return failure();
  return c.create<graph::MinOp>(*m, c.scalar(hi, et));
}

} // namespace

FailureOr<Value> strata::onnx::castWithOnnxRules(NodeContext &c, Value x,
                                                 Type to, bool saturate,
                                                 StringRef roundMode) {
  if (isa<Float8E8M0FNUType>(to) && roundMode != "up")
    return c.error() << "round_mode '" << roundMode
                     << "' is not supported (graph.cast rounds to "
                        "FLOAT8E8M0 up, the default)";
  if (!saturate || !isSaturatingFloat8(to) || elementOf(x) == to)
    return plainCast(c, x, to);
  // Saturate: clamp to the finite range first (NaN stays NaN), in f32 or
  // f64, which hold every bound (2^127 for FLOAT8E8M0 included).
  Type et = elementOf(x);
  if (!et.isF32() && !et.isF64()) {
    auto wide = plainCast(c, x, Float32Type::get(c.context()));
    if (failed(wide))
      return failure();
    x = *wide;
  }
  const llvm::fltSemantics &sem = cast<FloatType>(to).getFloatSemantics();
  double hi = APFloat::getLargest(sem).convertToDouble();
  if (isa<Float8E8M0FNUType>(to)) {
    // As onnx's reference (numpy_helper.to_float8e8m0) does: only finite
    // values above 2^127 saturate; +inf stays NaN and small values round up
    // from their exponent (the operator's table says max and min there).
    Type et32 = elementOf(x);
    auto m = c.create<graph::MinOp>(x, c.scalar(hi, et32));
    auto inf = c.create<graph::CompareOp>(graph::CompareKind::eq, x,
                                          c.scalar(INFINITY, et32));
    if (failed(m) || failed(inf))
      return failure();
    auto kept = c.create<graph::SelectOp>(*inf, x, *m);
    if (failed(kept))
      return failure();
    return plainCast(c, *kept, to);
  }
  auto clamped = clamp(c, x, -hi, hi);
  if (failed(clamped))
    return failure();
  return plainCast(c, *clamped, to);
}

namespace {

/// The quantized integer types and their ranges.
std::optional<std::pair<double, double>> integerRange(Type t) {
  auto it = dyn_cast<IntegerType>(t);
  if (!it || it.getWidth() == 1 || it.getWidth() > 16)
    return std::nullopt;
  unsigned w = it.getWidth();
  if (it.isUnsigned())
    return std::make_pair(0.0, std::ldexp(1.0, w) - 1);
  return std::make_pair(-std::ldexp(1.0, w - 1), std::ldexp(1.0, w - 1) - 1);
}

/// Makes a scale or zero point broadcast against x (rank `rank`): a scalar
/// or one-element tensor as is, a 1-D tensor along `axis`, and with
/// `blockSize` each element repeated blockSize times along `axis`.
FailureOr<Value> alignParam(NodeContext &c, Value p, RankedTensorType xType,
                            int64_t rawAxis, int64_t blockSize,
                            StringRef role) {
  auto pt = c.typeOf(p);
  int64_t rank = xType.getRank();
  if (blockSize <= 0 &&
      (pt.getRank() == 0 || (pt.getRank() == 1 && pt.getDimSize(0) == 1)))
    return p;
  // The axis matters only now (per-axis or blocked).
  auto normalized = c.normalizeAxis(rawAxis, rank, "axis");
  if (failed(normalized))
    return failure();
  int64_t axis = *normalized;
  if (blockSize <= 0) {
    if (pt.getRank() != 1)
      return c.error() << role << " must be a scalar or 1-D (per-axis), got "
                       << pt;
    if (!ShapedType::isDynamic(xType.getDimSize(axis)) &&
        !ShapedType::isDynamic(pt.getDimSize(0)) &&
        pt.getDimSize(0) != xType.getDimSize(axis))
      return c.error() << role << " has " << pt.getDimSize(0)
                       << " elements, but axis " << axis << " of the input has "
                       << xType.getDimSize(axis);
    SmallVector<int64_t> shape(rank, 1);
    shape[axis] = pt.getDimSize(0);
    return c.createTyped<graph::ReshapeOp>(pt.clone(shape), p);
  }
  // Blocked: p has x's shape with ceil(n / blockSize) along axis.
  if (pt.getRank() != rank || !pt.hasStaticShape() || !xType.hasStaticShape())
    return c.error() << role
                     << " must have the input's rank and static shapes for "
                        "blocked quantization, got "
                     << pt;
  int64_t n = xType.getDimSize(axis), blocks = pt.getDimSize(axis);
  for (int64_t d = 0; d < rank; ++d)
    if (d != axis && pt.getDimSize(d) != xType.getDimSize(d))
      return c.error() << role << " shape " << pt
                       << " must match the input's except along axis " << axis;
  if (blocks * blockSize != n)
    return c.error() << "blocked quantization with " << blocks
                     << " blocks of " << blockSize << " along an axis of " << n
                     << " is not supported (only whole blocks)";
  // [.., k, ..] -> [.., k, 1, ..] -> [.., k, B, ..] -> [.., k * B, ..]
  SmallVector<int64_t> withUnit(pt.getShape()), repeated(pt.getShape());
  withUnit.insert(withUnit.begin() + axis + 1, 1);
  repeated.insert(repeated.begin() + axis + 1, blockSize);
  Value u = c.createTyped<graph::ReshapeOp>(pt.clone(withUnit), p);
  Value b = c.createTyped<graph::BroadcastToOp>(pt.clone(repeated), u);
  return c.createTyped<graph::ReshapeOp>(pt.clone(xType.getShape()), b);
}

/// x / scale, in x's type or `precision`'s.
LogicalResult convertQuantizeLinear(NodeContext &c) {
  auto x = c.required(0), scale = c.required(1);
  if (failed(x) || failed(scale))
    return failure();
  Value zp = c.input(2);
  auto xType = c.typeOf(*x);
  int64_t axis = c.getInt("axis", 1);
  int64_t blockSize = c.version >= 21 ? c.getInt("block_size", 0) : 0;
  bool saturate = c.version >= 19 ? c.getInt("saturate", 1) != 0 : true;
  // The output type: the zero point's, else output_dtype, else uint8.
  Type outType = IntegerType::get(c.context(), 8, IntegerType::Unsigned);
  if (zp) {
    outType = elementOf(zp);
  } else if (int64_t dt = c.getInt("output_dtype", 0)) {
    outType = convertDataType(int32_t(dt), c.context());
    if (!outType)
      return c.error() << "output_dtype " << dataTypeName(int32_t(dt))
                       << " is not supported";
  }
  auto range = integerRange(outType);
  bool isFloat8 = isSaturatingFloat8(outType) &&
                  !isa<Float8E8M0FNUType>(outType);
  bool isFloat4 = isa<Float4E2M1FNType>(outType);
  if (!range && !isFloat8 && !isFloat4)
    return c.error() << "quantizes to " << outType
                     << ", which is not a quantized type (int8, uint8, int16, "
                        "uint16, int4, uint4, int2, uint2, float8, float4)";

  // Compute in x's type (as the reference does), or `precision`'s.
  Type computeType = elementOf(*x);
  if (int64_t p = c.getInt("precision", 0)) {
    computeType = convertDataType(int32_t(p), c.context());
    if (!computeType || !isa<FloatType>(computeType))
      return c.error() << "precision " << dataTypeName(int32_t(p))
                       << " is not a supported float type";
  }
  auto xs = plainCast(c, *x, computeType);
  auto s = plainCast(c, *scale, computeType);
  if (failed(xs) || failed(s))
    return failure();
  auto sa = alignParam(c, *s, xType, axis, blockSize, "y_scale");
  if (failed(sa))
    return failure();
  auto q = c.create<graph::DivOp>(*xs, *sa);
  if (failed(q))
    return failure();

  if (isFloat8)
    return c.setResultOrFail(
        castWithOnnxRules(c, *q, outType, saturate, "up"));

  // The zero point, widened first (graph.reshape takes no 4-bit types).
  Type zpType = isFloat4 ? computeType : Float32Type::get(c.context());
  Value zpa;
  if (zp) {
    auto zf = plainCast(c, zp, zpType);
    if (failed(zf))
      return failure();
    auto a = alignParam(c, *zf, xType, axis, blockSize, "y_zero_point");
    if (failed(a))
      return failure();
    zpa = *a;
  }
  if (isFloat4) {
    Value v = *q;
    if (zpa) {
      auto sum = c.create<graph::AddOp>(v, zpa);
      if (failed(sum))
        return failure();
      v = *sum;
    }
    return c.setResultOrFail(plainCast(c, v, outType));
  }
  // Integers: round half to even, add the zero point, clamp, in f32 (which
  // holds every int16/uint16 value exactly).
  auto r = c.create<graph::RoundOp>(*q);
  if (failed(r))
    return failure();
  Type f32 = Float32Type::get(c.context());
  auto v = plainCast(c, *r, f32);
  if (failed(v))
    return failure();
  if (zpa) {
    v = c.create<graph::AddOp>(*v, zpa);
    if (failed(v))
      return failure();
  }
  auto clamped = clamp(c, *v, range->first, range->second);
  if (failed(clamped))
    return failure();
  return c.setResultOrFail(plainCast(c, *clamped, outType));
}

LogicalResult convertDequantizeLinear(NodeContext &c) {
  auto x = c.required(0), scale = c.required(1);
  if (failed(x) || failed(scale))
    return failure();
  Value zp = c.input(2);
  auto xType = c.typeOf(*x);
  int64_t axis = c.getInt("axis", 1);
  int64_t blockSize = c.version >= 21 ? c.getInt("block_size", 0) : 0;
  Type outType = elementOf(*scale);
  if (int64_t dt = c.version >= 23 ? c.getInt("output_dtype", 0) : 0) {
    outType = convertDataType(int32_t(dt), c.context());
    if (!outType || !isa<FloatType>(outType))
      return c.error() << "output_dtype " << dataTypeName(int32_t(dt))
                       << " is not a supported float type";
  }
  // (x - zero_point) * scale in f32; float8 and float4 zero points are zero
  // by definition and ignored, as the reference does.
  Type f32 = Float32Type::get(c.context());
  auto v = plainCast(c, *x, f32);
  if (failed(v))
    return failure();
  Type xet = xType.getElementType();
  if (zp && isa<IntegerType>(xet)) {
    if (elementOf(zp) != xet)
      return c.error() << "x_zero_point has element type " << elementOf(zp)
                       << ", but x has " << xet;
    auto zf = plainCast(c, zp, f32);
    if (failed(zf))
      return failure();
    auto za = alignParam(c, *zf, xType, axis, blockSize, "x_zero_point");
    if (failed(za))
      return failure();
    v = c.create<graph::SubOp>(*v, *za);
    if (failed(v))
      return failure();
  }
  auto s = plainCast(c, *scale, f32);
  if (failed(s))
    return failure();
  auto sa = alignParam(c, *s, xType, axis, blockSize, "x_scale");
  if (failed(sa))
    return failure();
  auto y = c.create<graph::MulOp>(*v, *sa);
  if (failed(y))
    return failure();
  return c.setResultOrFail(plainCast(c, *y, outType));
}

/// uint8 asymmetric quantization with the range of x (and 0).
LogicalResult convertDynamicQuantizeLinear(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto xType = c.typeOf(*x);
  if (!xType.getElementType().isF32())
    return c.error() << "takes f32 input, got " << xType;
  Type f32 = xType.getElementType();
  SmallVector<int64_t> all;
  for (int64_t d = 0; d < xType.getRank(); ++d)
    all.push_back(d);
  Value zero = c.scalar(0.0, f32);
  auto hi = c.create<graph::ReduceMaxOp>(*x, ArrayRef<int64_t>(all), false);
  auto lo = c.create<graph::ReduceMinOp>(*x, ArrayRef<int64_t>(all), false);
  if (failed(hi) || failed(lo))
    return failure();
  auto maxx = c.create<graph::MaxOp>(*hi, zero);
  auto minx = c.create<graph::MinOp>(*lo, zero);
  if (failed(maxx) || failed(minx))
    return failure();
  // scale = (max == min ? 1 : max - min) / 255
  auto span = c.create<graph::SubOp>(*maxx, *minx);
  if (failed(span))
    return failure();
  auto same = c.create<graph::CompareOp>(graph::CompareKind::eq, *maxx, *minx);
  if (failed(same))
    return failure();
  auto width = c.create<graph::SelectOp>(*same, c.scalar(1.0, f32), *span);
  if (failed(width))
    return failure();
  auto scale = c.create<graph::DivOp>(*width, c.scalar(255.0, f32));
  if (failed(scale))
    return failure();
  // zero point = rint(clamp(0 - min / scale, 0, 255))
  auto ms = c.create<graph::DivOp>(*minx, *scale);
  if (failed(ms))
    return failure();
  auto z0 = c.create<graph::SubOp>(zero, *ms);
  if (failed(z0))
    return failure();
  auto zc = clamp(c, *z0, 0.0, 255.0);
  if (failed(zc))
    return failure();
  auto zr = c.create<graph::RoundOp>(*zc);
  if (failed(zr))
    return failure();
  // y = clamp(rint(x / scale) + zero point, 0, 255)
  auto xs = c.create<graph::DivOp>(*x, *scale);
  if (failed(xs))
    return failure();
  auto xr = c.create<graph::RoundOp>(*xs);
  if (failed(xr))
    return failure();
  auto y = c.create<graph::AddOp>(*xr, *zr);
  if (failed(y))
    return failure();
  auto yc = clamp(c, *y, 0.0, 255.0);
  if (failed(yc))
    return failure();
  Type u8 = IntegerType::get(c.context(), 8, IntegerType::Unsigned);
  auto yq = plainCast(c, *yc, u8);
  auto zq = plainCast(c, *zr, u8);
  if (failed(yq) || failed(zq))
    return failure();
  c.setResult(0, *yq);
  c.setResult(1, *scale);
  c.setResult(2, *zq);
  return success();
}

/// (x - zero point) as i32; the zero point broadcasts (numpy rules).
FailureOr<Value> centeredI32(NodeContext &c, Value x, Value zp) {
  Type i32 = IntegerType::get(c.context(), 32);
  auto v = plainCast(c, x, i32);
  if (failed(v) || !zp)
    return v;
  auto z = plainCast(c, zp, i32);
  if (failed(z))
    return failure();
  return c.create<graph::SubOp>(*v, *z);
}

/// (A - a_zero_point) @ (B - b_zero_point) in int32.
LogicalResult convertMatMulInteger(NodeContext &c) {
  auto a = c.required(0), b = c.required(1);
  if (failed(a) || failed(b))
    return failure();
  auto ca = centeredI32(c, *a, c.input(2));
  auto cb = centeredI32(c, *b, c.input(3));
  if (failed(ca) || failed(cb))
    return failure();
  return c.setResultOrFail(c.create<graph::MatMulOp>(*ca, *cb));
}

/// The int32 product of the centered inputs, scaled by
/// a_scale * b_scale / y_scale in f64 (as numpy promotes int32 * float),
/// rounded half to even, plus y_zero_point, clamped to the output type.
LogicalResult convertQLinearMatMul(NodeContext &c) {
  auto a = c.required(0), as = c.required(1), b = c.required(3),
       bs = c.required(4), ys = c.required(6);
  if (failed(a) || failed(as) || failed(b) || failed(bs) || failed(ys))
    return failure();
  Value yzp = c.input(7);
  Type outType = yzp ? elementOf(yzp) : elementOf(*a);
  auto range = integerRange(outType);
  if (!range)
    return c.error() << "produces " << outType
                     << ", which is not an 8- or 16-bit integer type";
  auto ca = centeredI32(c, *a, c.input(2));
  auto cb = centeredI32(c, *b, c.input(5));
  if (failed(ca) || failed(cb))
    return failure();
  auto prod = c.create<graph::MatMulOp>(*ca, *cb);
  if (failed(prod))
    return failure();
  // The factor in the scales' type, as the reference computes it.
  auto f1 = c.create<graph::MulOp>(*as, *bs);
  if (failed(f1))
    return failure();
  auto factor = c.create<graph::DivOp>(*f1, *ys);
  if (failed(factor))
    return failure();
  Type f64 = Float64Type::get(c.context());
  auto pf = plainCast(c, *prod, f64);
  auto ff = plainCast(c, *factor, f64);
  if (failed(pf) || failed(ff))
    return failure();
  auto d = c.create<graph::MulOp>(*pf, *ff);
  if (failed(d))
    return failure();
  if (yzp) {
    auto z = plainCast(c, yzp, f64);
    if (failed(z))
      return failure();
    d = c.create<graph::AddOp>(*d, *z);
    if (failed(d))
      return failure();
  }
  auto r = c.create<graph::RoundOp>(*d);
  if (failed(r))
    return failure();
  auto clamped = clamp(c, *r, range->first, range->second);
  if (failed(clamped))
    return failure();
  return c.setResultOrFail(plainCast(c, *clamped, outType));
}

} // namespace

void strata::onnx::registerQuantOps(llvm::StringMap<OpInfo> &ops) {
  ops["QuantizeLinear"] = {{10, 13, 19, 21, 23, 24, 25},
                           10,
                           convertQuantizeLinear};
  ops["DequantizeLinear"] = {{10, 13, 19, 21, 23, 24, 25},
                             10,
                             convertDequantizeLinear};
  ops["DynamicQuantizeLinear"] = {{11}, 11, convertDynamicQuantizeLinear};
  ops["MatMulInteger"] = {{10}, 10, convertMatMulInteger};
  ops["QLinearMatMul"] = {{10, 21}, 10, convertQLinearMatMul};
}
