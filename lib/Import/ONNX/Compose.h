//===- Compose.h - helpers for ONNX ops decomposed into graph ops --------===//
//
// The chain builder and small utilities shared by the converters that
// decompose a node into several graph ops (OpsComposite.cpp, OpsSignal.cpp,
// OpsTraining.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_LIB_IMPORT_ONNX_COMPOSE_H
#define STRATA_LIB_IMPORT_ONNX_COMPOSE_H

#include "ImporterImpl.h"

namespace strata::onnx {

/// Builds graph ops at the node; after the first failure (already reported
/// at the node) every further step yields a null value and creates nothing.
struct Emit {
  using K = strata::graph::CompareKind;
  NodeContext &c;
  bool ok = true;

  template <typename OpTy, typename... Args> mlir::Value op(Args &&...args) {
    if (!ok)
      return {};
    auto r = c.create<OpTy>(std::forward<Args>(args)...);
    if (mlir::failed(r)) {
      ok = false;
      return {};
    }
    return *r;
  }
  /// Stops the chain with a located error.
  mlir::InFlightDiagnostic fail() {
    ok = false;
    return c.error();
  }
  mlir::RankedTensorType type(mlir::Value v) { return c.typeOf(v); }
  mlir::Type et(mlir::Value v) { return c.typeOf(v).getElementType(); }
  mlir::Value k(double v, mlir::Type et) {
    return ok ? c.scalar(v, et) : mlir::Value();
  }
  mlir::Value add(mlir::Value a, mlir::Value b) {
    return op<strata::graph::AddOp>(a, b);
  }
  mlir::Value sub(mlir::Value a, mlir::Value b) {
    return op<strata::graph::SubOp>(a, b);
  }
  mlir::Value mul(mlir::Value a, mlir::Value b) {
    return op<strata::graph::MulOp>(a, b);
  }
  mlir::Value div(mlir::Value a, mlir::Value b) {
    return op<strata::graph::DivOp>(a, b);
  }
  mlir::Value cmp(K kind, mlir::Value a, mlir::Value b) {
    return op<strata::graph::CompareOp>(kind, a, b);
  }
  mlir::Value select(mlir::Value cnd, mlir::Value a, mlir::Value b) {
    return op<strata::graph::SelectOp>(cnd, a, b);
  }
  mlir::Value reshape(mlir::Value v, llvm::ArrayRef<int64_t> shape) {
    if (!ok)
      return {};
    if (type(v).getShape() == shape)
      return v;
    return c.createTyped<strata::graph::ReshapeOp>(type(v).clone(shape), v);
  }
  mlir::Value cast(mlir::Value v, mlir::Type to) {
    if (!ok)
      return {};
    if (et(v) == to)
      return v;
    return c.createTyped<strata::graph::CastOp>(type(v).clone(to), v);
  }
  mlir::Value broadcastTo(mlir::Value v, llvm::ArrayRef<int64_t> shape) {
    if (!ok)
      return {};
    if (type(v).getShape() == shape)
      return v;
    return c.createTyped<strata::graph::BroadcastToOp>(type(v).clone(shape), v);
  }
  mlir::Value transpose(mlir::Value v, llvm::ArrayRef<int64_t> perm) {
    if (!ok)
      return {};
    if (llvm::equal(perm, llvm::seq<int64_t>(0, int64_t(perm.size()))))
      return v;
    return op<strata::graph::TransposeOp>(v, perm);
  }
  /// input[.., start:end:step, ..] along one axis.
  mlir::Value slice(mlir::Value v, int64_t axis, int64_t start, int64_t end,
                    int64_t step = 1) {
    if (!ok)
      return {};
    int64_t rank = type(v).getRank();
    llvm::SmallVector<int64_t> starts(rank, 0), ends(rank, INT64_MAX),
        steps(rank, 1);
    starts[axis] = start, ends[axis] = end, steps[axis] = step;
    return op<strata::graph::SliceOp>(v, starts, ends, steps);
  }
  mlir::Value sumAll(mlir::Value v, bool keep = false) {
    if (!ok)
      return {};
    llvm::SmallVector<int64_t> axes;
    for (int64_t i = 0; i < type(v).getRank(); ++i)
      axes.push_back(i);
    return op<strata::graph::ReduceSumOp>(v, axes, keep);
  }
  /// Result i of the node, failing the chain's value.
  mlir::LogicalResult set(size_t i, mlir::Value v) {
    if (!ok || !v)
      return mlir::failure();
    c.setResult(i, v);
    return mlir::success();
  }
};

inline llvm::SmallVector<int64_t> range(int64_t from, int64_t to) {
  llvm::SmallVector<int64_t> out;
  for (int64_t i = from; i < to; ++i)
    out.push_back(i);
  return out;
}

/// Requires every input in `idx` to be present with a static shape.
inline mlir::LogicalResult requireStatic(NodeContext &c,
                                         llvm::ArrayRef<size_t> idx) {
  for (size_t i : idx) {
    mlir::Value v = c.input(i);
    if (!v)
      continue;
    if (!c.typeOf(v).hasStaticShape())
      return c.error() << "input #" << i << " '" << c.inputName(i)
                       << "' must have a static shape, got " << v.getType();
  }
  return mlir::success();
}

/// A float constant of `shape` and float type `et` from doubles.
inline mlir::Value floatConstant(NodeContext &c, llvm::ArrayRef<int64_t> shape,
                                 mlir::Type et, llvm::ArrayRef<double> data) {
  auto ft = llvm::cast<mlir::FloatType>(et);
  llvm::SmallVector<llvm::APFloat> vals;
  for (double d : data) {
    llvm::APFloat v(d);
    bool lost;
    v.convert(ft.getFloatSemantics(), llvm::APFloat::rmNearestTiesToEven,
              &lost);
    vals.push_back(v);
  }
  return c.constant(mlir::DenseElementsAttr::get(
      mlir::RankedTensorType::get(shape, et), vals));
}

} // namespace strata::onnx

#endif // STRATA_LIB_IMPORT_ONNX_COMPOSE_H
