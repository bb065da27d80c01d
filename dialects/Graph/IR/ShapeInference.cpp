//===- ShapeInference.cpp - graph-layer shape rules -----------------------===//
//
// Implements the shape rules declared in ShapeInference.h. Every function is
// total: it never asserts on user-controlled input, it reports.
//
//===----------------------------------------------------------------------===//

#include "dialects/Graph/IR/ShapeInference.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;

namespace strata::graph::shape {

std::string toString(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string s;
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (i)
      s += "x";
    s += isDynamic(d) ? "?" : std::to_string(d);
  }
  return s;
}

static std::string listToString(ArrayRef<int64_t> xs) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(xs)) {
    if (i)
      s += ", ";
    s += std::to_string(d);
  }
  return s + "]";
}

static LogicalResult fail(std::string &err, std::string msg) {
  err = std::move(msg);
  return failure();
}

LogicalResult broadcast(ArrayRef<int64_t> a, ArrayRef<int64_t> b, Shape &out,
                        std::string &err) {
  size_t rank = std::max(a.size(), b.size());
  out.assign(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < a.size() ? a[a.size() - 1 - i] : 1;
    int64_t db = i < b.size() ? b[b.size() - 1 - i] : 1;
    int64_t &r = out[rank - 1 - i];
    if (da == 1)
      r = db;
    else if (db == 1)
      r = da;
    else if (isDynamic(da))
      r = db;
    else if (isDynamic(db) || da == db)
      r = da;
    else
      return fail(err, "shapes " + toString(a) + " and " + toString(b) +
                           " are not broadcast-compatible: dimension " +
                           std::to_string(da) + " vs " + std::to_string(db) +
                           " at position " + std::to_string(i) +
                           " from the right");
  }
  return success();
}

LogicalResult broadcastTo(ArrayRef<int64_t> from, ArrayRef<int64_t> to,
                          std::string &err) {
  if (from.size() > to.size())
    return fail(err, "cannot broadcast rank " + std::to_string(from.size()) +
                         " to the lower rank " + std::to_string(to.size()));
  for (size_t i = 0; i < from.size(); ++i) {
    int64_t f = from[from.size() - 1 - i];
    int64_t t = to[to.size() - 1 - i];
    if (f == 1 || f == t || isDynamic(f) || isDynamic(t))
      continue;
    return fail(err, "cannot broadcast " + toString(from) + " to " +
                         toString(to) + ": dimension " + std::to_string(f) +
                         " vs " + std::to_string(t));
  }
  return success();
}

LogicalResult matmul(ArrayRef<int64_t> a, ArrayRef<int64_t> b, Shape &out,
                     std::string &err) {
  if (a.empty() || b.empty())
    return fail(err, "matmul operands must have rank >= 1");
  Shape pa(a.begin(), a.end()), pb(b.begin(), b.end());
  bool promotedA = false, promotedB = false;
  if (pa.size() == 1) {
    pa.insert(pa.begin(), 1);
    promotedA = true;
  }
  if (pb.size() == 1) {
    pb.push_back(1);
    promotedB = true;
  }
  int64_t k1 = pa.back(), k2 = pb[pb.size() - 2];
  if (!isDynamic(k1) && !isDynamic(k2) && k1 != k2)
    return fail(err, "contraction dimensions differ: lhs " + toString(a) +
                         " has K = " + std::to_string(k1) + ", rhs " +
                         toString(b) + " has K = " + std::to_string(k2));
  Shape batch;
  if (failed(broadcast(ArrayRef<int64_t>(pa).drop_back(2),
                       ArrayRef<int64_t>(pb).drop_back(2), batch, err)))
    return fail(err, "batch dimensions: " + err);
  out = batch;
  if (!promotedA)
    out.push_back(pa[pa.size() - 2]);
  if (!promotedB)
    out.push_back(pb.back());
  return success();
}

