// strata-opt lists the graph dialect and its passes.
// RUN: strata-opt --help | FileCheck %s
// CHECK: Available Dialects:{{.*}} graph,
// CHECK: --strata-graph-infer-shapes
