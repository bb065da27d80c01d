//===- Npy.cpp - strata-rt: read and write numpy .npy files ---------------===//
//
// A small .npy reader and writer so that tools and tests can feed artifacts
// data that numpy produced and hand results back to numpy. The reader treats
// every file as hostile: each length is checked against the file before it
// is used, and any surprise is an error naming the file, never a crash.
// Format:
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
//
//===----------------------------------------------------------------------===//

#include "lib/Runtime/Internal.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <sys/stat.h>
#include <vector>

using namespace strata::rt;

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;
// numpy itself refuses headers over 10,000 bytes by default; 1 MiB leaves
// room for any real shape while refusing to allocate what a hostile length
// field claims.
constexpr uint64_t kMaxHeaderSize = 1 << 20;

struct FileCloser {
  void operator()(FILE *f) const { std::fclose(f); }
};
using File = std::unique_ptr<FILE, FileCloser>;

struct TensorDeleter {
  void operator()(strata_tensor *t) const { strata_tensor_free(t); }
};
using TensorPtr = std::unique_ptr<strata_tensor, TensorDeleter>;

/// The dict in a .npy header: {'descr': '<f4', 'fortran_order': False,
/// 'shape': (2, 3), }.
struct Header {
  std::string descr;
  bool fortranOrder = false;
  std::vector<int64_t> shape;
};

/// Parses the Python literal numpy writes, and nothing more: string keys;
/// string, True/False or int-tuple values. Errors go to `error`.
class HeaderParser {
public:
  explicit HeaderParser(const std::string &text) : text(text) {}

  bool parse(Header &header, std::string &error) {
    bool haveDescr = false, haveOrder = false, haveShape = false;
    skipSpace();
    if (!consume('{'))
      return setError(error, "header is not a dict");
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      if (!parseString(key))
        return setError(error, "expected a quoted key");
      skipSpace();
      if (!consume(':'))
        return setError(error, "expected ':' after '" + key + "'");
      skipSpace();
      if (key == "descr") {
        if (!parseString(header.descr))
          return setError(error, "'descr' is not a string");
        haveDescr = true;
      } else if (key == "fortran_order") {
        if (consumeWord("True"))
          header.fortranOrder = true;
        else if (consumeWord("False"))
          header.fortranOrder = false;
        else
          return setError(error, "'fortran_order' is not True or False");
        haveOrder = true;
      } else if (key == "shape") {
        if (!parseShape(header.shape, error))
          return false;
        haveShape = true;
      } else {
        return setError(error, "unexpected key '" + key + "'");
      }
      skipSpace();
      if (consume('}'))
        break;
      if (!consume(','))
        return setError(error, "expected ',' or '}'");
    }
    for (; pos < text.size(); ++pos)
      if (!isSpace(text[pos]) && text[pos] != '\0')
        return setError(error, "unexpected text after the header dict");
    if (!haveDescr || !haveOrder || !haveShape)
      return setError(error, std::string("header lacks '") +
                                 (!haveDescr   ? "descr"
                                  : !haveOrder ? "fortran_order"
                                               : "shape") +
                                 "'");
    return true;
  }

