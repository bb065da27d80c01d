//===- Model.cpp - strata-rt: load, check and run an artifact -------------===//
//
// Opens an artifact with dlopen, validates everything it declares before
// trusting it (ABI version, counts, descriptors, target), and runs it after
// checking the caller's tensors against the descriptors, so that a mistake
// on either side is a clear error rather than a wild memory access.
//
//===----------------------------------------------------------------------===//

#include "lib/Runtime/Internal.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <new>
#include <string>
#include <sys/stat.h>
#include <vector>

using namespace strata::rt;

struct strata_model {
  void *handle = nullptr;
  const strata_artifact *artifact = nullptr;
  strata::rt::VulkanModel *vulkan = nullptr; // device "vulkan"
  strata::rt::CudaModel *cuda = nullptr;     // device "cuda"
  strata::rt::HipModel *hip = nullptr;       // device "hip"
};

namespace {

/// The artifact `target` a device runs; nullptr for an unknown device.
const char *targetForDevice(const char *device) {
  if (!device || !std::strcmp(device, "cpu"))
    return "cpu";
  if (!std::strcmp(device, "cuda"))
    return "cuda";
  if (!std::strcmp(device, "hip"))
    return "rocm";
  if (!std::strcmp(device, "vulkan"))
    return "vulkan";
  return nullptr;
}

/// Checks one descriptor; on failure records "<path> is malformed: ..." and
/// returns STRATA_ERROR_ABI.
strata_status checkDescriptor(const char *path, const char *kind, int32_t i,
                              const strata_tensor_desc &desc) {
  if (!desc.name)
    return fail(STRATA_ERROR_ABI,
                "artifact '%s' is malformed: %s %d has a NULL name", path, kind,
                i);
  ShapeCheck check = checkShape(desc.dtype, desc.rank, desc.dims);
  if (check.problem == ShapeProblem::None)
    return STRATA_OK;
  char why[256];
  describeShapeProblem(check, desc.dtype, desc.rank, desc.dims, why,
                       sizeof(why));
  return fail(STRATA_ERROR_ABI, "artifact '%s' is malformed: %s %d '%s': %s",
              path, kind, i, desc.name, why);
}

/// The byte size of a descriptor's tensor (checked already).
uint64_t descBytes(const strata_tensor_desc &d) {
  return checkShape(d.dtype, d.rank, d.dims).byteSize;
}

/// Checks a device section: every count, index and size, so that a backend
/// can trust it.
strata_status checkDevice(const char *path, const strata_artifact &a) {
  const strata_device_program *p = a.device;
#define STRATA_BAD(...)                                                        \
  do {                                                                         \
    char why[256];                                                             \
    std::snprintf(why, sizeof(why), __VA_ARGS__);                              \
    return fail(STRATA_ERROR_ABI,                                              \
                "artifact '%s' is malformed: device section: %s", path, why);  \
  } while (0)
  if (!p)
    return fail(STRATA_ERROR_ABI,
                "artifact '%s' is malformed: target '%s' needs a device "
                "section, but it is NULL",
                path, a.target);
  bool cuda = std::strcmp(a.target, "cuda") == 0;
  bool rocm = std::strcmp(a.target, "rocm") == 0;
  if (cuda) {
    if (!p->format || (std::strcmp(p->format, "cuda-cubin") != 0 &&
                       std::strcmp(p->format, "cuda-fatbin") != 0 &&
                       std::strcmp(p->format, "cuda-ptx") != 0))
      STRATA_BAD("format is '%s', expected 'cuda-cubin', 'cuda-fatbin' or "
                 "'cuda-ptx'",
                 p->format ? p->format : "(null)");
    // A model without kernels (only copies) has no binary; PTX is text
    // that cuModuleLoadData reads up to its NUL.
    if (p->num_kernels > 0 &&
        (!p->binary || p->binary_size == 0 ||
         (!std::strcmp(p->format, "cuda-ptx") &&
          static_cast<const char *>(p->binary)[p->binary_size - 1] != 0)))
      STRATA_BAD("the binary is NULL, empty, or PTX without its NUL");
  } else if (rocm) {
    if (!p->format || std::strcmp(p->format, "rocm-hsaco") != 0)
      STRATA_BAD("format is '%s', expected 'rocm-hsaco'",
                 p->format ? p->format : "(null)");
    // A model without kernels (only copies) has no binary.
    if (p->num_kernels > 0 && (!p->binary || p->binary_size == 0))
      STRATA_BAD("the binary is NULL");
  } else {
    if (!p->format || std::strcmp(p->format, "spirv") != 0)
      STRATA_BAD("format is '%s', expected 'spirv'",
                 p->format ? p->format : "(null)");
    // A model without kernels (only copies) has no binary.
    if ((p->num_kernels > 0 && (!p->binary || p->binary_size == 0)) ||
        p->binary_size % 4 != 0)
      STRATA_BAD("the binary is NULL or not a whole number of 32-bit words");
  }
  constexpr int32_t kMax = 1 << 20;
  if (p->num_kernels < 0 || p->num_kernels > kMax ||
      (p->num_kernels && !p->kernels) || p->num_buffers < 0 ||
      p->num_buffers > kMax || (p->num_buffers && !p->buffers) ||
      p->num_blobs < 0 || p->num_blobs > kMax || (p->num_blobs && !p->blobs) ||
      p->num_steps < 0 || p->num_steps > kMax || (p->num_steps && !p->steps))
    STRATA_BAD("a count is negative or too large, or its array is NULL");
  // ABI 3: tensor maps and dynamic shared memory (0 and NULL before).
  DeviceExtras x = deviceExtras(a);
  constexpr int32_t kMaxTensorMaps = 4096;
  // The most dynamic shared memory a block can get (227 KiB on sm_90).
  constexpr uint32_t kMaxDynamicShared = 232448;
  if (x.numTensorMaps < 0 || x.numTensorMaps > kMaxTensorMaps ||
      (x.numTensorMaps && !x.tensorMaps))
    STRATA_BAD("num_tensor_maps is %d (expected 0..%d) or tensor_maps is "
               "NULL",
               x.numTensorMaps, kMaxTensorMaps);
  for (int32_t k = 0; k < p->num_kernels; ++k) {
    const strata_device_kernel &kernel = p->kernels[k];
    if (!kernel.entry || kernel.num_bindings < 0 || kernel.num_bindings > 4096)
      STRATA_BAD("kernel %d has no entry name or a bad binding count", k);
    for (uint32_t s : kernel.workgroup_size)
      if (s == 0)
        STRATA_BAD("kernel %d '%s' has a zero workgroup size", k, kernel.entry);
    if (x.dynamicSharedBytes && x.dynamicSharedBytes[k] > kMaxDynamicShared)
      STRATA_BAD("kernel %d '%s' asks for %u bytes of dynamic shared memory, "
                 "more than the %u a block can have",
                 k, kernel.entry, x.dynamicSharedBytes[k], kMaxDynamicShared);
  }
  for (int32_t b = 0; b < p->num_blobs; ++b)
    if (!p->blobs[b].data && p->blobs[b].byte_size)
      STRATA_BAD("blob %d has no data", b);
  for (int32_t b = 0; b < p->num_buffers; ++b) {
    const strata_device_buffer &buf = p->buffers[b];
    switch (buf.kind) {
    case STRATA_BUFFER_INPUT:
    case STRATA_BUFFER_OUTPUT: {
      bool input = buf.kind == STRATA_BUFFER_INPUT;
      int32_t count = input ? a.num_inputs : a.num_outputs;
      if (buf.index < 0 || buf.index >= count)
        STRATA_BAD("buffer %d names %s %d of %d", b, input ? "input" : "output",
                   buf.index, count);
      const strata_tensor_desc &d =
          input ? a.inputs[buf.index] : a.outputs[buf.index];
      if (buf.byte_size != descBytes(d))
        STRATA_BAD("buffer %d has %llu bytes, but %s %d '%s' has %llu", b,
                   (unsigned long long)buf.byte_size,
                   input ? "input" : "output", buf.index, d.name,
                   (unsigned long long)descBytes(d));
      break;
    }
    case STRATA_BUFFER_CONSTANT:
      if (buf.index < 0 || buf.index >= p->num_blobs ||
          p->blobs[buf.index].byte_size != buf.byte_size)
        STRATA_BAD("buffer %d names blob %d, which is missing or of another "
                   "size",
                   b, buf.index);
      break;
    case STRATA_BUFFER_TEMP:
      break;
    case STRATA_BUFFER_TENSOR_MAP:
      if (a.abi_version < 3)
        STRATA_BAD("buffer %d is a tensor map, which needs ABI version 3, but "
                   "the artifact has version %u",
                   b, a.abi_version);
      if (buf.index < 0 || buf.index >= x.numTensorMaps)
        STRATA_BAD("buffer %d names tensor map %d of %d", b, buf.index,
                   x.numTensorMaps);
      if (buf.byte_size != 128)
        STRATA_BAD("buffer %d holds tensor map %d in %llu bytes, expected 128",
                   b, buf.index, (unsigned long long)buf.byte_size);
      break;
    default:
      STRATA_BAD("buffer %d has the unknown kind %d", b, buf.kind);
    }
    if (buf.byte_size > STRATA_MAX_TENSOR_BYTES)
      STRATA_BAD("buffer %d is larger than %llu bytes", b,
                 (unsigned long long)STRATA_MAX_TENSOR_BYTES);
  }
  for (int32_t t = 0; t < x.numTensorMaps; ++t) {
    const strata_device_tensor_map &map = x.tensorMaps[t];
    if (map.buffer < 0 || map.buffer >= p->num_buffers)
      STRATA_BAD("tensor map %d maps buffer %d of %d", t, map.buffer,
                 p->num_buffers);
    const strata_device_buffer &mapped = p->buffers[map.buffer];
    if (mapped.kind == STRATA_BUFFER_TENSOR_MAP)
      STRATA_BAD("tensor map %d maps buffer %d, itself a tensor map", t,
                 map.buffer);
    uint32_t element = tensorMapElementBytes(map.dtype);
    if (!element)
      STRATA_BAD("tensor map %d has the dtype %d; expected f16, bf16, f32, "
                 "f64, i32, i64, u8, u16, u32 or u64",
                 t, map.dtype);
    if (map.rank < 1 || map.rank > STRATA_TENSOR_MAP_MAX_RANK)
      STRATA_BAD("tensor map %d has rank %d, expected 1..%d", t, map.rank,
                 STRATA_TENSOR_MAP_MAX_RANK);
    if (map.swizzle < STRATA_SWIZZLE_NONE || map.swizzle > STRATA_SWIZZLE_128B)
      STRATA_BAD("tensor map %d has the swizzle %d, expected 0..3", t,
                 map.swizzle);
    uint64_t bytes = element;
    for (int32_t d = 0; d < map.rank; ++d) {
      if (map.dims[d] == 0)
        STRATA_BAD("tensor map %d: dim %d is 0, expected >= 1", t, d);
      if (__builtin_mul_overflow(bytes, map.dims[d], &bytes))
        STRATA_BAD("tensor map %d: the byte size of its dims overflows 64 "
                   "bits",
                   t);
      if (map.box[d] < 1 || map.box[d] > 256)
        STRATA_BAD("tensor map %d: box dim %d is %u, expected 1..256", t, d,
                   map.box[d]);
    }
    if (bytes > mapped.byte_size)
      STRATA_BAD("tensor map %d views %llu bytes of buffer %d, which has "
                 "%llu",
                 t, (unsigned long long)bytes, map.buffer,
                 (unsigned long long)mapped.byte_size);
  }
  for (int32_t s = 0; s < p->num_steps; ++s) {
    const strata_device_step &step = p->steps[s];
    if (step.num_args < 0 || (step.num_args && !step.args))
      STRATA_BAD("step %d has a bad argument list", s);
    for (int32_t i = 0; i < step.num_args; ++i)
      if (step.args[i] < 0 || step.args[i] >= p->num_buffers)
        STRATA_BAD("step %d names buffer %d of %d", s, step.args[i],
                   p->num_buffers);
    if (step.kind == STRATA_STEP_DISPATCH) {
      if (step.kernel < 0 || step.kernel >= p->num_kernels)
        STRATA_BAD("step %d dispatches kernel %d of %d", s, step.kernel,
                   p->num_kernels);
      if (step.num_args != p->kernels[step.kernel].num_bindings)
        STRATA_BAD("step %d passes %d buffers to kernel '%s', which binds %d",
                   s, step.num_args, p->kernels[step.kernel].entry,
                   p->kernels[step.kernel].num_bindings);
      for (uint32_t g : step.groups)
        if (g == 0)
          STRATA_BAD("step %d has a zero workgroup count", s);
    } else if (step.kind == STRATA_STEP_COPY) {
      if (step.num_args != 2 ||
          step.byte_size > p->buffers[step.args[0]].byte_size ||
          step.byte_size > p->buffers[step.args[1]].byte_size)
        STRATA_BAD("copy step %d needs 2 buffers of at least %llu bytes", s,
                   (unsigned long long)step.byte_size);
      for (int32_t i = 0; i < 2; ++i)
        if (p->buffers[step.args[i]].kind == STRATA_BUFFER_TENSOR_MAP)
          STRATA_BAD("copy step %d copies %s buffer %d, a tensor map (only "
                     "the runtime writes those)",
                     s, i ? "into" : "from", step.args[i]);
    } else {
      STRATA_BAD("step %d has the unknown kind %d", s, step.kind);
    }
  }
#undef STRATA_BAD
  return STRATA_OK;
}

/// Checks everything the artifact declares, before any of it is used.
strata_status checkArtifact(const char *path, const strata_artifact &a) {
  if (a.abi_version < STRATA_ABI_MIN_VERSION ||
      a.abi_version > STRATA_ABI_VERSION)
    return fail(STRATA_ERROR_ABI,
                "artifact '%s' was built for artifact ABI version %u, but "
                "this runtime supports versions %d to %d; recompile it with a "
                "matching strata-compile",
                path, a.abi_version, STRATA_ABI_MIN_VERSION,
                STRATA_ABI_VERSION);
  if (!a.model_name)
    return fail(STRATA_ERROR_ABI,
                "artifact '%s' is malformed: model_name is NULL", path);
  if (!a.target)
    return fail(STRATA_ERROR_ABI, "artifact '%s' is malformed: target is NULL",
                path);
  bool host = std::strcmp(a.target, "cpu") == 0;
  if (host && !a.run)
    return fail(STRATA_ERROR_ABI,
                "artifact '%s' is malformed: run function is NULL", path);
  struct Side {
    const char *kind;
    int32_t count;
    const strata_tensor_desc *descs;
  };
  for (Side side : {Side{"input", a.num_inputs, a.inputs},
                    Side{"output", a.num_outputs, a.outputs}}) {
    if (side.count < 0 || side.count > STRATA_MAX_TENSORS)
      return fail(STRATA_ERROR_ABI,
                  "artifact '%s' is malformed: %d %ss, expected 0..%d", path,
                  side.count, side.kind, STRATA_MAX_TENSORS);
    if (side.count > 0 && !side.descs)
      return fail(STRATA_ERROR_ABI,
                  "artifact '%s' is malformed: %d %ss but the %s descriptors "
                  "are NULL",
                  path, side.count, side.kind, side.kind);
    for (int32_t i = 0; i < side.count; ++i)
      if (strata_status s = checkDescriptor(path, side.kind, i, side.descs[i]))
        return s;
  }
  return STRATA_OK;
}

/// A device artifact's device section: `device` exists from ABI 2 on.
/// Checked once the artifact's target matches the device.
strata_status checkDeviceSection(const char *path, const strata_artifact &a) {
  if (a.abi_version < 2)
    return fail(STRATA_ERROR_ABI,
                "artifact '%s' is malformed: target '%s' needs a device "
                "section (ABI version 2), but it has version %u",
                path, a.target, a.abi_version);
  return checkDevice(path, a);
}

/// Checks that `tensor` matches `desc`: "input 1 'x': expected f32[2x3], got
/// f32[2x4]".
strata_status checkTensor(const char *kind, int32_t i,
                          const strata_tensor_desc &desc,
                          const strata_tensor *tensor) {
  if (!tensor)
    return fail(STRATA_ERROR_INVALID_ARGUMENT, "%s %d '%s' is NULL", kind, i,
                desc.name);
  bool same = tensor->dtype == desc.dtype && tensor->rank == desc.rank;
  for (int32_t d = 0; same && d < desc.rank; ++d)
    same = tensor->dims[d] == desc.dims[d];
  if (same)
    return STRATA_OK;
  char expected[kTypeBufferSize], got[kTypeBufferSize];
  formatType(desc.dtype, desc.rank, desc.dims, expected, sizeof(expected));
  formatType(tensor->dtype, tensor->rank, tensor->dims, got, sizeof(got));
  return fail(STRATA_ERROR_INVALID_ARGUMENT, "%s %d '%s': expected %s, got %s",
              kind, i, desc.name, expected, got);
}

/// What checkCall checks about a call's outputs: nothing (device timing
/// takes none), the output count and slot array (strata_model_run
/// allocates the tensors), or also each output tensor (strata_model_run_into).
enum class CallOutputs { None, Slots, Tensors };

/// Checks the counts and every tensor against the model's descriptors.
strata_status checkCall(const strata_model *model, strata_tensor *const *inputs,
                        int32_t numInputs, strata_tensor *const *outputs,
                        int32_t numOutputs, CallOutputs check) {
  const strata_artifact &a = *model->artifact;
  bool withOutputs = check != CallOutputs::None;
  if (numInputs != a.num_inputs)
    return fail(STRATA_ERROR_INVALID_ARGUMENT,
                "model '%s' takes %d inputs, got %d", a.model_name,
                a.num_inputs, numInputs);
  if (withOutputs && numOutputs != a.num_outputs)
    return fail(STRATA_ERROR_INVALID_ARGUMENT,
                "model '%s' has %d outputs, got room for %d", a.model_name,
                a.num_outputs, numOutputs);
  if (numInputs > 0 && !inputs)
    return fail(STRATA_ERROR_INVALID_ARGUMENT, "model '%s': inputs is NULL",
                a.model_name);
  if (withOutputs && numOutputs > 0 && !outputs)
    return fail(STRATA_ERROR_INVALID_ARGUMENT, "model '%s': outputs is NULL",
                a.model_name);
  for (int32_t i = 0; i < numInputs; ++i)
    if (strata_status s = checkTensor("input", i, a.inputs[i], inputs[i]))
      return s;
  if (check != CallOutputs::Tensors)
    return STRATA_OK;
  for (int32_t i = 0; i < numOutputs; ++i) {
    if (strata_status s = checkTensor("output", i, a.outputs[i], outputs[i]))
      return s;
    // ABI 1 gives the artifact distinct buffers; writing an output that is
    // also an input (or another output) would corrupt what it still reads.
    for (int32_t j = 0; j < numInputs; ++j)
      if (outputs[i] == inputs[j])
        return fail(STRATA_ERROR_INVALID_ARGUMENT,
                    "output %d '%s' is the same tensor as input %d '%s'", i,
                    a.outputs[i].name, j, a.inputs[j].name);
    for (int32_t j = 0; j < i; ++j)
      if (outputs[i] == outputs[j])
        return fail(STRATA_ERROR_INVALID_ARGUMENT,
                    "output %d '%s' is the same tensor as output %d '%s'", i,
                    a.outputs[i].name, j, a.outputs[j].name);
  }
  return STRATA_OK;
}

/// Calls the artifact on already-checked tensors.
strata_status invoke(const strata_model *model, strata_tensor *const *inputs,
                     int32_t numInputs, strata_tensor *const *outputs,
                     int32_t numOutputs) {
  const strata_artifact &a = *model->artifact;
  if (model->vulkan)
    return vulkanRun(model->vulkan, a, inputs, outputs);
  if (model->cuda)
    return cudaRun(model->cuda, a, inputs, outputs);
  if (model->hip)
    return hipRun(model->hip, a, inputs, outputs);
  std::vector<void *> inputData, outputData;
  try {
    inputData.resize(static_cast<size_t>(numInputs));
    outputData.resize(static_cast<size_t>(numOutputs));
  } catch (const std::bad_alloc &) {
    return fail(STRATA_ERROR_OUT_OF_MEMORY,
                "model '%s': cannot allocate the argument arrays",
                a.model_name);
  }
  for (int32_t i = 0; i < numInputs; ++i)
    inputData[i] = inputs[i]->data;
  for (int32_t i = 0; i < numOutputs; ++i)
    outputData[i] = outputs[i]->data;
  if (model->vulkan)
    return vulkanRun(model->vulkan, a, inputs, outputs);
  if (int32_t rc = a.run(inputData.data(), outputData.data()))
    return fail(STRATA_ERROR_RUN,
                "model '%s' failed: its run function returned %d", a.model_name,
                rc);
  return STRATA_OK;
}

} // namespace

