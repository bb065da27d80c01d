//===- FormKernelLaunches.cpp - strata-form-kernel-launches ---------------===//
//
// After bufferization: turns each outlined kernel function into a
// kernel.func whose grid is its workgroup scf.forall, and each call into a
// kernel.launch over that grid.
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/TileToKernel/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace strata {
#define GEN_PASS_DEF_FORMKERNELLAUNCHES
#include "strata/Conversion/TileToKernel/Passes.h.inc"
} // namespace strata

using namespace mlir;
namespace kernel = strata::kernel;

namespace {

/// The workgroup loop of a kernel body, if the body is that loop plus pure
/// ops (constants, views) and it has static bounds and at most three dims.
scf::ForallOp findGridLoop(func::FuncOp func) {
  scf::ForallOp loop;
  for (Operation &op : func.getBody().front()) {
    if (isa<func::ReturnOp>(op))
      continue;
    if (auto forall = dyn_cast<scf::ForallOp>(op)) {
      if (loop)
        return {};
      loop = forall;
      continue;
    }
    if (!isPure(&op))
      return {};
  }
  if (!loop || loop.getRank() > 3 || !loop.getOutputs().empty())
    return {};
  for (int64_t v : loop.getStaticLowerBound())
    if (ShapedType::isDynamic(v))
      return {};
  for (int64_t v : loop.getStaticUpperBound())
    if (ShapedType::isDynamic(v))
      return {};
  for (int64_t v : loop.getStaticStep())
    if (ShapedType::isDynamic(v) || v <= 0)
      return {};
  return loop;
}

struct FormKernelLaunches
    : public strata::impl::FormKernelLaunchesBase<FormKernelLaunches> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> kernels;
    for (auto f : module.getOps<func::FuncOp>())
      if (f->hasAttr(strata::kKernelFuncAttr))
        kernels.push_back(f);

    llvm::StringMap<std::array<int64_t, 3>> grids;
    for (func::FuncOp f : kernels) {
      if (!f.getFunctionType().getResults().empty()) {
        f.emitOpError("kernel still returns values after bufferization; "
                      "expected out-parameters");
        return signalPassFailure();
      }
      grids[f.getSymName()] = convertKernel(f);
    }

