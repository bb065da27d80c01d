//===- cublas_gemm.cpp - the cuBLAS baseline of bench/gpu_gemm.py ---------===//
//
// Times one row-major GEMM C[MxN] = A[MxK] * B[KxN] with cublasGemmEx on
// GPU 0 and prints one line bench/gpu_gemm.py parses. Like strata-rt's cuda
// backend it declares the few driver and cuBLAS entry points it uses and
// opens libcuda.so.1 and libcublas with dlopen at run time, so it builds
// without the CUDA toolkit and runs wherever the driver and libcublas are.
//
//   strata-cublas-gemm --dtype f16|bf16|f32|tf32 --m M --n N --k K
//                      [--runs R] [--warmup W] [--check]
//
// f16/bf16: inputs and output in that type, f32 accumulation
// (CUBLAS_COMPUTE_32F), like a Strata graph.matmul on those tensors. f32:
// CUBLAS_COMPUTE_32F (strict f32); tf32: f32 data with
// CUBLAS_COMPUTE_32F_FAST_TF32. The inputs are bench/gpu_gemm.py's
// (periodic patterns of multiples of 1/32), uploaded once; W untimed calls,
// then R calls between CUDA events recorded back to back on the default
// stream; the median is reported. --check compares 64 sampled entries of C
// with a float64 host reference: accumulation is exact for these inputs,
// so only the output's rounding is allowed.
//
// Exit status: 0 success; 1 a failure or a failed check; 2 no GPU, no CUDA
// driver or no cuBLAS (the line says which), so callers can skip.
//
//===----------------------------------------------------------------------===//

#include "strata/Support/FloatBits.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <string>
#include <vector>

namespace {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st *;
using CUevent = struct CUevent_st *;
using cublasHandle_t = struct cublasContext *;
using cublasStatus_t = int;

// cuda.h / cublas_api.h / library_types.h values.
constexpr int CUBLAS_OP_N = 0;
constexpr int CUDA_R_32F = 0, CUDA_R_16F = 2, CUDA_R_16BF = 14;
constexpr int CUBLAS_COMPUTE_32F = 68, CUBLAS_COMPUTE_32F_FAST_TF32 = 77;
constexpr int CUBLAS_GEMM_DEFAULT = -1;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;

struct Driver {
  CUresult (*cuInit)(unsigned);
  CUresult (*cuDeviceGetCount)(int *);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDeviceGetName)(char *, int, CUdevice);
  CUresult (*cuDeviceGetAttribute)(int *, int, CUdevice);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*cuCtxSetCurrent)(CUcontext);
  CUresult (*cuCtxSynchronize)();
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyHtoD)(CUdeviceptr, const void *, size_t);
  CUresult (*cuMemcpyDtoH)(void *, CUdeviceptr, size_t);
  CUresult (*cuEventCreate)(CUevent *, unsigned);
  CUresult (*cuEventRecord)(CUevent, void *);
  CUresult (*cuEventSynchronize)(CUevent);
  CUresult (*cuEventElapsedTime)(float *, CUevent, CUevent);
};

struct Blas {
  cublasStatus_t (*create)(cublasHandle_t *);
  cublasStatus_t (*destroy)(cublasHandle_t);
  cublasStatus_t (*gemmEx)(cublasHandle_t, int, int, int, int, int,
                           const void *, const void *, int, int, const void *,
                           int, int, const void *, void *, int, int, int, int);
};

[[noreturn]] void die(int code, const std::string &message) {
  std::fflush(stdout);
  std::fprintf(stderr, "strata-cublas-gemm: %s\n", message.c_str());
  std::exit(code);
}

template <typename F>
void bind(void *lib, const char *lib_name, F &f, const char *symbol) {
  void *p = dlsym(lib, symbol);
  if (!p)
    die(2, std::string(lib_name) + " does not export " + symbol);
  std::memcpy(&f, &p, sizeof(p));
}

void check(CUresult r, const char *what) {
  if (r)
    die(1, std::string(what) + " failed: CUresult " + std::to_string(r));
}

