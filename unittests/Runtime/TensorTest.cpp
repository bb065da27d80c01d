//===- TensorTest.cpp - strata-rt host tensors and dtypes -----------------===//
//
// Tensor creation must give zeroed, aligned buffers for every legal shape
// (scalars and empty tensors included) and refuse bad, overflowing or
// oversized shapes with a clear error; accessors must tolerate NULL.
//
//===----------------------------------------------------------------------===//

#include "unittests/Runtime/TestUtil.h"

#include <cstdint>
#include <limits>

using namespace strata::rt::test;
using ::testing::HasSubstr;

namespace {

/// Expects strata_tensor_create to fail with `status`; returns the message.
std::string createError(strata_dtype dtype, int32_t rank, const int64_t *dims,
                        strata_status status) {
  strata_clear_error();
  strata_tensor *t = reinterpret_cast<strata_tensor *>(0x1);
  EXPECT_EQ(strata_tensor_create(dtype, rank, dims, &t), status);
  EXPECT_EQ(t, nullptr);
  return strata_last_error();
}

TEST(TensorTest, CreateIsZeroedAndAligned) {
  TensorPtr t = makeTensor(STRATA_DTYPE_F32, {2, 3});
  ASSERT_TRUE(t);
  EXPECT_EQ(strata_tensor_dtype(t.get()), STRATA_DTYPE_F32);
  EXPECT_EQ(strata_tensor_rank(t.get()), 2);
  EXPECT_EQ(strata_tensor_dims(t.get())[0], 2);
  EXPECT_EQ(strata_tensor_dims(t.get())[1], 3);
  EXPECT_EQ(strata_tensor_num_elements(t.get()), 6);
  EXPECT_EQ(strata_tensor_byte_size(t.get()), 24u);
  void *data = strata_tensor_data(t.get());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(data) % 64, 0u);
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(static_cast<float *>(data)[i], 0.0f);
}

TEST(TensorTest, ByteSizePerDtype) {
  struct {
    strata_dtype dtype;
    size_t size;
    const char *name;
  } cases[] = {{STRATA_DTYPE_F32, 4, "f32"},   {STRATA_DTYPE_F16, 2, "f16"},
               {STRATA_DTYPE_BF16, 2, "bf16"}, {STRATA_DTYPE_I8, 1, "i8"},
               {STRATA_DTYPE_I32, 4, "i32"},   {STRATA_DTYPE_I64, 8, "i64"},
               {STRATA_DTYPE_BOOL, 1, "bool"}, {STRATA_DTYPE_F64, 8, "f64"},
               {STRATA_DTYPE_I16, 2, "i16"},   {STRATA_DTYPE_U8, 1, "u8"},
               {STRATA_DTYPE_U16, 2, "u16"},   {STRATA_DTYPE_U32, 4, "u32"},
               {STRATA_DTYPE_U64, 8, "u64"},
               {STRATA_DTYPE_F8E4M3FN, 1, "f8e4m3fn"},
               {STRATA_DTYPE_F8E4M3FNUZ, 1, "f8e4m3fnuz"},
               {STRATA_DTYPE_F8E5M2, 1, "f8e5m2"},
               {STRATA_DTYPE_F8E5M2FNUZ, 1, "f8e5m2fnuz"},
               {STRATA_DTYPE_F4E2M1FN, 1, "f4e2m1fn"},
               {STRATA_DTYPE_F8E8M0FNU, 1, "f8e8m0fnu"},
               {STRATA_DTYPE_I4, 1, "i4"},     {STRATA_DTYPE_U4, 1, "u4"},
               {STRATA_DTYPE_I2, 1, "i2"},     {STRATA_DTYPE_U2, 1, "u2"}};
  for (auto c : cases) {
    EXPECT_EQ(strata_dtype_size(c.dtype), c.size);
    EXPECT_STREQ(strata_dtype_name(c.dtype), c.name);
    TensorPtr t = makeTensor(c.dtype, {5});
    EXPECT_EQ(strata_tensor_byte_size(t.get()), 5 * c.size);
  }
  EXPECT_EQ(strata_dtype_size(STRATA_DTYPE_INVALID), 0u);
  EXPECT_STREQ(strata_dtype_name(STRATA_DTYPE_INVALID), "invalid");
  EXPECT_STREQ(strata_dtype_name(static_cast<strata_dtype>(99)), "invalid");
  EXPECT_EQ(strata_dtype_size(static_cast<strata_dtype>(-4)), 0u);
}

TEST(TensorTest, ScalarAndEmpty) {
  strata_tensor *scalar = nullptr;
  ASSERT_EQ(strata_tensor_create(STRATA_DTYPE_I64, 0, nullptr, &scalar),
            STRATA_OK);
  TensorPtr owner(scalar);
  EXPECT_EQ(strata_tensor_rank(scalar), 0);
  EXPECT_EQ(strata_tensor_num_elements(scalar), 1);
  EXPECT_EQ(strata_tensor_byte_size(scalar), 8u);

  TensorPtr empty = makeTensor(STRATA_DTYPE_F32, {0, 5});
  EXPECT_EQ(strata_tensor_byte_size(empty.get()), 0u);
  EXPECT_NE(strata_tensor_data(empty.get()), nullptr);

  // A zero dim makes the tensor empty even if the others would overflow.
  int64_t max = std::numeric_limits<int64_t>::max();
  int64_t dims[] = {max, 0, max};
  strata_tensor *t = nullptr;
  ASSERT_EQ(strata_tensor_create(STRATA_DTYPE_F32, 3, dims, &t), STRATA_OK);
  EXPECT_EQ(strata_tensor_num_elements(t), 0);
  strata_tensor_free(t);
}

