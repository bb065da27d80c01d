// --dump-graph draws the graph layer with the kernels (fusion groups) as
// clusters: the matmul, bias add and relu form one kernel, the softmax its
// own two (max/sum, then normalize), shown where the value is made.
// RUN: strata-compile %s --emit=graph -o /dev/null --dump-graph=%t.dot
// RUN: FileCheck %s --input-file=%t.dot
// CHECK: digraph "f" {
// CHECK: in0 [shape=invhouse, {{.*}}label="input0\n16x8xf32"];
// CHECK: subgraph cluster_0 {
// CHECK-NEXT: label="kernel matmul_0\n#tile.config<root = \"matmul\"
// CHECK-DAG: n[[M:[0-9]+]] [label="matmul\ndump-graph.mlir:[[@LINE+25]]:{{[0-9]+}}"];
// CHECK-DAG: n[[A:[0-9]+]] [label="add\ndump-graph.mlir:[[@LINE+25]]:{{[0-9]+}}"];
// CHECK-DAG: n[[R:[0-9]+]] [label="relu\ndump-graph.mlir:[[@LINE+25]]:{{[0-9]+}}"];
// CHECK: subgraph cluster_1 {
// CHECK-NEXT: label="kernel reduce_1
// CHECK: k1 [shape=plaintext, style="", label="part of softmax"];
// CHECK: subgraph cluster_2 {
// CHECK-NEXT: label="kernel reduce_2
// CHECK: n[[S:[0-9]+]] [label="softmax
// CHECK-DAG: in0 -> n[[M]] [label=" 16x8xf32"];
// CHECK-DAG: n[[M]] -> n[[A]] [label=" 16x8xf32"];
// CHECK-DAG: n[[R]] -> n[[S]] [label=" 16x8xf32"];
// CHECK: out0 [shape=house, {{.*}}label="output0\n16x8xf32"];
// CHECK-NEXT: n[[S]] -> out0;

// SVG is rendered with Graphviz's dot; other extensions are refused.
// RUN: strata-compile %s --emit=graph -o /dev/null --dump-graph=%t.svg
// RUN: FileCheck %s --check-prefix=SVG --input-file=%t.svg
// SVG: <svg
// SVG: kernel matmul_0
// RUN: not strata-compile %s --emit=graph -o /dev/null --dump-graph=%t.png 2>&1 | FileCheck %s --check-prefix=EXT
// EXT: error: --dump-graph: the file must end in .dot or .svg, got '{{.*}}.png'

func.func @f(%x: tensor<16x8xf32>) -> tensor<16x8xf32> {
  %w = graph.constant dense<0.25> : tensor<8x8xf32>
  %m = graph.matmul %x, %w : (tensor<16x8xf32>, tensor<8x8xf32>) -> tensor<16x8xf32>
  %a = graph.add %m, %x : (tensor<16x8xf32>, tensor<16x8xf32>) -> tensor<16x8xf32>
  %r = graph.relu %a : tensor<16x8xf32>
  %s = graph.softmax %r {axis = 1 : i64} : tensor<16x8xf32>
  return %s : tensor<16x8xf32>
}
