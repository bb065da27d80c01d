//===- LowerInterpolation.cpp - resize, grid_sample to linalg.generic -----===//
//
// graph.resize becomes one linalg.generic per resized dim (interpolation is
// separable): each output element maps its coordinate back to the input
// (ONNX Resize's coordinate transformations, in f64 as the ONNX reference
// computes them), reads its neighbours along that dim with tensor.extract
// and blends them with nearest, linear or cubic weights. graph.grid_sample
// is one linalg.generic over the output that reads its grid point, and
// blends the 1, 2^r or 4^r neighbours (tensor.extract) of that point.
//
//===----------------------------------------------------------------------===//

#include "dialects/Graph/IR/GraphOps.h"
#include "lib/Conversion/GraphToTile/LoweringUtils.h"

#include <cmath>

using namespace mlir;
using namespace strata::graph;
using namespace strata::graph_to_linalg;

namespace {

/// What one dim's resize needs to know, all of it static.
struct DimResize {
  int64_t dim, in, out;
  double scale, roiStart, roiEnd;
};

/// Scalar float helpers over one builder, in type `t` (f64 by default).
struct F64 {
  OpBuilder &b;
  Location loc;
  Type t = nullptr;
  Type type() { return t ? t : b.getF64Type(); }
  Value c(double v) {
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(type(), v));
  }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value cmp(arith::CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, loc, p, x, y);
  }
  Value select(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, loc, c, x, y);
  }
  Value fromIndex(Value i) {
    Value i64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), i);
    return arith::SIToFPOp::create(b, loc, type(), i64);
  }
  /// An integral f64 as an index.
  Value toIndex(Value x) {
    Value i64 = arith::FPToSIOp::create(b, loc, b.getI64Type(), x);
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), i64);
  }
};

/// The input coordinate of output coordinate `x` along one dim, with the
/// operations in the order of the ONNX reference (onnx/reference/ops/
/// op_resize.py) so that ties round the same way.
Value inputCoordinate(F64 &f, Value x, const DimResize &d,
                      CoordinateTransform mode) {
  double in = d.in, outW = d.scale * d.in;
  Value s = f.c(d.scale);
  auto halfPixel = [&] {
    return f.sub(f.div(f.add(x, f.c(0.5)), s), f.c(0.5));
  };
  switch (mode) {
  case CoordinateTransform::half_pixel:
    return halfPixel();
  case CoordinateTransform::half_pixel_symmetric: {
    double adjustment = d.out / outW;
    double offset = in / 2 * (1 - adjustment);
    return f.sub(f.add(f.c(offset), f.div(f.add(x, f.c(0.5)), s)), f.c(0.5));
  }
  case CoordinateTransform::pytorch_half_pixel:
    return outW == 1 ? f.c(-0.5) : halfPixel();
  case CoordinateTransform::align_corners:
    return outW == 1 ? f.c(0.0)
                     : f.div(f.mul(x, f.c(in - 1)), f.c(outW - 1));
  case CoordinateTransform::asymmetric:
    return f.div(x, s);
  case CoordinateTransform::tf_crop_and_resize: {
    double extent = d.roiEnd - d.roiStart;
    Value xo = outW == 1 ? f.c(extent * (in - 1) / 2)
                         : f.div(f.mul(f.mul(x, f.c(extent)), f.c(in - 1)),
                                 f.c(outW - 1));
    return f.add(xo, f.c(d.roiStart * (in - 1)));
  }
  }
  llvm_unreachable("unknown coordinate transformation");
}

