//===- LowerContraction.cpp - matmul and gemm to linalg -------------------===//
//
// graph.matmul (numpy rules: rank-1 promotion, broadcast batch dims) becomes
// linalg.matmul or linalg.batch_matmul on zero-filled accumulators;
// graph.gemm becomes linalg.transpose + linalg.matmul + one elementwise
// generic for alpha, beta and C. f16/bf16 products accumulate in f32 and are
// rounded once at the end; integers accumulate in their own type.
//
//===----------------------------------------------------------------------===//

#include "dialects/Graph/IR/GraphOps.h"
#include "dialects/Graph/IR/ShapeInference.h"
#include "lib/Conversion/GraphToTile/LoweringUtils.h"

#include <cmath>

using namespace mlir;
using namespace strata::graph;
using namespace strata::graph_to_linalg;

/// A zero-filled accumulator of `shape`.
static Value zeroAccumulator(OpBuilder &b, Location loc,
                             ArrayRef<int64_t> shape, Type elementType) {
  return filledTensor(b, loc, shape, scalarAttr(elementType, 0.0));
}

/// lhs [M, K] x rhs [K, N] -> [M, N], accumulated in `acc`.
static Value matmul2d(OpBuilder &b, Location loc, Value lhs, Value rhs,
                      Type acc) {
  RankedTensorType lt = tensorType(lhs), rt = tensorType(rhs);
  SmallVector<int64_t> shape = {lt.getDimSize(0), rt.getDimSize(1)};
  Value init = zeroAccumulator(b, loc, shape, acc);
  return linalg::MatmulOp::create(b, loc, TypeRange{init.getType()},
                                  ValueRange{lhs, rhs}, ValueRange{init})
      .getResult(0);
}

/// lhs [B, M, K] x rhs [B, K, N] -> [B, M, N], accumulated in `acc`.
static Value batchMatmul(OpBuilder &b, Location loc, Value lhs, Value rhs,
                         Type acc) {
  RankedTensorType lt = tensorType(lhs), rt = tensorType(rhs);
  SmallVector<int64_t> shape = {lt.getDimSize(0), lt.getDimSize(1),
                                rt.getDimSize(2)};
  Value init = zeroAccumulator(b, loc, shape, acc);
  return linalg::BatchMatmulOp::create(b, loc, TypeRange{init.getType()},
                                       ValueRange{lhs, rhs}, ValueRange{init})
      .getResult(0);
}

/// Appends `tail` to `head`.
static SmallVector<int64_t> concatShape(ArrayRef<int64_t> head,
                                        ArrayRef<int64_t> tail) {
  SmallVector<int64_t> out(head);
  out.append(tail.begin(), tail.end());
  return out;
}

namespace {

struct MatMulLowering : public StaticOpLowering<MatMulOp> {
  using StaticOpLowering::StaticOpLowering;