private:
  static bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }
  void skipSpace() {
    while (pos < text.size() && isSpace(text[pos]))
      ++pos;
  }
  bool consume(char c) {
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  bool consumeWord(const char *word) {
    size_t n = std::strlen(word);
    if (text.compare(pos, n, word) != 0)
      return false;
    pos += n;
    return true;
  }
  bool parseString(std::string &out) {
    if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"'))
      return false;
    char quote = text[pos++];
    size_t end = text.find(quote, pos);
    // No escapes: numpy's keys and dtype strings never contain them.
    if (end == std::string::npos || text.find('\\', pos) < end)
      return false;
    out = text.substr(pos, end - pos);
    pos = end + 1;
    return true;
  }
  bool parseShape(std::vector<int64_t> &shape, std::string &error) {
    char close;
    if (consume('('))
      close = ')';
    else if (consume('['))
      close = ']';
    else
      return setError(error, "'shape' is not a tuple");
    while (true) {
      skipSpace();
      if (consume(close))
        return true;
      if (pos >= text.size() || text[pos] < '0' || text[pos] > '9')
        return setError(error, "'shape' holds something other than "
                               "non-negative integers");
      int64_t value = 0;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (__builtin_mul_overflow(value, 10, &value) ||
            __builtin_add_overflow(value, text[pos] - '0', &value))
          return setError(error, "a 'shape' entry overflows 64 bits");
        ++pos;
      }
      // numpy 1.x wrote Python 2 longs as "3L".
      consume('L');
      if (shape.size() == STRATA_MAX_RANK)
        return setError(error, "'shape' has more than " +
                                   std::to_string(STRATA_MAX_RANK) +
                                   " dimensions");
      shape.push_back(value);
      skipSpace();
      if (consume(close))
        return true;
      if (!consume(','))
        return setError(error, "expected ',' in 'shape'");
    }
  }
  static bool setError(std::string &error, const std::string &message) {
    error = message;
    return false;
  }

  const std::string &text;
  size_t pos = 0;
};

/// numpy has no bfloat16, float8, float4 or 4- and 2-bit integers; the
/// ml_dtypes package adds them, and a .npy file of such an array names the
/// type in 'descr' (np.load reads it back once ml_dtypes is imported).
/// Elements take one byte each, as the artifact ABI lays them out.
struct NamedDtype {
  const char *descr;
  strata_dtype dtype;
};
constexpr NamedDtype kNamedDtypes[] = {
    {"bfloat16", STRATA_DTYPE_BF16},
    {"float8_e4m3fn", STRATA_DTYPE_F8E4M3FN},
    {"float8_e4m3fnuz", STRATA_DTYPE_F8E4M3FNUZ},
    {"float8_e5m2", STRATA_DTYPE_F8E5M2},
    {"float8_e5m2fnuz", STRATA_DTYPE_F8E5M2FNUZ},
    {"float4_e2m1fn", STRATA_DTYPE_F4E2M1FN},
    {"float8_e8m0fnu", STRATA_DTYPE_F8E8M0FNU},
    {"int4", STRATA_DTYPE_I4},
    {"uint4", STRATA_DTYPE_U4},
    {"int2", STRATA_DTYPE_I2},
    {"uint2", STRATA_DTYPE_U2},
};

/// Maps a numpy dtype string to a strata dtype, or INVALID.
strata_dtype dtypeFromDescr(const std::string &descr) {
  for (const NamedDtype &n : kNamedDtypes)
    if (descr == n.descr)
      return n.dtype;
  if (descr.size() != 3)
    return STRATA_DTYPE_INVALID;
  // '=' is native order, which this (little-endian) host shares; one-byte
  // types carry '|' but numpy accepts any order character for them.
  char order = descr[0];
  std::string code = descr.substr(1);
  bool little = order == '<' || order == '=';
  bool anyOrder = little || order == '|';
  if (little && code == "f4")
    return STRATA_DTYPE_F32;
  if (little && code == "f2")
    return STRATA_DTYPE_F16;
  if (little && code == "f8")
    return STRATA_DTYPE_F64;
  if (little && code == "i2")
    return STRATA_DTYPE_I16;
  if (little && code == "i4")
    return STRATA_DTYPE_I32;
  if (little && code == "i8")
    return STRATA_DTYPE_I64;
  if (anyOrder && code == "i1")
    return STRATA_DTYPE_I8;
  if (anyOrder && code == "b1")
    return STRATA_DTYPE_BOOL;
  if (anyOrder && code == "u1")
    return STRATA_DTYPE_U8;
  if (little && code == "u2")
    return STRATA_DTYPE_U16;
  if (little && code == "u4")
    return STRATA_DTYPE_U32;
  if (little && code == "u8")
    return STRATA_DTYPE_U64;
  return STRATA_DTYPE_INVALID;
}

