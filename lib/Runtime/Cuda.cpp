//===- Cuda.cpp - strata-rt's CUDA backend --------------------------------===//
//
// Runs the device section of a cuda artifact (a cubin or PTX and a launch
// plan) through the CUDA driver API. The driver (libcuda.so.1, or
// $STRATA_CUDA_DRIVER) is opened with dlopen at load time, and the few types
// and entry points used are declared here: strata-rt neither links nor needs
// CUDA to build, and without a driver or a GPU loading a cuda artifact fails
// with STRATA_ERROR_UNAVAILABLE and a message naming what is missing.
//
// At load: cuInit, device 0, its primary context, the module
// (cuModuleLoadData: a cubin, or PTX the driver JIT-compiles), one function
// per kernel, one allocation per plan buffer (constants uploaded once);
// then (ABI 3) every TENSOR_MAP buffer gets its tensor map, encoded with
// cuTensorMapEncodeTiled over its mapped buffer's device address and
// copied into it, and every kernel with more than 48 KiB of dynamic shared
// memory gets the driver's opt-in (cuFuncSetAttribute). Those two entry
// points (CUDA 12+) are resolved only for an artifact that needs them, so
// an older driver still runs the others. A run copies the inputs in,
// launches every DISPATCH (kernel parameters: one device pointer per
// binding, in order; block = the kernel's workgroup size, grid = the
// step's groups, sharedMemBytes = the kernel's dynamic shared memory),
// copies every COPY on the device, copies the outputs out and
// synchronizes. strata_model_time_device copies the
// inputs in once and times repeated launch plans between cuEvent records,
// on the device, without the copies. Every CUresult is checked and
// reported by name (cuGetErrorName).
//
//===----------------------------------------------------------------------===//

#include "lib/Runtime/Internal.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <mutex>
#include <new>
#include <vector>

using namespace strata::rt;

namespace {

// The CUDA driver API subset used (cuda.h, declared here so that building
// strata-rt needs no CUDA installation).
using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st *;
using CUmodule = struct CUmod_st *;
using CUfunction = struct CUfunc_st *;
using CUstream = struct CUstream_st *;
using CUevent = struct CUevent_st *;
constexpr CUresult CUDA_SUCCESS = 0;
constexpr CUresult CUDA_ERROR_OUT_OF_MEMORY = 2;
// ABI 3: tensor maps (CUDA 12) and the dynamic shared memory opt-in.
struct alignas(64) CUtensorMap {
  unsigned long long opaque[16]; // CU_TENSOR_MAP_NUM_QWORDS
};
static_assert(sizeof(CUtensorMap) == 128, "CUtensorMap is 128 bytes");
enum CUtensorMapDataType : int {
  CU_TENSOR_MAP_DATA_TYPE_UINT8 = 0,
  CU_TENSOR_MAP_DATA_TYPE_UINT16 = 1,
  CU_TENSOR_MAP_DATA_TYPE_UINT32 = 2,
  CU_TENSOR_MAP_DATA_TYPE_INT32 = 3,
  CU_TENSOR_MAP_DATA_TYPE_UINT64 = 4,
  CU_TENSOR_MAP_DATA_TYPE_INT64 = 5,
  CU_TENSOR_MAP_DATA_TYPE_FLOAT16 = 6,
  CU_TENSOR_MAP_DATA_TYPE_FLOAT32 = 7,
  CU_TENSOR_MAP_DATA_TYPE_FLOAT64 = 8,
  CU_TENSOR_MAP_DATA_TYPE_BFLOAT16 = 9,
};
constexpr int CU_TENSOR_MAP_INTERLEAVE_NONE = 0;
constexpr int CU_TENSOR_MAP_L2_PROMOTION_NONE = 0;
constexpr int CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE = 0;
// strata_tensor_map_swizzle's values are CUtensorMapSwizzle's (NONE, 32B,
// 64B, 128B = 0..3).
constexpr int CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8;
// Launches get up to 48 KiB of dynamic shared memory without the opt-in.
constexpr uint32_t kDefaultDynamicShared = 48 * 1024;

struct Api {
  CUresult (*cuInit)(unsigned);
  CUresult (*cuGetErrorName)(CUresult, const char **);
  CUresult (*cuDeviceGetCount)(int *);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDeviceGetName)(char *, int, CUdevice);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*cuDevicePrimaryCtxRelease)(CUdevice);
  CUresult (*cuCtxSetCurrent)(CUcontext);
  CUresult (*cuCtxSynchronize)();
  CUresult (*cuModuleLoadData)(CUmodule *, const void *);
  CUresult (*cuModuleUnload)(CUmodule);
  CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyHtoD)(CUdeviceptr, const void *, size_t);
  CUresult (*cuMemcpyDtoH)(void *, CUdeviceptr, size_t);
  CUresult (*cuMemcpyDtoD)(CUdeviceptr, CUdeviceptr, size_t);
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned,
                             unsigned, unsigned, unsigned, CUstream, void **,
                             void **);
  CUresult (*cuEventCreate)(CUevent *, unsigned);
  CUresult (*cuEventDestroy)(CUevent);
  CUresult (*cuEventRecord)(CUevent, CUstream);
  CUresult (*cuEventSynchronize)(CUevent);
  CUresult (*cuEventElapsedTime)(float *, CUevent, CUevent);
  // Resolved only for an artifact that needs them (CUDA 12+ drivers).
  CUresult (*cuTensorMapEncodeTiled)(CUtensorMap *, int, unsigned, void *,
                                     const unsigned long long *,
                                     const unsigned long long *,
                                     const unsigned *, const unsigned *, int,
                                     int, int, int);
  CUresult (*cuFuncSetAttribute)(CUfunction, int, int);
};

