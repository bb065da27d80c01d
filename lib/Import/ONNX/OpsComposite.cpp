//===- OpsComposite.cpp - ONNX composite ops decomposed into graph ops ----===//
//
// Losses (NegativeLogLikelihoodLoss, SoftmaxCrossEntropyLoss), Attention,
// RotaryEmbedding, the normalizations ONNX defines as functions (GroupNorm,
// MVN, LRN), CenterCropPad, Dropout, CumProd, GatherND, Einsum and
// ReverseSequence: each becomes a handful of existing graph ops located at
// the node, so any later diagnostic names the ONNX node.
//
//===----------------------------------------------------------------------===//

#include "Compose.h"

#include "llvm/ADT/StringExtras.h"

#include <cmath>

using namespace mlir;
using namespace strata::onnx;
namespace graph = strata::graph;

namespace {

using K = graph::CompareKind;

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

/// NegativeLogLikelihoodLoss on log-probabilities `x` [N, C, d1..dk] and
/// integer `target` [N, d1..dk]: loss = -x[n, target, d...] * weight[target],
/// zero where target == ignore_index, then reduced ("mean" divides by the
/// sum of the weights that apply).
FailureOr<Value> nllLoss(NodeContext &c, Value x, Value target, Value weight) {
  Emit e{c};
  auto xt = c.typeOf(x), tt = c.typeOf(target);
  std::string reduction = c.getString("reduction", "mean");
  if (reduction != "none" && reduction != "sum" && reduction != "mean")
    return c.error() << "reduction '" << reduction
                     << "' is not one of none, sum, mean";
  if (xt.getRank() < 2)
    return c.error() << "the input must have rank 2 or more (N, C, ...), got "
                     << xt;
  if (tt.getRank() != xt.getRank() - 1)
    return c.error() << "the target must have rank " << xt.getRank() - 1
                     << " (the input's without C), got " << tt;
  if (!isa<IntegerType>(tt.getElementType()))
    return c.error() << "the target must hold integers, got " << tt;
  if (weight && c.typeOf(weight).getRank() != 1)
    return c.error() << "the weight must have rank 1 (C), got "
                     << weight.getType();
  Type et = xt.getElementType(), it = tt.getElementType();
  const auto *iiAttr = c.attr("ignore_index");
  Value mask, safe = target;
  if (iiAttr) {
    mask = e.cmp(K::eq, target, e.k(double(c.getInt("ignore_index", 0)), it));
    safe = e.select(mask, e.k(0, it), target);
  }
  Value picked = e.op<graph::GatherElementsOp>(
      x, e.op<graph::UnsqueezeOp>(safe, ArrayRef<int64_t>{1}), 1);
  Value loss =
      e.op<graph::NegOp>(e.op<graph::SqueezeOp>(picked, ArrayRef<int64_t>{1}));
  Value w;
  if (weight) {
    w = e.op<graph::GatherOp>(weight, safe, 0);
    loss = e.mul(loss, w);
  }
  if (mask) {
    // select, not a multiply by 0: an ignored -inf log-probability gives 0.
    loss = e.select(mask, e.k(0, et), loss);
    w = e.select(mask, e.k(0, et), w ? w : e.k(1, et));
  }
  if (reduction == "sum")
    loss = e.sumAll(loss);
  else if (reduction == "mean")
    loss = w ? e.div(e.sumAll(loss), e.sumAll(w))
             : e.op<graph::ReduceMeanOp>(loss, range(0, tt.getRank()), false);
  if (!e.ok)
    return failure();
  return loss;
}

LogicalResult convertNLLLoss(NodeContext &c) {
  auto x = c.required(0), t = c.required(1);
  if (failed(x) || failed(t))
    return failure();
  return c.setResultOrFail(nllLoss(c, *x, *t, c.input(2)));
}

/// SoftmaxCrossEntropyLoss: NLL of log_softmax over C; output 1 is the
/// log-probabilities.
LogicalResult convertSCELoss(NodeContext &c) {
  auto x = c.required(0), t = c.required(1);
  if (failed(x) || failed(t))
    return failure();
  if (c.typeOf(*x).getRank() < 2)
    return c.error() << "the scores must have rank 2 or more (N, C, ...), got "
                     << x->getType();
  Value logp = c.createTyped<graph::LogSoftmaxOp>(x->getType(), *x, 1);
  auto loss = nllLoss(c, logp, *t, c.input(2));
  if (failed(loss))
    return failure();
  c.setResult(0, *loss);
  c.setResult(1, logp);
  return success();
}

//===----------------------------------------------------------------------===//
// Attention (opset 23, 24)
//===----------------------------------------------------------------------===//

/// Attention-23/24 as in onnx/reference/ops/op_attention.py: 3-D inputs are
/// split into heads, past K/V are concatenated, the mask (bool or additive,
/// padded to the total length), is_causal and nonpad_kv_seqlen make one
/// additive bias, GQA repeats each KV head, and
/// softmax(softcap(Q K^T * scale) + bias) V is computed.
LogicalResult convertAttention(NodeContext &c) {
  auto q0 = c.required(0), k0 = c.required(1), v0 = c.required(2);
  if (failed(q0) || failed(k0) || failed(v0))
    return failure();
  if (failed(requireStatic(c, {0, 1, 2, 3, 4, 5, 6})))
    return failure();
  Emit e{c};
  Value q = *q0, k = *k0, v = *v0;
  Value mask = c.input(3), pastK = c.input(4), pastV = c.input(5);
  Value nonpad = c.version >= 24 ? c.input(6) : Value();
  int64_t rank = c.typeOf(q).getRank();
  if (rank != 3 && rank != 4)
    return c.error() << "Q must have rank 3 or 4, got " << q.getType();
  if (c.typeOf(k).getRank() != rank || c.typeOf(v).getRank() != rank)
    return c.error() << "Q, K and V must have the same rank";
  if (bool(pastK) != bool(pastV))
    return c.error() << "past_key and past_value must be given together";
  Type et = e.et(q);
  if (e.et(k) != et || e.et(v) != et)
    return c.error() << "Q, K and V must have the same element type";
  int64_t mode = c.getInt("qk_matmul_output_mode", 0);
  if (mode < 0 || mode > 3)
    return c.error() << "qk_matmul_output_mode " << mode
                     << " is not supported (0, 1, 2 or 3)";
  int64_t batch = c.typeOf(q).getDimSize(0);
  int64_t hq, hkv;
  if (rank == 3) {
    hq = c.getInt("q_num_heads", 0);
    hkv = c.getInt("kv_num_heads", 0);
    if (hq <= 0 || hkv <= 0)
      return c.error() << "3-D inputs need q_num_heads and kv_num_heads > 0";
    // [B, S, H * D] -> [B, S, H, D] -> [B, H, S, D].
    auto split = [&](Value x, int64_t heads, StringRef what) -> Value {
      auto t = c.typeOf(x);
      int64_t hidden = t.getDimSize(2);
      if (hidden % heads) {
        e.fail() << what << " hidden size " << hidden
                 << " is not a multiple of the head count " << heads;
        return {};
      }
      return e.transpose(e.reshape(x, {t.getDimSize(0), t.getDimSize(1), heads,
                                       hidden / heads}),
                         {0, 2, 1, 3});
    };
    q = split(q, hq, "Q");
    k = split(k, hkv, "K");
    v = split(v, hkv, "V");
    if (!e.ok)
      return failure();
  } else {
    hq = c.typeOf(q).getDimSize(1);
    hkv = c.typeOf(k).getDimSize(1);
  }
  if (c.typeOf(v).getDimSize(1) != hkv)
    return c.error() << "K and V must have the same number of heads";
  if (hkv <= 0 || hq % hkv)
    return c.error() << "q heads (" << hq
                     << ") must be a multiple of kv heads (" << hkv << ")";
  int64_t headSize = c.typeOf(q).getDimSize(3);
  double scale = 1.0 / std::sqrt(double(headSize));
  if (const auto *a = c.attr("scale");
      a && a->type() == pb::AttributeProto::FLOAT)
    scale = a->f();
  // As the reference: Q and K are each scaled by sqrt(scale).
  Value rootScale = e.k(std::sqrt(scale), et);

  int64_t past = 0;
  if (pastK) {
    past = c.typeOf(pastK).getDimSize(2);
    k = e.op<graph::ConcatOp>(ValueRange{pastK, k}, 2);
    v = e.op<graph::ConcatOp>(ValueRange{pastV, v}, 2);
  }
  if (!e.ok)
    return failure();
  Value presentK = k, presentV = v;
  int64_t sq = c.typeOf(q).getDimSize(2), total = c.typeOf(k).getDimSize(2);

  // The additive bias [.., S, T]: mask (padded to T), causal, padding.
  Value bias;
  double ninf = -std::numeric_limits<double>::infinity();
  if (mask) {
    auto mt = c.typeOf(mask);
    if (mt.getRank() < 1)
      return c.error() << "attn_mask must have rank 2 or more";
    int64_t width = mt.getDimSize(mt.getRank() - 1);
    if (width > total)
      return c.error() << "attn_mask's last dim " << width
                       << " exceeds the total sequence length " << total;
    bool isBool = mt.getElementType().isInteger(1);
    if (width < total) {
      SmallVector<int64_t> pads(2 * mt.getRank(), 0);
      pads[2 * mt.getRank() - 1] = total - width;
      mask = e.op<graph::PadOp>(mask, pads, graph::PadMode::constant,
                                llvm::APFloat(isBool ? 0.0 : ninf));
    }
    if (isBool)
      bias = e.select(mask, e.k(0, et), e.k(ninf, et));
    else
      bias = e.cast(mask, et);
  }
  if (c.getInt("is_causal", 0)) {
    // -inf where key j is after query i (j > i + past).
    SmallVector<APFloat> data;
    auto ft = cast<FloatType>(et);
    for (int64_t i = 0; i < sq; ++i)
      for (int64_t j = 0; j < total; ++j) {
        APFloat val(j > i + past ? ninf : 0.0);
        bool lost;
        val.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                    &lost);
        data.push_back(val);
      }
    Value causal = c.constant(
        DenseElementsAttr::get(RankedTensorType::get({sq, total}, et), data));
    bias = bias ? e.add(bias, causal) : causal;
  }
  if (nonpad) {
    // -inf at key positions at or past nonpad_kv_seqlen[b].
    auto nt = c.typeOf(nonpad);
    if (nt.getRank() != 1 || !isa<IntegerType>(nt.getElementType()))
      return c.error() << "nonpad_kv_seqlen must be a 1-D integer tensor";
    Type it = nt.getElementType();
    SmallVector<APInt> iota;
    for (int64_t j = 0; j < total; ++j)
      iota.push_back(APInt(it.getIntOrFloatBitWidth(), j));
    Value pos = c.constant(DenseElementsAttr::get(
        RankedTensorType::get({1, 1, 1, total}, it), iota));
    Value keep = e.cmp(K::lt, pos, e.reshape(nonpad, {batch, 1, 1, 1}));
    Value pad = e.select(keep, e.k(0, et), e.k(ninf, et));
    bias = bias ? e.add(bias, pad) : pad;
  }