/// The descr numpy (with ml_dtypes for the low-precision types) reads for a
/// dtype; nullptr for invalid.
const char *descrForDtype(strata_dtype dtype) {
  for (const NamedDtype &n : kNamedDtypes)
    if (dtype == n.dtype)
      return n.descr;
  switch (dtype) {
  case STRATA_DTYPE_F32:
    return "<f4";
  case STRATA_DTYPE_F16:
    return "<f2";
  case STRATA_DTYPE_I8:
    return "|i1";
  case STRATA_DTYPE_I32:
    return "<i4";
  case STRATA_DTYPE_I64:
    return "<i8";
  case STRATA_DTYPE_BOOL:
    return "|b1";
  case STRATA_DTYPE_F64:
    return "<f8";
  case STRATA_DTYPE_I16:
    return "<i2";
  case STRATA_DTYPE_U8:
    return "|u1";
  case STRATA_DTYPE_U16:
    return "<u2";
  case STRATA_DTYPE_U32:
    return "<u4";
  case STRATA_DTYPE_U64:
    return "<u8";
  default:
    return nullptr;
  }
}

strata_status invalid(const char *path, const std::string &why) {
  return fail(STRATA_ERROR_INVALID_ARGUMENT,
              "'%s' is not a valid .npy file: %s", path, why.c_str());
}

/// Whether `dtype` is one of the ml_dtypes types (kNamedDtypes), which
/// np.save writes as a raw void descr ('<V2', '|V1') of its size.
bool isNamedDtype(strata_dtype dtype) {
  for (const NamedDtype &n : kNamedDtypes)
    if (n.dtype == dtype)
      return true;
  return false;
}