/// Each entry point with the symbol the driver exports it under (the _v2
/// names are what cuda.h's macros resolve to).
struct Symbol {
  const char *name;
  size_t offset;
};
#define STRATA_CU(field, symbol)                                               \
  { symbol, offsetof(Api, field) }
constexpr Symbol kSymbols[] = {
    STRATA_CU(cuInit, "cuInit"),
    STRATA_CU(cuGetErrorName, "cuGetErrorName"),
    STRATA_CU(cuDeviceGetCount, "cuDeviceGetCount"),
    STRATA_CU(cuDeviceGet, "cuDeviceGet"),
    STRATA_CU(cuDeviceGetName, "cuDeviceGetName"),
    STRATA_CU(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain"),
    STRATA_CU(cuDevicePrimaryCtxRelease, "cuDevicePrimaryCtxRelease_v2"),
    STRATA_CU(cuCtxSetCurrent, "cuCtxSetCurrent"),
    STRATA_CU(cuCtxSynchronize, "cuCtxSynchronize"),
    STRATA_CU(cuModuleLoadData, "cuModuleLoadData"),
    STRATA_CU(cuModuleUnload, "cuModuleUnload"),
    STRATA_CU(cuModuleGetFunction, "cuModuleGetFunction"),
    STRATA_CU(cuMemAlloc, "cuMemAlloc_v2"),
    STRATA_CU(cuMemFree, "cuMemFree_v2"),
    STRATA_CU(cuMemcpyHtoD, "cuMemcpyHtoD_v2"),
    STRATA_CU(cuMemcpyDtoH, "cuMemcpyDtoH_v2"),
    STRATA_CU(cuMemcpyDtoD, "cuMemcpyDtoD_v2"),
    STRATA_CU(cuLaunchKernel, "cuLaunchKernel"),
    STRATA_CU(cuEventCreate, "cuEventCreate"),
    STRATA_CU(cuEventDestroy, "cuEventDestroy_v2"),
    STRATA_CU(cuEventRecord, "cuEventRecord"),
    STRATA_CU(cuEventSynchronize, "cuEventSynchronize"),
    STRATA_CU(cuEventElapsedTime, "cuEventElapsedTime"),
};
constexpr Symbol kTensorMapSymbol =
    STRATA_CU(cuTensorMapEncodeTiled, "cuTensorMapEncodeTiled");
constexpr Symbol kFuncAttributeSymbol =
    STRATA_CU(cuFuncSetAttribute, "cuFuncSetAttribute");
#undef STRATA_CU

} // namespace

struct strata::rt::CudaModel {
  void *driver = nullptr;
  Api cu = {};
  CUdevice device = 0;
  CUcontext context = nullptr;
  CUmodule module = nullptr;
  std::vector<CUfunction> functions;
  std::vector<CUdeviceptr> buffers;
  std::mutex mutex; // one run at a time: the buffers are shared
};