/// The interpolation kernel at distance `t` (>= 0): the tent for linear,
/// Keys' cubic with coefficient `a` for cubic.
Value kernelWeight(F64 &f, Value t, ResizeMode mode, double a) {
  if (mode == ResizeMode::linear)
    return arith::MaximumFOp::create(f.b, f.loc, f.c(0.0),
                                     f.sub(f.c(1.0), t));
  Value t2 = f.mul(t, t), t3 = f.mul(t2, t);
  // (a + 2) t^3 - (a + 3) t^2 + 1 for t <= 1.
  Value near = f.add(f.sub(f.mul(f.c(a + 2), t3), f.mul(f.c(a + 3), t2)),
                     f.c(1.0));
  // a t^3 - 5a t^2 + 8a t - 4a for 1 < t < 2.
  Value far = f.sub(f.add(f.sub(f.mul(f.c(a), t3), f.mul(f.c(5 * a), t2)),
                          f.mul(f.c(8 * a), t)),
                    f.c(4 * a));
  Value w = f.select(f.cmp(arith::CmpFPredicate::OLT, t, f.c(2.0)), far,
                     f.c(0.0));
  return f.select(f.cmp(arith::CmpFPredicate::OLE, t, f.c(1.0)), near, w);
}

/// Resizes `src` along one dim into a tensor of `shape`.
Value resizeDim(OpBuilder &b, Location loc, ResizeOp op, Value src,
                const DimResize &d, ArrayRef<int64_t> shape) {
  RankedTensorType srcType = tensorType(src);
  Type elt = srcType.getElementType();
  auto resultType = RankedTensorType::get(shape, elt);
  ResizeMode mode = op.getMode();
  CoordinateTransform ctm = op.getCoordinateTransformationMode();
  bool antialias = op.getAntialias() && mode != ResizeMode::nearest;
  bool excludeOutside = op.getExcludeOutside() && mode != ResizeMode::nearest;
  double a = op.getCubicCoeffA().convertToDouble();
  double extrapolation = op.getExtrapolationValue().convertToDouble();

  // Taps at offsets [start, start + taps) from base = ceil(x) - 1; the
  // antialiasing filter is stretched by 1 / scale when downscaling.
  double filterScale = antialias ? std::min(d.scale, 1.0) : 1.0;
  int64_t support = mode == ResizeMode::cubic ? 2 : 1;
  int64_t start = antialias ? (int64_t)std::floor(-support / filterScale) + 1
                            : 1 - support;
  int64_t taps = 2 - 2 * start;

  return buildGeneric(
      b, loc, resultType, ValueRange{}, {},
      [&](OpBuilder &nb, Location nloc, ValueRange) -> Value {
        F64 f{nb, nloc};
        SmallVector<Value> coords;
        for (int64_t j = 0; j < resultType.getRank(); ++j)
          coords.push_back(linalg::IndexOp::create(nb, nloc, j));
        Value x = f.fromIndex(coords[d.dim]);
        Value xo = inputCoordinate(f, x, d, ctm);
        auto idx = [&](int64_t v) {
          return Value(arith::ConstantIndexOp::create(nb, nloc, v));
        };
        auto clampIndex = [&](Value i) {
          return arith::MinSIOp::create(
              nb, nloc, arith::MaxSIOp::create(nb, nloc, i, idx(0)),
              idx(d.in - 1));
        };

        Value value;
        if (mode == ResizeMode::nearest) {
          Value fl = math::FloorOp::create(nb, nloc, xo);
          Value frac = f.sub(xo, fl);
          Value up;
          switch (op.getNearestMode()) {
          case NearestMode::round_prefer_floor:
            up = f.cmp(arith::CmpFPredicate::OGT, frac, f.c(0.5));
            break;
          case NearestMode::round_prefer_ceil:
            up = f.cmp(arith::CmpFPredicate::OGE, frac, f.c(0.5));
            break;
          case NearestMode::floor:
            up = arith::ConstantIntOp::create(nb, nloc, 0, 1);
            break;
          case NearestMode::ceil:
            up = f.cmp(arith::CmpFPredicate::OGT, frac, f.c(0.0));
            break;
          }
          Value i = f.toIndex(fl);
          i = arith::SelectOp::create(
              nb, nloc, up, arith::AddIOp::create(nb, nloc, i, idx(1)), i);
          coords[d.dim] = clampIndex(i);
          value = tensor::ExtractOp::create(nb, nloc, src, coords);
        } else {
          Value base = f.sub(math::CeilOp::create(nb, nloc, xo), f.c(1.0));
          Value ratio = f.sub(xo, base); // in (0, 1]
          Value baseIdx = f.toIndex(base);
          bool normalize = antialias || excludeOutside;
          SmallVector<Value> weights, indices;
          Value sum;
          for (int64_t t = 0; t < taps; ++t) {
            int64_t o = start + t;
            Value dist = f.sub(f.c((double)o), ratio);
            if (filterScale != 1.0)
              dist = f.mul(dist, f.c(filterScale));
            dist = math::AbsFOp::create(nb, nloc, dist);
            Value w = kernelWeight(f, dist, mode, a);
            Value i = arith::AddIOp::create(nb, nloc, baseIdx, idx(o));
            if (excludeOutside) {
              Value inside = arith::AndIOp::create(
                  nb, nloc,
                  arith::CmpIOp::create(nb, nloc, arith::CmpIPredicate::sge, i,
                                        idx(0)),
                  arith::CmpIOp::create(nb, nloc, arith::CmpIPredicate::slt, i,
                                        idx(d.in)));
              w = f.select(inside, w, f.c(0.0));
            }
            weights.push_back(w);
            indices.push_back(clampIndex(i));
            if (normalize)
              sum = sum ? f.add(sum, w) : w;
          }
          Value acc = f.c(0.0);
          for (int64_t t = 0; t < taps; ++t) {
            coords[d.dim] = indices[t];
            Value v = castScalar(
                nb, nloc, tensor::ExtractOp::create(nb, nloc, src, coords),
                nb.getF64Type());
            Value w = weights[t];
            if (normalize)
              w = f.div(w, sum);
            acc = f.add(acc, f.mul(w, v));
          }
          value = castScalar(nb, nloc, acc, elt);
        }
        if (ctm == CoordinateTransform::tf_crop_and_resize) {
          // TF CropAndResize gives the extrapolation value outside the input.
          Value outside = arith::OrIOp::create(
              nb, nloc, f.cmp(arith::CmpFPredicate::OLT, xo, f.c(0.0)),
              f.cmp(arith::CmpFPredicate::OGT, xo, f.c(d.in - 1)));
          value = arith::SelectOp::create(
              nb, nloc, outside, scalarConstant(nb, nloc, elt, extrapolation),
              value);
        }
        return value;
      });
}

