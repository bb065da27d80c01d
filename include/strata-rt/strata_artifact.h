/*===- strata_artifact.h - the ABI between a compiled artifact and strata-rt
 *-===*
 *
 * A Strata artifact is one shared library. It exports one C symbol,
 * `strata_get_artifact`, returning a description of the model's entry point
 * and a function that runs it. strata-compile generates this; strata-rt reads
 * it. Changing this file is an ABI change: bump STRATA_ABI_VERSION.
 *
 * ABI version 1: static shapes only; the caller allocates every input and
 * output buffer, dense, row-major, with the described shape and dtype.
 * Adding a dtype value at the end of strata_dtype is additive (existing
 * values never change) and keeps ABI version 1: F64, I16, U8..U64 and the
 * low-precision types F8E4M3FN..U2 were added so.
 *
 * Low-precision types take one byte per element, like bool. Their bit
 * pattern sits in the byte's low bits and the bits above it are zero: a
 * float8 is its 8 bits; f4e2m1fn, i4 and u4 use bits 0..3, i2 and u2 bits
 * 0..1 (i4 -1 is 0x0F). This is the layout of numpy arrays of the ml_dtypes
 * package (float8_e4m3fn, int4, ...) and of LLVM's sub-byte integers in
 * memory; ONNX's packed 4-bit and 2-bit tensors are unpacked on import.
 *
 *===----------------------------------------------------------------------===*/

#ifndef STRATA_RT_STRATA_ARTIFACT_H
#define STRATA_RT_STRATA_ARTIFACT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STRATA_ABI_VERSION 1
#define STRATA_ARTIFACT_SYMBOL "strata_get_artifact"

/* Element types. Values are stable (they appear in artifacts). */
typedef enum strata_dtype {
  STRATA_DTYPE_INVALID = 0,
  STRATA_DTYPE_F32 = 1,
  STRATA_DTYPE_F16 = 2,
  STRATA_DTYPE_BF16 = 3,
  STRATA_DTYPE_I8 = 4,
  STRATA_DTYPE_I32 = 5,
  STRATA_DTYPE_I64 = 6,
  STRATA_DTYPE_BOOL = 7, /* one byte per element, 0 or 1 */
  STRATA_DTYPE_F64 = 8,  /* added within ABI 1 */
  STRATA_DTYPE_I16 = 9,  /* added within ABI 1 */
  STRATA_DTYPE_U8 = 10,  /* added within ABI 1 */
  STRATA_DTYPE_U16 = 11, /* added within ABI 1 */
  STRATA_DTYPE_U32 = 12, /* added within ABI 1 */
  STRATA_DTYPE_U64 = 13, /* added within ABI 1 */
  /* Low-precision types (added within ABI 1), one byte per element: */
  STRATA_DTYPE_F8E4M3FN = 14,   /* float8: 4-bit exponent, no infinity */
  STRATA_DTYPE_F8E4M3FNUZ = 15, /* ... no infinity, no -0 */
  STRATA_DTYPE_F8E5M2 = 16,     /* float8: 5-bit exponent, IEEE-like */
  STRATA_DTYPE_F8E5M2FNUZ = 17, /* ... no infinity, no -0 */
  STRATA_DTYPE_F4E2M1FN = 18,   /* float4 in bits 0..3 */
  STRATA_DTYPE_F8E8M0FNU = 19,  /* power-of-two scale: 2^(bits - 127) */
  STRATA_DTYPE_I4 = 20,         /* two's complement in bits 0..3 */
  STRATA_DTYPE_U4 = 21,         /* bits 0..3 */
  STRATA_DTYPE_I2 = 22,         /* two's complement in bits 0..1 */
  STRATA_DTYPE_U2 = 23          /* bits 0..1 */
} strata_dtype;

/* One input or output of the entry point. */
typedef struct strata_tensor_desc {
  const char *name;    /* never NULL; "input0"... when the model has none */
  int32_t dtype;       /* a strata_dtype */
  int32_t rank;        /* >= 0 */
  const int64_t *dims; /* `rank` sizes, each >= 0 (ABI 1: all static) */
} strata_tensor_desc;

/* Runs the model once. `inputs` and `outputs` hold one data pointer per
 * tensor, in the order of the descriptors. Returns 0 on success. */
typedef int32_t (*strata_run_fn)(void *const *inputs, void *const *outputs);

typedef struct strata_artifact {
  uint32_t abi_version; /* STRATA_ABI_VERSION the artifact was built for */
  const char *model_name;
  const char *target; /* "cpu", "cuda", "rocm", "vulkan" */
  int32_t num_inputs;
  int32_t num_outputs;
  const strata_tensor_desc *inputs;
  const strata_tensor_desc *outputs;
  strata_run_fn run;
} strata_artifact;

/* The one exported symbol. */
typedef const strata_artifact *(*strata_get_artifact_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* STRATA_RT_STRATA_ARTIFACT_H */
