// A model without kernels (its output is a copy of its input): the device
// section has no binary and a plan of one copy; it runs like the cpu one.
// REQUIRES: vulkan
// RUN: rm -rf %t && mkdir -p %t
// RUN: strata-compile %s --target=vulkan -o %t/vk.so
// RUN: strata-compile %s --target=cpu -o %t/cpu.so
// RUN: strata-run %t/vk.so --device=vulkan --seed 3 > %t/vk.txt
// RUN: strata-run %t/cpu.so --seed 3 > %t/cpu.txt
// RUN: diff %t/cpu.txt %t/vk.txt
// RUN: FileCheck %s < %t/vk.txt
// CHECK: output 0 'output0': f32[2x3] = [
func.func @identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  return %x : tensor<2x3xf32>
}
