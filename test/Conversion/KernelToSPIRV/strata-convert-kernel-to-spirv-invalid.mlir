// RUN: strata-opt %s -split-input-file -verify-diagnostics --strata-convert-kernel-to-spirv

// Vulkan guarantees 128 invocations per workgroup.
// expected-error @+1 {{the vulkan target runs kernel-layer workgroups of [n, 1, 1] threads (n <= 128) or one thread each}}
kernel.func @wide(%a: memref<4xf32>) attributes {workgroup_size = array<i64: 256, 1, 1>} {
  kernel.return
}

// -----

kernel.func @k(%a: memref<4xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  kernel.return
}
func.func @model(%a: memref<4xf32>) {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  kernel.launch @k workgroups(%c1, %c1, %c1) (%a) : memref<4xf32>
  // expected-error @+1 {{launches 'k' with a different grid than its other launches; the vulkan target bakes one grid into each kernel}}
  kernel.launch @k workgroups(%c2, %c1, %c1) (%a) : memref<4xf32>
  return
}

// -----

// expected-error @+1 {{the vulkan target takes global buffers of static shape only (v1), got 'memref<?xf32>'}}
kernel.func @dynamic(%a: memref<?xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  kernel.return
}

// -----

// bf16: Vulkan 1.2's SPIR-V has no bfloat16 type (upstream would
// reinterpret the buffer as f32 words: wrong results), so it is refused.
// expected-error @+1 {{'kernel.func' op uses bf16, which the vulkan target does not support (Vulkan 1.2's SPIR-V has no bfloat16 type); compile for cpu, cuda or rocm}}
kernel.func @bf16(%a: memref<4xbf16>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  kernel.return
}
