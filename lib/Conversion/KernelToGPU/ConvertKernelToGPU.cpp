//===- ConvertKernelToGPU.cpp - strata-convert-kernel-to-gpu --------------===//
//
// The target-independent first step of the device targets: kernel.func grids
// become gpu.func kernels in one gpu.module, one GPU thread per kernel-layer
// workgroup, ready for upstream's GPU-to-{NVVM,ROCDL,SPIR-V} conversions.
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/KernelToGPU/Passes.h"
#include "strata/Conversion/KernelToGPU/Wgmma.h"

#include "dialects/Kernel/IR/KernelDialect.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/VectorToGPU/VectorToGPU.h"
#include "mlir/Dialect/Index/IR/IndexOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/NVGPU/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/Passes.h"

namespace strata {
#define GEN_PASS_DEF_CONVERTKERNELTOGPU
#include "strata/Conversion/KernelToGPU/Passes.h.inc"
} // namespace strata

using namespace mlir;
namespace kernel = strata::kernel;

namespace {

/// The constant grid of every launch of a kernel.
using Grid = std::array<int64_t, 3>;

std::optional<Grid> constantGrid(kernel::LaunchOp launch) {
  Grid g;
  Value dims[] = {launch.getGridX(), launch.getGridY(), launch.getGridZ()};
  for (int i = 0; i < 3; ++i) {
    std::optional<int64_t> c = getConstantIntValue(dims[i]);
    if (!c || *c < 1)
      return std::nullopt;
    g[i] = *c;
  }
  return g;
}

struct Converter {
  const strata::KernelToGPUOptions &options;
  /// Kernels run as one block of n threads per kernel-layer workgroup.
  llvm::StringMap<int64_t> blockThreads;
  /// sm_90a warpgroup matmul kernels (options.wgmma): what their launches
  /// pass besides the kernel-layer buffers.
  llvm::StringMap<strata::WgmmaKernel> wgmma;

