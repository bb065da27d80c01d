/*===- fake_vulkan.c - a hand-written Vulkan artifact (device section) -----===*
 *
 * Stands in for strata-compile --target=vulkan output in the runtime's error
 * path tests: a well-formed device section (ABI 2) whose "binary" is one
 * SPIR-V magic word, so loading gets as far as the Vulkan loader and device
 * selection. Compiled again with FAKE_* definitions for artifacts that are
 * wrong in exactly one way. FAKE_ROCM makes it a rocm artifact (format
 * "rocm-hsaco", the binary a stand-in), for the hip backend's error paths.
 *
 *===----------------------------------------------------------------------===*/

#include "strata-rt/strata_artifact.h"

#include <stddef.h>

#ifndef FAKE_ABI_VERSION
#define FAKE_ABI_VERSION STRATA_ABI_VERSION
#endif

#ifdef FAKE_ROCM
#define FAKE_FORMAT "rocm-hsaco"
#define FAKE_TARGET "rocm"
#else
#define FAKE_FORMAT "spirv"
#define FAKE_TARGET "vulkan"
#endif

static const int64_t kDims[1] = {4};
static const strata_tensor_desc kInputs[1] = {{"x", STRATA_DTYPE_F32, 1, kDims}};
static const strata_tensor_desc kOutputs[1] = {
    {"y", STRATA_DTYPE_F32, 1, kDims}};

#ifndef FAKE_NO_DEVICE
static const uint32_t kBinary[1] = {0x07230203u};
static const strata_device_kernel kKernels[1] = {{"copy", {4, 1, 1}, 2}};
static const strata_device_buffer kBuffers[2] = {
    {STRATA_BUFFER_INPUT, 0, 16},
#ifdef FAKE_BAD_SIZE
    {STRATA_BUFFER_OUTPUT, 0, 12},
#else
    {STRATA_BUFFER_OUTPUT, 0, 16},
#endif
};
static const int32_t kArgs[2] = {0, 1};
static const strata_device_step kSteps[1] = {
#ifdef FAKE_BAD_KERNEL
    {STRATA_STEP_DISPATCH, 3, {1, 1, 1}, 2, kArgs, 0},
#else
    {STRATA_STEP_DISPATCH, 0, {1, 1, 1}, 2, kArgs, 0},
#endif
};
static const strata_device_program kProgram = {
    FAKE_FORMAT, kBinary, sizeof(kBinary), 1, kKernels, 2, kBuffers, 0, NULL,
    1,       kSteps};
#endif

static const strata_artifact kArtifact = {
    FAKE_ABI_VERSION, "vcopy", FAKE_TARGET, 1, 1, kInputs, kOutputs, NULL,
#ifdef FAKE_NO_DEVICE
    NULL,
#else
    &kProgram,
#endif
};

__attribute__((visibility("default"))) const strata_artifact *
strata_get_artifact(void) {
  return &kArtifact;
}
