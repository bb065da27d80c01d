//===- OpsTensor.cpp - ONNX data movement and constants -> graph ops ------===//
//
// Reshape, Transpose, Concat, Slice, Gather, Expand, Squeeze, Unsqueeze, Pad,
// Flatten, Split, Tile, and the ops whose result is known at import time
// (Constant, Shape, Size, ConstantOfShape). Inputs that fix a shape (Reshape
// shape, Slice starts, Pad pads, ...) must be constants; graph ops carry
// them as attributes.
//
//===----------------------------------------------------------------------===//

#include "ImporterImpl.h"

#include <cctype>
#include <map>

#include "dialects/Graph/IR/ShapeInference.h"

using namespace mlir;
using namespace strata::onnx;
namespace graph = strata::graph;
namespace shp = strata::graph::shape;

namespace {

LogicalResult convertReshape(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto shape = c.intsInput(1, "shape");
  if (failed(shape))
    return failure();
  auto in = c.typeOf(*x);
  bool allowZero = c.version >= 14 && c.getInt("allowzero", 0) != 0;
  SmallVector<int64_t> out;
  int inferAt = -1;
  for (auto [i, s] : llvm::enumerate(*shape)) {
    if (s == 0 && !allowZero) {
      if (int64_t(i) >= in.getRank())
        return c.error() << "shape[" << i << "] = 0 copies a dim the input "
                         << "(rank " << in.getRank() << ") does not have";
      out.push_back(in.getDimSize(i));
    } else if (s == -1) {
      if (inferAt >= 0)
        return c.error() << "shape has more than one -1";
      inferAt = int(i);
      out.push_back(ShapedType::kDynamic);
    } else if (s < 0) {
      return c.error() << "shape[" << i << "] = " << s << " is invalid";
    } else {
      out.push_back(s);
    }
  }
  auto total = shp::numElements(in.getShape());
  if (!total)
    return c.error() << "the input's element count overflows";
  if (inferAt >= 0) {
    SmallVector<int64_t> others(out);
    others.erase(others.begin() + inferAt);
    auto known = shp::numElements(others);
    if (!known)
      return c.error() << "the shape's element count overflows";
    if (!ShapedType::isDynamic(*total) && !ShapedType::isDynamic(*known)) {
      if (*known == 0 || *total % *known)
        return c.error() << "cannot reshape " << in << " to ["
                         << shp::toString(out) << "] (-1 has no integer size)";
      out[inferAt] = *total / *known;
    }
  }
  auto outCount = shp::numElements(out);
  if (!outCount)
    return c.error() << "the shape's element count overflows";
  if (!ShapedType::isDynamic(*total) && !ShapedType::isDynamic(*outCount) &&
      *total != *outCount)
    return c.error() << "cannot reshape " << in << " (" << *total
                     << " elements) to " << shp::toString(out) << " ("
                     << *outCount << " elements)";
  c.setResult(0, c.createTyped<graph::ReshapeOp>(in.clone(out), *x));
  return success();
}

LogicalResult convertTranspose(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  int64_t rank = c.typeOf(*x).getRank();
  SmallVector<int64_t> perm;
  if (auto p = c.getInts("perm")) {
    perm = *p;
  } else {
    for (int64_t i = rank - 1; i >= 0; --i)
      perm.push_back(i);
  }
  return c.setResultOrFail(c.create<graph::TransposeOp>(*x, perm));
}

LogicalResult convertConcat(NodeContext &c) {
  SmallVector<Value> in;
  for (size_t i = 0; i < c.numInputs(); ++i) {
    auto v = c.required(i);
    if (failed(v))
      return failure();
    in.push_back(*v);
  }
  if (in.empty())
    return c.error() << "needs at least one input";
  auto axis =
      c.normalizeAxis(c.getInt("axis", 0), c.typeOf(in[0]).getRank(), "axis");
  if (failed(axis))
    return failure();
  return c.setResultOrFail(c.create<graph::ConcatOp>(ValueRange(in), *axis));
}

LogicalResult convertSlice(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  int64_t rank = c.typeOf(*x).getRank();
  auto starts = c.intsInput(1, "starts"), ends = c.intsInput(2, "ends");
  if (failed(starts) || failed(ends))
    return failure();
  size_t n = starts->size();
  if (ends->size() != n)
    return c.error() << "starts and ends differ in length";
  SmallVector<int64_t> axes, steps(n, 1);
  if (c.input(3)) {
    auto a = c.intsInput(3, "axes");
    if (failed(a))
      return failure();
    axes = *a;
  } else {
    for (size_t i = 0; i < n; ++i)
      axes.push_back(int64_t(i));
  }
  if (c.input(4)) {
    auto s = c.intsInput(4, "steps");
    if (failed(s))
      return failure();
    steps = *s;
  }
  if (axes.size() != n || steps.size() != n)
    return c.error() << "starts, ends, axes and steps differ in length";
  // Every dim gets a (start, end, step); dims not named take the full range.
  SmallVector<int64_t> st(rank, 0), en(rank, INT64_MAX), sp(rank, 1);
  SmallVector<bool> seen(rank, false);
  for (size_t i = 0; i < n; ++i) {
    auto a = c.normalizeAxis(axes[i], rank, "axis");
    if (failed(a))
      return failure();
    if (seen[*a])
      return c.error() << "axes lists axis " << *a << " twice";
    if (steps[i] == 0)
      return c.error() << "steps must not be 0";
    seen[*a] = true;
    st[*a] = (*starts)[i];
    en[*a] = (*ends)[i];
    sp[*a] = steps[i];
  }
  return c.setResultOrFail(c.create<graph::SliceOp>(*x, st, en, sp));
}

LogicalResult convertGather(NodeContext &c) {
  auto data = c.required(0), idx = c.required(1);
  if (failed(data) || failed(idx))
    return failure();
  auto axis = c.normalizeAxis(c.getInt("axis", 0), c.typeOf(*data).getRank(),
                              "axis");
  if (failed(axis))
    return failure();
  return c.setResultOrFail(c.create<graph::GatherOp>(*data, *idx, *axis));
}

LogicalResult convertCompress(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto cond = c.constantInput(1, "condition");
  if (failed(cond))
    return failure();
  if (cond->getType().getRank() != 1)
    return c.error() << "condition must be 1-D, got " << cond->getType();
  // The kept positions, as constant indices of a gather; without an axis
  // the input is flattened first.
  SmallVector<int64_t> kept;
  int64_t pos = 0;
  for (const APInt &v : cond->getValues<APInt>()) {
    if (!v.isZero())
      kept.push_back(pos);
    ++pos;
  }
  Value in = *x;
  int64_t axis = 0;
  if (c.attr("axis")) {
    auto a = c.normalizeAxis(c.getInt("axis", 0), c.typeOf(in).getRank(),
                             "axis");
    if (failed(a))
      return failure();
    axis = *a;
  } else {
    if (!c.typeOf(in).hasStaticShape())
      return c.error() << "compressing without an axis needs a static shape";
    in = c.createTyped<graph::ReshapeOp>(
        RankedTensorType::get({c.typeOf(in).getNumElements()},
                              c.typeOf(in).getElementType()),
        in);
  }
  int64_t dim = c.typeOf(in).getDimSize(axis);
  if (!ShapedType::isDynamic(dim) && !kept.empty() && kept.back() >= dim)
    return c.error() << "condition selects position " << kept.back()
                     << " of a dim of size " << dim;
  auto idxType = RankedTensorType::get({(int64_t)kept.size()},
                                       IntegerType::get(c.context(), 64));
  Value idx = c.constant(DenseElementsAttr::get(idxType, ArrayRef(kept)));
  return c.setResultOrFail(c.create<graph::GatherOp>(in, idx, axis));
}

/// Scatter with constant indices as gathers and selects: `targets[j]` is
/// the flat position in `data` that update element j (row-major) goes to.
/// Writes to one position are applied in order, one "level" at a time: at
/// level l each position takes (or combines with) its l-th update.
LogicalResult scatterConstant(NodeContext &c, Value data, Value updates,
                              ArrayRef<int64_t> targets,
                              StringRef reduction) {
  RankedTensorType dt = c.typeOf(data), ut = c.typeOf(updates);
  int64_t n = dt.getNumElements();
  Type et = dt.getElementType();
  if (reduction != "none" && reduction != "add" && reduction != "mul" &&
      reduction != "max" && reduction != "min")
    return c.error() << "reduction '" << reduction << "' is not supported";
  if (reduction != "none" && et.isInteger(1))
    return c.error() << "reduction '" << reduction << "' of booleans is not "
                     << "supported";
  Value out = c.createTyped<graph::ReshapeOp>(RankedTensorType::get({n}, et),
                                              data);
  Value flatUpd = c.createTyped<graph::ReshapeOp>(
      RankedTensorType::get({ut.getNumElements()}, et), updates);
  SmallVector<SmallVector<int64_t>> levels; // per level: update per target
  SmallVector<int64_t> seen(n, 0);
  for (auto [j, t] : llvm::enumerate(targets)) {
    int64_t l = seen[t]++;
    if ((int64_t)levels.size() <= l)
      levels.emplace_back(n, -1);
    levels[l][t] = j;
  }
  auto i64 = IntegerType::get(c.context(), 64);
  for (ArrayRef<int64_t> level : levels) {
    SmallVector<int64_t> idx;
    SmallVector<bool> mask;
    for (int64_t u : level) {
      idx.push_back(std::max<int64_t>(u, 0));
      mask.push_back(u >= 0);
    }
    Value idxC = c.constant(DenseElementsAttr::get(
        RankedTensorType::get({n}, i64), ArrayRef(idx)));
    Value maskC = c.constant(DenseElementsAttr::get(
        RankedTensorType::get({n}, IntegerType::get(c.context(), 1)),
        ArrayRef(mask)));
    auto val = c.create<graph::GatherOp>(flatUpd, idxC, 0);
    if (failed(val))
      return failure();
    FailureOr<Value> combined = *val;
    if (reduction == "add")
      combined = c.create<graph::AddOp>(out, *val);
    else if (reduction == "mul")
      combined = c.create<graph::MulOp>(out, *val);
    else if (reduction == "max")
      combined = c.create<graph::MaxOp>(out, *val);
    else if (reduction == "min")
      combined = c.create<graph::MinOp>(out, *val);
    if (failed(combined))
      return failure();
    auto sel = c.create<graph::SelectOp>(maskC, *combined, out);
    if (failed(sel))
      return failure();
    out = *sel;
  }
  c.setResult(0, c.createTyped<graph::ReshapeOp>(dt, out));
  return success();
}

/// ScatterElements (and Scatter): updates[q] goes to data at q with
/// position `axis` replaced by indices[q]. The indices must be constant.
LogicalResult convertScatterElements(NodeContext &c) {
  auto data = c.required(0), upd = c.required(2);
  if (failed(data) || failed(upd))
    return failure();
  auto idx = c.intsInput(1, "indices");
  if (failed(idx))
    return failure();
  RankedTensorType dt = c.typeOf(*data), ut = c.typeOf(*upd);
  if (!dt.hasStaticShape() || !ut.hasStaticShape())
    return c.error() << "needs static data and updates shapes";
  int64_t rank = dt.getRank();
  auto axis = c.normalizeAxis(c.getInt("axis", 0), rank, "axis");
  if (failed(axis))
    return failure();
  if (ut.getRank() != rank || (int64_t)idx->size() != ut.getNumElements())
    return c.error() << "indices and updates " << ut
                     << " must match, with the rank of data " << dt;
  SmallVector<int64_t> targets, q(rank, 0);
  for (int64_t j = 0; j < ut.getNumElements(); ++j) {
    int64_t flat = 0;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t v = q[d];
      if (d == *axis) {
        v = (*idx)[j];
        if (v < 0)
          v += dt.getDimSize(d);
        if (v < 0 || v >= dt.getDimSize(d))
          return c.error() << "index " << (*idx)[j]
                           << " is out of range for axis size "
                           << dt.getDimSize(d);
      } else if (v >= dt.getDimSize(d)) {
        return c.error() << "updates " << ut << " do not fit data " << dt;
      }
      flat = flat * dt.getDimSize(d) + v;
    }
    targets.push_back(flat);
    for (int64_t d = rank - 1; d >= 0 && ++q[d] == ut.getDimSize(d); --d)
      q[d] = 0;
  }
  return scatterConstant(c, *data, *upd, targets,
                         c.getString("reduction", "none"));
}