  if (hq != hkv) {
    // GQA: each KV head serves hq / hkv consecutive query heads.
    int64_t reps = hq / hkv;
    auto repeat = [&](Value x) {
      auto t = c.typeOf(x);
      int64_t b = t.getDimSize(0), n = t.getDimSize(2), d = t.getDimSize(3);
      Value u = e.op<graph::UnsqueezeOp>(x, ArrayRef<int64_t>{2});
      return e.reshape(e.broadcastTo(u, {b, hkv, reps, n, d}), {b, hq, n, d});
    };
    k = repeat(k);
    v = repeat(v);
  }
  Value kt = e.transpose(e.mul(k, rootScale), {0, 1, 3, 2});
  Value qk = e.op<graph::MatMulOp>(e.mul(q, rootScale), kt);
  float softcap = c.getFloat("softcap", 0.0f);
  if (softcap > 0) {
    Value cap = e.k(softcap, et);
    qk = e.mul(e.op<graph::TanhOp>(e.div(qk, cap)), cap);
  }
  Value withBias = bias ? e.add(qk, bias) : qk;
  Value qkOut = mode == 2 ? withBias : qk;
  Value logits = withBias;
  if (const auto *a = c.attr("softmax_precision")) {
    Type st = convertDataType(int32_t(a->i()), c.context());
    if (!st || !isa<FloatType>(st))
      return c.error() << "softmax_precision " << a->i()
                       << " is not a supported float type";
    logits = e.cast(logits, st);
  }
  if (!e.ok)
    return failure();
  Value probs = c.createTyped<graph::SoftmaxOp>(logits.getType(), logits, 3);
  probs = e.cast(probs, et);
  if (mode == 3)
    qkOut = probs;
  Value y = e.op<graph::MatMulOp>(probs, v);
  if (rank == 3 && e.ok) {
    auto yt = c.typeOf(y);
    y = e.reshape(e.transpose(y, {0, 2, 1, 3}),
                  {yt.getDimSize(0), yt.getDimSize(2),
                   yt.getDimSize(1) * yt.getDimSize(3)});
  }
  if (failed(e.set(0, y)))
    return failure();
  c.setResult(1, presentK);
  c.setResult(2, presentV);
  c.setResult(3, qkOut);
  return success();
}

