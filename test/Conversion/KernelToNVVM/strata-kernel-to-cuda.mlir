// The whole kernel-to-target stage of the cuda target on kernel IR: one
// gpu.module of NVVM kernels (LLVM dialect) with an #nvvm.target carrying
// the architecture, its minimum PTX ISA and libdevice; every buffer is one
// bare pointer parameter; exp calls libdevice's __nv_expf.
// RUN: strata-opt %s --strata-kernel-to-cuda | FileCheck %s --check-prefixes=CHECK,SM80
// RUN: strata-opt %s --strata-kernel-to-cuda=cuda-arch=sm_90a | FileCheck %s --check-prefixes=CHECK,SM90A
// The host function keeps its schedule: the launch plan comes from it.
// CHECK: func.func @model
// CHECK: gpu.launch_func @strata_kernels::@scale blocks in (%[[ONE:.*]], %{{.*}}, %{{.*}}) threads in (%[[T:.*]], %{{.*}}, %{{.*}})
// SM80: gpu.module @strata_kernels [#nvvm.target<O = 3, chip = "sm_80", features = "+ptx70"
// SM90A: gpu.module @strata_kernels [#nvvm.target<O = 3, chip = "sm_90a", features = "+ptx80"
// CHECK: llvm.func @__nv_expf(f32) -> f32
// CHECK: llvm.func @scale(%[[IN:.*]]: !llvm.ptr, %[[OUT:.*]]: !llvm.ptr) attributes {gpu.kernel, gpu.known_block_size = array<i32: 16, 1, 1>, nvvm.kernel, nvvm.maxntid = array<i32: 16, 1, 1>}
// CHECK: nvvm.read.ptx.sreg.ctaid.x
// CHECK: nvvm.read.ptx.sreg.tid.x
// CHECK: llvm.icmp "ult"
// CHECK: llvm.getelementptr inbounds|nuw %[[IN]]
// CHECK: llvm.call @__nv_expf
// CHECK: llvm.getelementptr inbounds|nuw %[[OUT]]
// CHECK: llvm.store
// CHECK-NOT: memref.
// CHECK: llvm.return
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