uint32_t strata::rt::tensorMapElementBytes(int32_t dtype) {
  switch (dtype) {
  case STRATA_DTYPE_U8:
    return 1;
  case STRATA_DTYPE_F16:
  case STRATA_DTYPE_BF16:
  case STRATA_DTYPE_U16:
    return 2;
  case STRATA_DTYPE_F32:
  case STRATA_DTYPE_I32:
  case STRATA_DTYPE_U32:
    return 4;
  case STRATA_DTYPE_F64:
  case STRATA_DTYPE_I64:
  case STRATA_DTYPE_U64:
    return 8;
  default:
    return 0;
  }
}

strata_status strata::rt::rejectCudaOnlyFeatures(const char *path,
                                                 const strata_artifact &a,
                                                 const char *backend) {
  DeviceExtras x = deviceExtras(a);
  if (x.numTensorMaps > 0)
    return fail(STRATA_ERROR_ABI,
                "artifact '%s' uses %d tensor maps (TMA descriptors), which "
                "only the cuda backend supports, not %s",
                path, x.numTensorMaps, backend);
  for (int32_t k = 0; x.dynamicSharedBytes && k < a.device->num_kernels; ++k)
    if (x.dynamicSharedBytes[k])
      return fail(STRATA_ERROR_ABI,
                  "artifact '%s': kernel %d '%s' uses %u bytes of dynamic "
                  "shared memory, which only the cuda backend supports, not "
                  "%s",
                  path, k, a.device->kernels[k].entry, x.dynamicSharedBytes[k],
                  backend);
  return STRATA_OK;
}

