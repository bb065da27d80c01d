//===- gemm_bench.cpp - f32 GEMM: Strata artifacts vs OpenBLAS -------------===//
//
// For each shape MxKxN, writes a graph-dialect model C = graph.matmul(A, B)
// with both operands as inputs, compiles it with strata-compile, loads it with
// strata-rt, checks it against cblas_sgemm and times both in this process on
// 1 thread and on all threads (medians over 3 alternating rounds of timing
// blocks per side). Prints one line per shape and thread count:
//   gemm MxKxN threads=T strata=X GFLOP/s openblas=Y GFLOP/s ratio=X/Y
// Usage: gemm_bench STRATA_COMPILE WORKDIR [MxKxN...]
//
//===----------------------------------------------------------------------===//

#include "strata-rt/strata_rt.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

extern "C" {
// OpenBLAS (libopenblas-dev); declared here so the bench does not depend on
// which cblas.h the Debian alternatives system installed.
enum { CblasRowMajor = 101, CblasNoTrans = 111 };
void cblas_sgemm(int order, int transA, int transB, int m, int n, int k,
                 float alpha, const float *a, int lda, const float *b, int ldb,
                 float beta, float *c, int ldc);
void openblas_set_num_threads(int);
char *openblas_get_config(void);
char *openblas_get_corename(void);
// libomp from /usr/lib/llvm-22/lib, the one the artifacts link.
void omp_set_num_threads(int);
}

namespace {

struct Shape {
  long m, k, n;
};

double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// Times one call into `times`: one warm-up, then at least `minRuns` runs and
/// until about `budget` seconds have passed (at most 50 runs).
template <typename F>
void timeRuns(F &&f, int minRuns, double budget, std::vector<double> &times) {
  f();
  double start = now();
  for (int n = 0;
       n < minRuns || (now() - start < budget && n < 50); ++n) {
    double t0 = now();
    f();
    times.push_back(now() - t0);
  }
}

double median(std::vector<double> times) {
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

/// Rounds of alternating timing blocks per side: a burst of load from
/// elsewhere on the machine then hits both sides instead of one block.
constexpr int kRounds = 3;

bool writeModel(const std::string &path, const Shape &s) {
  std::ofstream os(path);
  auto t = [](long a, long b) {
    return "tensor<" + std::to_string(a) + "x" + std::to_string(b) + "xf32>";
  };
  os << "func.func @gemm(%a: " << t(s.m, s.k) << ", %b: " << t(s.k, s.n)
     << ") -> " << t(s.m, s.n) << " {\n"
     << "  %c = graph.matmul %a, %b : (" << t(s.m, s.k) << ", " << t(s.k, s.n)
     << ") -> " << t(s.m, s.n) << "\n"
     << "  return %c : " << t(s.m, s.n) << "\n}\n";
  return bool(os);
}

strata_tensor *tensor2d(long a, long b) {
  int64_t dims[2] = {a, b};
  strata_tensor *t = nullptr;
  if (strata_tensor_create(STRATA_DTYPE_F32, 2, dims, &t) != STRATA_OK) {
    std::fprintf(stderr, "tensor: %s\n", strata_last_error());
    std::exit(1);
  }
  return t;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s STRATA_COMPILE WORKDIR [MxKxN...]\n",
                 argv[0]);
    return 2;
  }
  std::string compiler = argv[1], work = argv[2];
  std::vector<Shape> shapes;
  for (int i = 3; i < argc; ++i) {
    Shape s;
    if (std::sscanf(argv[i], "%ldx%ldx%ld", &s.m, &s.k, &s.n) != 3) {
      std::fprintf(stderr, "bad shape '%s'\n", argv[i]);
      return 2;
    }
    shapes.push_back(s);
  }
  if (shapes.empty())
    shapes = {{256, 256, 256},   {1024, 1024, 1024}, {2048, 2048, 2048},
              {1000, 1000, 1000}, {384, 768, 3072},  {1, 4096, 4096}};
  int maxThreads = (int)std::thread::hardware_concurrency();
  double budget = std::getenv("GEMM_BENCH_SECONDS")
                      ? std::atof(std::getenv("GEMM_BENCH_SECONDS"))
                      : 1.5;
  const char *coretype = std::getenv("OPENBLAS_CORETYPE");
  std::printf("# openblas: %s (core %s), OPENBLAS_CORETYPE=%s; %d hardware "
              "threads\n",
              openblas_get_config(), openblas_get_corename(),
              coretype ? coretype : "(unset)", maxThreads);
  std::fflush(stdout);

