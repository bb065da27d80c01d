//===- Vulkan.cpp - strata-rt's Vulkan backend ----------------------------===//
//
// Runs the device section of a Vulkan artifact (SPIR-V compute shaders and a
// launch plan) through the Vulkan loader, opened with dlopen at load time so
// that strata-rt neither links nor needs Vulkan: without a loader or a device
// loading a Vulkan artifact fails with a clear message.
//
// Everything is set up once per model at load: one buffer per plan buffer in
// host-visible, coherent memory (constants copied in), one compute pipeline
// per kernel, one descriptor set per dispatch, and one command buffer with
// every step and a barrier between consecutive steps. A run copies the inputs
// in, submits the command buffer, waits, and copies the outputs out.
//
//===----------------------------------------------------------------------===//

#include "lib/Runtime/Internal.h"

#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <mutex>
#include <new>
#include <vector>

#if __has_include(<vulkan/vulkan_core.h>)
#define VK_NO_PROTOTYPES
#include <vulkan/vulkan_core.h>
#define STRATA_RT_HAVE_VULKAN_HEADERS 1
#endif

using namespace strata::rt;

#ifndef STRATA_RT_HAVE_VULKAN_HEADERS

struct strata::rt::VulkanModel {};

strata_status strata::rt::vulkanLoad(const char *path,
                                     const strata_artifact &a,
                                     VulkanModel **out) {
  *out = nullptr;
  if (strata_status s = rejectCudaOnlyFeatures(path, a, "vulkan"))
    return s;
  return fail(STRATA_ERROR_UNAVAILABLE,
              "strata-rt: vulkan: this strata-rt was built without the "
              "Vulkan headers (libvulkan-dev); rebuild it to run on Vulkan");
}
strata_status strata::rt::vulkanRun(VulkanModel *, const strata_artifact &,
                                    strata_tensor *const *,
                                    strata_tensor *const *) {
  return fail(STRATA_ERROR_UNAVAILABLE, "strata-rt: vulkan: not built");
}
void strata::rt::vulkanFree(VulkanModel *) {}

#else

namespace {

/// The Vulkan entry points the backend uses, resolved through the loader.
struct Api {
#define STRATA_VK_FNS(X)                                                       \
  X(vkDestroyInstance)                                                         \
  X(vkEnumeratePhysicalDevices)                                                \
  X(vkGetPhysicalDeviceProperties)                                             \
  X(vkGetPhysicalDeviceQueueFamilyProperties)                                  \
  X(vkGetPhysicalDeviceMemoryProperties)                                       \
  X(vkGetPhysicalDeviceFeatures2)                                              \
  X(vkCreateDevice)                                                            \
  X(vkGetDeviceProcAddr)
#define STRATA_VK_DEVICE_FNS(X)                                                \
  X(vkDestroyDevice)                                                           \
  X(vkGetDeviceQueue)                                                          \
  X(vkCreateBuffer)                                                            \
  X(vkDestroyBuffer)                                                           \
  X(vkGetBufferMemoryRequirements)                                             \
  X(vkAllocateMemory)                                                          \
  X(vkFreeMemory)                                                              \
  X(vkBindBufferMemory)                                                        \
  X(vkMapMemory)                                                               \
  X(vkCreateShaderModule)                                                      \
  X(vkDestroyShaderModule)                                                     \
  X(vkCreateDescriptorSetLayout)                                               \
  X(vkDestroyDescriptorSetLayout)                                              \
  X(vkCreatePipelineLayout)                                                    \
  X(vkDestroyPipelineLayout)                                                   \
  X(vkCreateComputePipelines)                                                  \
  X(vkDestroyPipeline)                                                         \
  X(vkCreateDescriptorPool)                                                    \
  X(vkDestroyDescriptorPool)                                                   \
  X(vkAllocateDescriptorSets)                                                  \
  X(vkUpdateDescriptorSets)                                                    \
  X(vkCreateCommandPool)                                                       \
  X(vkDestroyCommandPool)                                                      \
  X(vkAllocateCommandBuffers)                                                  \
  X(vkBeginCommandBuffer)                                                      \
  X(vkEndCommandBuffer)                                                        \
  X(vkCmdBindPipeline)                                                         \
  X(vkCmdBindDescriptorSets)                                                   \
  X(vkCmdDispatch)                                                             \
  X(vkCmdCopyBuffer)                                                           \
  X(vkCmdPipelineBarrier)                                                      \
  X(vkCreateFence)                                                             \
  X(vkDestroyFence)                                                            \
  X(vkResetFences)                                                             \
  X(vkWaitForFences)                                                           \
  X(vkQueueSubmit)
#define STRATA_VK_DECLARE(name) PFN_##name name = nullptr;
  PFN_vkGetInstanceProcAddr vkGetInstanceProcAddr = nullptr;
  PFN_vkCreateInstance vkCreateInstance = nullptr;
  STRATA_VK_FNS(STRATA_VK_DECLARE)
  STRATA_VK_DEVICE_FNS(STRATA_VK_DECLARE)
#undef STRATA_VK_DECLARE
};

struct Buffer {
  VkBuffer buffer = VK_NULL_HANDLE;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  void *mapped = nullptr;
  uint64_t size = 0;
};

struct Pipeline {
  VkDescriptorSetLayout setLayout = VK_NULL_HANDLE;
  VkPipelineLayout layout = VK_NULL_HANDLE;
  VkPipeline pipeline = VK_NULL_HANDLE;
};

} // namespace

