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

// bf16 is emulated (i16 storage, f32 arithmetic); a bf16 value the
// emulation does not rewrite (a loop-carried bf16 sum) is a located error,
// never bf16 reaching SPIR-V.
kernel.func @bf16_sum(%a: memref<4xbf16>, %b: memref<1xbf16>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %z = arith.constant 0.0 : bf16
  %s = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %z) -> bf16 {
    %x = memref.load %a[%i] : memref<4xbf16>
    // expected-error @+1 {{still uses bf16 after the vulkan target's bf16 emulation (i16 storage, f32 arithmetic), which does not rewrite this op; Vulkan 1.2's SPIR-V has no bfloat16 type}}
    %n = arith.addf %acc, %x : bf16
    scf.yield %n : bf16
  }
  memref.store %s, %b[%c0] : memref<1xbf16>
  kernel.return
}

// -----

// A bf16 buffer used by an op the i16 storage rewrite does not know.
kernel.func @bf16_atomic(%a: memref<4xbf16>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %c0 = arith.constant 0 : index
  %one = arith.constant 1.0 : bf16
  // expected-error @+1 {{uses a bf16 buffer in a way the vulkan target's bf16 emulation (i16 storage) does not rewrite}}
  %old = memref.atomic_rmw addf %one, %a[%c0] : (bf16, memref<4xbf16>) -> bf16
  kernel.return
}
