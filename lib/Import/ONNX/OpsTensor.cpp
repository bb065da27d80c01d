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

#include "dialects/Graph/IR/ShapeInference.h"

using namespace mlir;
using namespace strata::onnx;
namespace graph = strata::graph;
namespace shp = strata::graph::shape;

namespace {

LogicalResult setOrFail(NodeContext &c, FailureOr<Value> v) {
  if (failed(v))
    return failure();
  c.setResult(0, *v);
  return success();
}

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
  return setOrFail(c, c.create<graph::TransposeOp>(*x, perm));
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
  return setOrFail(c, c.create<graph::ConcatOp>(ValueRange(in), *axis));
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
  return setOrFail(c, c.create<graph::SliceOp>(*x, st, en, sp));
}

LogicalResult convertGather(NodeContext &c) {
  auto data = c.required(0), idx = c.required(1);
  if (failed(data) || failed(idx))
    return failure();
  auto axis = c.normalizeAxis(c.getInt("axis", 0), c.typeOf(*data).getRank(),
                              "axis");
  if (failed(axis))
    return failure();
  return setOrFail(c, c.create<graph::GatherOp>(*data, *idx, *axis));
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
  return setOrFail(c, c.create<graph::SqueezeOp>(*x, list));
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
  return setOrFail(c, c.create<graph::UnsqueezeOp>(*x, *n));
}

LogicalResult convertPad(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto in = c.typeOf(*x);
  int64_t rank = in.getRank();
  std::string modeName = c.getString("mode", "constant");
  graph::PadMode mode;
  if (modeName == "constant")
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
  return setOrFail(c, c.create<graph::PadOp>(*x, pads, mode,
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
  return setOrFail(c, c.create<graph::FlattenOp>(*x, *axis));
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

} // namespace

void strata::onnx::registerTensorOps(llvm::StringMap<OpInfo> &ops) {
  // Reshape-5 takes the shape as an input; -14 adds allowzero.
  ops["Reshape"] = {{1, 5, 13, 14, 19, 21, 23, 24, 25}, 5, convertReshape};
  ops["Transpose"] = {{1, 13, 21, 23, 24, 25}, 1, convertTranspose};
  ops["Concat"] = {{1, 4, 11, 13}, 4, convertConcat};
  // Slice-10 moved starts/ends/axes/steps to inputs.
  ops["Slice"] = {{1, 10, 11, 13}, 10, convertSlice};
  ops["Gather"] = {{1, 11, 13}, 1, convertGather};
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
}
