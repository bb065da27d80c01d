//===- Passes.td - kernel-to-CPU conversion ----------------*- tablegen -*-===//

#ifndef STRATA_CONVERSION_KERNELTOCPU_PASSES_TD
#define STRATA_CONVERSION_KERNELTOCPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertKernelToCPU : Pass<"strata-convert-kernel-to-cpu", "mlir::ModuleOp"> {
  let summary = "Run kernel.func grids as parallel loops on the host CPU";
  let description = [{
    Every `kernel.func` becomes a private `func.func` taking, after its own
    arguments, the workgroup id and the grid size along x, y and z
    (`kernel.workgroup_id` and `kernel.workgroup_count` read them). Every
    `kernel.launch` becomes an `scf.parallel` over the grid (z, y, x) that
    calls it; upstream `convert-scf-to-openmp` turns that loop into threads.
    The CPU runs one invocation per workgroup: a kernel with a
    `workgroup_size` other than [1, 1, 1] is rejected, `kernel.local_id` is 0
    and `kernel.barrier` is a no-op. Copies between strided buffers become
    `linalg.copy` loops (the LLVM lowering of such a `memref.copy` calls a
    runtime library that artifacts do not link).
  }];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect"];
}

def ExpandLowPrecisionFloats : Pass<"strata-expand-low-precision-floats"> {
  let summary = "Rewrite float8/float4 conversions into integer bit operations";
  let description = [{
    LLVM has no float8 or float4 types: the LLVM lowering stores them as i8
    (i4) but cannot convert them. This pass rewrites every `arith.extf` from
    and `arith.truncf` to f8E4M3FN, f8E4M3FNUZ, f8E5M2, f8E5M2FNUZ, f4E2M1FN
    and f8E8M0FNU (scalars and vectors) into integer arithmetic on the bit
    patterns, through f32 (f16 and bf16 widen exactly first; f64 rounds from
    its own bits).

    truncf rounds to nearest even and does not saturate: out of range is
    infinity where the type has one (f8E5M2), else NaN; f4E2M1FN, which has
    neither, saturates to ±6 and turns NaN into -0 (as ml_dtypes does); the
    FNUZ types have no -0 (it becomes +0) and one NaN (0x80). To f8E8M0FNU
    the rounding mode must be `upward` (ONNX's default; NaN above 2^127) or
    `downward`/`toward_zero`. `extf` is exact.

    Upstream `arith-expand` covers f4E2M1FN and f8E8M0FNU only, with other
    rounding and special-value rules than ONNX's, so this pass handles all
    six the same way. It also adds upstream's bf16 expansion: LLVM lowers
    f32 to bf16 to a compiler-rt call (`__truncsfbf2`) that artifacts do not
    link; GPU targets, whose LLVM backends convert bf16 themselves, turn
    that off (`expand-bf16=false`). The cuda and rocm targets run it on
    their gpu.module: NVPTX and AMDGPU cannot convert float8/float4 either.
  }];
  let options = [
    Option<"expandBf16", "expand-bf16", "bool", /*default=*/"true",
           "Also expand f32 -> bf16 truncation into integer operations">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

#endif // STRATA_CONVERSION_KERNELTOCPU_PASSES_TD
