//===- GraphOps.cpp - graph dialect (L1) type inference and verifiers -----===//
//
// Result-type inference and verification for graph ops. Every shape rule is
// a call into ShapeInference.h; this file only adapts types and diagnostics.
//
//===----------------------------------------------------------------------===//

#include "dialects/Graph/IR/GraphOps.h"
#include "dialects/Graph/IR/ShapeInference.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace strata::graph;
namespace shp = strata::graph::shape;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Emits "'graph.x' op <msg>" at `loc` (when given) and fails.
static LogicalResult inferError(std::optional<Location> loc, StringRef opName,
                                const Twine &msg) {
  return emitOptionalError(loc, "'", opName, "' op ", msg.str());
}

static std::string typeStr(Type t) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << t;
  return s;
}

static RankedTensorType ranked(Value v) {
  return v ? dyn_cast<RankedTensorType>(v.getType()) : RankedTensorType();
}

/// Fetches ranked tensor types of `values`, or reports which one is not.
static LogicalResult getRanked(std::optional<Location> loc, StringRef opName,
                               ValueRange values,
                               SmallVectorImpl<RankedTensorType> &types) {
  for (auto [i, v] : llvm::enumerate(values)) {
    auto t = ranked(v);
    if (!t)
      return inferError(loc, opName,
                        "operand #" + Twine(i) + " must be a ranked tensor");
    types.push_back(t);
  }
  return success();
}

static LogicalResult pushResult(SmallVectorImpl<Type> &results,
                                ArrayRef<int64_t> shape, Type elementType) {
  results.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

/// Result types are compatible when they have the same element type and
/// shapes that can describe the same runtime shape: a stated type may be more
/// static than the inferred one.
static bool compatibleTypes(TypeRange inferred, TypeRange actual) {
  if (inferred.size() != actual.size())
    return false;
  for (auto [a, b] : llvm::zip_equal(inferred, actual)) {
    auto ta = dyn_cast<RankedTensorType>(a);
    auto tb = dyn_cast<RankedTensorType>(b);
    if (!ta || !tb || ta.getElementType() != tb.getElementType() ||
        !shp::compatible(ta.getShape(), tb.getShape()))
      return false;
  }
  return true;
}

#define GRAPH_COMPATIBLE_RETURN_TYPES(OP)                                      \
  bool OP::isCompatibleReturnTypes(TypeRange l, TypeRange r) {                 \
    return compatibleTypes(l, r);                                              \
  }

/// Broadcasts the shapes of all `operands` together (numpy rules).
static LogicalResult inferBroadcast(std::optional<Location> loc,
                                    StringRef opName, ValueRange operands,
                                    Type elementType,
                                    SmallVectorImpl<Type> &results) {
  SmallVector<RankedTensorType> types;
  if (failed(getRanked(loc, opName, operands, types)))
    return failure();
  shp::Shape shape(types[0].getShape());
  for (RankedTensorType t : ArrayRef(types).drop_front()) {
    shp::Shape next;
    std::string err;
    if (failed(shp::broadcast(shape, t.getShape(), next, err)))
      return inferError(loc, opName, err);
    shape = next;
  }
  return pushResult(results, shape,
                    elementType ? elementType : types[0].getElementType());
}

//===----------------------------------------------------------------------===//
// constant
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &results) {
  Adaptor adaptor(operands, attributes, properties, regions);
  auto value = adaptor.getValueAttr();
  if (!value)
    return inferError(loc, getOperationName(), "requires a 'value' attribute");
  results.push_back(value.getType());
  return success();
}

