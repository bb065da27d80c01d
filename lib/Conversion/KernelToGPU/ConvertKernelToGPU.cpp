//===- ConvertKernelToGPU.cpp - strata-convert-kernel-to-gpu --------------===//
//
// The target-independent first step of the device targets: kernel.func grids
// become gpu.func kernels in one gpu.module, one GPU thread per kernel-layer
// workgroup, ready for upstream's GPU-to-{NVVM,ROCDL,SPIR-V} conversions.
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/KernelToGPU/Passes.h"

#include "dialects/Kernel/IR/KernelDialect.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/IR/Builders.h"
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
      FailureOr<gpu::GPUFuncOp> f =
          convertKernel(k, gpuModule, grids[k.getSymName()]);
      if (failed(f))
        return failure();
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
    if (llvm::any_of(k.getWorkgroupSize(), [](int64_t s) { return s != 1; }))
      return k.emitOpError("the ")
             << options.targetName
             << " target runs one invocation per kernel-layer workgroup "
                "(v1); workgroup_size must be [1, 1, 1]";
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
    int64_t threads = threadsFor(grid);
    if (options.onKernel)
      options.onKernel(f, threads);

    Block &entry = f.getBody().front();
    b.setInsertionPointToStart(&entry);
    auto cst = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    Value block = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
    Value thread = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
    Value linear = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, block, cst(threads)), thread);
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
        local.replaceAllUsesWith(
            arith::ConstantIndexOp::create(ob, op->getLoc(), 0).getResult());
        toErase.push_back(op);
      } else if (isa<kernel::BarrierOp>(op)) {
        // One invocation per kernel-layer workgroup: nothing to wait for.
        toErase.push_back(op);
      }
    });
    for (Operation *op : toErase)
      op->erase();
    return f;
  }

  void convertLaunch(kernel::LaunchOp l, gpu::GPUFuncOp f, const Grid &grid) {
    OpBuilder b(l);
    Location loc = l.getLoc();
    int64_t threads = threadsFor(grid);
    int64_t groups = llvm::divideCeil(grid[0] * grid[1] * grid[2], threads);
    auto cst = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    Value one = cst(1);
    gpu::LaunchFuncOp::create(b, loc, f, gpu::KernelDim3{cst(groups), one, one},
                              gpu::KernelDim3{cst(threads), one, one},
                              /*dynamicSharedMemorySize=*/Value(), l.getArgs());
    l.erase();
  }
};

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
  }
};

} // namespace

FailureOr<gpu::GPUModuleOp>
strata::convertKernelsToGPU(ModuleOp module,
                            const KernelToGPUOptions &options) {
  return Converter{options}.run(module);
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