struct ResizeLowering : public StaticOpLowering<ResizeOp> {
  using StaticOpLowering::StaticOpLowering;

  LogicalResult lower(ResizeOp op, Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    if (resultType.getNumElements() == 0) {
      rewriter.replaceOp(op, emptyTensor(rewriter, loc, resultType));
      return success();
    }
    Value cur = adaptor.getInput();
    int64_t rank = resultType.getRank();
    ArrayRef<double> scales = op.getScales();
    std::optional<ArrayRef<double>> roi = op.getRoi();
    bool crop = op.getCoordinateTransformationMode() ==
                CoordinateTransform::tf_crop_and_resize;
    for (int64_t dim = 0; dim < rank; ++dim) {
      DimResize d{dim,
                  tensorType(cur).getDimSize(dim),
                  resultType.getDimSize(dim),
                  scales[dim],
                  roi ? (*roi)[dim] : 0.0,
                  roi ? (*roi)[rank + dim] : 1.0};
      // A dim that keeps its size at scale 1 maps every coordinate to
      // itself in every mode (and every kernel weighs that point 1).
      if (d.in == d.out && d.scale == 1.0 &&
          (!crop || (d.roiStart == 0.0 && d.roiEnd == 1.0)))
        continue;
      SmallVector<int64_t> shape(tensorType(cur).getShape());
      shape[dim] = d.out;
      cur = resizeDim(rewriter, loc, op, cur, d, shape);
    }
    rewriter.replaceOp(op, cur);
    return success();
  }
};

