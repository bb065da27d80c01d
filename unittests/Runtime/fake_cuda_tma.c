/*===- fake_cuda_tma.c - a hand-written ABI-3 cuda artifact ---------------===*
 *
 * Stands in for strata-compile's sm_90a output with tensor maps (TMA) and
 * dynamic shared memory, for the cuda backend's load and launch paths on
 * fake_libcuda (CudaTest.cpp) and for the checks of the ABI-3 fields
 * (ModelTest.cpp). The plan:
 *
 *   buffer 0: input 0 'a', f16[64x128]    buffer 2: tensor map 0 (of 0)
 *   buffer 1: output 0 'y', f32[4]        buffer 3: temp, f32[2x3x8]
 *                                         buffer 4: tensor map 1 (of 3)
 *   tensor map 0: f16 [64x128], box [64x64], 128-byte swizzle
 *   tensor map 1: f32 [2x3x8], box [1x3x8], no swizzle
 *   kernel 0 'tma' (buffers 2, 0, 1), 96 KiB of dynamic shared memory
 *   kernel 1 'small' (buffers 4, 3), 1 KiB of dynamic shared memory
 *
 * Compiled again with FAKE_* definitions: FAKE_VULKAN / FAKE_ROCM (the same
 * plan for another target), FAKE_NO_MAPS (buffers 2 and 4 are temps, no
 * tensor maps: only dynamic shared memory), and FAKE_BAD_<what> for an
 * artifact wrong in exactly one way.
 *
 *===----------------------------------------------------------------------===*/

#include "strata-rt/strata_artifact.h"

#include <stddef.h>

#ifndef FAKE_ABI_VERSION
#define FAKE_ABI_VERSION STRATA_ABI_VERSION
#endif

static const int64_t kInDims[2] = {64, 128};
static const int64_t kOutDims[1] = {4};
static const strata_tensor_desc kInputs[1] = {
    {"a", STRATA_DTYPE_F16, 2, kInDims}};
static const strata_tensor_desc kOutputs[1] = {
    {"y", STRATA_DTYPE_F32, 1, kOutDims}};

#if defined(FAKE_VULKAN)
#define FAKE_TARGET "vulkan"
#define FAKE_FORMAT "spirv"
static const uint32_t kBinary[1] = {0x07230203u};
#define FAKE_BINARY_SIZE sizeof(kBinary)
#elif defined(FAKE_ROCM)
#define FAKE_TARGET "rocm"
#define FAKE_FORMAT "rocm-hsaco"
static const uint32_t kBinary[1] = {0x464c457fu};
#define FAKE_BINARY_SIZE sizeof(kBinary)
#else
#define FAKE_TARGET "cuda"
#define FAKE_FORMAT "cuda-ptx"
static const char kBinary[] = ".version 8.0\n.target sm_90a\n"
                              ".address_size 64\n";
#define FAKE_BINARY_SIZE sizeof(kBinary)
#endif

static const strata_device_kernel kKernels[2] = {{"tma", {128, 1, 1}, 3},
                                                 {"small", {32, 1, 1}, 2}};
static const uint32_t kShared[2] = {
#ifdef FAKE_BAD_SHARED
    232449,
#else
    96 * 1024,
#endif
    1024};

#ifdef FAKE_NO_MAPS
#define FAKE_MAP_KIND STRATA_BUFFER_TEMP
#define FAKE_NUM_MAPS 0
#else
#define FAKE_MAP_KIND STRATA_BUFFER_TENSOR_MAP
#define FAKE_NUM_MAPS 2
#endif

static const strata_device_buffer kBuffers[5] = {
    {STRATA_BUFFER_INPUT, 0, 64 * 128 * 2},
    {STRATA_BUFFER_OUTPUT, 0, 16},
#if defined(FAKE_BAD_MAP_SIZE)
    {FAKE_MAP_KIND, 0, 64},
#elif defined(FAKE_BAD_MAP_INDEX)
    {FAKE_MAP_KIND, 2, 128},
#else
    {FAKE_MAP_KIND, 0, 128},
#endif
    {STRATA_BUFFER_TEMP, -1, 2 * 3 * 8 * 4},
    {FAKE_MAP_KIND, 1, 128},
};

