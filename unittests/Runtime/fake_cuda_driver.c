/*===- fake_cuda_driver.c - a CUDA driver stand-in for strata-rt's tests ---===*
 *
 * Exports the driver entry points strata-rt's cuda backend resolves
 * (lib/Runtime/Cuda.cpp), implemented on the host, so that the backend's
 * load, run and device-timing paths run here without a GPU
 * (STRATA_CUDA_DRIVER=<this library>). Device memory is malloc'd host
 * memory. A launch of a kernel named "copy" (fake_cuda.so's) copies
 * blockDim.x * gridDim.x f32 values from its first parameter to its
 * second; any launch advances a fake device clock by 0.5 ms, which
 * cuEventRecord reads, so cuEventElapsedTime around one launch is 0.5.
 * $FAKE_CUDA_FAIL names one entry point that fails with
 * CUDA_ERROR_INVALID_VALUE (1). fake_cuda_launches() and
 * fake_cuda_live_events() let a test check what was launched and that
 * every event was destroyed.
 *
 * ABI 3: cuTensorMapEncodeTiled writes a recognizable 128-byte pattern
 * (refusing a map that is not 64-byte aligned, as the driver does) and
 * cuFuncSetAttribute sets a function's dynamic shared memory limit, which
 * cuLaunchKernel enforces past 48 KiB, as the driver does; both calls, and
 * every launch, are recorded (fake_cuda_driver.h) for fake_cuda_records().
 * Built again with FAKE_CUDA_11, it lacks both entry points (a pre-12
 * driver). With $FAKE_CUDA_TRACE set, these three calls are also printed
 * to stderr ("fake-cuda: ..."), for lit tests of what strata-compile's
 * artifacts make the runtime do (test/Target/CUDA/wgmma.test).
 *
 *===----------------------------------------------------------------------===*/

#include "unittests/Runtime/fake_cuda_driver.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

typedef int CUresult;
typedef unsigned long long CUdeviceptr;

struct fake_function {
  char name[64];
  int max_dynamic_shared; /* CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES */
};
struct fake_event {
  double time_ms;
};

static int g_context, g_module;
static long g_launches, g_live_events;
static double g_clock_ms;

/* Non-zero when $FAKE_CUDA_FAIL names `entry`. */
static CUresult failing(const char *entry) {
  const char *f = getenv("FAKE_CUDA_FAIL");
  return f && strcmp(f, entry) == 0 ? 1 : 0;
}

static struct fake_cuda_tensor_map_call g_maps[FAKE_CUDA_MAX_RECORDS];
static struct fake_cuda_attribute_call g_attributes[FAKE_CUDA_MAX_RECORDS];
static struct fake_cuda_launch g_launch_records[FAKE_CUDA_MAX_RECORDS];
static int g_num_maps, g_num_attributes, g_num_launch_records, g_params;

EXPORT long fake_cuda_launches(void) { return g_launches; }

/* Forgets the records and records `params` parameters of each launch from
 * now on (at most FAKE_CUDA_MAX_PARAMS). */
EXPORT void fake_cuda_reset(int params) {
  g_num_maps = g_num_attributes = g_num_launch_records = 0;
  g_params = params < FAKE_CUDA_MAX_PARAMS ? params : FAKE_CUDA_MAX_PARAMS;
}
/* The records since the last reset (at most FAKE_CUDA_MAX_RECORDS each). */
EXPORT void
fake_cuda_records(const struct fake_cuda_tensor_map_call **maps, int *num_maps,
                  const struct fake_cuda_attribute_call **attrs, int *num_attrs,
                  const struct fake_cuda_launch **launches, int *num_launches) {
  *maps = g_maps, *num_maps = g_num_maps;
  *attrs = g_attributes, *num_attrs = g_num_attributes;
  *launches = g_launch_records, *num_launches = g_num_launch_records;
}
EXPORT long fake_cuda_live_events(void) { return g_live_events; }

