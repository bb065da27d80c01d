//===- strata-run.cpp - run a Strata artifact from the command line -------===//
//
// Loads an artifact with strata-rt, feeds it .npy inputs (or reproducible
// random ones), prints or saves the outputs and optionally times it. It uses
// only the public C API, so it doubles as the reference strata-rt client.
//
//===----------------------------------------------------------------------===//

#include "strata-rt/strata_rt.h"
#include "strata/Support/FloatBits.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

const char kUsage[] =
    R"(usage: strata-run ARTIFACT [options]

Runs a Strata artifact (a shared library from strata-compile) with strata-rt.

options:
  --device=DEVICE     cpu (default), vulkan, cuda (NVIDIA GPUs, CUDA driver) or
                      hip (AMD GPUs, HIP runtime)
  --input FILE.npy    one per model input, in the entry point's order; with
                      none, inputs are random (see --seed)
  --seed N            seed for random inputs (default 0): floats uniform in
                      [-1, 1), integers uniform in [0, 10), bools 0 or 1
  --output-dir DIR    write output<i>.npy per output into DIR (created if
                      needed) and print the paths
  --print             print the outputs (the default without --output-dir)
  --bench N           after one warm-up run, time N runs and print
                      median, min and max
  --device-time       with --bench and --device=cuda: time the device work
                      only (inputs copied once, CUDA events around each
                      launch plan, no copies timed); see
                      strata_model_time_device
  --help              show this text

Each printed output shows its index, name, dtype, shape and first 8 values.
Exit status: 0 on success, 1 on any error.
)";

struct ModelDeleter {
  void operator()(strata_model *m) const { strata_model_free(m); }
};
using ModelPtr = std::unique_ptr<strata_model, ModelDeleter>;

struct TensorDeleter {
  void operator()(strata_tensor *t) const { strata_tensor_free(t); }
};
using TensorPtr = std::unique_ptr<strata_tensor, TensorDeleter>;

struct Options {
  std::string artifact;
  std::string device = "cpu";
  std::vector<std::string> inputs;
  std::string outputDir;
  uint64_t seed = 0;
  int64_t bench = 0; // 0: no benchmark
  bool print = false;
  bool deviceTime = false;
  bool help = false;
};

/// Why a step failed; printed as "strata-run: error: <message>".
struct Failure {
  std::string message;
};

/// The runtime's message for the call that just failed.
Failure runtimeFailure() { return Failure{strata_last_error()}; }

/// Parses a decimal integer in [min, max]; nullopt for anything else.
std::optional<int64_t> parseInt(const std::string &text, int64_t min,
                                int64_t max) {
  if (text.empty() || text[0] == '-' || text[0] == '+')
    return std::nullopt;
  errno = 0;
  char *end = nullptr;
  unsigned long long value = std::strtoull(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0' || value > static_cast<uint64_t>(max) ||
      static_cast<int64_t>(value) < min)
    return std::nullopt;
  return static_cast<int64_t>(value);
}

