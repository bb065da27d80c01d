//===- ModelLoader.cpp - reading an untrusted ONNX file safely ------------===//
//
// Reads the model file and decodes tensors (initializers, Constant values,
// external data) with every size checked before anything is allocated:
// element counts and byte sizes use overflow-checked arithmetic against the
// ImportOptions caps, and external data must be a regular file inside the
// model's directory. docs/Security.md states the guarantees.
//
//===----------------------------------------------------------------------===//

#include "ImporterImpl.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <google/protobuf/io/coded_stream.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace mlir;
using namespace strata::onnx;

namespace {
/// protobuf refuses messages over 2 GiB; say so before trying.
constexpr uint64_t kMaxModelFileBytes = uint64_t(INT_MAX);

std::string humanBytes(uint64_t n) { return std::to_string(n) + " bytes"; }
} // namespace

LogicalResult strata::onnx::readModelFile(StringRef path,
                                          pb::ModelProto &model,
                                          Location loc) {
  struct stat st;
  std::string p = path.str();
  if (::stat(p.c_str(), &st) != 0)
    return emitError(loc, "cannot open '") << path << "': " << strerror(errno);
  if (!S_ISREG(st.st_mode))
    return emitError(loc, "'") << path << "' is not a regular file";
  if (uint64_t(st.st_size) > kMaxModelFileBytes)
    return emitError(loc, "'")
           << path << "' is " << humanBytes(st.st_size)
           << "; an ONNX protobuf file is limited to 2 GiB (store large "
              "weights as external data)";
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return emitError(loc, "cannot read '")
           << path << "': " << buffer.getError().message();
  StringRef data = (*buffer)->getBuffer();
  google::protobuf::io::CodedInputStream stream(
      reinterpret_cast<const uint8_t *>(data.data()), int(data.size()));
  // Nesting (subgraphs in attributes) is bounded so parsing cannot exhaust
  // the stack.
  stream.SetRecursionLimit(64);
  if (!model.ParseFromCodedStream(&stream) || !stream.ConsumedEntireMessage())
    return emitError(loc, "cannot parse '")
           << path << "' as an ONNX model (protobuf ModelProto): the file is "
                      "malformed or not an ONNX model";
  return success();
}

//===----------------------------------------------------------------------===//
// Data types
//===----------------------------------------------------------------------===//

Type strata::onnx::convertDataType(int32_t dtype, MLIRContext *ctx) {
  Builder b(ctx);
  switch (dtype) {
  case kFloat8E4M3FN:
    return Float8E4M3FNType::get(ctx);
  case kFloat8E4M3FNUZ:
    return Float8E4M3FNUZType::get(ctx);
  case kFloat8E5M2:
    return Float8E5M2Type::get(ctx);
  case kFloat8E5M2FNUZ:
    return Float8E5M2FNUZType::get(ctx);
  case kUInt4:
    return b.getIntegerType(4, /*isSigned=*/false);
  case kInt4:
    return b.getIntegerType(4);
  case kFloat4E2M1:
    return Float4E2M1FNType::get(ctx);
  case kFloat8E8M0:
    return Float8E8M0FNUType::get(ctx);
  case kUInt2:
    return b.getIntegerType(2, /*isSigned=*/false);
  case kInt2:
    return b.getIntegerType(2);
  case pb::TensorProto::FLOAT:
    return b.getF32Type();
  case pb::TensorProto::FLOAT16:
    return b.getF16Type();
  case pb::TensorProto::BFLOAT16:
    return b.getBF16Type();
  case pb::TensorProto::DOUBLE:
    return b.getF64Type();
  case pb::TensorProto::INT8:
    return b.getIntegerType(8);
  case pb::TensorProto::INT16:
    return b.getIntegerType(16);
  case pb::TensorProto::INT32:
    return b.getIntegerType(32);
  case pb::TensorProto::INT64:
    return b.getIntegerType(64);
  case pb::TensorProto::BOOL:
    return b.getI1Type();
  case pb::TensorProto::UINT8:
    return b.getIntegerType(8, /*isSigned=*/false);
  case pb::TensorProto::UINT16:
    return b.getIntegerType(16, /*isSigned=*/false);
  case pb::TensorProto::UINT32:
    return b.getIntegerType(32, /*isSigned=*/false);
  case pb::TensorProto::UINT64:
    return b.getIntegerType(64, /*isSigned=*/false);
  default:
    return {};
  }
}

