//===- LowerDataMovement.cpp - data movement graph ops to tensor/linalg ---===//
//
// reshape, flatten, squeeze and unsqueeze become tensor.collapse_shape /
// expand_shape; transpose linalg.transpose; broadcast_to a broadcasting
// generic; concat tensor.concat; slice tensor.extract_slice (negative steps:
// plus a reversing generic); gather a generic that reads with
// tensor.extract; pad tensor.pad (constant) or a generic that computes the
// source index (reflect, edge), after cropping negative pads.
//
//===----------------------------------------------------------------------===//

#include "dialects/Graph/IR/GraphOps.h"
#include "lib/Conversion/GraphToTile/LoweringUtils.h"

using namespace mlir;
using namespace strata::graph;
using namespace strata::graph_to_linalg;

namespace {

/// Any op whose result has the input's elements in a new shape.
template <typename OpTy>
struct ReshapeLikeLowering : public StaticOpLowering<OpTy> {
  using StaticOpLowering<OpTy>::StaticOpLowering;

  LogicalResult lower(OpTy op, typename OpTy::Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op,
                       reshapeTensor(rewriter, op.getLoc(), adaptor.getInput(),
                                     op.getType().getShape()));
    return success();
  }
};

struct TransposeLowering : public StaticOpLowering<TransposeOp> {
  using StaticOpLowering::StaticOpLowering;

  LogicalResult lower(TransposeOp op, Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    // The identity permutation (also rank 0, where linalg.transpose crashes
    // in MLIR 22 when its indexing maps are built) moves nothing.
    ArrayRef<int64_t> perm = op.getPerm();
    if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size()))) {
      rewriter.replaceOp(op, adaptor.getInput());
      return success();
    }
    Value init = emptyTensor(rewriter, op.getLoc(), op.getType());
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, op.getLoc(),
                                                       adaptor.getInput(), init,
                                                       op.getPerm())
                               .getResult()[0]);
    return success();
  }
};

struct BroadcastToLowering : public StaticOpLowering<BroadcastToOp> {
  using StaticOpLowering::StaticOpLowering;

  LogicalResult lower(BroadcastToOp op, Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, broadcastTensor(rewriter, op.getLoc(),
                                           adaptor.getInput(),
                                           op.getType().getShape()));
    return success();
  }
};

struct ConcatLowering : public StaticOpLowering<ConcatOp> {
  using StaticOpLowering::StaticOpLowering;

  LogicalResult lower(ConcatOp op, Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    // Empty inputs add nothing; left in, they would become insertions at
    // the end offset, which memref.subview rejects as out of bounds.
    SmallVector<Value> inputs;
    for (Value v : adaptor.getInputs())
      if (tensorType(v).getNumElements() != 0)
        inputs.push_back(v);
    if (inputs.empty())
      return rewriter.notifyMatchFailure(op, "empty result");
    if (inputs.size() == 1) {
      rewriter.replaceOp(op, inputs[0]);
      return success();
    }
    rewriter.replaceOpWithNewOp<tensor::ConcatOp>(op, op.getType(),
                                                  op.getAxis(), inputs);
    return success();
  }
};

/// ONNX Slice: negative starts/ends count from the end and everything
/// clamps (as shape::slice). A negative step is an extract_slice with the
/// positive step from the last element taken, then a reversal.
struct SliceLowering : public StaticOpLowering<SliceOp> {
  using StaticOpLowering::StaticOpLowering;

  LogicalResult lower(SliceOp op, Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    ArrayRef<int64_t> in = tensorType(adaptor.getInput()).getShape();
    ArrayRef<int64_t> out = resultType.getShape();
    if (llvm::is_contained(out, 0)) {
      rewriter.replaceOp(op, emptyTensor(rewriter, loc, resultType));
      return success();
    }
    SmallVector<int64_t> offsets, strides;
    SmallVector<bool> reversed;
    for (size_t i = 0; i < in.size(); ++i) {
      int64_t dim = in[i], step = op.getSteps()[i];
      int64_t s = op.getStarts()[i];
      if (s < 0)
        s += dim;
      s = step > 0 ? std::clamp<int64_t>(s, 0, dim)
                   : std::clamp<int64_t>(s, 0, dim - 1);
      // Elements s, s + step, ..., s + (out - 1) * step.
      int64_t lastTaken = s + (out[i] - 1) * step;
      if (lastTaken < 0 || lastTaken >= dim || s >= dim)
        return rewriter.notifyMatchFailure(op, "result type contradicts the "
                                               "slice rule");
      offsets.push_back(step > 0 ? s : lastTaken);
      strides.push_back(std::abs(step));
      reversed.push_back(step < 0);
    }
    Value sliced = tensor::ExtractSliceOp::create(
        rewriter, loc, resultType, adaptor.getInput(), ValueRange{},
        ValueRange{}, ValueRange{}, offsets, out, strides);
    if (llvm::is_contained(reversed, true)) {
      // Read element (out - 1 - i) along every reversed dim.
      SmallVector<AffineExpr> exprs;
      for (size_t i = 0; i < out.size(); ++i) {
        AffineExpr d = rewriter.getAffineDimExpr(i);
        exprs.push_back(reversed[i] ? out[i] - 1 - d : d);
      }
      auto map = AffineMap::get(out.size(), 0, exprs, rewriter.getContext());
      sliced = buildGeneric(
          rewriter, loc, resultType, sliced, map,
          [](OpBuilder &, Location, ValueRange args) { return args[0]; });
    }
    rewriter.replaceOp(op, sliced);
    return success();
  }
};