//===----------------------------------------------------------------------===//
// C API
//===----------------------------------------------------------------------===//

strata_status strata_model_load(const char *path, const char *device,
                                strata_model **out) {
  if (!out)
    return fail(STRATA_ERROR_INVALID_ARGUMENT,
                "strata_model_load: out is NULL");
  *out = nullptr;
  if (!path || !*path)
    return fail(STRATA_ERROR_INVALID_ARGUMENT,
                "strata_model_load: path is NULL or empty");
  const char *target = targetForDevice(device);
  if (!target)
    return fail(STRATA_ERROR_INVALID_ARGUMENT,
                "unknown device '%s'; expected cpu, cuda, hip or vulkan",
                device);
  if (std::strcmp(target, "cpu") != 0 && std::strcmp(target, "vulkan") != 0 &&
      std::strcmp(target, "cuda") != 0 && std::strcmp(target, "rocm") != 0)
    return fail(STRATA_ERROR_UNAVAILABLE,
                "device '%s' is not available: the %s backend is not built "
                "yet (only 'cpu', 'cuda', 'hip' and 'vulkan' are)",
                device, device);

  struct stat st;
  if (stat(path, &st) != 0)
    return fail(errno == ENOENT || errno == ENOTDIR ? STRATA_ERROR_NOT_FOUND
                                                    : STRATA_ERROR_LOAD,
                "cannot load artifact '%s': %s", path, std::strerror(errno));
  if (S_ISDIR(st.st_mode))
    return fail(STRATA_ERROR_LOAD, "cannot load artifact '%s': is a directory",
                path);

  // dlopen searches the library path for a name without '/', which would
  // find a different file than the one stat just saw.
  std::string file;
  try {
    file = std::strchr(path, '/') ? path : std::string("./") + path;
  } catch (const std::bad_alloc &) {
    return fail(STRATA_ERROR_OUT_OF_MEMORY, "cannot load artifact '%s'", path);
  }
  // RTLD_NOW: report missing symbols here, not in the middle of a run.
  // RTLD_LOCAL: two artifacts never see each other's kernels.
  void *handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *why = dlerror();
    return fail(STRATA_ERROR_LOAD, "cannot load artifact '%s': %s", path,
                why ? why : "dlopen failed");
  }
  dlerror();
  auto get = reinterpret_cast<strata_get_artifact_fn>(
      dlsym(handle, STRATA_ARTIFACT_SYMBOL));
  if (!get) {
    dlclose(handle);
    return fail(STRATA_ERROR_ABI,
                "'%s' is not a Strata artifact: it does not export '%s'", path,
                STRATA_ARTIFACT_SYMBOL);
  }
  const strata_artifact *artifact = get();
  if (!artifact) {
    dlclose(handle);
    return fail(STRATA_ERROR_ABI,
                "artifact '%s' is malformed: %s returned NULL", path,
                STRATA_ARTIFACT_SYMBOL);
  }
  if (strata_status s = checkArtifact(path, *artifact)) {
    dlclose(handle);
    return s;
  }
  if (std::strcmp(artifact->target, target) != 0) {
    strata_status s =
        fail(STRATA_ERROR_INVALID_ARGUMENT,
             "artifact '%s' was compiled for target '%s' and "
             "cannot run on device '%s' (target '%s')",
             path, artifact->target, device ? device : "cpu", target);
    dlclose(handle);
    return s;
  }
  auto *model = new (std::nothrow) strata_model();
  if (!model) {
    dlclose(handle);
    return fail(STRATA_ERROR_OUT_OF_MEMORY, "cannot load artifact '%s'", path);
  }
  if (std::strcmp(target, "cpu") != 0) {
    if (strata_status s = checkDeviceSection(path, *artifact)) {
      dlclose(handle);
      delete model;
      return s;
    }
  }
  model->handle = handle;
  model->artifact = artifact;
  if (std::strcmp(target, "vulkan") == 0) {
    if (strata_status s = vulkanLoad(path, *artifact, &model->vulkan)) {
      dlclose(handle);
      delete model;
      return s;
    }
  }
  if (std::strcmp(target, "cuda") == 0) {
    if (strata_status s = cudaLoad(path, *artifact, &model->cuda)) {
      dlclose(handle);
      delete model;
      return s;
    }
  }
  if (std::strcmp(target, "rocm") == 0) {
    if (strata_status s = hipLoad(path, *artifact, &model->hip)) {
      dlclose(handle);
      delete model;
      return s;
    }
  }
  *out = model;
  return STRATA_OK;
}