std::optional<Failure> parseArgs(int argc, char **argv, Options &opts) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      opts.help = true;
      continue;
    }
    if (arg == "--print") {
      opts.print = true;
      continue;
    }
    if (arg == "--device-time") {
      opts.deviceTime = true;
      continue;
    }
    if (arg.size() < 2 || arg[0] != '-') {
      if (!opts.artifact.empty())
        return Failure{"more than one artifact given ('" + opts.artifact +
                       "' and '" + arg + "')"};
      opts.artifact = arg;
      continue;
    }
    // --name=value or --name value.
    std::string name = arg, value;
    size_t eq = arg.find('=');
    bool inlineValue = eq != std::string::npos;
    if (inlineValue) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    if (name != "--device" && name != "--input" && name != "--output-dir" &&
        name != "--seed" && name != "--bench")
      return Failure{"unknown option '" + arg + "'; see --help"};
    if (!inlineValue) {
      if (i + 1 >= argc)
        return Failure{"option '" + name + "' needs a value"};
      value = argv[++i];
    }
    if (name == "--device") {
      opts.device = value;
    } else if (name == "--input") {
      opts.inputs.push_back(value);
    } else if (name == "--output-dir") {
      if (value.empty())
        return Failure{"--output-dir needs a directory"};
      opts.outputDir = value;
    } else if (name == "--seed") {
      // Seeds above INT64_MAX are refused only for simplicity of parsing.
      std::optional<int64_t> seed = parseInt(value, 0, INT64_MAX);
      if (!seed)
        return Failure{"--seed expects a non-negative integer, got '" + value +
                       "'"};
      opts.seed = static_cast<uint64_t>(*seed);
    } else {
      std::optional<int64_t> runs = parseInt(value, 1, 1000000000);
      if (!runs)
        return Failure{"--bench expects a run count >= 1, got '" + value + "'"};
      opts.bench = *runs;
    }
  }
  if (!opts.help && opts.artifact.empty())
    return Failure{"no artifact given; see --help"};
  if (!opts.help && opts.deviceTime && opts.bench == 0)
    return Failure{"--device-time needs --bench N (the number of timed runs)"};
  return std::nullopt;
}

// 16-bit floats: strata/Support/FloatBits.h (shared with the layer checker
// and strata-cublas-gemm).
using strata::floatbits::bf16ToFloat;
using strata::floatbits::floatToBf16;
using strata::floatbits::floatToHalf;
using strata::floatbits::halfToFloat;

/// The value of a low-precision float's bit pattern (one byte per element,
/// strata_artifact.h); nullopt when `dtype` is not one.
std::optional<double> narrowFloatValue(strata_dtype dtype, uint8_t p) {
  unsigned expBits, manBits;
  int bias;
  switch (dtype) {
  case STRATA_DTYPE_F8E8M0FNU:
    return p == 0xff ? NAN : std::ldexp(1.0, int(p) - 127);
  case STRATA_DTYPE_F8E4M3FN:
    expBits = 4, manBits = 3, bias = 7;
    if ((p & 0x7f) == 0x7f)
      return NAN;
    break;
  case STRATA_DTYPE_F8E4M3FNUZ:
    expBits = 4, manBits = 3, bias = 8;
    break;
  case STRATA_DTYPE_F8E5M2:
    expBits = 5, manBits = 2, bias = 15;
    if ((p & 0x7c) == 0x7c)
      return (p & 3) ? NAN : ((p & 0x80) ? -INFINITY : INFINITY);
    break;
  case STRATA_DTYPE_F8E5M2FNUZ:
    expBits = 5, manBits = 2, bias = 16;
    break;
  case STRATA_DTYPE_F4E2M1FN:
    expBits = 2, manBits = 1, bias = 1;
    break;
  default:
    return std::nullopt;
  }
  unsigned bits = 1 + expBits + manBits;
  bool fnuz = dtype == STRATA_DTYPE_F8E4M3FNUZ ||
              dtype == STRATA_DTYPE_F8E5M2FNUZ;
  if (fnuz && p == 0x80) // the only NaN; there is no -0
    return NAN;
  unsigned exp = (p >> manBits) & ((1u << expBits) - 1);
  unsigned man = p & ((1u << manBits) - 1);
  double v = exp == 0 ? std::ldexp(double(man), 1 - bias - int(manBits))
                      : std::ldexp(double(man | (1u << manBits)),
                                   int(exp) - bias - int(manBits));
  return ((p >> (bits - 1)) & 1) ? -v : v;
}

/// The bit pattern of a low-precision float nearest to `f` (NaN patterns
/// never chosen): a scan of the at most 256 patterns.
uint8_t nearestNarrowFloat(strata_dtype dtype, float f) {
  uint8_t best = 0;
  double bestErr = INFINITY;
  for (unsigned p = 0; p < 256; ++p) {
    std::optional<double> v = narrowFloatValue(dtype, uint8_t(p));
    if (dtype == STRATA_DTYPE_F4E2M1FN && p > 0x0f)
      break;
    if (!v || std::isnan(*v))
      continue;
    double err = std::fabs(*v - double(f));
    if (err < bestErr)
      best = uint8_t(p), bestErr = err;
  }
  return best;
}