    // Calls become launches.
    SmallVector<func::CallOp> calls;
    module.walk([&](func::CallOp call) {
      if (grids.count(call.getCallee()))
        calls.push_back(call);
    });
    for (func::CallOp call : calls) {
      OpBuilder b(call);
      std::array<int64_t, 3> g = grids[call.getCallee()];
      Value x = arith::ConstantIndexOp::create(b, call.getLoc(), g[0]);
      Value y = arith::ConstantIndexOp::create(b, call.getLoc(), g[1]);
      Value z = arith::ConstantIndexOp::create(b, call.getLoc(), g[2]);
      kernel::LaunchOp::create(b, call.getLoc(), call.getCallee(), x, y, z,
                               call.getOperands());
      call.erase();
    }
    for (func::FuncOp f : kernels)
      f.erase();
    module.walk([&](kernel::FuncOp k) { useScratchForSmallAllocs(k); });
    for (auto host : module.getOps<func::FuncOp>())
      elideResultCopies(host);
  }

  /// Whether `buffer`, or a view of it, reaches a terminator (is yielded or
  /// returned) or has its metadata taken apart (extract_strided_metadata,
  /// through which the deallocation pipeline frees derived buffers).
  static bool escapesItsBlock(Value buffer) {
    SmallVector<Value> work = {buffer};
    while (!work.empty()) {
      Value v = work.pop_back_val();
      for (Operation *user : v.getUsers()) {
        if (user->hasTrait<OpTrait::IsTerminator>() ||
            isa<memref::ExtractStridedMetadataOp>(user))
          return true;
        if (auto view = dyn_cast<ViewLikeOpInterface>(user))
          if (view.getViewSource() == v)
            llvm::append_range(work, user->getResults());
      }
    }
    return false;
  }

  /// Per-invocation temporaries of static size up to 64 KiB become
  /// memref.alloca (scratch memory of one invocation) instead of a heap
  /// allocation and its dealloc.
  static void useScratchForSmallAllocs(kernel::FuncOp k) {
    SmallVector<memref::AllocOp> allocs;
    k.walk([&](memref::AllocOp a) { allocs.push_back(a); });
    for (memref::AllocOp alloc : allocs) {
      MemRefType type = alloc.getType();
      if (!type.hasStaticShape() || !type.getElementType().isIntOrFloat())
        continue;
      int64_t bytes = type.getNumElements() *
                      llvm::divideCeil(type.getElementTypeBitWidth(), 8);
      if (bytes > 64 * 1024)
        continue;
      // Only a buffer that stays in its block and is freed directly: one
      // that leaves through a region's terminator (scf.if yielding one of
      // two buffers) is freed through another value (the deallocation
      // pipeline frees its base buffer), which must stay a heap buffer.
      if (escapesItsBlock(alloc.getResult()))
        continue;
      SmallVector<Operation *> deallocs;
      for (Operation *user : alloc->getUsers())
        if (isa<memref::DeallocOp>(user))
          deallocs.push_back(user);
      OpBuilder b(alloc);
      auto alloca = memref::AllocaOp::create(b, alloc.getLoc(), type,
                                             alloc.getAlignmentAttr());
      for (Operation *d : deallocs)
        d->erase();
      alloc.replaceAllUsesWith(alloca.getResult());
      alloc.erase();
    }
  }

  /// `alloc X; launch(..X..)...; copy X -> out; dealloc X` where `out` is an
  /// argument of the host function writes the launches' results straight
  /// into `out`.
  static void elideResultCopies(func::FuncOp host) {
    SmallVector<memref::CopyOp> copies;
    host.walk([&](memref::CopyOp c) { copies.push_back(c); });
    for (memref::CopyOp copy : copies) {
      auto alloc = copy.getSource().getDefiningOp<memref::AllocOp>();
      auto out = dyn_cast<BlockArgument>(copy.getTarget());
      if (!alloc || !out || out.getOwner()->getParentOp() != host ||
          alloc.getType() != out.getType() ||
          alloc->getBlock() != copy->getBlock())
        continue;
      bool onlyLaunchesBefore = true;
      SmallVector<Operation *> deallocs;
      for (Operation *user : alloc->getUsers()) {
        if (user == copy)
          continue;
        if (isa<memref::DeallocOp>(user)) {
          deallocs.push_back(user);
          continue;
        }
        if (!isa<kernel::LaunchOp>(user) || !user->isBeforeInBlock(copy))
          onlyLaunchesBefore = false;
      }
      // `out` must not be touched between the alloc and the copy.
      for (Operation *user : out.getUsers())
        if (user != copy && user->getBlock() == copy->getBlock() &&
            user->isBeforeInBlock(copy))
          onlyLaunchesBefore = false;
      if (!onlyLaunchesBefore)
        continue;
      for (Operation *d : deallocs)
        d->erase();
      copy.erase();
      alloc.replaceAllUsesWith(out);
      alloc.erase();
    }
  }

  /// Builds the kernel.func for `f` (inserted before it) and returns its
  /// grid (x, y, z).
  std::array<int64_t, 3> convertKernel(func::FuncOp f) {
    OpBuilder b(f);
    Location loc = f.getLoc();
    auto kfunc = kernel::FuncOp::create(
        b, loc, f.getSymName(), f.getFunctionType(), /*arg_attrs=*/nullptr,
        /*res_attrs=*/nullptr, b.getDenseI64ArrayAttr({1, 1, 1}));
    if (auto config = f->getAttr("tile.config"))
      kfunc->setAttr("tile.config", config);
    Block *entry = new Block();
    kfunc.getBody().push_back(entry);
    IRMapping map;
    for (BlockArgument a : f.getArguments())
      map.map(a, entry->addArgument(a.getType(), a.getLoc()));
    b.setInsertionPointToStart(entry);

    std::array<int64_t, 3> grid = {1, 1, 1};
    scf::ForallOp loop = findGridLoop(f);
    for (Operation &op : f.getBody().front()) {
      if (isa<func::ReturnOp>(op))
        continue;
      if (&op != loop.getOperation()) {
        b.clone(op, map);
        continue;
      }
      ArrayRef<int64_t> lbs = loop.getStaticLowerBound();
      ArrayRef<int64_t> ubs = loop.getStaticUpperBound();
      ArrayRef<int64_t> steps = loop.getStaticStep();
      unsigned rank = loop.getRank();
      static constexpr kernel::Dim kDims[] = {kernel::Dim::x, kernel::Dim::y,
                                              kernel::Dim::z};
      for (unsigned d = 0; d < rank; ++d) {
        // The innermost loop dim is x.
        unsigned gridDim = rank - 1 - d;
        grid[gridDim] = llvm::divideCeil(ubs[d] - lbs[d], steps[d]);
        Value id = kernel::WorkgroupIdOp::create(b, loc, kDims[gridDim]);
        Value step = arith::ConstantIndexOp::create(b, loc, steps[d]);
        Value iv = arith::MulIOp::create(b, loc, id, step);
        if (lbs[d] != 0)
          iv = arith::AddIOp::create(
              b, loc, iv, arith::ConstantIndexOp::create(b, loc, lbs[d]));
        map.map(loop.getInductionVars()[d], iv);
      }
      for (Operation &inner : loop.getBody()->without_terminator())
        b.clone(inner, map);
    }
    kernel::ReturnOp::create(b, loc);
    return grid;
  }
};

} // namespace
