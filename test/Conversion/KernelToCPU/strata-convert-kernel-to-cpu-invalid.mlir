// RUN: strata-opt %s -strata-convert-kernel-to-cpu -verify-diagnostics

// expected-error @+1 {{the CPU target runs one invocation per workgroup; workgroup_size must be [1, 1, 1]}}
kernel.func @wide(%a: memref<8xf32>) attributes {workgroup_size = array<i64: 32, 1, 1>} {
  kernel.return
}