LogicalResult gemm(ArrayRef<int64_t> a, ArrayRef<int64_t> b, bool transA,
                   bool transB, Shape &out, std::string &err) {
  if (a.size() != 2 || b.size() != 2)
    return fail(err, "gemm operands must have rank 2, got " + toString(a) +
                         " and " + toString(b));
  int64_t m = transA ? a[1] : a[0], ka = transA ? a[0] : a[1];
  int64_t kb = transB ? b[1] : b[0], n = transB ? b[0] : b[1];
  if (!isDynamic(ka) && !isDynamic(kb) && ka != kb)
    return fail(err, "contraction dimensions differ: K = " +
                         std::to_string(ka) + " vs " + std::to_string(kb));
  out = {m, n};
  return success();
}

LogicalResult windowDim(int64_t in, int64_t kernel, int64_t stride,
                        int64_t padLo, int64_t padHi, int64_t dilation,
                        bool ceilMode, int64_t &out, std::string &err) {
  if (kernel < 1 || stride < 1 || dilation < 1)
    return fail(err, "kernel, stride and dilation must be >= 1");
  if (padLo < 0 || padHi < 0)
    return fail(err, "pads must be >= 0");
  if (isDynamic(in)) {
    out = kDynamic;
    return success();
  }
  int64_t effective = dilation * (kernel - 1) + 1;
  int64_t span = in + padLo + padHi - effective;
  if (span < 0)
    return fail(err, "window of effective size " + std::to_string(effective) +
                         " does not fit the padded input of size " +
                         std::to_string(in + padLo + padHi));
  out = (ceilMode ? llvm::divideCeil(span, stride) : span / stride) + 1;
  // A window may not start in the trailing padding only (ceil mode).
  if (ceilMode && (out - 1) * stride >= in + padLo)
    --out;
  return success();
}

static LogicalResult checkList(ArrayRef<int64_t> xs, size_t n, StringRef what,
                               std::string &err) {
  if (xs.size() != n)
    return fail(err, (what + " must have " + Twine(n) + " values, got " +
                      Twine(xs.size()))
                         .str());
  return success();
}

static LogicalResult window2d(ArrayRef<int64_t> input, int64_t c,
                              ArrayRef<int64_t> kernel,
                              ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                              ArrayRef<int64_t> dilations, bool ceilMode,
                              Shape &out, std::string &err) {
  if (failed(checkList(kernel, 2, "kernel shape", err)) ||
      failed(checkList(strides, 2, "strides", err)) ||
      failed(checkList(pads, 4, "pads [top, left, bottom, right]", err)) ||
      failed(checkList(dilations, 2, "dilations", err)))
    return failure();
  out = {input[0], c, 0, 0};
  for (int i = 0; i < 2; ++i) {
    std::string why;
    if (failed(windowDim(input[2 + i], kernel[i], strides[i], pads[i],
                         pads[i + 2], dilations[i], ceilMode, out[2 + i],
                         why)))
      return fail(err, (i == 0 ? "height: " : "width: ") + why);
  }
  return success();
}

LogicalResult conv2d(ArrayRef<int64_t> input, ArrayRef<int64_t> filter,
                     ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                     ArrayRef<int64_t> dilations, int64_t groups, Shape &out,
                     std::string &err) {
  if (input.size() != 4 || filter.size() != 4)
    return fail(err, "conv2d expects an NCHW input and an FCHW filter of "
                     "rank 4, got " +
                         toString(input) + " and " + toString(filter));
  if (groups < 1)
    return fail(err, "groups must be >= 1, got " + std::to_string(groups));
  int64_t c = input[1], f = filter[0], fc = filter[1];
  if (!isDynamic(c) && c % groups != 0)
    return fail(err, "input channels " + std::to_string(c) +
                         " are not divisible by groups " +
                         std::to_string(groups));
  if (!isDynamic(f) && f % groups != 0)
    return fail(err, "filter count " + std::to_string(f) +
                         " is not divisible by groups " +
                         std::to_string(groups));
  if (!isDynamic(c) && !isDynamic(fc) && c / groups != fc)
    return fail(err, "filter expects " + std::to_string(fc) +
                         " channels per group, input has " + std::to_string(c) +
                         " channels in " + std::to_string(groups) +
                         " group(s)");
  return window2d(input, f, {filter[2], filter[3]}, strides, pads, dilations,
                  /*ceilMode=*/false, out, err);
}

