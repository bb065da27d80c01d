//===- LowerReduction.cpp - reductions and arg-reductions to linalg -------===//
//
// reduce_{sum,mean,max,min,prod} become linalg.reduce (+ one elementwise
// generic for mean's division or rounding back a half type) and a
// tensor.expand_shape for keepdims; argmax/argmin become one linalg.generic
// with a value and an i64 index accumulator.
//
//===----------------------------------------------------------------------===//

#include "dialects/Graph/IR/GraphOps.h"
#include "lib/Conversion/GraphToTile/LoweringUtils.h"

using namespace mlir;
using namespace strata::graph;
using namespace strata::graph_to_linalg;

namespace {

enum class ReduceKind { Sum, Mean, Max, Min, Prod };

template <typename OpTy, ReduceKind Kind>
struct ReduceLowering : public StaticOpLowering<OpTy> {
  using StaticOpLowering<OpTy>::StaticOpLowering;

  LogicalResult lower(OpTy op, typename OpTy::Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    RankedTensorType type = tensorType(input);
    Type elt = type.getElementType();
    ArrayRef<int64_t> axes = op.getAxes();
    if (axes.empty()) {
      // Reducing over no axes is the identity.
      rewriter.replaceOp(op, input);
      return success();
    }

    // Sums and products of half types accumulate in f32.
    bool arithmetic = Kind == ReduceKind::Sum || Kind == ReduceKind::Mean ||
                      Kind == ReduceKind::Prod;
    Type acc = arithmetic ? computeType(elt) : elt;
    Value reduced;
    switch (Kind) {
    case ReduceKind::Sum:
    case ReduceKind::Mean:
      reduced = reduceTensor(rewriter, loc, input, axes, scalarAttr(acc, 0.0),
                             addScalars);
      break;
    case ReduceKind::Prod:
      reduced = reduceTensor(rewriter, loc, input, axes, scalarAttr(acc, 1.0),
                             mulScalars);
      break;
    case ReduceKind::Max:
      reduced =
          reduceTensor(rewriter, loc, input, axes, lowestAttr(elt), maxScalars);
      break;
    case ReduceKind::Min:
      reduced = reduceTensor(rewriter, loc, input, axes, highestAttr(elt),
                             minScalars);
      break;
    }

    if (Kind == ReduceKind::Mean || acc != elt) {
      int64_t count = 1;
      for (int64_t a : axes)
        count *= type.getDimSize(a);
      reduced = mapTensor(
          rewriter, loc, reduced, elt,
          [&](OpBuilder &b, Location nloc, Value v) {
            if (Kind == ReduceKind::Mean)
              v = divScalars(
                  b, nloc, v,
                  scalarConstant(b, nloc, acc, static_cast<double>(count)));
            return castScalar(b, nloc, v, elt);
          });
    }
    rewriter.replaceOp(
        op, reshapeTensor(rewriter, loc, reduced, op.getType().getShape()));
    return success();
  }
};

/// argmax/argmin along one axis. The combiner compares (value, index) pairs
/// lexicographically, so the result does not depend on the order in which
/// the reduction visits the elements: a better value wins, an equal value
/// wins with a smaller (first occurrence) or larger (select_last_index)
/// index. A NaN is better than any number, as in numpy.
template <typename OpTy, bool IsMax>
struct ArgReduceLowering : public StaticOpLowering<OpTy> {
  using StaticOpLowering<OpTy>::StaticOpLowering;

