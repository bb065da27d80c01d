// Regression: a tiled 3-D pad whose workgroup tile was yielded out of an
// scf.if got its temporary turned into stack scratch while the deallocation
// pipeline still freed its base buffer ("free(): invalid size" at run time).
// --check-layers runs it at every layer and compares with the reference.
// RUN: strata-compile %s --check-layers --check-layers-dir=%t | FileCheck %s
// CHECK: kernel {{.*}}matches
// CHECK-NEXT: target {{.*}}matches
// CHECK-NEXT: all layers match the graph reference
func.func @f(%x: tensor<32x32x32xf32>) -> tensor<33x33x33xf32> {
  %0 = graph.pad %x {pads = array<i64: 0, 0, 0, 1, 1, 1>} : (tensor<32x32x32xf32>) -> tensor<33x33x33xf32>
  return %0 : tensor<33x33x33xf32>
}
