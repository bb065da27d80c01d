//===- Tensor.cpp - strata-rt host tensors --------------------------------===//
//
// Dense, row-major, zero-filled host tensors with 64-byte aligned data, the
// buffers that artifacts read and write. Every size is checked before it is
// allocated so that a hostile shape reports an error instead of crashing.
//
//===----------------------------------------------------------------------===//

#include "lib/Runtime/Internal.h"

#include <cstdlib>
#include <cstring>
#include <new>

using namespace strata::rt;

// 64 bytes: a cache line, and enough for any vector width a CPU kernel uses.
static constexpr size_t kAlignment = 64;

strata_status strata_tensor_create(strata_dtype dtype, int32_t rank,
                                   const int64_t *dims, strata_tensor **out) {
  if (!out)
    return fail(STRATA_ERROR_INVALID_ARGUMENT,
                "strata_tensor_create: out is NULL");
  *out = nullptr;
  ShapeCheck check = checkShape(dtype, rank, dims);
  if (check.problem != ShapeProblem::None) {
    char why[256];
    describeShapeProblem(check, dtype, rank, dims, why, sizeof(why));
    return fail(check.problem == ShapeProblem::Overflow
                    ? STRATA_ERROR_OUT_OF_MEMORY
                    : STRATA_ERROR_INVALID_ARGUMENT,
                "strata_tensor_create: %s", why);
  }
  char type[kTypeBufferSize];
  formatType(dtype, rank, dims, type, sizeof(type));
  if (check.byteSize > STRATA_MAX_TENSOR_BYTES)
    return fail(STRATA_ERROR_OUT_OF_MEMORY,
                "strata_tensor_create: %s needs %llu bytes, more than the "
                "%llu-byte (16 GiB) limit",
                type, static_cast<unsigned long long>(check.byteSize),
                static_cast<unsigned long long>(STRATA_MAX_TENSOR_BYTES));

  // Round up so aligned_alloc's size is a multiple of the alignment, and
  // allocate at least one line so data is never NULL, even when empty.
  size_t allocSize = (static_cast<size_t>(check.byteSize) + kAlignment - 1) /
                     kAlignment * kAlignment;
  if (allocSize == 0)
    allocSize = kAlignment;
  auto *tensor = new (std::nothrow) strata_tensor();
  void *data = tensor ? std::aligned_alloc(kAlignment, allocSize) : nullptr;
  if (!data) {
    delete tensor;
    return fail(STRATA_ERROR_OUT_OF_MEMORY,
                "strata_tensor_create: cannot allocate %llu bytes for %s",
                static_cast<unsigned long long>(allocSize), type);
  }
  std::memset(data, 0, allocSize);
  tensor->dtype = dtype;
  tensor->rank = rank;
  for (int32_t i = 0; i < rank; ++i)
    tensor->dims[i] = dims[i];
  tensor->numElements = check.numElements;
  tensor->byteSize = static_cast<size_t>(check.byteSize);
  tensor->data = data;
  *out = tensor;
  return STRATA_OK;
}

strata_status strata_tensor_create_like(const strata_tensor_desc *desc,
                                        strata_tensor **out) {
  if (!desc) {
    if (out)
      *out = nullptr;
    return fail(STRATA_ERROR_INVALID_ARGUMENT,
                "strata_tensor_create_like: desc is NULL");
  }
  return strata_tensor_create(static_cast<strata_dtype>(desc->dtype),
                              desc->rank, desc->dims, out);
}

void strata_tensor_free(strata_tensor *tensor) {
  if (!tensor)
    return;
  std::free(tensor->data);
  delete tensor;
}

void *strata_tensor_data(strata_tensor *tensor) {
  if (!tensor) {
    fail(STRATA_ERROR_INVALID_ARGUMENT, "strata_tensor_data: tensor is NULL");
    return nullptr;
  }
  return tensor->data;
}

size_t strata_tensor_byte_size(const strata_tensor *tensor) {
  if (!tensor) {
    fail(STRATA_ERROR_INVALID_ARGUMENT,
         "strata_tensor_byte_size: tensor is NULL");
    return 0;
  }
  return tensor->byteSize;
}

int64_t strata_tensor_num_elements(const strata_tensor *tensor) {
  if (!tensor) {
    fail(STRATA_ERROR_INVALID_ARGUMENT,
         "strata_tensor_num_elements: tensor is NULL");
    return -1;
  }
  return static_cast<int64_t>(tensor->numElements);
}

strata_dtype strata_tensor_dtype(const strata_tensor *tensor) {
  if (!tensor) {
    fail(STRATA_ERROR_INVALID_ARGUMENT, "strata_tensor_dtype: tensor is NULL");
    return STRATA_DTYPE_INVALID;
  }
  return tensor->dtype;
}

int32_t strata_tensor_rank(const strata_tensor *tensor) {
  if (!tensor) {
    fail(STRATA_ERROR_INVALID_ARGUMENT, "strata_tensor_rank: tensor is NULL");
    return -1;
  }
  return tensor->rank;
}

const int64_t *strata_tensor_dims(const strata_tensor *tensor) {
  if (!tensor) {
    fail(STRATA_ERROR_INVALID_ARGUMENT, "strata_tensor_dims: tensor is NULL");
    return nullptr;
  }
  return tensor->dims;
}
