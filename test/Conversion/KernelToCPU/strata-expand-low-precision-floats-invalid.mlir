// RUN: strata-opt %s -split-input-file -strata-expand-low-precision-floats -verify-diagnostics

// f8E8M0FNU is rounded up, down or toward zero; nearest-even is not lowered.
func.func @e8m0_nearest(%x: f32) -> f8E8M0FNU {
  // expected-error @+1 {{'arith.truncf' op cannot be expanded (float8 to f8E8M0FNU}}
  %0 = arith.truncf %x : f32 to f8E8M0FNU
  return %0 : f8E8M0FNU
}

// -----

func.func @e8m0_from_f64(%x: f64) -> f8E8M0FNU {
  // expected-error @+1 {{'arith.truncf' op cannot be expanded (float8 to f8E8M0FNU}}
  %0 = arith.truncf %x upward : f64 to f8E8M0FNU
  return %0 : f8E8M0FNU
}
