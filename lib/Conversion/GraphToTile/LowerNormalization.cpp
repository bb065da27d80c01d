//===- LowerNormalization.cpp - softmax and norms to linalg ---------------===//
//
// softmax, log_softmax, layer_norm and batch_norm decomposed into
// reductions and elementwise linalg.generic ops; half types are computed in
// f32 and rounded once at the end.
//
//===----------------------------------------------------------------------===//

#include "dialects/Graph/IR/GraphOps.h"
#include "lib/Conversion/GraphToTile/LoweringUtils.h"

using namespace mlir;
using namespace strata::graph;
using namespace strata::graph_to_linalg;

/// Dims [0, rank) without `dropped`.
static SmallVector<int64_t> keptDims(int64_t rank, ArrayRef<int64_t> dropped) {
  SmallVector<int64_t> kept;
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(dropped, d))
      kept.push_back(d);
  return kept;
}

/// A linalg.generic over the iteration space of `inputs[0]` (identity map
/// for it) that reduces `reduced` dims into one accumulator of element type
/// `acc` initialized to `init`; the other inputs are read through
/// `otherMaps`. `body` gets the input elements and the accumulator.
static Value reduceGeneric(
    OpBuilder &b, Location loc, ValueRange inputs,
    ArrayRef<AffineMap> otherMaps, ArrayRef<int64_t> reduced, TypedAttr init,
    function_ref<Value(OpBuilder &, Location, ValueRange, Value)> body) {
  RankedTensorType type = tensorType(inputs[0]);
  int64_t rank = type.getRank();
  Value acc = filledTensor(b, loc, dropDims(type.getShape(), reduced), init);
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank)};
  maps.append(otherMaps.begin(), otherMaps.end());
  maps.push_back(selectDimsMap(rank, keptDims(rank, reduced), b.getContext()));
  auto iterators = parallelIterators(rank);
  for (int64_t d : reduced)
    iterators[d] = utils::IteratorType::reduction;
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{acc.getType()}, inputs, ValueRange{acc}, maps,
      iterators, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(nb, nloc,
                                body(nb, nloc, args.drop_back(), args.back()));
      });
  return generic.getResult(0);
}

namespace {

/// softmax: exp(x - max) / sum(exp(x - max)); log_softmax:
/// x - max - log(sum(exp(x - max))). Both along one axis.
template <typename OpTy, bool IsLog>
struct SoftmaxLowering : public StaticOpLowering<OpTy> {
  using StaticOpLowering<OpTy>::StaticOpLowering;