  FailureOr<gpu::GPUModuleOp> run(ModuleOp module) {
    MLIRContext *ctx = module.getContext();
    SmallVector<kernel::FuncOp> kernels(module.getOps<kernel::FuncOp>());
    if (kernels.empty())
      return gpu::GPUModuleOp();
    llvm::MapVector<StringRef, SmallVector<kernel::LaunchOp>> launches;
    for (kernel::FuncOp k : kernels)
      launches[k.getSymName()];
    WalkResult walk = module.walk([&](kernel::LaunchOp l) {
      if (!launches.contains(l.getKernel())) {
        l.emitOpError("launches '") << l.getKernel() << "', not a kernel.func";
        return WalkResult::interrupt();
      }
      launches[l.getKernel()].push_back(l);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return failure();

    // One grid per kernel: the thread mapping bakes it in.
    llvm::StringMap<Grid> grids;
    for (kernel::FuncOp k : kernels) {
      std::optional<Grid> grid;
      for (kernel::LaunchOp l : launches[k.getSymName()]) {
        std::optional<Grid> g = constantGrid(l);
        if (!g)
          return l.emitOpError("the ")
                 << options.targetName
                 << " target needs a constant grid of positive sizes";
        if (grid && *grid != *g)
          return l.emitOpError("launches '")
                 << k.getSymName()
                 << "' with a different grid than its other launches; the "
                 << options.targetName
                 << " target bakes one grid into each kernel";
        grid = g;
      }
      grids[k.getSymName()] = grid.value_or(Grid{1, 1, 1});
    }

    OpBuilder b(ctx);
    b.setInsertionPointToEnd(module.getBody());
    auto gpuModule =
        gpu::GPUModuleOp::create(b, module.getLoc(), options.moduleName);
    module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                    b.getUnitAttr());

    for (kernel::FuncOp k : kernels) {
      hoistGlobals(k, launches[k.getSymName()]);
      std::optional<strata::WgmmaKernel> wg;
      if (options.wgmma && (wg = strata::matchWgmmaKernel(k)))
        k.setWorkgroupSizeAttr(DenseI64ArrayAttr::get(
            ctx, ArrayRef<int64_t>{strata::kWgmmaThreads, 1, 1}));
      FailureOr<gpu::GPUFuncOp> f =
          convertKernel(k, gpuModule, grids[k.getSymName()]);
      if (failed(f))
        return failure();
      if (wg) {
        if (failed(strata::rewriteWgmmaKernel(*f, *wg)))
          return failure();
        wgmma[k.getSymName()] = std::move(*wg);
      }
      for (kernel::LaunchOp l : launches[k.getSymName()])
        convertLaunch(l, *f, grids[k.getSymName()]);
      k.erase();
    }
    return gpuModule;
  }

  /// Replaces every memref.get_global in `k` by a new kernel argument and
  /// passes the global from the host at every launch.
  void hoistGlobals(kernel::FuncOp k, ArrayRef<kernel::LaunchOp> launches) {
    SmallVector<memref::GetGlobalOp> gets;
    k.walk([&](memref::GetGlobalOp g) { gets.push_back(g); });
    if (gets.empty())
      return;
    Block &entry = k.getBody().front();
    llvm::StringMap<BlockArgument> args;
    SmallVector<memref::GetGlobalOp> added;
    for (memref::GetGlobalOp g : gets) {
      auto [it, inserted] = args.try_emplace(g.getName());
      if (inserted) {
        it->second = entry.addArgument(g.getType(), g.getLoc());
        added.push_back(g);
      }
      g.replaceAllUsesWith(it->second);
    }
    k.setFunctionType(FunctionType::get(
        k.getContext(), entry.getArgumentTypes(), k.getResultTypes()));
    for (kernel::LaunchOp l : launches) {
      OpBuilder b(l);
      SmallVector<Value> extra;
      for (memref::GetGlobalOp g : added)
        extra.push_back(memref::GetGlobalOp::create(b, l.getLoc(), g.getType(),
                                                    g.getName()));
      l.getArgsMutable().append(extra);
    }
    for (memref::GetGlobalOp g : gets)
      g.erase();
  }

  int64_t threadsFor(const Grid &grid) {
    return std::min<int64_t>(options.threadsPerWorkgroup,
                             grid[0] * grid[1] * grid[2]);
  }

  FailureOr<gpu::GPUFuncOp> convertKernel(kernel::FuncOp k,
                                          gpu::GPUModuleOp gpuModule,
                                          const Grid &grid) {
    ArrayRef<int64_t> wg = k.getWorkgroupSize();
    bool perBlock = llvm::any_of(wg, [](int64_t s) { return s != 1; });
    if (perBlock &&
        (!options.allowWorkgroups || wg.size() != 3 || wg[1] != 1 ||
         wg[2] != 1 || wg[0] < 1 || wg[0] > options.maxBlockThreads))
      return k.emitOpError("the ")
             << options.targetName
             << (options.allowWorkgroups
                     ? " target runs kernel-layer workgroups of [n, 1, 1] "
                       "threads (n <= " +
                           std::to_string(options.maxBlockThreads) +
                           ") or one thread each"
                     : " target runs one invocation per kernel-layer "
                       "workgroup (v1); workgroup_size must be [1, 1, 1]");
    if (!k.getResultTypes().empty())
      return k.emitOpError("kernels return nothing");
    for (Type t : k.getArgumentTypes())
      if (!isa<MemRefType>(t) || !cast<MemRefType>(t).hasStaticShape() ||
          cast<MemRefType>(t).getMemorySpace())
        return k.emitOpError("the ")
               << options.targetName
               << " target takes global buffers of static shape only (v1), "
                  "got "
               << t;
    // Copies inside a kernel become loops like the rest.
    SmallVector<memref::CopyOp> copies;
    k.walk([&](memref::CopyOp c) { copies.push_back(c); });
    for (memref::CopyOp c : copies) {
      OpBuilder cb(c);
      linalg::CopyOp::create(cb, c.getLoc(), c.getSource(), c.getTarget());
      c.erase();
    }

    Location loc = k.getLoc();
    OpBuilder b = OpBuilder::atBlockEnd(gpuModule.getBody());
    auto f =
        gpu::GPUFuncOp::create(b, loc, k.getSymName(), k.getFunctionType());
    f->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
    // One kernel-layer workgroup per thread, or (a kernel with a
    // workgroup_size of [n, 1, 1]) per block of n threads.
    int64_t threads = perBlock ? wg[0] : threadsFor(grid);
    if (perBlock)
      blockThreads[k.getSymName()] = threads;
    if (options.onKernel)
      options.onKernel(f, threads);

    Block &entry = f.getBody().front();
    b.setInsertionPointToStart(&entry);
    auto cst = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    Value block = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
    Value thread = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
    Value linear =
        perBlock
            ? block
            : arith::AddIOp::create(
                  b, loc, arith::MulIOp::create(b, loc, block, cst(threads)),
                  thread)
                  .getResult();
    Value inGrid =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, linear,
                              cst(grid[0] * grid[1] * grid[2]));
    auto guard = scf::IfOp::create(b, loc, inGrid, /*withElseRegion=*/false);
    gpu::ReturnOp::create(b, loc);

    Block &body = k.getBody().front();
    for (auto [from, to] :
         llvm::zip_equal(body.getArguments(), entry.getArguments()))
      from.replaceAllUsesWith(to);
    Block *then = guard.thenBlock();
    then->getOperations().splice(then->begin(), body.getOperations(),
                                 body.begin(), std::prev(body.end()));

    b.setInsertionPointToStart(then);
    Value ids[3];
    ids[0] = arith::RemUIOp::create(b, loc, linear, cst(grid[0]));
    Value rest = arith::DivUIOp::create(b, loc, linear, cst(grid[0]));
    ids[1] = arith::RemUIOp::create(b, loc, rest, cst(grid[1]));
    ids[2] = arith::DivUIOp::create(b, loc, rest, cst(grid[1]));

    SmallVector<Operation *> toErase;
    f.walk([&](Operation *op) {
      OpBuilder ob(op);
      if (auto id = dyn_cast<kernel::WorkgroupIdOp>(op)) {
        id.replaceAllUsesWith(ids[static_cast<unsigned>(id.getDim())]);
        toErase.push_back(op);
      } else if (auto cnt = dyn_cast<kernel::WorkgroupCountOp>(op)) {
        cnt.replaceAllUsesWith(
            arith::ConstantIndexOp::create(
                ob, op->getLoc(), grid[static_cast<unsigned>(cnt.getDim())])
                .getResult());
        toErase.push_back(op);
      } else if (auto local = dyn_cast<kernel::LocalIdOp>(op)) {
        Value id =
            perBlock && local.getDim() == kernel::Dim::x
                ? gpu::ThreadIdOp::create(ob, op->getLoc(), gpu::Dimension::x)
                      .getResult()
                : arith::ConstantIndexOp::create(ob, op->getLoc(), 0)
                      .getResult();
        local.replaceAllUsesWith(id);
        toErase.push_back(op);
      } else if (isa<kernel::BarrierOp>(op)) {
        // One invocation per kernel-layer workgroup: nothing to wait for;
        // a block of threads waits for each other.
        if (perBlock)
          gpu::BarrierOp::create(ob, op->getLoc());
        toErase.push_back(op);
      }
    });
    for (Operation *op : toErase)
      op->erase();
    // Workgroup memory of a block-per-workgroup kernel: a workgroup
    // attribution of the gpu.func, or an alloc in the workgroup address
    // space (an alloca would be per thread).
    SmallVector<memref::AllocaOp> shared;
    f.walk([&](memref::AllocaOp a) {
      auto space = dyn_cast_or_null<kernel::MemorySpaceAttr>(
          a.getType().getMemorySpace());
      if (perBlock && space &&
          space.getValue() == kernel::MemorySpace::Workgroup)
        shared.push_back(a);
    });
    for (memref::AllocaOp a : shared) {
      MemRefType t = a.getType();
      if (!t.hasStaticShape())
        return a.emitOpError("the ")
               << options.targetName
               << " target needs workgroup memory of static shape";
      OpBuilder ab(a);
      Attribute space =
          options.workgroupAllocMemorySpace
              ? Attribute(
                    ab.getI64IntegerAttr(*options.workgroupAllocMemorySpace))
              : Attribute(gpu::AddressSpaceAttr::get(
                    f.getContext(), gpu::AddressSpace::Workgroup));
      auto type = MemRefType::get(t.getShape(), t.getElementType(),
                                  t.getLayout(), space);
      Value buffer = options.workgroupAllocMemorySpace
                         ? Value(memref::AllocOp::create(ab, a.getLoc(), type))
                         : Value(f.addWorkgroupAttribution(type, a.getLoc()));
      a.getResult().replaceAllUsesWith(buffer);
      a.erase();
    }
    return f;
  }

