// Crash reproducers are on by default: a failing phase writes one and
// prints its path (in the temporary directory unless --crash-reproducer
// names it), and --reproduce re-runs it.
// RUN: not strata-compile %s -o %t.so --strata-test-break=kernel:fail 2>&1 | FileCheck %s --check-prefix=DEFAULT
// DEFAULT: error: strata-test-break: injected failure after the kernel phase
// DEFAULT: note: Pipeline failed while executing [`TestBreak` on 'builtin.module' operation]: reproducer generated at `{{.*}}strata-reproducer-reproducer-{{[0-9]+}}-kernel.mlir`
// DEFAULT: strata-compile: error: the kernel phase failed

// RUN: rm -f %t.repro.mlir
// RUN: not strata-compile %s -o %t.so --strata-test-break=tile:fail --crash-reproducer=%t.repro.mlir 2>&1 | FileCheck %s --check-prefix=NAMED
// NAMED: reproducer generated at `{{.*}}.repro.mlir`
// The reproducer holds the tile phase's input (graph IR) and its pipeline:
// RUN: FileCheck %s --check-prefix=FILE --input-file=%t.repro.mlir
// FILE: graph.matmul
// FILE: mlir_reproducer
// FILE: pipeline: "builtin.module(strata-verify-contract{boundary=graph-to-tile}, func.func(strata-convert-graph-to-linalg
// FILE-SAME: strata-test-break{mode=fail phase=tile})"
// Re-running it fails the same way:
// RUN: not strata-compile --reproduce=%t.repro.mlir -o %t.out.mlir 2>&1 | FileCheck %s --check-prefix=AGAIN
// AGAIN: error: strata-test-break: injected failure after the tile phase
// AGAIN: strata-compile: error: the reproducer's pipeline failed again

// A crash (here a trap) is caught, and the reproducer written:
// RUN: rm -f %t.crash.mlir
// RUN: not strata-compile %s -o %t.so --strata-test-break=tile:crash --crash-reproducer=%t.crash.mlir 2>&1 | FileCheck %s --check-prefix=CRASH
// CRASH: strata-test-break: crashing after the tile phase
// CRASH: reproducer generated at `{{.*}}.crash.mlir`
// CRASH: strata-compile: error: the tile phase failed
// ... and re-running it crashes again, under the debugger one would use:
// RUN: not --crash strata-compile --reproduce=%t.crash.mlir -o %t.out.mlir

// The reproducer of a pipeline that passes runs through and prints the IR:
// RUN: strata-opt %s --strata-graph-to-tile --mlir-pass-pipeline-crash-reproducer=%t.ok.mlir -o /dev/null
// RUN: not strata-compile --reproduce=%s 2>&1 | FileCheck %s --check-prefix=NOTREPRO
// NOTREPRO: is not a reproducer

// --no-crash-reproducer turns it off:
// RUN: not strata-compile %s -o %t.so --strata-test-break=kernel:fail --no-crash-reproducer 2>&1 | FileCheck %s --check-prefix=OFF
// OFF-NOT: reproducer generated
// OFF: the kernel phase failed

func.func @f(%x: tensor<16x8xf32>) -> tensor<16x8xf32> {
  %w = graph.constant dense<0.25> : tensor<8x8xf32>
  %m = graph.matmul %x, %w : (tensor<16x8xf32>, tensor<8x8xf32>) -> tensor<16x8xf32>
  %a = graph.add %m, %x : (tensor<16x8xf32>, tensor<16x8xf32>) -> tensor<16x8xf32>
  return %a : tensor<16x8xf32>
}
