// Each rule of the kernel-to-target contract, broken once.
// RUN: strata-opt %s -split-input-file --strata-verify-contract=kernel-to-target -verify-diagnostics

func.func @upper(%a: memref<2xf32>) {
  // expected-error @+3 {{'bufferization.to_tensor' op breaks contract kernel-to-target v1 rule 'no-upper-layers': ops of upper layers must be lowered}}
  // expected-error @+2 {{'bufferization.to_tensor' op breaks contract kernel-to-target v1 rule 'no-tensors': tensor type tensor<2xf32> left after bufferization}}
  // expected-error @+1 {{'bufferization.to_tensor' op breaks contract kernel-to-target v1 rule 'host-ops'}}
  %t = bufferization.to_tensor %a : memref<2xf32> to tensor<2xf32>
  return
}

// -----

// expected-error @+1 {{'arith.constant' op breaks contract kernel-to-target v1 rule 'module-ops': the module holds only func.func (host), kernel.func and memref.global, found 'arith.constant'}}
%c = arith.constant 0 : index

// -----

func.func @compute_on_host(%a: memref<2xf32>) {
  %c0 = arith.constant 0 : index
  // expected-error @+1 {{'memref.load' op breaks contract kernel-to-target v1 rule 'host-ops': host functions allocate, copy, reshape buffers and launch kernels only, found 'memref.load'}}
  %v = memref.load %a[%c0] : memref<2xf32>
  return
}

// -----

kernel.func @k(%a: memref<2xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  // expected-error @+1 {{'func.call' op breaks contract kernel-to-target v1 rule 'kernel-body': kernel bodies hold arith, math, memref, scf, vector, linalg, affine and kernel ops only, found 'func.call' in kernel 'k'}}
  func.call @f() : () -> ()
  kernel.return
}
func.func private @f()

// -----

func.func @space() {
  // expected-error @+1 {{'memref.alloc' op breaks contract kernel-to-target v1 rule 'memory-spaces': buffer memref<2xf32, 3> has a memory space other than #kernel.memory_space (none means global)}}
  %b = memref.alloc() : memref<2xf32, 3>
  return
}

// -----

kernel.func @k(%a: memref<2xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  kernel.return
}
func.func @grid(%a: memref<2xf32>, %n: index) {
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{'kernel.launch' op breaks contract kernel-to-target v1 rule 'host-grid': grid sizes are constants computed on the host (v1: static grids)}}
  kernel.launch @k workgroups(%n, %c1, %c1) (%a) : memref<2xf32>
  return
}