//===----------------------------------------------------------------------===//
// RotaryEmbedding (opset 23)
//===----------------------------------------------------------------------===//

/// As onnx/reference/ops/op_rotary_embedding.py, in [B, S, H, D] layout.
LogicalResult convertRotaryEmbedding(NodeContext &c) {
  auto x0 = c.required(0), cos0 = c.required(1), sin0 = c.required(2);
  if (failed(x0) || failed(cos0) || failed(sin0))
    return failure();
  if (failed(requireStatic(c, {0, 1, 2, 3})))
    return failure();
  Emit e{c};
  Value x = *x0, cosC = *cos0, sinC = *sin0, pos = c.input(3);
  auto xt = c.typeOf(x);
  int64_t rank = xt.getRank();
  if (rank != 3 && rank != 4)
    return c.error() << "the input must have rank 3 or 4, got " << xt;
  if (rank == 4) {
    x = e.transpose(x, {0, 2, 1, 3});
  } else {
    int64_t heads = c.getInt("num_heads", 0);
    if (heads <= 0 || xt.getDimSize(2) % heads)
      return c.error() << "a 3-D input needs num_heads > 0 dividing its "
                          "hidden size "
                       << xt.getDimSize(2);
    x = e.reshape(x, {xt.getDimSize(0), xt.getDimSize(1), heads,
                      xt.getDimSize(2) / heads});
  }
  if (!e.ok)
    return failure();
  auto t = c.typeOf(x);
  int64_t head = t.getDimSize(3);
  int64_t rot = c.getInt("rotary_embedding_dim", 0);
  if (rot == 0)
    rot = head;
  if (rot < 0 || rot > head || rot % 2)
    return c.error() << "rotary_embedding_dim " << rot
                     << " must be even and at most the head size " << head;
  if (pos) {
    cosC = e.op<graph::GatherOp>(cosC, pos, 0);
    sinC = e.op<graph::GatherOp>(sinC, pos, 0);
  }
  if (!e.ok)
    return failure();
  if (c.typeOf(cosC).getRank() != 3 ||
      c.typeOf(cosC).getDimSize(2) != rot / 2 ||
      c.typeOf(sinC).getShape() != c.typeOf(cosC).getShape())
    return c.error() << "the cos/sin caches must give [batch, seq, " << rot / 2
                     << "], got " << cosC.getType();
  cosC = e.op<graph::UnsqueezeOp>(cosC, ArrayRef<int64_t>{2});
  sinC = e.op<graph::UnsqueezeOp>(sinC, ArrayRef<int64_t>{2});
  bool interleaved = c.getInt("interleaved", 0) != 0;
  Value xr = rot == head ? x : e.slice(x, 3, 0, rot);
  Value x1 =
      interleaved ? e.slice(xr, 3, 0, rot, 2) : e.slice(xr, 3, 0, rot / 2);
  Value x2 =
      interleaved ? e.slice(xr, 3, 1, rot, 2) : e.slice(xr, 3, rot / 2, rot);
  Value real = e.sub(e.mul(cosC, x1), e.mul(sinC, x2));
  Value imag = e.add(e.mul(sinC, x1), e.mul(cosC, x2));
  Value rotated;
  if (interleaved) {
    Value pair = e.op<graph::ConcatOp>(
        ValueRange{e.op<graph::UnsqueezeOp>(real, ArrayRef<int64_t>{4}),
                   e.op<graph::UnsqueezeOp>(imag, ArrayRef<int64_t>{4})},
        4);
    if (!e.ok)
      return failure();
    rotated = e.reshape(
        pair, {t.getDimSize(0), t.getDimSize(1), t.getDimSize(2), rot});
  } else {
    rotated = e.op<graph::ConcatOp>(ValueRange{real, imag}, 3);
  }
  if (rot < head)
    rotated =
        e.op<graph::ConcatOp>(ValueRange{rotated, e.slice(x, 3, rot, head)}, 3);
  Value y = rank == 4 ? e.transpose(rotated, {0, 2, 1, 3})
                      : e.reshape(rotated, xt.getShape());
  return e.set(0, y);
}

