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
 * ABI version 2 (additive): strata_artifact gains a `device` field at its
 * end, the device section of a non-CPU artifact (strata_device_program:
 * device binary, kernels, buffers, constant blobs and the launch plan).
 * A version-1 artifact has no such field and is read as before; runtimes
 * read `device` only when abi_version >= 2. strata-compile writes the
 * lowest version that describes an artifact: CPU artifacts stay version 1
 * (loadable by every runtime), device artifacts are version 2 with `run`
 * NULL and `device` set.
 *
 * ABI version 3 (additive): the device section gains tensor maps (buffer
 * kind STRATA_BUFFER_TENSOR_MAP, strata_device_tensor_map: TMA descriptors
 * the CUDA backend encodes at load time with cuTensorMapEncodeTiled) and
 * per-kernel dynamic shared memory (`kernel_dynamic_shared_bytes`), both at
 * the end of strata_device_program. strata-compile writes version 3 only
 * for artifacts that use them (CUDA sm_90a wgmma kernels); runtimes read
 * the new fields only when abi_version >= 3.
 *
 *===----------------------------------------------------------------------===*/

#ifndef STRATA_RT_STRATA_ARTIFACT_H
#define STRATA_RT_STRATA_ARTIFACT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The newest version this header describes and the oldest a runtime built
 * from it still loads. */
#define STRATA_ABI_VERSION 3
#define STRATA_ABI_MIN_VERSION 1
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

/*===-- Device section (ABI 2) --------------------------------------------===*/

/* One kernel (entry point) of the device binary. Its buffers, in the order
 * of a dispatch step's `args`:
 * - "spirv" (Vulkan): storage buffers at descriptor set 0, bindings
 *   0..num_bindings-1;
 * - "cuda-ptx", "cuda-cubin" (CUDA) and "rocm-hsaco" (HIP): the kernel's
 *   parameters, one device pointer per binding, in order (num_bindings
 *   parameters, nothing else).
 * `workgroup_size` is the Vulkan local size, or the CUDA/HIP block
 * dimensions (blockDim x, y, z); a step's `groups` is the grid (gridDim).
 * A binding whose buffer is a TENSOR_MAP (ABI 3, CUDA only) is passed like
 * any other: the device pointer of the encoded 128-byte tensor map. */
typedef struct strata_device_kernel {
  const char *entry;          /* entry point name in the binary */
  uint32_t workgroup_size[3]; /* invocations (threads) per workgroup */
  int32_t num_bindings;
} strata_device_kernel;

/* Where a buffer of the launch plan comes from. */
typedef enum strata_buffer_kind {
  STRATA_BUFFER_INPUT = 1,    /* the caller's input `index` */
  STRATA_BUFFER_OUTPUT = 2,   /* the caller's output `index` */
  STRATA_BUFFER_CONSTANT = 3, /* initialized from blob `index` */
  STRATA_BUFFER_TEMP = 4,     /* scratch between steps, uninitialized */
  /* ABI 3, CUDA only: the 128-byte TMA descriptor (CUtensorMap) of
   * tensor map `index`, encoded by the runtime once the plan's buffers are
   * allocated and never written by a step (nor an argument of a COPY);
   * byte_size is 128. */
  STRATA_BUFFER_TENSOR_MAP = 5
} strata_buffer_kind;

typedef struct strata_device_buffer {
  int32_t kind;  /* a strata_buffer_kind */
  int32_t index; /* input, output or blob index; -1 for TEMP */
  uint64_t byte_size;
} strata_device_buffer;

/* Constant data (weights), copied into its buffer once at load time. */
typedef struct strata_device_blob {
  const void *data; /* 64-byte aligned */
  uint64_t byte_size;
} strata_device_blob;

typedef enum strata_step_kind {
  STRATA_STEP_DISPATCH = 1, /* run kernel `kernel` over `groups` */
  STRATA_STEP_COPY = 2      /* copy byte_size bytes: args[0] -> args[1] */
} strata_step_kind;

/* One step of the launch plan. Steps run in order; each sees every write
 * of the steps before it. */