/// ScatterND: updates[i, e] goes to data[indices[i], e]. The indices must
/// be constant.
LogicalResult convertScatterND(NodeContext &c) {
  auto data = c.required(0), upd = c.required(2);
  if (failed(data) || failed(upd))
    return failure();
  auto idxAttr = c.constantInput(1, "indices");
  auto idx = c.intsInput(1, "indices");
  if (failed(idxAttr) || failed(idx))
    return failure();
  RankedTensorType dt = c.typeOf(*data), ut = c.typeOf(*upd);
  ArrayRef<int64_t> is = idxAttr->getType().getShape();
  if (!dt.hasStaticShape() || !ut.hasStaticShape() || is.empty())
    return c.error() << "needs static shapes and indices of rank >= 1";
  int64_t k = is.back();
  if (k < 1 || k > dt.getRank())
    return c.error() << "index tuples of " << k << " do not fit data " << dt;
  int64_t inner = 1;
  for (int64_t d = k; d < dt.getRank(); ++d)
    inner *= dt.getDimSize(d);
  int64_t tuples = (int64_t)idx->size() / k;
  if (ut.getNumElements() != tuples * inner)
    return c.error() << "updates " << ut << " do not fit " << tuples
                     << " index tuples into data " << dt;
  SmallVector<int64_t> targets;
  for (int64_t t = 0; t < tuples; ++t) {
    int64_t base = 0;
    for (int64_t d = 0; d < k; ++d) {
      int64_t v = (*idx)[t * k + d];
      if (v < 0)
        v += dt.getDimSize(d);
      if (v < 0 || v >= dt.getDimSize(d))
        return c.error() << "index " << (*idx)[t * k + d]
                         << " is out of range for dim size "
                         << dt.getDimSize(d);
      base = base * dt.getDimSize(d) + v;
    }
    for (int64_t e = 0; e < inner; ++e)
      targets.push_back(base * inner + e);
  }
  return scatterConstant(c, *data, *upd, targets,
                         c.getString("reduction", "none"));
}

