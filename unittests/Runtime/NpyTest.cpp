//===- NpyTest.cpp - strata-rt .npy reading and writing -------------------===//
//
// Every dtype survives a write/read round trip, and every malformed file
// (built byte by byte here) is refused with a message naming the file and
// the defect rather than crashing. numpy interoperability itself is checked
// by the lit tests in test/Tools/strata-run, which use the real numpy.
//
//===----------------------------------------------------------------------===//

#include "unittests/Runtime/TestUtil.h"

#include <cstring>
#include <fstream>
#include <sstream>

using namespace strata::rt::test;
using ::testing::HasSubstr;

namespace {

/// A .npy file: magic, version, little-endian header length, header, data.
std::string npy(const std::string &header, const std::string &data,
                int major = 1) {
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  uint32_t size = static_cast<uint32_t>(header.size());
  int lengthBytes = major == 1 ? 2 : 4;
  for (int i = 0; i < lengthBytes; ++i)
    out += static_cast<char>((size >> (8 * i)) & 0xff);
  return out + header + data;
}

std::string dict(const std::string &descr, const std::string &shape,
                 const char *fortran = "False") {
  return "{'descr': '" + descr + "', 'fortran_order': " + fortran +
         ", 'shape': " + shape + ", }\n";
}

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class NpyTest : public ::testing::Test {
protected:
  /// Writes `bytes` and expects loading them to fail with `status`; returns
  /// the message.
  std::string loadError(const std::string &bytes,
                        strata_status status = STRATA_ERROR_INVALID_ARGUMENT) {
    std::string path = dir.write("bad.npy", bytes);
    strata_tensor *t = reinterpret_cast<strata_tensor *>(0x1);
    strata_clear_error();
    EXPECT_EQ(strata_tensor_load_npy(path.c_str(), &t), status);
    EXPECT_EQ(t, nullptr);
    std::string message = strata_last_error();
    EXPECT_THAT(message, HasSubstr(path));
    return message;
  }

  TensorPtr load(const std::string &bytes) {
    std::string path = dir.write("good.npy", bytes);
    strata_tensor *t = nullptr;
    EXPECT_EQ(strata_tensor_load_npy(path.c_str(), &t), STRATA_OK)
        << strata_last_error();
    return TensorPtr(t);
  }

  ScratchDir dir;
};

TEST_F(NpyTest, RoundTripEveryDtype) {
  for (strata_dtype dtype :
       {STRATA_DTYPE_F32, STRATA_DTYPE_F16, STRATA_DTYPE_I8, STRATA_DTYPE_I32,
        STRATA_DTYPE_I64, STRATA_DTYPE_BOOL, STRATA_DTYPE_F64, STRATA_DTYPE_I16,
        STRATA_DTYPE_U8, STRATA_DTYPE_U16, STRATA_DTYPE_U32,
        STRATA_DTYPE_U64, STRATA_DTYPE_BF16, STRATA_DTYPE_F8E4M3FN,
        STRATA_DTYPE_F8E4M3FNUZ, STRATA_DTYPE_F8E5M2, STRATA_DTYPE_F8E5M2FNUZ,
        STRATA_DTYPE_F4E2M1FN, STRATA_DTYPE_F8E8M0FNU, STRATA_DTYPE_I4,
        STRATA_DTYPE_U4, STRATA_DTYPE_I2, STRATA_DTYPE_U2}) {
    TensorPtr t = makeTensor(dtype, {3, 1, 2});
    auto *bytes = static_cast<unsigned char *>(strata_tensor_data(t.get()));
    // Sub-byte types keep the bits above the value zero.
    unsigned mask = dtype == STRATA_DTYPE_BOOL ? 1
                    : (dtype == STRATA_DTYPE_I2 || dtype == STRATA_DTYPE_U2)
                        ? 3
                    : (dtype == STRATA_DTYPE_I4 || dtype == STRATA_DTYPE_U4 ||
                       dtype == STRATA_DTYPE_F4E2M1FN)
                        ? 15
                        : 255;
    for (size_t i = 0; i < strata_tensor_byte_size(t.get()); ++i)
      bytes[i] = static_cast<unsigned char>((i + 1) & mask);
    std::string path = dir.file(std::string(strata_dtype_name(dtype)) + ".npy");
    ASSERT_EQ(strata_tensor_save_npy(t.get(), path.c_str()), STRATA_OK)
        << strata_last_error();
    // numpy's layout: the data starts on a 64-byte boundary.
    std::string file = readFile(path);
    EXPECT_EQ((file.size() - strata_tensor_byte_size(t.get())) % 64, 0u);
    strata_tensor *back = nullptr;
    ASSERT_EQ(strata_tensor_load_npy(path.c_str(), &back), STRATA_OK)
        << strata_last_error();
    TensorPtr owner(back);
    EXPECT_EQ(strata_tensor_dtype(back), dtype);
    ASSERT_EQ(strata_tensor_rank(back), 3);
    EXPECT_EQ(strata_tensor_dims(back)[0], 3);
    EXPECT_EQ(strata_tensor_dims(back)[2], 2);
    ASSERT_EQ(strata_tensor_byte_size(back), strata_tensor_byte_size(t.get()));
    EXPECT_EQ(std::memcmp(strata_tensor_data(back), bytes,
                          strata_tensor_byte_size(back)),
              0);
  }
}

TEST_F(NpyTest, WritesNumpyHeaders) {
  TensorPtr scalar = makeTensor(STRATA_DTYPE_I64, {});
  TensorPtr vector = makeTensor(STRATA_DTYPE_BOOL, {4});
  ASSERT_EQ(strata_tensor_save_npy(scalar.get(), dir.file("s.npy").c_str()),
            STRATA_OK);
  ASSERT_EQ(strata_tensor_save_npy(vector.get(), dir.file("v.npy").c_str()),
            STRATA_OK);
  EXPECT_THAT(readFile(dir.file("s.npy")),
              HasSubstr("{'descr': '<i8', 'fortran_order': False, "
                        "'shape': (), }"));
  EXPECT_THAT(readFile(dir.file("v.npy")),
              HasSubstr("{'descr': '|b1', 'fortran_order': False, "
                        "'shape': (4,), }"));
}

TEST_F(NpyTest, ReadsVersionsAndVariants) {
  std::string data(8, '\0');
  data[0] = 1;
  for (int major : {1, 2, 3}) {
    TensorPtr t = load(npy(dict("<f4", "(2,)"), data, major));
    ASSERT_TRUE(t) << "version " << major;
    EXPECT_EQ(strata_tensor_dtype(t.get()), STRATA_DTYPE_F32);
  }
  // Double quotes, a list shape, no trailing comma, '=' order; '|u1' is u8
  // (bool is '|b1' only), the wider unsigned codes are u16..u64.
  TensorPtr t = load(npy("{\"descr\": \"=i4\", \"shape\": [2], "
                         "\"fortran_order\": False}   \n",
                         data));
  ASSERT_TRUE(t);
  EXPECT_EQ(strata_tensor_dtype(t.get()), STRATA_DTYPE_I32);
  TensorPtr u8 = load(npy(dict("|u1", "(2, 1)"), std::string("\1\0", 2)));
  ASSERT_TRUE(u8);
  EXPECT_EQ(strata_tensor_dtype(u8.get()), STRATA_DTYPE_U8);
  TensorPtr u8big = load(npy(dict("|u1", "(2,)"), std::string("\xff\x07", 2)));
  ASSERT_TRUE(u8big); // not a bool: any byte value is fine
  EXPECT_EQ(static_cast<const uint8_t *>(strata_tensor_data(u8big.get()))[0],
            0xffu);
  for (auto [descr, dtype] :
       {std::pair<const char *, strata_dtype>{"<u2", STRATA_DTYPE_U16},
        {"<u4", STRATA_DTYPE_U32},
        {"<u8", STRATA_DTYPE_U64}}) {
    size_t size = strata_dtype_size(dtype);
    TensorPtr u = load(npy(dict(descr, "(2,)"), std::string(2 * size, '\x01')));
    ASSERT_TRUE(u) << descr;
    EXPECT_EQ(strata_tensor_dtype(u.get()), dtype) << descr;
  }
  TensorPtr empty = load(npy(dict("<f2", "(0, 3)"), ""));
  ASSERT_TRUE(empty);
  EXPECT_EQ(strata_tensor_byte_size(empty.get()), 0u);
}

TEST_F(NpyTest, LowPrecisionTypesUseMlDtypesNames) {
  // numpy has no such dtypes; the ml_dtypes package names them.
  for (auto [dtype, descr] :
       {std::pair<strata_dtype, const char *>{STRATA_DTYPE_BF16, "bfloat16"},
        {STRATA_DTYPE_F8E4M3FN, "float8_e4m3fn"},
        {STRATA_DTYPE_F8E4M3FNUZ, "float8_e4m3fnuz"},
        {STRATA_DTYPE_F8E5M2, "float8_e5m2"},
        {STRATA_DTYPE_F8E5M2FNUZ, "float8_e5m2fnuz"},
        {STRATA_DTYPE_F4E2M1FN, "float4_e2m1fn"},
        {STRATA_DTYPE_F8E8M0FNU, "float8_e8m0fnu"},
        {STRATA_DTYPE_I4, "int4"},
        {STRATA_DTYPE_U4, "uint4"},
        {STRATA_DTYPE_I2, "int2"},
        {STRATA_DTYPE_U2, "uint2"}}) {
    TensorPtr t = makeTensor(dtype, {2});
    std::string path = dir.file(std::string(descr) + ".npy");
    ASSERT_EQ(strata_tensor_save_npy(t.get(), path.c_str()), STRATA_OK)
        << strata_last_error();
    EXPECT_THAT(readFile(path),
                HasSubstr(std::string("{'descr': '") + descr +
                          "', 'fortran_order': False, 'shape': (2,), }"));
    TensorPtr back = load(npy(dict(descr, "(2,)"),
                              std::string(2 * strata_dtype_size(dtype), 1)));
    ASSERT_TRUE(back) << descr;
    EXPECT_EQ(strata_tensor_dtype(back.get()), dtype) << descr;
    EXPECT_EQ(strata_dtype_size(dtype), dtype == STRATA_DTYPE_BF16 ? 2u : 1u);
  }
}

TEST_F(NpyTest, SubByteValuesMustFitTheirBits) {
  EXPECT_THAT(loadError(npy(dict("int4", "(2,)"), std::string("\x0f\x1f", 2))),
              HasSubstr("i4 element 1 is the byte 31, which has bits set "
                        "above its low 4"));
  EXPECT_THAT(loadError(npy(dict("uint2", "(1,)"), std::string("\x04", 1))),
              HasSubstr("u2 element 0 is the byte 4"));
  EXPECT_THAT(
      loadError(npy(dict("float4_e2m1fn", "(1,)"), std::string("\xf0", 1))),
      HasSubstr("f4e2m1fn element 0"));
  // float8 uses the whole byte.
  EXPECT_TRUE(load(npy(dict("float8_e5m2", "(1,)"), std::string("\xff", 1))));
}

TEST_F(NpyTest, MissingFileAndBadArguments) {
  strata_tensor *t = nullptr;
  EXPECT_EQ(strata_tensor_load_npy("/nonexistent/x.npy", &t),
            STRATA_ERROR_NOT_FOUND);
  EXPECT_STREQ(strata_last_error(),
               "cannot open '/nonexistent/x.npy': No such file or directory");
  EXPECT_EQ(strata_tensor_load_npy(dir.path().c_str(), &t),
            STRATA_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(strata_last_error(), HasSubstr("not a regular file"));
  EXPECT_EQ(strata_tensor_load_npy(nullptr, &t), STRATA_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(strata_tensor_load_npy("x.npy", nullptr),
            STRATA_ERROR_INVALID_ARGUMENT);
  TensorPtr ok = makeTensor(STRATA_DTYPE_F32, {1});
  EXPECT_EQ(strata_tensor_save_npy(nullptr, "x.npy"),
            STRATA_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(strata_tensor_save_npy(ok.get(), "/nonexistent/dir/x.npy"),
            STRATA_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(strata_last_error(),
              HasSubstr("cannot write '/nonexistent/dir/x.npy'"));
}

TEST_F(NpyTest, HostilePreambles) {
  EXPECT_THAT(loadError(""), HasSubstr("truncated: 0 bytes"));
  EXPECT_THAT(loadError("\x93NUMPY\x01"), HasSubstr("truncated: 7 bytes"));
  EXPECT_THAT(loadError("PK\x03\x04 this is a zip file"),
              HasSubstr("bad magic"));
  EXPECT_THAT(loadError(npy(dict("<f4", "(1,)"), "abcd", 4)),
              HasSubstr("unsupported format version 4.0"));
  std::string minor = npy(dict("<f4", "(1,)"), "abcd");
  minor[7] = 5;
  EXPECT_THAT(loadError(minor), HasSubstr("unsupported format version 1.5"));
  // The length field claims more header than the file holds.
  std::string header = dict("<f4", "(1,)");
  EXPECT_THAT(loadError(npy(header, "").substr(0, 30)),
              HasSubstr("truncated: the header needs"));
  std::string huge = "\x93NUMPY\x02";
  huge += std::string("\0\xff\xff\xff\x7f", 5);
  EXPECT_THAT(loadError(huge + "{}"),
              HasSubstr("header of 2147483647 bytes is larger than the 1 MiB "
                        "limit"));
}

TEST_F(NpyTest, HostileHeaders) {
  EXPECT_THAT(loadError(npy("not a dict\n", "")),
              HasSubstr("bad header: header is not a dict"));
  EXPECT_THAT(loadError(npy("{'descr': '<f4', 'shape': (1,)}\n", "abcd")),
              HasSubstr("header lacks 'fortran_order'"));
  EXPECT_THAT(loadError(npy("{'descr': '<f4', 'fortran_order': False, "
                            "'shape': (1,), 'extra': 1}\n",
                            "abcd")),
              HasSubstr("unexpected key 'extra'"));
  EXPECT_THAT(loadError(npy(dict("<f4", "(-1,)"), "")),
              HasSubstr("non-negative integers"));
  EXPECT_THAT(loadError(npy(dict("<f4", "(99999999999999999999,)"), "")),
              HasSubstr("overflows 64 bits"));
  EXPECT_THAT(
      loadError(npy(dict("<f4", "(1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1)"), "")),
      HasSubstr("more than 16 dimensions"));
  EXPECT_THAT(loadError(npy(dict("<f4", "(1,)", "Maybe"), "abcd")),
              HasSubstr("'fortran_order' is not True or False"));
  EXPECT_THAT(loadError(npy("{'descr': '<f4', 'fortran_order': False, "
                            "'shape': (1,), } trailing\n",
                            "abcd")),
              HasSubstr("unexpected text after the header dict"));
  EXPECT_THAT(loadError(npy("{'descr': '<f4", "")),
              HasSubstr("'descr' is not a string"));
}

TEST_F(NpyTest, HostileContents) {
  EXPECT_THAT(loadError(npy(dict("<c8", "(1,)"), std::string(8, '\0'))),
              HasSubstr("unsupported dtype '<c8'"));
  EXPECT_THAT(loadError(npy(dict(">f4", "(1,)"), "abcd")),
              HasSubstr("unsupported dtype '>f4'"));
  EXPECT_THAT(loadError(npy(dict("<f4", "(2, 2)", "True"), std::string(16, 0))),
              HasSubstr("fortran_order is True"));
  EXPECT_THAT(loadError(npy(dict("<f4", "(2, 3)"), std::string(20, '\0'))),
              HasSubstr("data size mismatch: the header says f32[2x3] (24 "
                        "bytes) but the file holds 20 bytes of data"));
  EXPECT_THAT(loadError(npy(dict("<f4", "(1,)"), std::string(5, '\0'))),
              HasSubstr("holds 5 bytes of data"));
  EXPECT_THAT(loadError(npy(dict("|b1", "(3,)"), std::string("\0\1\2", 3))),
              HasSubstr("bool element 2 is 2, expected 0 or 1"));
  EXPECT_THAT(loadError(npy(dict("<f4", "(4294967297,)"), ""),
                        STRATA_ERROR_OUT_OF_MEMORY),
              HasSubstr("(16 GiB) limit"));
}

} // namespace

namespace {

/// np.save writes ml_dtypes arrays as raw void bytes ('<V2' for bfloat16,
/// '|V1' for the one-byte types): strata_tensor_load_npy_as reads them as
/// the dtype the caller expects when that is an ml_dtypes type of the same
/// size, and refuses them otherwise, as strata_tensor_load_npy always does.
TEST_F(NpyTest, LoadAsReadsVoidDescrsOfTheExpectedMlDtype) {
  std::string bf16 =
      npy(dict("<V2", "(2,)"), std::string("\xc0\x3f\x10\xc0", 4));
  std::string path = dir.write("bf16.npy", bf16);
  strata_tensor *t = nullptr;
  ASSERT_EQ(strata_tensor_load_npy_as(path.c_str(), STRATA_DTYPE_BF16, &t),
            STRATA_OK)
      << strata_last_error();
  TensorPtr owned(t);
  EXPECT_EQ(strata_tensor_dtype(t), STRATA_DTYPE_BF16);
  const uint16_t *v = static_cast<const uint16_t *>(strata_tensor_data(t));
  EXPECT_EQ(v[0], 0x3fc0); // 1.5
  EXPECT_EQ(v[1], 0xc010); // -2.25

  std::string f8 = npy(dict("|V1", "(2,)"), std::string("\x38\xc1", 2));
  path = dir.write("f8.npy", f8);
  t = nullptr;
  ASSERT_EQ(strata_tensor_load_npy_as(path.c_str(), STRATA_DTYPE_F8E4M3FN, &t),
            STRATA_OK)
      << strata_last_error();
  TensorPtr owned8(t);
  EXPECT_EQ(strata_tensor_dtype(t), STRATA_DTYPE_F8E4M3FN);

  // A size that is not the expected type's, a non-ml_dtypes expectation,
  // and no expectation at all: refused, naming the descr.
  for (auto [bytes, expect] :
       {std::pair<std::string, strata_dtype>{bf16, STRATA_DTYPE_F8E4M3FN},
        {f8, STRATA_DTYPE_BF16},
        {bf16, STRATA_DTYPE_F16},
        {bf16, STRATA_DTYPE_INVALID}}) {
    path = dir.write("bad.npy", bytes);
    t = reinterpret_cast<strata_tensor *>(0x1);
    EXPECT_EQ(strata_tensor_load_npy_as(path.c_str(), expect, &t),
              STRATA_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(t, nullptr);
    EXPECT_THAT(std::string(strata_last_error()),
                HasSubstr("unsupported dtype"));
  }
  // A file's own dtype wins whatever is expected (the model then reports a
  // mismatch).
  std::string f32 = npy(dict("<f4", "(1,)"), std::string("\0\0\xc0\x3f", 4));
  path = dir.write("f32.npy", f32);
  t = nullptr;
  ASSERT_EQ(strata_tensor_load_npy_as(path.c_str(), STRATA_DTYPE_BF16, &t),
            STRATA_OK);
  TensorPtr owned32(t);
  EXPECT_EQ(strata_tensor_dtype(t), STRATA_DTYPE_F32);
}

} // namespace