LogicalResult ConstantOp::verify() {
  if (getValue().getType() != getType())
    return emitOpError("value type ")
           << getValue().getType() << " differs from result type " << getType();
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise binary, compare, select
//===----------------------------------------------------------------------===//

#define GRAPH_BINARY_INFER(OP)                                                 \
  LogicalResult OP::inferReturnTypes(MLIRContext *,                            \
                                     std::optional<Location> loc, Adaptor a,   \
                                     SmallVectorImpl<Type> &results) {         \
    return inferBroadcast(loc, getOperationName(), {a.getLhs(), a.getRhs()},   \
                          Type(), results);                                    \
  }                                                                            \
  GRAPH_COMPATIBLE_RETURN_TYPES(OP)

GRAPH_BINARY_INFER(AddOp)
GRAPH_BINARY_INFER(SubOp)
GRAPH_BINARY_INFER(MulOp)
GRAPH_BINARY_INFER(DivOp)
GRAPH_BINARY_INFER(PowOp)
GRAPH_BINARY_INFER(MaxOp)
GRAPH_BINARY_INFER(MinOp)
GRAPH_BINARY_INFER(RemOp)
GRAPH_BINARY_INFER(BitwiseAndOp)
GRAPH_BINARY_INFER(BitwiseOrOp)
GRAPH_BINARY_INFER(BitwiseXorOp)
GRAPH_BINARY_INFER(ShiftLeftOp)
GRAPH_BINARY_INFER(ShiftRightOp)
#undef GRAPH_BINARY_INFER

LogicalResult CompareOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> loc,
                                          Adaptor a,
                                          SmallVectorImpl<Type> &results) {
  return inferBroadcast(loc, getOperationName(), {a.getLhs(), a.getRhs()},
                        IntegerType::get(context, 1), results);
}
GRAPH_COMPATIBLE_RETURN_TYPES(CompareOp)

LogicalResult SelectOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor a,
                                         SmallVectorImpl<Type> &results) {
  auto t = ranked(a.getTrueValue());
  if (!t)
    return inferError(loc, getOperationName(),
                      "true_value must be a ranked tensor");
  return inferBroadcast(loc, getOperationName(),
                        {a.getCond(), a.getTrueValue(), a.getFalseValue()},
                        t.getElementType(), results);
}
GRAPH_COMPATIBLE_RETURN_TYPES(SelectOp)

LogicalResult CastOp::verify() {
  auto in = getInput().getType(), out = getResult().getType();
  if (!shp::compatible(in.getShape(), out.getShape()))
    return emitOpError("cannot change the shape: ")
           << in << " vs " << out << " (cast converts element types only)";
  return success();
}

//===----------------------------------------------------------------------===//
// Contractions and windows
//===----------------------------------------------------------------------===//

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor a,
                                         SmallVectorImpl<Type> &results) {
  SmallVector<RankedTensorType> t;
  if (failed(getRanked(loc, getOperationName(), {a.getLhs(), a.getRhs()}, t)))
    return failure();
  shp::Shape shape;
  std::string err;
  if (failed(shp::matmul(t[0].getShape(), t[1].getShape(), shape, err)))
    return inferError(loc, getOperationName(), err);
  return pushResult(results, shape, t[0].getElementType());
}
GRAPH_COMPATIBLE_RETURN_TYPES(MatMulOp)

LogicalResult GemmOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc, Adaptor a,
                                       SmallVectorImpl<Type> &results) {
  SmallVector<RankedTensorType> t;
  if (failed(getRanked(loc, getOperationName(), {a.getA(), a.getB()}, t)))
    return failure();
  shp::Shape shape;
  std::string err;
  if (failed(shp::gemm(t[0].getShape(), t[1].getShape(), a.getTransA(),
                       a.getTransB(), shape, err)))
    return inferError(loc, getOperationName(), err);
  if (Value c = a.getC()) {
    auto ct = ranked(c);
    if (!ct)
      return inferError(loc, getOperationName(), "C must be a ranked tensor");
    if (failed(shp::broadcastTo(ct.getShape(), shape, err)))
      return inferError(loc, getOperationName(), "C: " + err);
  }
  return pushResult(results, shape, t[0].getElementType());
}
GRAPH_COMPATIBLE_RETURN_TYPES(GemmOp)

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor a,
                                         SmallVectorImpl<Type> &results) {
  SmallVector<RankedTensorType> t;
  if (failed(getRanked(loc, getOperationName(), {a.getInput(), a.getFilter()},
                       t)))
    return failure();
  shp::Shape shape;
  std::string err;
  if (failed(shp::conv2d(t[0].getShape(), t[1].getShape(), a.getStrides(),
                         a.getPads(), a.getDilations(), a.getGroups(), shape,
                         err)))
    return inferError(loc, getOperationName(), err);
  if (Value bias = a.getBias()) {
    auto bt = ranked(bias);
    int64_t f = t[1].getDimSize(0);
    if (!bt || bt.getRank() != 1 ||
        !shp::compatible(bt.getShape(), ArrayRef<int64_t>{f}))
      return inferError(loc, getOperationName(),
                        "bias must have shape [" +
                            shp::toString(ArrayRef<int64_t>{f}) +
                            "] (one value per filter)");
  }
  return pushResult(results, shape, t[0].getElementType());
}
GRAPH_COMPATIBLE_RETURN_TYPES(Conv2DOp)