/// MaxUnpool with constant indices: a scatter of X into zeros of the
/// output shape at the flat positions in I (as MaxPool's Indices give them).
LogicalResult convertMaxUnpool(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto idx = c.intsInput(1, "indices");
  if (failed(idx))
    return failure();
  RankedTensorType xt = c.typeOf(*x);
  if (!xt.hasStaticShape() || xt.getRank() < 3)
    return c.error() << "needs a static [N, C, spatial...] input, got " << xt;
  size_t k = xt.getRank() - 2;
  // The indices address the default unpooled shape; a larger output_shape
  // pads it at the end (as the ONNX reference).
  auto kernel = c.getInts("kernel_shape");
  if (!kernel || kernel->size() != k)
    return c.error() << "kernel_shape must have " << k << " entries";
  SmallVector<int64_t> strides =
      c.getInts("strides").value_or(SmallVector<int64_t>(k, 1));
  SmallVector<int64_t> pads =
      c.getInts("pads").value_or(SmallVector<int64_t>(2 * k, 0));
  if (strides.size() != k || pads.size() != 2 * k)
    return c.error() << "strides must have " << k << " entries and pads "
                     << 2 * k;
  SmallVector<int64_t> shape = {xt.getDimSize(0), xt.getDimSize(1)};
  for (size_t i = 0; i < k; ++i)
    shape.push_back((xt.getDimSize(2 + i) - 1) * strides[i] - pads[i] -
                    pads[k + i] + (*kernel)[i]);
  SmallVector<int64_t> outShape(shape);
  if (c.input(2)) {
    auto s = c.intsInput(2, "output_shape");
    if (failed(s))
      return failure();
    outShape = *s;
  }
  if (outShape.size() != (size_t)xt.getRank() ||
      (int64_t)idx->size() != xt.getNumElements())
    return c.error() << "output_shape and indices do not fit input " << xt;
  SmallVector<int64_t> grow(xt.getRank(), 0);
  for (int64_t d = 0; d < xt.getRank(); ++d) {
    if (outShape[d] < shape[d])
      return c.error() << "output_shape is smaller than the unpooled shape";
    grow.push_back(outShape[d] - shape[d]);
  }
  auto outType = RankedTensorType::get(shape, xt.getElementType());
  int64_t n = outType.getNumElements();
  for (int64_t v : *idx)
    if (v < 0 || v >= n)
      return c.error() << "index " << v << " is outside the output "
                       << outType;
  Builder b(c.context());
  Value zeros = c.constant(DenseElementsAttr::get(
      outType, ArrayRef<Attribute>{b.getZeroAttr(xt.getElementType())}));
  if (failed(scatterConstant(c, zeros, *x, *idx, "none")))
    return failure();
  if (llvm::all_of(grow, [](int64_t g) { return g == 0; }))
    return success();
  return c.setResultOrFail(c.create<graph::PadOp>(
      c.results[0], b.getDenseI64ArrayAttr(grow),
      graph::PadModeAttr::get(c.context(), graph::PadMode::constant),
      b.getF64FloatAttr(0.0)));
}