  LogicalResult lower(OpTy op, typename OpTy::Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value input = adaptor.getInput();
    RankedTensorType type = tensorType(input);
    Type elt = type.getElementType();
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    bool last = op.getSelectLastIndex();

    SmallVector<int64_t> shape = dropDims(type.getShape(), {axis});
    Value valueInit = filledTensor(rewriter, loc, shape,
                                   IsMax ? lowestAttr(elt) : highestAttr(elt));
    Value indexInit =
        filledTensor(rewriter, loc, shape, rewriter.getI64IntegerAttr(0));
    SmallVector<int64_t> kept;
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis)
        kept.push_back(d);
    AffineMap outMap = selectDimsMap(rank, kept, ctx);
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank),
                                   outMap, outMap};
    auto iterators = parallelIterators(rank);
    iterators[axis] = utils::IteratorType::reduction;

    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valueInit.getType(), indexInit.getType()},
        ValueRange{input}, ValueRange{valueInit, indexInit}, maps, iterators,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value x = args[0], best = args[1], bestIndex = args[2];
          Value index = arith::IndexCastOp::create(
              b, nloc, b.getI64Type(), linalg::IndexOp::create(b, nloc, axis));
          Value better, equal;
          if (isa<FloatType>(elt)) {
            auto cmp = [&](arith::CmpFPredicate p, Value l, Value r) {
              return Value(arith::CmpFOp::create(b, nloc, p, l, r));
            };
            Value xNaN = cmp(arith::CmpFPredicate::UNO, x, x);
            Value bestNaN = cmp(arith::CmpFPredicate::UNO, best, best);
            Value strictly = cmp(IsMax ? arith::CmpFPredicate::OGT
                                       : arith::CmpFPredicate::OLT,
                                 x, best);
            Value nanWins = arith::AndIOp::create(
                b, nloc, xNaN, cmp(arith::CmpFPredicate::ORD, best, best));
            better = arith::OrIOp::create(b, nloc, strictly, nanWins);
            equal = arith::OrIOp::create(
                b, nloc, cmp(arith::CmpFPredicate::OEQ, x, best),
                arith::AndIOp::create(b, nloc, xNaN, bestNaN));
          } else {
            bool isUnsigned = x.getType().isUnsignedInteger();
            better = arith::CmpIOp::create(
                b, nloc,
                IsMax ? (isUnsigned ? arith::CmpIPredicate::ugt
                                    : arith::CmpIPredicate::sgt)
                      : (isUnsigned ? arith::CmpIPredicate::ult
                                    : arith::CmpIPredicate::slt),
                x, best);
            equal = arith::CmpIOp::create(b, nloc, arith::CmpIPredicate::eq, x,
                                          best);
          }
          Value tieWins = arith::CmpIOp::create(
              b, nloc,
              last ? arith::CmpIPredicate::sgt : arith::CmpIPredicate::slt,
              index, bestIndex);
          Value take = arith::OrIOp::create(
              b, nloc, better, arith::AndIOp::create(b, nloc, equal, tieWins));
          linalg::YieldOp::create(
              b, nloc,
              ValueRange{
                  arith::SelectOp::create(b, nloc, take, x, best),
                  arith::SelectOp::create(b, nloc, take, index, bestIndex)});
        });
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, generic.getResult(1),
                                         op.getType().getShape()));
    return success();
  }
};

} // namespace

namespace {
/// cumsum as one linalg.generic over the result dims plus a reduction dim k
/// along `axis`: result[.., i, ..] += input[.., k, ..] where k is in the
/// summed range (k <= i; k < i exclusive; k >= i reverse). Quadratic in the
/// axis length, which is fine for the sizes models scan.
/// cumsum / cumprod: a generic with a reduction dim k along the axis that
/// folds in input[k] where k is on the scanned side of i.
template <typename OpTy, bool IsProd>
struct ScanLowering : public StaticOpLowering<OpTy> {
  using StaticOpLowering<OpTy>::StaticOpLowering;

  LogicalResult lower(OpTy op, typename OpTy::Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    RankedTensorType type = op.getType();
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    bool exclusive = op.getExclusive(), reverse = op.getReverse();
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineExpr> inExprs;
    for (int64_t j = 0; j < rank; ++j)
      inExprs.push_back(getAffineDimExpr(j == axis ? rank : j, ctx));
    AffineMap inMap = AffineMap::get(rank + 1, 0, inExprs, ctx);
    AffineMap outMap =
        AffineMap::getMultiDimIdentityMap(rank + 1, ctx).getMajorSubMap(rank);
    SmallVector<utils::IteratorType> iterators = parallelIterators(rank);
    iterators.push_back(utils::IteratorType::reduction);
    Value init = filledTensor(rewriter, loc, type.getShape(),
                              scalarAttr(type.getElementType(),
                                         IsProd ? 1.0 : 0.0));
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, ValueRange{input}, ValueRange{init},
        ArrayRef<AffineMap>{inMap, outMap}, iterators,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value i = linalg::IndexOp::create(b, nloc, axis);
          Value k = linalg::IndexOp::create(b, nloc, rank);
          arith::CmpIPredicate pred =
              reverse ? (exclusive ? arith::CmpIPredicate::ugt
                                   : arith::CmpIPredicate::uge)
                      : (exclusive ? arith::CmpIPredicate::ult
                                   : arith::CmpIPredicate::ule);
          Value in = arith::CmpIOp::create(b, nloc, pred, k, i);
          Value sum = IsProd ? mulScalars(b, nloc, args[1], args[0])
                             : addScalars(b, nloc, args[1], args[0]);
          linalg::YieldOp::create(
              b, nloc,
              ValueRange{arith::SelectOp::create(b, nloc, in, sum, args[1])});
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};
} // namespace

void strata::populateGraphReductionToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<ScanLowering<CumSumOp, false>, ScanLowering<CumProdOp, true>>(
      patterns.getContext());
  patterns.add<ReduceLowering<ReduceSumOp, ReduceKind::Sum>,
               ReduceLowering<ReduceMeanOp, ReduceKind::Mean>,
               ReduceLowering<ReduceMaxOp, ReduceKind::Max>,
               ReduceLowering<ReduceMinOp, ReduceKind::Min>,
               ReduceLowering<ReduceProdOp, ReduceKind::Prod>,
               ArgReduceLowering<ArgMaxOp, true>,
               ArgReduceLowering<ArgMinOp, false>>(patterns.getContext());
}