EXPORT CUresult cuInit(unsigned flags) {
  (void)flags;
  return failing("cuInit");
}
EXPORT CUresult cuGetErrorName(CUresult r, const char **name) {
  *name = r == 1 ? "CUDA_ERROR_INVALID_VALUE" : "FAKE_CUDA_ERROR";
  return 0;
}
EXPORT CUresult cuDeviceGetCount(int *count) {
  *count = 1;
  return failing("cuDeviceGetCount");
}
EXPORT CUresult cuDeviceGet(int *device, int ordinal) {
  *device = ordinal;
  return failing("cuDeviceGet");
}
EXPORT CUresult cuDeviceGetName(char *name, int len, int device) {
  (void)device;
  strncpy(name, "Fake CUDA device", (size_t)len);
  if (len > 0)
    name[len - 1] = 0;
  return 0;
}
EXPORT CUresult cuDeviceGetAttribute(int *value, int attribute, int device) {
  (void)attribute, (void)device;
  *value = 9; /* compute capability 9.9: no real GPU's */
  return 0;
}
EXPORT CUresult cuDevicePrimaryCtxRetain(void **ctx, int device) {
  (void)device;
  *ctx = &g_context;
  return failing("cuDevicePrimaryCtxRetain");
}
EXPORT CUresult cuDevicePrimaryCtxRelease_v2(int device) {
  (void)device;
  return 0;
}
EXPORT CUresult cuCtxSetCurrent(void *ctx) {
  (void)ctx;
  return failing("cuCtxSetCurrent");
}
EXPORT CUresult cuCtxSynchronize(void) { return failing("cuCtxSynchronize"); }
EXPORT CUresult cuModuleLoadData(void **module, const void *image) {
  (void)image;
  *module = &g_module;
  return failing("cuModuleLoadData");
}
EXPORT CUresult cuModuleUnload(void *module) {
  (void)module;
  return 0;
}
EXPORT CUresult cuModuleGetFunction(struct fake_function **f, void *module,
                                    const char *name) {
  (void)module;
  if (failing("cuModuleGetFunction"))
    return 1;
  *f = calloc(1, sizeof(**f));
  if (!*f)
    return 2;
  strncpy((*f)->name, name, sizeof((*f)->name) - 1);
  return 0; /* leaked: a test process loads few modules */
}
EXPORT CUresult cuMemAlloc_v2(CUdeviceptr *p, size_t bytes) {
  if (failing("cuMemAlloc"))
    return 1;
  void *m = calloc(1, bytes);
  if (!m)
    return 2;
  *p = (CUdeviceptr)(size_t)m;
  return 0;
}
EXPORT CUresult cuMemFree_v2(CUdeviceptr p) {
  free((void *)(size_t)p);
  return 0;
}
EXPORT CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void *src, size_t n) {
  if (failing("cuMemcpyHtoD"))
    return 1;
  memcpy((void *)(size_t)dst, src, n);
  return 0;
}
EXPORT CUresult cuMemcpyDtoH_v2(void *dst, CUdeviceptr src, size_t n) {
  if (failing("cuMemcpyDtoH"))
    return 1;
  memcpy(dst, (const void *)(size_t)src, n);
  return 0;
}
EXPORT CUresult cuMemcpyDtoD_v2(CUdeviceptr dst, CUdeviceptr src, size_t n) {
  memcpy((void *)(size_t)dst, (const void *)(size_t)src, n);
  return 0;
}
EXPORT CUresult cuLaunchKernel(struct fake_function *f, unsigned gx,
                               unsigned gy, unsigned gz, unsigned bx,
                               unsigned by, unsigned bz, unsigned shared,
                               void *stream, void **params, void **extra) {
  (void)gy, (void)gz, (void)by, (void)bz, (void)stream, (void)extra;
  if (failing("cuLaunchKernel"))
    return 1;
  /* The driver refuses more than 48 KiB without the function's opt-in. */
  if (shared > 48 * 1024 && (int)shared > f->max_dynamic_shared)
    return 1;
  if (g_num_launch_records < FAKE_CUDA_MAX_RECORDS) {
    struct fake_cuda_launch *l = &g_launch_records[g_num_launch_records++];
    memset(l, 0, sizeof(*l));
    strncpy(l->function, f->name, sizeof(l->function) - 1);
    l->shared_mem_bytes = shared;
    for (int i = 0; params && i < g_params; ++i)
      l->params[i] = *(CUdeviceptr *)params[i];
  }
  if (getenv("FAKE_CUDA_TRACE"))
    fprintf(stderr,
            "fake-cuda: launch %s grid %u %u %u block %u %u %u shared %u"
            "\n",
            f->name, gx, gy, gz, bx, by, bz, shared);
  if (strcmp(f->name, "copy") == 0 && params) {
    CUdeviceptr src = *(CUdeviceptr *)params[0];
    CUdeviceptr dst = *(CUdeviceptr *)params[1];
    memcpy((void *)(size_t)dst, (const void *)(size_t)src,
           (size_t)gx * bx * sizeof(float));
  }
  ++g_launches;
  g_clock_ms += 0.5;
  return 0;
}
EXPORT CUresult cuEventCreate(struct fake_event **e, unsigned flags) {
  (void)flags;
  if (failing("cuEventCreate"))
    return 1;
  *e = calloc(1, sizeof(**e));
  if (!*e)
    return 2;
  ++g_live_events;
  return 0;
}
EXPORT CUresult cuEventDestroy_v2(struct fake_event *e) {
  free(e);
  --g_live_events;
  return 0;
}
EXPORT CUresult cuEventRecord(struct fake_event *e, void *stream) {
  (void)stream;
  if (failing("cuEventRecord"))
    return 1;
  e->time_ms = g_clock_ms;
  return 0;
}
EXPORT CUresult cuEventSynchronize(struct fake_event *e) {
  (void)e;
  return failing("cuEventSynchronize");
}
EXPORT CUresult cuEventElapsedTime(float *ms, struct fake_event *start,
                                   struct fake_event *end) {
  if (failing("cuEventElapsedTime"))
    return 1;
  *ms = (float)(end->time_ms - start->time_ms);
  return 0;
}