void strata_model_free(strata_model *model) {
  if (!model)
    return;
  vulkanFree(model->vulkan);
  cudaFree(model->cuda);
  hipFree(model->hip);
  dlclose(model->handle);
  delete model;
}

int32_t strata_model_num_inputs(const strata_model *model) {
  if (!model) {
    fail(STRATA_ERROR_INVALID_ARGUMENT,
         "strata_model_num_inputs: model is NULL");
    return -1;
  }
  return model->artifact->num_inputs;
}

int32_t strata_model_num_outputs(const strata_model *model) {
  if (!model) {
    fail(STRATA_ERROR_INVALID_ARGUMENT,
         "strata_model_num_outputs: model is NULL");
    return -1;
  }
  return model->artifact->num_outputs;
}

const strata_tensor_desc *strata_model_input(const strata_model *model,
                                             int32_t i) {
  if (!model) {
    fail(STRATA_ERROR_INVALID_ARGUMENT, "strata_model_input: model is NULL");
    return nullptr;
  }
  const strata_artifact &a = *model->artifact;
  if (i < 0 || i >= a.num_inputs) {
    fail(STRATA_ERROR_INVALID_ARGUMENT,
         "model '%s' has %d inputs; there is no input %d", a.model_name,
         a.num_inputs, i);
    return nullptr;
  }
  return &a.inputs[i];
}

