/*===- strata_rt.h - the strata-rt C API: load and run Strata artifacts ---===*
 *
 * strata-rt loads an artifact that strata-compile produced (one shared
 * library, see strata_artifact.h), checks it, and runs it on host tensors.
 * Plain C so that any language with a C FFI can drive a compiled model.
 *
 * Error handling: every function that can fail returns a strata_status (or a
 * NULL / -1 sentinel for getters) and sets a thread-local message, readable
 * with strata_last_error(), that names what failed. Success does not clear the
 * message; call strata_clear_error() for that. No function aborts or throws.
 *
 *===----------------------------------------------------------------------===*/

#ifndef STRATA_RT_STRATA_RT_H
#define STRATA_RT_STRATA_RT_H

#include "strata-rt/strata_artifact.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* libstrata-rt.so is built with hidden visibility; only this API is exported. */
#if defined(__GNUC__)
#define STRATA_RT_API __attribute__((visibility("default")))
#else
#define STRATA_RT_API
#endif

/* The most dimensions a tensor may have (descriptors and strata_tensor). */
#define STRATA_MAX_RANK 16
/* The most inputs or outputs an artifact may declare. */
#define STRATA_MAX_TENSORS 4096
/* The largest tensor strata_tensor_create allocates: 16 GiB. */
#define STRATA_MAX_TENSOR_BYTES ((uint64_t)16 << 30)

typedef enum strata_status {
  STRATA_OK = 0,
  STRATA_ERROR_INVALID_ARGUMENT, /* a bad argument: NULL, count, dtype, shape */
  STRATA_ERROR_NOT_FOUND,        /* the artifact file does not exist */
  STRATA_ERROR_LOAD,             /* dlopen failed */
  STRATA_ERROR_ABI,       /* not a valid artifact: symbol, version, descriptors */
  STRATA_ERROR_UNAVAILABLE, /* a device whose runtime, driver or device is
                               missing (or whose backend is not built) */
  STRATA_ERROR_OUT_OF_MEMORY, /* allocation failed or a size is too large */
  STRATA_ERROR_RUN            /* the artifact's run function reported failure */
} strata_status;

/* A loaded artifact. Opaque; free with strata_model_free. */
typedef struct strata_model strata_model;
/* A dense, row-major host tensor, 64-byte aligned. Opaque; free with
 * strata_tensor_free. */
typedef struct strata_tensor strata_tensor;

/*===-- Errors ------------------------------------------------------------===*/

/* The message of the last failure on this thread, or "" if none. The pointer
 * stays valid for the thread's lifetime; the next failure on this thread
 * overwrites the text. */
STRATA_RT_API const char *strata_last_error(void);
/* Resets this thread's message to "". */
STRATA_RT_API void strata_clear_error(void);
/* A short name for a status: "ok", "invalid argument", ... */
STRATA_RT_API const char *strata_status_name(strata_status status);

/*===-- Models ------------------------------------------------------------===*/

/* Loads the artifact at `path` for `device` and checks its ABI version and
 * descriptors. `device` is NULL or "cpu" (host code), or "vulkan" (the
 * artifact's device section runs through the Vulkan loader, opened with
 * dlopen here: without a loader, a driver or a device this gives
 * STRATA_ERROR_UNAVAILABLE, "strata-rt: vulkan: no Vulkan driver found
 * (...)"), "cuda" (the CUDA driver, libcuda.so.1, opened with dlopen) or
 * "hip" (the HIP runtime, libamdhip64.so, opened with dlopen); a missing
 * runtime, driver or device gives STRATA_ERROR_UNAVAILABLE with a message
 * naming what is missing. The artifact's target must match the device. On
 * failure *out is NULL. */
STRATA_RT_API strata_status strata_model_load(const char *path,
                                              const char *device,
                                              strata_model **out);
/* Unloads the artifact. NULL is a no-op. Descriptors and names obtained from
 * the model are invalid afterwards. */
STRATA_RT_API void strata_model_free(strata_model *model);

/* Introspection. Counts are -1 and pointers NULL (with an error set) when
 * `model` is NULL or `i` is out of range. Descriptors live as long as the
 * model. */
STRATA_RT_API int32_t strata_model_num_inputs(const strata_model *model);
STRATA_RT_API int32_t strata_model_num_outputs(const strata_model *model);
STRATA_RT_API const strata_tensor_desc *
strata_model_input(const strata_model *model, int32_t i);
STRATA_RT_API const strata_tensor_desc *
strata_model_output(const strata_model *model, int32_t i);
STRATA_RT_API const char *strata_model_name(const strata_model *model);
STRATA_RT_API const char *strata_model_target(const strata_model *model);

/* Runs the model. `inputs` holds `num_inputs` tensors in descriptor order;
 * each is checked (dtype, rank, every dim) before anything runs. On success
 * `outputs` (an array of `num_outputs` slots) receives newly created tensors
 * that the caller frees. On failure every slot of `outputs` is set to NULL
 * and nothing is leaked. */
STRATA_RT_API strata_status strata_model_run(strata_model *model,
                                             strata_tensor *const *inputs,
                                             int32_t num_inputs,
                                             strata_tensor **outputs,
                                             int32_t num_outputs);
