//===- Passes.td - kernel-to-SPIR-V conversion -------------*- tablegen -*-===//

#ifndef STRATA_CONVERSION_KERNELTOSPIRV_PASSES_TD
#define STRATA_CONVERSION_KERNELTOSPIRV_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertKernelToSPIRV : Pass<"strata-convert-kernel-to-spirv", "mlir::ModuleOp"> {
  let summary = "Turn kernel.func grids into Vulkan-ready gpu.func kernels";
  let description = [{
    The first step of the Vulkan target (`strata-kernel-to-vulkan`). Every
    `kernel.func` becomes a `gpu.func` in one `gpu.module @strata_kernels`
    carrying a Vulkan `spirv.target_env` (SPIR-V 1.3, Shader), so that all
    kernels of a model serialize into one SPIR-V module.

    Thread mapping (v1, simple SIMT): one kernel-layer workgroup (a tile the
    GPU tile table sized to a few output elements) is one GPU invocation.
    A launch over a grid of `gx * gy * gz` workgroups dispatches
    `ceil(gx * gy * gz / n)` GPU workgroups of `n` threads along x (`n` =
    `threads-per-workgroup`, at most the grid size; recorded as the entry
    point's `spirv.entry_point_abi`); each thread takes the linear id
    `block_id.x * n + thread_id.x`, returns early past the grid, and
    delinearizes it into the `kernel.workgroup_id` x, y, z it runs.
    `kernel.workgroup_count` becomes the launch's constant grid (a kernel
    launched with two different grids is rejected), `kernel.local_id` is 0
    and `kernel.barrier` a no-op (one invocation per kernel-layer
    workgroup: kernels with another `workgroup_size` are rejected).

    Constants read inside a kernel (`memref.get_global`) become extra
    kernel arguments, i.e. storage buffers, fetched on the host at every
    launch. `kernel.launch` becomes `gpu.launch_func`. Inside the kernels,
    linalg ops become loops (`convert-linalg-to-loops`), views fold into
    their loads and stores (`fold-memref-alias-ops`), affine maps into
    arith (`lower-affine`); per-thread scratch (`memref.alloca`) moves to
    memory space 6 (Vulkan `Function` storage) and `math.erf` gets
    upstream's polynomial approximation (GLSL has no erf).

    bf16 (SPIR-V has no bfloat16 type) is emulated: every bf16 buffer of
    the kernels (arguments, workgroup memory, scratch) becomes the i16
    buffer of the same shape, loads and stores `arith.bitcast` between i16
    and bf16; math and arith ops on bf16 are computed in f32
    (`math-extend-to-supported-types`, `arith-emulate-unsupported-floats`)
    and the bf16 <-> f32 conversions become integer ops (upstream's
    `arith-expand` bf16 patterns: f32 to bf16 rounds to nearest even).
    Launches pass bf16 host buffers through a
    `builtin.unrealized_conversion_cast` to the i16 type (the same buffer
    in the launch plan). A kernel op still on bf16 afterwards is an error.
  }];
  let options = [
    Option<"threadsPerWorkgroup", "threads-per-workgroup", "int64_t",
           /*default=*/"64",
           "GPU threads (kernel-layer workgroups) per dispatched workgroup">,
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::spirv::SPIRVDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::affine::AffineDialect",
                           "::mlir::cf::ControlFlowDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::vector::VectorDialect"];
}

#endif // STRATA_CONVERSION_KERNELTOSPIRV_PASSES_TD