LogicalResult MaxPool2DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor a,
                                            SmallVectorImpl<Type> &results) {
  auto t = ranked(a.getInput());
  if (!t)
    return inferError(loc, getOperationName(), "input must be ranked");
  shp::Shape shape;
  std::string err;
  if (failed(shp::pool2d(t.getShape(), a.getKernelShape(), a.getStrides(),
                         a.getPads(), a.getDilations(), a.getCeilMode(), shape,
                         err)))
    return inferError(loc, getOperationName(), err);
  return pushResult(results, shape, t.getElementType());
}
GRAPH_COMPATIBLE_RETURN_TYPES(MaxPool2DOp)

LogicalResult AvgPool2DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor a,
                                            SmallVectorImpl<Type> &results) {
  auto t = ranked(a.getInput());
  if (!t)
    return inferError(loc, getOperationName(), "input must be ranked");
  shp::Shape shape;
  std::string err;
  if (failed(shp::pool2d(t.getShape(), a.getKernelShape(), a.getStrides(),
                         a.getPads(), {1, 1}, a.getCeilMode(), shape, err)))
    return inferError(loc, getOperationName(), err);
  return pushResult(results, shape, t.getElementType());
}
GRAPH_COMPATIBLE_RETURN_TYPES(AvgPool2DOp)

static LogicalResult inferGlobalPool(std::optional<Location> loc,
                                     StringRef opName, Value input,
                                     SmallVectorImpl<Type> &results) {
  auto t = ranked(input);
  if (!t || t.getRank() < 3)
    return inferError(loc, opName,
                      "input must have rank >= 3 ([N, C, spatial...])");
  shp::Shape shape(t.getShape());
  for (int64_t i = 2; i < t.getRank(); ++i)
    shape[i] = 1;
  return pushResult(results, shape, t.getElementType());
}

LogicalResult GlobalMaxPoolOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor a,
    SmallVectorImpl<Type> &results) {
  return inferGlobalPool(loc, getOperationName(), a.getInput(), results);
}
GRAPH_COMPATIBLE_RETURN_TYPES(GlobalMaxPoolOp)

LogicalResult GlobalAvgPoolOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor a,
    SmallVectorImpl<Type> &results) {
  return inferGlobalPool(loc, getOperationName(), a.getInput(), results);
}
GRAPH_COMPATIBLE_RETURN_TYPES(GlobalAvgPoolOp)

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

#define GRAPH_REDUCE_INFER(OP)                                                 \
  LogicalResult OP::inferReturnTypes(MLIRContext *,                            \
                                     std::optional<Location> loc, Adaptor a,   \
                                     SmallVectorImpl<Type> &results) {         \
    auto t = ranked(a.getInput());                                             \
    if (!t)                                                                    \
      return inferError(loc, getOperationName(), "input must be ranked");      \
    shp::Shape shape;                                                          \
    std::string err;                                                           \
    if (failed(shp::reduce(t.getShape(), a.getAxes(), a.getKeepdims(), shape,  \
                           err)))                                              \
      return inferError(loc, getOperationName(), err);                         \
    return pushResult(results, shape, t.getElementType());                     \
  }                                                                            \
  GRAPH_COMPATIBLE_RETURN_TYPES(OP)

GRAPH_REDUCE_INFER(ReduceSumOp)
GRAPH_REDUCE_INFER(ReduceMeanOp)
GRAPH_REDUCE_INFER(ReduceMaxOp)
GRAPH_REDUCE_INFER(ReduceMinOp)
GRAPH_REDUCE_INFER(ReduceProdOp)
#undef GRAPH_REDUCE_INFER

#define GRAPH_ARG_REDUCE_INFER(OP)                                             \
  LogicalResult OP::inferReturnTypes(MLIRContext *context,                     \
                                     std::optional<Location> loc, Adaptor a,   \
                                     SmallVectorImpl<Type> &results) {         \
    auto t = ranked(a.getInput());                                             \
    if (!t)                                                                    \
      return inferError(loc, getOperationName(), "input must be ranked");      \
    shp::Shape shape;                                                          \
    std::string err;                                                           \
    int64_t axis = a.getAxis();                                                \
    if (failed(shp::reduce(t.getShape(), ArrayRef<int64_t>{axis},              \
                           a.getKeepdims(), shape, err)))                      \
      return inferError(loc, getOperationName(), err);                         \
    return pushResult(results, shape, IntegerType::get(context, 64));          \
  }                                                                            \
  GRAPH_COMPATIBLE_RETURN_TYPES(OP)

