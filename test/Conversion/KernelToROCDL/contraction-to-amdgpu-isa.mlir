// The rewritten contractions reach the matrix instructions in the AMDGCN
// assembly that upstream's ROCDL route prints (no GPU needed).
// RUN: strata-opt %s --pass-pipeline='builtin.module(strata-lower-contraction-to-amdgpu{chip=gfx942},rocdl-attach-target{chip=gfx942},gpu.module(convert-amdgpu-to-rocdl{chipset=gfx942},convert-gpu-to-rocdl),gpu-module-to-binary{format=isa})' | FileCheck %s --check-prefixes=CDNA,GFX942
// RUN: strata-opt %s --pass-pipeline='builtin.module(strata-lower-contraction-to-amdgpu{chip=gfx90a},rocdl-attach-target{chip=gfx90a},gpu.module(convert-amdgpu-to-rocdl{chipset=gfx90a},convert-gpu-to-rocdl),gpu-module-to-binary{format=isa})' | FileCheck %s --check-prefixes=CDNA,GFX90A
// RUN: strata-opt %s --pass-pipeline='builtin.module(strata-lower-contraction-to-amdgpu{chip=gfx1100},rocdl-attach-target{chip=gfx1100},gpu.module(convert-amdgpu-to-rocdl{chipset=gfx1100},convert-gpu-to-rocdl),gpu-module-to-binary{format=isa})' | FileCheck %s --check-prefix=RDNA3

// GFX942: .amdgcn_target \22amdgcn-amd-amdhsa--gfx942\22
// GFX90A: .amdgcn_target \22amdgcn-amd-amdhsa--gfx90a\22
// CDNA: mm_f16:
// CDNA: v_mfma_f32_32x32x8{{_?}}f16
// CDNA: mm_bf16:
// CDNA: v_mfma_f32_32x32x8{{_?}}bf16
// (gfx90a spells them v_mfma_f32_32x32x8f16 and v_mfma_f32_32x32x8bf16_1k.)
// CDNA-NOT: v_wmma
// RDNA3: .amdgcn_target \22amdgcn-amd-amdhsa--gfx1100\22
// RDNA3: mm_f16:
// RDNA3-COUNT-4: v_wmma_f32_16x16x16_f16
// RDNA3: mm_bf16:
// RDNA3-COUNT-4: v_wmma_f32_16x16x16_bf16
// RDNA3-NOT: v_mfma
// RDNA3-NOT: v_wmma

#mk = affine_map<(m, n, k) -> (m, k)>
#kn = affine_map<(m, n, k) -> (k, n)>
#mn = affine_map<(m, n, k) -> (m, n)>
module attributes {gpu.container_module} {
gpu.module @k {
  gpu.func @mm_f16(%A: memref<32x16xf16>, %B: memref<16x32xf16>, %C: memref<32x32xf32>) kernel attributes {known_block_size = array<i32: 64, 1, 1>} {
    %c0 = arith.constant 0 : index
    %f0 = arith.constant 0.0 : f16
    %z = arith.constant 0.0 : f32
    %a = vector.transfer_read %A[%c0, %c0], %f0 {in_bounds = [true, true]} : memref<32x16xf16>, vector<32x16xf16>
    %b = vector.transfer_read %B[%c0, %c0], %f0 {in_bounds = [true, true]} : memref<16x32xf16>, vector<16x32xf16>
    %c = vector.transfer_read %C[%c0, %c0], %z {in_bounds = [true, true]} : memref<32x32xf32>, vector<32x32xf32>
    %d = vector.contract {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<32x16xf16>, vector<16x32xf16> into vector<32x32xf32>
    vector.transfer_write %d, %C[%c0, %c0] {in_bounds = [true, true]} : vector<32x32xf32>, memref<32x32xf32>
    gpu.return
  }
  gpu.func @mm_bf16(%A: memref<32x16xbf16>, %B: memref<16x32xbf16>, %C: memref<32x32xf32>) kernel attributes {known_block_size = array<i32: 64, 1, 1>} {
    %c0 = arith.constant 0 : index
    %f0 = arith.constant 0.0 : bf16
    %z = arith.constant 0.0 : f32
    %a = vector.transfer_read %A[%c0, %c0], %f0 {in_bounds = [true, true]} : memref<32x16xbf16>, vector<32x16xbf16>
    %b = vector.transfer_read %B[%c0, %c0], %f0 {in_bounds = [true, true]} : memref<16x32xbf16>, vector<16x32xbf16>
    %c = vector.transfer_read %C[%c0, %c0], %z {in_bounds = [true, true]} : memref<32x32xf32>, vector<32x32xf32>
    %d = vector.contract {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<32x16xbf16>, vector<16x32xbf16> into vector<32x32xf32>
    vector.transfer_write %d, %C[%c0, %c0] {in_bounds = [true, true]} : vector<32x32xf32>, memref<32x32xf32>
    gpu.return
  }
}
}