  LogicalResult lower(MatMulOp op, Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    Type elt = op.getType().getElementType(), acc = computeType(elt);
    SmallVector<int64_t> a(tensorType(lhs).getShape());
    SmallVector<int64_t> b(tensorType(rhs).getShape());
    // numpy: a rank-1 lhs is a row vector, a rank-1 rhs a column vector; the
    // promoted dim is dropped again at the end (reshape to the result).
    if (a.size() == 1) {
      a.insert(a.begin(), 1);
      lhs = reshapeTensor(rewriter, loc, lhs, a);
    }
    if (b.size() == 1) {
      b.push_back(1);
      rhs = reshapeTensor(rewriter, loc, rhs, b);
    }
    int64_t m = a[a.size() - 2], k = a.back(), n = b.back();
    ArrayRef<int64_t> batchA = ArrayRef<int64_t>(a).drop_back(2);
    ArrayRef<int64_t> batchB = ArrayRef<int64_t>(b).drop_back(2);
    shape::Shape batch;
    std::string err;
    if (failed(shape::broadcast(batchA, batchB, batch, err)))
      return rewriter.notifyMatchFailure(op, err);

    Value mm;
    if (batch.empty()) {
      mm = matmul2d(rewriter, loc, lhs, rhs, acc);
    } else if (batchB.empty()) {
      // [..., M, K] x [K, N]: one matmul over the flattened rows.
      Value flat = reshapeTensor(rewriter, loc, lhs, {product(batch) * m, k});
      mm = reshapeTensor(rewriter, loc, matmul2d(rewriter, loc, flat, rhs, acc),
                         concatShape(batch, {m, n}));
    } else {
      // Broadcast both to the common batch, collapse it to one dim.
      int64_t count = product(batch);
      Value l = broadcastTensor(rewriter, loc, lhs, concatShape(batch, {m, k}));
      Value r = broadcastTensor(rewriter, loc, rhs, concatShape(batch, {k, n}));
      l = reshapeTensor(rewriter, loc, l, {count, m, k});
      r = reshapeTensor(rewriter, loc, r, {count, k, n});
      mm = reshapeTensor(rewriter, loc, batchMatmul(rewriter, loc, l, r, acc),
                         concatShape(batch, {m, n}));
    }
    if (acc != elt)
      mm = mapTensor(rewriter, loc, mm, elt,
                     [&](OpBuilder &b, Location nloc, Value v) {
                       return castFloat(b, nloc, v, elt);
                     });
    rewriter.replaceOp(
        op, reshapeTensor(rewriter, loc, mm, op.getType().getShape()));
    return success();
  }
};

struct GemmLowering : public StaticOpLowering<GemmOp> {
  using StaticOpLowering::StaticOpLowering;

  LogicalResult lower(GemmOp op, Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    Type elt = resultType.getElementType(), acc = computeType(elt);
    double alpha = op.getAlpha().convertToDouble();
    double beta = op.getBeta().convertToDouble();
    bool isInt = !isa<FloatType>(elt);
    if (isInt && (alpha != std::trunc(alpha) || beta != std::trunc(beta)))
      return rewriter.notifyMatchFailure(
          op, "integer gemm with a non-integer alpha or beta");

    auto transposed = [&](Value v) {
      ArrayRef<int64_t> s = tensorType(v).getShape();
      Value init = emptyTensor(rewriter, loc, {s[1], s[0]},
                               tensorType(v).getElementType());
      return linalg::TransposeOp::create(rewriter, loc, v, init,
                                         ArrayRef<int64_t>{1, 0})
          .getResult()[0];
    };
    Value a = op.getTransA() ? transposed(adaptor.getA()) : adaptor.getA();
    Value b = op.getTransB() ? transposed(adaptor.getB()) : adaptor.getB();
    Value ab = matmul2d(rewriter, loc, a, b, acc);
    Value c = adaptor.getC();
    if (alpha == 1.0 && !c && acc == elt) {
      rewriter.replaceOp(op, ab);
      return success();
    }

    // alpha * ab (+ beta * C), C broadcast to [M, N], rounded to the result
    // type once.
    SmallVector<Value> inputs = {ab};
    if (c)
      inputs.push_back(c);
    Value result = buildBroadcastGeneric(
        rewriter, loc, resultType, inputs,
        [&](OpBuilder &nb, Location nloc, ValueRange args) {
          Value v = args[0];
          if (alpha != 1.0)
            v = mulScalars(nb, nloc, scalarConstant(nb, nloc, acc, alpha), v);
          if (args.size() > 1) {
            Value cv = castScalar(nb, nloc, args[1], acc);
            if (beta != 1.0)
              cv =
                  mulScalars(nb, nloc, scalarConstant(nb, nloc, acc, beta), cv);
            v = addScalars(nb, nloc, v, cv);
          }
          return castScalar(nb, nloc, v, elt);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void strata::populateGraphContractionToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<MatMulLowering, GemmLowering>(patterns.getContext());
}
