// strata-expand-math-for-rocdl leaves no math op convert-gpu-to-rocdl would
// send to ROCm's device libraries, and its floor/ceil are right: run on the
// CPU here against values fixed by the definitions of floor and ceil.
// RUN: strata-opt %s --strata-expand-math-for-rocdl | FileCheck %s --check-prefix=IR
// IR-NOT: math.floor
// IR-NOT: math.ceil
// IR-NOT: math.erf
// IR-NOT: math.erfc
// IR-NOT: math.sin
// IR-NOT: math.cos
// IR-NOT: math.tanh
// IR-NOT: math.atan
// IR-NOT: math.cbrt
// IR-NOT: math.powf
// IR-NOT: math.rsqrt
// RUN: strata-opt %s --strata-expand-math-for-rocdl | mlir-opt --convert-vector-to-scf --convert-scf-to-cf --convert-vector-to-llvm --convert-math-to-llvm --convert-arith-to-llvm --convert-cf-to-llvm --convert-func-to-llvm --reconcile-unrealized-casts | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// floor, then ceil, of 0, -0, 1.5, -1.5, 2, -2, 0.49, -0.49, 2^23+1, -1e30, inf, nan:
// CHECK: ( 0, 0, 1, -2, 2, -2, 0, -1, 8.38861e+06, -1e+30, inf, nan )
// CHECK-NEXT: ( 0, 0, 2, -1, 2, -2, 1, 0, 8.38861e+06, -1e+30, inf, nan )
// sin, cos at 0 and pi/2, erf(1), erfc(1), tanh(1), cbrt(27) (6 digits):
// (cos of pi/2 rounded to f32 is -4.37e-08: printed as -0 or that.)
// CHECK-NEXT: ( 0, 1, 1, {{-?0|-4.3[0-9]*e-08}}, 0.842701, 0.157299, 0.761594, 3 )
func.func @rounding(%x: vector<12xf32>) -> (vector<12xf32>, vector<12xf32>) {
  %f = math.floor %x : vector<12xf32>
  %c = math.ceil %x : vector<12xf32>
  return %f, %c : vector<12xf32>, vector<12xf32>
}
func.func @others(%a: f32, %b: f32, %c: f32) -> vector<8xf32> {
  %s0 = math.sin %a : f32
  %c0 = math.cos %a : f32
  %s1 = math.sin %b : f32
  %c1 = math.cos %b : f32
  %e = math.erf %c : f32
  %ec = math.erfc %c : f32
  %t = math.tanh %c : f32
  %c27 = arith.constant 27.0 : f32
  %r = math.cbrt %c27 : f32
  %unused0 = math.atan %c : f32
  %unused1 = math.powf %c, %c : f32
  %unused2 = math.rsqrt %c : f32
  %v = vector.from_elements %s0, %c0, %s1, %c1, %e, %ec, %t, %r : vector<8xf32>
  return %v : vector<8xf32>
}
func.func @main() {
  %x = arith.constant dense<[0.0, -0.0, 1.5, -1.5, 2.0, -2.0, 0.49, -0.49, 8388609.0, -1.0e30, 0x7F800000, 0x7FC00000]> : vector<12xf32>
  %f, %c = call @rounding(%x) : (vector<12xf32>) -> (vector<12xf32>, vector<12xf32>)
  vector.print %f : vector<12xf32>
  vector.print %c : vector<12xf32>
  %zero = arith.constant 0.0 : f32
  %halfpi = arith.constant 1.57079632679 : f32
  %one = arith.constant 1.0 : f32
  %o = call @others(%zero, %halfpi, %one) : (f32, f32, f32) -> vector<8xf32>
  vector.print %o : vector<8xf32>
  return
}
