//===- Hip.cpp - strata-rt's HIP (AMD GPU) backend ------------------------===//
//
// Runs the device section of a rocm artifact (format "rocm-hsaco": one HSACO
// code object and a launch plan) through the HIP runtime, opened with dlopen
// at load time (libamdhip64.so, or $STRATA_HIP_RUNTIME) so that strata-rt
// neither links nor needs ROCm: without the runtime or a GPU, loading a rocm
// artifact fails with STRATA_ERROR_UNAVAILABLE naming what is missing.
//
// The few HIP types and entry points used are declared here (they are C
// ABI: opaque handles, int error codes). Set up once per model at load:
// hipInit, hipSetDevice(0), hipModuleLoadData of the HSACO, one
// hipModuleGetFunction per kernel, one hipMalloc per plan buffer (constants
// copied in). A run copies the inputs in, launches every step in order on
// the null stream (hipModuleLaunchKernel, one device pointer per binding;
// hipMemcpy device-to-device for copies), synchronizes and copies the
// outputs out. Errors are reported with hipGetErrorString.
//
//===----------------------------------------------------------------------===//

#include "lib/Runtime/Internal.h"

#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <mutex>
#include <new>
#include <vector>

using namespace strata::rt;

namespace {

// HIP's C ABI, as far as strata-rt uses it (hip_runtime_api.h).
using hipError_t = int;
// hipSuccess is 0: every check below is `if (hipError_t e = ...)`.
using hipModule_t = struct ihipModule_t *;
using hipFunction_t = struct ihipModuleSymbol_t *;
using hipStream_t = struct ihipStream_t *;
enum hipMemcpyKind {
  hipMemcpyHostToDevice = 1,
  hipMemcpyDeviceToHost = 2,
  hipMemcpyDeviceToDevice = 3,
};

/// The HIP entry points the backend uses, resolved with dlsym.
struct Api {
  void *lib = nullptr;
  hipError_t (*hipInit)(unsigned);
  hipError_t (*hipGetDeviceCount)(int *);
  hipError_t (*hipSetDevice)(int);
  hipError_t (*hipModuleLoadData)(hipModule_t *, const void *);
  hipError_t (*hipModuleUnload)(hipModule_t);
  hipError_t (*hipModuleGetFunction)(hipFunction_t *, hipModule_t,
                                     const char *);
  hipError_t (*hipMalloc)(void **, size_t);
  hipError_t (*hipFree)(void *);
  hipError_t (*hipMemcpy)(void *, const void *, size_t, hipMemcpyKind);
  hipError_t (*hipModuleLaunchKernel)(hipFunction_t, unsigned, unsigned,
                                      unsigned, unsigned, unsigned, unsigned,
                                      unsigned, hipStream_t, void **, void **);
  hipError_t (*hipDeviceSynchronize)();
  const char *(*hipGetErrorString)(hipError_t);
};

} // namespace

struct strata::rt::HipModel {
  Api hip;
  hipModule_t module = nullptr;
  std::vector<hipFunction_t> functions;
  std::vector<void *> buffers; // device pointers, one per plan buffer
  std::mutex mutex;            // one run at a time
};

