// f64 floor/ceil go through i64 (|x| < 2^52), run on the CPU here against
// values fixed by their definitions (f64 functions that would need ROCm's
// device libraries: expand-math-for-rocdl-f64-invalid.mlir).
// RUN: strata-opt %s --strata-expand-math-for-rocdl | FileCheck %s --check-prefix=IR
// IR-LABEL: func.func @rounding
// IR-NOT: math.floor
// IR-NOT: math.ceil
// IR: arith.fptosi %{{.*}} : vector<12xf64> to vector<12xi64>
// RUN: strata-opt %s --strata-expand-math-for-rocdl | mlir-opt --convert-vector-to-scf --convert-scf-to-cf --convert-vector-to-llvm --convert-math-to-llvm --convert-arith-to-llvm --convert-cf-to-llvm --convert-func-to-llvm --reconcile-unrealized-casts | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// floor, then ceil, of 0, -0, 1.5, -1.5, 2, -2, 0.49, -0.49, 2^52+1, -1e300, inf, nan:
// CHECK: ( 0, 0, 1, -2, 2, -2, 0, -1, 4.5036e+15, -1e+300, inf, nan )
// CHECK-NEXT: ( 0, 0, 2, -1, 2, -2, 1, 0, 4.5036e+15, -1e+300, inf, nan )
func.func @rounding(%x: vector<12xf64>) -> (vector<12xf64>, vector<12xf64>) {
  %f = math.floor %x : vector<12xf64>
  %c = math.ceil %x : vector<12xf64>
  return %f, %c : vector<12xf64>, vector<12xf64>
}
func.func @main() {
  %x = arith.constant dense<[0.0, -0.0, 1.5, -1.5, 2.0, -2.0, 0.49, -0.49, 4503599627370497.0, -1.0e300, 0x7FF0000000000000, 0x7FF8000000000000]> : vector<12xf64>
  %f, %c = call @rounding(%x) : (vector<12xf64>) -> (vector<12xf64>, vector<12xf64>)
  vector.print %f : vector<12xf64>
  vector.print %c : vector<12xf64>
  return
}