LogicalResult convertGatherElements(NodeContext &c) {
  auto data = c.required(0), idx = c.required(1);
  if (failed(data) || failed(idx))
    return failure();
  auto axis =
      c.normalizeAxis(c.getInt("axis", 0), c.typeOf(*data).getRank(), "axis");
  if (failed(axis))
    return failure();
  return c.setResultOrFail(c.create<graph::GatherElementsOp>(*data, *idx, *axis));
}

template <typename OpTy>
LogicalResult convertScan(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto axes = c.intsInput(1, "axis");
  if (failed(axes))
    return failure();
  if (axes->size() != 1)
    return c.error() << "axis must hold one value, not " << axes->size();
  auto axis = c.normalizeAxis((*axes)[0], c.typeOf(*x).getRank(), "axis");
  if (failed(axis))
    return failure();
  Builder b(c.context());
  c.setResult(0, c.createTyped<OpTy>(
                     x->getType(), *x, b.getI64IntegerAttr(*axis),
                     b.getBoolAttr(c.getInt("exclusive", 0) != 0),
                     b.getBoolAttr(c.getInt("reverse", 0) != 0)));
  return success();
}

LogicalResult convertExpand(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto shape = c.intsInput(1, "shape");
  if (failed(shape))
    return failure();
  for (int64_t d : *shape)
    if (d < 0)
      return c.error() << "shape has a negative dim " << d;
  auto in = c.typeOf(*x);
  // Expand broadcasts both ways (a 1 in `shape` keeps the input's dim).
  shp::Shape out;
  std::string err;
  if (failed(shp::broadcast(in.getShape(), *shape, out, err)))
    return c.error() << "cannot expand " << in << " to ["
                     << shp::toString(*shape) << "]: " << err;
  if (!shp::numElements(out))
    return c.error() << "the expanded element count overflows";
  if (llvm::equal(out, in.getShape())) {
    c.setResult(0, *x);
    return success();
  }
  c.setResult(0, c.createTyped<graph::BroadcastToOp>(in.clone(out), *x));
  return success();
}

/// Axes from input #1 (since `inputSince`) or the `axes` attribute.
FailureOr<std::optional<SmallVector<int64_t>>>
axesOperand(NodeContext &c, int64_t inputSince) {
  if (c.version >= inputSince) {
    if (!c.input(1))
      return std::optional<SmallVector<int64_t>>();
    auto a = c.intsInput(1, "axes");
    if (failed(a))
      return failure();
    return std::optional<SmallVector<int64_t>>(*a);
  }
  return c.getInts("axes");
}

LogicalResult convertSqueeze(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto in = c.typeOf(*x);
  auto axes = axesOperand(c, 13);
  if (failed(axes))
    return failure();
  SmallVector<int64_t> list;
  if (*axes) {
    auto n = c.normalizeAxes(**axes, in.getRank(), "axis");
    if (failed(n))
      return failure();
    list = *n;
  } else {
    for (auto [i, d] : llvm::enumerate(in.getShape())) {
      if (ShapedType::isDynamic(d))
        return c.error() << "without axes, squeeze needs static dims (dim "
                         << i << " is dynamic)";
      if (d == 1)
        list.push_back(int64_t(i));
    }
  }
  return c.setResultOrFail(c.create<graph::SqueezeOp>(*x, list));
}

LogicalResult convertUnsqueeze(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto axes = axesOperand(c, 13);
  if (failed(axes))
    return failure();
  if (!*axes)
    return c.error() << "axes is required";
  int64_t outRank = c.typeOf(*x).getRank() + int64_t((*axes)->size());
  auto n = c.normalizeAxes(**axes, outRank, "axis");
  if (failed(n))
    return failure();
  return c.setResultOrFail(c.create<graph::UnsqueezeOp>(*x, *n));
}