void checkBlas(cublasStatus_t s, const char *what) {
  if (!s)
    return;
  // cublas_api.h's values.
  const char *name = s == 1    ? "CUBLAS_STATUS_NOT_INITIALIZED"
                     : s == 3  ? "CUBLAS_STATUS_ALLOC_FAILED"
                     : s == 7  ? "CUBLAS_STATUS_INVALID_VALUE"
                     : s == 8  ? "CUBLAS_STATUS_ARCH_MISMATCH"
                     : s == 13 ? "CUBLAS_STATUS_EXECUTION_FAILED"
                     : s == 14 ? "CUBLAS_STATUS_INTERNAL_ERROR"
                     : s == 15 ? "CUBLAS_STATUS_NOT_SUPPORTED"
                               : "an unknown cublasStatus_t";
  die(1,
      std::string(what) + " failed: " + name + " (" + std::to_string(s) + ")");
}

// 16-bit floats: strata/Support/FloatBits.h (shared with strata-run).
uint16_t toBf16(float f) { return strata::floatbits::floatToBf16(f); }
float fromBf16(uint16_t b) { return strata::floatbits::bf16ToFloat(b); }
uint16_t toHalf(float f) { return strata::floatbits::floatToHalf(f); }
float fromHalf(uint16_t u) { return strata::floatbits::halfToFloat(u); }

} // namespace