const strata_tensor_desc *strata_model_output(const strata_model *model,
                                              int32_t i) {
  if (!model) {
    fail(STRATA_ERROR_INVALID_ARGUMENT, "strata_model_output: model is NULL");
    return nullptr;
  }
  const strata_artifact &a = *model->artifact;
  if (i < 0 || i >= a.num_outputs) {
    fail(STRATA_ERROR_INVALID_ARGUMENT,
         "model '%s' has %d outputs; there is no output %d", a.model_name,
         a.num_outputs, i);
    return nullptr;
  }
  return &a.outputs[i];
}

const char *strata_model_name(const strata_model *model) {
  if (!model) {
    fail(STRATA_ERROR_INVALID_ARGUMENT, "strata_model_name: model is NULL");
    return nullptr;
  }
  return model->artifact->model_name;
}

const char *strata_model_target(const strata_model *model) {
  if (!model) {
    fail(STRATA_ERROR_INVALID_ARGUMENT, "strata_model_target: model is NULL");
    return nullptr;
  }
  return model->artifact->target;
}

strata_status strata_model_run(strata_model *model,
                               strata_tensor *const *inputs, int32_t numInputs,
                               strata_tensor **outputs, int32_t numOutputs) {
  // NULL every slot first so that a caller may free them all on any failure.
  if (outputs)
    for (int32_t i = 0; i < numOutputs; ++i)
      outputs[i] = nullptr;
  if (!model)
    return fail(STRATA_ERROR_INVALID_ARGUMENT,
                "strata_model_run: model is NULL");
  if (strata_status s =
          checkCall(model, inputs, numInputs, outputs, numOutputs,
                    CallOutputs::Slots))
    return s;

  const strata_artifact &a = *model->artifact;
  auto freeAll = [&] {
    for (int32_t i = 0; i < numOutputs; ++i) {
      strata_tensor_free(outputs[i]);
      outputs[i] = nullptr;
    }
  };
  for (int32_t i = 0; i < numOutputs; ++i) {
    if (strata_status s =
            strata_tensor_create_like(&a.outputs[i], &outputs[i])) {
      // Keep the allocation's reason, prefixed with which output it was.
      char why[1024];
      std::snprintf(why, sizeof(why), "%s", strata_last_error());
      freeAll();
      return fail(s, "output %d '%s': %s", i, a.outputs[i].name, why);
    }
  }
  if (strata_status s = invoke(model, inputs, numInputs, outputs, numOutputs)) {
    freeAll();
    return s;
  }
  return STRATA_OK;
}