LogicalResult convertPad(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto in = c.typeOf(*x);
  int64_t rank = in.getRank();
  std::string modeName = c.getString("mode", "constant");
  graph::PadMode mode;
  // Pad-19's wrap mode is a gather per dim (below).
  bool wrap = modeName == "wrap" && c.version >= 19;
  if (modeName == "constant" || wrap)
    mode = graph::PadMode::constant;
  else if (modeName == "reflect")
    mode = graph::PadMode::reflect;
  else if (modeName == "edge")
    mode = graph::PadMode::edge;
  else
    return c.error() << "pad mode '" << modeName << "' is not supported";
  SmallVector<int64_t> pads;
  double value = 0;
  if (c.version < 11) {
    auto p = c.getInts("pads");
    if (!p)
      return c.error() << "pads is required";
    pads = *p;
    value = c.getFloat("value", 0);
  } else {
    auto p = c.intsInput(1, "pads");
    if (failed(p))
      return failure();
    pads = *p;
    if (c.input(2)) {
      auto v = c.constantInput(2, "constant_value");
      if (failed(v))
        return failure();
      if (v->getNumElements() != 1)
        return c.error() << "constant_value must hold one value";
      if (isa<FloatType>(v->getElementType()))
        value = (*v->getValues<APFloat>().begin()).convertToDouble();
      else if (v->getElementType().isInteger(1))
        value = *v->getValues<bool>().begin();
      else
        value = double((*v->getValues<APInt>().begin()).getSExtValue());
    }
    if (c.input(3)) {
      auto a = c.intsInput(3, "axes");
      if (failed(a))
        return failure();
      if (pads.size() != 2 * a->size())
        return c.error() << "pads must have 2 entries per axis";
      SmallVector<int64_t> full(2 * rank, 0);
      SmallVector<bool> seen(rank, false);
      for (auto [i, ax] : llvm::enumerate(*a)) {
        auto n = c.normalizeAxis(ax, rank, "axis");
        if (failed(n))
          return failure();
        if (seen[*n])
          return c.error() << "axes lists axis " << *n << " twice";
        seen[*n] = true;
        full[*n] = pads[i];
        full[*n + rank] = pads[i + a->size()];
      }
      pads = full;
    }
  }
  if (int64_t(pads.size()) != 2 * rank)
    return c.error() << "pads has " << pads.size() << " entries, expected "
                     << 2 * rank;
  if (wrap) {
    // Wrap padding reads index i of [-begin, dim + end) at i mod dim: one
    // gather with constant indices per padded dim.
    Value v = *x;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t begin = pads[d], end = pads[d + rank], n = in.getDimSize(d);
      if (begin == 0 && end == 0)
        continue;
      if (ShapedType::isDynamic(n) || n == 0)
        return c.error() << "wrap padding needs a static, non-empty dim "
                         << d << ", got " << in;
      SmallVector<int64_t> idx;
      for (int64_t i = -begin; i < n + end; ++i)
        idx.push_back(((i % n) + n) % n);
      auto idxType = RankedTensorType::get({int64_t(idx.size())},
                                           IntegerType::get(c.context(), 64));
      auto g = c.create<graph::GatherOp>(
          v, c.constant(DenseElementsAttr::get(idxType, ArrayRef(idx))), d);
      if (failed(g))
        return failure();
      v = *g;
    }
    c.setResult(0, v);
    return success();
  }
  return c.setResultOrFail(c.create<graph::PadOp>(*x, pads, mode,
                                             llvm::APFloat(value)));
}

LogicalResult convertFlatten(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto axis = c.normalizeAxis(c.getInt("axis", 1), c.typeOf(*x).getRank(),
                              "axis", /*inclusive=*/true);
  if (failed(axis))
    return failure();
  return c.setResultOrFail(c.create<graph::FlattenOp>(*x, *axis));
}

LogicalResult convertSplit(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto in = c.typeOf(*x);
  auto axis = c.normalizeAxis(c.getInt("axis", 0), in.getRank(), "axis");
  if (failed(axis))
    return failure();
  int64_t dim = in.getDimSize(*axis);
  if (ShapedType::isDynamic(dim))
    return c.error() << "the split axis " << *axis << " must be static";
  int64_t n = c.node.output_size();
  SmallVector<int64_t> sizes;
  if (c.version >= 13 && c.input(1)) {
    auto s = c.intsInput(1, "split");
    if (failed(s))
      return failure();
    sizes = *s;
  } else if (c.version < 13 && c.getInts("split")) {
    sizes = *c.getInts("split");
  } else {
    int64_t parts = c.version >= 18 ? c.getInt("num_outputs", n) : n;
    if (parts < 1)
      return c.error() << "num_outputs must be >= 1";
    int64_t chunk = (dim + parts - 1) / parts;
    for (int64_t i = 0, left = dim; i < parts; ++i, left -= chunk)
      sizes.push_back(std::max<int64_t>(0, std::min(chunk, left)));
  }
  if (int64_t(sizes.size()) != n)
    return c.error() << "split gives " << sizes.size() << " sizes for " << n
                     << " outputs";
  int64_t start = 0;
  for (auto [i, s] : llvm::enumerate(sizes)) {
    if (s < 0)
      return c.error() << "split sizes must be >= 0";
    SmallVector<int64_t> st(in.getRank(), 0), en(in.getRank(), INT64_MAX),
        sp(in.getRank(), 1);
    st[*axis] = start;
    en[*axis] = start + s;
    start += s;
    auto r = c.create<graph::SliceOp>(*x, st, en, sp);
    if (failed(r))
      return failure();
    c.setResult(i, *r);
  }
  if (start != dim)
    return c.error() << "split sizes add up to " << start << ", but dim "
                     << *axis << " has size " << dim;
  return success();
}

LogicalResult convertTile(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto in = c.typeOf(*x);
  int64_t rank = in.getRank();
  auto repeats = c.intsInput(1, "repeats");
  if (failed(repeats))
    return failure();
  if (int64_t(repeats->size()) != rank)
    return c.error() << "repeats has " << repeats->size()
                     << " entries for rank " << rank;
  // [d0, d1] -> unsqueeze [1, d0, 1, d1] -> broadcast [r0, d0, r1, d1]
  // -> reshape [r0 * d0, r1 * d1].
  SmallVector<int64_t> axes, wide, out;
  for (int64_t i = 0; i < rank; ++i) {
    int64_t r = (*repeats)[i], d = in.getDimSize(i);
    if (r < 0)
      return c.error() << "repeats must be >= 0";
    axes.push_back(2 * i);
    wide.push_back(r);
    wide.push_back(d);
    out.push_back(ShapedType::isDynamic(d) ? d : r * d);
  }
  if (!shp::numElements(wide))
    return c.error() << "the tiled element count overflows";
  auto u = c.create<graph::UnsqueezeOp>(*x, axes);
  if (failed(u))
    return failure();
  Value b = c.createTyped<graph::BroadcastToOp>(in.clone(wide), *u);
  c.setResult(0, c.createTyped<graph::ReshapeOp>(in.clone(out), b));
  return success();
}

