//===- OpsSignal.cpp - ONNX signal ops: DFT, STFT, windows, mel matrix ---===//
//
// DFT and STFT as matmuls with constant cos/sin matrices; the Hann, Hamming and
// Blackman windows and MelWeightMatrix, whose inputs are constants, computed
// at import.
//
//===----------------------------------------------------------------------===//

#include "Compose.h"

#include <cmath>

using namespace mlir;
using namespace strata::onnx;
namespace graph = strata::graph;

namespace {

//===----------------------------------------------------------------------===//
// Generators computed at import
//===----------------------------------------------------------------------===//

/// The output_datatype attribute (default FLOAT) as a float type.
FailureOr<Type> outputFloatType(NodeContext &c) {
  int64_t dt = c.getInt("output_datatype", 1);
  Type t = convertDataType(int32_t(dt), c.context());
  if (!t || !isa<FloatType>(t))
    return c.error() << "output_datatype " << dt
                     << " is not supported (a float type)";
  return t;
}

FailureOr<int64_t> scalarInt(NodeContext &c, size_t i, StringRef role) {
  auto v = c.intsInput(i, role);
  if (failed(v))
    return failure();
  if (v->size() != 1)
    return c.error() << "input #" << i << " (" << role << ") must be a scalar";
  return v->front();
}

FailureOr<double> scalarFloat(NodeContext &c, size_t i, StringRef role) {
  auto v = c.constantInput(i, role);
  if (failed(v))
    return failure();
  if (v->getNumElements() != 1)
    return c.error() << "input #" << i << " (" << role << ") must be a scalar";
  if (isa<FloatType>(v->getElementType()))
    return (*v->getValues<APFloat>().begin()).convertToDouble();
  return double((*v->getValues<APInt>().begin()).getSExtValue());
}

/// Hann, Hamming and Blackman windows: sums of cosines of 2 pi n / N'.
Converter window(double a0, double a1, double a2) {
  return [=](NodeContext &c) -> LogicalResult {
    auto size = scalarInt(c, 0, "size");
    if (failed(size))
      return failure();
    auto et = outputFloatType(c);
    if (failed(et))
      return failure();
    if (*size < 0 || *size > (1 << 24))
      return c.error() << "size " << *size << " is out of range";
    double n1 = c.getInt("periodic", 1) ? double(*size) : double(*size - 1);
    SmallVector<double> data;
    for (int64_t i = 0; i < *size; ++i) {
      double t = 2 * M_PI * double(i) / n1;
      data.push_back(a0 - a1 * std::cos(t) + a2 * std::cos(2 * t));
    }
    c.setResult(0, floatConstant(c, {*size}, *et, data));
    return success();
  };
}

/// MelWeightMatrix as onnx/reference/ops/op_mel_weight_matrix.py.
LogicalResult convertMelWeightMatrix(NodeContext &c) {
  auto bins = scalarInt(c, 0, "num_mel_bins");
  auto dft = scalarInt(c, 1, "dft_length");
  auto rate = scalarInt(c, 2, "sample_rate");
  if (failed(bins) || failed(dft) || failed(rate))
    return failure();
  auto lo = scalarFloat(c, 3, "lower_edge_hertz");
  auto hi = scalarFloat(c, 4, "upper_edge_hertz");
  auto et = outputFloatType(c);
  if (failed(lo) || failed(hi) || failed(et))
    return failure();
  if (*bins <= 0 || *dft <= 0 || *rate <= 0 || *bins > 4096 || *dft > 65536)
    return c.error() << "num_mel_bins, dft_length and sample_rate must be "
                        "positive (and at most 4096 and 65536 bins)";
  int64_t spec = *dft / 2 + 1;
  double lowMel = 2595 * std::log10(1 + *lo / 700);
  double highMel = 2595 * std::log10(1 + *hi / 700);
  double step = (highMel - lowMel) / double(*bins + 2);
  SmallVector<int64_t> f;
  for (int64_t i = 0; i < *bins + 2; ++i) {
    double hz = 700 * (std::pow(10.0, (double(i) * step + lowMel) / 2595) - 1);
    f.push_back(int64_t(std::floor(double(*dft + 1) * hz / double(*rate))));
  }
  SmallVector<double> out(spec * *bins, 0.0);
  auto at = [&](int64_t j, int64_t i) -> double * {
    if (j < 0 || j >= spec)
      return nullptr;
    return &out[j * *bins + i];
  };
  for (int64_t i = 0; i < *bins; ++i) {
    int64_t l = f[i], m = f[i + 1], r = f[i + 2];
    if (m - l == 0) {
      if (double *p = at(m, i))
        *p = 1;
    } else {
      for (int64_t j = l; j <= m; ++j)
        if (double *p = at(j, i))
          *p = double(j - l) / double(m - l);
    }
    if (r - m > 0)
      for (int64_t j = m; j < r; ++j)
        if (double *p = at(j, i))
          *p = double(r - j) / double(r - m);
  }
  c.setResult(0, floatConstant(c, {spec, *bins}, *et, out));
  return success();
}

//===----------------------------------------------------------------------===//
// DFT
//===----------------------------------------------------------------------===//

/// The DFT of `x` ([..., 1 or 2] real or complex) along `axis` (not the
/// last dim) as matmuls with constant cos/sin matrices: forward, inverse
/// (scaled by 1/L), one-sided forward (L/2 + 1 bins) and one-sided inverse
/// (a real signal from the Hermitian half, each bin but DC and Nyquist
/// counted twice). The input is truncated or (implicitly) zero-padded to
/// `len` as numpy.fft does.
Value dftAlong(NodeContext &c, Emit &e, Value x, int64_t axis, int64_t len,
               bool inverse, bool onesided) {
  auto xt = c.typeOf(x);
  int64_t rank = xt.getRank(), n = xt.getDimSize(axis);
  int64_t comps = xt.getDimSize(rank - 1);
  Type et = xt.getElementType();
  bool irfft = inverse && onesided;
  // Rows: input bins used; columns: output samples or bins.
  int64_t rows = std::min(n, irfft ? len / 2 + 1 : len);
  int64_t cols = onesided && !inverse ? len / 2 + 1 : len;
  SmallVector<double> cosM, sinM;
  for (int64_t j = 0; j < rows; ++j)
    for (int64_t k = 0; k < cols; ++k) {
      double t = 2 * M_PI * double((j * k) % len) / double(len);
      double w = 1;
      if (inverse)
        w /= double(len);
      if (irfft && j != 0 && 2 * j != len)
        w *= 2;
      cosM.push_back(w * std::cos(t));
      sinM.push_back(w * std::sin(t));
    }
  // In the input's type: f64 would be closer to numpy.fft but is not on
  // every target.
  Type ct = et;
  Value cm = floatConstant(c, {rows, cols}, ct, cosM);
  Value sm = floatConstant(c, {rows, cols}, ct, sinM);
  SmallVector<int64_t> perm;
  for (int64_t i = 0; i < rank - 1; ++i)
    if (i != axis)
      perm.push_back(i);
  perm.push_back(axis);
  SmallVector<int64_t> inv(rank - 1);
  for (auto [i, p] : llvm::enumerate(perm))
    inv[p] = int64_t(i);
  // One component as [..., rows] with the signal axis last.
  auto part = [&](int64_t comp) {
    Value v = e.op<graph::SqueezeOp>(e.slice(x, rank - 1, comp, comp + 1),
                                     ArrayRef<int64_t>{rank - 1});
    v = e.cast(e.transpose(v, perm), ct);
    return rows < n ? e.slice(v, rank - 2, 0, rows) : v;
  };
  Value xr = part(0), xi = comps == 2 ? part(1) : Value();
  auto mm = [&](Value a, Value b) { return e.op<graph::MatMulOp>(a, b); };
  // Forward: e^{-i t}; inverse: e^{+i t}.
  Value yr = mm(xr, cm), yi;
  if (inverse) {
    if (xi)
      yr = e.sub(yr, mm(xi, sm));
    if (!irfft)
      yi = xi ? e.add(mm(xi, cm), mm(xr, sm)) : mm(xr, sm);
  } else {
    if (xi)
      yr = e.add(yr, mm(xi, sm));
    Value xrs = mm(xr, sm);
    yi = xi ? e.sub(mm(xi, cm), xrs) : e.op<graph::NegOp>(xrs);
  }
  auto back = [&](Value v) {
    return e.op<graph::UnsqueezeOp>(e.cast(e.transpose(v, inv), et),
                                    ArrayRef<int64_t>{rank - 1});
  };
  Value y = yi ? e.op<graph::ConcatOp>(ValueRange{back(yr), back(yi)}, rank - 1)
               : back(yr);
  return y;
}

/// DFT-17/20: the axis (attribute in -17, input in -20) and dft_length
/// resolved, then dftAlong.
LogicalResult convertDFT(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  if (failed(requireStatic(c, {0})))
    return failure();
  auto xt = c.typeOf(*x);
  int64_t rank = xt.getRank();
  Type et = xt.getElementType();
  if (rank < 2 || !isa<FloatType>(et))
    return c.error() << "the input must be a float tensor of rank 2 or more "
                        "([..., signal, 1 or 2]), got "
                     << xt;
  int64_t comps = xt.getDimSize(rank - 1);
  if (comps != 1 && comps != 2)
    return c.error() << "the last dim must be 1 (real) or 2 (complex), got "
                     << comps;
  int64_t axisVal = c.version >= 20 ? -2 : c.getInt("axis", 1);
  if (c.version >= 20 && c.input(2)) {
    auto a = c.intsInput(2, "axis");
    if (failed(a))
      return failure();
    if (a->size() != 1)
      return c.error() << "axis must be a scalar";
    axisVal = a->front();
  }
  auto axis = c.normalizeAxis(axisVal, rank, "axis");
  if (failed(axis))
    return failure();
  if (*axis == rank - 1)
    return c.error() << "axis must not be the last (real/imaginary) dim";
  bool inverse = c.getInt("inverse", 0), onesided = c.getInt("onesided", 0);
  int64_t n = xt.getDimSize(*axis);
  bool irfft = inverse && onesided;
  int64_t len = irfft ? 2 * (n - 1) : n;
  if (c.input(1)) {
    auto l = c.intsInput(1, "dft_length");
    if (failed(l))
      return failure();
    if (l->size() != 1)
      return c.error() << "dft_length must be a scalar";
    len = l->front();
  }
  if (len < 1 || len > 16384)
    return c.error() << "dft_length " << len << " is out of range (1..16384)";
  Emit e{c};
  return e.set(0, dftAlong(c, e, *x, *axis, len, inverse, onesided));
}

/// STFT-17: frames gathered with constant indices, weighted by the window,
/// then a DFT of frame_length along the frame axis.
LogicalResult convertSTFT(NodeContext &c) {
  auto x = c.required(0);
  if (failed(x))
    return failure();
  if (failed(requireStatic(c, {0, 2})))
    return failure();
  auto step = c.intsInput(1, "frame_step");
  if (failed(step))
    return failure();
  auto xt = c.typeOf(*x);
  if (xt.getRank() != 3 || !isa<FloatType>(xt.getElementType()) ||
      (xt.getDimSize(2) != 1 && xt.getDimSize(2) != 2))
    return c.error() << "the signal must be a float tensor [batch, length, "
                        "1 or 2], got "
                     << xt;
  Value window = c.input(2);
  int64_t length = xt.getDimSize(1);
  int64_t frameLen = window ? c.typeOf(window).getDimSize(0) : length;
  if (c.input(3)) {
    auto fl = c.intsInput(3, "frame_length");
    if (failed(fl))
      return failure();
    frameLen = fl->front();
  }
  if (step->size() != 1 || step->front() < 1 || frameLen < 1 ||
      frameLen > length || frameLen > 16384)
    return c.error() << "frame_step must be a positive scalar and "
                        "frame_length in 1..min(signal length, 16384)";
  if (window && (c.typeOf(window).getRank() != 1 ||
                 c.typeOf(window).getDimSize(0) != frameLen))
    return c.error() << "window must have shape [" << frameLen << "]";
  int64_t frames = 1 + (length - frameLen) / step->front();
  SmallVector<int64_t> idx;
  for (int64_t f = 0; f < frames; ++f)
    for (int64_t t = 0; t < frameLen; ++t)
      idx.push_back(f * step->front() + t);
  Emit e{c};
  Value at = c.constant(DenseElementsAttr::get(
      RankedTensorType::get({frames, frameLen},
                            IntegerType::get(c.context(), 64)),
      ArrayRef(idx)));
  Value framed = e.op<graph::GatherOp>(*x, at, 1);
  if (window)
    framed = e.mul(framed, e.reshape(window, {1, 1, frameLen, 1}));
  if (!e.ok)
    return failure();
  return e.set(0, dftAlong(c, e, framed, 2, frameLen, false,
                           c.getInt("onesided", 1) != 0));
}

} // namespace

void strata::onnx::registerSignalOps(llvm::StringMap<OpInfo> &ops) {
  ops["HannWindow"] = {{17}, 17, window(0.5, 0.5, 0)};
  ops["HammingWindow"] = {{17}, 17, window(25.0 / 46.0, 21.0 / 46.0, 0)};
  ops["BlackmanWindow"] = {{17}, 17, window(0.42, 0.5, 0.08)};
  ops["MelWeightMatrix"] = {{17}, 17, convertMelWeightMatrix};
  // DFT-20 takes axis as an input (default -2), DFT-17 as an attribute.
  ops["DFT"] = {{17, 20}, 17, convertDFT};
  ops["STFT"] = {{17}, 17, convertSTFT};
}
