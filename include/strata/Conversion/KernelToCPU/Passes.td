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

#endif // STRATA_CONVERSION_KERNELTOCPU_PASSES_TD