LogicalResult pool2d(ArrayRef<int64_t> input, ArrayRef<int64_t> kernel,
                     ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                     ArrayRef<int64_t> dilations, bool ceilMode, Shape &out,
                     std::string &err) {
  if (input.size() != 4)
    return fail(err, "pooling expects an NCHW input of rank 4, got " +
                         toString(input));
  return window2d(input, input[1], kernel, strides, pads, dilations, ceilMode,
                  out, err);
}

LogicalResult checkAxis(int64_t axis, int64_t rank, std::string &err) {
  if (axis < 0 || axis >= rank)
    return fail(err, "axis " + std::to_string(axis) + " is out of range [0, " +
                         std::to_string(rank) + ")");
  return success();
}

LogicalResult checkAxes(ArrayRef<int64_t> axes, int64_t rank,
                        std::string &err) {
  for (auto [i, a] : llvm::enumerate(axes)) {
    if (failed(checkAxis(a, rank, err)))
      return failure();
    if (i > 0 && axes[i - 1] >= a)
      return fail(err, "axes " + listToString(axes) +
                           " must be strictly increasing");
  }
  return success();
}

LogicalResult reduce(ArrayRef<int64_t> input, ArrayRef<int64_t> axes,
                     bool keepdims, Shape &out, std::string &err) {
  if (failed(checkAxes(axes, input.size(), err)))
    return failure();
  out.clear();
  for (auto [i, d] : llvm::enumerate(input)) {
    bool reduced = llvm::is_contained(axes, (int64_t)i);
    if (!reduced)
      out.push_back(d);
    else if (keepdims)
      out.push_back(1);
  }
  return success();
}

LogicalResult transpose(ArrayRef<int64_t> input, ArrayRef<int64_t> perm,
                        Shape &out, std::string &err) {
  if (perm.size() != input.size())
    return fail(err, "permutation " + listToString(perm) + " has " +
                         std::to_string(perm.size()) +
                         " entries for an input of rank " +
                         std::to_string(input.size()));
  llvm::SmallVector<bool> seen(input.size(), false);
  out.clear();
  for (int64_t p : perm) {
    if (p < 0 || p >= (int64_t)input.size() || seen[p])
      return fail(err, listToString(perm) + " is not a permutation of [0, " +
                           std::to_string(input.size()) + ")");
    seen[p] = true;
    out.push_back(input[p]);
  }
  return success();
}

LogicalResult concat(ArrayRef<ArrayRef<int64_t>> inputs, int64_t axis,
                     Shape &out, std::string &err) {
  if (inputs.empty())
    return fail(err, "concat needs at least one input");
  int64_t rank = inputs[0].size();
  if (failed(checkAxis(axis, rank, err)))
    return failure();
  out.assign(inputs[0].begin(), inputs[0].end());
  for (auto [n, in] : llvm::enumerate(inputs.drop_front())) {
    if ((int64_t)in.size() != rank)
      return fail(err, "input " + std::to_string(n + 1) + " has rank " +
                           std::to_string(in.size()) + ", expected " +
                           std::to_string(rank));
    for (int64_t i = 0; i < rank; ++i) {
      if (i == axis) {
        out[i] = (isDynamic(out[i]) || isDynamic(in[i])) ? kDynamic
                                                         : out[i] + in[i];
        continue;
      }
      if (isDynamic(out[i]))
        out[i] = in[i];
      else if (!isDynamic(in[i]) && in[i] != out[i])
        return fail(err, "input " + std::to_string(n + 1) + " has shape " +
                             toString(in) + ", which differs from " +
                             toString(inputs[0]) + " in dimension " +
                             std::to_string(i));
    }
  }
  return success();
}