//===----------------------------------------------------------------------===//
// Normalizations
//===----------------------------------------------------------------------===//

/// (x - mean) * rsqrt(var + eps) over `axes`, computed in `stash` (null:
/// x's type); gives the normalized value (in x's type), mean and inverse
/// standard deviation (both in the stash type, reduced dims kept).
struct Normalized {
  Value y, mean, invStd;
};
Normalized normalize(Emit &e, Value x, ArrayRef<int64_t> axes, double eps,
                     Type stash) {
  Type et = e.et(x);
  Value xs = stash ? e.cast(x, stash) : x;
  Type st = stash ? stash : et;
  Value mean = e.op<graph::ReduceMeanOp>(xs, axes, true);
  Value d = e.sub(xs, mean);
  Value var = e.op<graph::ReduceMeanOp>(e.mul(d, d), axes, true);
  Value inv = e.op<graph::RsqrtOp>(e.add(var, e.k(eps, st)));
  return {e.cast(e.mul(d, inv), et), mean, inv};
}

/// The stash type of GroupNormalization-21 for x.
FailureOr<Type> stashType(NodeContext &c, Type et) {
  int64_t s = c.getInt("stash_type", 1);
  Type st = convertDataType(int32_t(s), c.context());
  if (!st || !isa<FloatType>(st))
    return c.error() << "stash_type " << s << " is not a supported float type";
  // Statistics in a wider type than x; never narrower.
  if (st.getIntOrFloatBitWidth() < et.getIntOrFloatBitWidth())
    return Type(et);
  return st;
}

/// GroupNormalization: statistics over (C / G channels x spatial) per group;
/// scale and bias are per channel (-21) or per group (-18).
LogicalResult convertGroupNorm(NodeContext &c) {
  auto x = c.required(0), scale = c.required(1), bias = c.required(2);
  if (failed(x) || failed(scale) || failed(bias))
    return failure();
  if (failed(requireStatic(c, {0, 1, 2})))
    return failure();
  auto xt = c.typeOf(*x);
  int64_t rank = xt.getRank(), groups = c.getInt("num_groups", 0);
  if (rank < 3)
    return c.error() << "the input must have rank 3 or more, got " << xt;
  int64_t n = xt.getDimSize(0), ch = xt.getDimSize(1);
  if (groups <= 0 || ch % groups)
    return c.error() << "num_groups " << groups
                     << " must be positive and divide the channel count " << ch;
  Type stash = Type();
  if (c.version >= 21) {
    auto st = stashType(c, xt.getElementType());
    if (failed(st))
      return failure();
    stash = *st;
  }
  Emit e{c};
  Value g = e.reshape(*x, {n, groups, xt.getNumElements() / (n * groups)});
  Normalized nz = normalize(e, g, {2}, c.getFloat("epsilon", 1e-5f), stash);
  int64_t perParam = c.version >= 21 ? ch : groups;
  if (c.typeOf(*scale).getShape() != ArrayRef<int64_t>{perParam} ||
      c.typeOf(*bias).getShape() != ArrayRef<int64_t>{perParam})
    return c.error() << "scale and bias must have shape [" << perParam
                     << "] at this opset";
  Value y;
  if (c.version >= 21) {
    SmallVector<int64_t> cShape{ch};
    cShape.append(rank - 2, 1);
    y = e.reshape(nz.y, xt.getShape());
    y = e.add(e.mul(y, e.reshape(*scale, cShape)), e.reshape(*bias, cShape));
  } else {
    y = e.add(e.mul(nz.y, e.reshape(*scale, {groups, 1})),
              e.reshape(*bias, {groups, 1}));
    y = e.reshape(y, xt.getShape());
  }
  return e.set(0, y);
}

