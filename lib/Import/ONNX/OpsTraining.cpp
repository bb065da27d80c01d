//===- OpsTraining.cpp - ai.onnx.preview.training optimizers -------------===//
//
// Adagrad, Momentum and Adam: one optimizer step, elementwise over any
// number of tensors, decomposed into graph ops.
//
//===----------------------------------------------------------------------===//

#include "Compose.h"

#include <cmath>

using namespace mlir;
using namespace strata::onnx;
namespace graph = strata::graph;

namespace {

using K = graph::CompareKind;

//===----------------------------------------------------------------------===//
// ai.onnx.preview.training optimizers (one step, elementwise)
//===----------------------------------------------------------------------===//

/// Inputs R (learning rate), T (step count), then per tensor groups laid
/// out as [X1..Xn, G1..Gn, S1..Sn, ...]; `per` state tensors per X.
/// `step` computes the outputs of one X from its group.
using OptimizerStep = std::function<SmallVector<Value>(Emit &, Value r, Value t,
                                                       ArrayRef<Value> group)>;
Converter optimizer(unsigned per, OptimizerStep step) {
  return [=](NodeContext &c) -> LogicalResult {
    size_t n = c.numInputs();
    if (n < 2 || (n - 2) % (per + 2))
      return c.error() << "expected R, T and groups of " << per + 2
                       << " inputs per optimized tensor, got " << n
                       << " inputs";
    size_t count = (n - 2) / (per + 2);
    SmallVector<Value> in;
    for (size_t i = 0; i < n; ++i) {
      auto v = c.required(i);
      if (failed(v))
        return failure();
      in.push_back(*v);
    }
    Emit e{c};
    Type et = e.et(in[2]);
    if (!isa<FloatType>(et))
      return c.error() << "the optimized tensors must be floats";
    // R and T are scalars; T is an integer step count.
    Value r = e.cast(in[0], et), t = e.cast(in[1], et);
    SmallVector<Value> outs(count * (per + 1));
    for (size_t i = 0; i < count; ++i) {
      SmallVector<Value> group;
      for (size_t j = 0; j < per + 2; ++j)
        group.push_back(in[2 + j * count + i]);
      SmallVector<Value> res = step(e, r, t, group);
      if (!e.ok)
        return failure();
      for (size_t j = 0; j < res.size(); ++j)
        outs[j * count + i] = res[j];
    }
    for (auto [i, v] : llvm::enumerate(outs))
      c.setResult(i, v);
    return success();
  };
}

Converter adagrad() {
  return optimizer(
      1,
      [](Emit &e, Value r, Value t, ArrayRef<Value> g) -> SmallVector<Value> {
        NodeContext &c = e.c;
        Value x = g[0], grad = g[1], h = g[2];
        Type et = e.et(x);
        float decay = c.getFloat("decay_factor", 0.0f);
        float eps = c.getFloat("epsilon", 1e-6f);
        float norm = c.getFloat("norm_coefficient", 0.0f);
        // r_ = R / (1 + T * decay); g_ = norm * X + G; H' = H + g_^2;
        // X' = X - r_ * g_ / (sqrt(H') + eps).
        Value rr = e.div(r, e.add(e.k(1, et), e.mul(t, e.k(decay, et))));
        Value gr = e.add(e.mul(e.k(norm, et), x), grad);
        Value hn = e.add(h, e.mul(gr, gr));
        Value xn = e.sub(x, e.div(e.mul(rr, gr), e.add(e.op<graph::SqrtOp>(hn),
                                                       e.k(eps, et))));
        return {xn, hn};
      });
}

Converter momentum() {
  return optimizer(
      1,
      [](Emit &e, Value r, Value t, ArrayRef<Value> g) -> SmallVector<Value> {
        NodeContext &c = e.c;
        Value x = g[0], grad = g[1], v = g[2];
        Type et = e.et(x);
        float alpha = c.getFloat("alpha", 0.0f),
              beta = c.getFloat("beta", 0.0f);
        float norm = c.getFloat("norm_coefficient", 0.0f);
        std::string mode = c.getString("mode", "standard");
        if (mode != "standard" && mode != "nesterov") {
          e.fail() << "mode '" << mode << "' is not standard or nesterov";
          return {};
        }
        // g_ = norm * X + G; beta_ = T > 0 ? beta : 1; V' = alpha * V + beta_ *
        // g_.
        Value gr = e.add(e.mul(e.k(norm, et), x), grad);
        Value betaT =
            e.select(e.cmp(K::gt, t, e.k(0, et)), e.k(beta, et), e.k(1, et));
        Value vn = e.add(e.mul(e.k(alpha, et), v), e.mul(betaT, gr));
        Value upd =
            mode == "standard" ? vn : e.add(gr, e.mul(e.k(alpha, et), vn));
        return {e.sub(x, e.mul(r, upd)), vn};
      });
}

Converter adam() {
  return optimizer(
      2,
      [](Emit &e, Value r, Value t, ArrayRef<Value> g) -> SmallVector<Value> {
        NodeContext &c = e.c;
        Value x = g[0], grad = g[1], v = g[2], h = g[3];
        Type et = e.et(x);
        float alpha = c.getFloat("alpha", 0.9f),
              beta = c.getFloat("beta", 0.999f);
        float eps = c.getFloat("epsilon", 1e-6f);
        float norm = c.getFloat("norm_coefficient", 0.0f);
        float normPost = c.getFloat("norm_coefficient_post", 0.0f);
        // g_ = norm * X + G; V' = alpha V + (1 - alpha) g_;
        // H' = beta H + (1 - beta) g_^2; r_ = T > 0 ?
        // R sqrt(1 - beta^T) / (1 - alpha^T) : R;
        // X' = (1 - norm_post) (X - r_ V' / (sqrt(H') + eps)).
        Value gr = e.add(e.mul(e.k(norm, et), x), grad);
        Value vn =
            e.add(e.mul(e.k(alpha, et), v), e.mul(e.k(1 - alpha, et), gr));
        Value hn = e.add(e.mul(e.k(beta, et), h),
                         e.mul(e.k(1 - beta, et), e.mul(gr, gr)));
        Value powA = e.op<graph::PowOp>(e.k(alpha, et), t);
        Value powB = e.op<graph::PowOp>(e.k(beta, et), t);
        Value corrected =
            e.div(e.mul(r, e.op<graph::SqrtOp>(e.sub(e.k(1, et), powB))),
                  e.sub(e.k(1, et), powA));
        Value rr = e.select(e.cmp(K::gt, t, e.k(0, et)), corrected, r);
        Value xn = e.sub(x, e.div(e.mul(rr, vn), e.add(e.op<graph::SqrtOp>(hn),
                                                       e.k(eps, et))));
        xn = e.mul(e.k(1 - normPost, et), xn);
        return {xn, vn, hn};
      });
}

} // namespace

void strata::onnx::registerTrainingOps(llvm::StringMap<OpInfo> &ops) {
  ops["Adagrad"] = {{1}, 1, adagrad()};
  ops["Momentum"] = {{1}, 1, momentum()};
  ops["Adam"] = {{1}, 1, adam()};
}