/// Sub-byte integers: width and signedness; 0 when `dtype` is not one.
unsigned subByteIntBits(strata_dtype dtype, bool &isSigned) {
  isSigned = dtype == STRATA_DTYPE_I4 || dtype == STRATA_DTYPE_I2;
  if (dtype == STRATA_DTYPE_I4 || dtype == STRATA_DTYPE_U4)
    return 4;
  if (dtype == STRATA_DTYPE_I2 || dtype == STRATA_DTYPE_U2)
    return 2;
  return 0;
}

//===----------------------------------------------------------------------===//
// Inputs and outputs
//===----------------------------------------------------------------------===//

/// Fills `t` from `rng`. The formulas are part of strata-run's contract
/// (docs/Runtime.md) so that another program can reproduce the inputs: the
/// top 24 bits of a draw give a float in [-1, 1) exactly, integers are the
/// draw modulo 10, bools the top bit; float8/float4 take the representable
/// value nearest to the float, 4- and 2-bit integers the draw modulo 2^bits
/// as their bit pattern.
void fillRandom(strata_tensor *t, std::mt19937_64 &rng) {
  void *data = strata_tensor_data(t);
  int64_t n = strata_tensor_num_elements(t);
  auto uniform = [&] {
    return static_cast<float>(rng() >> 40) * 0x1.0p-23f - 1.0f;
  };
  for (int64_t i = 0; i < n; ++i) {
    switch (strata_tensor_dtype(t)) {
    case STRATA_DTYPE_F32:
      static_cast<float *>(data)[i] = uniform();
      break;
    case STRATA_DTYPE_F16:
      static_cast<uint16_t *>(data)[i] = floatToHalf(uniform());
      break;
    case STRATA_DTYPE_BF16:
      static_cast<uint16_t *>(data)[i] = floatToBf16(uniform());
      break;
    case STRATA_DTYPE_I8:
      static_cast<int8_t *>(data)[i] = static_cast<int8_t>(rng() % 10);
      break;
    case STRATA_DTYPE_I32:
      static_cast<int32_t *>(data)[i] = static_cast<int32_t>(rng() % 10);
      break;
    case STRATA_DTYPE_I64:
      static_cast<int64_t *>(data)[i] = static_cast<int64_t>(rng() % 10);
      break;
    case STRATA_DTYPE_BOOL:
      static_cast<uint8_t *>(data)[i] = static_cast<uint8_t>(rng() >> 63);
      break;
    case STRATA_DTYPE_F64:
      static_cast<double *>(data)[i] = uniform();
      break;
    case STRATA_DTYPE_I16:
      static_cast<int16_t *>(data)[i] = static_cast<int16_t>(rng() % 10);
      break;
    case STRATA_DTYPE_U8:
      static_cast<uint8_t *>(data)[i] = static_cast<uint8_t>(rng() % 10);
      break;
    case STRATA_DTYPE_U16:
      static_cast<uint16_t *>(data)[i] = static_cast<uint16_t>(rng() % 10);
      break;
    case STRATA_DTYPE_U32:
      static_cast<uint32_t *>(data)[i] = static_cast<uint32_t>(rng() % 10);
      break;
    case STRATA_DTYPE_U64:
      static_cast<uint64_t *>(data)[i] = static_cast<uint64_t>(rng() % 10);
      break;
    case STRATA_DTYPE_F8E4M3FN:
    case STRATA_DTYPE_F8E4M3FNUZ:
    case STRATA_DTYPE_F8E5M2:
    case STRATA_DTYPE_F8E5M2FNUZ:
    case STRATA_DTYPE_F4E2M1FN:
    case STRATA_DTYPE_F8E8M0FNU:
      static_cast<uint8_t *>(data)[i] =
          nearestNarrowFloat(strata_tensor_dtype(t), uniform());
      break;
    case STRATA_DTYPE_I4:
    case STRATA_DTYPE_U4:
    case STRATA_DTYPE_I2:
    case STRATA_DTYPE_U2: {
      bool isSigned;
      unsigned bits = subByteIntBits(strata_tensor_dtype(t), isSigned);
      static_cast<uint8_t *>(data)[i] =
          static_cast<uint8_t>(rng() % (1u << bits));
      break;
    }
    case STRATA_DTYPE_INVALID:
      return;
    }
  }
}