GRAPH_ARG_REDUCE_INFER(ArgMaxOp)
GRAPH_ARG_REDUCE_INFER(ArgMinOp)
#undef GRAPH_ARG_REDUCE_INFER

//===----------------------------------------------------------------------===//
// Normalizations
//===----------------------------------------------------------------------===//

template <typename OpT> static LogicalResult verifySoftmaxLike(OpT op) {
  std::string err;
  if (failed(shp::checkAxis(op.getAxis(), op.getInput().getType().getRank(),
                            err)))
    return op.emitOpError(err);
  return success();
}
LogicalResult SoftmaxOp::verify() { return verifySoftmaxLike(*this); }
LogicalResult LogSoftmaxOp::verify() { return verifySoftmaxLike(*this); }
LogicalResult CumSumOp::verify() { return verifySoftmaxLike(*this); }
LogicalResult CumProdOp::verify() { return verifySoftmaxLike(*this); }

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor a,
                                            SmallVectorImpl<Type> &results) {
  auto t = ranked(a.getInput());
  if (!t)
    return inferError(loc, getOperationName(), "input must be ranked");
  std::string err;
  int64_t axis = a.getAxis();
  if (failed(shp::checkAxis(axis, t.getRank(), err)))
    return inferError(loc, getOperationName(), err);
  ArrayRef<int64_t> normalized = t.getShape().drop_front(axis);
  for (auto [name, v] : {std::pair<StringRef, Value>{"scale", a.getScale()},
                         std::pair<StringRef, Value>{"bias", a.getBias()}}) {
    if (!v)
      continue;
    auto vt = ranked(v);
    if (!vt)
      return inferError(loc, getOperationName(), name + " must be ranked");
    if (failed(shp::broadcastTo(vt.getShape(), normalized, err)))
      return inferError(loc, getOperationName(),
                        name + " does not broadcast to the normalized dims " +
                            shp::toString(normalized) + ": " + err);
  }
  results.push_back(t);
  return success();
}
GRAPH_COMPATIBLE_RETURN_TYPES(LayerNormOp)

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor a,
                                            SmallVectorImpl<Type> &results) {
  auto t = ranked(a.getInput());
  if (!t || t.getRank() < 2)
    return inferError(loc, getOperationName(),
                      "input must have rank >= 2 ([N, C, ...])");
  int64_t c = t.getDimSize(1);
  for (auto [name, v] : {std::pair<StringRef, Value>{"scale", a.getScale()},
                         {"bias", a.getBias()},
                         {"mean", a.getMean()},
                         {"variance", a.getVariance()}}) {
    auto vt = ranked(v);
    if (!vt || vt.getRank() != 1 ||
        !shp::compatible(vt.getShape(), ArrayRef<int64_t>{c}))
      return inferError(loc, getOperationName(),
                        name + " must have shape [" +
                            shp::toString(ArrayRef<int64_t>{c}) +
                            "] (one value per channel)");
  }
  results.push_back(t);
  return success();
}
GRAPH_COMPATIBLE_RETURN_TYPES(BatchNormOp)

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto in = getInput().getType(), out = getResult().getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("cannot change the element type");
  auto a = shp::numElements(in.getShape()), b = shp::numElements(out.getShape());
  if (!a || !b)
    return emitOpError("element count overflows int64");
  if (!shp::isDynamic(*a) && !shp::isDynamic(*b) && *a != *b)
    return emitOpError("cannot reshape ")
           << *a << " elements (" << in << ") into " << *b << " elements ("
           << out << ")";
  return success();
}

LogicalResult BroadcastToOp::verify() {
  std::string err;
  if (failed(shp::broadcastTo(getInput().getType().getShape(),
                              getResult().getType().getShape(), err)))
    return emitOpError(err);
  if (getInput().getType().getElementType() !=
      getResult().getType().getElementType())
    return emitOpError("cannot change the element type");
  return success();
}