  int failures = 0;
  for (const Shape &s : shapes) {
    std::string name = std::to_string(s.m) + "x" + std::to_string(s.k) + "x" +
                       std::to_string(s.n);
    std::string model = work + "/gemm_" + name + ".mlir";
    std::string so = work + "/gemm_" + name + ".so";
    if (!writeModel(model, s)) {
      std::fprintf(stderr, "cannot write %s\n", model.c_str());
      return 1;
    }
    std::string cmd = compiler + " " + model + " -o " + so;
    if (std::system(cmd.c_str()) != 0) {
      std::printf("gemm %s compile FAILED: %s\n", name.c_str(), cmd.c_str());
      ++failures;
      continue;
    }
    strata_model *m = nullptr;
    if (strata_model_load(so.c_str(), "cpu", &m) != STRATA_OK) {
      std::printf("gemm %s load FAILED: %s\n", name.c_str(),
                  strata_last_error());
      ++failures;
      continue;
    }
    strata_tensor *a = tensor2d(s.m, s.k), *b = tensor2d(s.k, s.n),
                  *c = tensor2d(s.m, s.n);
    float *pa = (float *)strata_tensor_data(a),
          *pb = (float *)strata_tensor_data(b),
          *pc = (float *)strata_tensor_data(c);
    std::mt19937 rng(2026);
    std::uniform_real_distribution<float> dist(-1.f, 1.f);
    for (long i = 0; i < s.m * s.k; ++i)
      pa[i] = dist(rng);
    for (long i = 0; i < s.k * s.n; ++i)
      pb[i] = dist(rng);
    std::vector<float> ref(s.m * s.n);
    strata_tensor *ins[2] = {a, b};
    auto runStrata = [&] {
      if (strata_model_run_into(m, ins, 2, &c, 1) != STRATA_OK) {
        std::fprintf(stderr, "run: %s\n", strata_last_error());
        std::exit(1);
      }
    };
    auto runBlas = [&] {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s.m, s.n, s.k,
                  1.f, pa, s.k, pb, s.n, 0.f, ref.data(), s.n);
    };
    double flops = 2.0 * s.m * s.k * s.n;
    std::vector<int> threadCounts = {1};
    if (maxThreads > 1)
      threadCounts.push_back(maxThreads);
    for (int t : threadCounts) {
      omp_set_num_threads(t);
      openblas_set_num_threads(t);
      // Check (every thread count: the grid split differs).
      std::fill(pc, pc + s.m * s.n, NAN);
      runStrata();
      runBlas();
      double maxErr = 0, maxRef = 0;
      for (long i = 0; i < s.m * s.n; ++i) {
        maxErr = std::max(maxErr, (double)std::fabs(pc[i] - ref[i]));
        maxRef = std::max(maxRef, (double)std::fabs(ref[i]));
        if (std::isnan(pc[i]))
          maxErr = INFINITY;
      }
      double relErr = maxErr / std::max(maxRef, 1e-30);
      bool ok = relErr < 1e-4;
      // Let the other library's spinning threads go idle between blocks.
      std::vector<double> timesS, timesB;
      for (int r = 0; r < kRounds; ++r) {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        timeRuns(runStrata, 2, budget / kRounds, timesS);
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        timeRuns(runBlas, 2, budget / kRounds, timesB);
      }
      double ts = median(timesS), tb = median(timesB);
      double gs = flops / ts * 1e-9, gb = flops / tb * 1e-9;
      std::printf("gemm %s threads=%d strata=%.1f GFLOP/s openblas=%.1f "
                  "GFLOP/s ratio=%.2f max_rel_err=%.1e%s\n",
                  name.c_str(), t, gs, gb, gs / gb, relErr,
                  ok ? "" : " WRONG");
      std::fflush(stdout);
      failures += !ok;
    }
    strata_tensor_free(a);
    strata_tensor_free(b);
    strata_tensor_free(c);
    strata_model_free(m);
  }
  return failures ? 1 : 0;
}