  LogicalResult lower(OpTy op, typename OpTy::Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value x = adaptor.getInput();
    RankedTensorType type = tensorType(x);
    Type elt = type.getElementType(), ct = computeType(elt);
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap rowMap = selectDimsMap(rank, keptDims(rank, {axis}), ctx);

    Value max =
        reduceTensor(rewriter, loc, x, {axis}, lowestAttr(elt), maxScalars);
    auto shifted = [ct](OpBuilder &b, Location nloc, Value v, Value m) {
      return Value(arith::SubFOp::create(b, nloc, castFloat(b, nloc, v, ct),
                                         castFloat(b, nloc, m, ct)));
    };

    Value result;
    if (IsLog) {
      Value sum = reduceGeneric(
          rewriter, loc, {x, max}, {rowMap}, {axis}, scalarAttr(ct, 0.0),
          [&](OpBuilder &b, Location nloc, ValueRange in, Value acc) {
            Value e =
                math::ExpOp::create(b, nloc, shifted(b, nloc, in[0], in[1]));
            return Value(arith::AddFOp::create(b, nloc, acc, e));
          });
      result = buildGeneric(
          rewriter, loc, op.getType(), {x, max, sum}, {id, rowMap, rowMap},
          [&](OpBuilder &b, Location nloc, ValueRange in) {
            Value logSum = math::LogOp::create(b, nloc, in[2]);
            Value y = arith::SubFOp::create(
                b, nloc, shifted(b, nloc, in[0], in[1]), logSum);
            return castFloat(b, nloc, y, elt);
          });
    } else {
      auto expType = RankedTensorType::get(type.getShape(), ct);
      Value e = buildGeneric(rewriter, loc, expType, {x, max}, {id, rowMap},
                             [&](OpBuilder &b, Location nloc, ValueRange in) {
                               return Value(math::ExpOp::create(
                                   b, nloc, shifted(b, nloc, in[0], in[1])));
                             });
      Value sum = reduceTensor(rewriter, loc, e, {axis}, scalarAttr(ct, 0.0),
                               addScalars);
      result = buildGeneric(
          rewriter, loc, op.getType(), {e, sum}, {id, rowMap},
          [&](OpBuilder &b, Location nloc, ValueRange in) {
            return castFloat(b, nloc,
                             arith::DivFOp::create(b, nloc, in[0], in[1]), elt);
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// (x - mean) * rsqrt(var + eps) * scale (+ bias), statistics over dims
/// [axis, rank) with the population variance (two passes, for accuracy).
struct LayerNormLowering : public StaticOpLowering<LayerNormOp> {
  using StaticOpLowering::StaticOpLowering;

  LogicalResult lower(LayerNormOp op, Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value x = adaptor.getInput();
    RankedTensorType type = tensorType(x);
    Type elt = type.getElementType(), ct = computeType(elt);
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    SmallVector<int64_t> normalized;
    for (int64_t d = axis; d < rank; ++d)
      normalized.push_back(d);
    double count =
        static_cast<double>(product(type.getShape().drop_front(axis)));
    double eps = op.getEpsilon().convertToDouble();
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap statMap = selectDimsMap(rank, keptDims(rank, normalized), ctx);
    auto wide = [ct](OpBuilder &b, Location nloc, Value v) {
      return castFloat(b, nloc, v, ct);
    };
    auto mean = [&](OpBuilder &b, Location nloc, Value sum) {
      return Value(arith::DivFOp::create(b, nloc, sum,
                                         scalarConstant(b, nloc, ct, count)));
    };

    Value sum = reduceGeneric(
        rewriter, loc, {x}, {}, normalized, scalarAttr(ct, 0.0),
        [&](OpBuilder &b, Location nloc, ValueRange in, Value acc) {
          return Value(
              arith::AddFOp::create(b, nloc, acc, wide(b, nloc, in[0])));
        });
    Value sqSum = reduceGeneric(
        rewriter, loc, {x, sum}, {statMap}, normalized, scalarAttr(ct, 0.0),
        [&](OpBuilder &b, Location nloc, ValueRange in, Value acc) {
          Value d = arith::SubFOp::create(b, nloc, wide(b, nloc, in[0]),
                                          mean(b, nloc, in[1]));
          return Value(arith::AddFOp::create(
              b, nloc, acc, arith::MulFOp::create(b, nloc, d, d)));
        });

    SmallVector<Value> inputs = {x, sum, sqSum, adaptor.getScale()};
    SmallVector<AffineMap> maps = {
        id, statMap, statMap,
        broadcastMap(tensorType(adaptor.getScale()).getShape(), type.getShape(),
                     ctx)};
    if (Value bias = adaptor.getBias()) {
      inputs.push_back(bias);
      maps.push_back(
          broadcastMap(tensorType(bias).getShape(), type.getShape(), ctx));
    }
    Value result = buildGeneric(
        rewriter, loc, op.getType(), inputs, maps,
        [&](OpBuilder &b, Location nloc, ValueRange in) {
          Value var = mean(b, nloc, in[2]);
          Value inv = math::RsqrtOp::create(
              b, nloc,
              arith::AddFOp::create(b, nloc, var,
                                    scalarConstant(b, nloc, ct, eps)));
          Value y = arith::SubFOp::create(b, nloc, wide(b, nloc, in[0]),
                                          mean(b, nloc, in[1]));
          y = arith::MulFOp::create(b, nloc, y, inv);
          y = arith::MulFOp::create(b, nloc, y, wide(b, nloc, in[3]));
          if (in.size() > 4)
            y = arith::AddFOp::create(b, nloc, y, wide(b, nloc, in[4]));
          return castFloat(b, nloc, y, elt);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// (x - mean[c]) * rsqrt(var[c] + eps) * scale[c] + bias[c], c = dim 1, in
/// one generic.
struct BatchNormLowering : public StaticOpLowering<BatchNormOp> {
  using StaticOpLowering::StaticOpLowering;

  LogicalResult lower(BatchNormOp op, Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type elt = type.getElementType(), ct = computeType(elt);
    int64_t rank = type.getRank();
    double eps = op.getEpsilon().convertToDouble();
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap channel = selectDimsMap(rank, {1}, rewriter.getContext());
    Value result = buildGeneric(
        rewriter, loc, type,
        {adaptor.getInput(), adaptor.getScale(), adaptor.getBias(),
         adaptor.getMean(), adaptor.getVariance()},
        {id, channel, channel, channel, channel},
        [&](OpBuilder &b, Location nloc, ValueRange in) {
          auto w = [&](Value v) { return castFloat(b, nloc, v, ct); };
          Value inv = math::RsqrtOp::create(
              b, nloc,
              arith::AddFOp::create(b, nloc, w(in[4]),
                                    scalarConstant(b, nloc, ct, eps)));
          Value y = arith::SubFOp::create(b, nloc, w(in[0]), w(in[3]));
          y = arith::MulFOp::create(b, nloc, y, inv);
          y = arith::MulFOp::create(b, nloc, y, w(in[1]));
          y = arith::AddFOp::create(b, nloc, y, w(in[2]));
          return castFloat(b, nloc, y, elt);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void strata::populateGraphNormalizationToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<SoftmaxLowering<SoftmaxOp, false>,
               SoftmaxLowering<LogSoftmaxOp, true>, LayerNormLowering,
               BatchNormLowering>(patterns.getContext());
}