/// Shape rule taking one input shape and producing one; element type kept.
template <typename Fn>
static LogicalResult inferUnaryShape(std::optional<Location> loc,
                                     StringRef opName, Value input,
                                     SmallVectorImpl<Type> &results, Fn &&fn) {
  auto t = ranked(input);
  if (!t)
    return inferError(loc, opName, "input must be ranked");
  shp::Shape shape;
  std::string err;
  if (failed(fn(t.getShape(), shape, err)))
    return inferError(loc, opName, err);
  return pushResult(results, shape, t.getElementType());
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor a,
                                            SmallVectorImpl<Type> &results) {
  return inferUnaryShape(loc, getOperationName(), a.getInput(), results,
                         [&](ArrayRef<int64_t> in, shp::Shape &out,
                             std::string &err) {
                           return shp::transpose(in, a.getPerm(), out, err);
                         });
}
GRAPH_COMPATIBLE_RETURN_TYPES(TransposeOp)

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor a,
                                         SmallVectorImpl<Type> &results) {
  SmallVector<RankedTensorType> t;
  if (failed(getRanked(loc, getOperationName(), a.getInputs(), t)))
    return failure();
  if (t.empty())
    return inferError(loc, getOperationName(), "needs at least one input");
  SmallVector<ArrayRef<int64_t>> shapes;
  for (auto [i, x] : llvm::enumerate(t)) {
    if (x.getElementType() != t[0].getElementType())
      return inferError(loc, getOperationName(),
                        "input " + Twine(i) + " has element type " +
                            typeStr(x.getElementType()) +
                            ", input 0 has " +
                            typeStr(t[0].getElementType()));
    shapes.push_back(x.getShape());
  }
  shp::Shape shape;
  std::string err;
  if (failed(shp::concat(shapes, a.getAxis(), shape, err)))
    return inferError(loc, getOperationName(), err);
  return pushResult(results, shape, t[0].getElementType());
}
GRAPH_COMPATIBLE_RETURN_TYPES(ConcatOp)

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc, Adaptor a,
                                        SmallVectorImpl<Type> &results) {
  return inferUnaryShape(
      loc, getOperationName(), a.getInput(), results,
      [&](ArrayRef<int64_t> in, shp::Shape &out, std::string &err) {
        return shp::slice(in, a.getStarts(), a.getEnds(), a.getSteps(), out,
                          err);
      });
}
GRAPH_COMPATIBLE_RETURN_TYPES(SliceOp)

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor a,
                                         SmallVectorImpl<Type> &results) {
  SmallVector<RankedTensorType> t;
  if (failed(getRanked(loc, getOperationName(), {a.getData(), a.getIndices()},
                       t)))
    return failure();
  shp::Shape shape;
  std::string err;
  if (failed(shp::gather(t[0].getShape(), t[1].getShape(), a.getAxis(), shape,
                         err)))
    return inferError(loc, getOperationName(), err);
  return pushResult(results, shape, t[0].getElementType());
}
GRAPH_COMPATIBLE_RETURN_TYPES(GatherOp)

LogicalResult
GatherElementsOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                   Adaptor a, SmallVectorImpl<Type> &results) {
  SmallVector<RankedTensorType> t;
  if (failed(
          getRanked(loc, getOperationName(), {a.getData(), a.getIndices()}, t)))
    return failure();
  int64_t rank = t[0].getRank();
  if (t[1].getRank() != rank)
    return inferError(loc, getOperationName(),
                      "indices " + typeStr(t[1]) + " and data " +
                          typeStr(t[0]) + " differ in rank");
  int64_t axis = a.getAxis();
  if (axis < 0 || axis >= rank)
    return inferError(loc, getOperationName(),
                      "axis " + Twine(axis) + " is out of range for rank " +
                          Twine(rank));
  for (int64_t j = 0; j < rank; ++j) {
    int64_t d = t[0].getDimSize(j), i = t[1].getDimSize(j);
    if (j != axis && !shp::isDynamic(d) && !shp::isDynamic(i) && i > d)
      return inferError(loc, getOperationName(),
                        "indices dim " + Twine(j) + " (" + Twine(i) +
                            ") is larger than data's (" + Twine(d) + ")");
  }
  return pushResult(results, t[1].getShape(), t[0].getElementType());
}
GRAPH_COMPATIBLE_RETURN_TYPES(GatherElementsOp)