/// Reads `path`; `expect` (STRATA_DTYPE_INVALID: none) is the dtype a raw
/// void descr of its size stands for.
strata_status loadNpy(const char *path, strata_tensor **out,
                      strata_dtype expect = STRATA_DTYPE_INVALID) {
  File file(std::fopen(path, "rb"));
  if (!file)
    return fail(errno == ENOENT ? STRATA_ERROR_NOT_FOUND
                                : STRATA_ERROR_INVALID_ARGUMENT,
                "cannot open '%s': %s", path, std::strerror(errno));
  struct stat st;
  if (fstat(fileno(file.get()), &st) != 0 || !S_ISREG(st.st_mode))
    return fail(STRATA_ERROR_INVALID_ARGUMENT,
                "cannot read '%s': not a regular file", path);
  uint64_t fileSize = static_cast<uint64_t>(st.st_size);

  unsigned char preamble[12];
  if (fileSize < 10)
    return invalid(path, "truncated: " + std::to_string(fileSize) +
                             " bytes, shorter than the 10-byte preamble");
  if (std::fread(preamble, 1, 10, file.get()) != 10)
    return invalid(path, "cannot read the preamble");
  if (std::memcmp(preamble, kMagic, kMagicSize) != 0)
    return invalid(path, "bad magic (expected \\x93NUMPY)");
  unsigned major = preamble[6], minor = preamble[7];
  if (major < 1 || major > 3 || minor != 0)
    return invalid(path, "unsupported format version " + std::to_string(major) +
                             "." + std::to_string(minor) +
                             " (supported: 1.0, 2.0, 3.0)");
  uint64_t headerSize, prefixSize;
  if (major == 1) {
    headerSize = preamble[8] | (uint64_t(preamble[9]) << 8);
    prefixSize = 10;
  } else {
    if (fileSize < 12 || std::fread(preamble + 10, 1, 2, file.get()) != 2)
      return invalid(path, "truncated: the preamble needs 12 bytes");
    headerSize = preamble[8] | (uint64_t(preamble[9]) << 8) |
                 (uint64_t(preamble[10]) << 16) |
                 (uint64_t(preamble[11]) << 24);
    prefixSize = 12;
  }
  if (headerSize > kMaxHeaderSize)
    return invalid(path, "header of " + std::to_string(headerSize) +
                             " bytes is larger than the 1 MiB limit");
  if (prefixSize + headerSize > fileSize)
    return invalid(path, "truncated: the header needs " +
                             std::to_string(headerSize) + " bytes but only " +
                             std::to_string(fileSize - prefixSize) +
                             " follow the preamble");
  std::string text(headerSize, '\0');
  if (std::fread(text.data(), 1, headerSize, file.get()) != headerSize)
    return invalid(path, "cannot read the header");

  Header header;
  std::string error;
  if (!HeaderParser(text).parse(header, error))
    return invalid(path, "bad header: " + error);
  strata_dtype dtype = dtypeFromDescr(header.descr);
  // np.save writes ml_dtypes arrays (bfloat16, float8, ...) as raw bytes:
  // '<V2', '|V1'. The caller that knows the dtype (a model's input) takes
  // them as that.
  if (dtype == STRATA_DTYPE_INVALID && isNamedDtype(expect) &&
      header.descr.size() == 3 &&
      (header.descr[0] == '<' || header.descr[0] == '|' ||
       header.descr[0] == '=') &&
      header.descr[1] == 'V' &&
      header.descr[2] == char('0' + strata_dtype_size(expect)))
    dtype = expect;
  if (dtype == STRATA_DTYPE_INVALID)
    return invalid(path,
                   "unsupported dtype '" + header.descr +
                       "' (supported: '<f4' '<f2' '<f8' '|i1' '<i2' '<i4' "
                       "'<i8' '|b1' '|u1' '<u2' '<u4' '<u8', and the "
                       "ml_dtypes names 'bfloat16' 'float8_e4m3fn' "
                       "'float8_e4m3fnuz' 'float8_e5m2' 'float8_e5m2fnuz' "
                       "'float4_e2m1fn' 'float8_e8m0fnu' 'int4' 'uint4' "
                       "'int2' 'uint2'; np.save writes those as '<V2' or "
                       "'|V1', which strata_tensor_load_npy_as and "
                       "strata-run read as the expected dtype)");
  if (header.fortranOrder)
    return invalid(path, "fortran_order is True; only C-order arrays are "
                         "supported (save numpy.ascontiguousarray(a))");

  strata_tensor *raw = nullptr;
  int32_t rank = static_cast<int32_t>(header.shape.size());
  if (strata_status s =
          strata_tensor_create(dtype, rank, header.shape.data(), &raw)) {
    std::string why = strata_last_error();
    return fail(s, "cannot read '%s': %s", path, why.c_str());
  }
  TensorPtr tensor(raw);
  uint64_t dataSize = fileSize - prefixSize - headerSize;
  if (dataSize != tensor->byteSize) {
    char type[kTypeBufferSize];
    formatType(dtype, rank, header.shape.data(), type, sizeof(type));
    return invalid(path, "data size mismatch: the header says " +
                             std::string(type) + " (" +
                             std::to_string(tensor->byteSize) +
                             " bytes) but the file holds " +
                             std::to_string(dataSize) + " bytes of data");
  }
  if (std::fread(tensor->data, 1, tensor->byteSize, file.get()) !=
      tensor->byteSize)
    return invalid(path, "cannot read the data");
  if (dtype == STRATA_DTYPE_BOOL) {
    // Artifacts may rely on bool bytes being exactly 0 or 1.
    auto *bytes = static_cast<const unsigned char *>(tensor->data);
    for (size_t i = 0; i < tensor->byteSize; ++i)
      if (bytes[i] > 1)
        return invalid(path, "bool element " + std::to_string(i) + " is " +
                                 std::to_string(bytes[i]) +
                                 ", expected 0 or 1");
  }
  // Sub-byte types: the bits above the value are zero (strata_artifact.h).
  unsigned valueBits = 8;
  if (dtype == STRATA_DTYPE_I4 || dtype == STRATA_DTYPE_U4 ||
      dtype == STRATA_DTYPE_F4E2M1FN)
    valueBits = 4;
  else if (dtype == STRATA_DTYPE_I2 || dtype == STRATA_DTYPE_U2)
    valueBits = 2;
  if (valueBits < 8) {
    auto *bytes = static_cast<const unsigned char *>(tensor->data);
    for (size_t i = 0; i < tensor->byteSize; ++i)
      if (bytes[i] >> valueBits)
        return invalid(path, std::string(strata_dtype_name(dtype)) +
                                 " element " + std::to_string(i) +
                                 " is the byte " + std::to_string(bytes[i]) +
                                 ", which has bits set above its low " +
                                 std::to_string(valueBits));
  }
  *out = tensor.release();
  return STRATA_OK;
}

