//===- FloatBits.h - f16 and bf16 bit patterns <-> float ----------*- C++ -*-===//
//
// The 16-bit float codecs the host tools share (strata-run, the layer
// checker, strata-cublas-gemm): IEEE binary16 and bfloat16 from and to f32,
// rounding to nearest even, as numpy, ml_dtypes and the GPU conversions do.
// Header-only and dependency-free, so that tools linking only strata-rt can
// use it.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_SUPPORT_FLOATBITS_H
#define STRATA_SUPPORT_FLOATBITS_H

#include <cmath>
#include <cstdint>
#include <cstring>

namespace strata::floatbits {

inline uint32_t bitsOf(float f) {
  uint32_t x;
  std::memcpy(&x, &f, sizeof(x));
  return x;
}

inline float floatOf(uint32_t x) {
  float f;
  std::memcpy(&f, &x, sizeof(f));
  return f;
}

/// IEEE binary16, rounding to nearest even; NaN stays a quiet NaN, overflow
/// becomes infinity.
inline uint16_t floatToHalf(float f) {
  uint32_t x = bitsOf(f);
  uint32_t sign = (x >> 16) & 0x8000;
  uint32_t exp = (x >> 23) & 0xff, mant = x & 0x7fffff;
  if (exp == 0xff) // inf or NaN (kept quiet)
    return static_cast<uint16_t>(sign | 0x7c00 | (mant ? 0x200 : 0));
  int32_t e = static_cast<int32_t>(exp) - 127 + 15;
  if (e >= 0x1f)
    return static_cast<uint16_t>(sign | 0x7c00);
  uint32_t half, rem, mid;
  if (e <= 0) { // subnormal half (or zero)
    if (e < -10)
      return static_cast<uint16_t>(sign);
    mant |= 0x800000;
    uint32_t shift = static_cast<uint32_t>(14 - e);
    half = mant >> shift;
    rem = mant & ((1u << shift) - 1);
    mid = 1u << (shift - 1);
  } else {
    half = (static_cast<uint32_t>(e) << 10) | (mant >> 13);
    rem = mant & 0x1fff;
    mid = 0x1000;
  }
  // A carry out of the mantissa correctly bumps the exponent.
  if (rem > mid || (rem == mid && (half & 1)))
    ++half;
  return static_cast<uint16_t>(sign | half);
}

inline float halfToFloat(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  uint32_t exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
  if (exp == 0) {
    float v = std::ldexp(static_cast<float>(mant), -24);
    return sign ? -v : v;
  }
  if (exp == 0x1f)
    return floatOf(sign | 0x7f800000 | (mant << 13));
  return floatOf(sign | ((exp + 112) << 23) | (mant << 13));
}

/// bfloat16: the top half of an f32, rounding to nearest even; NaN stays a
/// quiet NaN.
inline uint16_t floatToBf16(float f) {
  uint32_t x = bitsOf(f);
  if ((x & 0x7fffffff) > 0x7f800000)
    return static_cast<uint16_t>((x >> 16) | 0x40);
  x += 0x7fff + ((x >> 16) & 1);
  return static_cast<uint16_t>(x >> 16);
}

inline float bf16ToFloat(uint16_t b) {
  return floatOf(static_cast<uint32_t>(b) << 16);
}

} // namespace strata::floatbits

#endif // STRATA_SUPPORT_FLOATBITS_H