/// MeanVarianceNormalization: (x - mean) / (sqrt(var) + 1e-9) over axes.
LogicalResult convertMVN(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  int64_t rank = c.typeOf(*x).getRank();
  auto axes = c.normalizeAxes(
      c.getInts("axes").value_or(SmallVector<int64_t>{0, 2, 3}), rank, "axes");
  if (failed(axes))
    return failure();
  Emit e{c};
  Type et = e.et(*x);
  Value mean = e.op<graph::ReduceMeanOp>(*x, *axes, true);
  Value d = e.sub(*x, mean);
  Value var = e.op<graph::ReduceMeanOp>(e.mul(d, d), *axes, true);
  Value den = e.add(e.op<graph::SqrtOp>(var), e.k(1e-9, et));
  return e.set(0, e.div(d, den));
}

/// LRN: x / (bias + alpha / size * sum of x^2 over a channel window)^beta.
LogicalResult convertLRN(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto xt = c.typeOf(*x);
  int64_t rank = xt.getRank(), size = c.getInt("size", 0);
  if (rank < 3)
    return c.error() << "the input must have rank 3 or more, got " << xt;
  if (size <= 0)
    return c.error() << "size must be positive, got " << size;
  if (ShapedType::isDynamic(xt.getDimSize(1)))
    return c.error() << "the channel dim must be static";
  Emit e{c};
  Type et = xt.getElementType();
  int64_t before = (size - 1) / 2, after = size - 1 - before;
  int64_t ch = xt.getDimSize(1);
  SmallVector<int64_t> pads(2 * rank, 0);
  pads[1] = before, pads[rank + 1] = after;
  Value sq = e.op<graph::PadOp>(e.mul(*x, *x), pads, graph::PadMode::constant,
                                llvm::APFloat(0.0));
  Value sum;
  for (int64_t i = 0; i < size; ++i) {
    Value s = e.slice(sq, 1, i, i + ch);
    sum = sum ? e.add(sum, s) : s;
  }
  Value base = e.add(e.k(c.getFloat("bias", 1.0f), et),
                     e.mul(e.k(c.getFloat("alpha", 1e-4f) / size, et), sum));
  Value den = e.op<graph::PowOp>(base, e.k(c.getFloat("beta", 0.75f), et));
  return e.set(0, e.div(*x, den));
}

//===----------------------------------------------------------------------===//
// Data movement, Dropout
//===----------------------------------------------------------------------===//

/// CenterCropPad: one pad per axis, negative where it crops (the extra
/// element of an odd difference goes at the end, as the reference does).
LogicalResult convertCenterCropPad(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  auto shape = c.intsInput(1, "shape");
  if (failed(shape))
    return failure();
  auto xt = c.typeOf(*x);
  int64_t rank = xt.getRank();
  SmallVector<int64_t> axes = range(0, rank);
  if (auto a = c.getInts("axes")) {
    axes.clear();
    for (int64_t ax : *a) {
      auto n = c.normalizeAxis(ax, rank, "axis");
      if (failed(n))
        return failure();
      axes.push_back(*n);
    }
  }
  if (shape->size() != axes.size())
    return c.error() << "shape has " << shape->size() << " entries for "
                     << axes.size() << " axes";
  SmallVector<int64_t> pads(2 * rank, 0);
  for (auto [ax, want] : llvm::zip(axes, *shape)) {
    int64_t dim = xt.getDimSize(ax);
    if (ShapedType::isDynamic(dim))
      return c.error() << "dim " << ax << " must be static";
    if (want < 0)
      return c.error() << "shape entries must be >= 0, got " << want;
    int64_t d = want - dim, sign = d < 0 ? -1 : 1;
    d = std::abs(d);
    pads[ax] = sign * (d / 2);
    pads[ax + rank] = sign * (d - d / 2);
  }
  return c.setResultOrFail(c.create<graph::PadOp>(
      *x, pads, graph::PadMode::constant, llvm::APFloat(0.0)));
}