#ifndef FAKE_CUDA_11
EXPORT CUresult cuTensorMapEncodeTiled(
    void *map, int type, unsigned rank, void *address,
    const unsigned long long *dims, const unsigned long long *strides,
    const unsigned *box, const unsigned *element_strides, int interleave,
    int swizzle, int l2, int oob) {
  if (failing("cuTensorMapEncodeTiled") || (uintptr_t)map % 64 != 0 ||
      rank < 1 || rank > 5)
    return 1;
  /* "TMAP", the address and the rank, then the reversed dims. */
  unsigned long long encoded[16] = {0x504d4154, (uintptr_t)address, rank};
  for (unsigned i = 0; i < rank; ++i)
    encoded[3 + i] = dims[i];
  memcpy(map, encoded, sizeof(encoded));
  if (g_num_maps < FAKE_CUDA_MAX_RECORDS) {
    struct fake_cuda_tensor_map_call *c = &g_maps[g_num_maps++];
    memset(c, 0, sizeof(*c));
    c->data_type = type;
    c->rank = rank;
    c->global_address = (uintptr_t)address;
    for (unsigned i = 0; i < rank; ++i) {
      c->global_dim[i] = dims[i];
      c->box_dim[i] = box[i];
      c->element_strides[i] = element_strides[i];
      if (i + 1 < rank)
        c->global_strides[i] = strides[i];
    }
    c->interleave = interleave, c->swizzle = swizzle;
    c->l2_promotion = l2, c->oob_fill = oob;
    memcpy(c->encoded, encoded, sizeof(encoded));
  }
  if (getenv("FAKE_CUDA_TRACE")) {
    fprintf(stderr, "fake-cuda: tensor map type %d rank %u dims", type, rank);
    for (unsigned i = 0; i < rank; ++i)
      fprintf(stderr, " %llu", dims[i]);
    fprintf(stderr, " strides");
    for (unsigned i = 0; i + 1 < rank; ++i)
      fprintf(stderr, " %llu", strides[i]);
    fprintf(stderr, " box");
    for (unsigned i = 0; i < rank; ++i)
      fprintf(stderr, " %u", box[i]);
    fprintf(stderr, " swizzle %d oob %d\n", swizzle, oob);
  }
  return 0;
}
EXPORT CUresult cuFuncSetAttribute(struct fake_function *f, int attribute,
                                   int value) {
  if (failing("cuFuncSetAttribute"))
    return 1;
  if (attribute == 8) /* CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES */
    f->max_dynamic_shared = value;
  if (getenv("FAKE_CUDA_TRACE"))
    fprintf(stderr, "fake-cuda: attribute %s %d = %d\n", f->name, attribute,
            value);
  if (g_num_attributes < FAKE_CUDA_MAX_RECORDS) {
    struct fake_cuda_attribute_call *c = &g_attributes[g_num_attributes++];
    memset(c, 0, sizeof(*c));
    strncpy(c->function, f->name, sizeof(c->function) - 1);
    c->attribute = attribute;
    c->value = value;
  }
  return 0;
}
#endif