LogicalResult convertConstant(NodeContext &c) {
  if (c.node.attribute_size() != 1)
    return c.error() << "needs exactly one value attribute";
  const auto &a = c.node.attribute(0);
  auto ctx = c.context();
  Builder b(ctx);
  DenseElementsAttr value;
  std::string what = c.desc + ": value";
  if (a.name() == "value" && a.type() == pb::AttributeProto::TENSOR) {
    auto v = c.importer.tensors.load(a.t(), what, c.loc);
    if (failed(v))
      return failure();
    value = *v;
  } else if (a.name() == "value_float") {
    value = DenseElementsAttr::get(RankedTensorType::get({}, b.getF32Type()),
                                   a.f());
  } else if (a.name() == "value_int") {
    value = DenseElementsAttr::get(
        RankedTensorType::get({}, b.getI64Type()), int64_t(a.i()));
  } else if (a.name() == "value_floats") {
    SmallVector<float> v(a.floats().begin(), a.floats().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({int64_t(v.size())}, b.getF32Type()),
        ArrayRef<float>(v));
  } else if (a.name() == "value_ints") {
    SmallVector<int64_t> v(a.ints().begin(), a.ints().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({int64_t(v.size())}, b.getI64Type()),
        ArrayRef<int64_t>(v));
  } else {
    return c.error() << "a Constant given by '" << a.name()
                     << "' is not supported";
  }
  c.setResult(0, c.constant(value));
  return success();
}

LogicalResult convertShape(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto in = c.typeOf(*x);
  int64_t rank = in.getRank();
  int64_t start = c.getInt("start", 0), end = c.getInt("end", rank);
  if (c.version < 15)
    start = 0, end = rank;
  auto clampIdx = [&](int64_t i) {
    if (i < 0)
      i += rank;
    return std::clamp<int64_t>(i, 0, rank);
  };
  start = clampIdx(start);
  end = std::max(start, clampIdx(end));
  SmallVector<int64_t> dims;
  for (int64_t i = start; i < end; ++i) {
    if (in.isDynamicDim(i))
      return c.error() << "the shape of " << in
                       << " is not known at compile time (give static "
                          "input shapes with --input-shape)";
    dims.push_back(in.getDimSize(i));
  }
  auto type = RankedTensorType::get({int64_t(dims.size())},
                                    IntegerType::get(c.context(), 64));
  c.setResult(0, c.constant(DenseElementsAttr::get(type, ArrayRef(dims))));
  return success();
}

LogicalResult convertSize(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto in = c.typeOf(*x);
  if (!in.hasStaticShape())
    return c.error() << "the size of " << in
                     << " is not known at compile time";
  c.setResult(0, c.scalar(double(in.getNumElements()),
                          IntegerType::get(c.context(), 64)));
  return success();
}

LogicalResult convertConstantOfShape(NodeContext &c) {
  auto shape = c.intsInput(0, "shape");
  if (failed(shape))
    return failure();
  for (int64_t d : *shape)
    if (d < 0)
      return c.error() << "shape has a negative dim " << d;
  if (!shp::numElements(*shape))
    return c.error() << "the element count of the shape overflows";
  DenseElementsAttr value;
  if (const auto *a = c.attr("value")) {
    auto v = c.importer.tensors.load(a->t(), c.desc + ": value", c.loc);
    if (failed(v))
      return failure();
    if (v->getNumElements() != 1)
      return c.error() << "value must hold one element";
    value = *v;
  } else {
    value = DenseElementsAttr::get(
        RankedTensorType::get({1}, Float32Type::get(c.context())), 0.0f);
  }
  auto type = RankedTensorType::get(*shape, value.getElementType());
  c.setResult(0, c.constant(DenseElementsAttr::get(
                     type, *value.value_begin<Attribute>())));
  return success();
}