std::string strata::onnx::dataTypeName(int32_t dtype) {
  if (pb::TensorProto_DataType_IsValid(dtype))
    return pb::TensorProto_DataType_Name(
        static_cast<pb::TensorProto_DataType>(dtype));
  // Types newer than the linked schema (float8, int4, ...).
  switch (dtype) {
  case kFloat8E4M3FN:
    return "FLOAT8E4M3FN";
  case kFloat8E4M3FNUZ:
    return "FLOAT8E4M3FNUZ";
  case kFloat8E5M2:
    return "FLOAT8E5M2";
  case kFloat8E5M2FNUZ:
    return "FLOAT8E5M2FNUZ";
  case kUInt4:
    return "UINT4";
  case kInt4:
    return "INT4";
  case kFloat4E2M1:
    return "FLOAT4E2M1";
  case kFloat8E8M0:
    return "FLOAT8E8M0";
  case kUInt2:
    return "UINT2";
  case kInt2:
    return "INT2";
  default:
    return "data type #" + std::to_string(dtype);
  }
}

unsigned strata::onnx::elementByteSize(int32_t dtype) {
  switch (dtype) {
  case pb::TensorProto::FLOAT:
  case pb::TensorProto::INT32:
    return 4;
  case pb::TensorProto::FLOAT16:
  case pb::TensorProto::BFLOAT16:
    return 2;
  case pb::TensorProto::INT8:
  case pb::TensorProto::BOOL:
    return 1;
  case pb::TensorProto::INT64:
  case pb::TensorProto::DOUBLE:
    return 8;
  case pb::TensorProto::INT16:
  case pb::TensorProto::UINT16:
    return 2;
  case pb::TensorProto::UINT8:
    return 1;
  case pb::TensorProto::UINT32:
    return 4;
  case pb::TensorProto::UINT64:
    return 8;
  case kFloat8E4M3FN:
  case kFloat8E4M3FNUZ:
  case kFloat8E5M2:
  case kFloat8E5M2FNUZ:
  case kUInt4:
  case kInt4:
  case kFloat4E2M1:
  case kFloat8E8M0:
  case kUInt2:
  case kInt2:
    return 1;
  default:
    return 0;
  }
}

unsigned strata::onnx::elementsPerStoredByte(int32_t dtype) {
  switch (dtype) {
  case kUInt4:
  case kInt4:
  case kFloat4E2M1:
    return 2;
  case kUInt2:
  case kInt2:
    return 4;
  default:
    return 1;
  }
}

//===----------------------------------------------------------------------===//
// Tensors
//===----------------------------------------------------------------------===//

namespace {
/// Copies typed repeated fields into little-endian element bytes.
template <typename Field, typename Elt>
void appendAs(const Field &field, std::vector<char> &out) {
  out.resize(size_t(field.size()) * sizeof(Elt));
  char *dst = out.data();
  for (auto v : field) {
    Elt e = static_cast<Elt>(v);
    std::memcpy(dst, &e, sizeof(Elt));
    dst += sizeof(Elt);
  }
}

/// Whether a relative path stays below its base directory lexically: no
/// absolute path, no "..", no empty or NUL-containing names.
bool isConfinedRelativePath(StringRef location, std::string &why) {
  if (location.empty()) {
    why = "is empty";
    return false;
  }
  if (location.contains('\0')) {
    why = "contains a NUL byte";
    return false;
  }
  if (location.starts_with("/") || llvm::sys::path::is_absolute(location)) {
    why = "is an absolute path";
    return false;
  }
  if (location.contains('\\')) {
    why = "contains a backslash";
    return false;
  }
  for (auto it = llvm::sys::path::begin(location),
            e = llvm::sys::path::end(location);
       it != e; ++it)
    if (*it == "..") {
      why = "contains '..'";
      return false;
    }
  return true;
}
} // namespace

