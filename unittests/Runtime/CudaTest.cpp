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
#include "unittests/Runtime/fake_cuda_driver.h"

#include <cstring>
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

  /// Forgets the driver's records; launches record `params` parameters.
  void reset(int params) const {
    auto f = reinterpret_cast<void (*)(int)>(
        handle ? dlsym(handle, "fake_cuda_reset") : nullptr);
    ASSERT_NE(f, nullptr);
    f(params);
  }
  /// What the driver recorded since the last reset.
  struct Records {
    std::vector<fake_cuda_tensor_map_call> maps;
    std::vector<fake_cuda_attribute_call> attributes;
    std::vector<fake_cuda_launch> launches;
  };
  Records records() const {
    using Fn = void (*)(const fake_cuda_tensor_map_call **, int *,
                        const fake_cuda_attribute_call **, int *,
                        const fake_cuda_launch **, int *);
    auto f = reinterpret_cast<Fn>(handle ? dlsym(handle, "fake_cuda_records")
                                         : nullptr);
    EXPECT_NE(f, nullptr);
    Records r;
    if (!f)
      return r;
    const fake_cuda_tensor_map_call *maps;
    const fake_cuda_attribute_call *attributes;
    const fake_cuda_launch *launches;
    int numMaps, numAttributes, numLaunches;
    f(&maps, &numMaps, &attributes, &numAttributes, &launches, &numLaunches);
    r.maps.assign(maps, maps + numMaps);
    r.attributes.assign(attributes, attributes + numAttributes);
    r.launches.assign(launches, launches + numLaunches);
    return r;
  }

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

//===----------------------------------------------------------------------===//
// ABI 3: tensor maps and dynamic shared memory (fake_cuda_tma.c's plan)
//===----------------------------------------------------------------------===//

std::vector<unsigned long long> dims(const fake_cuda_tensor_map_call &c) {
  return {c.global_dim, c.global_dim + c.rank};
}
std::vector<unsigned long long> strides(const fake_cuda_tensor_map_call &c) {
  return {c.global_strides, c.global_strides + c.rank - 1};
}
std::vector<unsigned> box(const fake_cuda_tensor_map_call &c) {
  return {c.box_dim, c.box_dim + c.rank};
}
std::vector<unsigned> elementStrides(const fake_cuda_tensor_map_call &c) {
  return {c.element_strides, c.element_strides + c.rank};
}