typedef struct strata_device_step {
  int32_t kind;       /* a strata_step_kind */
  int32_t kernel;     /* DISPATCH: index into kernels */
  uint32_t groups[3]; /* DISPATCH: workgroup counts (x, y, z) */
  int32_t num_args;   /* DISPATCH: == the kernel's num_bindings; COPY: 2 */
  const int32_t *args; /* buffer indices */
  uint64_t byte_size;  /* COPY: bytes copied (from offset 0 of both) */
} strata_device_step;

/* ABI 3: how a tensor map's 128-byte shared-memory swizzle is laid out
 * (CUtensorMapSwizzle's values). */
typedef enum strata_tensor_map_swizzle {
  STRATA_SWIZZLE_NONE = 0,
  STRATA_SWIZZLE_32B = 1,
  STRATA_SWIZZLE_64B = 2,
  STRATA_SWIZZLE_128B = 3
} strata_tensor_map_swizzle;

/* ABI 3: a tiled TMA tensor map over a whole plan buffer, viewed as a dense
 * row-major array of `rank` dimensions. Sizes are outermost first (as the
 * buffer's shape); the runtime reverses them for the driver (innermost
 * first), computes the byte strides from `dims`, and encodes with element
 * strides 1, no interleave, no L2 promotion and zero fill out of bounds. */
#define STRATA_TENSOR_MAP_MAX_RANK 5
typedef struct strata_device_tensor_map {
  int32_t buffer;  /* the plan buffer mapped (not itself a TENSOR_MAP) */
  int32_t dtype;   /* element type: F16, BF16, F32, F64, I32, I64, U8,
                      U16, U32 or U64 */
  int32_t rank;    /* 1..STRATA_TENSOR_MAP_MAX_RANK */
  int32_t swizzle; /* a strata_tensor_map_swizzle */
  uint64_t dims[STRATA_TENSOR_MAP_MAX_RANK]; /* `rank` sizes, outermost
                                                first; their product times
                                                the element size is at most
                                                the buffer's byte_size */
  uint32_t box[STRATA_TENSOR_MAP_MAX_RANK];  /* the box (one TMA copy) in
                                                elements, outermost first,
                                                each 1..256 */
} strata_device_tensor_map;

/* The device section: what a device backend needs to run the model. */
typedef struct strata_device_program {
  const char *format;     /* "spirv" (Vulkan compute, SPIR-V words),
                             "cuda-ptx" (PTX text, NUL included in
                             binary_size), "cuda-cubin" (an ELF cubin),
                             "cuda-fatbin" (a CUDA fat binary: the cubin
                             and its PTX; a format value added within
                             ABI 2),
                             "rocm-hsaco" (an AMDGPU code object) */
  const void *binary;     /* the device binary, 16-byte aligned (4 before
                             the cuda/rocm formats); NULL (size 0) when
                             there are no kernels */
  uint64_t binary_size;   /* in bytes */
  int32_t num_kernels;
  const strata_device_kernel *kernels;
  int32_t num_buffers;
  const strata_device_buffer *buffers;
  int32_t num_blobs;
  const strata_device_blob *blobs;
  int32_t num_steps;
  const strata_device_step *steps;
  /* ABI >= 3 only: */
  int32_t num_tensor_maps; /* 0..4096 */
  const strata_device_tensor_map *tensor_maps;
  /* NULL, or num_kernels entries: the dynamic shared memory (bytes) each
   * launch of the kernel gets (CUDA; > 48 KiB needs the driver's opt-in,
   * which the runtime sets at load; at most 232448, 227 KiB). */
  const uint32_t *kernel_dynamic_shared_bytes;
} strata_device_program;

typedef struct strata_artifact {
  uint32_t abi_version; /* STRATA_ABI_VERSION the artifact was built for */
  const char *model_name;
  const char *target; /* "cpu", "cuda", "rocm", "vulkan" */
  int32_t num_inputs;
  int32_t num_outputs;
  const strata_tensor_desc *inputs;
  const strata_tensor_desc *outputs;
  strata_run_fn run; /* host code (cpu); NULL for device artifacts */
  /* ABI >= 2 only: the device section, NULL for cpu artifacts. */
  const strata_device_program *device;
} strata_artifact;

/* The one exported symbol. */
typedef const strata_artifact *(*strata_get_artifact_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* STRATA_RT_STRATA_ARTIFACT_H */
