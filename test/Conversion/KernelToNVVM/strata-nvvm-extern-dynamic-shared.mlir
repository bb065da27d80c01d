// RUN: strata-opt %s --pass-pipeline='builtin.module(gpu.module(strata-nvvm-extern-dynamic-shared))' | FileCheck %s

// The zero-sized shared global upstream makes for gpu.dynamic_shared_memory
// becomes an external declaration aligned to 1 KiB (the PTX's
// `.extern .shared .align 1024 .b8 __dynamic_shmem__0[]`); other shared
// globals, and zero-sized ones by other names, are left alone.
// CHECK-LABEL: gpu.module @m
// CHECK: llvm.mlir.global external @__dynamic_shmem__0() {addr_space = 3 : i32, alignment = 1024 : i64} : !llvm.array<0 x i8>
// CHECK: llvm.mlir.global private @__mbarrier() {addr_space = 3 : i32, alignment = 8 : i64} : !llvm.array<3 x i64>
// CHECK: llvm.mlir.global internal @other() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<0 x i8>
gpu.module @m {
  llvm.mlir.global internal @__dynamic_shmem__0() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<0 x i8>
  llvm.mlir.global private @__mbarrier() {addr_space = 3 : i32, alignment = 8 : i64} : !llvm.array<3 x i64>
  llvm.mlir.global internal @other() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<0 x i8>
}