TEST(CudaTest, TensorMapsAreEncodedAtLoadAndPassedToTheKernels) {
  FakeDriver driver;
  driver.reset(3);
  ModelPtr model = loadCuda("fake_cuda_tma");
  ASSERT_TRUE(model);
  FakeDriver::Records load = driver.records();
  // Buffer 2 (map 0): f16[64x128], box [64x64], 128-byte swizzle; buffer 4
  // (map 1): f32[2x3x8], box [1x3x8]. The driver gets them innermost first.
  ASSERT_EQ(load.maps.size(), 2u);
  const fake_cuda_tensor_map_call &m0 = load.maps[0], &m1 = load.maps[1];
  EXPECT_EQ(m0.data_type, 6); // CU_TENSOR_MAP_DATA_TYPE_FLOAT16
  EXPECT_EQ(m0.rank, 2u);
  EXPECT_EQ(dims(m0), std::vector<unsigned long long>({128, 64}));
  EXPECT_EQ(strides(m0), std::vector<unsigned long long>({128 * 2}));
  EXPECT_EQ(box(m0), std::vector<unsigned>({64, 64}));
  EXPECT_EQ(elementStrides(m0), std::vector<unsigned>({1, 1}));
  EXPECT_EQ(m0.swizzle, 3);   // CU_TENSOR_MAP_SWIZZLE_128B
  EXPECT_EQ(m1.data_type, 7); // CU_TENSOR_MAP_DATA_TYPE_FLOAT32
  EXPECT_EQ(m1.rank, 3u);
  EXPECT_EQ(dims(m1), std::vector<unsigned long long>({8, 3, 2}));
  EXPECT_EQ(strides(m1), std::vector<unsigned long long>({8 * 4, 3 * 8 * 4}));
  EXPECT_EQ(box(m1), std::vector<unsigned>({8, 3, 1}));
  EXPECT_EQ(elementStrides(m1), std::vector<unsigned>({1, 1, 1}));
  EXPECT_EQ(m1.swizzle, 0);
  for (const fake_cuda_tensor_map_call &m : load.maps) {
    EXPECT_EQ(m.interleave, 0);
    EXPECT_EQ(m.l2_promotion, 0);
    EXPECT_EQ(m.oob_fill, 0);
  }
  // Only 'tma' (96 KiB) needs the opt-in; 'small' (1 KiB) does not.
  ASSERT_EQ(load.attributes.size(), 1u);
  EXPECT_STREQ(load.attributes[0].function, "tma");
  EXPECT_EQ(load.attributes[0].attribute,
            8); // CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES
  EXPECT_EQ(load.attributes[0].value, 96 * 1024);
  EXPECT_TRUE(load.launches.empty());

  TensorPtr a = makeTensor(STRATA_DTYPE_F16, {64, 128});
  strata_tensor *in[1] = {a.get()};
  strata_tensor *out[1] = {nullptr};
  ASSERT_EQ(strata_model_run(model.get(), in, 1, out, 1), STRATA_OK)
      << strata_last_error();
  TensorPtr y(out[0]);
  FakeDriver::Records run = driver.records();
  ASSERT_EQ(run.launches.size(), 2u);
  const fake_cuda_launch &tma = run.launches[0], &small = run.launches[1];
  EXPECT_STREQ(tma.function, "tma");
  EXPECT_EQ(tma.shared_mem_bytes, 96u * 1024);
  EXPECT_STREQ(small.function, "small");
  EXPECT_EQ(small.shared_mem_bytes, 1024u);
  // Each map covers the device address of its buffer: the kernels' second
  // parameters (buffers 0 and 3) ...
  EXPECT_EQ(m0.global_address, tma.params[1]);
  EXPECT_EQ(m1.global_address, small.params[1]);
  // ... and a TENSOR_MAP binding is the device pointer of the buffer the
  // encoded 128 bytes were copied into.
  ASSERT_NE(tma.params[0], 0u);
  ASSERT_NE(small.params[0], 0u);
  EXPECT_EQ(std::memcmp(reinterpret_cast<const void *>(tma.params[0]),
                        m0.encoded, 128),
            0);
  EXPECT_EQ(std::memcmp(reinterpret_cast<const void *>(small.params[0]),
                        m1.encoded, 128),
            0);
  EXPECT_NE(std::memcmp(m0.encoded, m1.encoded, 128), 0);

  // Device timing launches with the same dynamic shared memory.
  driver.reset(0);
  double ms[1];
  ASSERT_EQ(strata_model_time_device(model.get(), in, 1, 0, 1, ms), STRATA_OK)
      << strata_last_error();
  FakeDriver::Records timed = driver.records();
  ASSERT_EQ(timed.launches.size(), 2u);
  EXPECT_EQ(timed.launches[0].shared_mem_bytes, 96u * 1024);
  EXPECT_EQ(timed.launches[1].shared_mem_bytes, 1024u);
  EXPECT_TRUE(timed.maps.empty());
}

TEST(CudaTest, DynamicSharedMemoryWithoutTensorMaps) {
  FakeDriver driver;
  driver.reset(0);
  ModelPtr model = loadCuda("fake_cuda_tma_no_maps");
  ASSERT_TRUE(model);
  TensorPtr a = makeTensor(STRATA_DTYPE_F16, {64, 128});
  strata_tensor *in[1] = {a.get()};
  strata_tensor *out[1] = {nullptr};
  ASSERT_EQ(strata_model_run(model.get(), in, 1, out, 1), STRATA_OK)
      << strata_last_error();
  TensorPtr y(out[0]);
  FakeDriver::Records r = driver.records();
  EXPECT_TRUE(r.maps.empty());
  ASSERT_EQ(r.attributes.size(), 1u);
  EXPECT_EQ(r.attributes[0].value, 96 * 1024);
  ASSERT_EQ(r.launches.size(), 2u);
  EXPECT_EQ(r.launches[0].shared_mem_bytes, 96u * 1024);
}

