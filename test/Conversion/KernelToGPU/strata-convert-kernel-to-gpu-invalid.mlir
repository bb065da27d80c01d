// RUN: strata-opt %s -split-input-file -verify-diagnostics --strata-convert-kernel-to-gpu="target-name=cuda"

// expected-error @+1 {{the cuda target takes global buffers of static shape only (v1), got 'memref<?xf32>'}}
kernel.func @k(%a: memref<?xf32>) attributes {workgroup_size = array<i64: 1, 1, 1>} {
  kernel.return
}