strata_status saveNpy(const strata_tensor *tensor, const char *path) {
  const char *descr = descrForDtype(tensor->dtype);
  if (!descr)
    return fail(STRATA_ERROR_INVALID_ARGUMENT,
                "cannot write '%s': %s has no numpy dtype", path,
                strata_dtype_name(tensor->dtype));
  std::string shape = "(";
  for (int32_t i = 0; i < tensor->rank; ++i)
    shape += (i ? ", " : "") + std::to_string(tensor->dims[i]);
  shape += tensor->rank == 1 ? ",)" : ")";
  std::string header = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // numpy pads the header with spaces and a final newline so that the data
  // starts 64-byte aligned; readers may rely on that for memory mapping.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  unsigned char preamble[10];
  std::memcpy(preamble, kMagic, kMagicSize);
  preamble[6] = 1;
  preamble[7] = 0;
  preamble[8] = static_cast<unsigned char>(header.size() & 0xff);
  preamble[9] = static_cast<unsigned char>(header.size() >> 8);

  File file(std::fopen(path, "wb"));
  if (!file)
    return fail(STRATA_ERROR_INVALID_ARGUMENT, "cannot write '%s': %s", path,
                std::strerror(errno));
  bool ok = std::fwrite(preamble, 1, 10, file.get()) == 10 &&
            std::fwrite(header.data(), 1, header.size(), file.get()) ==
                header.size() &&
            std::fwrite(tensor->data, 1, tensor->byteSize, file.get()) ==
                tensor->byteSize;
  // fclose flushes; its failure (a full disk) is a write failure too.
  ok = std::fclose(file.release()) == 0 && ok;
  if (!ok) {
    int err = errno;
    std::remove(path);
    return fail(STRATA_ERROR_INVALID_ARGUMENT, "cannot write '%s': %s", path,
                std::strerror(err));
  }
  return STRATA_OK;
}

} // namespace

//===----------------------------------------------------------------------===//
// C API
//===----------------------------------------------------------------------===//

namespace {
/// The C entry points' argument checks around loadNpy; `fn` names the
/// entry point in messages.
strata_status loadChecked(const char *fn, const char *path,
                          strata_dtype expect, strata_tensor **out) {
  if (!out)
    return fail(STRATA_ERROR_INVALID_ARGUMENT, "%s: out is NULL", fn);
  *out = nullptr;
  if (!path || !*path)
    return fail(STRATA_ERROR_INVALID_ARGUMENT, "%s: path is NULL or empty",
                fn);
  try {
    return loadNpy(path, out, expect);
  } catch (const std::bad_alloc &) {
    return fail(STRATA_ERROR_OUT_OF_MEMORY, "cannot read '%s': out of memory",
                path);
  }
}
} // namespace

strata_status strata_tensor_load_npy(const char *path, strata_tensor **out) {
  return loadChecked("strata_tensor_load_npy", path, STRATA_DTYPE_INVALID,
                     out);
}

strata_status strata_tensor_load_npy_as(const char *path,
                                        strata_dtype expect,
                                        strata_tensor **out) {
  return loadChecked("strata_tensor_load_npy_as", path, expect, out);
}

strata_status strata_tensor_save_npy(const strata_tensor *tensor,
                                     const char *path) {
  if (!tensor)
    return fail(STRATA_ERROR_INVALID_ARGUMENT,
                "strata_tensor_save_npy: tensor is NULL");
  if (!path || !*path)
    return fail(STRATA_ERROR_INVALID_ARGUMENT,
                "strata_tensor_save_npy: path is NULL or empty");
  try {
    return saveNpy(tensor, path);
  } catch (const std::bad_alloc &) {
    return fail(STRATA_ERROR_OUT_OF_MEMORY, "cannot write '%s': out of memory",
                path);
  }
}