/// A constant of `type` from double values (floats rounded once, integers
/// converted exactly when they fit).
DenseElementsAttr elementsFromDoubles(RankedTensorType type,
                                      ArrayRef<double> values) {
  Type et = type.getElementType();
  if (auto f = dyn_cast<FloatType>(et)) {
    SmallVector<APFloat> out;
    for (double v : values) {
      APFloat a(v);
      bool lost;
      a.convert(f.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
      out.push_back(a);
    }
    return DenseElementsAttr::get(type, out);
  }
  if (et.isInteger(1)) {
    SmallVector<bool> out;
    for (double v : values)
      out.push_back(v != 0);
    return DenseElementsAttr::get(type, ArrayRef<bool>(out));
  }
  SmallVector<APInt> out;
  for (double v : values)
    out.push_back(APInt(et.getIntOrFloatBitWidth(), int64_t(v),
                        /*isSigned=*/true));
  return DenseElementsAttr::get(type, out);
}

/// The one value of a rank-0 (or one-element) constant input, as double.
FailureOr<double> scalarInput(NodeContext &c, size_t i, StringRef role) {
  auto v = c.constantInput(i, role);
  if (failed(v))
    return failure();
  if (v->getNumElements() != 1)
    return c.error() << role << " must hold one element, got " << v->getType();
  Attribute a = *v->value_begin<Attribute>();
  if (auto f = dyn_cast<FloatAttr>(a))
    return f.getValueAsDouble();
  return double(cast<IntegerAttr>(a).getValue().getSExtValue());
}

/// Range with constant start, limit and delta: computed at import.
LogicalResult convertRange(NodeContext &c) {
  auto start = scalarInput(c, 0, "start"), limit = scalarInput(c, 1, "limit"),
       delta = scalarInput(c, 2, "delta");
  if (failed(start) || failed(limit) || failed(delta))
    return failure();
  if (*delta == 0)
    return c.error() << "delta is 0";
  Type et = c.typeOf(c.input(0)).getElementType();
  double n = std::max(std::ceil((*limit - *start) / *delta), 0.0);
  if (n > double(1 << 24))
    return c.error() << "the range holds " << n
                     << " elements, more than Strata computes at import";
  SmallVector<double> values;
  for (int64_t i = 0; i < int64_t(n); ++i)
    values.push_back(*start + double(i) * *delta);
  auto type = RankedTensorType::get({int64_t(n)}, et);
  c.setResult(0, c.constant(elementsFromDoubles(type, values)));
  return success();
}

/// Trilu: select(mask, x, 0) with the [N, M] mask of the kept triangle.
LogicalResult convertTrilu(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  int64_t k = 0;
  if (c.input(1)) {
    auto kv = scalarInput(c, 1, "k");
    if (failed(kv))
      return failure();
    k = int64_t(*kv);
  }
  bool upper = c.getInt("upper", 1) != 0;
  auto t = c.typeOf(*x);
  if (t.getRank() < 2)
    return c.error() << "the input must have rank 2 or more, got " << t;
  int64_t n = t.getDimSize(t.getRank() - 2), m = t.getDimSize(t.getRank() - 1);
  if (ShapedType::isDynamic(n) || ShapedType::isDynamic(m))
    return c.error() << "the last two dims of " << t
                     << " must be static";
  SmallVector<bool> mask;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < m; ++j)
      mask.push_back(upper ? j - i >= k : j - i <= k);
  auto maskType = RankedTensorType::get({n, m}, c.builder().getI1Type());
  Value maskV = c.constant(DenseElementsAttr::get(maskType, ArrayRef(mask)));
  return c.setResultOrFail(c.create<graph::SelectOp>(maskV, *x,
                                     c.scalar(0, t.getElementType())));
}

/// EyeLike: a constant with ones on diagonal k.
LogicalResult convertEyeLike(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto t = c.typeOf(*x);
  if (t.getRank() != 2 || !t.hasStaticShape())
    return c.error() << "the input must be a static 2-D tensor, got " << t;
  Type et = t.getElementType();
  if (const auto *a = c.attr("dtype")) {
    et = convertDataType(int32_t(a->i()), c.context());
    if (!et)
      return c.error() << "dtype " << dataTypeName(int32_t(a->i()))
                       << " is not supported";
  }
  int64_t k = c.getInt("k", 0);
  SmallVector<double> values;
  for (int64_t i = 0; i < t.getDimSize(0); ++i)
    for (int64_t j = 0; j < t.getDimSize(1); ++j)
      values.push_back(j - i == k ? 1.0 : 0.0);
  c.setResult(0, c.constant(elementsFromDoubles(t.clone(et), values)));
  return success();
}

/// reshape -> transpose -> reshape, the form of DepthToSpace/SpaceToDepth.
LogicalResult reshapeTransposeReshape(NodeContext &c, Value x,
                                      ArrayRef<int64_t> mid,
                                      ArrayRef<int64_t> perm,
                                      ArrayRef<int64_t> out) {
  auto t = c.typeOf(x);
  Value r = c.createTyped<graph::ReshapeOp>(t.clone(mid), x);
  auto tr = c.create<graph::TransposeOp>(r, perm);
  if (failed(tr))
    return failure();
  c.setResult(0, c.createTyped<graph::ReshapeOp>(t.clone(out), *tr));
  return success();
}

LogicalResult convertDepthToSpace(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto t = c.typeOf(*x);
  int64_t b = c.getInt("blocksize", 0);
  if (t.getRank() != 4 || !t.hasStaticShape() || b <= 0 ||
      t.getDimSize(1) % (b * b))
    return c.error() << "needs a static NCHW input whose C divides by "
                        "blocksize^2, got "
                     << t << " and blocksize " << b;
  int64_t n = t.getDimSize(0), ch = t.getDimSize(1), h = t.getDimSize(2),
          w = t.getDimSize(3), cb = ch / (b * b);
  SmallVector<int64_t> out{n, cb, h * b, w * b};
  if (c.getString("mode", "DCR") == "CRD")
    return reshapeTransposeReshape(c, *x, {n, cb, b, b, h, w},
                                   {0, 1, 4, 2, 5, 3}, out);
  return reshapeTransposeReshape(c, *x, {n, b, b, cb, h, w},
                                 {0, 3, 4, 1, 5, 2}, out);
}

LogicalResult convertSpaceToDepth(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto t = c.typeOf(*x);
  int64_t b = c.getInt("blocksize", 0);
  if (t.getRank() != 4 || !t.hasStaticShape() || b <= 0 ||
      t.getDimSize(2) % b || t.getDimSize(3) % b)
    return c.error() << "needs a static NCHW input whose H and W divide by "
                        "blocksize, got "
                     << t << " and blocksize " << b;
  int64_t n = t.getDimSize(0), ch = t.getDimSize(1), h = t.getDimSize(2),
          w = t.getDimSize(3);
  return reshapeTransposeReshape(c, *x, {n, ch, h / b, b, w / b, b},
                                 {0, 3, 5, 1, 2, 4},
                                 {n, ch * b * b, h / b, w / b});
}