namespace {

/// The library names tried, in order, when $STRATA_HIP_RUNTIME is unset.
constexpr const char *kHipLibraries[] = {"libamdhip64.so", "libamdhip64.so.6",
                                         "libamdhip64.so.5"};

strata_status hipFail(const Api &hip, hipError_t e, const char *what) {
  const char *why = hip.hipGetErrorString ? hip.hipGetErrorString(e) : nullptr;
  return fail(STRATA_ERROR_RUN, "strata-rt: hip: %s failed: %s (hipError_t %d)",
              what, why ? why : "unknown error", e);
}

strata_status openRuntime(Api &hip) {
  const char *env = std::getenv("STRATA_HIP_RUNTIME");
  if (env && *env) {
    hip.lib = dlopen(env, RTLD_NOW | RTLD_LOCAL);
    if (!hip.lib) {
      const char *why = dlerror();
      return fail(STRATA_ERROR_UNAVAILABLE,
                  "strata-rt: hip: cannot open the HIP runtime "
                  "$STRATA_HIP_RUNTIME='%s': %s",
                  env, why ? why : "dlopen failed");
    }
  } else {
    for (const char *name : kHipLibraries)
      if ((hip.lib = dlopen(name, RTLD_NOW | RTLD_LOCAL)))
        break;
    if (!hip.lib)
      return fail(STRATA_ERROR_UNAVAILABLE,
                  "strata-rt: hip: cannot open the HIP runtime "
                  "(libamdhip64.so): not found; install ROCm's HIP runtime "
                  "or set STRATA_HIP_RUNTIME to its path");
  }
#define STRATA_HIP_SYM(name)                                                   \
  hip.name = reinterpret_cast<decltype(hip.name)>(dlsym(hip.lib, #name));      \
  if (!hip.name)                                                               \
    return fail(STRATA_ERROR_UNAVAILABLE,                                      \
                "strata-rt: hip: the HIP runtime lacks '" #name "'");
  STRATA_HIP_SYM(hipGetErrorString)
  STRATA_HIP_SYM(hipInit)
  STRATA_HIP_SYM(hipGetDeviceCount)
  STRATA_HIP_SYM(hipSetDevice)
  STRATA_HIP_SYM(hipModuleLoadData)
  STRATA_HIP_SYM(hipModuleUnload)
  STRATA_HIP_SYM(hipModuleGetFunction)
  STRATA_HIP_SYM(hipMalloc)
  STRATA_HIP_SYM(hipFree)
  STRATA_HIP_SYM(hipMemcpy)
  STRATA_HIP_SYM(hipModuleLaunchKernel)
  STRATA_HIP_SYM(hipDeviceSynchronize)
#undef STRATA_HIP_SYM
  return STRATA_OK;
}

strata_status setUp(HipModel &m, const char *path, const strata_artifact &a) {
  const strata_device_program &p = *a.device;
  if (std::strcmp(p.format, "rocm-hsaco") != 0)
    return fail(STRATA_ERROR_ABI,
                "artifact '%s' holds a '%s' device binary; the hip backend "
                "runs 'rocm-hsaco'",
                path, p.format);
  // Checked before the runtime opens, so that it fails the same everywhere.
  if (strata_status s = rejectCudaOnlyFeatures(path, a, "hip"))
    return s;
  if (strata_status s = openRuntime(m.hip))
    return s;
  Api &hip = m.hip;
  if (hipError_t e = hip.hipInit(0))
    return fail(STRATA_ERROR_UNAVAILABLE,
                "strata-rt: hip: hipInit failed: %s (no usable AMD GPU?)",
                hip.hipGetErrorString(e));
  int count = 0;
  if (hipError_t e = hip.hipGetDeviceCount(&count); e || count < 1)
    return fail(STRATA_ERROR_UNAVAILABLE,
                "strata-rt: hip: no AMD GPU found%s%s", e ? ": " : "",
                e ? hip.hipGetErrorString(e) : "");
  if (hipError_t e = hip.hipSetDevice(0))
    return hipFail(hip, e, "hipSetDevice(0)");
  if (p.num_kernels > 0) {
    if (hipError_t e = hip.hipModuleLoadData(&m.module, p.binary))
      return hipFail(hip, e,
                     "hipModuleLoadData (is the HSACO for this GPU's chip?)");
  }
  m.functions.resize(static_cast<size_t>(p.num_kernels));
  for (int32_t k = 0; k < p.num_kernels; ++k)
    if (hipError_t e = hip.hipModuleGetFunction(&m.functions[k], m.module,
                                                p.kernels[k].entry))
      return hipFail(hip, e, "hipModuleGetFunction");
  m.buffers.assign(static_cast<size_t>(p.num_buffers), nullptr);
  for (int32_t b = 0; b < p.num_buffers; ++b) {
    // hipMalloc(0) may return NULL; keep every binding a valid pointer.
    size_t bytes = p.buffers[b].byte_size ? p.buffers[b].byte_size : 4;
    if (hipError_t e = hip.hipMalloc(&m.buffers[b], bytes))
      return hipFail(hip, e, "hipMalloc");
    if (p.buffers[b].kind == STRATA_BUFFER_CONSTANT) {
      const strata_device_blob &blob = p.blobs[p.buffers[b].index];
      if (hipError_t e = hip.hipMemcpy(m.buffers[b], blob.data, blob.byte_size,
                                       hipMemcpyHostToDevice))
        return hipFail(hip, e, "hipMemcpy (constants)");
    }
  }
  return STRATA_OK;
}

} // namespace

void strata::rt::hipFree(HipModel *m) {
  if (!m)
    return;
  if (m->hip.lib) {
    for (void *b : m->buffers)
      if (b && m->hip.hipFree)
        m->hip.hipFree(b);
    if (m->module && m->hip.hipModuleUnload)
      m->hip.hipModuleUnload(m->module);
    // The HIP runtime stays loaded: unloading it at exit is known to race
    // with its own teardown.
  }
  delete m;
}

strata_status strata::rt::hipLoad(const char *path, const strata_artifact &a,
                                  HipModel **out) {
  *out = nullptr;
  auto *m = new (std::nothrow) HipModel();
  if (!m)
    return fail(STRATA_ERROR_OUT_OF_MEMORY, "cannot load artifact '%s'", path);
  strata_status s;
  try {
    s = setUp(*m, path, a);
  } catch (const std::bad_alloc &) {
    s = fail(STRATA_ERROR_OUT_OF_MEMORY,
             "strata-rt: hip: out of memory setting up '%s'", path);
  }
  if (s) {
    hipFree(m);
    return s;
  }
  *out = m;
  return STRATA_OK;
}

strata_status strata::rt::hipRun(HipModel *m, const strata_artifact &a,
                                 strata_tensor *const *inputs,
                                 strata_tensor *const *outputs) {
  const strata_device_program &p = *a.device;
  Api &hip = m->hip;
  std::lock_guard<std::mutex> lock(m->mutex);
  for (int32_t b = 0; b < p.num_buffers; ++b)
    if (p.buffers[b].kind == STRATA_BUFFER_INPUT)
      if (hipError_t e =
              hip.hipMemcpy(m->buffers[b], inputs[p.buffers[b].index]->data,
                            p.buffers[b].byte_size, hipMemcpyHostToDevice))
        return hipFail(hip, e, "hipMemcpy (inputs)");
  std::vector<void *> args, params;
  for (int32_t s = 0; s < p.num_steps; ++s) {
    const strata_device_step &step = p.steps[s];
    if (step.kind == STRATA_STEP_COPY) {
      if (step.byte_size)
        if (hipError_t e = hip.hipMemcpy(
                m->buffers[step.args[1]], m->buffers[step.args[0]],
                step.byte_size, hipMemcpyDeviceToDevice))
          return hipFail(hip, e, "hipMemcpy (plan copy)");
      continue;
    }
    const strata_device_kernel &k = p.kernels[step.kernel];
    args.assign(static_cast<size_t>(step.num_args), nullptr);
    params.assign(static_cast<size_t>(step.num_args), nullptr);
    for (int32_t i = 0; i < step.num_args; ++i) {
      args[i] = m->buffers[step.args[i]];
      params[i] = &args[i];
    }
    if (hipError_t e = hip.hipModuleLaunchKernel(
            m->functions[step.kernel], step.groups[0], step.groups[1],
            step.groups[2], k.workgroup_size[0], k.workgroup_size[1],
            k.workgroup_size[2], /*sharedMemBytes=*/0, /*stream=*/nullptr,
            params.data(), /*extra=*/nullptr))
      return fail(STRATA_ERROR_RUN,
                  "model '%s' failed on hip: launching kernel '%s': %s",
                  a.model_name, k.entry, hip.hipGetErrorString(e));
  }
  if (hipError_t e = hip.hipDeviceSynchronize())
    return fail(STRATA_ERROR_RUN, "model '%s' failed on hip: %s", a.model_name,
                hip.hipGetErrorString(e));
  for (int32_t b = 0; b < p.num_buffers; ++b)
    if (p.buffers[b].kind == STRATA_BUFFER_OUTPUT)
      if (hipError_t e =
              hip.hipMemcpy(outputs[p.buffers[b].index]->data, m->buffers[b],
                            p.buffers[b].byte_size, hipMemcpyDeviceToHost))
        return hipFail(hip, e, "hipMemcpy (outputs)");
  return STRATA_OK;
}
