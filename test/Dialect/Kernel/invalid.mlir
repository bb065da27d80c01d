// Every verifier rule of the kernel dialect, violated once.
// RUN: strata-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{'kernel.func' op a kernel returns nothing; write results to buffers}}
kernel.func @returns(%a: memref<4xf32>) -> f32 attributes {workgroup_size = array<i64: 1, 1, 1>} {
  kernel.return
}

// -----

// expected-error @+1 {{'kernel.func' op workgroup_size must be three sizes >= 1}}
kernel.func @wg(%a: memref<4xf32>) attributes {workgroup_size = array<i64: 1, 0, 1>} {
  kernel.return
}

// -----

// expected-error @+1 {{'kernel.func' op takes buffers, not tensors: 'tensor<4xf32>'}}
kernel.func @tensor_arg(%a: tensor<4xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  kernel.return
}

// -----

func.func @id_outside() {
  // expected-error @+1 {{'kernel.workgroup_id' op is only valid inside a kernel.func}}
  %0 = kernel.workgroup_id x
  return
}

// -----

func.func @barrier_outside() {
  // expected-error @+1 {{'kernel.barrier' op is only valid inside a kernel.func}}
  kernel.barrier
  return
}

// -----

func.func @launch_unknown(%a: memref<4xf32>) {
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{'kernel.launch' op 'missing' is not a kernel.func}}
  kernel.launch @missing workgroups(%c1, %c1, %c1) (%a) : memref<4xf32>
  return
}

// -----

kernel.func @k(%a: memref<4xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  kernel.return
}
func.func @launch_count(%a: memref<4xf32>) {
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{'kernel.launch' op passes 2 arguments to 'k', which takes 1}}
  kernel.launch @k workgroups(%c1, %c1, %c1) (%a, %a) : memref<4xf32>, memref<4xf32>
  return
}

// -----

kernel.func @k(%a: memref<4xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  kernel.return
}
func.func @launch_types(%a: memref<8xf32>) {
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{'kernel.launch' op argument #0 has type 'memref<8xf32>', 'k' takes 'memref<4xf32>'}}
  kernel.launch @k workgroups(%c1, %c1, %c1) (%a) : memref<8xf32>
  return
}

// -----

kernel.func @k(%a: memref<4xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{'kernel.launch' op launches from the host only, not from a kernel}}
  kernel.launch @k workgroups(%c1, %c1, %c1) (%a) : memref<4xf32>
  kernel.return
}

// -----

func.func @bad_space() {
  // expected-error @+2 {{expected ::strata::kernel::MemorySpace to be one of: global, workgroup, private}}
  // expected-error @+1 {{failed to parse Kernel_MemorySpaceAttr parameter 'value'}}
  %0 = memref.alloc() : memref<4xf32, #kernel.memory_space<shared>>
  return
}