TEST(CudaTest, TensorMapAndOptInFailuresAreNamed) {
  FakeDriver driver;
  std::string path = fakeArtifact("fake_cuda_tma");
  struct Case {
    const char *entry, *message;
  };
  for (Case c :
       {Case{"cuTensorMapEncodeTiled",
             "strata-rt: cuda: cuTensorMapEncodeTiled (tensor map 0, of "
             "buffer 0) failed: CUDA_ERROR_INVALID_VALUE (CUresult 1)"},
        Case{"cuFuncSetAttribute",
             "strata-rt: cuda: cuFuncSetAttribute (kernel 'tma', "
             "MAX_DYNAMIC_SHARED_SIZE_BYTES = 98304) failed: "
             "CUDA_ERROR_INVALID_VALUE (CUresult 1)"}}) {
    SCOPED_TRACE(c.entry);
    ScopedEnv fail("FAKE_CUDA_FAIL", c.entry);
    strata_model *m = nullptr;
    EXPECT_EQ(strata_model_load(path.c_str(), "cuda", &m), STRATA_ERROR_LOAD);
    EXPECT_EQ(m, nullptr);
    EXPECT_STREQ(strata_last_error(), c.message);
  }
}

// A driver before CUDA 12 lacks both entry points: artifacts that need them
// are refused, naming the entry point; the others still load and run.
TEST(CudaTest, OldDriverLacksTheCuda12EntryPoints) {
  ScopedEnv env("STRATA_CUDA_DRIVER", fakeArtifact("fake_libcuda11").c_str());
  strata_model *m = nullptr;
  std::string tma = fakeArtifact("fake_cuda_tma");
  EXPECT_EQ(strata_model_load(tma.c_str(), "cuda", &m),
            STRATA_ERROR_UNAVAILABLE);
  EXPECT_EQ(m, nullptr);
  EXPECT_THAT(strata_last_error(),
              HasSubstr("fake_libcuda11.so does not export "
                        "cuTensorMapEncodeTiled, which this artifact's tensor "
                        "maps (TMA) need; CUDA 12+ drivers have it"));
  std::string shared = fakeArtifact("fake_cuda_tma_no_maps");
  EXPECT_EQ(strata_model_load(shared.c_str(), "cuda", &m),
            STRATA_ERROR_UNAVAILABLE);
  EXPECT_THAT(strata_last_error(),
              HasSubstr("fake_libcuda11.so does not export cuFuncSetAttribute, "
                        "which this artifact's kernels with more than 48 KiB "
                        "of dynamic shared memory need; CUDA 12+ drivers have "
                        "it"));
  ModelPtr plain = loadCuda("fake_cuda");
  ASSERT_TRUE(plain);
  TensorPtr x = vector4(1, 2, 3, 4);
  strata_tensor *in[1] = {x.get()};
  strata_tensor *out[1] = {nullptr};
  ASSERT_EQ(strata_model_run(plain.get(), in, 1, out, 1), STRATA_OK)
      << strata_last_error();
  TensorPtr y(out[0]);
}

// A version-2 artifact's program ends before ABI 3's fields; fake_cuda_v2
// has garbage there, which the runtime must neither check nor use.
TEST(CudaTest, AbiVersion2IgnoresTheAbi3Fields) {
  FakeDriver driver;
  driver.reset(2);
  ModelPtr model = loadCuda("fake_cuda_v2_garbage");
  ASSERT_TRUE(model);
  TensorPtr x = vector4(1, -2, 3.5f, 4);
  strata_tensor *in[1] = {x.get()};
  strata_tensor *out[1] = {nullptr};
  ASSERT_EQ(strata_model_run(model.get(), in, 1, out, 1), STRATA_OK)
      << strata_last_error();
  TensorPtr y(out[0]);
  const float *p = static_cast<const float *>(strata_tensor_data(y.get()));
  EXPECT_EQ(std::vector<float>(p, p + 4), std::vector<float>({1, -2, 3.5f, 4}));
  FakeDriver::Records r = driver.records();
  EXPECT_TRUE(r.maps.empty());
  EXPECT_TRUE(r.attributes.empty());
  ASSERT_EQ(r.launches.size(), 1u);
  EXPECT_EQ(r.launches[0].shared_mem_bytes, 0u);
}

} // namespace