/// Reflects `x` into [lo, hi] by the nearer border until it lies inside
/// (the ONNX reference's _gs_reflect).
Value reflect(F64 &f, Value x, double lo, double hi) {
  double range = hi - lo;
  if (range <= 0)
    return f.c(lo);
  Value below = f.cmp(arith::CmpFPredicate::OLT, x, f.c(lo));
  Value above = f.cmp(arith::CmpFPredicate::OGT, x, f.c(hi));
  Value dx = f.select(below, f.sub(f.c(lo), x), f.sub(x, f.c(hi)));
  Value n = math::FloorOp::create(f.b, f.loc, f.div(dx, f.c(range)));
  Value r = f.sub(dx, f.mul(n, f.c(range)));
  Value half = math::FloorOp::create(f.b, f.loc, f.mul(n, f.c(0.5)));
  Value even = f.cmp(arith::CmpFPredicate::OEQ, f.sub(n, f.add(half, half)),
                     f.c(0.0));
  Value fromLo = f.add(f.c(lo), r), fromHi = f.sub(f.c(hi), r);
  Value inBelow = f.select(even, fromLo, fromHi);
  Value inAbove = f.select(even, fromHi, fromLo);
  return f.select(below, inBelow, f.select(above, inAbove, x));
}

struct GridSampleLowering : public StaticOpLowering<GridSampleOp> {
  using StaticOpLowering::StaticOpLowering;