strata_status strata_model_run_into(strata_model *model,
                                    strata_tensor *const *inputs,
                                    int32_t numInputs,
                                    strata_tensor *const *outputs,
                                    int32_t numOutputs) {
  if (!model)
    return fail(STRATA_ERROR_INVALID_ARGUMENT,
                "strata_model_run_into: model is NULL");
  if (strata_status s =
          checkCall(model, inputs, numInputs, outputs, numOutputs,
                    CallOutputs::Tensors))
    return s;
  return invoke(model, inputs, numInputs, outputs, numOutputs);
}

strata_status strata_model_time_device(strata_model *model,
                                       strata_tensor *const *inputs,
                                       int32_t numInputs, int32_t warmup,
                                       int32_t runs, double *ms) {
  if (!model)
    return fail(STRATA_ERROR_INVALID_ARGUMENT,
                "strata_model_time_device: model is NULL");
  const strata_artifact &a = *model->artifact;
  if (warmup < 0)
    return fail(STRATA_ERROR_INVALID_ARGUMENT,
                "strata_model_time_device: warmup is %d, expected >= 0",
                warmup);
  if (runs < 1)
    return fail(STRATA_ERROR_INVALID_ARGUMENT,
                "strata_model_time_device: runs is %d, expected >= 1", runs);
  if (!ms)
    return fail(STRATA_ERROR_INVALID_ARGUMENT,
                "strata_model_time_device: ms is NULL");
  if (strata_status s = checkCall(model, inputs, numInputs, nullptr, 0,
                                  CallOutputs::None))
    return s;
  if (!model->cuda)
    return fail(STRATA_ERROR_UNAVAILABLE,
                "model '%s' runs on target '%s': device timing "
                "(strata_model_time_device) is implemented for cuda models "
                "only; time strata_model_run_into instead",
                a.model_name, a.target);
  return cudaTimeDevice(model->cuda, a, inputs, warmup, runs, ms);
}