struct strata::rt::VulkanModel {
  void *loader = nullptr;
  Api vk;
  VkInstance instance = VK_NULL_HANDLE;
  VkPhysicalDevice physical = VK_NULL_HANDLE;
  VkDevice device = VK_NULL_HANDLE;
  VkQueue queue = VK_NULL_HANDLE;
  uint32_t queueFamily = 0;
  std::vector<Buffer> buffers;
  VkShaderModule shader = VK_NULL_HANDLE;
  std::vector<Pipeline> pipelines;
  VkDescriptorPool pool = VK_NULL_HANDLE;
  VkCommandPool commandPool = VK_NULL_HANDLE;
  VkCommandBuffer commands = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;
  std::mutex mutex; // one run at a time: the buffers are shared
};

namespace {

strata_status vkFail(VkResult r, const char *what) {
  return fail(r == VK_ERROR_OUT_OF_HOST_MEMORY ||
                      r == VK_ERROR_OUT_OF_DEVICE_MEMORY
                  ? STRATA_ERROR_OUT_OF_MEMORY
                  : STRATA_ERROR_LOAD,
              "strata-rt: vulkan: %s failed (VkResult %d)", what,
              static_cast<int>(r));
}

/// Opens the loader and resolves the global entry points.
strata_status openLoader(VulkanModel &m) {
  // STRATA_VULKAN_LOADER names another loader (tests point it at a missing
  // file to check the error path).
  const char *name = std::getenv("STRATA_VULKAN_LOADER");
  if (!name || !*name)
    name = "libvulkan.so.1";
  m.loader = dlopen(name, RTLD_NOW | RTLD_LOCAL);
  if (!m.loader) {
    const char *why = dlerror();
    return fail(STRATA_ERROR_UNAVAILABLE,
                "strata-rt: vulkan: no Vulkan driver found (%s)",
                why ? why : name);
  }
  m.vk.vkGetInstanceProcAddr = reinterpret_cast<PFN_vkGetInstanceProcAddr>(
      dlsym(m.loader, "vkGetInstanceProcAddr"));
  if (!m.vk.vkGetInstanceProcAddr)
    return fail(STRATA_ERROR_UNAVAILABLE,
                "strata-rt: vulkan: no Vulkan driver found (%s does not "
                "export vkGetInstanceProcAddr)",
                name);
  m.vk.vkCreateInstance = reinterpret_cast<PFN_vkCreateInstance>(
      m.vk.vkGetInstanceProcAddr(VK_NULL_HANDLE, "vkCreateInstance"));
  if (!m.vk.vkCreateInstance)
    return fail(STRATA_ERROR_UNAVAILABLE,
                "strata-rt: vulkan: the loader %s has no vkCreateInstance",
                name);
  return STRATA_OK;
}

strata_status createInstance(VulkanModel &m) {
  VkApplicationInfo app = {};
  app.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO;
  app.pApplicationName = "strata-rt";
  app.pEngineName = "strata";
  app.apiVersion = VK_API_VERSION_1_1;
  VkInstanceCreateInfo info = {};
  info.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO;
  info.pApplicationInfo = &app;
  VkResult r = m.vk.vkCreateInstance(&info, nullptr, &m.instance);
  if (r == VK_ERROR_INCOMPATIBLE_DRIVER)
    return fail(STRATA_ERROR_UNAVAILABLE,
                "strata-rt: vulkan: no Vulkan driver found (the loader has "
                "no driver for Vulkan 1.1)");
  if (r != VK_SUCCESS)
    return vkFail(r, "vkCreateInstance");
  bool ok = true;
#define STRATA_VK_LOAD(name)                                                   \
  m.vk.name = reinterpret_cast<PFN_##name>(                                    \
      m.vk.vkGetInstanceProcAddr(m.instance, #name));                          \
  ok = ok && m.vk.name;
  STRATA_VK_FNS(STRATA_VK_LOAD)
#undef STRATA_VK_LOAD
  if (!ok)
    return fail(STRATA_ERROR_UNAVAILABLE,
                "strata-rt: vulkan: the Vulkan loader lacks Vulkan 1.1 "
                "entry points");
  return STRATA_OK;
}

/// Picks a device with a compute queue, preferring a GPU over a CPU driver.
strata_status pickDevice(VulkanModel &m) {
  uint32_t count = 0;
  VkResult r = m.vk.vkEnumeratePhysicalDevices(m.instance, &count, nullptr);
  if (r != VK_SUCCESS && r != VK_INCOMPLETE)
    return vkFail(r, "vkEnumeratePhysicalDevices");
  std::vector<VkPhysicalDevice> devices(count);
  if (count)
    m.vk.vkEnumeratePhysicalDevices(m.instance, &count, devices.data());
  int bestScore = -1;
  for (VkPhysicalDevice d : devices) {
    VkPhysicalDeviceProperties props;
    m.vk.vkGetPhysicalDeviceProperties(d, &props);
    if (props.apiVersion < VK_API_VERSION_1_1)
      continue;
    uint32_t families = 0;
    m.vk.vkGetPhysicalDeviceQueueFamilyProperties(d, &families, nullptr);
    std::vector<VkQueueFamilyProperties> fams(families);
    m.vk.vkGetPhysicalDeviceQueueFamilyProperties(d, &families, fams.data());
    for (uint32_t f = 0; f < families; ++f) {
      if (!(fams[f].queueFlags & VK_QUEUE_COMPUTE_BIT))
        continue;
      int score = props.deviceType == VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU ? 3
                  : props.deviceType == VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU
                      ? 2
                      : 1;
      if (score > bestScore) {
        bestScore = score;
        m.physical = d;
        m.queueFamily = f;
      }
      break;
    }
  }
  if (!m.physical)
    return fail(STRATA_ERROR_UNAVAILABLE,
                "strata-rt: vulkan: no Vulkan device found (%u devices, none "
                "with Vulkan 1.1 and a compute queue; lavapipe comes with "
                "mesa-vulkan-drivers)",
                count);
  return STRATA_OK;
}

strata_status createDevice(VulkanModel &m) {
  // Enable the optional features the kernels may use (64-bit and 16-bit
  // arithmetic, 8/16-bit storage) wherever the device has them: query them
  // and hand the same chain to vkCreateDevice.
  VkPhysicalDeviceProperties props;
  m.vk.vkGetPhysicalDeviceProperties(m.physical, &props);
  VkPhysicalDevice8BitStorageFeatures storage8 = {};
  storage8.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_8BIT_STORAGE_FEATURES;
  VkPhysicalDeviceShaderFloat16Int8Features f16i8 = {};
  f16i8.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES;
  f16i8.pNext = &storage8;
  VkPhysicalDevice16BitStorageFeatures storage16 = {};
  storage16.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES;
  if (props.apiVersion >= VK_API_VERSION_1_2)
    storage16.pNext = &f16i8;
  VkPhysicalDeviceFeatures2 features = {};
  features.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2;
  features.pNext = &storage16;
  m.vk.vkGetPhysicalDeviceFeatures2(m.physical, &features);
  VkPhysicalDeviceFeatures wanted = {};
  wanted.shaderInt64 = features.features.shaderInt64;
  wanted.shaderInt16 = features.features.shaderInt16;
  wanted.shaderFloat64 = features.features.shaderFloat64;
  features.features = wanted;

  float priority = 1.0f;
  VkDeviceQueueCreateInfo queue = {};
  queue.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO;
  queue.queueFamilyIndex = m.queueFamily;
  queue.queueCount = 1;
  queue.pQueuePriorities = &priority;
  VkDeviceCreateInfo info = {};
  info.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO;
  info.pNext = &features;
  info.queueCreateInfoCount = 1;
  info.pQueueCreateInfos = &queue;
  VkResult r = m.vk.vkCreateDevice(m.physical, &info, nullptr, &m.device);
  if (r != VK_SUCCESS)
    return vkFail(r, "vkCreateDevice");
  bool ok = true;
#define STRATA_VK_LOAD(name)                                                   \
  m.vk.name = reinterpret_cast<PFN_##name>(                                    \
      m.vk.vkGetDeviceProcAddr(m.device, #name));                              \
  ok = ok && m.vk.name;
  STRATA_VK_DEVICE_FNS(STRATA_VK_LOAD)
#undef STRATA_VK_LOAD
  if (!ok)
    return fail(STRATA_ERROR_UNAVAILABLE,
                "strata-rt: vulkan: the device lacks Vulkan 1.1 entry points");
  m.vk.vkGetDeviceQueue(m.device, m.queueFamily, 0, &m.queue);
  return STRATA_OK;
}

strata_status createBuffer(VulkanModel &m, uint64_t size, Buffer &out) {
  out.size = size;
  VkBufferCreateInfo info = {};
  info.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO;
  // Vulkan has no empty buffers; storage buffer sizes are multiples of 4.
  info.size = size < 4 ? 4 : (size + 3) / 4 * 4;
  info.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT |
               VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
               VK_BUFFER_USAGE_TRANSFER_DST_BIT;
  info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  VkResult r = m.vk.vkCreateBuffer(m.device, &info, nullptr, &out.buffer);
  if (r != VK_SUCCESS)
    return vkFail(r, "vkCreateBuffer");
  VkMemoryRequirements req;
  m.vk.vkGetBufferMemoryRequirements(m.device, out.buffer, &req);
  VkPhysicalDeviceMemoryProperties mem;
  m.vk.vkGetPhysicalDeviceMemoryProperties(m.physical, &mem);
  const VkMemoryPropertyFlags want = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
                                     VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
  uint32_t type = UINT32_MAX;
  for (uint32_t i = 0; i < mem.memoryTypeCount && type == UINT32_MAX; ++i)
    if ((req.memoryTypeBits & (1u << i)) &&
        (mem.memoryTypes[i].propertyFlags & want) == want)
      type = i;
  if (type == UINT32_MAX)
    return fail(STRATA_ERROR_UNAVAILABLE,
                "strata-rt: vulkan: the device has no host-visible, coherent "
                "memory for buffers");
  VkMemoryAllocateInfo alloc = {};
  alloc.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
  alloc.allocationSize = req.size;
  alloc.memoryTypeIndex = type;
  r = m.vk.vkAllocateMemory(m.device, &alloc, nullptr, &out.memory);
  if (r != VK_SUCCESS)
    return vkFail(r, "vkAllocateMemory");
  r = m.vk.vkBindBufferMemory(m.device, out.buffer, out.memory, 0);
  if (r != VK_SUCCESS)
    return vkFail(r, "vkBindBufferMemory");
  r = m.vk.vkMapMemory(m.device, out.memory, 0, VK_WHOLE_SIZE, 0, &out.mapped);
  if (r != VK_SUCCESS)
    return vkFail(r, "vkMapMemory");
  return STRATA_OK;
}

strata_status createPipelines(VulkanModel &m, const strata_device_program &p) {
  if (p.num_kernels == 0)
    return STRATA_OK; // a plan of copies only
  VkShaderModuleCreateInfo shader = {};
  shader.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO;
  shader.codeSize = p.binary_size;
  shader.pCode = static_cast<const uint32_t *>(p.binary);
  VkResult r = m.vk.vkCreateShaderModule(m.device, &shader, nullptr, &m.shader);
  if (r != VK_SUCCESS)
    return vkFail(r, "vkCreateShaderModule");
  m.pipelines.resize(static_cast<size_t>(p.num_kernels));
  for (int32_t k = 0; k < p.num_kernels; ++k) {
    const strata_device_kernel &kernel = p.kernels[k];
    Pipeline &pipe = m.pipelines[k];
    std::vector<VkDescriptorSetLayoutBinding> bindings(
        static_cast<size_t>(kernel.num_bindings));
    for (int32_t b = 0; b < kernel.num_bindings; ++b) {
      bindings[b] = {};
      bindings[b].binding = static_cast<uint32_t>(b);
      bindings[b].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
      bindings[b].descriptorCount = 1;
      bindings[b].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
    }
    VkDescriptorSetLayoutCreateInfo set = {};
    set.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO;
    set.bindingCount = static_cast<uint32_t>(bindings.size());
    set.pBindings = bindings.data();
    r = m.vk.vkCreateDescriptorSetLayout(m.device, &set, nullptr,
                                         &pipe.setLayout);
    if (r != VK_SUCCESS)
      return vkFail(r, "vkCreateDescriptorSetLayout");
    VkPipelineLayoutCreateInfo layout = {};
    layout.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO;
    layout.setLayoutCount = 1;
    layout.pSetLayouts = &pipe.setLayout;
    r = m.vk.vkCreatePipelineLayout(m.device, &layout, nullptr, &pipe.layout);
    if (r != VK_SUCCESS)
      return vkFail(r, "vkCreatePipelineLayout");
    VkComputePipelineCreateInfo info = {};
    info.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO;
    info.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
    info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
    info.stage.module = m.shader;
    info.stage.pName = kernel.entry;
    info.layout = pipe.layout;
    r = m.vk.vkCreateComputePipelines(m.device, VK_NULL_HANDLE, 1, &info,
                                      nullptr, &pipe.pipeline);
    if (r != VK_SUCCESS) {
      fail(STRATA_ERROR_LOAD,
           "strata-rt: vulkan: creating the compute pipeline of kernel '%s' "
           "failed (VkResult %d)",
           kernel.entry, static_cast<int>(r));
      return STRATA_ERROR_LOAD;
    }
  }
  return STRATA_OK;
}

/// Descriptor sets and the one command buffer holding the whole plan.
strata_status recordPlan(VulkanModel &m, const strata_device_program &p) {
  uint32_t sets = 0, descriptors = 0;
  for (int32_t s = 0; s < p.num_steps; ++s)
    if (p.steps[s].kind == STRATA_STEP_DISPATCH) {
      ++sets;
      descriptors += static_cast<uint32_t>(p.steps[s].num_args);
    }
  if (sets) {
    VkDescriptorPoolSize size = {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
                                 descriptors ? descriptors : 1};
    VkDescriptorPoolCreateInfo pool = {};
    pool.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO;
    pool.maxSets = sets;
    pool.poolSizeCount = 1;
    pool.pPoolSizes = &size;
    VkResult r = m.vk.vkCreateDescriptorPool(m.device, &pool, nullptr, &m.pool);
    if (r != VK_SUCCESS)
      return vkFail(r, "vkCreateDescriptorPool");
  }
  VkCommandPoolCreateInfo poolInfo = {};
  poolInfo.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO;
  poolInfo.queueFamilyIndex = m.queueFamily;
  VkResult r =
      m.vk.vkCreateCommandPool(m.device, &poolInfo, nullptr, &m.commandPool);
  if (r != VK_SUCCESS)
    return vkFail(r, "vkCreateCommandPool");
  VkCommandBufferAllocateInfo alloc = {};
  alloc.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
  alloc.commandPool = m.commandPool;
  alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  alloc.commandBufferCount = 1;
  r = m.vk.vkAllocateCommandBuffers(m.device, &alloc, &m.commands);
  if (r != VK_SUCCESS)
    return vkFail(r, "vkAllocateCommandBuffers");
  VkFenceCreateInfo fence = {};
  fence.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO;
  r = m.vk.vkCreateFence(m.device, &fence, nullptr, &m.fence);
  if (r != VK_SUCCESS)
    return vkFail(r, "vkCreateFence");

  VkCommandBufferBeginInfo begin = {};
  begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
  r = m.vk.vkBeginCommandBuffer(m.commands, &begin);
  if (r != VK_SUCCESS)
    return vkFail(r, "vkBeginCommandBuffer");
  // Every step sees every write of the steps before it.
  VkMemoryBarrier between = {};
  between.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER;
  between.srcAccessMask =
      VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
  between.dstAccessMask = VK_ACCESS_SHADER_READ_BIT |
                          VK_ACCESS_SHADER_WRITE_BIT |
                          VK_ACCESS_TRANSFER_READ_BIT |
                          VK_ACCESS_TRANSFER_WRITE_BIT;
  const VkPipelineStageFlags stages =
      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT;
  std::vector<VkDescriptorBufferInfo> infos;
  std::vector<VkWriteDescriptorSet> writes;
  for (int32_t s = 0; s < p.num_steps; ++s) {
    const strata_device_step &step = p.steps[s];
    if (s > 0)
      m.vk.vkCmdPipelineBarrier(m.commands, stages, stages, 0, 1, &between, 0,
                                nullptr, 0, nullptr);
    if (step.kind == STRATA_STEP_COPY) {
      VkBufferCopy region = {0, 0, step.byte_size};
      if (step.byte_size)
        m.vk.vkCmdCopyBuffer(m.commands, m.buffers[step.args[0]].buffer,
                             m.buffers[step.args[1]].buffer, 1, &region);
      continue;
    }
    const Pipeline &pipe = m.pipelines[step.kernel];
    VkDescriptorSetAllocateInfo setAlloc = {};
    setAlloc.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO;
    setAlloc.descriptorPool = m.pool;
    setAlloc.descriptorSetCount = 1;
    setAlloc.pSetLayouts = &pipe.setLayout;
    VkDescriptorSet set;
    r = m.vk.vkAllocateDescriptorSets(m.device, &setAlloc, &set);
    if (r != VK_SUCCESS)
      return vkFail(r, "vkAllocateDescriptorSets");
    infos.assign(static_cast<size_t>(step.num_args), {});
    writes.assign(static_cast<size_t>(step.num_args), {});
    for (int32_t a = 0; a < step.num_args; ++a) {
      infos[a].buffer = m.buffers[step.args[a]].buffer;
      infos[a].offset = 0;
      infos[a].range = VK_WHOLE_SIZE;
      writes[a].sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET;
      writes[a].dstSet = set;
      writes[a].dstBinding = static_cast<uint32_t>(a);
      writes[a].descriptorCount = 1;
      writes[a].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
      writes[a].pBufferInfo = &infos[a];
    }
    m.vk.vkUpdateDescriptorSets(m.device, static_cast<uint32_t>(writes.size()),
                                writes.data(), 0, nullptr);
    m.vk.vkCmdBindPipeline(m.commands, VK_PIPELINE_BIND_POINT_COMPUTE,
                           pipe.pipeline);
    m.vk.vkCmdBindDescriptorSets(m.commands, VK_PIPELINE_BIND_POINT_COMPUTE,
                                 pipe.layout, 0, 1, &set, 0, nullptr);
    m.vk.vkCmdDispatch(m.commands, step.groups[0], step.groups[1],
                       step.groups[2]);
  }
  // The host reads the outputs after the fence.
  VkMemoryBarrier toHost = {};
  toHost.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER;
  toHost.srcAccessMask =
      VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
  toHost.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
  m.vk.vkCmdPipelineBarrier(m.commands, stages, VK_PIPELINE_STAGE_HOST_BIT, 0,
                            1, &toHost, 0, nullptr, 0, nullptr);
  r = m.vk.vkEndCommandBuffer(m.commands);
  if (r != VK_SUCCESS)
    return vkFail(r, "vkEndCommandBuffer");
  return STRATA_OK;
}

strata_status setUp(VulkanModel &m, const strata_artifact &a) {
  const strata_device_program &p = *a.device;
  if (strata_status s = openLoader(m))
    return s;
  if (strata_status s = createInstance(m))
    return s;
  if (strata_status s = pickDevice(m))
    return s;
  if (strata_status s = createDevice(m))
    return s;
  m.buffers.resize(static_cast<size_t>(p.num_buffers));
  for (int32_t b = 0; b < p.num_buffers; ++b) {
    if (strata_status s = createBuffer(m, p.buffers[b].byte_size, m.buffers[b]))
      return s;
    if (p.buffers[b].kind == STRATA_BUFFER_CONSTANT) {
      const strata_device_blob &blob = p.blobs[p.buffers[b].index];
      std::memcpy(m.buffers[b].mapped, blob.data, blob.byte_size);
    }
  }
  if (strata_status s = createPipelines(m, p))
    return s;
  return recordPlan(m, p);
}

} // namespace

void strata::rt::vulkanFree(VulkanModel *m) {
  if (!m)
    return;
  if (m->device) {
    Api &vk = m->vk;
    if (m->fence)
      vk.vkDestroyFence(m->device, m->fence, nullptr);
    if (m->commandPool)
      vk.vkDestroyCommandPool(m->device, m->commandPool, nullptr);
    if (m->pool)
      vk.vkDestroyDescriptorPool(m->device, m->pool, nullptr);
    for (Pipeline &p : m->pipelines) {
      if (p.pipeline)
        vk.vkDestroyPipeline(m->device, p.pipeline, nullptr);
      if (p.layout)
        vk.vkDestroyPipelineLayout(m->device, p.layout, nullptr);
      if (p.setLayout)
        vk.vkDestroyDescriptorSetLayout(m->device, p.setLayout, nullptr);
    }
    if (m->shader)
      vk.vkDestroyShaderModule(m->device, m->shader, nullptr);
    for (Buffer &b : m->buffers) {
      if (b.buffer)
        vk.vkDestroyBuffer(m->device, b.buffer, nullptr);
      if (b.memory)
        vk.vkFreeMemory(m->device, b.memory, nullptr);
    }
    vk.vkDestroyDevice(m->device, nullptr);
  }
  if (m->instance && m->vk.vkDestroyInstance)
    m->vk.vkDestroyInstance(m->instance, nullptr);
  if (m->loader)
    dlclose(m->loader);
  delete m;
}

strata_status strata::rt::vulkanLoad(const char *path, const strata_artifact &a,
                                     VulkanModel **out) {
  *out = nullptr;
  // Checked before the loader opens, so that it fails the same everywhere.
  if (strata_status s = rejectCudaOnlyFeatures(path, a, "vulkan"))
    return s;
  auto *m = new (std::nothrow) VulkanModel();
  if (!m)
    return fail(STRATA_ERROR_OUT_OF_MEMORY, "cannot load artifact '%s'", path);
  strata_status s;
  try {
    s = setUp(*m, a);
  } catch (const std::bad_alloc &) {
    s = fail(STRATA_ERROR_OUT_OF_MEMORY,
             "strata-rt: vulkan: out of memory setting up '%s'", path);
  }
  if (s) {
    vulkanFree(m);
    return s;
  }
  *out = m;
  return STRATA_OK;
}

strata_status strata::rt::vulkanRun(VulkanModel *m, const strata_artifact &a,
                                    strata_tensor *const *inputs,
                                    strata_tensor *const *outputs) {
  const strata_device_program &p = *a.device;
  std::lock_guard<std::mutex> lock(m->mutex);
  for (int32_t b = 0; b < p.num_buffers; ++b)
    if (p.buffers[b].kind == STRATA_BUFFER_INPUT)
      std::memcpy(m->buffers[b].mapped, inputs[p.buffers[b].index]->data,
                  p.buffers[b].byte_size);
  VkSubmitInfo submit = {};
  submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
  submit.commandBufferCount = 1;
  submit.pCommandBuffers = &m->commands;
  VkResult r = m->vk.vkQueueSubmit(m->queue, 1, &submit, m->fence);
  if (r == VK_SUCCESS)
    r = m->vk.vkWaitForFences(m->device, 1, &m->fence, VK_TRUE, UINT64_MAX);
  m->vk.vkResetFences(m->device, 1, &m->fence);
  if (r != VK_SUCCESS)
    return fail(STRATA_ERROR_RUN,
                "model '%s' failed on vulkan: %s returned VkResult %d",
                a.model_name,
                r == VK_ERROR_DEVICE_LOST ? "the device was lost;"
                                          : "submitting or waiting",
                static_cast<int>(r));
  for (int32_t b = 0; b < p.num_buffers; ++b)
    if (p.buffers[b].kind == STRATA_BUFFER_OUTPUT)
      std::memcpy(outputs[p.buffers[b].index]->data, m->buffers[b].mapped,
                  p.buffers[b].byte_size);
  return STRATA_OK;
}

#endif // STRATA_RT_HAVE_VULKAN_HEADERS
