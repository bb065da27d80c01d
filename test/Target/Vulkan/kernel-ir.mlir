// Hand-written kernel IR goes straight to a validated .spv (no entry
// signature is needed for the binary alone).
// REQUIRES: spirv-val
// RUN: rm -rf %t && mkdir -p %t
// RUN: strata-compile %s --compile-from=kernel --target=vulkan --emit=obj -o %t/k.spv
// RUN: spirv-val --target-env vulkan1.2 %t/k.spv
// An artifact still needs the tensor signature:
// RUN: not strata-compile %s --compile-from=kernel --target=vulkan -o %t/k.so 2>&1 | FileCheck %s
// CHECK: artifacts need the entry's tensor signature
kernel.func @scale(%in: memref<64xf32>, %out: memref<64xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %wg = kernel.workgroup_id x
  %c4 = arith.constant 4 : index
  %base = arith.muli %wg, %c4 : index
  %src = memref.subview %in[%base] [4] [1] : memref<64xf32> to memref<4xf32, strided<[1], offset: ?>>
  %dst = memref.subview %out[%base] [4] [1] : memref<64xf32> to memref<4xf32, strided<[1], offset: ?>>
  linalg.exp ins(%src : memref<4xf32, strided<[1], offset: ?>>) outs(%dst : memref<4xf32, strided<[1], offset: ?>>)
  kernel.return
}
func.func @model(%x: memref<64xf32>, %y: memref<64xf32>) {
  %c16 = arith.constant 16 : index
  %c1 = arith.constant 1 : index
  kernel.launch @scale workgroups(%c16, %c1, %c1) (%x, %y) : memref<64xf32>, memref<64xf32>
  return
}
