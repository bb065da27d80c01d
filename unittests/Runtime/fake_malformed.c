/*===- fake_malformed.c - artifacts that each break one ABI rule ----------===*
 *
 * Compiled once per FAKE_MALFORMED_<kind> definition; each build declares a
 * small model with exactly one defect that strata_model_load must report as
 * a malformed artifact (STRATA_ERROR_ABI) without crashing.
 *
 *===----------------------------------------------------------------------===*/

#include "strata-rt/strata_artifact.h"

#include <stddef.h>

/* Some variants leave one of these definitions unused. */
#define FAKE_MAYBE_UNUSED __attribute__((unused))

FAKE_MAYBE_UNUSED static int32_t run(void *const *inputs,
                                     void *const *outputs) {
  (void)inputs;
  (void)outputs;
  return 0;
}

#if defined(FAKE_MALFORMED_rank)
static const int64_t kDims[99] = {1};
FAKE_MAYBE_UNUSED static const strata_tensor_desc kInputs[1] = {
    {"x", STRATA_DTYPE_F32, 99, kDims}};
#elif defined(FAKE_MALFORMED_negative_dim)
static const int64_t kDims[2] = {2, -3};
FAKE_MAYBE_UNUSED static const strata_tensor_desc kInputs[1] = {
    {"x", STRATA_DTYPE_F32, 2, kDims}};
#elif defined(FAKE_MALFORMED_dtype)
static const int64_t kDims[1] = {4};
FAKE_MAYBE_UNUSED static const strata_tensor_desc kInputs[1] = {
    {"x", 42, 1, kDims}};
#elif defined(FAKE_MALFORMED_null_dims)
FAKE_MAYBE_UNUSED static const strata_tensor_desc kInputs[1] = {
    {"x", STRATA_DTYPE_F32, 2, NULL}};
#elif defined(FAKE_MALFORMED_null_name)
static const int64_t kDims[1] = {4};
FAKE_MAYBE_UNUSED static const strata_tensor_desc kInputs[1] = {
    {NULL, STRATA_DTYPE_F32, 1, kDims}};
#elif defined(FAKE_MALFORMED_overflow)
/* 2^31 * 2^31 * 2^31 elements: the element count does not fit in 64 bits. */
static const int64_t kDims[3] = {INT64_C(1) << 31, INT64_C(1) << 31,
                                 INT64_C(1) << 31};
FAKE_MAYBE_UNUSED static const strata_tensor_desc kInputs[1] = {
    {"x", STRATA_DTYPE_F32, 3, kDims}};
#else
static const int64_t kDims[1] = {4};
FAKE_MAYBE_UNUSED static const strata_tensor_desc kInputs[1] = {
    {"x", STRATA_DTYPE_F32, 1, kDims}};
#endif
static const int64_t kOutDims[1] = {4};
static const strata_tensor_desc kOutputs[1] = {
    {"y", STRATA_DTYPE_F32, 1, kOutDims}};

FAKE_MAYBE_UNUSED static const strata_artifact kArtifact = {
    STRATA_ABI_VERSION,
    "malformed",
#if defined(FAKE_MALFORMED_null_target)
    NULL,
#else
    "cpu",
#endif
#if defined(FAKE_MALFORMED_num_inputs)
    5000,
#elif defined(FAKE_MALFORMED_negative_count)
    -1,
#else
    1,
#endif
    1,
#if defined(FAKE_MALFORMED_null_inputs)
    NULL,
#else
    kInputs,
#endif
    kOutputs,
#if defined(FAKE_MALFORMED_null_run)
    NULL,
#else
    run,
#endif
};

const strata_artifact *strata_get_artifact(void) {
#if defined(FAKE_MALFORMED_null_artifact)
  return NULL;
#else
  return &kArtifact;
#endif
}
