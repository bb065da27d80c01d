//===- Error.cpp - strata-rt error messages and shape arithmetic ----------===//
//
// The thread-local last-error message and the checked size computations
// every other runtime file uses, so that each failure names what failed in
// the same words.
//
//===----------------------------------------------------------------------===//

#include "lib/Runtime/Internal.h"

#include <cstdarg>
#include <cstdio>

using namespace strata::rt;

// Byte sizes are computed in 64 bits and used as size_t.
static_assert(sizeof(size_t) >= sizeof(uint64_t),
              "strata-rt needs a 64-bit host");

// A fixed buffer rather than std::string: setting an error must not allocate
// (it reports allocation failures too) and the pointer strata_last_error
// returns stays valid for the thread's lifetime.
static thread_local char lastError[4096];

strata_status strata::rt::fail(strata_status status, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  vsnprintf(lastError, sizeof(lastError), fmt, args);
  va_end(args);
  return status;
}

bool strata::rt::isValidDtype(int32_t dtype) {
  return dtype >= STRATA_DTYPE_F32 && dtype <= STRATA_DTYPE_U2;
}

ShapeCheck strata::rt::checkShape(int32_t dtype, int32_t rank,
                                  const int64_t *dims) {
  ShapeCheck check;
  if (!isValidDtype(dtype)) {
    check.problem = ShapeProblem::BadDtype;
    return check;
  }
  if (rank < 0 || rank > STRATA_MAX_RANK) {
    check.problem = ShapeProblem::BadRank;
    return check;
  }
  if (rank > 0 && !dims) {
    check.problem = ShapeProblem::NullDims;
    return check;
  }
  // First pass for sign and zero: a zero dim makes the tensor empty even if
  // the product of the other dims would overflow.
  bool empty = false;
  for (int32_t i = 0; i < rank; ++i) {
    if (dims[i] < 0) {
      check.problem = ShapeProblem::NegativeDim;
      check.dim = i;
      return check;
    }
    empty |= dims[i] == 0;
  }
  uint64_t elements = 1;
  if (empty) {
    elements = 0;
  } else {
    for (int32_t i = 0; i < rank; ++i) {
      if (__builtin_mul_overflow(elements, static_cast<uint64_t>(dims[i]),
                                 &elements)) {
        check.problem = ShapeProblem::Overflow;
        return check;
      }
    }
  }
  uint64_t bytes = 0;
  if (__builtin_mul_overflow(elements,
                             static_cast<uint64_t>(strata_dtype_size(
                                 static_cast<strata_dtype>(dtype))),
                             &bytes)) {
    check.problem = ShapeProblem::Overflow;
    return check;
  }
  check.numElements = elements;
  check.byteSize = bytes;
  return check;
}

void strata::rt::describeShapeProblem(const ShapeCheck &check, int32_t dtype,
                                      int32_t rank, const int64_t *dims,
                                      char *buf, size_t size) {
  switch (check.problem) {
  case ShapeProblem::None:
    snprintf(buf, size, "no problem");
    return;
  case ShapeProblem::BadDtype:
    snprintf(buf, size, "dtype %d is not a strata_dtype (valid: 1..9)", dtype);
    return;
  case ShapeProblem::BadRank:
    snprintf(buf, size, "rank %d is outside 0..%d", rank, STRATA_MAX_RANK);
    return;
  case ShapeProblem::NullDims:
    snprintf(buf, size, "rank is %d but dims is NULL", rank);
    return;
  case ShapeProblem::NegativeDim:
    snprintf(buf, size, "dim %d is %lld; dims must be >= 0", check.dim,
             static_cast<long long>(dims[check.dim]));
    return;
  case ShapeProblem::Overflow: {
    char type[kTypeBufferSize];
    formatType(dtype, rank, dims, type, sizeof(type));
    snprintf(buf, size, "the size of %s overflows 64 bits", type);
    return;
  }
  }
  snprintf(buf, size, "unknown shape problem");
}

void strata::rt::formatType(int32_t dtype, int32_t rank, const int64_t *dims,
                            char *buf, size_t size) {
  size_t used = static_cast<size_t>(snprintf(
      buf, size, "%s[", strata_dtype_name(static_cast<strata_dtype>(dtype))));
  for (int32_t i = 0; i < rank && used < size; ++i)
    used += static_cast<size_t>(snprintf(buf + used, size - used, "%s%lld",
                                         i ? "x" : "",
                                         static_cast<long long>(dims[i])));
  if (used < size)
    snprintf(buf + used, size - used, "]");
}

