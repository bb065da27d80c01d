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
    Option<"mmaSync", "mma-sync", "bool", /*default=*/"false",
           "Run convert-vector-to-gpu{use-nvgpu=true} on kernels holding "
           "vector.contracts (strata-kernel-matmul-to-mma's) after the "
           "cleanups: they become nvgpu.mma.sync">,
    Option<"wgmma", "wgmma", "bool", /*default=*/"false",
           "sm_90a: 128 x 128 and 64 x 128 f16/bf16 matmul tiles (f32 "
           "accumulator, K % 64 = 0) become one warpgroup's "
           "nvgpu.warpgroup.mma over 64-deep K slices "
           "that TMA copies into a ring of up to 3 shared-memory stages "
           "(dynamic shared memory); each launch gets the tensor maps "
           "(nvgpu.tma.create.descriptor on the host, an !llvm.ptr kernel "
           "argument each) and the dynamic shared memory size">,
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::nvgpu::NVGPUDialect",
                           "::mlir::NVVM::NVVMDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::index::IndexDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::affine::AffineDialect",
                           "::mlir::cf::ControlFlowDialect",
                           "::mlir::linalg::LinalgDialect"];
}

def NVVMExternDynamicShared
    : Pass<"strata-nvvm-extern-dynamic-shared", "mlir::gpu::GPUModuleOp"> {
  let summary = "Declare the dynamic shared memory symbol extern, 1 KiB "
                "aligned";
  let description = [{
    After `convert-gpu-to-nvvm`: the zero-sized `__dynamic_shmem__*` globals
    that upstream makes for `gpu.dynamic_shared_memory` get external linkage
    (no initializer), so that the PTX declares `.extern .shared .align 1024
    .b8 __dynamic_shmem__0[]`, the form nvcc writes for `extern __shared__`:
    the block's dynamic shared memory, placed by the driver after the static
    shared variables (upstream's internal zero-sized global is printed as a
    static `.shared` variable, which ptxas places among the others). The
    alignment is that of TMA's 128-byte swizzle (the wgmma kernels also
    round their base up at run time).
  }];
}