/* Like strata_model_run, but writes into caller-created output tensors,
 * which are checked like the inputs. Lets a caller reuse output buffers
 * across runs (strata-run --bench times this). */
STRATA_RT_API strata_status strata_model_run_into(strata_model *model,
                                                  strata_tensor *const *inputs,
                                                  int32_t num_inputs,
                                                  strata_tensor *const *outputs,
                                                  int32_t num_outputs);

/* Times the device work of a model loaded for "cuda", without host<->device
 * copies: copies `inputs` (checked like strata_model_run's) to the device
 * once, enqueues the launch plan `warmup` (>= 0) times, then `runs` (>= 1)
 * times back to back between CUDA events recorded on the default stream,
 * and writes the milliseconds the device spent on timed run r to ms[r]
 * (`ms` has room for `runs` values). Outputs are not copied back: call
 * strata_model_run(_into) for them. A model on another device (cpu,
 * vulkan, hip) gives STRATA_ERROR_UNAVAILABLE; a driver failure
 * STRATA_ERROR_RUN naming the call. */
STRATA_RT_API strata_status strata_model_time_device(
    strata_model *model, strata_tensor *const *inputs, int32_t num_inputs,
    int32_t warmup, int32_t runs, double *ms);

/*===-- Tensors -----------------------------------------------------------===*/

/* Creates a zero-filled tensor. `dims` holds `rank` sizes (may be NULL when
 * rank is 0), each >= 0; 0 <= rank <= STRATA_MAX_RANK. Sizes above
 * STRATA_MAX_TENSOR_BYTES, or that overflow, give STRATA_ERROR_OUT_OF_MEMORY.
 * On failure *out is NULL. */
STRATA_RT_API strata_status strata_tensor_create(strata_dtype dtype,
                                                 int32_t rank,
                                                 const int64_t *dims,
                                                 strata_tensor **out);
/* Creates a tensor shaped and typed like `desc` (zero-filled). */
STRATA_RT_API strata_status
strata_tensor_create_like(const strata_tensor_desc *desc, strata_tensor **out);
/* NULL is a no-op. */
STRATA_RT_API void strata_tensor_free(strata_tensor *tensor);

/* Accessors; on a NULL tensor they return NULL / 0 / STRATA_DTYPE_INVALID /
 * -1 and set an error. The data pointer is never NULL for a valid tensor,
 * even with zero elements. */
STRATA_RT_API void *strata_tensor_data(strata_tensor *tensor);
STRATA_RT_API size_t strata_tensor_byte_size(const strata_tensor *tensor);
STRATA_RT_API int64_t strata_tensor_num_elements(const strata_tensor *tensor);
STRATA_RT_API strata_dtype strata_tensor_dtype(const strata_tensor *tensor);
STRATA_RT_API int32_t strata_tensor_rank(const strata_tensor *tensor);
STRATA_RT_API const int64_t *strata_tensor_dims(const strata_tensor *tensor);

/* Bytes per element (0 for an invalid dtype) and the short name: "f32",
 * "f16", "bf16", "i8", "i32", "i64", "bool", "f64", "i16", "u8", "u16",
 * "u32", "u64", or "invalid". */
STRATA_RT_API size_t strata_dtype_size(strata_dtype dtype);
STRATA_RT_API const char *strata_dtype_name(strata_dtype dtype);

/*===-- .npy files --------------------------------------------------------===*/

/* Reads a numpy .npy file (format 1.0, 2.0 or 3.0, C order) into a new
 * tensor. Accepted dtypes: '<f4' (f32), '<f2' (f16), '<f8' (f64), '|i1'
 * (i8), '<i2' (i16), '<i4' (i32), '<i8' (i64), '|b1' (bool; every byte
 * must be 0 or 1), '|u1' (u8), '<u2' (u16), '<u4' (u32), '<u8' (u64).
 * A missing file is STRATA_ERROR_NOT_FOUND; anything malformed (magic,
 * header, dtype, Fortran order, data size) is STRATA_ERROR_INVALID_ARGUMENT
 * with a message naming the file. On failure *out is NULL. */
STRATA_RT_API strata_status strata_tensor_load_npy(const char *path,
                                                   strata_tensor **out);
/* strata_tensor_load_npy, for a file that should hold `expect`: when
 * `expect` is one of the ml_dtypes types (bf16, the float8 and float4
 * types, i4, u4, i2, u2), a raw void dtype of its size ('<V2' for bf16,
 * '|V1' for the one-byte ones: what np.save writes for ml_dtypes arrays)
 * is read as `expect`. Otherwise the same as strata_tensor_load_npy (the
 * file's own dtype, whatever `expect` is). */
STRATA_RT_API strata_status strata_tensor_load_npy_as(const char *path,
                                                      strata_dtype expect,
                                                      strata_tensor **out);
/* Writes `tensor` as a .npy file (format 1.0) that numpy.load reads. bf16
 * has no numpy dtype and is refused with STRATA_ERROR_INVALID_ARGUMENT. */
STRATA_RT_API strata_status strata_tensor_save_npy(const strata_tensor *tensor,
                                                   const char *path);

#ifdef __cplusplus
}
#endif

#endif /* STRATA_RT_STRATA_RT_H */
