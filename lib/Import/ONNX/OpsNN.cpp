//===- OpsNN.cpp - ONNX contractions, windows, reductions, norms ----------===//
//
// MatMul, Gemm, Conv (2-D), pooling, Reduce*, ArgMax/ArgMin, Softmax,
// LayerNormalization and BatchNormalization, with each opset's attribute
// conventions (auto_pad, axes as attribute or input) resolved here so the
// graph ops see one canonical form.
//
//===----------------------------------------------------------------------===//

#include "ImporterImpl.h"

#include "dialects/Graph/IR/ShapeInference.h"

#include <cmath>

using namespace mlir;
using namespace strata::onnx;
namespace graph = strata::graph;

namespace {

LogicalResult convertMatMul(NodeContext &c) {
  auto a = c.required(0), b = c.required(1);
  if (failed(a) || failed(b))
    return failure();
  return c.setResultOrFail(c.create<graph::MatMulOp>(*a, *b));
}

LogicalResult convertGemm(NodeContext &c) {
  auto a = c.required(0), b = c.required(1);
  if (failed(a) || failed(b))
    return failure();
  return c.setResultOrFail(c.create<graph::GemmOp>(
                          *a, *b, c.input(2),
                          llvm::APFloat(c.getFloat("alpha", 1.0f)),
                          llvm::APFloat(c.getFloat("beta", 1.0f)),
                          c.getInt("transA", 0) != 0,
                          c.getInt("transB", 0) != 0));
}

/// The window attributes shared by Conv and the pools over k spatial dims,
/// with pads resolved to [begin_0..begin_(k-1), end_0..end_(k-1)] (for
/// k = 2 the graph's [top, left, bottom, right]).
struct Window {
  SmallVector<int64_t> kernel, strides, pads, dilations;
  size_t rank() const { return kernel.size(); }
};

FailureOr<Window> getWindow(NodeContext &c, RankedTensorType input,
                            ArrayRef<int64_t> kernelFromFilter) {
  if (input.getRank() < 3)
    return c.error() << "expects an [N, C, spatial...] input of rank >= 3, "
                        "got rank "
                     << input.getRank();
  size_t k = input.getRank() - 2;
  Window w;
  auto kernel = c.getInts("kernel_shape");
  if (kernel)
    w.kernel = *kernel;
  else if (!kernelFromFilter.empty())
    w.kernel.assign(kernelFromFilter.begin(), kernelFromFilter.end());
  else
    return c.error() << "kernel_shape is required";
  if (!kernelFromFilter.empty() && !llvm::equal(w.kernel, kernelFromFilter))
    return c.error() << "kernel_shape does not match the filter's spatial dims";
  w.strides = c.getInts("strides").value_or(SmallVector<int64_t>(k, 1));
  w.dilations = c.getInts("dilations").value_or(SmallVector<int64_t>(k, 1));
  w.pads = c.getInts("pads").value_or(SmallVector<int64_t>(2 * k, 0));
  if (w.kernel.size() != k || w.strides.size() != k ||
      w.dilations.size() != k || w.pads.size() != 2 * k)
    return c.error() << "kernel_shape, strides, dilations must have " << k
                     << " entries and pads " << 2 * k << " for a rank "
                     << input.getRank() << " input";
  for (int64_t v : llvm::concat<int64_t>(w.kernel, w.strides, w.dilations))
    if (v < 1)
      return c.error() << "kernel_shape, strides and dilations must be >= 1";
  for (int64_t v : w.pads)
    if (v < 0)
      return c.error() << "pads must be >= 0";
  std::string autoPad = c.getString("auto_pad", "NOTSET");
  if (autoPad == "VALID") {
    w.pads.assign(2 * k, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (size_t i = 0; i < k; ++i) {
      int64_t in = input.getDimSize(2 + i);
      if (ShapedType::isDynamic(in))
        return c.error() << "auto_pad " << autoPad
                         << " needs static spatial dims";
      int64_t out = (in + w.strides[i] - 1) / w.strides[i];
      int64_t total = std::max<int64_t>(
          0, (out - 1) * w.strides[i] + (w.kernel[i] - 1) * w.dilations[i] +
                 1 - in);
      int64_t small = total / 2, big = total - small;
      w.pads[i] = autoPad == "SAME_UPPER" ? small : big;
      w.pads[i + k] = autoPad == "SAME_UPPER" ? big : small;
    }
  } else if (autoPad != "NOTSET") {
    return c.error() << "unknown auto_pad '" << autoPad << "'";
  }
  return w;
}

/// A 1-D window as a 2-D one over [N, C, 1, W].
Window lift1D(const Window &w) {
  return {{1, w.kernel[0]},
          {1, w.strides[0]},
          {0, w.pads[0], 0, w.pads[1]},
          {1, w.dilations[0]}};
}

FailureOr<Value> unsqueezeAt2(NodeContext &c, Value v) {
  return c.create<graph::UnsqueezeOp>(v, ArrayRef<int64_t>{2});
}

LogicalResult convertConv(NodeContext &c) {
  auto x = c.required(0), f = c.required(1);
  if (failed(x) || failed(f))
    return failure();
  auto ft = c.typeOf(*f);
  int64_t rank = c.typeOf(*x).getRank();
  if (ft.getRank() != rank || (rank != 3 && rank != 4))
    return c.error() << "only 1-D and 2-D convolution is supported (the "
                        "input has rank "
                     << rank << ", the filter " << ft.getRank() << ")";
  auto w = getWindow(c, c.typeOf(*x), ft.getShape().drop_front(2));
  if (failed(w))
    return failure();
  if (rank == 4)
    return c.setResultOrFail(c.create<graph::Conv2DOp>(
        *x, *f, c.input(2), w->strides, w->pads, w->dilations,
        c.getInt("group", 1)));
  // 1-D: a 2-D convolution of height 1.
  auto x4 = unsqueezeAt2(c, *x), f4 = unsqueezeAt2(c, *f);
  if (failed(x4) || failed(f4))
    return failure();
  Window w2 = lift1D(*w);
  auto conv = c.create<graph::Conv2DOp>(*x4, *f4, c.input(2), w2.strides,
                                        w2.pads, w2.dilations,
                                        c.getInt("group", 1));
  if (failed(conv))
    return failure();
  return c.setResultOrFail(
      c.create<graph::SqueezeOp>(*conv, ArrayRef<int64_t>{2}));
}

enum class PoolKind { Max, Avg, Lp };

/// Pooling over any number of spatial dims as graph ops: pad the input
/// (with -inf for max, 0 otherwise), then per spatial dim take one strided
/// slice per kernel offset and combine them with max or add; avg divides by the ONNX count of
/// each window (a constant), Lp sums |x|^p and takes the p-th root. Used
/// where no graph pooling op fits (1-D and 3-D, dilated average, Lp).
FailureOr<Value> poolBySlices(NodeContext &c, Value x, const Window &w,
                              bool ceil, PoolKind kind, bool includePad,
                              double p) {
  RankedTensorType t = c.typeOf(x);
  Type elt = t.getElementType();
  size_t k = w.rank();
  if (!t.hasStaticShape())
    return c.error() << "pooling of rank " << t.getRank()
                     << " needs a static input shape, got " << t;
  if (kind != PoolKind::Max && !isa<FloatType>(elt))
    return c.error() << "needs a floating-point input, got " << t;
  ArrayRef<int64_t> in = t.getShape();
  SmallVector<int64_t> out = {in[0], in[1]}, padLo(t.getRank(), 0),
                       padHi(t.getRank(), 0);
  for (size_t i = 0; i < k; ++i) {
    int64_t o;
    std::string why;
    if (failed(graph::shape::windowDim(in[2 + i], w.kernel[i], w.strides[i],
                                       w.pads[i], w.pads[k + i],
                                       w.dilations[i], ceil, o, why)))
      return c.error() << "spatial dim " << i << ": " << why;
    out.push_back(o);
    int64_t needed = (o - 1) * w.strides[i] +
                     (w.kernel[i] - 1) * w.dilations[i] + 1;
    padLo[2 + i] = w.pads[i];
    padHi[2 + i] = std::max(w.pads[k + i], needed - in[2 + i] - w.pads[i]);
  }
  Builder b(c.context());
  Value v = x;
  if (kind == PoolKind::Lp) {
    auto a = c.create<graph::AbsOp>(v);
    if (failed(a))
      return failure();
    v = *a;
    auto pw = p == 1.0 ? FailureOr<Value>(v)
              : p == 2.0
                  ? c.create<graph::MulOp>(v, v)
                  : c.create<graph::PowOp>(v, c.scalar(p, elt));
    if (failed(pw))
      return failure();
    v = *pw;
  }
  SmallVector<int64_t> pads(padLo);
  pads.append(padHi);
  if (llvm::any_of(pads, [](int64_t q) { return q != 0; })) {
    double fill = kind == PoolKind::Max
                      ? (isa<FloatType>(elt)
                             ? -INFINITY
                             : (double)APInt::getSignedMinValue(
                                   elt.getIntOrFloatBitWidth())
                                   .getSExtValue())
                      : 0.0;
    if (kind == PoolKind::Max && elt.isUnsignedInteger())
      fill = 0.0;
    auto padded = c.create<graph::PadOp>(
        v, b.getDenseI64ArrayAttr(pads),
        graph::PadModeAttr::get(c.context(), graph::PadMode::constant),
        b.getF64FloatAttr(fill));
    if (failed(padded))
      return failure();
    v = *padded;
  }
  // Max and sum over a box are separable: reduce one spatial dim at a time,
  // combining one strided slice per kernel offset along it.
  for (size_t i = 0; i < k; ++i) {
    ArrayRef<int64_t> shape = c.typeOf(v).getShape();
    Value acc;
    for (int64_t j = 0; j < w.kernel[i]; ++j) {
      SmallVector<int64_t> starts(shape.size(), 0), ends(shape),
          steps(shape.size(), 1);
      starts[2 + i] = j * w.dilations[i];
      ends[2 + i] = starts[2 + i] + (out[2 + i] - 1) * w.strides[i] + 1;
      steps[2 + i] = w.strides[i];
      auto slice = c.create<graph::SliceOp>(v, starts, ends, steps);
      if (failed(slice))
        return failure();
      if (!acc) {
        acc = *slice;
        continue;
      }
      auto next = kind == PoolKind::Max ? c.create<graph::MaxOp>(acc, *slice)
                                        : c.create<graph::AddOp>(acc, *slice);
      if (failed(next))
        return failure();
      acc = *next;
    }
    v = acc;
  }
  Value acc = v;
  if (kind == PoolKind::Lp) {
    if (p == 1.0)
      return acc;
    if (p == 2.0)
      return c.create<graph::SqrtOp>(acc);
    return c.create<graph::PowOp>(acc, c.scalar(1.0 / p, elt));
  }
  if (kind != PoolKind::Avg)
    return acc;
  // The divisor per output position: the taps inside the input (or, with
  // count_include_pad, inside the explicitly padded input; ceil mode's
  // extra positions never count).
  SmallVector<SmallVector<int64_t>> counts(k);
  for (size_t i = 0; i < k; ++i) {
    int64_t lo = includePad ? -w.pads[i] : 0;
    int64_t hi = includePad ? in[2 + i] + w.pads[k + i] : in[2 + i];
    for (int64_t o = 0; o < out[2 + i]; ++o) {
      int64_t n = 0;
      for (int64_t j = 0; j < w.kernel[i]; ++j) {
        int64_t pos = o * w.strides[i] - w.pads[i] + j * w.dilations[i];
        n += pos >= lo && pos < hi;
      }
      counts[i].push_back(std::max<int64_t>(n, 1));
    }
  }
  SmallVector<int64_t> divShape(2, 1);
  divShape.append(out.begin() + 2, out.end());
  SmallVector<APFloat> divisor;
  SmallVector<int64_t> pos(k, 0);
  auto ft = cast<FloatType>(elt);
  while (true) {
    double d = 1;
    for (size_t i = 0; i < k; ++i)
      d *= counts[i][pos[i]];
    APFloat f(d);
    bool lost;
    f.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    divisor.push_back(f);
    size_t i = k;
    while (i > 0 && ++pos[i - 1] == out[2 + i - 1])
      pos[--i] = 0;
    if (i == 0)
      break;
  }
  Value div = c.constant(
      DenseElementsAttr::get(RankedTensorType::get(divShape, elt), divisor));
  return c.create<graph::DivOp>(acc, div);
}

LogicalResult convertMaxPool(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  bool ceil = c.getInt("ceil_mode", 0) != 0;
  auto w = getWindow(c, c.typeOf(*x), {});
  if (failed(w))
    return failure();
  if (w->rank() != 2)
    return c.setResultOrFail(
        poolBySlices(c, *x, *w, ceil, PoolKind::Max, false, 0));
  return c.setResultOrFail(c.create<graph::MaxPool2DOp>(
      *x, w->kernel, w->strides, w->pads, w->dilations, ceil));
}

LogicalResult convertAveragePool(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  bool ceil = c.getInt("ceil_mode", 0) != 0;
  bool includePad = c.getInt("count_include_pad", 0) != 0;
  auto w = getWindow(c, c.typeOf(*x), {});
  if (failed(w))
    return failure();
  if (w->rank() != 2 ||
      !llvm::all_of(w->dilations, [](int64_t d) { return d == 1; }))
    return c.setResultOrFail(
        poolBySlices(c, *x, *w, ceil, PoolKind::Avg, includePad, 0));
  return c.setResultOrFail(c.create<graph::AvgPool2DOp>(
      *x, w->kernel, w->strides, w->pads, ceil, includePad));
}

LogicalResult convertLpPool(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto w = getWindow(c, c.typeOf(*x), {});
  if (failed(w))
    return failure();
  int64_t p = c.getInt("p", 2);
  if (p < 1)
    return c.error() << "p must be >= 1, got " << p;
  return c.setResultOrFail(poolBySlices(c, *x, *w,
                                        c.getInt("ceil_mode", 0) != 0,
                                        PoolKind::Lp, false, (double)p));
}

template <typename OpTy>
LogicalResult convertGlobalPool(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  return c.setResultOrFail(c.create<OpTy>(*x));
}

/// The axes of a Reduce* node: an attribute before `inputSince`, input #1
/// from it; empty means all axes unless noop_with_empty_axes (then nullopt:
/// the node is the identity).
FailureOr<std::optional<SmallVector<int64_t>>>
reductionAxes(NodeContext &c, Value x, int64_t inputSince) {
  SmallVector<int64_t> axes;
  if (c.version >= inputSince) {
    if (c.input(1)) {
      auto in = c.intsInput(1, "axes");
      if (failed(in))
        return failure();
      axes = *in;
    }
  } else if (auto a = c.getInts("axes")) {
    axes = *a;
  }
  int64_t rank = c.typeOf(x).getRank();
  if (axes.empty()) {
    if (c.getInt("noop_with_empty_axes", 0))
      return std::optional<SmallVector<int64_t>>();
    for (int64_t i = 0; i < rank; ++i)
      axes.push_back(i);
    return std::optional<SmallVector<int64_t>>(axes);
  }
  auto n = c.normalizeAxes(axes, rank, "axis");
  if (failed(n))
    return failure();
  return std::optional<SmallVector<int64_t>>(*n);
}

/// Reduce* and the composite ones (L1, L2, SumSquare, LogSum, LogSumExp):
/// `pre` maps the input before a reduction of kind OpTy, `post` the result.
template <typename OpTy>
Converter reduce(int64_t inputSince,
                 std::function<FailureOr<Value>(NodeContext &, Value)> pre = {},
                 std::function<FailureOr<Value>(NodeContext &, Value)> post =
                     {}) {
  return [=](NodeContext &c) -> LogicalResult {
    auto x = c.required(0);
    if (failed(x))
      return failure();
    auto axes = reductionAxes(c, *x, inputSince);
    if (failed(axes))
      return failure();
    bool keep = c.getInt("keepdims", 1) != 0;
    Value v = *x;
    if (pre) {
      auto p = pre(c, v);
      if (failed(p))
        return failure();
      v = *p;
    }
    if (*axes) {
      // Booleans (ReduceMax/Min-20) reduce as 0/1 bytes and come back as i1.
      auto vt = c.typeOf(v);
      bool isBool = vt.getElementType().isInteger(1);
      if (isBool)
        v = c.createTyped<graph::CastOp>(
            vt.clone(IntegerType::get(c.context(), 8, IntegerType::Unsigned)),
            v);
      auto r = c.create<OpTy>(v, **axes, keep);
      if (failed(r))
        return failure();
      v = *r;
      if (isBool)
        v = c.createTyped<graph::CastOp>(c.typeOf(v).clone(vt.getElementType()),
                                         v);
    }
    if (post) {
      auto p = post(c, v);
      if (failed(p))
        return failure();
      v = *p;
    }
    c.setResult(0, v);
    return success();
  };
}

LogicalResult convertReduceLogSumExp(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto axes = reductionAxes(c, *x, 18);
  if (failed(axes))
    return failure();
  if (!*axes) {
    c.setResult(0, *x);
    return success();
  }
  bool keep = c.getInt("keepdims", 1) != 0;
  // log(sum(exp(x - m))) + m with m = max(x) over the axes: no overflow.
  auto m = c.create<graph::ReduceMaxOp>(*x, **axes, true);
  if (failed(m))
    return failure();
  auto d = c.create<graph::SubOp>(*x, *m);
  if (failed(d))
    return failure();
  auto e = c.create<graph::ExpOp>(*d);
  if (failed(e))
    return failure();
  auto s = c.create<graph::ReduceSumOp>(*e, **axes, keep);
  if (failed(s))
    return failure();
  auto l = c.create<graph::LogOp>(*s);
  if (failed(l))
    return failure();
  Value mk = *m;
  if (!keep) {
    auto sq = c.create<graph::SqueezeOp>(*m, **axes);
    if (failed(sq))
      return failure();
    mk = *sq;
  }
  return c.setResultOrFail(c.create<graph::AddOp>(*l, mk));
}

template <typename OpTy>
LogicalResult convertArgReduce(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto axis = c.normalizeAxis(c.getInt("axis", 0), c.typeOf(*x).getRank(),
                              "axis");
  if (failed(axis))
    return failure();
  return c.setResultOrFail(c.create<OpTy>(*x, *axis, c.getInt("keepdims", 1) != 0,
                                     c.getInt("select_last_index", 0) != 0));
}

template <typename OpTy>
LogicalResult convertSoftmax(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto axis = c.normalizeAxis(c.getInt("axis", -1), c.typeOf(*x).getRank(),
                              "axis");
  if (failed(axis))
    return failure();
  c.setResult(0, c.createTyped<OpTy>(x->getType(), *x, *axis));
  return success();
}

LogicalResult convertLayerNorm(NodeContext &c) {
  auto x = c.required(0), scale = c.required(1);
  if (failed(x) || failed(scale))
    return failure();
  auto axis = c.normalizeAxis(c.getInt("axis", -1), c.typeOf(*x).getRank(),
                              "axis");
  if (failed(axis))
    return failure();
  float epsilon = c.getFloat("epsilon", 1e-5f);
  if (failed(c.setResultOrFail(c.create<graph::LayerNormOp>(
          *x, *scale, c.input(2), *axis, llvm::APFloat(epsilon)))))
    return failure();
  if (!c.wantsOutput(1) && !c.wantsOutput(2))
    return success();
  // The optional Mean and InvStdDev outputs (training), over the same axes
  // with the reduced dims kept, in the stash type (float unless 0).
  auto t = c.typeOf(*x);
  Type et = t.getElementType();
  Type stash = c.getInt("stash_type", 1) == 1 ? c.builder().getF32Type() : et;
  SmallVector<int64_t> axes;
  for (int64_t d = *axis; d < t.getRank(); ++d)
    axes.push_back(d);
  Value xs = *x;
  if (stash != et)
    xs = c.createTyped<graph::CastOp>(t.clone(stash), xs);
  auto mean = c.create<graph::ReduceMeanOp>(xs, axes, true);
  if (failed(mean))
    return failure();
  c.setResult(1, *mean);
  if (!c.wantsOutput(2))
    return success();
  auto d = c.create<graph::SubOp>(xs, *mean);
  if (failed(d))
    return failure();
  auto sq = c.create<graph::MulOp>(*d, *d);
  if (failed(sq))
    return failure();
  auto var = c.create<graph::ReduceMeanOp>(*sq, axes, true);
  if (failed(var))
    return failure();
  auto ve = c.create<graph::AddOp>(*var, c.scalar(epsilon, stash));
  if (failed(ve))
    return failure();
  auto inv = c.create<graph::RsqrtOp>(*ve);
  if (failed(inv))
    return failure();
  c.setResult(2, *inv);
  return success();
}

LogicalResult convertBatchNorm(NodeContext &c) {
  SmallVector<Value> in;
  for (int i = 0; i < 5; ++i) {
    auto v = c.required(i);
    if (failed(v))
      return failure();
    in.push_back(*v);
  }
  if (c.getInt("training_mode", 0))
    return c.error() << "training_mode = 1 is not supported (Strata compiles "
                        "inference)";
  return c.setResultOrFail(c.create<graph::BatchNormOp>(
                          in[0], in[1], in[2], in[3], in[4],
                          llvm::APFloat(c.getFloat("epsilon", 1e-5f))));
}

FailureOr<Value> squareOf(NodeContext &c, Value x) {
  return c.create<graph::MulOp>(x, x);
}

/// Chains graph ops; the first failure (already reported at the node)
/// turns every later step into a no-op.
struct Chain {
  NodeContext &c;
  bool ok = true;
  Value v(FailureOr<Value> r) {
    if (failed(r)) {
      ok = false;
      return {};
    }
    return *r;
  }
  Value k(double x, Type et) { return c.scalar(x, et); }
  LogicalResult done(Value r) {
    if (!ok || !r)
      return failure();
    c.setResult(0, r);
    return success();
  }
};

SmallVector<int64_t> axesFrom(int64_t first, int64_t rank) {
  SmallVector<int64_t> axes;
  for (int64_t i = first; i < rank; ++i)
    axes.push_back(i);
  return axes;
}

/// x cast to f32 when stash_type asks for it and x is a half float.
Value toStash(NodeContext &c, Chain &ch, Value x, bool stash) {
  auto t = c.typeOf(x);
  Type et = t.getElementType();
  if (!stash || !(et.isF16() || et.isBF16()))
    return x;
  return c.createTyped<graph::CastOp>(t.clone(c.builder().getF32Type()), x);
}

Value fromStash(NodeContext &c, Value y, Type et) {
  auto t = c.typeOf(y);
  if (t.getElementType() == et)
    return y;
  return c.createTyped<graph::CastOp>(t.clone(et), y);
}

/// RMSNormalization-23: x / sqrt(mean(x^2 over axis..) + eps) * scale.
LogicalResult convertRMSNorm(NodeContext &c) {
  auto x = c.required(0), scale = c.required(1);
  if (failed(x) || failed(scale))
    return failure();
  int64_t rank = c.typeOf(*x).getRank();
  auto axis = c.normalizeAxis(c.getInt("axis", -1), rank, "axis");
  if (failed(axis))
    return failure();
  Type et = c.typeOf(*x).getElementType();
  Chain ch{c};
  Value xs = toStash(c, ch, *x, c.getInt("stash_type", 1) == 1);
  Type st = c.typeOf(xs).getElementType();
  Value ms = ch.v(c.create<graph::ReduceMeanOp>(
      ch.v(c.create<graph::MulOp>(xs, xs)), axesFrom(*axis, rank), true));
  if (!ch.ok)
    return failure();
  Value inv = ch.v(c.create<graph::RsqrtOp>(ch.v(c.create<graph::AddOp>(
      ms, ch.k(c.getFloat("epsilon", 1e-5f), st)))));
  if (!ch.ok)
    return failure();
  Value n = fromStash(c, ch.v(c.create<graph::MulOp>(xs, inv)), et);
  return ch.done(ch.v(c.create<graph::MulOp>(n, *scale)));
}

/// LpNormalization: x / ||x||_p along axis (p = 1 or 2).
LogicalResult convertLpNorm(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  int64_t rank = c.typeOf(*x).getRank();
  auto axis = c.normalizeAxis(c.getInt("axis", -1), rank, "axis");
  if (failed(axis))
    return failure();
  int64_t p = c.getInt("p", 2);
  if (p != 1 && p != 2)
    return c.error() << "p = " << p << " is not supported (1 or 2)";
  Chain ch{c};
  SmallVector<int64_t> axes{*axis};
  Value norm;
  if (p == 1) {
    norm = ch.v(c.create<graph::ReduceSumOp>(ch.v(c.create<graph::AbsOp>(*x)),
                                             axes, true));
  } else {
    Value sq = ch.v(c.create<graph::MulOp>(*x, *x));
    if (!ch.ok)
      return failure();
    norm = ch.v(c.create<graph::SqrtOp>(
        ch.v(c.create<graph::ReduceSumOp>(sq, axes, true))));
  }
  if (!ch.ok)
    return failure();
  // A zero norm means an all-zero slice, which stays 0 (x / 1), not NaN.
  Type et = c.typeOf(*x).getElementType();
  Value isZero = ch.v(
      c.create<graph::CompareOp>(graph::CompareKind::eq, norm, ch.k(0, et)));
  if (!ch.ok)
    return failure();
  Value safe = ch.v(c.create<graph::SelectOp>(isZero, ch.k(1, et), norm));
  if (!ch.ok)
    return failure();
  return ch.done(ch.v(c.create<graph::DivOp>(*x, safe)));
}

/// InstanceNormalization: per (n, c) normalization over the spatial axes.
LogicalResult convertInstanceNorm(NodeContext &c) {
  auto x = c.required(0), scale = c.required(1), bias = c.required(2);
  if (failed(x) || failed(scale) || failed(bias))
    return failure();
  auto t = c.typeOf(*x);
  int64_t rank = t.getRank();
  if (rank < 3)
    return c.error() << "the input must have rank 3 or more, got " << t;
  Type et = t.getElementType();
  SmallVector<int64_t> axes = axesFrom(2, rank);
  Chain ch{c};
  Value mean = ch.v(c.create<graph::ReduceMeanOp>(*x, axes, true));
  if (!ch.ok)
    return failure();
  Value d = ch.v(c.create<graph::SubOp>(*x, mean));
  if (!ch.ok)
    return failure();
  Value var = ch.v(
      c.create<graph::ReduceMeanOp>(ch.v(c.create<graph::MulOp>(d, d)), axes,
                                    true));
  if (!ch.ok)
    return failure();
  Value inv = ch.v(c.create<graph::RsqrtOp>(ch.v(
      c.create<graph::AddOp>(var, ch.k(c.getFloat("epsilon", 1e-5f), et)))));
  if (!ch.ok)
    return failure();
  // scale and bias [C] -> [C, 1, ..., 1].
  SmallVector<int64_t> cShape{c.typeOf(*scale).getDimSize(0)};
  cShape.append(rank - 2, 1);
  Value s = c.createTyped<graph::ReshapeOp>(c.typeOf(*scale).clone(cShape),
                                            *scale);
  Value b = c.createTyped<graph::ReshapeOp>(c.typeOf(*bias).clone(cShape),
                                            *bias);
  Value y = ch.v(c.create<graph::MulOp>(ch.v(c.create<graph::MulOp>(d, inv)), s));
  if (!ch.ok)
    return failure();
  return ch.done(ch.v(c.create<graph::AddOp>(y, b)));
}

/// Hardmax-13: 1 where the (first) maximum along axis is, else 0.
LogicalResult convertHardmax(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto t = c.typeOf(*x);
  int64_t rank = t.getRank();
  auto axis = c.normalizeAxis(c.getInt("axis", -1), rank, "axis");
  if (failed(axis))
    return failure();
  int64_t n = t.getDimSize(*axis);
  if (ShapedType::isDynamic(n))
    return c.error() << "dim " << *axis << " of " << t << " must be static";
  Chain ch{c};
  Value am = ch.v(c.create<graph::ArgMaxOp>(*x, *axis, true, false));
  SmallVector<int64_t> iotaShape(rank, 1);
  iotaShape[*axis] = n;
  SmallVector<int64_t> iota;
  for (int64_t i = 0; i < n; ++i)
    iota.push_back(i);
  auto iotaType =
      RankedTensorType::get(iotaShape, IntegerType::get(c.context(), 64));
  Value io = c.constant(DenseElementsAttr::get(iotaType, ArrayRef(iota)));
  if (!ch.ok)
    return failure();
  Value eq = ch.v(c.create<graph::CompareOp>(graph::CompareKind::eq, am, io));
  if (!ch.ok)
    return failure();
  Type et = t.getElementType();
  return ch.done(ch.v(
      c.create<graph::SelectOp>(eq, ch.k(1, et), ch.k(0, et))));
}

/// Float values of a constant input; an absent or empty input gives an
/// empty list.
FailureOr<SmallVector<double>> floatsInput(NodeContext &c, size_t i,
                                           StringRef role) {
  SmallVector<double> out;
  if (!c.input(i))
    return out;
  auto v = c.constantInput(i, role);
  if (failed(v))
    return failure();
  if (!isa<FloatType>(v->getElementType()))
    return c.error() << "input #" << i << " (" << role
                     << ") must hold floats, got " << v->getType();
  for (APFloat f : v->getValues<APFloat>()) {
    bool lost;
    f.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
    out.push_back(f.convertToDouble());
  }
  return out;
}

/// Builds graph.resize from per-dim scales (or sizes) over all dims.
struct ResizeSpec {
  graph::ResizeMode mode = graph::ResizeMode::nearest;
  graph::CoordinateTransform coordinates =
      graph::CoordinateTransform::half_pixel;
  graph::NearestMode nearest = graph::NearestMode::round_prefer_floor;
  SmallVector<double> scales, roi;
  SmallVector<int64_t> sizes;
  double cubicA = -0.75, extrapolation = 0.0;
  bool excludeOutside = false, antialias = false;
};

LogicalResult emitResize(NodeContext &c, Value x, const ResizeSpec &r) {
  RankedTensorType t = c.typeOf(x);
  auto resultType = RankedTensorType::get(r.sizes, t.getElementType());
  Builder b(c.context());
  auto op = graph::ResizeOp::create(
      c.builder(), c.loc, resultType, x,
      graph::ResizeModeAttr::get(c.context(), r.mode),
      graph::CoordinateTransformAttr::get(c.context(), r.coordinates),
      graph::NearestModeAttr::get(c.context(), r.nearest),
      b.getDenseF64ArrayAttr(r.scales),
      r.roi.empty() ? DenseF64ArrayAttr() : b.getDenseF64ArrayAttr(r.roi),
      b.getF64FloatAttr(r.cubicA), b.getBoolAttr(r.excludeOutside),
      b.getF64FloatAttr(r.extrapolation), b.getBoolAttr(r.antialias));
  if (failed(op.verify())) {
    op->erase();
    return failure();
  }
  c.setResult(0, op.getResult());
  return success();
}

/// Sizes of resizing `x` by per-dim `scales`: floor(in * scale), as the
/// ONNX reference; resized dims must be static.
LogicalResult sizesFromScales(NodeContext &c, RankedTensorType t,
                              ResizeSpec &r) {
  for (auto [i, s] : llvm::enumerate(r.scales)) {
    int64_t in = t.getDimSize(i);
    if (!(s > 0.0) || !std::isfinite(s))
      return c.error() << "scale " << s << " of dim " << i
                       << " is not positive";
    if (s == 1.0) {
      r.sizes.push_back(in);
      continue;
    }
    if (ShapedType::isDynamic(in))
      return c.error() << "dim " << i
                       << " is resized but has a dynamic size; give static "
                          "input shapes";
    r.sizes.push_back((int64_t)std::floor(s * (double)in));
  }
  return success();
}

LogicalResult convertResize(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  RankedTensorType t = c.typeOf(*x);
  int64_t rank = t.getRank();
  ResizeSpec r;

  std::string mode = c.getString("mode", "nearest");
  if (mode == "nearest")
    r.mode = graph::ResizeMode::nearest;
  else if (mode == "linear")
    r.mode = graph::ResizeMode::linear;
  else if (mode == "cubic" && c.version >= 11)
    r.mode = graph::ResizeMode::cubic;
  else
    return c.error() << "mode '" << mode << "' is not supported";

  if (c.version == 10) {
    // Resize-10 has Upsample's semantics: asymmetric coordinates and, for
    // nearest, the floor (as onnxruntime).
    r.coordinates = graph::CoordinateTransform::asymmetric;
    r.nearest = graph::NearestMode::floor;
    auto scales = floatsInput(c, 1, "scales");
    if (failed(scales))
      return failure();
    if ((int64_t)scales->size() != rank)
      return c.error() << "scales has " << scales->size()
                       << " values for an input of rank " << rank;
    r.scales = *scales;
    if (failed(sizesFromScales(c, t, r)))
      return failure();
    return emitResize(c, *x, r);
  }

  std::string ctm = c.getString("coordinate_transformation_mode", "half_pixel");
  std::optional<graph::CoordinateTransform> coords =
      graph::symbolizeCoordinateTransform(ctm);
  if (!coords || (*coords == graph::CoordinateTransform::half_pixel_symmetric &&
                  c.version < 19))
    return c.error() << "coordinate_transformation_mode '" << ctm
                     << "' is not supported";
  r.coordinates = *coords;
  std::string nearest = c.getString("nearest_mode", "round_prefer_floor");
  std::optional<graph::NearestMode> nm = graph::symbolizeNearestMode(nearest);
  if (!nm)
    return c.error() << "nearest_mode '" << nearest << "' is not supported";
  r.nearest = *nm;
  r.cubicA = c.getFloat("cubic_coeff_a", -0.75f);
  r.excludeOutside = c.getInt("exclude_outside", 0) != 0;
  r.extrapolation = c.getFloat("extrapolation_value", 0.0f);
  r.antialias = c.getInt("antialias", 0) != 0;

  // The axes the scales, sizes and roi talk about, in their order.
  SmallVector<int64_t> axes;
  if (auto given = c.getInts("axes")) {
    SmallVector<bool> seen(rank, false);
    for (int64_t a : *given) {
      auto n = c.normalizeAxis(a, rank, "axis");
      if (failed(n))
        return failure();
      if (seen[*n])
        return c.error() << "axis " << a << " is repeated";
      seen[*n] = true;
      axes.push_back(*n);
    }
  } else {
    axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  }
  size_t n = axes.size();

  auto roi = floatsInput(c, 1, "roi");
  auto scales = floatsInput(c, 2, "scales");
  if (failed(roi) || failed(scales))
    return failure();
  SmallVector<int64_t> sizes;
  if (c.input(3)) {
    auto s = c.intsInput(3, "sizes");
    if (failed(s))
      return failure();
    sizes = *s;
  }
  if (!scales->empty() && !sizes.empty())
    return c.error() << "takes scales or sizes, not both";

  r.scales.assign(rank, 1.0);
  if (!sizes.empty()) {
    if (sizes.size() != n)
      return c.error() << "sizes has " << sizes.size() << " values for "
                       << n << " axes";
    r.sizes = llvm::to_vector(t.getShape());
    for (int64_t a : axes)
      if (t.isDynamicDim(a))
        return c.error() << "dim " << a
                         << " is resized but has a dynamic size; give "
                            "static input shapes";
    std::string policy = c.getString("keep_aspect_ratio_policy", "stretch");
    if (policy == "stretch") {
      for (auto [i, a] : llvm::enumerate(axes)) {
        if (sizes[i] < 0)
          return c.error() << "size " << sizes[i] << " is negative";
        r.sizes[a] = sizes[i];
        r.scales[a] = t.getDimSize(a) == 0
                          ? 1.0
                          : (double)sizes[i] / (double)t.getDimSize(a);
      }
    } else if (policy == "not_larger" || policy == "not_smaller") {
      double scale = policy == "not_larger" ? INFINITY : 0.0;
      for (auto [i, a] : llvm::enumerate(axes)) {
        double s = (double)sizes[i] / (double)t.getDimSize(a);
        scale = policy == "not_larger" ? std::min(scale, s)
                                       : std::max(scale, s);
      }
      for (int64_t a : axes) {
        r.scales[a] = scale;
        r.sizes[a] = (int64_t)(scale * (double)t.getDimSize(a) + 0.5);
      }
    } else {
      return c.error() << "keep_aspect_ratio_policy '" << policy
                       << "' is not supported";
    }
  } else if (!scales->empty()) {
    if (scales->size() != n)
      return c.error() << "scales has " << scales->size() << " values for "
                       << n << " axes";
    for (auto [i, a] : llvm::enumerate(axes))
      r.scales[a] = (*scales)[i];
    if (failed(sizesFromScales(c, t, r)))
      return failure();
  } else {
    return c.error() << "needs scales or sizes";
  }

  if (r.coordinates == graph::CoordinateTransform::tf_crop_and_resize) {
    r.roi.assign(rank, 0.0);
    r.roi.append(rank, 1.0);
    if (!roi->empty()) {
      if (roi->size() != 2 * n)
        return c.error() << "roi has " << roi->size() << " values for " << n
                         << " axes (needs " << 2 * n << ")";
      for (auto [i, a] : llvm::enumerate(axes)) {
        r.roi[a] = (*roi)[i];
        r.roi[rank + a] = (*roi)[n + i];
      }
    }
  }
  if (r.mode != graph::ResizeMode::nearest &&
      !isa<FloatType>(t.getElementType()))
    return c.error() << mode << " resizing of " << t
                     << " is not supported (floating-point tensors only)";
  return emitResize(c, *x, r);
}

/// Upsample (deprecated by Resize-10): nearest or linear with asymmetric
/// coordinates; nearest takes the floor (it repeats elements).
LogicalResult convertUpsample(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  if (c.version >= 10)
    return c.error() << "Upsample is deprecated at this opset; use Resize";
  RankedTensorType t = c.typeOf(*x);
  ResizeSpec r;
  std::string mode = c.getString("mode", "nearest");
  if (mode == "nearest")
    r.mode = graph::ResizeMode::nearest;
  else if (mode == "linear" || mode == "bilinear")
    r.mode = graph::ResizeMode::linear;
  else
    return c.error() << "mode '" << mode << "' is not supported";
  r.coordinates = graph::CoordinateTransform::asymmetric;
  r.nearest = graph::NearestMode::floor;
  if (c.version >= 9) {
    auto scales = floatsInput(c, 1, "scales");
    if (failed(scales))
      return failure();
    r.scales = *scales;
  } else if (const auto *a = c.attr("scales")) {
    r.scales.assign(a->floats().begin(), a->floats().end());
  }
  if ((int64_t)r.scales.size() != t.getRank())
    return c.error() << "scales has " << r.scales.size()
                     << " values for an input of rank " << t.getRank();
  if (r.mode == graph::ResizeMode::linear && !isa<FloatType>(t.getElementType()))
    return c.error() << "linear upsampling of " << t
                     << " is not supported (floating-point tensors only)";
  if (failed(sizesFromScales(c, t, r)))
    return failure();
  return emitResize(c, *x, r);
}

LogicalResult convertGridSample(NodeContext &c) {
  auto x = c.required(0), grid = c.required(1);
  if (failed(x) || failed(grid))
    return failure();
  // GridSample-16 spells the modes bilinear and bicubic.
  std::string mode = c.getString("mode", c.version >= 20 ? "linear"
                                                         : "bilinear");
  graph::ResizeMode m;
  if (mode == "nearest")
    m = graph::ResizeMode::nearest;
  else if (mode == "linear" || mode == "bilinear")
    m = graph::ResizeMode::linear;
  else if (mode == "cubic" || mode == "bicubic")
    m = graph::ResizeMode::cubic;
  else
    return c.error() << "mode '" << mode << "' is not supported";
  std::string padding = c.getString("padding_mode", "zeros");
  std::optional<graph::GridPadding> p = graph::symbolizeGridPadding(padding);
  if (!p)
    return c.error() << "padding_mode '" << padding << "' is not supported";
  Builder b(c.context());
  return c.setResultOrFail(c.create<graph::GridSampleOp>(
      *x, *grid, graph::ResizeModeAttr::get(c.context(), m),
      graph::GridPaddingAttr::get(c.context(), *p),
      b.getBoolAttr(c.getInt("align_corners", 0) != 0)));
}

/// ConvTranspose as a direct convolution: insert stride - 1 zeros between
/// the input elements (unsqueeze, pad, reshape, slice), pad by the dilated
/// kernel extent less the given pads (negative pads crop), and convolve
/// with the spatially flipped filter whose in/out channels are swapped
/// per group. 1-D runs as 2-D of height 1.
LogicalResult convertConvTranspose(NodeContext &c) {
  auto x = c.required(0), f = c.required(1);
  if (failed(x) || failed(f))
    return failure();
  RankedTensorType xt = c.typeOf(*x), ft = c.typeOf(*f);
  int64_t rank = xt.getRank();
  if (ft.getRank() != rank || (rank != 3 && rank != 4))
    return c.error() << "only 1-D and 2-D transposed convolution is supported "
                        "(the input has rank "
                     << rank << ", the filter " << ft.getRank() << ")";
  if (!xt.hasStaticShape() || !ft.hasStaticShape())
    return c.error() << "needs static input and filter shapes";
  size_t k = rank - 2;
  int64_t groups = c.getInt("group", 1);
  SmallVector<int64_t> kernel(ft.getShape().drop_front(2));
  if (auto ks = c.getInts("kernel_shape"); ks && !llvm::equal(*ks, kernel))
    return c.error() << "kernel_shape does not match the filter's spatial dims";
  SmallVector<int64_t> strides =
      c.getInts("strides").value_or(SmallVector<int64_t>(k, 1));
  SmallVector<int64_t> dilations =
      c.getInts("dilations").value_or(SmallVector<int64_t>(k, 1));
  SmallVector<int64_t> pads =
      c.getInts("pads").value_or(SmallVector<int64_t>(2 * k, 0));
  SmallVector<int64_t> outPad =
      c.getInts("output_padding").value_or(SmallVector<int64_t>(k, 0));
  if (strides.size() != k || dilations.size() != k || pads.size() != 2 * k ||
      outPad.size() != k)
    return c.error() << "strides, dilations, output_padding must have " << k
                     << " entries and pads " << 2 * k;
  for (int64_t v : llvm::concat<int64_t>(strides, dilations))
    if (v < 1)
      return c.error() << "strides and dilations must be >= 1";
  if (groups < 1 || xt.getDimSize(1) != ft.getDimSize(0) ||
      xt.getDimSize(1) % groups != 0)
    return c.error() << "filter " << ft << " does not fit input " << xt
                     << " with " << groups << " groups";
  std::string autoPad = c.getString("auto_pad", "NOTSET");
  std::optional<SmallVector<int64_t>> outShape = c.getInts("output_shape");
  if (!outShape && (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER")) {
    outShape = SmallVector<int64_t>();
    for (size_t i = 0; i < k; ++i)
      outShape->push_back(xt.getDimSize(2 + i) * strides[i]);
  }
  if (outShape) {
    if (outShape->size() == k + 2)
      outShape->erase(outShape->begin(), outShape->begin() + 2);
    if (outShape->size() != k)
      return c.error() << "output_shape must have " << k << " entries";
    for (size_t i = 0; i < k; ++i) {
      int64_t total = strides[i] * (xt.getDimSize(2 + i) - 1) + outPad[i] +
                      (kernel[i] - 1) * dilations[i] + 1 - (*outShape)[i];
      // Floor division, as the ONNX reference (total may be negative: the
      // requested output is larger than the transposed convolution's).
      int64_t half = llvm::divideFloorSigned(total, 2);
      pads[i] = autoPad == "SAME_UPPER" ? half : total - half;
      pads[k + i] = autoPad == "SAME_UPPER" ? total - half : half;
    }
  } else if (autoPad == "VALID") {
    pads.assign(2 * k, 0);
  } else if (autoPad != "NOTSET") {
    return c.error() << "unknown auto_pad '" << autoPad << "'";
  }

  Value in = *x, w = *f;
  if (k == 1) {
    auto in4 = unsqueezeAt2(c, in), w4 = unsqueezeAt2(c, w);
    if (failed(in4) || failed(w4))
      return failure();
    in = *in4, w = *w4;
    kernel.insert(kernel.begin(), 1);
    strides.insert(strides.begin(), 1);
    dilations.insert(dilations.begin(), 1);
    outPad.insert(outPad.begin(), 0);
    pads = {0, pads[0], 0, pads[1]};
  }
  Builder b(c.context());
  auto constantPad = [&](Value v, ArrayRef<int64_t> p) {
    return c.create<graph::PadOp>(
        v, b.getDenseI64ArrayAttr(p),
        graph::PadModeAttr::get(c.context(), graph::PadMode::constant),
        b.getF64FloatAttr(0.0));
  };
  // Zero insertion along each strided spatial dim.
  for (int64_t i = 0; i < 2; ++i) {
    int64_t s = strides[i];
    if (s == 1)
      continue;
    int64_t d = 2 + i;
    ArrayRef<int64_t> shape = c.typeOf(in).getShape();
    auto u = c.create<graph::UnsqueezeOp>(in, ArrayRef<int64_t>{d + 1});
    if (failed(u))
      return failure();
    SmallVector<int64_t> p(2 * 5, 0);
    p[5 + d + 1] = s - 1;
    auto padded = constantPad(*u, p);
    if (failed(padded))
      return failure();
    SmallVector<int64_t> flat(shape);
    flat[d] *= s;
    Value r = c.createTyped<graph::ReshapeOp>(
        RankedTensorType::get(flat, xt.getElementType()), *padded);
    SmallVector<int64_t> starts(4, 0), ends(flat), steps(4, 1);
    ends[d] = (shape[d] - 1) * s + 1;
    auto sl = c.create<graph::SliceOp>(r, starts, ends, steps);
    if (failed(sl))
      return failure();
    in = *sl;
  }
  // Pad (or crop) to the full correlation.
  SmallVector<int64_t> p(8, 0);
  for (int64_t i = 0; i < 2; ++i) {
    int64_t extent = (kernel[i] - 1) * dilations[i];
    p[2 + i] = extent - pads[i];
    p[4 + 2 + i] = extent - pads[2 + i] + outPad[i];
  }
  if (llvm::any_of(p, [](int64_t v) { return v != 0; })) {
    auto padded = constantPad(in, p);
    if (failed(padded))
      return failure();
    in = *padded;
  }
  // Filter [C, F/g, kh, kw] -> flipped [F, C/g, kh, kw].
  auto flipped = c.create<graph::SliceOp>(
      w, ArrayRef<int64_t>{0, 0, -1, -1},
      ArrayRef<int64_t>{INT64_MAX, INT64_MAX, INT64_MIN, INT64_MIN},
      ArrayRef<int64_t>{1, 1, -1, -1});
  if (failed(flipped))
    return failure();
  ArrayRef<int64_t> fs = c.typeOf(*flipped).getShape();
  int64_t cg = fs[0] / groups, fg = fs[1];
  Type et = ft.getElementType();
  Value g5 = c.createTyped<graph::ReshapeOp>(
      RankedTensorType::get({groups, cg, fg, fs[2], fs[3]}, et), *flipped);
  auto tr = c.create<graph::TransposeOp>(g5, ArrayRef<int64_t>{0, 2, 1, 3, 4});
  if (failed(tr))
    return failure();
  Value wt = c.createTyped<graph::ReshapeOp>(
      RankedTensorType::get({groups * fg, cg, fs[2], fs[3]}, et), *tr);
  auto conv = c.create<graph::Conv2DOp>(
      in, wt, c.input(2), ArrayRef<int64_t>{1, 1},
      ArrayRef<int64_t>{0, 0, 0, 0}, dilations, groups);
  if (failed(conv) || k == 2)
    return c.setResultOrFail(conv);
  return c.setResultOrFail(
      c.create<graph::SqueezeOp>(*conv, ArrayRef<int64_t>{2}));
}

} // namespace

void strata::onnx::registerNNOps(llvm::StringMap<OpInfo> &ops) {
  ops["RMSNormalization"] = {{23}, 23, convertRMSNorm};
  ops["LpNormalization"] = {{1, 22}, 1, convertLpNorm};
  ops["InstanceNormalization"] = {{1, 6, 22}, 6, convertInstanceNorm};
  // Hardmax before 13 coerces the input to 2-D.
  ops["Hardmax"] = {{1, 11, 13}, 13, convertHardmax};
  ops["MatMul"] = {{1, 9, 13}, 1, convertMatMul};
  ops["Gemm"] = {{1, 6, 7, 9, 11, 13}, 7, convertGemm};
  ops["Conv"] = {{1, 11, 22}, 1, convertConv};
  ops["ConvTranspose"] = {{1, 11, 22}, 1, convertConvTranspose};
  ops["MaxPool"] = {{1, 8, 10, 11, 12, 22}, 8, convertMaxPool};
  ops["AveragePool"] = {{1, 7, 10, 11, 19, 22}, 7, convertAveragePool};
  // LpPool-11 makes p an int, -18 adds ceil_mode and dilations.
  ops["LpPool"] = {{1, 2, 11, 18, 22}, 2, convertLpPool};
  // Resize-11 adds roi, sizes and the coordinate modes, -18 axes, antialias
  // and keep_aspect_ratio_policy, -19 half_pixel_symmetric.
  ops["Resize"] = {{10, 11, 13, 18, 19}, 10, convertResize};
  ops["Upsample"] = {{1, 7, 9, 10}, 7, convertUpsample};
  // GridSample-20 renames the modes and allows any number of spatial dims.
  ops["GridSample"] = {{16, 20, 22}, 16, convertGridSample};
  ops["GlobalAveragePool"] = {{1, 22}, 1,
                              convertGlobalPool<graph::GlobalAvgPoolOp>};
  ops["GlobalMaxPool"] = {{1, 22}, 1,
                          convertGlobalPool<graph::GlobalMaxPoolOp>};
  // Axes became an input at ReduceSum-13 and the others' version 18.
  ops["ReduceSum"] = {{1, 11, 13}, 11, reduce<graph::ReduceSumOp>(13)};
  ops["ReduceMean"] = {{1, 11, 13, 18}, 11, reduce<graph::ReduceMeanOp>(18)};
  ops["ReduceMax"] = {{1, 11, 12, 13, 18, 20}, 11,
                      reduce<graph::ReduceMaxOp>(18)};
  ops["ReduceMin"] = {{1, 11, 12, 13, 18, 20}, 11,
                      reduce<graph::ReduceMinOp>(18)};
  ops["ReduceProd"] = {{1, 11, 13, 18}, 11, reduce<graph::ReduceProdOp>(18)};
  ops["ReduceL1"] = {{1, 11, 13, 18}, 11,
                     reduce<graph::ReduceSumOp>(18, [](NodeContext &c, Value x) {
                       return c.create<graph::AbsOp>(x);
                     })};
  ops["ReduceL2"] = {{1, 11, 13, 18}, 11,
                     reduce<graph::ReduceSumOp>(18, squareOf,
                                                [](NodeContext &c, Value x) {
                                                  return c.create<graph::SqrtOp>(
                                                      x);
                                                })};
  ops["ReduceSumSquare"] = {{1, 11, 13, 18}, 11,
                            reduce<graph::ReduceSumOp>(18, squareOf)};
  ops["ReduceLogSum"] = {{1, 11, 13, 18}, 11,
                         reduce<graph::ReduceSumOp>(
                             18, {}, [](NodeContext &c, Value x) {
                               return c.create<graph::LogOp>(x);
                             })};
  ops["ReduceLogSumExp"] = {{1, 11, 13, 18}, 11, convertReduceLogSumExp};
  ops["ArgMax"] = {{1, 11, 12, 13}, 11, convertArgReduce<graph::ArgMaxOp>};
  ops["ArgMin"] = {{1, 11, 12, 13}, 11, convertArgReduce<graph::ArgMinOp>};
  // Softmax-1/-11 coerce the input to 2-D around axis; only -13 is a
  // single-axis softmax, which is what graph.softmax computes.
  ops["Softmax"] = {{1, 11, 13}, 13, convertSoftmax<graph::SoftmaxOp>};
  ops["LogSoftmax"] = {{1, 11, 13}, 13, convertSoftmax<graph::LogSoftmaxOp>};
  ops["LayerNormalization"] = {{17}, 17, convertLayerNorm};
  ops["BatchNormalization"] = {{1, 6, 7, 9, 14, 15}, 9, convertBatchNorm};
}
