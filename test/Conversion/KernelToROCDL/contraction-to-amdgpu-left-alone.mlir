// RUN: strata-opt %s -split-input-file -verify-diagnostics --strata-lower-contraction-to-amdgpu=chip=gfx942
// Contractions the whole wave may not run with the same operands stay on
// the SIMT path, with a remark saying why.

#mk = affine_map<(m, n, k) -> (m, k)>
#kn = affine_map<(m, n, k) -> (k, n)>
#mn = affine_map<(m, n, k) -> (m, n)>
module attributes {gpu.container_module} {
gpu.module @k {
  gpu.func @no_block_size(%a: vector<32x8xf16>, %b: vector<8x32xf16>, %c: vector<32x32xf32>, %C: memref<32x32xf32>) kernel {
    %c0 = arith.constant 0 : index
    // expected-remark @+1 {{contraction left on the SIMT path: the gpu.func has no known_block_size, so the wave may not be full}}
    %d = vector.contract {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<32x8xf16>, vector<8x32xf16> into vector<32x32xf32>
    vector.transfer_write %d, %C[%c0, %c0] {in_bounds = [true, true]} : vector<32x32xf32>, memref<32x32xf32>
    gpu.return
  }
  gpu.func @half_wave(%a: vector<32x8xf16>, %b: vector<8x32xf16>, %c: vector<32x32xf32>, %C: memref<32x32xf32>) kernel attributes {known_block_size = array<i32: 32, 1, 1>} {
    %c0 = arith.constant 0 : index
    // expected-remark @+1 {{the block of 32 threads is not a multiple of the 64-lane wave}}
    %d = vector.contract {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<32x8xf16>, vector<8x32xf16> into vector<32x32xf32>
    vector.transfer_write %d, %C[%c0, %c0] {in_bounds = [true, true]} : vector<32x32xf32>, memref<32x32xf32>
    gpu.return
  }
  gpu.func @per_thread_rows(%A: memref<2048x8xf16>, %b: vector<8x32xf16>, %c: vector<32x32xf32>, %C: memref<32x32xf32>) kernel attributes {known_block_size = array<i32: 64, 1, 1>} {
    %c0 = arith.constant 0 : index
    %f0 = arith.constant 0.0 : f16
    %t = gpu.thread_id x
    %a = vector.transfer_read %A[%t, %c0], %f0 {in_bounds = [true, true]} : memref<2048x8xf16>, vector<32x8xf16>
    // expected-remark @+1 {{an operand may differ between lanes: it depends on 'gpu.thread_id'}}
    %d = vector.contract {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<32x8xf16>, vector<8x32xf16> into vector<32x32xf32>
    vector.transfer_write %d, %C[%c0, %c0] {in_bounds = [true, true]} : vector<32x32xf32>, memref<32x32xf32>
    gpu.return
  }
  // A branch some lanes of the wave may skip (a lane-uniform condition is
  // fine: contraction-to-amdgpu.mlir).
  gpu.func @in_if(%a: vector<32x8xf16>, %b: vector<8x32xf16>, %c: vector<32x32xf32>, %C: memref<32x32xf32>) kernel attributes {known_block_size = array<i32: 64, 1, 1>} {
    %c0 = arith.constant 0 : index
    %c7 = arith.constant 7 : index
    %t = gpu.thread_id x
    %p = arith.cmpi ult, %t, %c7 : index
    scf.if %p {
      // expected-remark @+1 {{an operand may differ between lanes: it depends on 'gpu.thread_id'}}
      %d = vector.contract {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<32x8xf16>, vector<8x32xf16> into vector<32x32xf32>
      vector.transfer_write %d, %C[%c0, %c0] {in_bounds = [true, true]} : vector<32x32xf32>, memref<32x32xf32>
    }
    gpu.return
  }
  gpu.func @kept_in_register(%a: vector<32x8xf16>, %b: vector<8x32xf16>, %c: vector<32x32xf32>, %C: memref<32x32xf32>) kernel attributes {known_block_size = array<i32: 64, 1, 1>} {
    %c0 = arith.constant 0 : index
    // expected-remark @+1 {{the result is not used exactly once}}
    %d = vector.contract {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<32x8xf16>, vector<8x32xf16> into vector<32x32xf32>
    vector.transfer_write %d, %C[%c0, %c0] {in_bounds = [true, true]} : vector<32x32xf32>, memref<32x32xf32>
    vector.transfer_write %d, %C[%c0, %c0] {in_bounds = [true, true]} : vector<32x32xf32>, memref<32x32xf32>
    gpu.return
  }
  gpu.func @transposed_b(%a: vector<32x8xf16>, %b: vector<32x8xf16>, %c: vector<32x32xf32>, %C: memref<32x32xf32>) kernel attributes {known_block_size = array<i32: 64, 1, 1>} {
    %c0 = arith.constant 0 : index
    // expected-remark @+1 {{the indexing maps are not (m, k) x (k, n) -> (m, n)}}
    %d = vector.contract {indexing_maps = [#mk, affine_map<(m, n, k) -> (n, k)>, #mn], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<32x8xf16>, vector<32x8xf16> into vector<32x32xf32>
    vector.transfer_write %d, %C[%c0, %c0] {in_bounds = [true, true]} : vector<32x32xf32>, memref<32x32xf32>
    gpu.return
  }
}
}

// RUN: not strata-opt %s --strata-lower-contraction-to-amdgpu=chip=gfx906 -o /dev/null 2>&1 | FileCheck %s --check-prefix=CHIP
// CHIP: error: unknown AMD chip 'gfx906'; expected one of gfx90a, gfx942, gfx1030, gfx1100