/// Element `i` of `t` as text: "%g" for floats, decimal for integers.
std::string formatElement(strata_tensor *t, int64_t i) {
  const void *data = strata_tensor_data(t);
  char buf[64];
  switch (strata_tensor_dtype(t)) {
  case STRATA_DTYPE_F32:
    std::snprintf(buf, sizeof(buf), "%g",
                  static_cast<double>(static_cast<const float *>(data)[i]));
    break;
  case STRATA_DTYPE_F16:
    std::snprintf(buf, sizeof(buf), "%g",
                  static_cast<double>(
                      halfToFloat(static_cast<const uint16_t *>(data)[i])));
    break;
  case STRATA_DTYPE_BF16:
    std::snprintf(buf, sizeof(buf), "%g",
                  static_cast<double>(
                      bf16ToFloat(static_cast<const uint16_t *>(data)[i])));
    break;
  case STRATA_DTYPE_I8:
    std::snprintf(buf, sizeof(buf), "%d",
                  static_cast<int>(static_cast<const int8_t *>(data)[i]));
    break;
  case STRATA_DTYPE_I32:
    std::snprintf(buf, sizeof(buf), "%" PRId32,
                  static_cast<const int32_t *>(data)[i]);
    break;
  case STRATA_DTYPE_I64:
    std::snprintf(buf, sizeof(buf), "%" PRId64,
                  static_cast<const int64_t *>(data)[i]);
    break;
  case STRATA_DTYPE_BOOL:
    std::snprintf(buf, sizeof(buf), "%s",
                  static_cast<const uint8_t *>(data)[i] ? "true" : "false");
    break;
  case STRATA_DTYPE_F64:
    std::snprintf(buf, sizeof(buf), "%g", static_cast<const double *>(data)[i]);
    break;
  case STRATA_DTYPE_I16:
    std::snprintf(buf, sizeof(buf), "%d",
                  static_cast<int>(static_cast<const int16_t *>(data)[i]));
    break;
  case STRATA_DTYPE_U8:
    std::snprintf(buf, sizeof(buf), "%u",
                  static_cast<unsigned>(static_cast<const uint8_t *>(data)[i]));
    break;
  case STRATA_DTYPE_U16:
    std::snprintf(
        buf, sizeof(buf), "%u",
        static_cast<unsigned>(static_cast<const uint16_t *>(data)[i]));
    break;
  case STRATA_DTYPE_U32:
    std::snprintf(buf, sizeof(buf), "%" PRIu32,
                  static_cast<const uint32_t *>(data)[i]);
    break;
  case STRATA_DTYPE_U64:
    std::snprintf(buf, sizeof(buf), "%" PRIu64,
                  static_cast<const uint64_t *>(data)[i]);
    break;
  case STRATA_DTYPE_F8E4M3FN:
  case STRATA_DTYPE_F8E4M3FNUZ:
  case STRATA_DTYPE_F8E5M2:
  case STRATA_DTYPE_F8E5M2FNUZ:
  case STRATA_DTYPE_F4E2M1FN:
  case STRATA_DTYPE_F8E8M0FNU:
    std::snprintf(buf, sizeof(buf), "%g",
                  *narrowFloatValue(strata_tensor_dtype(t),
                                    static_cast<const uint8_t *>(data)[i]));
    break;
  case STRATA_DTYPE_I4:
  case STRATA_DTYPE_U4:
  case STRATA_DTYPE_I2:
  case STRATA_DTYPE_U2: {
    bool isSigned;
    unsigned bits = subByteIntBits(strata_tensor_dtype(t), isSigned);
    int v = static_cast<const uint8_t *>(data)[i];
    if (isSigned && (v >> (bits - 1)))
      v -= 1 << bits;
    std::snprintf(buf, sizeof(buf), "%d", v);
    break;
  }
  case STRATA_DTYPE_INVALID:
    return "?";
  }
  return buf;
}

