//===- ModelTest.cpp - loading, checking and running artifacts ------------===//
//
// Drives strata-rt against the hand-written fake artifacts: a correct one
// must load, describe itself and compute the right numbers; every broken
// artifact, device or call must fail with the right status and a message
// that names what is wrong, and must never crash or leak outputs.
//
//===----------------------------------------------------------------------===//

#include "unittests/Runtime/TestUtil.h"

#include <cstdlib>
#include <cstring>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace strata::rt::test;
using ::testing::HasSubstr;

namespace {

/// Loads `path` on the CPU and expects success.
ModelPtr load(const std::string &path) {
  strata_model *m = nullptr;
  strata_status s = strata_model_load(path.c_str(), "cpu", &m);
  EXPECT_EQ(s, STRATA_OK) << strata_last_error();
  return ModelPtr(m);
}

/// Loads `path` and expects failure with `status`; returns the message.
std::string loadError(const std::string &path, strata_status status,
                      const char *device = "cpu") {
  strata_clear_error();
  strata_model *m = reinterpret_cast<strata_model *>(0x1);
  EXPECT_EQ(strata_model_load(path.c_str(), device, &m), status);
  EXPECT_EQ(m, nullptr);
  return strata_last_error();
}

float *floats(const TensorPtr &t) {
  return static_cast<float *>(strata_tensor_data(t.get()));
}

class AddTest : public ::testing::Test {
protected:
  void SetUp() override {
    model = load(fakeArtifact("fake_add"));
    ASSERT_TRUE(model);
    a = makeTensor(STRATA_DTYPE_F32, {2, 3});
    b = makeTensor(STRATA_DTYPE_F32, {2, 3});
    for (int i = 0; i < 6; ++i) {
      floats(a)[i] = 1.5f + static_cast<float>(i);
      floats(b)[i] = 2.25f - 0.5f * static_cast<float>(i);
    }
  }

  /// Runs with `inputs` and expects failure with `status`; returns the
  /// message after checking that no output slot was left filled.
  std::string runError(std::vector<strata_tensor *> inputs,
                       strata_status status, int32_t numOutputs = 1) {
    strata_clear_error();
    std::vector<strata_tensor *> outputs(
        static_cast<size_t>(numOutputs > 0 ? numOutputs : 1),
        reinterpret_cast<strata_tensor *>(0x1));
    EXPECT_EQ(strata_model_run(model.get(), inputs.data(),
                               static_cast<int32_t>(inputs.size()),
                               outputs.data(), numOutputs),
              status);
    for (int32_t i = 0; i < numOutputs; ++i)
      EXPECT_EQ(outputs[static_cast<size_t>(i)], nullptr);
    return strata_last_error();
  }

