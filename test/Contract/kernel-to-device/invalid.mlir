// The rule kernel-to-device adds to kernel-to-target, broken once per kind
// of host op (the kernel-to-target rules are tested in ../kernel-to-target).
// RUN: strata-opt %s -split-input-file --strata-verify-contract=kernel-to-device -verify-diagnostics

func.func @partial_copy(%x: memref<8xf32>, %y: memref<4xf32>) {
  %r = memref.reinterpret_cast %x to offset: [4], sizes: [4], strides: [1] : memref<8xf32> to memref<4xf32, strided<[1], offset: 4>>
  // expected-error @-1 {{'memref.reinterpret_cast' op breaks contract kernel-to-device v1 rule 'whole-buffers': device targets run the host schedule as a launch plan: views and copies cover whole buffers (static shapes, identity layouts, offset 0), found 'memref.reinterpret_cast'}}
  // expected-error @+1 {{'memref.copy' op breaks contract kernel-to-device v1 rule 'whole-buffers'}}
  memref.copy %r, %y : memref<4xf32, strided<[1], offset: 4>> to memref<4xf32>
  return
}

// -----

func.func @dynamic_view(%x: memref<8xf32>) {
  // expected-error @+1 {{'memref.cast' op breaks contract kernel-to-device v1 rule 'whole-buffers'}}
  %c = memref.cast %x : memref<8xf32> to memref<?xf32>
  return
}
