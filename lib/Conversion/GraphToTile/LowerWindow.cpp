//===- LowerWindow.cpp - conv and pooling graph ops to linalg -------------===//
//
// conv2d becomes tensor.pad + linalg.conv_2d_nchw_fchw (grouped:
// linalg.conv_2d_ngchw_gfchw on expanded operands) + a bias generic; sums
// of f16/bf16 (conv, avg pool) accumulate in f32 and round once;
// max/avg pooling become linalg.pooling_nchw_max/_sum on a padded input,
// with the ONNX divisor of avg_pool2d computed at compile time; global pools
// become linalg.reduce over the spatial dims.
//
//===----------------------------------------------------------------------===//

#include "dialects/Graph/IR/GraphOps.h"
#include "lib/Conversion/GraphToTile/LoweringUtils.h"

using namespace mlir;
using namespace strata::graph;
using namespace strata::graph_to_linalg;

/// Pads the two spatial dims of an NCHW tensor with `value`; `lo`/`hi` are
/// [top, left] and [bottom, right]. Returns `input` when nothing is padded.
static Value padSpatial(OpBuilder &b, Location loc, Value input,
                        ArrayRef<int64_t> lo, ArrayRef<int64_t> hi,
                        TypedAttr value) {
  if (llvm::all_of(lo, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(hi, [](int64_t p) { return p == 0; }))
    return input;
  RankedTensorType type = tensorType(input);
  SmallVector<int64_t> shape(type.getShape());
  shape[2] += lo[0] + hi[0];
  shape[3] += lo[1] + hi[1];
  SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(0),
                                   b.getIndexAttr(lo[0]),
                                   b.getIndexAttr(lo[1])};
  SmallVector<OpFoldResult> high = {b.getIndexAttr(0), b.getIndexAttr(0),
                                    b.getIndexAttr(hi[0]),
                                    b.getIndexAttr(hi[1])};
  Value pad = arith::ConstantOp::create(b, loc, value);
  return tensor::PadOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), input, low,
      high, pad);
}