  ModelPtr model;
  TensorPtr a, b;
};

TEST_F(AddTest, Introspects) {
  EXPECT_STREQ(strata_model_name(model.get()), "add");
  EXPECT_STREQ(strata_model_target(model.get()), "cpu");
  ASSERT_EQ(strata_model_num_inputs(model.get()), 2);
  ASSERT_EQ(strata_model_num_outputs(model.get()), 1);
  const char *names[] = {"a", "b"};
  for (int32_t i = 0; i < 2; ++i) {
    const strata_tensor_desc *d = strata_model_input(model.get(), i);
    ASSERT_NE(d, nullptr);
    EXPECT_STREQ(d->name, names[i]);
    EXPECT_EQ(d->dtype, STRATA_DTYPE_F32);
    ASSERT_EQ(d->rank, 2);
    EXPECT_EQ(d->dims[0], 2);
    EXPECT_EQ(d->dims[1], 3);
  }
  const strata_tensor_desc *out = strata_model_output(model.get(), 0);
  ASSERT_NE(out, nullptr);
  EXPECT_STREQ(out->name, "sum");
}

TEST_F(AddTest, IntrospectionOutOfRange) {
  EXPECT_EQ(strata_model_input(model.get(), 2), nullptr);
  EXPECT_THAT(strata_last_error(),
              HasSubstr("has 2 inputs; there is no input 2"));
  EXPECT_EQ(strata_model_input(model.get(), -1), nullptr);
  EXPECT_EQ(strata_model_output(model.get(), 1), nullptr);
  EXPECT_THAT(strata_last_error(),
              HasSubstr("has 1 outputs; there is no output 1"));
}

TEST_F(AddTest, RunComputesTheSum) {
  strata_tensor *inputs[] = {a.get(), b.get()};
  strata_tensor *outputs[1] = {nullptr};
  ASSERT_EQ(strata_model_run(model.get(), inputs, 2, outputs, 1), STRATA_OK)
      << strata_last_error();
  TensorPtr sum(outputs[0]);
  EXPECT_EQ(strata_tensor_dtype(sum.get()), STRATA_DTYPE_F32);
  ASSERT_EQ(strata_tensor_rank(sum.get()), 2);
  EXPECT_EQ(strata_tensor_dims(sum.get())[0], 2);
  EXPECT_EQ(strata_tensor_dims(sum.get())[1], 3);
  EXPECT_EQ(floats(sum)[0], 3.75f); // 1.5 + 2.25
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(floats(sum)[i], (1.5f + static_cast<float>(i)) +
                                  (2.25f - 0.5f * static_cast<float>(i)))
        << "element " << i;
}

TEST_F(AddTest, RunIntoReusesOutputs) {
  TensorPtr sum = makeTensor(STRATA_DTYPE_F32, {2, 3});
  strata_tensor *inputs[] = {a.get(), b.get()};
  strata_tensor *outputs[] = {sum.get()};
  for (int round = 0; round < 2; ++round) {
    floats(a)[5] = static_cast<float>(round);
    ASSERT_EQ(strata_model_run_into(model.get(), inputs, 2, outputs, 1),
              STRATA_OK)
        << strata_last_error();
    EXPECT_EQ(floats(sum)[5], static_cast<float>(round) + (2.25f - 2.5f));
  }
}

TEST_F(AddTest, WrongInputCount) {
  EXPECT_THAT(runError({a.get()}, STRATA_ERROR_INVALID_ARGUMENT),
              HasSubstr("model 'add' takes 2 inputs, got 1"));
  EXPECT_THAT(
      runError({a.get(), b.get(), a.get()}, STRATA_ERROR_INVALID_ARGUMENT),
      HasSubstr("takes 2 inputs, got 3"));
}

TEST_F(AddTest, WrongOutputCount) {
  EXPECT_THAT(runError({a.get(), b.get()}, STRATA_ERROR_INVALID_ARGUMENT, 2),
              HasSubstr("model 'add' has 1 outputs, got room for 2"));
}

TEST_F(AddTest, WrongDtype) {
  TensorPtr i = makeTensor(STRATA_DTYPE_I32, {2, 3});
  EXPECT_EQ(runError({a.get(), i.get()}, STRATA_ERROR_INVALID_ARGUMENT),
            "input 1 'b': expected f32[2x3], got i32[2x3]");
}

TEST_F(AddTest, WrongRank) {
  TensorPtr flat = makeTensor(STRATA_DTYPE_F32, {6});
  EXPECT_EQ(runError({flat.get(), b.get()}, STRATA_ERROR_INVALID_ARGUMENT),
            "input 0 'a': expected f32[2x3], got f32[6]");
  TensorPtr scalar = makeTensor(STRATA_DTYPE_F32, {});
  EXPECT_EQ(runError({scalar.get(), b.get()}, STRATA_ERROR_INVALID_ARGUMENT),
            "input 0 'a': expected f32[2x3], got f32[]");
}

TEST_F(AddTest, WrongDim) {
  TensorPtr wide = makeTensor(STRATA_DTYPE_F32, {2, 4});
  EXPECT_EQ(runError({a.get(), wide.get()}, STRATA_ERROR_INVALID_ARGUMENT),
            "input 1 'b': expected f32[2x3], got f32[2x4]");
}

TEST_F(AddTest, NullInputs) {
  EXPECT_EQ(runError({nullptr, b.get()}, STRATA_ERROR_INVALID_ARGUMENT),
            "input 0 'a' is NULL");
  strata_tensor *outputs[1];
  EXPECT_EQ(strata_model_run(model.get(), nullptr, 2, outputs, 1),
            STRATA_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(strata_last_error(), HasSubstr("inputs is NULL"));
  strata_tensor *inputs[] = {a.get(), b.get()};
  EXPECT_EQ(strata_model_run(model.get(), inputs, 2, nullptr, 1),
            STRATA_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(strata_last_error(), HasSubstr("outputs is NULL"));
}

TEST_F(AddTest, RunIntoChecksOutputs) {
  strata_tensor *inputs[] = {a.get(), b.get()};
  TensorPtr wrong = makeTensor(STRATA_DTYPE_F32, {3, 2});
  strata_tensor *outputs[] = {wrong.get()};
  EXPECT_EQ(strata_model_run_into(model.get(), inputs, 2, outputs, 1),
            STRATA_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(strata_last_error(),
               "output 0 'sum': expected f32[2x3], got f32[3x2]");
  // In-place is not part of ABI 1: the artifact may still read `a`.
  outputs[0] = a.get();
  EXPECT_EQ(strata_model_run_into(model.get(), inputs, 2, outputs, 1),
            STRATA_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(strata_last_error(),
               "output 0 'sum' is the same tensor as input 0 'a'");
}

TEST_F(AddTest, ErrorsAreThreadLocal) {
  TensorPtr wide = makeTensor(STRATA_DTYPE_F32, {2, 4});
  std::string message =
      runError({a.get(), wide.get()}, STRATA_ERROR_INVALID_ARGUMENT);
  ASSERT_FALSE(message.empty());
  std::string other = "unset";
  std::thread([&] { other = strata_last_error(); }).join();
  EXPECT_EQ(other, "");
  EXPECT_EQ(strata_last_error(), message);
  strata_clear_error();
  EXPECT_STREQ(strata_last_error(), "");
}

TEST_F(AddTest, SuccessKeepsTheLastError) {
  EXPECT_EQ(strata_model_input(model.get(), 9), nullptr);
  std::string message = strata_last_error();
  strata_tensor *inputs[] = {a.get(), b.get()};
  strata_tensor *outputs[1];
  ASSERT_EQ(strata_model_run(model.get(), inputs, 2, outputs, 1), STRATA_OK);
  strata_tensor_free(outputs[0]);
  EXPECT_EQ(strata_last_error(), message);
}

TEST(ModelTest, RunFailureIsReportedAndFreesOutputs) {
  ModelPtr model = load(fakeArtifact("fake_add_fails"));
  ASSERT_TRUE(model);
  TensorPtr a = makeTensor(STRATA_DTYPE_F32, {2, 3});
  TensorPtr b = makeTensor(STRATA_DTYPE_F32, {2, 3});
  strata_tensor *inputs[] = {a.get(), b.get()};
  strata_tensor *outputs[1] = {reinterpret_cast<strata_tensor *>(0x1)};
  EXPECT_EQ(strata_model_run(model.get(), inputs, 2, outputs, 1),
            STRATA_ERROR_RUN);
  EXPECT_EQ(outputs[0], nullptr);
  EXPECT_STREQ(strata_last_error(),
               "model 'add' failed: its run function returned 7");
}

TEST(ModelTest, DeviceSelection) {
  std::string add = fakeArtifact("fake_add");
  for (const char *device : {static_cast<const char *>(nullptr), "cpu"}) {
    strata_model *m = nullptr;
    EXPECT_EQ(strata_model_load(add.c_str(), device, &m), STRATA_OK);
    strata_model_free(m);
  }
  // A cpu artifact does not run on the cuda, vulkan or hip device.
  EXPECT_THAT(loadError(add, STRATA_ERROR_INVALID_ARGUMENT, "cuda"),
              HasSubstr("was compiled for target 'cpu' and cannot run on "
                        "device 'cuda'"));
  EXPECT_THAT(loadError(add, STRATA_ERROR_INVALID_ARGUMENT, "vulkan"),
              HasSubstr("was compiled for target 'cpu' and cannot run on "
                        "device 'vulkan'"));
  EXPECT_THAT(loadError(add, STRATA_ERROR_INVALID_ARGUMENT, "hip"),
              HasSubstr("was compiled for target 'cpu' and cannot run on "
                        "device 'hip' (target 'rocm')"));
  EXPECT_EQ(loadError(add, STRATA_ERROR_INVALID_ARGUMENT, "tpu"),
            "unknown device 'tpu'; expected cpu, cuda, hip or vulkan");
}

TEST(ModelTest, TargetMismatch) {
  std::string path = fakeArtifact("fake_add_cuda");
  EXPECT_EQ(loadError(path, STRATA_ERROR_INVALID_ARGUMENT),
            "artifact '" + path +
                "' was compiled for target 'cuda' and cannot run on device "
                "'cpu' (target 'cpu')");
}

TEST(ModelTest, MissingFile) {
  EXPECT_EQ(loadError("/nonexistent/model.so", STRATA_ERROR_NOT_FOUND),
            "cannot load artifact '/nonexistent/model.so': No such file or "
            "directory");
}

TEST(ModelTest, NotASharedLibrary) {
  ScratchDir dir;
  std::string path = dir.write("text.so", "not an ELF file\n");
  EXPECT_THAT(loadError(path, STRATA_ERROR_LOAD),
              HasSubstr("cannot load artifact '" + path + "': "));
  EXPECT_THAT(loadError(dir.path(), STRATA_ERROR_LOAD),
              HasSubstr("is a directory"));
}

TEST(ModelTest, MissingSymbol) {
  std::string path = fakeArtifact("fake_no_symbol");
  EXPECT_EQ(loadError(path, STRATA_ERROR_ABI),
            "'" + path +
                "' is not a Strata artifact: it does not export "
                "'strata_get_artifact'");
}

TEST(ModelTest, UnresolvedSymbolFailsAtLoad) {
  std::string path = fakeArtifact("fake_unresolved");
  EXPECT_THAT(loadError(path, STRATA_ERROR_LOAD),
              HasSubstr("strata_missing_kernel"));
}

TEST(ModelTest, BadAbiVersion) {
  std::string path = fakeArtifact("fake_bad_abi");
  EXPECT_EQ(loadError(path, STRATA_ERROR_ABI),
            "artifact '" + path +
                "' was built for artifact ABI version 999, but this runtime "
                "supports versions 1 to 3; recompile it with a matching "
                "strata-compile");
}

// Artifacts of an older ABI version keep loading and running: a version-1
// artifact has no `device` field, and the runtime must not read it.
TEST(ModelTest, AbiVersion1StillLoads) {
  strata_model *m = nullptr;
  std::string path = fakeArtifact("fake_add_v1");
  ASSERT_EQ(strata_model_load(path.c_str(), "cpu", &m), STRATA_OK)
      << strata_last_error();
  strata_model_free(m);
}

TEST(ModelTest, VulkanWithoutLoaderIsAClearError) {
  ScopedEnv loader("STRATA_VULKAN_LOADER", "/nonexistent/libvulkan.so.1");
  std::string message = loadError(fakeArtifact("fake_vulkan"),
                                  STRATA_ERROR_UNAVAILABLE, "vulkan");
  EXPECT_THAT(message, HasSubstr("strata-rt: vulkan: no Vulkan driver found "
                                 "(/nonexistent/libvulkan.so.1: "));
}

TEST(ModelTest, HipWithoutRuntimeIsAClearError) {
  ScopedEnv runtime("STRATA_HIP_RUNTIME", "/nonexistent/libamdhip64.so");
  std::string message =
      loadError(fakeArtifact("fake_rocm"), STRATA_ERROR_UNAVAILABLE, "hip");
  EXPECT_THAT(message, HasSubstr("strata-rt: hip: cannot open the HIP runtime "
                                 "$STRATA_HIP_RUNTIME="
                                 "'/nonexistent/libamdhip64.so': "));
}

TEST(ModelTest, HipRejectsOtherDeviceBinaries) {
  // A vulkan artifact is not loaded on hip; the target check comes first.
  EXPECT_THAT(loadError(fakeArtifact("fake_vulkan"),
                        STRATA_ERROR_INVALID_ARGUMENT, "hip"),
              HasSubstr("was compiled for target 'vulkan' and cannot run on "
                        "device 'hip' (target 'rocm')"));
}

TEST(ModelTest, VulkanWithoutDriverIsAClearError) {
  // The real loader, told that the only driver manifest is missing.
  ScopedEnv icd("VK_ICD_FILENAMES", "/nonexistent/icd.json");
  ScopedEnv drivers("VK_DRIVER_FILES", "/nonexistent/icd.json");
  strata_model *m = nullptr;
  std::string path = fakeArtifact("fake_vulkan");
  EXPECT_EQ(strata_model_load(path.c_str(), "vulkan", &m),
            STRATA_ERROR_UNAVAILABLE);
  EXPECT_EQ(m, nullptr);
  // No loader at all, or a loader without drivers/devices.
  EXPECT_THAT(strata_last_error(),
              testing::AnyOf(HasSubstr("no Vulkan driver found"),
                             HasSubstr("no Vulkan device found")));
}

TEST(ModelTest, CudaWithoutDriverIsAClearError) {
  // Pointed at a missing file, never at whatever libcuda.so.1 the machine
  // has (or a toolkit stub on a search path).
  ScopedEnv driver("STRATA_CUDA_DRIVER", "/nonexistent/libcuda.so.1");
  strata_model *m = nullptr;
  std::string path = fakeArtifact("fake_cuda");
  EXPECT_EQ(strata_model_load(path.c_str(), "cuda", &m),
            STRATA_ERROR_UNAVAILABLE);
  EXPECT_EQ(m, nullptr);
  EXPECT_THAT(strata_last_error(),
              HasSubstr("strata-rt: cuda: no CUDA driver found "
                        "(/nonexistent/libcuda.so.1: "));
}

TEST(ModelTest, CudaStubDriverIsAClearError) {
  // The CUDA toolkit's stub libcuda.so (for linking only): cuInit fails
  // and the error is reported by name, as unavailable, without a crash.
  const char *stub = "/usr/local/cuda/lib64/stubs/libcuda.so";
  if (access(stub, R_OK) != 0)
    GTEST_SKIP() << "no CUDA toolkit stub at " << stub;
  ScopedEnv driver("STRATA_CUDA_DRIVER", stub);
  EXPECT_THAT(
      loadError(fakeArtifact("fake_cuda"), STRATA_ERROR_UNAVAILABLE, "cuda"),
      HasSubstr("strata-rt: cuda: cuInit (no usable CUDA driver or GPU) "
                "failed: CUDA_ERROR_STUB_LIBRARY (CUresult 34)"));
}

TEST(ModelTest, MalformedCudaDeviceSections) {
  EXPECT_THAT(
      loadError(fakeArtifact("fake_cuda_ptx_no_nul"), STRATA_ERROR_ABI, "cuda"),
      HasSubstr("device section: the binary is NULL, empty, or PTX "
                "without its NUL"));
  // A cuda artifact is not a vulkan one, and the other way around.
  EXPECT_THAT(
      loadError(fakeArtifact("fake_cuda"), STRATA_ERROR_INVALID_ARGUMENT,
                "vulkan"),
      HasSubstr("was compiled for target 'cuda' and cannot run on device "
                "'vulkan'"));
}

TEST(ModelTest, MalformedDeviceSections) {
  EXPECT_THAT(loadError(fakeArtifact("fake_vulkan_no_device"), STRATA_ERROR_ABI,
                        "vulkan"),
              HasSubstr("target 'vulkan' needs a device section, but it is "
                        "NULL"));
  EXPECT_THAT(
      loadError(fakeArtifact("fake_vulkan_v1"), STRATA_ERROR_ABI, "vulkan"),
      HasSubstr("needs a device section (ABI version 2), but it has "
                "version 1"));
  EXPECT_THAT(loadError(fakeArtifact("fake_vulkan_bad_size"), STRATA_ERROR_ABI,
                        "vulkan"),
              HasSubstr("device section: buffer 1 has 12 bytes, but output 0 "
                        "'y' has 16"));
  EXPECT_THAT(loadError(fakeArtifact("fake_vulkan_bad_kernel"),
                        STRATA_ERROR_ABI, "vulkan"),
              HasSubstr("device section: step 0 dispatches kernel 3 of 1"));
}

// ABI 3's fields are checked before any driver is opened, so these need
// none; fake_cuda_tma.c's FAKE_BAD_* variants are each wrong in one way.
struct TensorMapCase {
  const char *kind;
  const char *message;
};

class MalformedTensorMapTest : public ::testing::TestWithParam<TensorMapCase> {
};

TEST_P(MalformedTensorMapTest, IsRefused) {
  std::string path =
      fakeArtifact(std::string("fake_cuda_tma_bad_") + GetParam().kind);
  std::string message = loadError(path, STRATA_ERROR_ABI, "cuda");
  EXPECT_THAT(message, HasSubstr("artifact '" + path +
                                 "' is malformed: device section: "));
  EXPECT_THAT(message, HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    ModelTest, MalformedTensorMapTest,
    ::testing::Values(
        TensorMapCase{"rank", "tensor map 0 has rank 6, expected 1..5"},
        TensorMapCase{"rank0", "tensor map 0 has rank 0, expected 1..5"},
        TensorMapCase{"swizzle", "tensor map 0 has the swizzle 4, expected "
                                 "0..3"},
        TensorMapCase{"dtype", "tensor map 0 has the dtype 7; expected f16, "
                               "bf16, f32, f64, i32, i64, u8, u16, u32 or "
                               "u64"},
        TensorMapCase{"dims_too_big", "tensor map 0 views 16640 bytes of "
                                      "buffer 0, which has 16384"},
        TensorMapCase{"dim0", "tensor map 0: dim 1 is 0, expected >= 1"},
        TensorMapCase{"dims_overflow", "tensor map 0: the byte size of its "
                                       "dims overflows 64 bits"},
        TensorMapCase{"box0", "tensor map 0: box dim 0 is 0, expected "
                              "1..256"},
        TensorMapCase{"box257", "tensor map 0: box dim 1 is 257, expected "
                                "1..256"},
        TensorMapCase{"map_buffer", "tensor map 0 maps buffer 7 of 5"},
        TensorMapCase{"map_of_map", "tensor map 0 maps buffer 4, itself a "
                                    "tensor map"},
        TensorMapCase{"map_size", "buffer 2 holds tensor map 0 in 64 bytes, "
                                  "expected 128"},
        TensorMapCase{"map_index", "buffer 2 names tensor map 2 of 2"},
        TensorMapCase{"num_maps", "num_tensor_maps is 5000 (expected "
                                  "0..4096) or tensor_maps is NULL"},
        TensorMapCase{"null_maps", "num_tensor_maps is 2 (expected 0..4096) "
                                   "or tensor_maps is NULL"},
        TensorMapCase{"copy_map", "copy step 2 copies from buffer 2, a "
                                  "tensor map (only the runtime writes "
                                  "those)"},
        TensorMapCase{"shared", "kernel 0 'tma' asks for 232449 bytes of "
                                "dynamic shared memory, more than the 232448 "
                                "a block can have"}),
    [](const ::testing::TestParamInfo<TensorMapCase> &info) {
      return std::string(info.param.kind);
    });

TEST(ModelTest, TensorMapsNeedAbiVersion3) {
  EXPECT_THAT(
      loadError(fakeArtifact("fake_cuda_tma_v2"), STRATA_ERROR_ABI, "cuda"),
      HasSubstr("device section: buffer 2 is a tensor map, which "
                "needs ABI version 3, but the artifact has version "
                "2"));
}

// Tensor maps and dynamic shared memory are CUDA-only; the other device
// backends refuse them before opening their driver.
TEST(ModelTest, TensorMapsAreCudaOnly) {
  std::string vulkan = fakeArtifact("fake_vulkan_tma");
  EXPECT_EQ(loadError(vulkan, STRATA_ERROR_ABI, "vulkan"),
            "artifact '" + vulkan +
                "' uses 2 tensor maps (TMA descriptors), which only the cuda "
                "backend supports, not vulkan");
  std::string shared = fakeArtifact("fake_vulkan_tma_no_maps");
  EXPECT_EQ(loadError(shared, STRATA_ERROR_ABI, "vulkan"),
            "artifact '" + shared +
                "': kernel 0 'tma' uses 98304 bytes of dynamic shared "
                "memory, which only the cuda backend supports, not vulkan");
  ScopedEnv runtime("STRATA_HIP_RUNTIME", "/nonexistent/libamdhip64.so");
  std::string rocm = fakeArtifact("fake_rocm_tma");
  EXPECT_EQ(loadError(rocm, STRATA_ERROR_ABI, "hip"),
            "artifact '" + rocm +
                "' uses 2 tensor maps (TMA descriptors), which only the cuda "
                "backend supports, not hip");
}

TEST(ModelTest, BareFileNameIsRelativeToTheWorkingDirectory) {
  char old[4096];
  ASSERT_NE(getcwd(old, sizeof(old)), nullptr);
  ASSERT_EQ(chdir(STRATA_RT_FAKE_DIR), 0);
  strata_model *m = nullptr;
  strata_status s = strata_model_load("fake_add.so", nullptr, &m);
  std::string message = strata_last_error();
  strata_model_free(m);
  ASSERT_EQ(chdir(old), 0);
  EXPECT_EQ(s, STRATA_OK) << message;
}

TEST(ModelTest, TwoModelsOfOneArtifact) {
  ModelPtr first = load(fakeArtifact("fake_add"));
  ModelPtr second = load(fakeArtifact("fake_add"));
  first.reset();
  // The second handle keeps the library mapped.
  EXPECT_STREQ(strata_model_name(second.get()), "add");
}

TEST(ModelTest, NullArguments) {
  strata_clear_error();
  strata_model_free(nullptr);
  EXPECT_EQ(strata_model_num_inputs(nullptr), -1);
  EXPECT_THAT(strata_last_error(), HasSubstr("model is NULL"));
  EXPECT_EQ(strata_model_num_outputs(nullptr), -1);
  EXPECT_EQ(strata_model_input(nullptr, 0), nullptr);
  EXPECT_EQ(strata_model_output(nullptr, 0), nullptr);
  EXPECT_EQ(strata_model_name(nullptr), nullptr);
  EXPECT_EQ(strata_model_target(nullptr), nullptr);
  strata_tensor *outputs[1] = {reinterpret_cast<strata_tensor *>(0x1)};
  EXPECT_EQ(strata_model_run(nullptr, nullptr, 0, outputs, 1),
            STRATA_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(outputs[0], nullptr);
  EXPECT_EQ(strata_model_run_into(nullptr, nullptr, 0, nullptr, 0),
            STRATA_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(strata_model_load("x.so", "cpu", nullptr),
            STRATA_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(strata_last_error(), HasSubstr("out is NULL"));
  EXPECT_EQ(loadError("", STRATA_ERROR_INVALID_ARGUMENT),
            "strata_model_load: path is NULL or empty");
  strata_model *m = nullptr;
  EXPECT_EQ(strata_model_load(nullptr, "cpu", &m),
            STRATA_ERROR_INVALID_ARGUMENT);
}

TEST(ModelTest, IdentityCopiesEveryDtype) {
  ModelPtr model = load(fakeArtifact("fake_identity"));
  ASSERT_TRUE(model);
  int32_t n = strata_model_num_inputs(model.get());
  ASSERT_EQ(n, 7);
  std::vector<TensorPtr> owned;
  std::vector<strata_tensor *> inputs, outputs(static_cast<size_t>(n));
  for (int32_t i = 0; i < n; ++i) {
    strata_tensor *t = nullptr;
    ASSERT_EQ(strata_tensor_create_like(strata_model_input(model.get(), i), &t),
              STRATA_OK);
    auto *bytes = static_cast<unsigned char *>(strata_tensor_data(t));
    // Bool bytes must stay 0 or 1; other dtypes get a distinct pattern.
    for (size_t j = 0; j < strata_tensor_byte_size(t); ++j)
      bytes[j] = strata_tensor_dtype(t) == STRATA_DTYPE_BOOL
                     ? static_cast<unsigned char>(j % 2)
                     : static_cast<unsigned char>(j * 7 + i);
    owned.emplace_back(t);
    inputs.push_back(t);
  }
  ASSERT_EQ(strata_model_run(model.get(), inputs.data(), n, outputs.data(), n),
            STRATA_OK)
      << strata_last_error();
  for (int32_t i = 0; i < n; ++i) {
    TensorPtr out(outputs[static_cast<size_t>(i)]);
    strata_tensor *in = inputs[static_cast<size_t>(i)];
    ASSERT_EQ(strata_tensor_byte_size(out.get()), strata_tensor_byte_size(in));
    EXPECT_EQ(std::memcmp(strata_tensor_data(out.get()), strata_tensor_data(in),
                          strata_tensor_byte_size(in)),
              0)
        << "output " << i;
  }
}

/// One malformed artifact and the words its error must contain.
struct MalformedCase {
  const char *kind;
  const char *message;
};

class MalformedTest : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedTest, IsRefused) {
  std::string path =
      fakeArtifact(std::string("fake_malformed_") + GetParam().kind);
  std::string message = loadError(path, STRATA_ERROR_ABI);
  EXPECT_THAT(message, HasSubstr("artifact '" + path + "' is malformed: "));
  EXPECT_THAT(message, HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    ModelTest, MalformedTest,
    ::testing::Values(
        MalformedCase{"rank", "input 0 'x': rank 99 is outside 0..16"},
        MalformedCase{"negative_dim",
                      "input 0 'x': dim 1 is -3; dims must be >= 0"},
        MalformedCase{"dtype", "input 0 'x': dtype 42 is not a strata_dtype"},
        MalformedCase{"null_dims", "input 0 'x': rank is 2 but dims is NULL"},
        MalformedCase{"null_name", "input 0 has a NULL name"},
        MalformedCase{"overflow", "the size of "
                                  "f32[2147483648x2147483648x2147483648] "
                                  "overflows 64 bits"},
        MalformedCase{"null_target", "target is NULL"},
        MalformedCase{"num_inputs", "5000 inputs, expected 0..4096"},
        MalformedCase{"negative_count", "-1 inputs, expected 0..4096"},
        MalformedCase{"null_inputs", "1 inputs but the input descriptors are "
                                     "NULL"},
        MalformedCase{"null_run", "run function is NULL"},
        MalformedCase{"null_artifact", "strata_get_artifact returned NULL"}),
    [](const ::testing::TestParamInfo<MalformedCase> &info) {
      return std::string(info.param.kind);
    });

} // namespace
