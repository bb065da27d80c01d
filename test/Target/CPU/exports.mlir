// A CPU artifact exports exactly one symbol, strata_get_artifact: the model's
// own functions stay hidden so they cannot clash with the host program.
// RUN: strata-compile %s -o %t.so
// RUN: llvm-nm -D --defined-only %t.so | FileCheck %s
// CHECK: T strata_get_artifact
// CHECK-NOT: {{ [TtDdBb] }}
func.func @exported_name_must_not_leak(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.exp %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