namespace {

const char *errorName(const CudaModel &m, CUresult r) {
  const char *name = nullptr;
  if (m.cu.cuGetErrorName && m.cu.cuGetErrorName(r, &name) == CUDA_SUCCESS &&
      name)
    return name;
  // The driver could not name it (the toolkit's stub library cannot): the
  // values of cuda.h for the errors this backend expects.
  switch (r) {
  case 1:
    return "CUDA_ERROR_INVALID_VALUE";
  case 2:
    return "CUDA_ERROR_OUT_OF_MEMORY";
  case 3:
    return "CUDA_ERROR_NOT_INITIALIZED";
  case 34:
    return "CUDA_ERROR_STUB_LIBRARY";
  case 35:
    return "CUDA_ERROR_INSUFFICIENT_DRIVER";
  case 100:
    return "CUDA_ERROR_NO_DEVICE";
  case 200:
    return "CUDA_ERROR_INVALID_IMAGE";
  case 209:
    return "CUDA_ERROR_NO_BINARY_FOR_GPU";
  case 218:
    return "CUDA_ERROR_INVALID_PTX";
  case 222:
    return "CUDA_ERROR_UNSUPPORTED_PTX_VERSION";
  case 500:
    return "CUDA_ERROR_NOT_FOUND";
  case 700:
    return "CUDA_ERROR_ILLEGAL_ADDRESS";
  case 701:
    return "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES";
  case 719:
    return "CUDA_ERROR_LAUNCH_FAILED";
  default:
    return "an unknown CUresult";
  }
}

strata_status cuFail(const CudaModel &m, strata_status status, CUresult r,
                     const char *what) {
  if (r == CUDA_ERROR_OUT_OF_MEMORY)
    status = STRATA_ERROR_OUT_OF_MEMORY;
  return fail(status, "strata-rt: cuda: %s failed: %s (CUresult %d)", what,
              errorName(m, r), r);
}

/// Resolves one entry point into m.cu; STRATA_ERROR_UNAVAILABLE naming it
/// when the driver lacks it (`why`: what needs it, for the optional ones).
strata_status resolve(CudaModel &m, const char *driver, const Symbol &s,
                      const char *why) {
  void *f = dlsym(m.driver, s.name);
  if (!f)
    return fail(STRATA_ERROR_UNAVAILABLE,
                "strata-rt: cuda: the CUDA driver %s does not export %s%s",
                driver, s.name, why);
  std::memcpy(reinterpret_cast<char *>(&m.cu) + s.offset, &f, sizeof(f));
  return STRATA_OK;
}

/// Opens the driver and resolves every entry point the artifact needs.
strata_status openDriver(CudaModel &m, const strata_artifact &a) {
  // STRATA_CUDA_DRIVER names another driver library (tests point it at a
  // missing file, or at the toolkit's stub, to check the error paths).
  const char *name = std::getenv("STRATA_CUDA_DRIVER");
  if (!name || !*name)
    name = "libcuda.so.1";
  m.driver = dlopen(name, RTLD_NOW | RTLD_LOCAL);
  if (!m.driver) {
    const char *why = dlerror();
    return fail(STRATA_ERROR_UNAVAILABLE,
                "strata-rt: cuda: no CUDA driver found (%s)", why ? why : name);
  }
  for (const Symbol &s : kSymbols)
    if (strata_status st = resolve(m, name, s, ""))
      return st;
  // ABI 3: only an artifact that uses them needs the CUDA 12 entry points.
  DeviceExtras x = deviceExtras(a);
  if (x.numTensorMaps > 0)
    if (strata_status st =
            resolve(m, name, kTensorMapSymbol,
                    ", which this artifact's tensor maps (TMA) need; CUDA "
                    "12+ drivers have it"))
      return st;
  for (int32_t k = 0; k < a.device->num_kernels; ++k)
    if (dynamicSharedBytes(a, k) > kDefaultDynamicShared) {
      if (strata_status st = resolve(
              m, name, kFuncAttributeSymbol,
              ", which this artifact's kernels with more than 48 KiB of "
              "dynamic shared memory need; CUDA 12+ drivers have it"))
        return st;
      break;
    }
  return STRATA_OK;
}

/// The driver's element type for a (checked) tensor map dtype.
CUtensorMapDataType tensorMapDataType(int32_t dtype) {
  switch (dtype) {
  case STRATA_DTYPE_U8:
    return CU_TENSOR_MAP_DATA_TYPE_UINT8;
  case STRATA_DTYPE_U16:
    return CU_TENSOR_MAP_DATA_TYPE_UINT16;
  case STRATA_DTYPE_U32:
    return CU_TENSOR_MAP_DATA_TYPE_UINT32;
  case STRATA_DTYPE_I32:
    return CU_TENSOR_MAP_DATA_TYPE_INT32;
  case STRATA_DTYPE_U64:
    return CU_TENSOR_MAP_DATA_TYPE_UINT64;
  case STRATA_DTYPE_I64:
    return CU_TENSOR_MAP_DATA_TYPE_INT64;
  case STRATA_DTYPE_F16:
    return CU_TENSOR_MAP_DATA_TYPE_FLOAT16;
  case STRATA_DTYPE_F32:
    return CU_TENSOR_MAP_DATA_TYPE_FLOAT32;
  case STRATA_DTYPE_F64:
    return CU_TENSOR_MAP_DATA_TYPE_FLOAT64;
  default: // STRATA_DTYPE_BF16; the checks allow nothing else
    return CU_TENSOR_MAP_DATA_TYPE_BFLOAT16;
  }
}

/// Encodes the tensor map of TENSOR_MAP buffer `b` over its mapped
/// buffer's device address and copies it into buffer `b`. The artifact
/// gives sizes outermost first; the driver takes them innermost first,
/// with the byte strides of dims 1..rank-1 (the innermost is dense).
strata_status encodeTensorMap(CudaModel &m, const strata_artifact &a,
                              int32_t b) {
  const strata_device_program &p = *a.device;
  int32_t t = p.buffers[b].index;
  const strata_device_tensor_map &map = deviceExtras(a).tensorMaps[t];
  unsigned rank = static_cast<unsigned>(map.rank);
  unsigned long long globalDim[STRATA_TENSOR_MAP_MAX_RANK] = {};
  unsigned long long globalStrides[STRATA_TENSOR_MAP_MAX_RANK] = {};
  unsigned boxDim[STRATA_TENSOR_MAP_MAX_RANK] = {};
  unsigned elementStrides[STRATA_TENSOR_MAP_MAX_RANK] = {};
  unsigned long long stride = tensorMapElementBytes(map.dtype);
  for (unsigned i = 0; i < rank; ++i) {
    globalDim[i] = map.dims[rank - 1 - i];
    boxDim[i] = map.box[rank - 1 - i];
    elementStrides[i] = 1;
    // The checks bound the whole product by the buffer's byte size.
    stride *= globalDim[i];
    if (i + 1 < rank)
      globalStrides[i] = stride;
  }
  CUtensorMap encoded;
  std::memset(&encoded, 0, sizeof(encoded));
  void *address =
      reinterpret_cast<void *>(static_cast<uintptr_t>(m.buffers[map.buffer]));
  if (CUresult r = m.cu.cuTensorMapEncodeTiled(
          &encoded, tensorMapDataType(map.dtype), rank, address, globalDim,
          globalStrides, boxDim, elementStrides, CU_TENSOR_MAP_INTERLEAVE_NONE,
          map.swizzle, CU_TENSOR_MAP_L2_PROMOTION_NONE,
          CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE)) {
    char what[128];
    std::snprintf(what, sizeof(what),
                  "cuTensorMapEncodeTiled (tensor map %d, of buffer %d)", t,
                  map.buffer);
    return cuFail(m, STRATA_ERROR_LOAD, r, what);
  }
  if (CUresult r = m.cu.cuMemcpyHtoD(m.buffers[b], &encoded, sizeof(encoded)))
    return cuFail(m, STRATA_ERROR_LOAD, r,
                  "cuMemcpyHtoD (uploading a tensor map)");
  return STRATA_OK;
}

strata_status setUp(CudaModel &m, const strata_artifact &a) {
  const strata_device_program &p = *a.device;
  if (strata_status s = openDriver(m, a))
    return s;
  // No GPU, no kernel module loaded, or the toolkit's stub library: the
  // device is unavailable rather than the artifact broken.
  if (CUresult r = m.cu.cuInit(0))
    return cuFail(m, STRATA_ERROR_UNAVAILABLE, r,
                  "cuInit (no usable CUDA driver or GPU)");
  int count = 0;
  if (CUresult r = m.cu.cuDeviceGetCount(&count))
    return cuFail(m, STRATA_ERROR_UNAVAILABLE, r, "cuDeviceGetCount");
  if (count < 1)
    return fail(STRATA_ERROR_UNAVAILABLE,
                "strata-rt: cuda: no CUDA device found");
  if (CUresult r = m.cu.cuDeviceGet(&m.device, 0))
    return cuFail(m, STRATA_ERROR_UNAVAILABLE, r, "cuDeviceGet(0)");
  if (CUresult r = m.cu.cuDevicePrimaryCtxRetain(&m.context, m.device))
    return cuFail(m, STRATA_ERROR_UNAVAILABLE, r, "cuDevicePrimaryCtxRetain");
  if (CUresult r = m.cu.cuCtxSetCurrent(m.context))
    return cuFail(m, STRATA_ERROR_LOAD, r, "cuCtxSetCurrent");
  if (p.num_kernels > 0) {
    if (CUresult r = m.cu.cuModuleLoadData(&m.module, p.binary)) {
      char gpu[128] = "device 0";
      m.cu.cuDeviceGetName(gpu, sizeof(gpu), m.device);
      return fail(STRATA_ERROR_LOAD,
                  "strata-rt: cuda: cuModuleLoadData (%s, %llu bytes) failed "
                  "on %s: %s (CUresult %d); a cubin runs only on its own "
                  "architecture (a fat binary's PTX also on later ones): "
                  "recompile with --cuda-arch for this GPU",
                  p.format, (unsigned long long)p.binary_size, gpu,
                  errorName(m, r), r);
    }
    m.functions.resize(static_cast<size_t>(p.num_kernels));
    for (int32_t k = 0; k < p.num_kernels; ++k)
      if (CUresult r = m.cu.cuModuleGetFunction(&m.functions[k], m.module,
                                                p.kernels[k].entry))
        return fail(STRATA_ERROR_LOAD,
                    "strata-rt: cuda: the binary has no kernel '%s': %s "
                    "(CUresult %d)",
                    p.kernels[k].entry, errorName(m, r), r);
    // Past 48 KiB, a kernel's dynamic shared memory needs the opt-in.
    for (int32_t k = 0; k < p.num_kernels; ++k) {
      uint32_t shared = dynamicSharedBytes(a, k);
      if (shared <= kDefaultDynamicShared)
        continue;
      if (CUresult r = m.cu.cuFuncSetAttribute(
              m.functions[k], CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
              static_cast<int>(shared))) {
        char what[256];
        std::snprintf(what, sizeof(what),
                      "cuFuncSetAttribute (kernel '%s', "
                      "MAX_DYNAMIC_SHARED_SIZE_BYTES = %u)",
                      p.kernels[k].entry, shared);
        return cuFail(m, STRATA_ERROR_LOAD, r, what);
      }
    }
  }
  m.buffers.assign(static_cast<size_t>(p.num_buffers), 0);
  for (int32_t b = 0; b < p.num_buffers; ++b) {
    // cuMemAlloc refuses 0 bytes; an empty buffer still gets an address.
    uint64_t bytes = p.buffers[b].byte_size ? p.buffers[b].byte_size : 1;
    if (CUresult r = m.cu.cuMemAlloc(&m.buffers[b], bytes))
      return cuFail(m, STRATA_ERROR_LOAD, r, "cuMemAlloc");
    if (p.buffers[b].kind == STRATA_BUFFER_CONSTANT && p.buffers[b].byte_size) {
      const strata_device_blob &blob = p.blobs[p.buffers[b].index];
      if (CUresult r =
              m.cu.cuMemcpyHtoD(m.buffers[b], blob.data, blob.byte_size))
        return cuFail(m, STRATA_ERROR_LOAD, r,
                      "cuMemcpyHtoD (uploading a constant)");
    }
  }
  // Tensor maps hold device addresses: encoded once every buffer has one.
  for (int32_t b = 0; b < p.num_buffers; ++b)
    if (p.buffers[b].kind == STRATA_BUFFER_TENSOR_MAP)
      if (strata_status s = encodeTensorMap(m, a, b))
        return s;
  return STRATA_OK;
}

} // namespace