/// "f32[2x3]", the runtime's notation.
std::string formatType(strata_tensor *t) {
  std::string s = std::string(strata_dtype_name(strata_tensor_dtype(t))) + "[";
  for (int32_t d = 0; d < strata_tensor_rank(t); ++d)
    s += (d ? "x" : "") + std::to_string(strata_tensor_dims(t)[d]);
  return s + "]";
}

/// "output 0 'sum': f32[2x3] = [3.75, 3.25, ...]" with at most 8 values.
void printOutput(int32_t i, const strata_tensor_desc &desc, strata_tensor *t) {
  constexpr int64_t kShown = 8;
  int64_t n = strata_tensor_num_elements(t);
  std::string values;
  for (int64_t e = 0; e < std::min(n, kShown); ++e)
    values += (e ? ", " : "") + formatElement(t, e);
  if (n > kShown)
    values += ", ... (" + std::to_string(n) + " values)";
  std::printf("output %d '%s': %s = [%s]\n", i, desc.name,
              formatType(t).c_str(), values.c_str());
}

/// Loads `--input` files or makes random inputs, in descriptor order.
std::optional<Failure> makeInputs(strata_model *model, const Options &opts,
                                  std::vector<TensorPtr> &inputs) {
  int32_t n = strata_model_num_inputs(model);
  if (!opts.inputs.empty() && opts.inputs.size() != static_cast<size_t>(n))
    return Failure{"model '" + std::string(strata_model_name(model)) +
                   "' takes " + std::to_string(n) + " inputs but got " +
                   std::to_string(opts.inputs.size()) +
                   " --input; give all of them, or none for random inputs"};
  std::mt19937_64 rng(opts.seed);
  for (int32_t i = 0; i < n; ++i) {
    const strata_tensor_desc *desc = strata_model_input(model, i);
    strata_tensor *t = nullptr;
    if (opts.inputs.empty()) {
      if (strata_tensor_create_like(desc, &t) != STRATA_OK)
        return runtimeFailure();
      fillRandom(t, rng);
    } else {
      // The input's dtype: np.save'd ml_dtypes arrays ('<V2') are read
      // as it.
      if (strata_tensor_load_npy_as(
              opts.inputs[static_cast<size_t>(i)].c_str(),
              static_cast<strata_dtype>(desc->dtype), &t) != STRATA_OK)
        return runtimeFailure();
    }
    inputs.emplace_back(t);
  }
  return std::nullopt;
}

/// Writes DIR/output<i>.npy per output and prints each path.
std::optional<Failure> writeOutputs(strata_model *model, const std::string &dir,
                                    const std::vector<TensorPtr> &outputs) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return Failure{"cannot create output directory '" + dir +
                   "': " + ec.message()};
  for (size_t i = 0; i < outputs.size(); ++i) {
    std::string path = dir + "/output" + std::to_string(i) + ".npy";
    if (strata_tensor_save_npy(outputs[i].get(), path.c_str()) != STRATA_OK)
      return Failure{"output " + std::to_string(i) + " '" +
                     strata_model_output(model, static_cast<int32_t>(i))->name +
                     "': " + strata_last_error()};
    std::printf("wrote %s\n", path.c_str());
  }
  return std::nullopt;
}

