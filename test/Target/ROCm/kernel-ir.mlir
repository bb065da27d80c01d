// Hand-written kernel IR goes straight to an HSACO (--emit=obj), through
// strata-kernel-to-rocm: one pointer per buffer (bare pointers), per-thread
// scratch in private memory (address space 5) allocated at kernel entry,
// tanh/erf/exp/sin without ROCm's device libraries. (LLVM then promotes this
// small scratch to registers: no scratch instructions in the ISA.)
// RUN: rm -rf %t && mkdir -p %t
// RUN: strata-compile %s --compile-from=kernel --target=rocm --rocm-chip=gfx90a --emit=obj -o %t/k.hsaco
// RUN: llvm-readelf --notes %t/k.hsaco | FileCheck %s --check-prefix=NOTES
// NOTES: .args:
// NOTES-NEXT: - .address_space: generic
// NOTES-NEXT: .offset: 0
// NOTES-NEXT: .size: 8
// NOTES-NEXT: .value_kind: global_buffer
// NOTES-NEXT: - .address_space: generic
// NOTES-NEXT: .offset: 8
// NOTES-NEXT: .size: 8
// NOTES-NEXT: .value_kind: global_buffer
// NOTES: .name: act
// RUN: llvm-objdump -d --mcpu=gfx90a %t/k.hsaco | FileCheck %s --check-prefix=ISA
// ISA: <act>:
// ISA: global_load_dword
// ISA: global_store_dword
// ISA: s_endpgm
// RUN: strata-compile %s --compile-from=kernel --target=rocm --rocm-chip=gfx90a --emit=target | FileCheck %s
// CHECK: llvm.func @act(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) attributes {{.*}}rocdl.kernel
// CHECK: llvm.alloca {{.*}} -> !llvm.ptr<5>
// CHECK-NOT: __ocml
kernel.func @act(%in: memref<64xf32>, %out: memref<64xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  %wg = kernel.workgroup_id x
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %base = arith.muli %wg, %c4 : index
  %tmp = memref.alloca() : memref<4xf32, #kernel.memory_space<private>>
  scf.for %i = %c0 to %c4 step %c1 {
    %j = arith.addi %base, %i : index
    %v = memref.load %in[%j] : memref<64xf32>
    %t = math.tanh %v : f32
    %e = math.erf %t : f32
    %s = math.exp %e : f32
    %x = math.sin %s : f32
    memref.store %x, %tmp[%i] : memref<4xf32, #kernel.memory_space<private>>
  }
  scf.for %i = %c0 to %c4 step %c1 {
    %k = arith.subi %c4, %c1 : index
    %r = arith.subi %k, %i : index
    %j = arith.addi %base, %i : index
    %v = memref.load %tmp[%r] : memref<4xf32, #kernel.memory_space<private>>
    memref.store %v, %out[%j] : memref<64xf32>
  }
  kernel.return
}
func.func @model(%x: memref<64xf32>, %y: memref<64xf32>) {
  %c16 = arith.constant 16 : index
  %c1 = arith.constant 1 : index
  kernel.launch @act workgroups(%c16, %c1, %c1) (%x, %y) : memref<64xf32>, memref<64xf32>
  return
}