  LogicalResult lower(GridSampleOp op, Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    if (resultType.getNumElements() == 0) {
      rewriter.replaceOp(op, emptyTensor(rewriter, loc, resultType));
      return success();
    }
    Value input = adaptor.getInput(), grid = adaptor.getGrid();
    ArrayRef<int64_t> in = tensorType(input).getShape();
    int64_t r = resultType.getRank() - 2;
    if (llvm::any_of(in.drop_front(2), [](int64_t d) { return d == 0; }))
      return rewriter.notifyMatchFailure(op, "sampling an empty input");
    Type elt = resultType.getElementType(), ct = computeType(elt);
    ResizeMode mode = op.getMode();
    GridPadding padding = op.getPaddingMode();
    bool align = op.getAlignCorners();

    Value result = buildGeneric(
        rewriter, loc, resultType, ValueRange{}, {},
        [&](OpBuilder &b, Location nloc, ValueRange) -> Value {
          F64 f{b, nloc, ct};
          auto idx = [&](int64_t v) {
            return Value(arith::ConstantIndexOp::create(b, nloc, v));
          };
          SmallVector<Value> out;
          for (int64_t j = 0; j < r + 2; ++j)
            out.push_back(linalg::IndexOp::create(b, nloc, j));
          // Per spatial dim: the taps' indices (clamped into the input),
          // weights and, for zeros padding, whether they are inside.
          SmallVector<SmallVector<Value>> tapIdx(r), tapW(r), tapIn(r);
          for (int64_t i = 0; i < r; ++i) {
            int64_t len = in[2 + i];
            SmallVector<Value> gcoords = {out[0]};
            gcoords.append(out.begin() + 2, out.end());
            gcoords.push_back(idx(r - 1 - i));
            Value g = castFloat(
                b, nloc, tensor::ExtractOp::create(b, nloc, grid, gcoords), ct);
            Value x =
                align ? f.mul(f.div(f.add(g, f.c(1.0)), f.c(2.0)),
                              f.c(len - 1))
                      : f.div(f.sub(f.mul(f.add(g, f.c(1.0)), f.c(len)),
                                    f.c(1.0)),
                              f.c(2.0));
            if (mode == ResizeMode::nearest)
              x = math::RoundEvenOp::create(b, nloc, x);
            double lo = align ? 0.0 : -0.5;
            double hi = align ? len - 1.0 : len - 0.5;
            if (padding == GridPadding::border)
              x = arith::MinimumFOp::create(
                  b, nloc, arith::MaximumFOp::create(b, nloc, x, f.c(0.0)),
                  f.c(len - 1.0));
            else if (padding == GridPadding::reflection)
              x = reflect(f, x, lo, hi);
            SmallVector<std::pair<Value, Value>> taps; // (f index, weight)
            if (mode == ResizeMode::nearest) {
              taps.push_back({x, f.c(1.0)});
            } else {
              Value x0 = math::FloorOp::create(b, nloc, x);
              Value t = f.sub(x, x0);
              if (mode == ResizeMode::linear) {
                taps.push_back({x0, f.sub(f.c(1.0), t)});
                taps.push_back({f.add(x0, f.c(1.0)), t});
              } else {
                const double a = -0.75;
                auto far = [&](Value u) { // 1 < u < 2
                  return f.sub(
                      f.mul(f.add(f.mul(f.sub(f.mul(f.c(a), u), f.c(5 * a)), u),
                                  f.c(8 * a)),
                            u),
                      f.c(4 * a));
                };
                auto near = [&](Value u) { // u <= 1
                  return f.add(
                      f.mul(f.mul(f.sub(f.mul(f.c(a + 2), u), f.c(a + 3)), u),
                            u),
                      f.c(1.0));
                };
                Value one = f.c(1.0);
                taps.push_back({f.sub(x0, one), far(f.add(t, one))});
                taps.push_back({x0, near(t)});
                taps.push_back({f.add(x0, one), near(f.sub(one, t))});
                taps.push_back({f.add(x0, f.c(2.0)), far(f.sub(f.c(2.0), t))});
              }
            }
            for (auto [p, w] : taps) {
              if (padding == GridPadding::reflection && mode != ResizeMode::nearest)
                p = reflect(f, p, lo, hi);
              Value pi = f.toIndex(p);
              if (padding == GridPadding::zeros)
                tapIn[i].push_back(arith::AndIOp::create(
                    b, nloc,
                    arith::CmpIOp::create(b, nloc, arith::CmpIPredicate::sge,
                                          pi, idx(0)),
                    arith::CmpIOp::create(b, nloc, arith::CmpIPredicate::slt,
                                          pi, idx(len))));
              tapIdx[i].push_back(arith::MinSIOp::create(
                  b, nloc, arith::MaxSIOp::create(b, nloc, pi, idx(0)),
                  idx(len - 1)));
              tapW[i].push_back(w);
            }
          }
          // Sum over every combination of taps.
          Value acc = f.c(0.0);
          SmallVector<size_t> pick(r, 0);
          while (true) {
            SmallVector<Value> coords = {out[0], out[1]};
            Value w, inside;
            for (int64_t i = 0; i < r; ++i) {
              coords.push_back(tapIdx[i][pick[i]]);
              w = w ? f.mul(w, tapW[i][pick[i]]) : tapW[i][pick[i]];
              if (padding == GridPadding::zeros)
                inside = inside ? Value(arith::AndIOp::create(
                                      b, nloc, inside, tapIn[i][pick[i]]))
                                : tapIn[i][pick[i]];
            }
            Value v = castFloat(
                b, nloc, tensor::ExtractOp::create(b, nloc, input, coords), ct);
            if (inside)
              v = f.select(inside, v, f.c(0.0));
            acc = f.add(acc, f.mul(w, v));
            int64_t i = r;
            while (i > 0 && ++pick[i - 1] == tapIdx[i - 1].size())
              pick[--i] = 0;
            if (i == 0)
              break;
          }
          return castFloat(b, nloc, acc, elt);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void strata::populateGraphInterpolationToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<ResizeLowering, GridSampleLowering>(patterns.getContext());
}
