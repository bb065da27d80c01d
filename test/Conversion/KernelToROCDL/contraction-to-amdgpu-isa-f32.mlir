// The rewritten f32 contractions (CDNA only: RDNA3 has no f32 WMMA) reach the matrix instructions in the AMDGCN
// assembly that upstream's ROCDL route prints (no GPU needed).
// RUN: strata-opt %s --pass-pipeline='builtin.module(strata-lower-contraction-to-amdgpu{chip=gfx942},rocdl-attach-target{chip=gfx942},gpu.module(convert-amdgpu-to-rocdl{chipset=gfx942},convert-gpu-to-rocdl),gpu-module-to-binary{format=isa})' | FileCheck %s --check-prefixes=CDNA,GFX942
// RUN: strata-opt %s --pass-pipeline='builtin.module(strata-lower-contraction-to-amdgpu{chip=gfx90a},rocdl-attach-target{chip=gfx90a},gpu.module(convert-amdgpu-to-rocdl{chipset=gfx90a},convert-gpu-to-rocdl),gpu-module-to-binary{format=isa})' | FileCheck %s --check-prefixes=CDNA,GFX90A

// GFX942: .amdgcn_target \22amdgcn-amd-amdhsa--gfx942\22
// GFX90A: .amdgcn_target \22amdgcn-amd-amdhsa--gfx90a\22
// CDNA-NOT: v_wmma

// CDNA: mm_f32:
// CDNA: v_mfma_f32_32x32x2{{_?}}f32

#mk = affine_map<(m, n, k) -> (m, k)>
#kn = affine_map<(m, n, k) -> (k, n)>
#mn = affine_map<(m, n, k) -> (m, n)>
module attributes {gpu.container_module} {
gpu.module @k {
  gpu.func @mm_f32(%A: memref<32x2xf32>, %B: memref<2x32xf32>, %C: memref<32x32xf32>) kernel attributes {known_block_size = array<i32: 64, 1, 1>} {
    %c0 = arith.constant 0 : index
    %z = arith.constant 0.0 : f32
    %a = vector.transfer_read %A[%c0, %c0], %z {in_bounds = [true, true]} : memref<32x2xf32>, vector<32x2xf32>
    %b = vector.transfer_read %B[%c0, %c0], %z {in_bounds = [true, true]} : memref<2x32xf32>, vector<2x32xf32>
    %c = vector.transfer_read %C[%c0, %c0], %z {in_bounds = [true, true]} : memref<32x32xf32>, vector<32x32xf32>
    %d = vector.contract {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<32x2xf32>, vector<2x32xf32> into vector<32x32xf32>
    vector.transfer_write %d, %C[%c0, %c0] {in_bounds = [true, true]} : vector<32x32xf32>, memref<32x32xf32>
    gpu.return
  }
}
}
