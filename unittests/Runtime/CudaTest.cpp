//===- CudaTest.cpp - strata-rt's cuda backend on a fake driver -----------===//
//
// The cuda backend's load, run and device-timing paths, run on the host
// through fake_libcuda.so (fake_cuda_driver.c) named by STRATA_CUDA_DRIVER:
// its "device memory" is host memory, fake_cuda.so's "copy" kernel copies
// its input to its output, and every launch advances a fake device clock by
// 0.5 ms that its events read.
//
//===----------------------------------------------------------------------===//

#include "unittests/Runtime/TestUtil.h"

#include <dlfcn.h>
#include <vector>

using namespace strata::rt::test;
using ::testing::HasSubstr;

namespace {

/// Points STRATA_CUDA_DRIVER at the fake driver and keeps the library
/// loaded for the test's lifetime, so that strata-rt's dlopen gets this
/// instance and its counters outlive a model (counters are compared before
/// and after: the library may stay loaded from an earlier test).
class FakeDriver {
public:
  FakeDriver() : env("STRATA_CUDA_DRIVER", path().c_str()) {
    handle = dlopen(path().c_str(), RTLD_NOW | RTLD_LOCAL);
    EXPECT_NE(handle, nullptr) << dlerror();
  }
  ~FakeDriver() {
    if (handle)
      dlclose(handle);
  }
  long launches() const { return counter("fake_cuda_launches"); }
  long liveEvents() const { return counter("fake_cuda_live_events"); }

private:
  static std::string path() { return fakeArtifact("fake_libcuda"); }
  long counter(const char *name) const {
    auto f =
        reinterpret_cast<long (*)()>(handle ? dlsym(handle, name) : nullptr);
    EXPECT_NE(f, nullptr) << name;
    return f ? f() : -1;
  }
  ScopedEnv env;
  void *handle = nullptr;
};

ModelPtr loadCuda(const char *name = "fake_cuda") {
  strata_model *m = nullptr;
  std::string path = fakeArtifact(name);
  EXPECT_EQ(strata_model_load(path.c_str(), "cuda", &m), STRATA_OK)
      << strata_last_error();
  return ModelPtr(m);
}

TensorPtr vector4(float a, float b, float c, float d) {
  TensorPtr t = makeTensor(STRATA_DTYPE_F32, {4});
  if (t) {
    float *p = static_cast<float *>(strata_tensor_data(t.get()));
    p[0] = a, p[1] = b, p[2] = c, p[3] = d;
  }
  return t;
}

TEST(CudaTest, FakeDriverRunsThePlan) {
  FakeDriver driver;
  ModelPtr model = loadCuda();
  ASSERT_TRUE(model);
  TensorPtr x = vector4(1, -2, 3.5f, 4);
  strata_tensor *in[1] = {x.get()};
  strata_tensor *out[1] = {nullptr};
  long before = driver.launches();
  ASSERT_EQ(strata_model_run(model.get(), in, 1, out, 1), STRATA_OK)
      << strata_last_error();
  TensorPtr y(out[0]);
  const float *p = static_cast<const float *>(strata_tensor_data(y.get()));
  EXPECT_EQ(std::vector<float>(p, p + 4), std::vector<float>({1, -2, 3.5f, 4}));
  EXPECT_EQ(driver.launches() - before, 1);
}

TEST(CudaTest, TimeDeviceTimesEachLaunchPlan) {
  FakeDriver driver;
  ModelPtr model = loadCuda();
  ASSERT_TRUE(model);
  TensorPtr x = vector4(1, 2, 3, 4);
  strata_tensor *in[1] = {x.get()};
  std::vector<double> ms(5, -1.0);
  long before = driver.launches();
  ASSERT_EQ(strata_model_time_device(model.get(), in, 1, /*warmup=*/2,
                                     /*runs=*/5, ms.data()),
            STRATA_OK)
      << strata_last_error();
  // One kernel per plan, 0.5 ms of fake device time each; warm-up untimed.
  EXPECT_EQ(ms, std::vector<double>(5, 0.5));
  EXPECT_EQ(driver.launches() - before, 7);
  EXPECT_EQ(driver.liveEvents(), 0);
  // The inputs stay resident: a run afterwards still gives the input back.
  strata_tensor *out[1] = {nullptr};
  ASSERT_EQ(strata_model_run(model.get(), in, 1, out, 1), STRATA_OK);
  TensorPtr y(out[0]);
  EXPECT_EQ(static_cast<const float *>(strata_tensor_data(y.get()))[3], 4.0f);
}

TEST(CudaTest, TimeDeviceArgumentErrors) {
  FakeDriver driver;
  ModelPtr model = loadCuda();
  ASSERT_TRUE(model);
  TensorPtr x = vector4(1, 2, 3, 4);
  TensorPtr wrong = makeTensor(STRATA_DTYPE_F32, {5});
  strata_tensor *in[1] = {x.get()};
  strata_tensor *bad[1] = {wrong.get()};
  double ms[2];
  long before = driver.launches();
  auto error = [&](strata_model *m, strata_tensor *const *inputs, int32_t n,
                   int32_t warmup, int32_t runs, double *times) {
    EXPECT_EQ(strata_model_time_device(m, inputs, n, warmup, runs, times),
              STRATA_ERROR_INVALID_ARGUMENT);
    return std::string(strata_last_error());
  };
  EXPECT_EQ(error(nullptr, in, 1, 0, 1, ms),
            "strata_model_time_device: model is NULL");
  EXPECT_EQ(error(model.get(), in, 1, 0, 0, ms),
            "strata_model_time_device: runs is 0, expected >= 1");
  EXPECT_EQ(error(model.get(), in, 1, -1, 1, ms),
            "strata_model_time_device: warmup is -1, expected >= 0");
  EXPECT_EQ(error(model.get(), in, 1, 0, 1, nullptr),
            "strata_model_time_device: ms is NULL");
  EXPECT_EQ(error(model.get(), in, 2, 0, 1, ms),
            "model 'vcopy' takes 1 inputs, got 2");
  EXPECT_EQ(error(model.get(), nullptr, 1, 0, 1, ms),
            "model 'vcopy': inputs is NULL");
  EXPECT_EQ(error(model.get(), bad, 1, 0, 1, ms),
            "input 0 'x': expected f32[4], got f32[5]");
  EXPECT_EQ(driver.launches(), before);
}

TEST(CudaTest, TimeDeviceIsForCudaModelsOnly) {
  strata_model *m = nullptr;
  std::string path = fakeArtifact("fake_identity");
  ASSERT_EQ(strata_model_load(path.c_str(), "cpu", &m), STRATA_OK)
      << strata_last_error();
  ModelPtr model(m);
  std::vector<TensorPtr> inputs;
  std::vector<strata_tensor *> in;
  for (int32_t i = 0; i < strata_model_num_inputs(m); ++i) {
    strata_tensor *t = nullptr;
    ASSERT_EQ(strata_tensor_create_like(strata_model_input(m, i), &t),
              STRATA_OK);
    inputs.emplace_back(t);
    in.push_back(t);
  }
  double ms[1];
  EXPECT_EQ(strata_model_time_device(m, in.data(),
                                     static_cast<int32_t>(in.size()), 0, 1, ms),
            STRATA_ERROR_UNAVAILABLE);
  EXPECT_THAT(strata_last_error(),
              HasSubstr("runs on target 'cpu': device timing "
                        "(strata_model_time_device) is implemented for cuda "
                        "models only"));
}

TEST(CudaTest, TimeDeviceReportsDriverFailuresAndFreesEvents) {
  FakeDriver driver;
  ModelPtr model = loadCuda();
  ASSERT_TRUE(model);
  TensorPtr x = vector4(1, 2, 3, 4);
  strata_tensor *in[1] = {x.get()};
  double ms[3];
  for (const char *entry :
       {"cuEventCreate", "cuEventRecord", "cuEventElapsedTime",
        "cuEventSynchronize", "cuLaunchKernel", "cuMemcpyHtoD"}) {
    SCOPED_TRACE(entry);
    ScopedEnv fail("FAKE_CUDA_FAIL", entry);
    EXPECT_EQ(strata_model_time_device(model.get(), in, 1, 1, 3, ms),
              STRATA_ERROR_RUN);
    EXPECT_THAT(
        strata_last_error(),
        HasSubstr("model 'vcopy' failed on cuda: " + std::string(entry)));
    EXPECT_THAT(strata_last_error(),
                HasSubstr("failed: CUDA_ERROR_INVALID_VALUE (CUresult 1)"));
    EXPECT_EQ(driver.liveEvents(), 0);
  }
}

} // namespace
