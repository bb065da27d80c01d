// RUN: strata-opt %s -split-input-file --strata-lower-contraction-to-amdgpu=chip=gfx942 --cse | FileCheck %s --check-prefix=CDNA
// RUN: strata-opt %s -split-input-file --strata-lower-contraction-to-amdgpu=chip=gfx90a --cse | FileCheck %s --check-prefix=CDNA
// RUN: strata-opt %s -split-input-file --strata-lower-contraction-to-amdgpu=chip=gfx1100 --cse | FileCheck %s --check-prefix=RDNA3
// RUN: strata-opt %s -split-input-file --strata-lower-contraction-to-amdgpu=chip=gfx1100 -o /dev/null 2>&1 | FileCheck %s --check-prefix=RDNA3-REMARK
// RUN: strata-opt %s -split-input-file --strata-lower-contraction-to-amdgpu=chip=gfx1030 -o /dev/null 2>&1 | FileCheck %s --check-prefix=GFX1030

// A 32x32x16 f16 matmul read from and written to memory.
// On gfx90a/gfx942: 32x32x8 tiles, two along K; lane l holds A[l%32][4*(l/32)+v],
// B[4*(l/32)+v][l%32], C item r at row 8*(r/4)+4*(l/32)+r%4, column l%32.
// CDNA-LABEL: gpu.func @f16
// CDNA: %[[LANE:.*]] = gpu.lane_id
// CDNA: %[[C32:.*]] = arith.constant 32 : index
// CDNA: %[[I:.*]] = arith.remui %[[LANE]], %[[C32]]
// CDNA: %[[C64:.*]] = arith.constant 64 : index
// CDNA: %[[W:.*]] = arith.remui %[[LANE]], %[[C64]]
// CDNA: %[[G:.*]] = arith.divui %[[W]], %[[C32]]
// CDNA: %[[C4:.*]] = arith.constant 4 : index
// CDNA: %[[G4:.*]] = arith.muli %[[G]], %[[C4]]
// CDNA: memref.load %{{.*}}[%[[G4]], %[[I]]] : memref<32x32xf32>
// CDNA: %[[R1:.*]] = arith.addi %[[G4]], %{{.*}} : index
// CDNA: memref.load %{{.*}}[%[[R1]], %[[I]]] : memref<32x32xf32>
// CDNA-COUNT-14: memref.load %{{.*}} : memref<32x32xf32>
// CDNA: memref.load %{{.*}}[%[[I]], %[[G4]]] : memref<32x16xf16>
// CDNA-COUNT-3: memref.load %{{.*}} : memref<32x16xf16>
// CDNA: vector.from_elements {{.*}} : vector<4xf16>
// CDNA: memref.load %{{.*}}[%[[G4]], %[[I]]] : memref<16x32xf16>
// CDNA-COUNT-3: memref.load %{{.*}} : memref<16x32xf16>
// CDNA: %[[D0:.*]] = amdgpu.mfma 32x32x8 %{{.*}} * %{{.*}} + %{{.*}} {{.*}} : vector<4xf16>, vector<4xf16>, vector<16xf32>
// CDNA: amdgpu.mfma 32x32x8 %{{.*}} * %{{.*}} + %[[D0]]
// CDNA-NOT: amdgpu.mfma
// CDNA-COUNT-16: memref.store %{{.*}} : memref<32x32xf32>
// CDNA-NOT: vector.contract
// CDNA-NOT: vector.transfer
// RDNA3-LABEL: gpu.func @f16
// On gfx1100 (wave32): 16x16x16 tiles, 2x2 of them; lane l holds A[l%16][v],
// B[v][l%16] (v = 0..15) and C item r at row 2r+(l/16), column l%16.
// RDNA3: %[[LANE:.*]] = gpu.lane_id
// RDNA3: %[[C16:.*]] = arith.constant 16 : index
// RDNA3: %[[I:.*]] = arith.remui %[[LANE]], %[[C16]]
// RDNA3: %[[C32:.*]] = arith.constant 32 : index
// RDNA3: %[[W:.*]] = arith.remui %[[LANE]], %[[C32]]
// RDNA3: %[[H:.*]] = arith.divui %[[W]], %[[C16]]
// RDNA3: memref.load %{{.*}}[%[[H]], %[[I]]] : memref<32x32xf32>
// RDNA3: %[[C2:.*]] = arith.constant 2 : index
// RDNA3: %[[R1:.*]] = arith.addi %[[H]], %[[C2]] : index
// RDNA3: memref.load %{{.*}}[%[[R1]], %[[I]]] : memref<32x32xf32>
// RDNA3: memref.load %{{.*}}[%[[I]], %{{.*}}] : memref<32x16xf16>
// RDNA3: amdgpu.wmma 16x16x16 {{.*}} : vector<16xf16>, vector<16xf16>, vector<8xf32>
// RDNA3-COUNT-8: memref.store
// RDNA3: amdgpu.wmma 16x16x16
// RDNA3-COUNT-8: memref.store
// RDNA3: amdgpu.wmma 16x16x16
// RDNA3-COUNT-8: memref.store
// RDNA3: amdgpu.wmma 16x16x16
// RDNA3-COUNT-8: memref.store
// RDNA3-NOT: amdgpu.wmma
// RDNA3-NOT: vector.contract
// GFX1030-COUNT-4: remark: contraction left on the SIMT path: gfx1030 has no matrix units (no MFMA or WMMA)
#mk = affine_map<(m, n, k) -> (m, k)>
#kn = affine_map<(m, n, k) -> (k, n)>
#mn = affine_map<(m, n, k) -> (m, n)>
module attributes {gpu.container_module} {
gpu.module @k {
  gpu.func @f16(%A: memref<32x16xf16>, %B: memref<16x32xf16>, %C: memref<32x32xf32>) kernel attributes {known_block_size = array<i32: 64, 1, 1>} {
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
}
}

// -----

// bf16 operands held in registers (function arguments): lanes extract their
// fragment elements from the vectors.
// CDNA-LABEL: gpu.func @bf16_regs
// CDNA: vector.extract %{{.*}}[%{{.*}}, %{{.*}}] : bf16 from vector<32x8xbf16>
// CDNA: amdgpu.mfma 32x32x8 {{.*}} : vector<4xbf16>, vector<4xbf16>, vector<16xf32>
// CDNA-COUNT-16: memref.store
// RDNA3-LABEL: gpu.func @bf16_regs
// RDNA3: vector.contract
// RDNA3-REMARK: remark: contraction left on the SIMT path: 32x32x8 is not a multiple of the 16x16x16 instruction tile
#mk = affine_map<(m, n, k) -> (m, k)>
#kn = affine_map<(m, n, k) -> (k, n)>
#mn = affine_map<(m, n, k) -> (m, n)>
module attributes {gpu.container_module} {
gpu.module @k {
  gpu.func @bf16_regs(%a: vector<32x8xbf16>, %b: vector<8x32xbf16>, %c: vector<32x32xf32>, %C: memref<64x64xf32>, %row: index) kernel attributes {known_block_size = array<i32: 128, 1, 1>} {
    %c0 = arith.constant 0 : index
    %d = vector.contract {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<32x8xbf16>, vector<8x32xbf16> into vector<32x32xf32>
    vector.transfer_write %d, %C[%row, %c0] {in_bounds = [true, true]} : vector<32x32xf32>, memref<64x64xf32>
    gpu.return
  }
}
}

// -----

// f32: CDNA's v_mfma_f32_32x32x2f32, one A and one B element per lane;
// RDNA3 has no f32 WMMA.
// CDNA-LABEL: gpu.func @f32
// CDNA-COUNT-2: amdgpu.mfma 32x32x2 {{.*}} : f32, f32, vector<16xf32>
// RDNA3-LABEL: gpu.func @f32
// RDNA3: vector.contract
// RDNA3-REMARK: remark: contraction left on the SIMT path: no gfx1100 matrix instruction takes these element types
#mk = affine_map<(m, n, k) -> (m, k)>
#kn = affine_map<(m, n, k) -> (k, n)>
#mn = affine_map<(m, n, k) -> (m, n)>
module attributes {gpu.container_module} {
gpu.module @k {
  gpu.func @f32(%A: memref<32x4xf32>, %B: memref<4x32xf32>, %C: memref<32x32xf32>) kernel attributes {known_block_size = array<i32: 64, 1, 1>} {
    %c0 = arith.constant 0 : index
    %z = arith.constant 0.0 : f32
    %a = vector.transfer_read %A[%c0, %c0], %z {in_bounds = [true, true]} : memref<32x4xf32>, vector<32x4xf32>
    %b = vector.transfer_read %B[%c0, %c0], %z {in_bounds = [true, true]} : memref<4x32xf32>, vector<4x32xf32>
    %c = vector.transfer_read %C[%c0, %c0], %z {in_bounds = [true, true]} : memref<32x32xf32>, vector<32x32xf32>
    %d = vector.contract {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<32x4xf32>, vector<4x32xf32> into vector<32x32xf32>
    vector.transfer_write %d, %C[%c0, %c0] {in_bounds = [true, true]} : vector<32x32xf32>, memref<32x32xf32>
    gpu.return
  }
}
}

// -----

// Under a branch on the block id (the grid guard strata-convert-kernel-to-gpu
// wraps every kernel in): the whole wave enters it or none of it, so the
// contraction still goes to the matrix units.
// CDNA-LABEL: gpu.func @uniform_if
// CDNA: scf.if
// CDNA: gpu.lane_id
// CDNA-COUNT-2: amdgpu.mfma 32x32x8
// RDNA3-LABEL: gpu.func @uniform_if
// RDNA3: scf.if
// RDNA3: gpu.lane_id
// RDNA3-COUNT-4: amdgpu.wmma 16x16x16
#mk = affine_map<(m, n, k) -> (m, k)>
#kn = affine_map<(m, n, k) -> (k, n)>
#mn = affine_map<(m, n, k) -> (m, n)>
module attributes {gpu.container_module} {
gpu.module @k {
  gpu.func @uniform_if(%A: memref<64x16xf16>, %B: memref<16x32xf16>, %C: memref<64x32xf32>) kernel attributes {known_block_size = array<i32: 64, 1, 1>} {
    %c0 = arith.constant 0 : index
    %c2 = arith.constant 2 : index
    %c32 = arith.constant 32 : index
    %f0 = arith.constant 0.0 : f16
    %z = arith.constant 0.0 : f32
    %blk = gpu.block_id x
    %in = arith.cmpi ult, %blk, %c2 : index
    scf.if %in {
      %row = arith.muli %blk, %c32 : index
      %a = vector.transfer_read %A[%row, %c0], %f0 {in_bounds = [true, true]} : memref<64x16xf16>, vector<32x16xf16>
      %b = vector.transfer_read %B[%c0, %c0], %f0 {in_bounds = [true, true]} : memref<16x32xf16>, vector<16x32xf16>
      %c = vector.broadcast %z : f32 to vector<32x32xf32>
      %d = vector.contract {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<32x16xf16>, vector<16x32xf16> into vector<32x32xf32>
      vector.transfer_write %d, %C[%row, %c0] {in_bounds = [true, true]} : vector<32x32xf32>, memref<64x32xf32>
    }
    gpu.return
  }
}
}
