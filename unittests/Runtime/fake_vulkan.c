/*===- fake_vulkan.c - a hand-written Vulkan artifact (device section) -----===*
 *
 * Stands in for strata-compile --target=vulkan output in the runtime's error
 * path tests: a well-formed device section (ABI 2) whose "binary" is one
 * SPIR-V magic word, so loading gets as far as the Vulkan loader and device
 * selection. Compiled again with FAKE_* definitions for artifacts that are
 * wrong in exactly one way, with FAKE_CUDA as a cuda artifact (a PTX
 * header as its binary) that gets as far as the CUDA driver, and with
 * FAKE_ROCM as a rocm artifact (format "rocm-hsaco", the binary a
 * stand-in), for the hip backend's error paths. FAKE_V3_GARBAGE (with
 * FAKE_ABI_VERSION=2) fills the ABI-3 fields with garbage that a runtime
 * must not read.
 *
 *===----------------------------------------------------------------------===*/

#include "strata-rt/strata_artifact.h"

#include <stddef.h>

#ifndef FAKE_ABI_VERSION
#define FAKE_ABI_VERSION STRATA_ABI_VERSION
#endif

static const int64_t kDims[1] = {4};
static const strata_tensor_desc kInputs[1] = {{"x", STRATA_DTYPE_F32, 1, kDims}};
static const strata_tensor_desc kOutputs[1] = {
    {"y", STRATA_DTYPE_F32, 1, kDims}};

#if defined(FAKE_CUDA)
#define FAKE_TARGET "cuda"
#define FAKE_FORMAT "cuda-ptx"
#elif defined(FAKE_ROCM)
#define FAKE_FORMAT "rocm-hsaco"
#define FAKE_TARGET "rocm"
#else
#define FAKE_TARGET "vulkan"
#define FAKE_FORMAT "spirv"
#endif

#ifndef FAKE_NO_DEVICE
#ifdef FAKE_CUDA
/* PTX is text; its size counts the NUL (FAKE_PTX_NO_NUL: it does not). */
static const char kBinary[] = ".version 7.0\n.target sm_80\n"
                              ".address_size 64\n";
#ifdef FAKE_PTX_NO_NUL
#define FAKE_BINARY_SIZE (sizeof(kBinary) - 1)
#endif
#else
static const uint32_t kBinary[1] = {0x07230203u};
#endif
#ifndef FAKE_BINARY_SIZE
#define FAKE_BINARY_SIZE sizeof(kBinary)
#endif
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
    FAKE_FORMAT, kBinary, FAKE_BINARY_SIZE, 1, kKernels, 2, kBuffers, 0, NULL,
    1,           kSteps,
#ifdef FAKE_V3_GARBAGE
    /* Past the end of an ABI-2 program: a runtime that read these fields of
     * a version-2 artifact would refuse it or crash. */
    -7,          (const strata_device_tensor_map *)1, (const uint32_t *)8,
#else
    0,           NULL,    NULL,
#endif
};
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
