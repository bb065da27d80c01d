//===- Passes.td - kernel-to-GPU conversion ----------------*- tablegen -*-===//

#ifndef STRATA_CONVERSION_KERNELTOGPU_PASSES_TD
#define STRATA_CONVERSION_KERNELTOGPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertKernelToGPU : Pass<"strata-convert-kernel-to-gpu", "mlir::ModuleOp"> {
  let summary = "Turn kernel.func grids into gpu.func kernels in one gpu.module";
  let description = [{
    The target-independent first step of every device target (CUDA, ROCm;
    the Vulkan pass `strata-convert-kernel-to-spirv` runs the same code and
    adds its SPIR-V specifics). Every `kernel.func` becomes a `gpu.func`
    in one `gpu.module` (`module-name`), so that all kernels of a model end
    up in one device binary.

    Thread mapping (v1, simple SIMT): one kernel-layer workgroup (a tile the
    GPU tile table sized to a few output elements) is one GPU thread.
    A launch over a grid of `gx * gy * gz` workgroups dispatches
    `ceil(gx * gy * gz / n)` GPU workgroups (blocks) of `n` threads along x
    (`n` = `threads-per-workgroup`, at most the grid size; recorded in the
    `gpu.launch_func` block size and as the kernel's `gpu.known_block_size`);
    each thread takes the linear id `block_id.x * n + thread_id.x`, returns
    early past the grid, and delinearizes it into the `kernel.workgroup_id`
    x, y, z it runs. `kernel.workgroup_count` becomes the launch's constant
    grid (a kernel launched with two different grids is rejected),
    `kernel.local_id` is 0 and `kernel.barrier` a no-op (one thread per
    kernel-layer workgroup: kernels with another `workgroup_size` are
    rejected).

    Constants read inside a kernel (`memref.get_global`) become extra
    kernel arguments (buffers) fetched on the host at every launch.
    `kernel.launch` becomes `gpu.launch_func`. Inside the kernels,
    linalg ops become loops (`convert-linalg-to-loops`), views fold into
    their loads and stores (`fold-memref-alias-ops`), affine maps into
    arith (`lower-affine`); per-thread scratch (`memref.alloca` in the
    kernel dialect's private space) moves to the default memory space.
  }];
  let options = [
    Option<"threadsPerWorkgroup", "threads-per-workgroup", "int64_t",
           /*default=*/"128",
           "GPU threads (kernel-layer workgroups) per dispatched workgroup">,
    Option<"moduleName", "module-name", "std::string",
           /*default=*/"\"strata_kernels\"",
           "Name of the gpu.module holding every kernel">,
    Option<"targetName", "target-name", "std::string", /*default=*/"\"gpu\"",
           "Target named in diagnostics (\"the <name> target ...\")">,
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::affine::AffineDialect",
                           "::mlir::cf::ControlFlowDialect",
                           "::mlir::linalg::LinalgDialect"];
}

#endif // STRATA_CONVERSION_KERNELTOGPU_PASSES_TD