/// Dropout: the identity unless training with a non-zero ratio (random,
/// refused); the mask (output 1) is then all true.
LogicalResult convertDropout(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  bool training = false;
  if (c.version >= 12 && c.input(2)) {
    auto t = c.constantInput(2, "training_mode");
    if (failed(t))
      return failure();
    training = llvm::any_of(t->getValues<APInt>(),
                            [](const APInt &v) { return !v.isZero(); });
  }
  if (training) {
    double ratio = 0.5;
    if (c.input(1)) {
      auto r = c.constantInput(1, "ratio");
      if (failed(r))
        return failure();
      if (!isa<FloatType>(r->getElementType()) || r->getNumElements() != 1)
        return c.error() << "ratio must be a float scalar";
      ratio = (*r->getValues<APFloat>().begin()).convertToDouble();
    }
    if (ratio != 0)
      return c.error() << "training_mode = true with ratio " << ratio
                       << " is not supported (random dropout; Strata "
                          "compiles inference)";
  }
  c.setResult(0, *x);
  if (c.wantsOutput(1)) {
    auto t = c.typeOf(*x);
    auto bt =
        RankedTensorType::get(t.getShape(), IntegerType::get(c.context(), 1));
    if (!t.hasStaticShape())
      return c.error() << "the mask output needs a static shape";
    c.setResult(1, c.constant(DenseElementsAttr::get(bt, true)));
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Scans and indexing
//===----------------------------------------------------------------------===//

/// GatherND: the index tuples become linear indices into data flattened
/// over the batch and indexed dims, then one gather on axis 0.
LogicalResult convertGatherND(NodeContext &c) {
  auto data = c.required(0), indices = c.required(1);
  if (failed(data) || failed(indices))
    return failure();
  if (failed(requireStatic(c, {0, 1})))
    return failure();
  auto dt = c.typeOf(*data), it = c.typeOf(*indices);
  int64_t b = c.getInt("batch_dims", 0), qr = it.getRank();
  if (qr < 1 || !it.getElementType().isInteger(64))
    return c.error() << "indices must be an i64 tensor of rank >= 1, got "
                     << it;
  int64_t m = it.getDimSize(qr - 1);
  if (b < 0 || b >= qr || b + m > dt.getRank())
    return c.error() << "batch_dims " << b << " and index length " << m
                     << " do not fit data " << dt << " and indices " << it;
  for (int64_t i = 0; i < b; ++i)
    if (dt.getDimSize(i) != it.getDimSize(i))
      return c.error() << "batch dim " << i
                       << " differs between data and "
                          "indices";
  Emit e{c};
  Type i64 = it.getElementType();
  ArrayRef<int64_t> ds = dt.getShape();
  // Per-tuple-entry dims and strides over the m indexed dims.
  SmallVector<int64_t> dims(ds.begin() + b, ds.begin() + b + m), strides(m);
  int64_t block = 1;
  for (int64_t j = m - 1; j >= 0; --j)
    strides[j] = block, block *= dims[j];
  auto vec = [&](ArrayRef<int64_t> v) {
    return c.constant(DenseElementsAttr::get(
        RankedTensorType::get({int64_t(v.size())}, i64), v));
  };
  Value idx = *indices;
  // Negative entries count from the end of their dim.
  idx = e.select(e.cmp(K::lt, idx, e.k(0, i64)), e.add(idx, vec(dims)), idx);
  Value linear = e.op<graph::ReduceSumOp>(e.mul(idx, vec(strides)),
                                          ArrayRef<int64_t>{qr - 1}, false);
  int64_t batch = 1;
  for (int64_t i = 0; i < b; ++i)
    batch *= ds[i];
  if (b > 0) {
    // + (linear batch position) * block, broadcast over the tuple dims.
    SmallVector<int64_t> offShape(ds.begin(), ds.begin() + b), off;
    offShape.append(qr - 1 - b, 1);
    for (int64_t i = 0; i < batch; ++i)
      off.push_back(i * block);
    linear = e.add(linear,
                   c.constant(DenseElementsAttr::get(
                       RankedTensorType::get(offShape, i64), ArrayRef(off))));
  }
  SmallVector<int64_t> flat{batch * block};
  flat.append(ds.begin() + b + m, ds.end());
  Value y = e.op<graph::GatherOp>(e.reshape(*data, flat), linear, 0);
  return e.set(0, y);
}

/// Einsum: per operand, repeated labels become diagonals (a select by an
/// identity mask and a sum) and labels used nowhere else are summed; one
/// operand is then transposed, two are contracted by one batched matmul
/// ([batch, m, k] x [batch, k, n]) and the result put in output order.
struct Term {
  Value v;
  SmallVector<int> labels; // one per dim: a letter, or 256+ for "..." dims
};

LogicalResult convertEinsum(NodeContext &c) {
  std::string eq;
  for (char ch : c.getString("equation", ""))
    if (ch != ' ')
      eq += ch;
  size_t arrow = eq.find("->");
  std::string lhs = eq.substr(0, arrow);
  SmallVector<std::string> specs;
  for (StringRef part : llvm::split(StringRef(lhs), ','))
    specs.push_back(part.str());
  if (specs.size() != c.numInputs() || specs.size() > 2 || specs.empty())
    return c.error() << "equation '" << eq << "' has " << specs.size()
                     << " operands for " << c.numInputs()
                     << " inputs (Strata supports one or two)";
  if (failed(requireStatic(c, {0, 1})))
    return failure();
  // Parse each operand's labels; "..." dims are right-aligned across
  // operands as in numpy.
  SmallVector<Term> terms;
  int ellipsis = 0;
  SmallVector<int> ellipsisCount;
  for (auto [i, spec] : llvm::enumerate(specs)) {
    auto v = c.required(i);
    if (failed(v))
      return failure();
    int64_t rank = c.typeOf(*v).getRank();
    size_t dots = spec.find("...");
    int letters = int(spec.size()) - (dots == std::string::npos ? 0 : 3);
    int e = dots == std::string::npos ? 0 : int(rank) - letters;
    if (e < 0 || (dots == std::string::npos && letters != rank))
      return c.error() << "operand " << i << " '" << spec
                       << "' does not match its rank " << rank;
    ellipsis = std::max(ellipsis, e);
    ellipsisCount.push_back(e);
    terms.push_back({*v, {}});
  }
  auto parse = [&](StringRef spec, int e,
                   SmallVector<int> &out) -> LogicalResult {
    for (size_t p = 0; p < spec.size(); ++p) {
      if (spec.substr(p).starts_with("...")) {
        for (int j = 0; j < e; ++j)
          out.push_back(256 + ellipsis - e + j);
        p += 2;
      } else if (llvm::isAlpha(spec[p])) {
        out.push_back(spec[p]);
      } else {
        return c.error() << "equation '" << eq << "' has '" << spec[p]
                         << "', not a letter";
      }
    }
    return success();
  };
  for (auto [i, spec] : llvm::enumerate(specs))
    if (failed(parse(spec, ellipsisCount[i], terms[i].labels)))
      return failure();
  SmallVector<int> out;
  llvm::DenseMap<int, int> uses;
  for (Term &t : terms)
    for (int l : t.labels)
      ++uses[l];
  if (arrow != std::string::npos) {
    if (failed(parse(StringRef(eq).substr(arrow + 2), ellipsis, out)))
      return failure();
  } else {
    for (int j = 0; j < ellipsis; ++j)
      out.push_back(256 + j);
    SmallVector<int> once;
    for (auto &[l, n] : uses)
      if (l < 256 && n == 1)
        once.push_back(l);
    llvm::sort(once);
    out.append(once);
  }
  Emit e{c};
  // Diagonals, then sums of labels used by no other operand nor the output.
  for (auto [ti, t] : llvm::enumerate(terms)) {
    for (;;) {
      int p = -1, q = -1;
      for (int a = 0; a < int(t.labels.size()) && p < 0; ++a)
        for (int b = a + 1; b < int(t.labels.size()); ++b)
          if (t.labels[a] == t.labels[b]) {
            p = a, q = b;
            break;
          }
      if (p < 0)
        break;
      auto tt = c.typeOf(t.v);
      int64_t n = tt.getDimSize(p);
      if (tt.getDimSize(q) != n)
        return c.error() << "label '" << char(t.labels[p])
                         << "' has different sizes in operand " << ti;
      SmallVector<int64_t> eyeShape(tt.getRank(), 1);
      eyeShape[p] = eyeShape[q] = n;
      SmallVector<bool> eye;
      for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < n; ++j)
          eye.push_back(i == j);
      Value mask = c.constant(DenseElementsAttr::get(
          RankedTensorType::get(eyeShape, IntegerType::get(c.context(), 1)),
          ArrayRef(eye)));
      t.v = e.op<graph::ReduceSumOp>(
          e.select(mask, t.v, e.k(0, tt.getElementType())),
          ArrayRef<int64_t>{q}, false);
      t.labels.erase(t.labels.begin() + q);
      --uses[t.labels[p]];
      if (!e.ok)
        return failure();
    }
    SmallVector<int64_t> lone;
    SmallVector<int> kept;
    for (auto [d, l] : llvm::enumerate(t.labels)) {
      if (uses[l] == 1 && !llvm::is_contained(out, l))
        lone.push_back(d);
      else
        kept.push_back(l);
    }
    if (!lone.empty()) {
      t.v = e.op<graph::ReduceSumOp>(t.v, lone, false);
      t.labels = kept;
    }
  }
  if (!e.ok)
    return failure();
  auto dimOf = [&](int l) -> int64_t {
    for (Term &t : terms)
      for (auto [d, tl] : llvm::enumerate(t.labels))
        if (tl == l)
          return c.typeOf(t.v).getDimSize(d);
    return -1;
  };
  for (int l : out)
    if (dimOf(l) < 0)
      return c.error() << "output label '" << char(l)
                       << "' is not in any operand";
  // Permutes `t` to `order` (a permutation of its labels).
  auto permute = [&](Term &t, ArrayRef<int> order) {
    SmallVector<int64_t> perm;
    for (int l : order)
      perm.push_back(llvm::find(t.labels, l) - t.labels.begin());
    if (!llvm::equal(perm, range(0, perm.size())))
      t.v = e.transpose(t.v, perm);
    t.labels.assign(order.begin(), order.end());
  };
  Term r;
  if (terms.size() == 1) {
    r = terms[0];
  } else {
    Term &a = terms[0], &b = terms[1];
    SmallVector<int> batch, ms, ns, ks;
    for (int l : a.labels) {
      bool inB = llvm::is_contained(b.labels, l);
      bool inOut = llvm::is_contained(out, l);
      (inB ? (inOut ? batch : ks) : ms).push_back(l);
    }
    for (int l : b.labels)
      if (!llvm::is_contained(a.labels, l))
        ns.push_back(l);
    auto sizeOf = [&](Term &t, int l) {
      return c.typeOf(t.v).getDimSize(llvm::find(t.labels, l) -
                                      t.labels.begin());
    };
    for (int l : llvm::concat<int>(batch, ks))
      if (sizeOf(a, l) != sizeOf(b, l))
        return c.error() << "label '" << (l < 256 ? char(l) : '.')
                         << "' has sizes " << sizeOf(a, l) << " and "
                         << sizeOf(b, l)
                         << " (broadcasting in einsum is not supported)";
    auto prod = [&](ArrayRef<int> ls) {
      int64_t p = 1;
      for (int l : ls)
        p *= dimOf(l);
      return p;
    };
    SmallVector<int> aOrder(batch), bOrder(batch);
    aOrder.append(ms), aOrder.append(ks);
    bOrder.append(ks), bOrder.append(ns);
    permute(a, aOrder);
    permute(b, bOrder);
    Value mm = e.op<graph::MatMulOp>(
        e.reshape(a.v, {prod(batch), prod(ms), prod(ks)}),
        e.reshape(b.v, {prod(batch), prod(ks), prod(ns)}));
    SmallVector<int> labels(batch);
    labels.append(ms), labels.append(ns);
    SmallVector<int64_t> shape;
    for (int l : labels)
      shape.push_back(dimOf(l));
    r = {e.reshape(mm, shape), labels};
  }
  if (!e.ok)
    return failure();
  if (r.labels.size() != out.size())
    return c.error() << "equation '" << eq << "' is not supported";
  permute(r, out);
  return e.set(0, r.v);
}

/// ReverseSequence: per batch entry, the first sequence_lens[b] steps in
/// reverse order, as a gather_elements along the time axis with indices
/// t < len ? len - 1 - t : t.
LogicalResult convertReverseSequence(NodeContext &c) {
  auto x = c.required(0), lens = c.required(1);
  if (failed(x) || failed(lens))
    return failure();
  if (failed(requireStatic(c, {0, 1})))
    return failure();
  auto xt = c.typeOf(*x);
  int64_t rank = xt.getRank();
  int64_t tAxis = c.getInt("time_axis", 0), bAxis = c.getInt("batch_axis", 1);
  if (rank < 2 || !((tAxis == 0 && bAxis == 1) || (tAxis == 1 && bAxis == 0)))
    return c.error() << "time_axis and batch_axis must be 0 and 1 (either "
                        "way) on an input of rank 2 or more";
  int64_t steps = xt.getDimSize(tAxis), batch = xt.getDimSize(bAxis);
  auto lt = c.typeOf(*lens);
  if (lt.getShape() != ArrayRef<int64_t>{batch} ||
      !lt.getElementType().isInteger(64))
    return c.error() << "sequence_lens must be i64 of shape [" << batch
                     << "], got " << lt;
  Emit e{c};
  Type i64 = lt.getElementType();
  SmallVector<int64_t> tShape(rank, 1), bShape(rank, 1);
  tShape[tAxis] = steps;
  bShape[bAxis] = batch;
  Value t = c.constant(DenseElementsAttr::get(
      RankedTensorType::get(tShape, i64), ArrayRef(range(0, steps))));
  Value l = e.reshape(*lens, bShape);
  Value rev = e.sub(e.sub(l, e.k(1, i64)), t);
  Value idx = e.select(e.cmp(K::lt, t, l), rev, t);
  if (!e.ok)
    return failure();
  idx = e.broadcastTo(idx, xt.getShape());
  return e.set(0, e.op<graph::GatherElementsOp>(*x, idx, tAxis));
}

} // namespace

void strata::onnx::registerCompositeOps(llvm::StringMap<OpInfo> &ops) {
  ops["NegativeLogLikelihoodLoss"] = {{12, 13, 22}, 12, convertNLLLoss};
  ops["SoftmaxCrossEntropyLoss"] = {{12, 13}, 12, convertSCELoss};
  ops["Attention"] = {{23, 24}, 23, convertAttention};
  ops["RotaryEmbedding"] = {{23}, 23, convertRotaryEmbedding};
  // GroupNormalization-18 has per-group scale and bias, -21 per-channel
  // ones and stash_type.
  ops["GroupNormalization"] = {{18, 21}, 18, convertGroupNorm};
  ops["MeanVarianceNormalization"] = {{1, 9, 13}, 9, convertMVN};
  ops["LRN"] = {{1, 13}, 1, convertLRN};
  ops["CenterCropPad"] = {{18}, 18, convertCenterCropPad};
  ops["Dropout"] = {{1, 6, 7, 10, 12, 13, 22}, 7, convertDropout};
  ops["GatherND"] = {{11, 12, 13}, 11, convertGatherND};
  ops["Einsum"] = {{12}, 12, convertEinsum};
  ops["ReverseSequence"] = {{10}, 10, convertReverseSequence};
}