LogicalResult slice(ArrayRef<int64_t> input, ArrayRef<int64_t> starts,
                    ArrayRef<int64_t> ends, ArrayRef<int64_t> steps, Shape &out,
                    std::string &err) {
  size_t rank = input.size();
  if (starts.size() != rank || ends.size() != rank || steps.size() != rank)
    return fail(err, "starts, ends and steps need one value per dimension "
                     "(rank " +
                         std::to_string(rank) + ")");
  out.clear();
  for (size_t i = 0; i < rank; ++i) {
    int64_t step = steps[i], dim = input[i];
    if (step == 0)
      return fail(err, "step of dimension " + std::to_string(i) + " is 0");
    if (isDynamic(dim) || dim == 0) {
      out.push_back(dim);
      continue;
    }
    // ONNX Slice semantics: a negative index counts from the end; then
    // starts clamp to [0, dim] (step > 0) or [0, dim - 1] (step < 0) and ends
    // to [0, dim] or [-1, dim - 1].
    int64_t s = starts[i] < 0 ? starts[i] + dim : starts[i];
    int64_t e = ends[i] < 0 ? ends[i] + dim : ends[i];
    if (step > 0) {
      s = std::clamp<int64_t>(s, 0, dim);
      e = std::clamp<int64_t>(e, 0, dim);
      out.push_back(e > s ? llvm::divideCeil(e - s, step) : 0);
    } else {
      s = std::clamp<int64_t>(s, 0, dim - 1);
      e = std::clamp<int64_t>(e, -1, dim - 1);
      out.push_back(s > e ? llvm::divideCeil(s - e, -step) : 0);
    }
  }
  return success();
}

LogicalResult gather(ArrayRef<int64_t> data, ArrayRef<int64_t> indices,
                     int64_t axis, Shape &out, std::string &err) {
  if (data.empty())
    return fail(err, "gather data must have rank >= 1");
  if (failed(checkAxis(axis, data.size(), err)))
    return failure();
  out.assign(data.begin(), data.begin() + axis);
  out.append(indices.begin(), indices.end());
  out.append(data.begin() + axis + 1, data.end());
  return success();
}

LogicalResult squeeze(ArrayRef<int64_t> input, ArrayRef<int64_t> axes,
                      Shape &out, std::string &err) {
  if (failed(checkAxes(axes, input.size(), err)))
    return failure();
  out.clear();
  for (auto [i, d] : llvm::enumerate(input)) {
    if (!llvm::is_contained(axes, (int64_t)i)) {
      out.push_back(d);
      continue;
    }
    if (!isDynamic(d) && d != 1)
      return fail(err, "cannot squeeze dimension " + std::to_string(i) +
                           " of size " + std::to_string(d));
  }
  return success();
}

LogicalResult unsqueeze(ArrayRef<int64_t> input, ArrayRef<int64_t> axes,
                        Shape &out, std::string &err) {
  int64_t rank = input.size() + axes.size();
  if (failed(checkAxes(axes, rank, err)))
    return failure();
  out.clear();
  size_t next = 0;
  for (int64_t i = 0; i < rank; ++i)
    out.push_back(llvm::is_contained(axes, i) ? 1 : input[next++]);
  return success();
}