def KernelMatmulToMma : Pass<"strata-kernel-matmul-to-mma", "mlir::ModuleOp"> {
  let summary = "Give each f16 matmul block tile to a block of warps as "
                "tensor-core vector.contracts on workgroup-memory slices";
  let description = [{
    The CUDA target's tensor-core step, at the kernel layer before
    `strata-convert-kernel-to-gpu`. It rewrites a `kernel.func` whose one
    `linalg.matmul` multiplies a BM x K by a K x BN tile of f16 into a
    BM x BN f32 accumulator (the block tiles `table=cuda` chooses for such
    kernels: 64x64, 32x32 or 16x8; K % 16 = 0, K <= 1024). The block has
    1, 2 or 4 warps (2 x 2 when BM % 32 = BN % 16 = 0): workgroup_size
    [32 * warps, 1, 1]; each warp owns a (BM / warpsM) x (BN / warpsN) tile
    of 16x8 accumulators. The K loop (steps of 32, else 16; unrolled) first
    copies the A and B slices into workgroup memory
    (`#kernel.memory_space<workgroup>` allocas, gpu.func workgroup
    attributions later) as 16-byte `vector.transfer_read`/`transfer_write`
    pairs spread over the block's threads, then a `kernel.barrier`, then per
    16-deep step one 16x16 A and one 16x8 B `vector.transfer_read` from
    workgroup memory per fragment and one `vector.contract` per 16x8
    accumulator. `strata-convert-kernel-to-gpu{mma-sync}` turns the copies
    into cp.async, the workgroup-memory reads into ldmatrix and the
    contractions into `nvgpu.mma.sync` (PTX `mma.sync.aligned.m16n8k16`).

    A zero-filled scratch accumulator (`memref.alloca` + `linalg.fill`), or
    the output tile's own fill, starts as a constant vector. Each lane writes
    its own accumulator elements: into the output tile, or (scratch) into a
    BM x BN f32 workgroup buffer, then a `kernel.barrier`, and the kernel's
    elementwise epilogue (e.g. the truncation to f16) runs element by
    element split over the block's threads. Other kernels are left alone.
  }];
  let options = [
    Option<"wgmma", "wgmma", "bool", /*default=*/"false",
           "sm_90a: leave the tiles strata-convert-kernel-to-gpu{wgmma} "
           "takes (128 or 64 x 128, K % 64 = 0) to it">,
  ];
  let dependentDialects = ["::mlir::vector::VectorDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def KernelCooperativeContraction
    : Pass<"strata-kernel-cooperative-contraction", "mlir::ModuleOp"> {
  let summary = "Give each matmul or convolution workgroup tile to a block "
                "of threads that stage operand slices in workgroup memory";
  let description = [{
    The device targets' SIMT contraction kernels, at the kernel layer
    before `strata-convert-kernel-to-gpu`. It rewrites a `kernel.func`
    (workgroup size [1, 1, 1]) whose one contraction reads its two operands
    from global buffers and accumulates floats into a tile of the output
    (the tiles the GPU tile tables choose: square matmul tiles of 32 to
    128, convolution tiles of one image x up to 16 filters x rows x up to
    16 columns) into a cooperative kernel of workgroup size [T, 1, 1]:

    - `linalg.matmul` (or `linalg.batch_matmul` over one batch, through
      2-D views), a TM x K tile of A by a K x TN tile of B: each
      thread owns an RM x RN block of the tile (4 x 4, grown to 4 x 8 and
      8 x 8 while T would exceed `max-threads`), accumulated in registers
      (loop-carried scalars); the K loop steps by `tile-k` (the largest
      power of two up to it that divides K): the block copies the TM x BK
      slice of A (transposed) and the BK x TN slice of B into workgroup
      memory (`#kernel.memory_space<workgroup>`), with `vector.load`s of
      `vector-width` elements where the rows allow it (aligned: 16 bytes
      for f32 x 4), then `kernel.barrier`, the BK rank-1 updates from
      workgroup memory, `kernel.barrier`;
    - `linalg.conv_2d_nchw_fchw` (any strides and dilations), an output
      tile of 1 x TF x TOH x TOW: each thread owns 4 filters x 4 pixels of
      one output row; per step of up to 8 input channels the block stages
      the filter slice (as (channels*KH*KW) x TF) and the input patch the
      tile reads, then accumulates over channels and taps from workgroup
      memory (an implicit GEMM with the taps unrolled by the target);
    - the accumulator's fill becomes the registers' initial value; the
      kernel's elementwise epilogue (bias, activation, truncation) is split
      the same way, each thread applying it to its own block.

    Kernels of any other form are left alone (they stay one thread per
    workgroup tile). Options: `max-threads` (the target's block size limit:
    Vulkan guarantees 128), `vector-width` (1 keeps scalar global loads:
    SPIR-V's logical addressing has no vector view of a scalar buffer),
    `tile-k`.
  }];
  let options = [
    Option<"maxThreads", "max-threads", "int64_t", /*default=*/"256",
           "Most threads per block">,
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"4",
           "Elements per global load when the rows allow it (1, 2, 4, 8)">,
    Option<"wgmma", "wgmma", "bool", /*default=*/"false",
           "sm_90a: leave the tiles strata-convert-kernel-to-gpu{wgmma} "
           "takes to it">,
    Option<"tileK", "tile-k", "int64_t", /*default=*/"16",
           "Largest K step staged in workgroup memory">,
  ];
  let dependentDialects = ["::mlir::vector::VectorDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::affine::AffineDialect",
                           "::mlir::memref::MemRefDialect"];
}

#endif // STRATA_CONVERSION_KERNELTOGPU_PASSES_TD