/// result[pre..., idx..., post...] = data[pre..., indices[idx...], post...];
/// a negative index counts from the end and out-of-range indices are
/// clamped, so a bad index reads a wrong element instead of out of bounds.
/// An index read from a tensor, as `index` in [0, dim): negative values count
/// from the end, out-of-range values clamp.
static Value normalizeIndex(OpBuilder &b, Location loc, Value raw,
                            int64_t dim) {
  Value idx = arith::IndexCastOp::create(b, loc, b.getIndexType(), raw);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value size = arith::ConstantIndexOp::create(b, loc, dim);
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, idx, zero);
  idx = arith::SelectOp::create(b, loc, negative,
                                arith::AddIOp::create(b, loc, idx, size), idx);
  idx = arith::MaxSIOp::create(b, loc, idx, zero);
  return arith::MinSIOp::create(
      b, loc, idx, arith::ConstantIndexOp::create(b, loc, dim - 1));
}

struct GatherElementsLowering : public StaticOpLowering<GatherElementsOp> {
  using StaticOpLowering::StaticOpLowering;

  LogicalResult lower(GatherElementsOp op, Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    int64_t rank = tensorType(data).getRank();
    int64_t dim = tensorType(data).getDimSize(axis);
    RankedTensorType resultType = op.getType();
    if (dim == 0 && resultType.getNumElements() != 0)
      return rewriter.notifyMatchFailure(op, "gather from an empty axis");
    if (dim == 0)
      dim = 1; // nothing is read
    Value result = buildGeneric(
        rewriter, loc, resultType, indices,
        AffineMap::getMultiDimIdentityMap(rank, rewriter.getContext()),
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          SmallVector<Value> coords;
          for (int64_t j = 0; j < rank; ++j)
            coords.push_back(j == axis
                                 ? normalizeIndex(b, nloc, args[0], dim)
                                 : Value(linalg::IndexOp::create(b, nloc, j)));
          return Value(tensor::ExtractOp::create(b, nloc, data, coords));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct GatherLowering : public StaticOpLowering<GatherOp> {
  using StaticOpLowering::StaticOpLowering;

  LogicalResult lower(GatherOp op, Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    RankedTensorType dataType = tensorType(data);
    int64_t axis = static_cast<int64_t>(op.getAxis());
    int64_t rank = dataType.getRank();
    int64_t q = tensorType(indices).getRank();
    int64_t dim = dataType.getDimSize(axis);
    if (dim == 0)
      return rewriter.notifyMatchFailure(op, "gather from an empty axis");
    RankedTensorType resultType = op.getType();
    SmallVector<int64_t> indexDims;
    for (int64_t i = 0; i < q; ++i)
      indexDims.push_back(axis + i);
    AffineMap indexMap =
        selectDimsMap(resultType.getRank(), indexDims, rewriter.getContext());
    Value result = buildGeneric(
        rewriter, loc, resultType, indices, indexMap,
        [&](OpBuilder &b, Location nloc, ValueRange args) {
          Value idx = normalizeIndex(b, nloc, args[0], dim);
          SmallVector<Value> coords;
          for (int64_t j = 0; j < rank; ++j) {
            if (j == axis)
              coords.push_back(idx);
            else
              coords.push_back(
                  linalg::IndexOp::create(b, nloc, j < axis ? j : j - 1 + q));
          }
          return Value(tensor::ExtractOp::create(b, nloc, data, coords));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Source index of padded position `j` (already shifted by the low pad) in
/// a dim of size `n`: reflect mirrors without repeating the edge (numpy
/// 'reflect', periodic for pads larger than the dim), edge clamps.
static Value sourceIndex(OpBuilder &b, Location loc, Value j, int64_t n,
                         PadMode mode) {
  auto c = [&](int64_t v) {
    return Value(arith::ConstantIndexOp::create(b, loc, v));
  };
  if (mode == PadMode::edge || n == 1)
    return arith::MinSIOp::create(
        b, loc, arith::MaxSIOp::create(b, loc, j, c(0)), c(n - 1));
  int64_t period = 2 * (n - 1);
  // m = j mod period, in [0, period).
  Value r = arith::RemSIOp::create(b, loc, j, c(period));
  Value m = arith::RemSIOp::create(
      b, loc, arith::AddIOp::create(b, loc, r, c(period)), c(period));
  Value mirrored = arith::SubIOp::create(b, loc, c(period), m);
  Value inside =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, m, c(n));
  return arith::SelectOp::create(b, loc, inside, m, mirrored);
}

struct PadLowering : public StaticOpLowering<PadOp> {
  using StaticOpLowering::StaticOpLowering;

  LogicalResult lower(PadOp op, Adaptor adaptor,
                      ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    Type elt = resultType.getElementType();
    Value input = adaptor.getInput();
    ArrayRef<int64_t> in = tensorType(input).getShape();
    size_t rank = in.size();
    ArrayRef<int64_t> pads = op.getPads();

    // Negative pads crop first.
    SmallVector<int64_t> offsets, sizes, ones(rank, 1), lo, hi;
    bool crop = false;
    for (size_t i = 0; i < rank; ++i) {
      int64_t cropLo = std::max<int64_t>(0, -pads[i]);
      int64_t cropHi = std::max<int64_t>(0, -pads[i + rank]);
      crop |= cropLo || cropHi;
      offsets.push_back(cropLo);
      sizes.push_back(std::max<int64_t>(0, in[i] - cropLo - cropHi));
      lo.push_back(std::max<int64_t>(0, pads[i]));
      hi.push_back(std::max<int64_t>(0, pads[i + rank]));
    }
    if (crop)
      input = tensor::ExtractSliceOp::create(
          rewriter, loc, RankedTensorType::get(sizes, elt), input, ValueRange{},
          ValueRange{}, ValueRange{}, offsets, sizes, ones);
    bool padded = llvm::any_of(lo, [](int64_t p) { return p > 0; }) ||
                  llvm::any_of(hi, [](int64_t p) { return p > 0; });
    if (!padded) {
      rewriter.replaceOp(op, input);
      return success();
    }

    PadMode mode = op.getMode();
    if (mode == PadMode::constant) {
      SmallVector<OpFoldResult> low, high;
      for (size_t i = 0; i < rank; ++i) {
        low.push_back(rewriter.getIndexAttr(lo[i]));
        high.push_back(rewriter.getIndexAttr(hi[i]));
      }
      Value value =
          scalarConstant(rewriter, loc, elt, op.getValue().convertToDouble());
      rewriter.replaceOpWithNewOp<tensor::PadOp>(op, resultType, input, low,
                                                 high, value);
      return success();
    }

    for (size_t i = 0; i < rank; ++i)
      if (sizes[i] == 0 && (lo[i] || hi[i]))
        return rewriter.notifyMatchFailure(op, "reflect/edge pad of an empty "
                                               "dimension");
    Value source = input;
    Value result = buildGeneric(
        rewriter, loc, resultType, {}, {},
        [&](OpBuilder &b, Location nloc, ValueRange) {
          SmallVector<Value> coords;
          for (size_t i = 0; i < rank; ++i) {
            Value j = linalg::IndexOp::create(b, nloc, i);
            if (lo[i])
              j = arith::SubIOp::create(
                  b, nloc, j, arith::ConstantIndexOp::create(b, nloc, lo[i]));
            coords.push_back(
                (lo[i] || hi[i]) ? sourceIndex(b, nloc, j, sizes[i], mode) : j);
          }
          return Value(tensor::ExtractOp::create(b, nloc, source, coords));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void strata::populateGraphDataMovementToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns
      .add<ReshapeLikeLowering<ReshapeOp>, ReshapeLikeLowering<FlattenOp>,
           ReshapeLikeLowering<SqueezeOp>, ReshapeLikeLowering<UnsqueezeOp>,
           TransposeLowering, BroadcastToLowering, ConcatLowering,
           SliceLowering, GatherLowering, GatherElementsLowering, PadLowering>(
          patterns.getContext());
}