LogicalResult pad(ArrayRef<int64_t> input, ArrayRef<int64_t> pads, Shape &out,
                  std::string &err) {
  size_t rank = input.size();
  if (pads.size() != 2 * rank)
    return fail(err, "pads must have 2 * rank = " + std::to_string(2 * rank) +
                         " values, got " + std::to_string(pads.size()));
  out.clear();
  for (size_t i = 0; i < rank; ++i) {
    if (isDynamic(input[i])) {
      out.push_back(kDynamic);
      continue;
    }
    int64_t d = input[i] + pads[i] + pads[i + rank];
    if (d < 0)
      return fail(err, "padding dimension " + std::to_string(i) +
                           " gives a negative size " + std::to_string(d));
    out.push_back(d);
  }
  return success();
}

static int64_t product(ArrayRef<int64_t> dims) {
  int64_t p = 1;
  for (int64_t d : dims) {
    if (isDynamic(d))
      return kDynamic;
    if (llvm::MulOverflow(p, d, p))
      return kDynamic;
  }
  return p;
}

LogicalResult flatten(ArrayRef<int64_t> input, int64_t axis, Shape &out,
                      std::string &err) {
  if (axis < 0 || axis > (int64_t)input.size())
    return fail(err, "axis " + std::to_string(axis) + " is out of range [0, " +
                         std::to_string(input.size()) + "]");
  out = {product(input.take_front(axis)), product(input.drop_front(axis))};
  return success();
}

LogicalResult gridSample(ArrayRef<int64_t> input, ArrayRef<int64_t> grid,
                         Shape &out, std::string &err) {
  if (input.size() < 3)
    return fail(err, "input must be [N, C, spatial...] of rank >= 3, got " +
                         toString(input));
  size_t r = input.size() - 2;
  if (grid.size() != input.size())
    return fail(err, "grid " + toString(grid) + " must have rank " +
                         std::to_string(input.size()) + " ([N, " +
                         std::to_string(r) + " output dims, " +
                         std::to_string(r) + "])");
  if (!isDynamic(grid.back()) && grid.back() != (int64_t)r)
    return fail(err, "grid " + toString(grid) + " must end in " +
                         std::to_string(r) + " coordinates");
  if (!isDynamic(grid[0]) && !isDynamic(input[0]) && grid[0] != input[0])
    return fail(err, "grid batch " + std::to_string(grid[0]) +
                         " differs from input batch " +
                         std::to_string(input[0]));
  out = {isDynamic(input[0]) ? grid[0] : input[0], input[1]};
  out.append(grid.begin() + 1, grid.end() - 1);
  return success();
}

LogicalResult resize(ArrayRef<int64_t> input, ArrayRef<int64_t> result,
                     ArrayRef<double> scales, std::string &err) {
  if (result.size() != input.size())
    return fail(err, "result rank " + std::to_string(result.size()) +
                         " differs from input rank " +
                         std::to_string(input.size()));
  if (scales.size() != input.size())
    return fail(err, "needs one scale per dim (" +
                         std::to_string(input.size()) + "), got " +
                         std::to_string(scales.size()));
  for (auto [i, s] : llvm::enumerate(scales))
    if (!(s > 0.0) || !std::isfinite(s))
      return fail(err, "scale " + std::to_string(s) + " of dim " +
                           std::to_string(i) + " is not positive and finite");
  for (size_t i = 0; i < input.size(); ++i)
    if (input[i] == 0 && !isDynamic(result[i]) && result[i] != 0)
      return fail(err, "dim " + std::to_string(i) +
                           " is empty in the input but has size " +
                           std::to_string(result[i]) + " in the result");
  return success();
}

bool compatible(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  if (a.size() != b.size())
    return false;
  for (auto [x, y] : llvm::zip_equal(a, b))
    if (!isDynamic(x) && !isDynamic(y) && x != y)
      return false;
  return true;
}

std::optional<int64_t> numElements(ArrayRef<int64_t> shape) {
  int64_t p = 1;
  for (int64_t d : shape) {
    if (isDynamic(d))
      return kDynamic;
    if (d < 0 || llvm::MulOverflow(p, d, p))
      return std::nullopt;
  }
  return p;
}

} // namespace strata::graph::shape