void strata::rt::cudaFree(CudaModel *m) {
  if (!m)
    return;
  if (m->context) {
    m->cu.cuCtxSetCurrent(m->context);
    for (CUdeviceptr b : m->buffers)
      if (b)
        m->cu.cuMemFree(b);
    if (m->module)
      m->cu.cuModuleUnload(m->module);
    m->cu.cuDevicePrimaryCtxRelease(m->device);
  }
  if (m->driver)
    dlclose(m->driver);
  delete m;
}

strata_status strata::rt::cudaLoad(const char *path, const strata_artifact &a,
                                   CudaModel **out) {
  *out = nullptr;
  auto *m = new (std::nothrow) CudaModel();
  if (!m)
    return fail(STRATA_ERROR_OUT_OF_MEMORY, "cannot load artifact '%s'", path);
  strata_status s;
  try {
    s = setUp(*m, a);
  } catch (const std::bad_alloc &) {
    s = fail(STRATA_ERROR_OUT_OF_MEMORY,
             "strata-rt: cuda: out of memory setting up '%s'", path);
  }
  if (s) {
    cudaFree(m);
    return s;
  }
  *out = m;
  return STRATA_OK;
}

namespace {

/// Reports a failed driver call during a run: "model 'm' failed on cuda:
/// <what> (step s) failed: <name> (CUresult r)".
strata_status runFail(const CudaModel &m, const strata_artifact &a, CUresult r,
                      const char *what, int32_t step) {
  return fail(r == CUDA_ERROR_OUT_OF_MEMORY ? STRATA_ERROR_OUT_OF_MEMORY
                                            : STRATA_ERROR_RUN,
              "model '%s' failed on cuda: %s (step %d) failed: %s "
              "(CUresult %d)",
              a.model_name, what, step, errorName(m, r), r);
}

/// Makes the context current and copies the inputs to their buffers.
strata_status uploadInputs(CudaModel &m, const strata_artifact &a,
                           strata_tensor *const *inputs) {
  const strata_device_program &p = *a.device;
  if (CUresult r = m.cu.cuCtxSetCurrent(m.context))
    return runFail(m, a, r, "cuCtxSetCurrent", -1);
  for (int32_t b = 0; b < p.num_buffers; ++b)
    if (p.buffers[b].kind == STRATA_BUFFER_INPUT && p.buffers[b].byte_size)
      if (CUresult r =
              m.cu.cuMemcpyHtoD(m.buffers[b], inputs[p.buffers[b].index]->data,
                                p.buffers[b].byte_size))
        return runFail(m, a, r, "cuMemcpyHtoD (an input)", -1);
  return STRATA_OK;
}

/// Enqueues the launch plan on the default stream: a cuLaunchKernel per
/// DISPATCH, a cuMemcpyDtoD per COPY. Does not synchronize.
strata_status launchPlan(CudaModel &m, const strata_artifact &a) {
  const strata_device_program &p = *a.device;
  std::vector<CUdeviceptr> args;
  std::vector<void *> params;
  for (int32_t s = 0; s < p.num_steps; ++s) {
    const strata_device_step &step = p.steps[s];
    if (step.kind == STRATA_STEP_COPY) {
      if (step.byte_size)
        if (CUresult r =
                m.cu.cuMemcpyDtoD(m.buffers[step.args[1]],
                                  m.buffers[step.args[0]], step.byte_size))
          return runFail(m, a, r, "cuMemcpyDtoD", s);
      continue;
    }
    // One device pointer per binding: params[i] points at args[i].
    args.resize(static_cast<size_t>(step.num_args));
    params.resize(static_cast<size_t>(step.num_args));
    for (int32_t i = 0; i < step.num_args; ++i) {
      args[i] = m.buffers[step.args[i]];
      params[i] = &args[i];
    }
    const strata_device_kernel &k = p.kernels[step.kernel];
    if (CUresult r = m.cu.cuLaunchKernel(
            m.functions[step.kernel], step.groups[0], step.groups[1],
            step.groups[2], k.workgroup_size[0], k.workgroup_size[1],
            k.workgroup_size[2], dynamicSharedBytes(a, step.kernel),
            /*stream=*/nullptr, params.empty() ? nullptr : params.data(),
            nullptr))
      return runFail(m, a, r, "cuLaunchKernel", s);
  }
  return STRATA_OK;
}

/// Destroys the events it owns (the driver's, so after the model's context
/// is current).
struct Events {
  const CudaModel &m;
  std::vector<CUevent> events;
  ~Events() {
    for (CUevent e : events)
      if (e)
        m.cu.cuEventDestroy(e);
  }
};

} // namespace