/// OneHot with constant depth and values: select(indices == iota, on, off).
LogicalResult convertOneHot(NodeContext &c) {
  auto indices = c.required(0);
  if (failed(indices))
    return failure();
  auto depthV = scalarInput(c, 1, "depth");
  if (failed(depthV))
    return failure();
  auto values = c.constantInput(2, "values");
  if (failed(values))
    return failure();
  if (values->getNumElements() != 2)
    return c.error() << "values must hold two elements";
  int64_t depth = int64_t(*depthV);
  if (depth <= 0)
    return c.error() << "depth must be positive, got " << depth;
  auto it = c.typeOf(*indices);
  int64_t rank = it.getRank() + 1;
  auto axis = c.normalizeAxis(c.getInt("axis", -1), rank, "axis");
  if (failed(axis))
    return failure();
  Type i64 = IntegerType::get(c.context(), 64);
  Value idx = *indices;
  if (it.getElementType() != i64)
    idx = c.createTyped<graph::CastOp>(it.clone(i64), idx);
  // Negative indices count from the end.
  auto neg = c.create<graph::CompareOp>(graph::CompareKind::lt, idx,
                                        c.scalar(0, i64));
  if (failed(neg))
    return failure();
  auto wrapped = c.create<graph::AddOp>(idx, c.scalar(double(depth), i64));
  if (failed(wrapped))
    return failure();
  auto fixed = c.create<graph::SelectOp>(*neg, *wrapped, idx);
  if (failed(fixed))
    return failure();
  auto u = c.create<graph::UnsqueezeOp>(*fixed, SmallVector<int64_t>{*axis});
  if (failed(u))
    return failure();
  SmallVector<int64_t> iotaShape(rank, 1);
  iotaShape[*axis] = depth;
  SmallVector<int64_t> iota;
  for (int64_t i = 0; i < depth; ++i)
    iota.push_back(i);
  Value io = c.constant(DenseElementsAttr::get(
      RankedTensorType::get(iotaShape, i64), ArrayRef(iota)));
  auto eq = c.create<graph::CompareOp>(graph::CompareKind::eq, *u, io);
  if (failed(eq))
    return failure();
  auto scalarType = RankedTensorType::get({}, values->getElementType());
  auto at = [&](int64_t i) {
    return c.constant(DenseElementsAttr::get(
        scalarType, *(values->value_begin<Attribute>() + i)));
  };
  return c.setResultOrFail(c.create<graph::SelectOp>(*eq, at(1), at(0)));
}

} // namespace

void strata::onnx::registerTensorOps(llvm::StringMap<OpInfo> &ops) {
  // Reshape-5 takes the shape as an input; -14 adds allowzero.
  ops["Reshape"] = {{1, 5, 13, 14, 19, 21, 23, 24, 25}, 5, convertReshape};
  ops["Transpose"] = {{1, 13, 21, 23, 24, 25}, 1, convertTranspose};
  ops["Concat"] = {{1, 4, 11, 13}, 4, convertConcat};
  // Slice-10 moved starts/ends/axes/steps to inputs.
  ops["Slice"] = {{1, 10, 11, 13}, 10, convertSlice};
  ops["Gather"] = {{1, 11, 13}, 1, convertGather};
  ops["GatherElements"] = {{11, 13}, 11, convertGatherElements};
  ops["Compress"] = {{9, 11}, 9, convertCompress};
  // Scatter (deprecated at 11) is ScatterElements without reduction; -16
  // adds add/mul, -18 max/min.
  ops["Scatter"] = {{9, 11}, 9, convertScatterElements};
  ops["ScatterElements"] = {{11, 13, 16, 18}, 11, convertScatterElements};
  ops["ScatterND"] = {{11, 13, 16, 18}, 11, convertScatterND};
  // GatherND-12 adds batch_dims.
  ops["MaxUnpool"] = {{9, 11, 22}, 9, convertMaxUnpool};
  ops["CumSum"] = {{11, 14}, 11, convertScan<graph::CumSumOp>};
  ops["CumProd"] = {{26}, 26, convertScan<graph::CumProdOp>};
  ops["Expand"] = {{8, 13}, 8, convertExpand};
  // Squeeze/Unsqueeze-13 take axes as an input.
  ops["Squeeze"] = {{1, 11, 13, 21, 23, 24, 25}, 1, convertSqueeze};
  ops["Unsqueeze"] = {{1, 11, 13, 21, 23, 24, 25}, 1, convertUnsqueeze};
  // Pad-11 takes pads as an input, -18 adds axes, -19 adds mode wrap.
  ops["Pad"] = {{1, 2, 11, 13, 18, 19, 21, 23, 24, 25}, 2, convertPad};
  ops["Flatten"] = {{1, 9, 11, 13, 21, 23, 24, 25}, 1, convertFlatten};
  // Split-13 takes split as an input, -18 adds num_outputs.
  ops["Split"] = {{1, 2, 11, 13, 18}, 2, convertSplit};
  ops["Tile"] = {{1, 6, 13}, 6, convertTile};
  ops["Constant"] = {{1, 9, 11, 12, 13, 19, 21, 23, 24, 25}, 1,
                     convertConstant};
  ops["Shape"] = {{1, 13, 15, 19, 21, 23, 24, 25}, 1, convertShape};
  ops["Size"] = {{1, 13, 19, 21, 23, 24, 25}, 1, convertSize};
  ops["ConstantOfShape"] = {{9, 20, 21, 23, 24, 25}, 9,
                            convertConstantOfShape};
  ops["Range"] = {{11, 27}, 11, convertRange};
  ops["DepthToSpace"] = {{1, 11, 13}, 11, convertDepthToSpace};
  ops["SpaceToDepth"] = {{1, 13}, 1, convertSpaceToDepth};
  ops["OneHot"] = {{9, 11}, 11, convertOneHot};
  ops["Trilu"] = {{14}, 14, convertTrilu};
  ops["EyeLike"] = {{9, 22}, 9, convertEyeLike};
}
