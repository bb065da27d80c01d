//===- Passes.td - tile-to-kernel conversion ---------------*- tablegen -*-===//

#ifndef STRATA_CONVERSION_TILETOKERNEL_PASSES_TD
#define STRATA_CONVERSION_TILETOKERNEL_PASSES_TD

include "mlir/Pass/PassBase.td"

def OutlineTileKernels : Pass<"strata-outline-tile-kernels", "mlir::ModuleOp"> {
  let summary = "Outline every tile.kernel into a private function on tensors";
  let description = [{
    First step of tile-to-kernel: each `tile.kernel` becomes a private
    `func.func` (marked `strata.kernel`, named after the kernel) called from
    the host function, so that upstream one-shot bufferization can turn the
    whole module into buffers across function boundaries.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

def FormKernelLaunches : Pass<"strata-form-kernel-launches", "mlir::ModuleOp"> {
  let summary = "Turn bufferized kernel functions into kernel.func + kernel.launch";
  let description = [{
    Last step of tile-to-kernel, after bufferization. A function marked
    `strata.kernel` becomes a `kernel.func`: when its body is one
    `scf.forall` with static bounds (the workgroup tiles; at most three
    dims), the loop becomes the grid and its induction variables
    `kernel.workgroup_id` (the innermost loop dim is `x`); otherwise the
    kernel runs as a single workgroup. Each call becomes a `kernel.launch`
    with the grid as host constants.
  }];
  let dependentDialects = ["::strata::kernel::KernelDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // STRATA_CONVERSION_TILETOKERNEL_PASSES_TD