LogicalResult SqueezeOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor a,
                                          SmallVectorImpl<Type> &results) {
  return inferUnaryShape(loc, getOperationName(), a.getInput(), results,
                         [&](ArrayRef<int64_t> in, shp::Shape &out,
                             std::string &err) {
                           return shp::squeeze(in, a.getAxes(), out, err);
                         });
}
GRAPH_COMPATIBLE_RETURN_TYPES(SqueezeOp)

LogicalResult UnsqueezeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor a,
                                            SmallVectorImpl<Type> &results) {
  return inferUnaryShape(loc, getOperationName(), a.getInput(), results,
                         [&](ArrayRef<int64_t> in, shp::Shape &out,
                             std::string &err) {
                           return shp::unsqueeze(in, a.getAxes(), out, err);
                         });
}
GRAPH_COMPATIBLE_RETURN_TYPES(UnsqueezeOp)

LogicalResult PadOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc, Adaptor a,
                                      SmallVectorImpl<Type> &results) {
  if (a.getMode() != PadMode::constant) {
    // reflect and edge need a non-empty input and, for reflect, pads smaller
    // than the dim; both are checked where static.
    auto t = ranked(a.getInput());
    ArrayRef<int64_t> pads = a.getPads();
    if (t && (int64_t)pads.size() == 2 * t.getRank()) {
      for (int64_t i = 0; i < t.getRank(); ++i) {
        int64_t d = t.getDimSize(i);
        if (shp::isDynamic(d))
          continue;
        int64_t maxPad = std::max(pads[i], pads[i + t.getRank()]);
        if (maxPad > 0 && d == 0)
          return inferError(loc, getOperationName(),
                            "cannot pad an empty dimension in " +
                                stringifyPadMode(a.getMode()) + " mode");
        if (a.getMode() == PadMode::reflect && maxPad >= d)
          return inferError(loc, getOperationName(),
                            "reflect padding of " + Twine(maxPad) +
                                " needs a dimension larger than the pad, "
                                "dimension " +
                                Twine(i) + " has size " + Twine(d));
      }
    }
  }
  return inferUnaryShape(loc, getOperationName(), a.getInput(), results,
                         [&](ArrayRef<int64_t> in, shp::Shape &out,
                             std::string &err) {
                           return shp::pad(in, a.getPads(), out, err);
                         });
}
GRAPH_COMPATIBLE_RETURN_TYPES(PadOp)

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor a,
                                          SmallVectorImpl<Type> &results) {
  return inferUnaryShape(loc, getOperationName(), a.getInput(), results,
                         [&](ArrayRef<int64_t> in, shp::Shape &out,
                             std::string &err) {
                           return shp::flatten(in, a.getAxis(), out, err);
                         });
}
GRAPH_COMPATIBLE_RETURN_TYPES(FlattenOp)

LogicalResult
GridSampleOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                               Adaptor a, SmallVectorImpl<Type> &results) {
  SmallVector<RankedTensorType> t;
  if (failed(getRanked(loc, getOperationName(), {a.getInput(), a.getGrid()},
                       t)))
    return failure();
  shp::Shape shape;
  std::string err;
  if (failed(shp::gridSample(t[0].getShape(), t[1].getShape(), shape, err)))
    return inferError(loc, getOperationName(), err);
  return pushResult(results, shape, t[0].getElementType());
}
GRAPH_COMPATIBLE_RETURN_TYPES(GridSampleOp)

LogicalResult ResizeOp::verify() {
  std::string err;
  if (failed(shp::resize(getInput().getType().getShape(),
                         getType().getShape(), getScales(), err)))
    return emitOpError(err);
  int64_t rank = getInput().getType().getRank();
  if (getMode() != ResizeMode::nearest &&
      !isa<FloatType>(getInput().getType().getElementType()))
    return emitOpError(stringifyResizeMode(getMode()))
           << " interpolation needs a floating-point tensor, got "
           << getInput().getType();
  if (std::optional<ArrayRef<double>> roi = getRoi()) {
    if ((int64_t)roi->size() != 2 * rank)
      return emitOpError("roi needs 2 * rank = ")
             << 2 * rank << " values, got " << roi->size();
    if (getCoordinateTransformationMode() !=
        CoordinateTransform::tf_crop_and_resize)
      return emitOpError("roi is only used by tf_crop_and_resize");
  }
  return success();
}

#define GET_OP_CLASSES
#include "dialects/Graph/IR/GraphOps.cpp.inc"