/* Tensor map 0, the one the FAKE_BAD_* variants break. */
#if defined(FAKE_BAD_MAP_BUFFER)
#define FAKE_MAP0_BUFFER 7
#elif defined(FAKE_BAD_MAP_OF_MAP)
#define FAKE_MAP0_BUFFER 4
#else
#define FAKE_MAP0_BUFFER 0
#endif
#ifdef FAKE_BAD_DTYPE
#define FAKE_MAP0_DTYPE STRATA_DTYPE_BOOL
#else
#define FAKE_MAP0_DTYPE STRATA_DTYPE_F16
#endif
#if defined(FAKE_BAD_RANK)
#define FAKE_MAP0_RANK 6
#elif defined(FAKE_BAD_RANK0)
#define FAKE_MAP0_RANK 0
#else
#define FAKE_MAP0_RANK 2
#endif
#ifdef FAKE_BAD_SWIZZLE
#define FAKE_MAP0_SWIZZLE 4
#else
#define FAKE_MAP0_SWIZZLE STRATA_SWIZZLE_128B
#endif
#if defined(FAKE_BAD_DIMS_TOO_BIG)
#define FAKE_MAP0_DIMS                                                         \
  { 65, 128 }
#elif defined(FAKE_BAD_DIM0)
#define FAKE_MAP0_DIMS                                                         \
  { 64, 0 }
#elif defined(FAKE_BAD_DIMS_OVERFLOW)
#define FAKE_MAP0_DIMS                                                         \
  { UINT64_C(1) << 40, UINT64_C(1) << 40 }
#else
#define FAKE_MAP0_DIMS                                                         \
  { 64, 128 }
#endif
#if defined(FAKE_BAD_BOX0)
#define FAKE_MAP0_BOX                                                          \
  { 0, 64 }
#elif defined(FAKE_BAD_BOX257)
#define FAKE_MAP0_BOX                                                          \
  { 64, 257 }
#else
#define FAKE_MAP0_BOX                                                          \
  { 64, 64 }
#endif

__attribute__((unused)) static const strata_device_tensor_map kMaps[2] = {
    {FAKE_MAP0_BUFFER, FAKE_MAP0_DTYPE, FAKE_MAP0_RANK, FAKE_MAP0_SWIZZLE,
     FAKE_MAP0_DIMS, FAKE_MAP0_BOX},
    {3, STRATA_DTYPE_F32, 3, STRATA_SWIZZLE_NONE, {2, 3, 8}, {1, 3, 8}},
};

static const int32_t kArgs0[3] = {2, 0, 1};
static const int32_t kArgs1[2] = {4, 3};
static const int32_t kCopyArgs[2] = {2, 3};
static const strata_device_step kSteps[3] = {
    {STRATA_STEP_DISPATCH, 0, {2, 1, 1}, 3, kArgs0, 0},
    {STRATA_STEP_DISPATCH, 1, {1, 1, 1}, 2, kArgs1, 0},
    /* FAKE_BAD_COPY_MAP: a copy out of tensor map 0's buffer. */
    {STRATA_STEP_COPY, 0, {0, 0, 0}, 2, kCopyArgs, 128},
};
#ifdef FAKE_BAD_COPY_MAP
#define FAKE_NUM_STEPS 3
#else
#define FAKE_NUM_STEPS 2
#endif

#if defined(FAKE_BAD_NUM_MAPS)
#undef FAKE_NUM_MAPS
#define FAKE_NUM_MAPS 5000
#endif
#if defined(FAKE_BAD_NULL_MAPS) || FAKE_NUM_MAPS == 0
#define FAKE_MAPS NULL
#else
#define FAKE_MAPS kMaps
#endif

static const strata_device_program kProgram = {FAKE_FORMAT,
                                               kBinary,
                                               FAKE_BINARY_SIZE,
                                               2,
                                               kKernels,
                                               5,
                                               kBuffers,
                                               0,
                                               NULL,
                                               FAKE_NUM_STEPS,
                                               kSteps,
                                               FAKE_NUM_MAPS,
                                               FAKE_MAPS,
                                               kShared};

static const strata_artifact kArtifact = {
    FAKE_ABI_VERSION, "tma",    FAKE_TARGET, 1,        1,
    kInputs,          kOutputs, NULL,        &kProgram};

__attribute__((visibility("default"))) const strata_artifact *
strata_get_artifact(void) {
  return &kArtifact;
}