int main(int argc, char **argv) {
  std::string dtype = "f32";
  long m = 0, n = 0, k = 0, runs = 10, warmup = 2;
  bool doCheck = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc)
        die(1, "option '" + a + "' needs a value");
      return argv[++i];
    };
    auto number = [&](long lo) {
      std::string v = value();
      char *end = nullptr;
      long x = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end || x < lo || x > (1L << 20))
        die(1, "option '" + a + "' expects an integer >= " +
                   std::to_string(lo) + ", got '" + v + "'");
      return x;
    };
    if (a == "--dtype")
      dtype = value();
    else if (a == "--m")
      m = number(1);
    else if (a == "--n")
      n = number(1);
    else if (a == "--k")
      k = number(1);
    else if (a == "--runs")
      runs = number(1);
    else if (a == "--warmup")
      warmup = number(0);
    else if (a == "--check")
      doCheck = true;
    else
      die(1, "unknown option '" + a + "'");
  }
  int type, compute = CUBLAS_COMPUTE_32F;
  size_t elem;
  if (dtype == "f16")
    type = CUDA_R_16F, elem = 2;
  else if (dtype == "bf16")
    type = CUDA_R_16BF, elem = 2;
  else if (dtype == "f32")
    type = CUDA_R_32F, elem = 4;
  else if (dtype == "tf32")
    type = CUDA_R_32F, elem = 4, compute = CUBLAS_COMPUTE_32F_FAST_TF32;
  else
    die(1, "--dtype expects f16, bf16, f32 or tf32, got '" + dtype + "'");
  if (!m || !n || !k)
    die(1, "--m, --n and --k are required");

  // The driver and cuBLAS, opened here: absent ones are "skip" (exit 2).
  const char *driverName = std::getenv("STRATA_CUDA_DRIVER");
  if (!driverName || !*driverName)
    driverName = "libcuda.so.1";
  void *cuda = dlopen(driverName, RTLD_NOW | RTLD_LOCAL);
  if (!cuda)
    die(2, std::string("no CUDA driver found (") + dlerror() + ")");
  Driver cu;
  bind(cuda, driverName, cu.cuInit, "cuInit");
  bind(cuda, driverName, cu.cuDeviceGetCount, "cuDeviceGetCount");
  bind(cuda, driverName, cu.cuDeviceGet, "cuDeviceGet");
  bind(cuda, driverName, cu.cuDeviceGetName, "cuDeviceGetName");
  bind(cuda, driverName, cu.cuDeviceGetAttribute, "cuDeviceGetAttribute");
  bind(cuda, driverName, cu.cuDevicePrimaryCtxRetain,
       "cuDevicePrimaryCtxRetain");
  bind(cuda, driverName, cu.cuCtxSetCurrent, "cuCtxSetCurrent");
  bind(cuda, driverName, cu.cuCtxSynchronize, "cuCtxSynchronize");
  bind(cuda, driverName, cu.cuMemAlloc, "cuMemAlloc_v2");
  bind(cuda, driverName, cu.cuMemFree, "cuMemFree_v2");
  bind(cuda, driverName, cu.cuMemcpyHtoD, "cuMemcpyHtoD_v2");
  bind(cuda, driverName, cu.cuMemcpyDtoH, "cuMemcpyDtoH_v2");
  bind(cuda, driverName, cu.cuEventCreate, "cuEventCreate");
  bind(cuda, driverName, cu.cuEventRecord, "cuEventRecord");
  bind(cuda, driverName, cu.cuEventSynchronize, "cuEventSynchronize");
  bind(cuda, driverName, cu.cuEventElapsedTime, "cuEventElapsedTime");
  int count = 0;
  if (CUresult r = cu.cuInit(0))
    die(2, "cuInit failed (no usable CUDA driver or GPU): CUresult " +
               std::to_string(r));
  if (cu.cuDeviceGetCount(&count) || count < 1)
    die(2, "no CUDA device found");

  std::vector<std::string> blasNames;
  if (const char *env = std::getenv("STRATA_CUBLAS"); env && *env)
    blasNames = {env};
  else
    blasNames = {"libcublas.so.13", "libcublas.so.12", "libcublas.so.11",
                 "libcublas.so", "/usr/local/cuda/lib64/libcublas.so"};
  void *blas = nullptr;
  std::string tried;
  for (const std::string &name : blasNames) {
    if ((blas = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL)))
      break;
    tried += (tried.empty() ? "" : ", ") + name;
  }
  if (!blas)
    die(2, "cuBLAS not found (tried " + tried +
               "; set STRATA_CUBLAS or LD_LIBRARY_PATH)");
  Blas bl;
  bind(blas, "libcublas", bl.create, "cublasCreate_v2");
  bind(blas, "libcublas", bl.destroy, "cublasDestroy_v2");
  bind(blas, "libcublas", bl.gemmEx, "cublasGemmEx");

  CUdevice dev;
  CUcontext ctx;
  check(cu.cuDeviceGet(&dev, 0), "cuDeviceGet");
  check(cu.cuDevicePrimaryCtxRetain(&ctx, dev), "cuDevicePrimaryCtxRetain");
  check(cu.cuCtxSetCurrent(ctx), "cuCtxSetCurrent");
  char name[128] = "?";
  cu.cuDeviceGetName(name, sizeof(name), dev);
  int major = 0, minor = 0;
  cu.cuDeviceGetAttribute(&major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR,
                          dev);
  cu.cuDeviceGetAttribute(&minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR,
                          dev);

  // Host inputs: bench/gpu_gemm.py's periodic patterns of multiples of
  // 1/32 (exact in f16, bf16, TF32 and f32), A[i][p] = TA[(7i + p) % 61],
  // B[p][j] = TB[(3p + j) % 59]: the same inputs as the Strata side, and
  // every partial sum of their products is exact in f32.
  auto tableA = [](long x) { return float((x * 37) % 64 - 32) / 32.0f; };
  auto tableB = [](long x) { return float((x * 23) % 64 - 32) / 32.0f; };
  auto aValue = [&](long i, long p) { return tableA((7 * i + p) % 61); };
  auto bValue = [&](long p, long j) { return tableB((3 * p + j) % 59); };
  auto fill = [&](long rows, long cols, std::vector<unsigned char> &bytes,
                  auto value) {
    bytes.resize(size_t(rows) * cols * elem);
    for (long r = 0; r < rows; ++r)
      for (long c = 0; c < cols; ++c) {
        float f = value(r, c);
        size_t at = size_t(r) * cols + c;
        if (elem == 4) {
          std::memcpy(&bytes[at * 4], &f, 4);
        } else {
          uint16_t u = type == CUDA_R_16F ? toHalf(f) : toBf16(f);
          std::memcpy(&bytes[at * 2], &u, 2);
        }
      }
  };
  std::vector<unsigned char> ab, bb;
  fill(m, k, ab, aValue);
  fill(k, n, bb, bValue);
  CUdeviceptr da, db, dc;
  check(cu.cuMemAlloc(&da, ab.size()), "cuMemAlloc");
  check(cu.cuMemAlloc(&db, bb.size()), "cuMemAlloc");
  check(cu.cuMemAlloc(&dc, size_t(m) * n * elem), "cuMemAlloc");
  check(cu.cuMemcpyHtoD(da, ab.data(), ab.size()), "cuMemcpyHtoD");
  check(cu.cuMemcpyHtoD(db, bb.data(), bb.size()), "cuMemcpyHtoD");

  cublasHandle_t handle;
  checkBlas(bl.create(&handle), "cublasCreate");
  const float alpha = 1.0f, beta = 0.0f;
  // Row-major C = A B is column-major C^T = B^T A^T: cuBLAS gets B first.
  auto gemm = [&] {
    checkBlas(bl.gemmEx(handle, CUBLAS_OP_N, CUBLAS_OP_N, int(n), int(m),
                        int(k), &alpha, reinterpret_cast<void *>(db), type,
                        int(n), reinterpret_cast<void *>(da), type, int(k),
                        &beta, reinterpret_cast<void *>(dc), type, int(n),
                        compute, CUBLAS_GEMM_DEFAULT),
              "cublasGemmEx");
  };
  for (long w = 0; w < warmup; ++w)
    gemm();
  check(cu.cuCtxSynchronize(), "cuCtxSynchronize");
  std::vector<CUevent> ev(size_t(runs) + 1);
  for (CUevent &e : ev)
    check(cu.cuEventCreate(&e, 0), "cuEventCreate");
  check(cu.cuEventRecord(ev[0], nullptr), "cuEventRecord");
  for (long r = 0; r < runs; ++r) {
    gemm();
    check(cu.cuEventRecord(ev[r + 1], nullptr), "cuEventRecord");
  }
  check(cu.cuEventSynchronize(ev[runs]), "cuEventSynchronize");
  std::vector<double> ms(size_t(runs), 0.0);
  for (long r = 0; r < runs; ++r) {
    float e = 0;
    check(cu.cuEventElapsedTime(&e, ev[r], ev[r + 1]), "cuEventElapsedTime");
    ms[r] = e;
  }
  std::sort(ms.begin(), ms.end());
  double median =
      runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
  // A median of 0 (below the events' resolution) has no rate: "n/a".
  char rate[32] = "n/a";
  if (median > 0)
    std::snprintf(rate, sizeof(rate), "%.2f",
                  2.0 * m * n * k / (median * 1e-3) / 1e12);
  std::printf("cublas %s %ldx%ldx%ld: median %.4f ms, min %.4f ms, max %.4f "
              "ms (%ld runs), %s TFLOP/s, device '%s' sm_%d%d\n",
              dtype.c_str(), m, k, n, median, ms.front(), ms.back(), runs, rate,
              name, major, minor);

  int status = 0;
  if (doCheck) {
    std::vector<unsigned char> cb(size_t(m) * n * elem);
    check(cu.cuMemcpyDtoH(cb.data(), dc, cb.size()), "cuMemcpyDtoH");
    // Accumulation is exact for these inputs: only the output's rounding
    // is allowed (half an ulp: 2^-11 relative for f16, 2^-8 for bf16).
    double tol = type == CUDA_R_16F ? 1e-3 : type == CUDA_R_16BF ? 8e-3 : 1e-6;
    double worst = 0;
    for (int s = 0; s < 64; ++s) {
      size_t i = (size_t(s) * 7919 + 3) % size_t(m);
      size_t j = (size_t(s) * 104729 + 13) % size_t(n);
      double ref = 0; // exact in double too
      for (long p = 0; p < k; ++p)
        ref += double(aValue(long(i), p)) * bValue(p, long(j));
      size_t at = i * size_t(n) + j;
      double got;
      if (elem == 4) {
        float f;
        std::memcpy(&f, &cb[at * 4], 4);
        got = f;
      } else {
        uint16_t u;
        std::memcpy(&u, &cb[at * 2], 2);
        got = type == CUDA_R_16F ? fromHalf(u) : fromBf16(u);
      }
      double err = std::fabs(got - ref) / std::max(std::fabs(ref), 0x1p-10);
      if (!(err <= worst)) // NaN sticks
        worst = err;
    }
    status = worst <= tol ? 0 : 1;
    std::printf("check: %s: max |C - ref| / max(|ref|, 2^-10) = %.3g over 64 "
                "sampled "
                "entries (tolerance %.0e)\n",
                status ? "FAIL" : "PASS", worst, tol);
  }
  bl.destroy(handle);
  cu.cuMemFree(da);
  cu.cuMemFree(db);
  cu.cuMemFree(dc);
  return status;
}
