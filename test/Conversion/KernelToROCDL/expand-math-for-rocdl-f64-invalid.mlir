// f64 functions that would need ROCm's device libraries (__ocml_*_f64) are
// a located error of strata-expand-math-for-rocdl (not convert-gpu-to-rocdl's
// "failed to legalize operation 'llvm.intr.exp'").
// RUN: strata-opt %s -split-input-file -verify-diagnostics --strata-expand-math-for-rocdl
func.func @exp64(%x: f64) -> f64 {
  // expected-error @+1 {{'math.exp' op on f64 is not supported by the rocm target: it needs ROCm's device libraries (__ocml_*_f64), which the rocm target does not link; f32 is supported}}
  %e = math.exp %x : f64
  return %e : f64
}

// -----

func.func @log_vector(%x: vector<4xf64>) -> vector<4xf64> {
  // expected-error @+1 {{'math.log' op on f64 is not supported by the rocm target}}
  %e = math.log %x : vector<4xf64>
  return %e : vector<4xf64>
}
