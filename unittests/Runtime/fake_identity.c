/*===- fake_identity.c - a hand-written artifact that copies every dtype --===*
 *
 * One input per dtype that .npy can carry (and a rank-0 one), each copied to
 * the output of the same index, so tests can push every dtype through
 * strata-run and numpy and back. With FAKE_WITH_BF16 it also takes a bf16
 * input and output (ml_dtypes .npy files carry it).
 *
 *===----------------------------------------------------------------------===*/

#include "strata-rt/strata_artifact.h"

#include <string.h>

static const int64_t kVec2[1] = {2};
static const int64_t kVec3[1] = {3};
static const int64_t kVec5[1] = {5};
static const int64_t kMat[2] = {2, 2};
static const int64_t kCube[3] = {1, 3, 4};

#ifdef FAKE_WITH_BF16
#define FAKE_COUNT 8
#else
#define FAKE_COUNT 7
#endif

static const strata_tensor_desc kInputs[FAKE_COUNT] = {
    {"in_f32", STRATA_DTYPE_F32, 1, kVec2},
    {"in_f16", STRATA_DTYPE_F16, 1, kVec3},
    {"in_i8", STRATA_DTYPE_I8, 2, kMat},
    {"in_i32", STRATA_DTYPE_I32, 2, kMat},
    {"in_i64", STRATA_DTYPE_I64, 0, NULL},
    {"in_bool", STRATA_DTYPE_BOOL, 1, kVec5},
    {"in_big", STRATA_DTYPE_F32, 3, kCube},
#ifdef FAKE_WITH_BF16
    {"in_bf16", STRATA_DTYPE_BF16, 1, kVec2},
#endif
};

static const strata_tensor_desc kOutputs[FAKE_COUNT] = {
    {"out_f32", STRATA_DTYPE_F32, 1, kVec2},
    {"out_f16", STRATA_DTYPE_F16, 1, kVec3},
    {"out_i8", STRATA_DTYPE_I8, 2, kMat},
    {"out_i32", STRATA_DTYPE_I32, 2, kMat},
    {"out_i64", STRATA_DTYPE_I64, 0, NULL},
    {"out_bool", STRATA_DTYPE_BOOL, 1, kVec5},
    {"out_big", STRATA_DTYPE_F32, 3, kCube},
#ifdef FAKE_WITH_BF16
    {"out_bf16", STRATA_DTYPE_BF16, 1, kVec2},
#endif
};

static size_t byteSize(const strata_tensor_desc *desc) {
  static const size_t kSizes[] = {0, 4, 2, 2, 1, 4, 8, 1};
  size_t size = kSizes[desc->dtype];
  for (int32_t i = 0; i < desc->rank; ++i)
    size *= (size_t)desc->dims[i];
  return size;
}

static int32_t run(void *const *inputs, void *const *outputs) {
  for (int i = 0; i < FAKE_COUNT; ++i)
    memcpy(outputs[i], inputs[i], byteSize(&kInputs[i]));
  return 0;
}

static const strata_artifact kArtifact = {
    STRATA_ABI_VERSION, "identity", "cpu",    FAKE_COUNT,
    FAKE_COUNT,         kInputs,    kOutputs, run,
};

const strata_artifact *strata_get_artifact(void) { return &kArtifact; }