/// The bottom/right padding a window op needs so that `outSize` windows fit:
/// the given padding plus what ceil mode adds past it.
static SmallVector<int64_t>
highPadding(ArrayRef<int64_t> inShape, ArrayRef<int64_t> outShape,
            ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
            ArrayRef<int64_t> dilations, ArrayRef<int64_t> pads) {
  SmallVector<int64_t> hi;
  for (int i = 0; i < 2; ++i) {
    int64_t needed =
        (outShape[2 + i] - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1;
    int64_t have = inShape[2 + i] + pads[i] + pads[i + 2];
    hi.push_back(pads[i + 2] + std::max<int64_t>(0, needed - have));
  }
  return hi;
}

static DenseIntElementsAttr i64Pair(OpBuilder &b, ArrayRef<int64_t> values) {
  return b.getI64TensorAttr(values);
}

namespace {

struct Conv2DLowering : public StaticOpLowering<Conv2DOp> {
  using StaticOpLowering::StaticOpLowering;

  LogicalResult lower(Conv2DOp op, Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    Type elt = resultType.getElementType(), acc = computeType(elt);
    ArrayRef<int64_t> pads = op.getPads();
    Value input =
        padSpatial(rewriter, loc, adaptor.getInput(), pads.take_front(2),
                   pads.drop_front(2), scalarAttr(elt, 0.0));
    Value filter = adaptor.getFilter();
    auto strides = i64Pair(rewriter, op.getStrides());
    auto dilations = i64Pair(rewriter, op.getDilations());
    int64_t groups = op.getGroups();

    Value conv;
    if (groups == 1) {
      Value init = filledTensor(rewriter, loc, resultType.getShape(),
                                scalarAttr(acc, 0.0));
      conv =
          linalg::Conv2DNchwFchwOp::create(
              rewriter, loc, TypeRange{init.getType()},
              ValueRange{input, filter}, ValueRange{init}, strides, dilations)
              .getResult(0);
    } else {
      // [N, G*C, H, W] x [G*F, C, KH, KW] as [N, G, C, H, W] x
      // [G, F, C, KH, KW] -> [N, G, F, OH, OW], then merge G and F.
      ArrayRef<int64_t> in = tensorType(input).getShape();
      ArrayRef<int64_t> fs = tensorType(filter).getShape();
      ArrayRef<int64_t> out = resultType.getShape();
      Value in5 = reshapeTensor(rewriter, loc, input,
                                {in[0], groups, in[1] / groups, in[2], in[3]});
      Value f5 = reshapeTensor(rewriter, loc, filter,
                               {groups, fs[0] / groups, fs[1], fs[2], fs[3]});
      SmallVector<int64_t> out5 = {out[0], groups, out[1] / groups, out[2],
                                   out[3]};
      Value init = filledTensor(rewriter, loc, out5, scalarAttr(acc, 0.0));
      Value grouped =
          linalg::Conv2DNgchwGfchwOp::create(
              rewriter, loc, TypeRange{init.getType()}, ValueRange{in5, f5},
              ValueRange{init}, strides, dilations)
              .getResult(0);
      conv = reshapeTensor(rewriter, loc, grouped, out);
    }

    if (Value bias = adaptor.getBias()) {
      MLIRContext *ctx = rewriter.getContext();
      conv = buildGeneric(
          rewriter, loc, resultType, {conv, bias},
          {rewriter.getMultiDimIdentityMap(4), selectDimsMap(4, {1}, ctx)},
          [&](OpBuilder &b, Location nloc, ValueRange args) {
            Value sum =
                addScalars(b, nloc, args[0], castFloat(b, nloc, args[1], acc));
            return castFloat(b, nloc, sum, elt);
          });
    } else if (acc != elt) {
      conv = mapTensor(rewriter, loc, conv, elt,
                       [&](OpBuilder &b, Location nloc, Value v) {
                         return castFloat(b, nloc, v, elt);
                       });
    }
    rewriter.replaceOp(op, conv);
    return success();
  }
};

struct MaxPool2DLowering : public StaticOpLowering<MaxPool2DOp> {
  using StaticOpLowering::StaticOpLowering;

  LogicalResult lower(MaxPool2DOp op, Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    Type elt = resultType.getElementType();
    ArrayRef<int64_t> kernel = op.getKernelShape(), pads = op.getPads();
    // Padding never wins: it is -inf (the lowest integer), as is the init.
    SmallVector<int64_t> hi = highPadding(
        tensorType(adaptor.getInput()).getShape(), resultType.getShape(),
        kernel, op.getStrides(), op.getDilations(), pads);
    Value input = padSpatial(rewriter, loc, adaptor.getInput(),
                             pads.take_front(2), hi, lowestAttr(elt));
    Value window = emptyTensor(rewriter, loc, kernel, elt);
    Value init =
        filledTensor(rewriter, loc, resultType.getShape(), lowestAttr(elt));
    Value pooled =
        linalg::PoolingNchwMaxOp::create(
            rewriter, loc, TypeRange{resultType}, ValueRange{input, window},
            ValueRange{init}, i64Pair(rewriter, op.getStrides()),
            i64Pair(rewriter, op.getDilations()))
            .getResult(0);
    rewriter.replaceOp(op, pooled);
    return success();
  }
};

struct AvgPool2DLowering : public StaticOpLowering<AvgPool2DOp> {
  using StaticOpLowering::StaticOpLowering;

  LogicalResult lower(AvgPool2DOp op, Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    RankedTensorType resultType = op.getType();
    Type elt = resultType.getElementType(), acc = computeType(elt);
    ArrayRef<int64_t> kernel = op.getKernelShape(), pads = op.getPads();
    ArrayRef<int64_t> strides = op.getStrides();
    ArrayRef<int64_t> in = tensorType(adaptor.getInput()).getShape();
    ArrayRef<int64_t> out = resultType.getShape();
    SmallVector<int64_t> ones = {1, 1};
    SmallVector<int64_t> hi = highPadding(in, out, kernel, strides, ones, pads);
    Value input = padSpatial(rewriter, loc, adaptor.getInput(),
                             pads.take_front(2), hi, scalarAttr(elt, 0.0));
    Value window = emptyTensor(rewriter, loc, kernel, elt);
    Value init = filledTensor(rewriter, loc, out, scalarAttr(acc, 0.0));
    Value sum = linalg::PoolingNchwSumOp::create(
                    rewriter, loc, TypeRange{init.getType()},
                    ValueRange{input, window}, ValueRange{init},
                    i64Pair(rewriter, strides), i64Pair(rewriter, ones))
                    .getResult(0);

    // The divisor of each output position, per spatial dim: the window
    // clipped to the padded input (count_include_pad; ceil mode's extra
    // positions never count) or to the input itself. This is the ONNX
    // reference and PyTorch rule; onnxruntime 1.22 agrees for symmetric pads
    // but clips at the wrong pad when top/bottom or left/right differ.
    bool includePad = op.getCountIncludePad();
    SmallVector<SmallVector<int64_t>> counts(2);
    for (int i = 0; i < 2; ++i) {
      int64_t lo = includePad ? -pads[i] : 0;
      int64_t end = includePad ? in[2 + i] + pads[i + 2] : in[2 + i];
      for (int64_t o = 0; o < out[2 + i]; ++o) {
        int64_t start = o * strides[i] - pads[i];
        int64_t n = std::min(start + kernel[i], end) - std::max(start, lo);
        // A window wholly in the padding sums to 0; keep 0 / 1 = 0.
        counts[i].push_back(std::max<int64_t>(n, 1));
      }
    }
    SmallVector<double> divisor;
    for (int64_t h : counts[0])
      for (int64_t w : counts[1])
        divisor.push_back(static_cast<double>(h * w));
    bool uniform = llvm::all_equal(divisor);

    SmallVector<Value> inputs = {sum};
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(4)};
    if (!uniform) {
      auto divType = RankedTensorType::get({out[2], out[3]}, acc);
      SmallVector<Attribute> values;
      for (double d : divisor)
        values.push_back(scalarAttr(acc, d));
      inputs.push_back(arith::ConstantOp::create(
          rewriter, loc, DenseElementsAttr::get(divType, values)));
      maps.push_back(selectDimsMap(4, {2, 3}, ctx));
    }
    double constDivisor = divisor.empty() ? 1.0 : divisor.front();
    Value result = buildGeneric(
        rewriter, loc, resultType, inputs, maps,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value d =
              uniform ? scalarConstant(b, nloc, acc, constDivisor) : args[1];
          return castFloat(b, nloc, arith::DivFOp::create(b, nloc, args[0], d),
                           elt);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// global_max_pool / global_avg_pool: reduce every spatial dim, keep them
/// as size 1.
template <typename OpTy, bool IsMax>
struct GlobalPoolLowering : public StaticOpLowering<OpTy> {
  using StaticOpLowering<OpTy>::StaticOpLowering;

  LogicalResult lower(OpTy op, typename OpTy::Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    RankedTensorType type = tensorType(input);
    Type elt = type.getElementType();
    SmallVector<int64_t> dims;
    for (int64_t d = 2; d < type.getRank(); ++d)
      dims.push_back(d);
    Value reduced;
    if (IsMax) {
      reduced =
          reduceTensor(rewriter, loc, input, dims, lowestAttr(elt), maxScalars);
    } else {
      // Sum in f32 for half types, then divide and round once.
      Type acc = computeType(elt);
      reduced = reduceTensor(rewriter, loc, input, dims, scalarAttr(acc, 0.0),
                             addScalars);
      double count =
          static_cast<double>(product(type.getShape().drop_front(2)));
      reduced =
          mapTensor(rewriter, loc, reduced, elt,
                    [&](OpBuilder &b, Location nloc, Value v) {
                      Value mean = arith::DivFOp::create(
                          b, nloc, v, scalarConstant(b, nloc, acc, count));
                      return castFloat(b, nloc, mean, elt);
                    });
    }
    rewriter.replaceOp(
        op, reshapeTensor(rewriter, loc, reduced, op.getType().getShape()));
    return success();
  }
};

} // namespace

void strata::populateGraphWindowToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<Conv2DLowering, MaxPool2DLowering, AvgPool2DLowering,
               GlobalPoolLowering<GlobalMaxPoolOp, true>,
               GlobalPoolLowering<GlobalAvgPoolOp, false>>(
      patterns.getContext());
}