FailureOr<std::vector<char>>
TensorLoader::readExternal(const pb::TensorProto &tensor, uint64_t bytes,
                           StringRef what, Location loc) {
  std::string location;
  std::optional<uint64_t> offset, length;
  for (const auto &kv : tensor.external_data()) {
    StringRef key = kv.key(), value = kv.value();
    if (key == "location") {
      location = kv.value();
    } else if (key == "offset" || key == "length") {
      uint64_t n;
      if (value.empty() || !llvm::all_of(value, llvm::isDigit) ||
          value.getAsInteger(10, n))
        return emitError(loc, what)
               << ": external data " << key << " '" << value
               << "' is not a non-negative integer";
      (key == "offset" ? offset : length) = n;
    } else if (key != "checksum") {
      return emitError(loc, what)
             << ": unknown external data key '" << key << "'";
    }
  }
  std::string why;
  if (!isConfinedRelativePath(location, why))
    return emitError(loc, what)
           << ": external data location '" << location << "' " << why
           << "; it must be a relative path inside the model's directory";

  SmallString<256> full(modelDir);
  llvm::sys::path::append(full, location);
  // The final component must not be a symlink (lstat), and the resolved path
  // of every component must stay inside the model directory (realpath).
  struct stat lst;
  if (::lstat(full.c_str(), &lst) != 0)
    return emitError(loc, what) << ": external data file '" << location
                                << "' cannot be opened: " << strerror(errno);
  if (S_ISLNK(lst.st_mode))
    return emitError(loc, what) << ": external data file '" << location
                                << "' is a symbolic link; refused";
  if (!S_ISREG(lst.st_mode))
    return emitError(loc, what) << ": external data file '" << location
                                << "' is not a regular file";
  if (lst.st_nlink > 1)
    return emitError(loc, what)
           << ": external data file '" << location << "' has "
           << uint64_t(lst.st_nlink)
           << " hard links; refused (a hard link can alias a file outside "
              "the model's directory)";
  char dirReal[PATH_MAX], fileReal[PATH_MAX];
  if (!::realpath(modelDir.c_str(), dirReal) ||
      !::realpath(full.c_str(), fileReal))
    return emitError(loc, what) << ": cannot resolve external data file '"
                                << location << "': " << strerror(errno);
  StringRef dirRef(dirReal), fileRef(fileReal);
  if (!fileRef.starts_with(dirRef) || fileRef.size() <= dirRef.size() ||
      (fileRef[dirRef.size()] != '/' && dirRef != "/"))
    return emitError(loc, what) << ": external data file '" << location
                                << "' resolves outside the model's directory";

  int fd = ::open(fileReal, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return emitError(loc, what) << ": cannot open external data file '"
                                << location << "': " << strerror(errno);
  llvm::scope_exit closeFd([&] { ::close(fd); });
  struct stat st;
  // The file opened must be the one checked (no swap in between).
  if (::fstat(fd, &st) != 0 || st.st_dev != lst.st_dev ||
      st.st_ino != lst.st_ino)
    return emitError(loc, what) << ": external data file '" << location
                                << "' changed while it was being opened";
  uint64_t size = uint64_t(st.st_size);
  uint64_t off = offset.value_or(0);
  if (off > size)
    return emitError(loc, what)
           << ": external data offset " << off << " is past the end of '"
           << location << "' (" << size << " bytes)";
  uint64_t len = length.value_or(size - off);
  if (len > size - off)
    return emitError(loc, what)
           << ": external data range [" << off << ", " << off << " + " << len
           << ") is past the end of '" << location << "' (" << size
           << " bytes)";
  if (len != bytes)
    return emitError(loc, what)
           << ": external data holds " << len << " bytes, but the tensor's "
           << "shape and type need " << bytes;
  std::vector<char> data(bytes);
  uint64_t done = 0;
  while (done < bytes) {
    ssize_t n = ::pread(fd, data.data() + done,
                        std::min<uint64_t>(bytes - done, 1 << 30),
                        off_t(off + done));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return emitError(loc, what) << ": cannot read external data file '"
                                  << location << "'";
    done += uint64_t(n);
  }
  return data;
}

FailureOr<DenseElementsAttr> TensorLoader::load(const pb::TensorProto &tensor,
                                                StringRef what, Location loc) {
  int32_t dtype = tensor.data_type();
  Type elementType = convertDataType(dtype, ctx);
  if (!elementType)
    return emitError(loc, what)
           << " has element type " << dataTypeName(dtype)
           << ", which Strata does not support (supported: FLOAT, FLOAT16, "
              "BFLOAT16, DOUBLE, INT8, INT16, INT32, INT64, UINT8, UINT16, "
              "UINT32, UINT64, BOOL, FLOAT8E4M3FN, FLOAT8E4M3FNUZ, "
              "FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT8E8M0, FLOAT4E2M1, INT4, "
              "UINT4, INT2, UINT2)";
  if (tensor.has_segment())
    return emitError(loc, what) << ": segmented tensors are not supported";

  // Element count and byte size, overflow-checked against the caps.
  SmallVector<int64_t> shape;
  uint64_t count = 1;
  for (int64_t d : tensor.dims()) {
    if (d < 0)
      return emitError(loc, what) << " has a negative dimension " << d;
    if (__builtin_mul_overflow(count, uint64_t(d), &count) ||
        count > uint64_t(INT64_MAX))
      return emitError(loc, what)
             << ": the element count of shape ["
             << llvm::join(llvm::map_range(tensor.dims(),
                                           [](int64_t d) {
                                             return std::to_string(d);
                                           }),
                           ", ")
             << "] overflows 64 bits";
    shape.push_back(d);
  }
  unsigned eltBytes = elementByteSize(dtype);
  uint64_t bytes;
  if (__builtin_mul_overflow(count, eltBytes, &bytes))
    return emitError(loc, what) << ": the byte size overflows 64 bits";
  if (bytes > options.maxTensorBytes)
    return emitError(loc, what)
           << " needs " << bytes << " bytes, over the limit of "
           << options.maxTensorBytes
           << " bytes per tensor (--max-initializer-bytes)";
  uint64_t newTotal;
  if (__builtin_add_overflow(totalBytes, bytes, &newTotal) ||
      newTotal > options.maxTotalBytes)
    return emitError(loc, what)
           << ": the model's tensors together exceed the limit of "
           << options.maxTotalBytes << " bytes";
  totalBytes = newTotal;
  // 4-bit and 2-bit types are packed on the wire, first element in the low
  // bits; `bytes` is their unpacked size (one element per byte).
  unsigned perByte = elementsPerStoredByte(dtype);
  uint64_t storedCount = (count + perByte - 1) / perByte;
  uint64_t storedBytes = perByte > 1 ? storedCount : bytes;

  auto type = RankedTensorType::get(shape, elementType);
  std::vector<char> data;
  bool external = tensor.has_data_location() &&
                  tensor.data_location() == pb::TensorProto::EXTERNAL;
  if (external) {
    auto read = readExternal(tensor, storedBytes, what, loc);
    if (failed(read))
      return failure();
    data = std::move(*read);
  } else if (tensor.has_raw_data()) {
    const std::string &raw = tensor.raw_data();
    if (raw.size() != storedBytes)
      return emitError(loc, what)
             << ": raw_data holds " << raw.size()
             << " bytes, but the tensor's shape and type need " << storedBytes;
    data.assign(raw.begin(), raw.end());
  } else {
    // Typed fields: the field must match the type and hold `count` values.
    uint64_t have = 0;
    switch (dtype) {
    case pb::TensorProto::FLOAT:
      have = tensor.float_data_size();
      appendAs<decltype(tensor.float_data()), float>(tensor.float_data(),
                                                     data);
      break;
    case pb::TensorProto::INT64:
      have = tensor.int64_data_size();
      appendAs<decltype(tensor.int64_data()), int64_t>(tensor.int64_data(),
                                                       data);
      break;
    case pb::TensorProto::INT32:
      have = tensor.int32_data_size();
      appendAs<decltype(tensor.int32_data()), int32_t>(tensor.int32_data(),
                                                       data);
      break;
    case pb::TensorProto::DOUBLE:
      have = tensor.double_data_size();
      appendAs<decltype(tensor.double_data()), double>(tensor.double_data(),
                                                       data);
      break;
    case pb::TensorProto::INT16:
      have = tensor.int32_data_size();
      appendAs<decltype(tensor.int32_data()), int16_t>(tensor.int32_data(),
                                                       data);
      break;
    case pb::TensorProto::UINT16:
      have = tensor.int32_data_size();
      appendAs<decltype(tensor.int32_data()), uint16_t>(tensor.int32_data(),
                                                        data);
      break;
    case pb::TensorProto::UINT32:
      have = tensor.uint64_data_size();
      appendAs<decltype(tensor.uint64_data()), uint32_t>(tensor.uint64_data(),
                                                         data);
      break;
    case pb::TensorProto::UINT64:
      have = tensor.uint64_data_size();
      appendAs<decltype(tensor.uint64_data()), uint64_t>(tensor.uint64_data(),
                                                         data);
      break;
    case pb::TensorProto::INT8:
    case pb::TensorProto::UINT8:
    case pb::TensorProto::BOOL:
      have = tensor.int32_data_size();
      appendAs<decltype(tensor.int32_data()), int8_t>(tensor.int32_data(),
                                                      data);
      break;
    case pb::TensorProto::FLOAT16:
    case pb::TensorProto::BFLOAT16:
      // Stored as the 16-bit patterns in int32_data.
      have = tensor.int32_data_size();
      appendAs<decltype(tensor.int32_data()), uint16_t>(tensor.int32_data(),
                                                        data);
      break;
    case kFloat8E4M3FN:
    case kFloat8E4M3FNUZ:
    case kFloat8E5M2:
    case kFloat8E5M2FNUZ:
    case kFloat8E8M0:
    case kUInt4:
    case kInt4:
    case kFloat4E2M1:
    case kUInt2:
    case kInt2:
      // One byte pattern (8-bit types) or one packed byte per int32.
      have = tensor.int32_data_size();
      appendAs<decltype(tensor.int32_data()), uint8_t>(tensor.int32_data(),
                                                       data);
      break;
    default:
      break;
    }
    if (have != storedCount)
      return emitError(loc, what)
             << " holds " << have << " values, but its shape needs "
             << storedCount
             << (perByte > 1 ? " (packed " + std::to_string(perByte) +
                                   " elements per value)"
                             : std::string());
  }
  if (perByte > 1) {
    // Unpack: one element per byte, in the low bits, the bits above zero
    // (strata_artifact.h).
    unsigned bits = 8 / perByte;
    std::vector<char> unpacked(count);
    for (uint64_t i = 0; i < count; ++i)
      unpacked[i] = char((uint8_t(data[i / perByte]) >>
                          ((i % perByte) * bits)) &
                         ((1u << bits) - 1));
    data = std::move(unpacked);
  }

  if (elementType.isInteger(1)) {
    // i1 is not stored bit-for-byte in a raw buffer; build it from bools.
    SmallVector<bool> values;
    values.reserve(count);
    for (char c : data)
      values.push_back(c != 0);
    return DenseElementsAttr::get(type, ArrayRef<bool>(values));
  }
  bool splat = false;
  if (!DenseElementsAttr::isValidRawBuffer(type, ArrayRef<char>(data), splat))
    return emitError(loc, what) << ": internal error: bad raw buffer";
  return DenseElementsAttr::getFromRawBuffer(type, ArrayRef<char>(data));
}