  void convertLaunch(kernel::LaunchOp l, gpu::GPUFuncOp f, const Grid &grid) {
    OpBuilder b(l);
    Location loc = l.getLoc();
    auto it = blockThreads.find(f.getName());
    bool perBlock = it != blockThreads.end();
    int64_t threads = perBlock ? it->second : threadsFor(grid);
    int64_t groups =
        perBlock ? grid[0] * grid[1] * grid[2]
                 : llvm::divideCeil(grid[0] * grid[1] * grid[2], threads);
    auto cst = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    Value one = cst(1);
    SmallVector<Value> args(l.getArgs());
    Value dynamicShared;
    auto wg = wgmma.find(f.getName());
    if (wg != wgmma.end()) {
      llvm::append_range(args,
                         strata::createTensorMaps(b, loc, wg->second.maps,
                                                  l.getArgs()));
      dynamicShared = arith::ConstantIntOp::create(
          b, loc, b.getI32Type(), wg->second.dynamicSharedBytes);
    }
    gpu::LaunchFuncOp::create(b, loc, f, gpu::KernelDim3{cst(groups), one, one},
                              gpu::KernelDim3{cst(threads), one, one},
                              dynamicShared, args);
    l.erase();
  }
};

/// Index arithmetic as `index` dialect ops and back. Upstream's
/// vector-to-nvgpu conversion takes arith ops on indices that feed its
/// loads and stores for elementwise ops of the chain and fails on them
/// (TOOLCHAIN.md); index-dialect ops are left alone. Applied to functions
/// holding a vector.contract, around convert-vector-to-gpu only.
template <typename From, typename To> void replaceIndexOps(Operation *root) {
  SmallVector<From> ops;
  root->walk([&](From op) {
    if (op->getResult(0).getType().isIndex())
      ops.push_back(op);
  });
  for (From op : ops) {
    OpBuilder b(op);
    Value v = To::create(b, op.getLoc(), op->getOperand(0), op->getOperand(1));
    op->getResult(0).replaceAllUsesWith(v);
    op.erase();
  }
}

void indexArithToIndexDialect(Operation *root) {
  replaceIndexOps<arith::AddIOp, index::AddOp>(root);
  replaceIndexOps<arith::SubIOp, index::SubOp>(root);
  replaceIndexOps<arith::MulIOp, index::MulOp>(root);
  replaceIndexOps<arith::DivUIOp, index::DivUOp>(root);
  replaceIndexOps<arith::RemUIOp, index::RemUOp>(root);
  replaceIndexOps<arith::DivSIOp, index::DivSOp>(root);
  replaceIndexOps<arith::RemSIOp, index::RemSOp>(root);
}

void indexDialectToIndexArith(Operation *root) {
  replaceIndexOps<index::AddOp, arith::AddIOp>(root);
  replaceIndexOps<index::SubOp, arith::SubIOp>(root);
  replaceIndexOps<index::MulOp, arith::MulIOp>(root);
  replaceIndexOps<index::DivUOp, arith::DivUIOp>(root);
  replaceIndexOps<index::RemUOp, arith::RemUIOp>(root);
  replaceIndexOps<index::DivSOp, arith::DivSIOp>(root);
  replaceIndexOps<index::RemSOp, arith::RemSIOp>(root);
}

/// Two-stage cp.async pipelining of strata-kernel-matmul-to-mma's K loop,
/// which copies slice s + 1 before slice s's barrier (see there), one
/// group per slice. nvgpu::createAsyncGroups waits for each group right
/// after creating it; instead the prologue's group (slice 0) gets no wait
/// of its own (nor the barrier that kept it a group of its own), each
/// later wait leaves the newest group in flight (wait_group 1: slice s is
/// complete, slice s + 1 still copying while slice s is multiplied), and the
/// last slice's barrier (the second barrier after the last wait) waits for
/// everything. Kernels of another shape are left as they are (every group
/// waited for at once: correct, not overlapped).
void pipelineAsyncCopies(gpu::GPUFuncOp f) {
  SmallVector<nvgpu::DeviceAsyncWaitOp> waits;
  f.walk([&](nvgpu::DeviceAsyncWaitOp w) { waits.push_back(w); });
  // Each wait right before a barrier: slice 0's separator, then each
  // slice's barrier.
  if (waits.size() < 2 || llvm::any_of(waits, [&](nvgpu::DeviceAsyncWaitOp w) {
        return w->getBlock() != waits[0]->getBlock() || w.getNumGroups() ||
               !isa_and_nonnull<gpu::BarrierOp>(w->getNextNode());
      }))
    return;
  gpu::BarrierOp lastSlice;
  int barriers = 0;
  for (Operation *op = waits.back()->getNextNode(); op && !lastSlice;
       op = op->getNextNode())
    if (auto b = dyn_cast<gpu::BarrierOp>(op); b && ++barriers == 2)
      lastSlice = b;
  if (!lastSlice)
    return;
  OpBuilder b(lastSlice);
  nvgpu::DeviceAsyncWaitOp::create(b, lastSlice.getLoc(),
                                   waits.back().getAsyncDependencies(),
                                   IntegerAttr());
  for (nvgpu::DeviceAsyncWaitOp w : ArrayRef(waits).drop_front())
    w.setNumGroupsAttr(b.getI32IntegerAttr(1));
  waits.front()->getNextNode()->erase();
  waits.front().erase();
}

struct ConvertKernelToGPU
    : public strata::impl::ConvertKernelToGPUBase<ConvertKernelToGPU> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (threadsPerWorkgroup < 1 || threadsPerWorkgroup > 1024) {
      emitError(module.getLoc(), "threads-per-workgroup must be in 1..1024");
      return signalPassFailure();
    }
    strata::KernelToGPUOptions options;
    options.threadsPerWorkgroup = threadsPerWorkgroup;
    options.moduleName = moduleName;
    options.targetName = targetName;
    options.allowWorkgroups = true;
    options.wgmma = wgmma;
    options.onKernel = [](gpu::GPUFuncOp f, int64_t threads) {
      f.setKnownBlockSizeAttr(DenseI32ArrayAttr::get(
          f.getContext(), {static_cast<int32_t>(threads), 1, 1}));
    };
    FailureOr<gpu::GPUModuleOp> gpuModule =
        strata::convertKernelsToGPU(module, options);
    if (failed(gpuModule))
      return signalPassFailure();
    if (!*gpuModule)
      return;
    OpPassManager pm(gpu::GPUModuleOp::getOperationName());
    strata::buildGPUKernelCleanup(pm);
    if (failed(runPipeline(pm, *gpuModule)) ||
        failed(strata::moveScratchToMemorySpace(*gpuModule, Attribute(),
                                                targetName)))
      return signalPassFailure();
    // Tensor cores: the staged copies, workgroup-memory reads and
    // vector.contracts of strata-kernel-matmul-to-mma become cp.async,
    // ldmatrix and nvgpu.mma.sync.
    if (mmaSync) {
      for (gpu::GPUFuncOp f : gpuModule->getOps<gpu::GPUFuncOp>()) {
        if (f.walk([](vector::ContractionOp) {
               return WalkResult::interrupt();
             }).wasInterrupted()) {
          // The 16-byte global -> workgroup copies become cp.async, each
          // K slice's copies one group, two slices in flight.
          // cp.async of 16 bytes and ldmatrix rows want 16-byte aligned
          // workgroup buffers (the rows are padded to multiples of 16).
          for (unsigned i = 0, e = f.getNumWorkgroupAttributions(); i < e; ++i)
            f.setWorkgroupAttributionAttr(
                i, "llvm.align",
                IntegerAttr::get(IntegerType::get(f.getContext(), 64), 16));
          IRRewriter rewriter(f.getContext());
          nvgpu::createAsyncGroups(rewriter, f, /*bypassL1=*/true);
          pipelineAsyncCopies(f);
          indexArithToIndexDialect(f);
          OpPassManager vpm(gpu::GPUFuncOp::getOperationName());
          vpm.addPass(createConvertVectorToGPUPass(/*useNvGpu=*/true));
          // The per-lane fragment indices are affine maps of the lane id.
          vpm.addPass(createLowerAffinePass());
          vpm.addPass(createCanonicalizerPass());
          vpm.addPass(createCSEPass());
          if (failed(runPipeline(vpm, f)))
            return signalPassFailure();
          indexDialectToIndexArith(f);
        }
      }
    }
  }
};

} // namespace