TEST(TensorTest, BadShapes) {
  int64_t negative[] = {2, -2};
  EXPECT_EQ(
      createError(STRATA_DTYPE_F32, 2, negative, STRATA_ERROR_INVALID_ARGUMENT),
      "strata_tensor_create: dim 1 is -2; dims must be >= 0");
  int64_t many[17] = {1};
  EXPECT_EQ(
      createError(STRATA_DTYPE_F32, 17, many, STRATA_ERROR_INVALID_ARGUMENT),
      "strata_tensor_create: rank 17 is outside 0..16");
  EXPECT_THAT(
      createError(STRATA_DTYPE_F32, -1, many, STRATA_ERROR_INVALID_ARGUMENT),
      HasSubstr("rank -1 is outside 0..16"));
  EXPECT_EQ(
      createError(STRATA_DTYPE_F32, 2, nullptr, STRATA_ERROR_INVALID_ARGUMENT),
      "strata_tensor_create: rank is 2 but dims is NULL");
  int64_t one[] = {1};
  EXPECT_THAT(
      createError(STRATA_DTYPE_INVALID, 1, one, STRATA_ERROR_INVALID_ARGUMENT),
      HasSubstr("dtype 0 is not a strata_dtype"));
  EXPECT_THAT(createError(static_cast<strata_dtype>(24), 1, one,
                          STRATA_ERROR_INVALID_ARGUMENT),
              HasSubstr("dtype 24 is not a strata_dtype"));
  EXPECT_EQ(strata_tensor_create(STRATA_DTYPE_F32, 1, one, nullptr),
            STRATA_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(strata_last_error(), "strata_tensor_create: out is NULL");
}

TEST(TensorTest, OverflowIsOutOfMemory) {
  int64_t max = std::numeric_limits<int64_t>::max();
  int64_t elements[] = {max, 3};
  EXPECT_EQ(
      createError(STRATA_DTYPE_I8, 2, elements, STRATA_ERROR_OUT_OF_MEMORY),
      "strata_tensor_create: the size of i8[9223372036854775807x3] overflows "
      "64 bits");
  // The element count fits; times 8 bytes it does not.
  int64_t bytes[] = {int64_t(1) << 62};
  EXPECT_THAT(
      createError(STRATA_DTYPE_I64, 1, bytes, STRATA_ERROR_OUT_OF_MEMORY),
      HasSubstr("overflows 64 bits"));
}

TEST(TensorTest, SizeCap) {
  // One element past 16 GiB of f32 is refused before anything is allocated.
  int64_t over[] = {(int64_t(1) << 32) + 1};
  EXPECT_EQ(createError(STRATA_DTYPE_F32, 1, over, STRATA_ERROR_OUT_OF_MEMORY),
            "strata_tensor_create: f32[4294967297] needs 17179869188 bytes, "
            "more than the 17179869184-byte (16 GiB) limit");
  int64_t wide[] = {1 << 20, 1 << 20, 1 << 20};
  EXPECT_THAT(
      createError(STRATA_DTYPE_BOOL, 3, wide, STRATA_ERROR_OUT_OF_MEMORY),
      HasSubstr("(16 GiB) limit"));
}

TEST(TensorTest, CreateLike) {
  int64_t dims[] = {4, 1};
  strata_tensor_desc desc = {"x", STRATA_DTYPE_I32, 2, dims};
  strata_tensor *t = nullptr;
  ASSERT_EQ(strata_tensor_create_like(&desc, &t), STRATA_OK);
  TensorPtr owner(t);
  EXPECT_EQ(strata_tensor_byte_size(t), 16u);
  EXPECT_EQ(strata_tensor_create_like(nullptr, &t),
            STRATA_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(t, nullptr);
}

TEST(TensorTest, NullTensor) {
  strata_tensor_free(nullptr);
  strata_clear_error();
  EXPECT_EQ(strata_tensor_data(nullptr), nullptr);
  EXPECT_STREQ(strata_last_error(), "strata_tensor_data: tensor is NULL");
  EXPECT_EQ(strata_tensor_byte_size(nullptr), 0u);
  EXPECT_EQ(strata_tensor_num_elements(nullptr), -1);
  EXPECT_EQ(strata_tensor_dtype(nullptr), STRATA_DTYPE_INVALID);
  EXPECT_EQ(strata_tensor_rank(nullptr), -1);
  EXPECT_EQ(strata_tensor_dims(nullptr), nullptr);
}

TEST(TensorTest, StatusNames) {
  EXPECT_STREQ(strata_status_name(STRATA_OK), "ok");
  EXPECT_STREQ(strata_status_name(STRATA_ERROR_ABI), "ABI error");
  EXPECT_STREQ(strata_status_name(STRATA_ERROR_RUN), "run error");
  EXPECT_STREQ(strata_status_name(static_cast<strata_status>(77)),
               "unknown status");
}

} // namespace
