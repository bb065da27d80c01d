// The whole kernel-to-target stage of the vulkan target on kernel IR: one
// spirv.module with one GLCompute entry point per kernel, buffers as
// storage buffers at set 0, binding = argument index.
// RUN: strata-opt %s --strata-kernel-to-vulkan | FileCheck %s
// The host function keeps its schedule: the launch plan comes from it.
// CHECK: func.func @model
// CHECK: gpu.launch_func @strata_kernels::@scale
// CHECK: spirv.module @__spv__strata_kernels Logical GLSL450
// CHECK-DAG: spirv.GlobalVariable @scale_arg_0 bind(0, 0) : !spirv.ptr<!spirv.struct<(!spirv.array<64 x f32, stride=4> [0])>, StorageBuffer>
// CHECK-DAG: spirv.GlobalVariable @scale_arg_1 bind(0, 1) : !spirv.ptr<!spirv.struct<(!spirv.array<64 x f32, stride=4> [0])>, StorageBuffer>
// CHECK: spirv.func @scale() "None"
// CHECK: spirv.GL.Exp
// CHECK: spirv.EntryPoint "GLCompute" @scale
// CHECK: spirv.ExecutionMode @scale "LocalSize", 16, 1, 1
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