FailureOr<gpu::GPUModuleOp>
strata::convertKernelsToGPU(ModuleOp module,
                            const KernelToGPUOptions &options) {
  return Converter{options, {}}.run(module);
}

void strata::buildGPUKernelCleanup(OpPassManager &pm) {
  // A workgroup loop the grid did not absorb (more than three tiled
  // dimensions, hand-written kernels) runs sequentially in the thread.
  pm.addPass(createForallToForLoopPass());
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(memref::createFoldMemRefAliasOpsPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

LogicalResult strata::moveScratchToMemorySpace(gpu::GPUModuleOp gpuModule,
                                               Attribute targetSpace,
                                               StringRef targetName) {
  WalkResult r = gpuModule.walk([&](memref::AllocaOp a) {
    MemRefType t = a.getType();
    auto space = dyn_cast_or_null<kernel::MemorySpaceAttr>(t.getMemorySpace());
    if (t.getMemorySpace() &&
        (!space || space.getValue() != kernel::MemorySpace::Private)) {
      a.emitOpError("the ")
          << targetName << " target supports private scratch only (v1)";
      return WalkResult::interrupt();
    }
    for (Operation *user : a->getUsers())
      if (!isa<memref::LoadOp, memref::StoreOp>(user)) {
        user->emitOpError("uses per-thread scratch in a way the ")
            << targetName << " target cannot lower (only loads and stores)";
        return WalkResult::interrupt();
      }
    a.getResult().setType(MemRefType::get(t.getShape(), t.getElementType(),
                                          t.getLayout(), targetSpace));
    return WalkResult::advance();
  });
  return failure(r.wasInterrupted());
}