/// One warm-up run, then `runs` timed ones into the same output buffers.
std::optional<Failure> bench(strata_model *model,
                             const std::vector<strata_tensor *> &inputs,
                             const std::vector<strata_tensor *> &outputs,
                             int64_t runs) {
  auto runOnce = [&] {
    return strata_model_run_into(
        model, inputs.data(), static_cast<int32_t>(inputs.size()),
        outputs.data(), static_cast<int32_t>(outputs.size()));
  };
  if (runOnce() != STRATA_OK)
    return runtimeFailure();
  std::vector<double> ms;
  ms.reserve(static_cast<size_t>(runs));
  for (int64_t r = 0; r < runs; ++r) {
    auto start = std::chrono::steady_clock::now();
    strata_status s = runOnce();
    auto stop = std::chrono::steady_clock::now();
    if (s != STRATA_OK)
      return runtimeFailure();
    ms.push_back(
        std::chrono::duration<double, std::milli>(stop - start).count());
  }
  std::sort(ms.begin(), ms.end());
  size_t mid = ms.size() / 2;
  double median = ms.size() % 2 ? ms[mid] : (ms[mid - 1] + ms[mid]) / 2;
  std::printf("median %.3f ms, min %.3f ms, max %.3f ms (%" PRId64 " runs)\n",
              median, ms.front(), ms.back(), runs);
  return std::nullopt;
}

/// `runs` launch plans timed on the device (strata_model_time_device), after
/// one warm-up.
std::optional<Failure> benchDevice(strata_model *model,
                                   const std::vector<strata_tensor *> &inputs,
                                   int64_t runs) {
  // --bench is at most 10^9 (parseArgs): it fits an int32_t.
  std::vector<double> ms(static_cast<size_t>(runs));
  if (strata_model_time_device(
          model, inputs.data(), static_cast<int32_t>(inputs.size()),
          /*warmup=*/1, static_cast<int32_t>(runs), ms.data()) != STRATA_OK)
    return runtimeFailure();
  std::sort(ms.begin(), ms.end());
  size_t mid = ms.size() / 2;
  double median = ms.size() % 2 ? ms[mid] : (ms[mid - 1] + ms[mid]) / 2;
  std::printf("median %.3f ms, min %.3f ms, max %.3f ms (%" PRId64
              " runs, device time)\n",
              median, ms.front(), ms.back(), runs);
  return std::nullopt;
}

std::optional<Failure> runTool(const Options &opts) {
  strata_model *raw = nullptr;
  if (strata_model_load(opts.artifact.c_str(), opts.device.c_str(), &raw) !=
      STRATA_OK)
    return runtimeFailure();
  ModelPtr model(raw);
  int32_t numOutputs = strata_model_num_outputs(model.get());

  std::vector<TensorPtr> inputs;
  if (std::optional<Failure> f = makeInputs(model.get(), opts, inputs))
    return f;
  std::vector<strata_tensor *> inputPtrs;
  for (const TensorPtr &t : inputs)
    inputPtrs.push_back(t.get());

  std::vector<strata_tensor *> outputPtrs(static_cast<size_t>(numOutputs));
  if (strata_model_run(model.get(), inputPtrs.data(),
                       static_cast<int32_t>(inputPtrs.size()),
                       outputPtrs.data(), numOutputs) != STRATA_OK)
    return runtimeFailure();
  std::vector<TensorPtr> outputs(outputPtrs.begin(), outputPtrs.end());

  if (!opts.outputDir.empty())
    if (std::optional<Failure> f =
            writeOutputs(model.get(), opts.outputDir, outputs))
      return f;
  if (opts.outputDir.empty() || opts.print)
    for (int32_t i = 0; i < numOutputs; ++i)
      printOutput(i, *strata_model_output(model.get(), i),
                  outputs[static_cast<size_t>(i)].get());
  if (opts.bench > 0 && opts.deviceTime)
    return benchDevice(model.get(), inputPtrs, opts.bench);
  if (opts.bench > 0)
    return bench(model.get(), inputPtrs, outputPtrs, opts.bench);
  return std::nullopt;
}

} // namespace

int main(int argc, char **argv) {
  Options opts;
  std::optional<Failure> failure = parseArgs(argc, argv, opts);
  if (!failure && opts.help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (!failure)
    failure = runTool(opts);
  if (failure) {
    std::fflush(stdout);
    std::fprintf(stderr, "strata-run: error: %s\n", failure->message.c_str());
    return 1;
  }
  return 0;
}
