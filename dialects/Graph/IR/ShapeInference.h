//===- ShapeInference.h - graph-layer shape rules, stated once --*- C++ -*-===//
//
// The shape rules of the graph dialect as pure functions on dimension lists,
// so that op verifiers, type inference, the ONNX importer and unit tests all
// use one statement of each rule. A dimension is either a size >= 0 or
// mlir::ShapedType::kDynamic. On failure a function returns failure() and
// writes a human-readable reason (without the op name) to `err`.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_DIALECTS_GRAPH_IR_SHAPEINFERENCE_H
#define STRATA_DIALECTS_GRAPH_IR_SHAPEINFERENCE_H

#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace strata::graph::shape {

using Shape = llvm::SmallVector<int64_t, 6>;
constexpr int64_t kDynamic = mlir::ShapedType::kDynamic;

inline bool isDynamic(int64_t d) { return d == kDynamic; }

/// Renders a shape as "2x?x3" for diagnostics.
std::string toString(llvm::ArrayRef<int64_t> shape);

/// numpy broadcasting of two shapes: align trailing dims; equal dims or a 1
/// broadcast; a dynamic dim broadcasts against 1 and against itself, and
/// takes the static size of the other side when that size is not 1.
mlir::LogicalResult broadcast(llvm::ArrayRef<int64_t> a,
                              llvm::ArrayRef<int64_t> b, Shape &out,
                              std::string &err);

/// Whether `from` broadcasts to exactly `to` (one-directional, as in
/// graph.broadcast_to).
mlir::LogicalResult broadcastTo(llvm::ArrayRef<int64_t> from,
                                llvm::ArrayRef<int64_t> to, std::string &err);

/// numpy matmul: rank-1 operands are promoted (prepend/append 1 and drop it
/// again), batch dims broadcast, contraction dims must agree.
mlir::LogicalResult matmul(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b,
                           Shape &out, std::string &err);

/// Gemm: rank-2 A and B with optional transposes; result [M, N].
mlir::LogicalResult gemm(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b,
                         bool transA, bool transB, Shape &out,
                         std::string &err);

/// Output size of one spatial dim of a window op (conv or pooling).
/// Returns failure when the static output would be < 1.
mlir::LogicalResult windowDim(int64_t in, int64_t kernel, int64_t stride,
                              int64_t padLo, int64_t padHi, int64_t dilation,
                              bool ceilMode, int64_t &out, std::string &err);

/// 2-D convolution, NCHW input, FCHW filter (C = input channels / groups).
/// pads = [top, left, bottom, right].
mlir::LogicalResult conv2d(llvm::ArrayRef<int64_t> input,
                           llvm::ArrayRef<int64_t> filter,
                           llvm::ArrayRef<int64_t> strides,
                           llvm::ArrayRef<int64_t> pads,
                           llvm::ArrayRef<int64_t> dilations, int64_t groups,
                           Shape &out, std::string &err);

/// 2-D pooling, NCHW input. pads = [top, left, bottom, right].
mlir::LogicalResult pool2d(llvm::ArrayRef<int64_t> input,
                           llvm::ArrayRef<int64_t> kernel,
                           llvm::ArrayRef<int64_t> strides,
                           llvm::ArrayRef<int64_t> pads,
                           llvm::ArrayRef<int64_t> dilations, bool ceilMode,
                           Shape &out, std::string &err);

/// Checks a list of axes: each in [0, rank), strictly increasing.
mlir::LogicalResult checkAxes(llvm::ArrayRef<int64_t> axes, int64_t rank,
                              std::string &err);

/// Checks one axis in [0, rank).
mlir::LogicalResult checkAxis(int64_t axis, int64_t rank, std::string &err);

/// Reduction over `axes` (checked by checkAxes), with or without keepdims.
mlir::LogicalResult reduce(llvm::ArrayRef<int64_t> input,
                           llvm::ArrayRef<int64_t> axes, bool keepdims,
                           Shape &out, std::string &err);

/// Transpose by a permutation of [0, rank).
mlir::LogicalResult transpose(llvm::ArrayRef<int64_t> input,
                              llvm::ArrayRef<int64_t> perm, Shape &out,
                              std::string &err);

/// Concatenation along `axis`; all other dims must agree.
mlir::LogicalResult concat(llvm::ArrayRef<llvm::ArrayRef<int64_t>> inputs,
                           int64_t axis, Shape &out, std::string &err);

/// ONNX-style slice with one (start, end, step) per dim: negative start/end
/// count from the end, values are clamped to the dim, step != 0.
mlir::LogicalResult slice(llvm::ArrayRef<int64_t> input,
                          llvm::ArrayRef<int64_t> starts,
                          llvm::ArrayRef<int64_t> ends,
                          llvm::ArrayRef<int64_t> steps, Shape &out,
                          std::string &err);

/// Gather along `axis`: data[:axis] + indices + data[axis+1:].
mlir::LogicalResult gather(llvm::ArrayRef<int64_t> data,
                           llvm::ArrayRef<int64_t> indices, int64_t axis,
                           Shape &out, std::string &err);

/// Removes the listed size-1 dims.
mlir::LogicalResult squeeze(llvm::ArrayRef<int64_t> input,
                            llvm::ArrayRef<int64_t> axes, Shape &out,
                            std::string &err);

/// Inserts size-1 dims at the listed positions of the result.
mlir::LogicalResult unsqueeze(llvm::ArrayRef<int64_t> input,
                              llvm::ArrayRef<int64_t> axes, Shape &out,
                              std::string &err);

/// Padding with pads = [begin_0..begin_{r-1}, end_0..end_{r-1}]; negative
/// pads crop, the result dims must stay >= 0.
mlir::LogicalResult pad(llvm::ArrayRef<int64_t> input,
                        llvm::ArrayRef<int64_t> pads, Shape &out,
                        std::string &err);

/// Flatten to 2-D: [prod(dims[:axis]), prod(dims[axis:])], axis in [0, rank].
mlir::LogicalResult flatten(llvm::ArrayRef<int64_t> input, int64_t axis,
                            Shape &out, std::string &err);

/// Resize (ONNX Resize): `result` has the input's rank, one scale per dim,
/// every scale positive and finite, and an empty input dim resizes to an
/// empty one. The result dims themselves are free: ONNX states them either
/// as floor(in * scale) or as requested sizes.
mlir::LogicalResult resize(llvm::ArrayRef<int64_t> input,
                           llvm::ArrayRef<int64_t> result,
                           llvm::ArrayRef<double> scales, std::string &err);

/// GridSample: input [N, C, D1..Dr] (r >= 1), grid [N, O1..Or, r] ->
/// [N, C, O1..Or].
mlir::LogicalResult gridSample(llvm::ArrayRef<int64_t> input,
                               llvm::ArrayRef<int64_t> grid, Shape &out,
                               std::string &err);

/// Whether two shapes can describe the same runtime shape (equal rank, and
/// equal or dynamic dims).
bool compatible(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b);

/// Product of the dims, or kDynamic if any is dynamic; nullopt on overflow.
std::optional<int64_t> numElements(llvm::ArrayRef<int64_t> shape);

} // namespace strata::graph::shape

#endif // STRATA_DIALECTS_GRAPH_IR_SHAPEINFERENCE_H