//===----------------------------------------------------------------------===//
// C API
//===----------------------------------------------------------------------===//

const char *strata_last_error(void) { return lastError; }

void strata_clear_error(void) { lastError[0] = '\0'; }

const char *strata_status_name(strata_status status) {
  switch (status) {
  case STRATA_OK:
    return "ok";
  case STRATA_ERROR_INVALID_ARGUMENT:
    return "invalid argument";
  case STRATA_ERROR_NOT_FOUND:
    return "not found";
  case STRATA_ERROR_LOAD:
    return "load error";
  case STRATA_ERROR_ABI:
    return "ABI error";
  case STRATA_ERROR_UNAVAILABLE:
    return "unavailable";
  case STRATA_ERROR_OUT_OF_MEMORY:
    return "out of memory";
  case STRATA_ERROR_RUN:
    return "run error";
  }
  return "unknown status";
}

size_t strata_dtype_size(strata_dtype dtype) {
  switch (dtype) {
  case STRATA_DTYPE_F32:
  case STRATA_DTYPE_I32:
    return 4;
  case STRATA_DTYPE_F16:
  case STRATA_DTYPE_BF16:
    return 2;
  case STRATA_DTYPE_I8:
  case STRATA_DTYPE_BOOL:
    return 1;
  case STRATA_DTYPE_I64:
  case STRATA_DTYPE_F64:
    return 8;
  case STRATA_DTYPE_I16:
  case STRATA_DTYPE_U16:
    return 2;
  case STRATA_DTYPE_U8:
  case STRATA_DTYPE_F8E4M3FN:
  case STRATA_DTYPE_F8E4M3FNUZ:
  case STRATA_DTYPE_F8E5M2:
  case STRATA_DTYPE_F8E5M2FNUZ:
  case STRATA_DTYPE_F4E2M1FN:
  case STRATA_DTYPE_F8E8M0FNU:
  case STRATA_DTYPE_I4:
  case STRATA_DTYPE_U4:
  case STRATA_DTYPE_I2:
  case STRATA_DTYPE_U2:
    return 1;
  case STRATA_DTYPE_U32:
    return 4;
  case STRATA_DTYPE_U64:
    return 8;
  case STRATA_DTYPE_INVALID:
    return 0;
  }
  // Values outside the enum can arrive from C callers and artifacts.
  return 0;
}

const char *strata_dtype_name(strata_dtype dtype) {
  switch (dtype) {
  case STRATA_DTYPE_F32:
    return "f32";
  case STRATA_DTYPE_F16:
    return "f16";
  case STRATA_DTYPE_BF16:
    return "bf16";
  case STRATA_DTYPE_I8:
    return "i8";
  case STRATA_DTYPE_I32:
    return "i32";
  case STRATA_DTYPE_I64:
    return "i64";
  case STRATA_DTYPE_BOOL:
    return "bool";
  case STRATA_DTYPE_F64:
    return "f64";
  case STRATA_DTYPE_I16:
    return "i16";
  case STRATA_DTYPE_U8:
    return "u8";
  case STRATA_DTYPE_U16:
    return "u16";
  case STRATA_DTYPE_U32:
    return "u32";
  case STRATA_DTYPE_U64:
    return "u64";
  case STRATA_DTYPE_F8E4M3FN:
    return "f8e4m3fn";
  case STRATA_DTYPE_F8E4M3FNUZ:
    return "f8e4m3fnuz";
  case STRATA_DTYPE_F8E5M2:
    return "f8e5m2";
  case STRATA_DTYPE_F8E5M2FNUZ:
    return "f8e5m2fnuz";
  case STRATA_DTYPE_F4E2M1FN:
    return "f4e2m1fn";
  case STRATA_DTYPE_F8E8M0FNU:
    return "f8e8m0fnu";
  case STRATA_DTYPE_I4:
    return "i4";
  case STRATA_DTYPE_U4:
    return "u4";
  case STRATA_DTYPE_I2:
    return "i2";
  case STRATA_DTYPE_U2:
    return "u2";
  case STRATA_DTYPE_INVALID:
    return "invalid";
  }
  return "invalid";
}