strata_status strata::rt::cudaRun(CudaModel *m, const strata_artifact &a,
                                  strata_tensor *const *inputs,
                                  strata_tensor *const *outputs) {
  const strata_device_program &p = *a.device;
  std::lock_guard<std::mutex> lock(m->mutex);
  if (strata_status s = uploadInputs(*m, a, inputs))
    return s;
  if (strata_status s = launchPlan(*m, a))
    return s;
  if (CUresult r = m->cu.cuCtxSynchronize())
    return runFail(*m, a, r, "cuCtxSynchronize", p.num_steps);
  for (int32_t b = 0; b < p.num_buffers; ++b)
    if (p.buffers[b].kind == STRATA_BUFFER_OUTPUT && p.buffers[b].byte_size)
      if (CUresult r =
              m->cu.cuMemcpyDtoH(outputs[p.buffers[b].index]->data,
                                 m->buffers[b], p.buffers[b].byte_size))
        return runFail(*m, a, r, "cuMemcpyDtoH (an output)", p.num_steps);
  return STRATA_OK;
}

strata_status strata::rt::cudaTimeDevice(CudaModel *m, const strata_artifact &a,
                                         strata_tensor *const *inputs,
                                         int32_t warmup, int32_t runs,
                                         double *ms) {
  const strata_device_program &p = *a.device;
  std::lock_guard<std::mutex> lock(m->mutex);
  if (strata_status s = uploadInputs(*m, a, inputs))
    return s;
  for (int32_t w = 0; w < warmup; ++w)
    if (strata_status s = launchPlan(*m, a))
      return s;
  if (CUresult r = m->cu.cuCtxSynchronize())
    return runFail(*m, a, r, "cuCtxSynchronize (after the warm-up)",
                   p.num_steps);
  // runs + 1 events recorded back to back on the default stream: run r is
  // the time between event r and event r + 1, all measured on the device.
  Events ev{*m, {}};
  try {
    ev.events.assign(static_cast<size_t>(runs) + 1, nullptr);
  } catch (const std::bad_alloc &) {
    return fail(STRATA_ERROR_OUT_OF_MEMORY,
                "model '%s': cannot allocate %d events", a.model_name,
                runs + 1);
  }
  for (CUevent &e : ev.events)
    if (CUresult r = m->cu.cuEventCreate(&e, /*CU_EVENT_DEFAULT=*/0))
      return runFail(*m, a, r, "cuEventCreate", -1);
  if (CUresult r = m->cu.cuEventRecord(ev.events[0], nullptr))
    return runFail(*m, a, r, "cuEventRecord", -1);
  for (int32_t i = 0; i < runs; ++i) {
    if (strata_status s = launchPlan(*m, a))
      return s;
    if (CUresult r = m->cu.cuEventRecord(ev.events[i + 1], nullptr))
      return runFail(*m, a, r, "cuEventRecord", p.num_steps);
  }
  if (CUresult r = m->cu.cuEventSynchronize(ev.events[runs]))
    return runFail(*m, a, r, "cuEventSynchronize", p.num_steps);
  for (int32_t i = 0; i < runs; ++i) {
    float elapsed = 0;
    if (CUresult r =
            m->cu.cuEventElapsedTime(&elapsed, ev.events[i], ev.events[i + 1]))
      return runFail(*m, a, r, "cuEventElapsedTime", p.num_steps);
    ms[i] = static_cast<double>(elapsed);
  }
  return STRATA_OK;
}
