//===- Internal.h - strata-rt internals shared by its source files --------===//
//
// The tensor layout, the thread-local error setter and the checked shape
// arithmetic that model loading, running and .npy I/O all rely on. Not
// installed: the public surface is include/strata-rt/strata_rt.h.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_LIB_RUNTIME_INTERNAL_H
#define STRATA_LIB_RUNTIME_INTERNAL_H

#include "strata-rt/strata_rt.h"

#include <cstddef>
#include <cstdint>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "strata-rt assumes a little-endian host (artifacts and .npy files)"
#endif

struct strata_tensor {
  strata_dtype dtype;
  int32_t rank;
  int64_t dims[STRATA_MAX_RANK];
  uint64_t numElements;
  size_t byteSize;
  void *data; // 64-byte aligned, never NULL (at least 64 bytes allocated)
};

namespace strata::rt {

/// Records `fmt` as this thread's last error and returns `status`, so that
/// failure paths read `return fail(STATUS, "...", ...);`.
strata_status fail(strata_status status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/// True for the dtypes strata_dtype defines (not STRATA_DTYPE_INVALID).
bool isValidDtype(int32_t dtype);

/// What checkShape found wrong with a (dtype, rank, dims) triple.
enum class ShapeProblem {
  None,
  BadDtype,    // not a strata_dtype
  BadRank,     // outside 0..STRATA_MAX_RANK
  NullDims,    // rank > 0 but dims is NULL
  NegativeDim, // dims[dim] < 0
  Overflow,    // element count or byte size does not fit in 64 bits
};

struct ShapeCheck {
  ShapeProblem problem = ShapeProblem::None;
  int32_t dim = -1; // the offending dim for NegativeDim
  uint64_t numElements = 0;
  uint64_t byteSize = 0;
};

/// Validates a shape and computes its element count and byte size with
/// overflow checks. Never reads `dims` beyond `rank` or when rank is bad.
ShapeCheck checkShape(int32_t dtype, int32_t rank, const int64_t *dims);

/// Writes a one-line description of `check`'s problem into `buf`, e.g.
/// "rank 99 is outside 0..16".
void describeShapeProblem(const ShapeCheck &check, int32_t dtype, int32_t rank,
                          const int64_t *dims, char *buf, size_t size);

/// Writes "f32[2x3]" ("f32[]" for rank 0) into `buf`. The caller has
/// validated rank; dims may only be NULL when rank is 0.
void formatType(int32_t dtype, int32_t rank, const int64_t *dims, char *buf,
                size_t size);

/// Enough room for formatType of any valid shape.
constexpr size_t kTypeBufferSize = 16 + STRATA_MAX_RANK * 21;

/// The ABI-3 fields of an artifact's device section (tensor maps and
/// per-kernel dynamic shared memory). An ABI-2 artifact's
/// strata_device_program ends before them, so they are read only when
/// abi_version >= 3; otherwise they are 0 and NULL.
struct DeviceExtras {
  int32_t numTensorMaps = 0;
  const strata_device_tensor_map *tensorMaps = nullptr;
  const uint32_t *dynamicSharedBytes = nullptr; // NULL or num_kernels
};
inline DeviceExtras deviceExtras(const strata_artifact &a) {
  DeviceExtras e;
  if (a.abi_version >= 3 && a.device) {
    e.numTensorMaps = a.device->num_tensor_maps;
    e.tensorMaps = a.device->tensor_maps;
    e.dynamicSharedBytes = a.device->kernel_dynamic_shared_bytes;
  }
  return e;
}
/// The dynamic shared memory of kernel `k` of a checked artifact (0 before
/// ABI 3 or without the table).
inline uint32_t dynamicSharedBytes(const strata_artifact &a, int32_t k) {
  DeviceExtras e = deviceExtras(a);
  return e.dynamicSharedBytes ? e.dynamicSharedBytes[k] : 0;
}
/// The byte size of a tensor map element type (strata_device_tensor_map's
/// `dtype`), 0 for a type a tensor map cannot have.
uint32_t tensorMapElementBytes(int32_t dtype);
/// For the backends without tensor maps or dynamic shared memory (hip,
/// vulkan): STRATA_ERROR_ABI naming the artifact and what it uses when a
/// checked artifact has either, else STRATA_OK.
strata_status rejectCudaOnlyFeatures(const char *path, const strata_artifact &a,
                                     const char *backend);

/// The Vulkan backend (Vulkan.cpp): the state of one loaded model.
struct VulkanModel;
/// Opens the Vulkan loader (dlopen, at run time) and sets up the device,
/// buffers, pipelines and the recorded launch plan of a checked device
/// artifact. STRATA_ERROR_UNAVAILABLE without a driver or a device.
strata_status vulkanLoad(const char *path, const strata_artifact &artifact,
                         VulkanModel **out);
/// Runs the plan on checked tensors.
strata_status vulkanRun(VulkanModel *model, const strata_artifact &artifact,
                        strata_tensor *const *inputs,
                        strata_tensor *const *outputs);
/// NULL is a no-op.
void vulkanFree(VulkanModel *model);

/// The CUDA backend (Cuda.cpp): the state of one loaded model.
struct CudaModel;
/// Opens the CUDA driver (dlopen of libcuda.so.1 or $STRATA_CUDA_DRIVER, at
/// run time) and sets up device 0, the module, the kernels and the buffers
/// of a checked device artifact. STRATA_ERROR_UNAVAILABLE without a driver
/// or a GPU.
strata_status cudaLoad(const char *path, const strata_artifact &artifact,
                       CudaModel **out);
/// Runs the plan on checked tensors.
strata_status cudaRun(CudaModel *model, const strata_artifact &artifact,
                      strata_tensor *const *inputs,
                      strata_tensor *const *outputs);
/// Uploads the inputs once, enqueues the launch plan `warmup` times, then
/// `runs` times between cuEvent records on the default stream, and writes
/// the device milliseconds of each timed run to ms[0..runs). No output is
/// copied back. Checked tensors, warmup >= 0, runs >= 1.
strata_status cudaTimeDevice(CudaModel *model, const strata_artifact &artifact,
                             strata_tensor *const *inputs, int32_t warmup,
                             int32_t runs, double *ms);
/// NULL is a no-op.
void cudaFree(CudaModel *model);
/// The HIP backend (Hip.cpp): the state of one loaded rocm model.
struct HipModel;
/// Opens the HIP runtime (dlopen of libamdhip64.so or $STRATA_HIP_RUNTIME)
/// and sets up the module, kernels and buffers of a checked "rocm-hsaco"
/// artifact. STRATA_ERROR_UNAVAILABLE without the runtime or a GPU.
strata_status hipLoad(const char *path, const strata_artifact &artifact,
                      HipModel **out);
/// Runs the plan on checked tensors.
strata_status hipRun(HipModel *model, const strata_artifact &artifact,
                     strata_tensor *const *inputs,
                     strata_tensor *const *outputs);
/// NULL is a no-op.
void hipFree(HipModel *model);

} // namespace strata::rt

#endif // STRATA_LIB_RUNTIME_INTERNAL_H
