/*===- fake_add.c - a hand-written artifact: sum = a + b on f32[2x3] -------===*
 *
 * Stands in for strata-compile output in the runtime's tests. Compiled once
 * as is, and again with FAKE_* definitions for artifacts that are wrong in
 * exactly one way (run fails, other target, other ABI version).
 *
 *===----------------------------------------------------------------------===*/

#include "strata-rt/strata_artifact.h"

#ifndef FAKE_RUN_RESULT
#define FAKE_RUN_RESULT 0
#endif
#ifndef FAKE_ABI_VERSION
#define FAKE_ABI_VERSION STRATA_ABI_VERSION
#endif
#ifdef FAKE_TARGET_CUDA
#define FAKE_TARGET "cuda"
#else
#define FAKE_TARGET "cpu"
#endif

static const int64_t kDims[2] = {2, 3};
static const strata_tensor_desc kInputs[2] = {
    {"a", STRATA_DTYPE_F32, 2, kDims},
    {"b", STRATA_DTYPE_F32, 2, kDims},
};
static const strata_tensor_desc kOutputs[1] = {
    {"sum", STRATA_DTYPE_F32, 2, kDims},
};

static int32_t run(void *const *inputs, void *const *outputs) {
  const float *a = (const float *)inputs[0];
  const float *b = (const float *)inputs[1];
  float *sum = (float *)outputs[0];
  for (int i = 0; i < 6; ++i)
    sum[i] = a[i] + b[i];
  return FAKE_RUN_RESULT;
}

static const strata_artifact kArtifact = {
    FAKE_ABI_VERSION, "add", FAKE_TARGET, 2, 1, kInputs, kOutputs, run,
};

const strata_artifact *strata_get_artifact(void) { return &kArtifact; }
