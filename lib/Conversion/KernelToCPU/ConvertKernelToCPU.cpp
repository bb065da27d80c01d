//===- ConvertKernelToCPU.cpp - strata-convert-kernel-to-cpu ---------------===//
//
// Lowers the kernel layer's SPMD form to host code: kernels become functions
// with the workgroup id as arguments, launches become parallel loops; what
// the CPU's LLVM lowering cannot take (zero-element buffers as bare
// pointers) is rewritten here; bf16 and float8 conversions are expanded
// by strata-expand-low-precision-floats, which runs next.
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/KernelToCPU/Passes.h"

#include "dialects/Kernel/IR/KernelDialect.h"

#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"
#include "llvm/ADT/StringSet.h"

namespace strata {
#define GEN_PASS_DEF_CONVERTKERNELTOCPU
#include "strata/Conversion/KernelToCPU/Passes.h.inc"
} // namespace strata

using namespace mlir;
namespace kernel = strata::kernel;

namespace {
struct ConvertKernelToCPU
    : public strata::impl::ConvertKernelToCPUBase<ConvertKernelToCPU> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<kernel::FuncOp> kernels(module.getOps<kernel::FuncOp>());
    for (kernel::FuncOp k : kernels)
      if (failed(convertKernel(k)))
        return signalPassFailure();

    SmallVector<kernel::LaunchOp> launches;
    module.walk([&](kernel::LaunchOp l) { launches.push_back(l); });
    for (kernel::LaunchOp launch : launches)
      convertLaunch(launch);

    // A copy between strided buffers would lower to a call into MLIR's C
    // runner library, which artifacts do not link; copy with loops instead.
    // Contiguous copies keep lowering to memcpy.
    SmallVector<memref::CopyOp> copies;
    module.walk([&](memref::CopyOp c) {
      auto identity = [](Type t) {
        auto m = dyn_cast<MemRefType>(t);
        return m && m.getLayout().isIdentity();
      };
      if (!identity(c.getSource().getType()) ||
          !identity(c.getTarget().getType()))
        copies.push_back(c);
    });
    for (memref::CopyOp c : copies) {
      OpBuilder b(c);
      linalg::CopyOp::create(b, c.getLoc(), c.getSource(), c.getTarget());
      c.erase();
    }

    retypeEmptyBuffers(module);
  }

  /// A zero-element buffer such as memref<2x0x4xf32> has no static strides
  /// in MLIR's canonical layout, so the bare-pointer calling convention
  /// refuses it and the function keeps full descriptors (or stays
  /// unconverted). Such arguments become memref<0xT>, which lowers to one
  /// pointer like every other buffer; inside, the original type is a
  /// zero-sized alloca (there is nothing to read or write).
  static void retypeEmptyBuffers(ModuleOp module) {
    auto isEmpty = [](Type t) {
      auto m = dyn_cast<MemRefType>(t);
      return m && m.hasStaticShape() && m.getNumElements() == 0 &&
             m.getRank() > 1;
    };
    auto flat = [](Type t) {
      auto m = cast<MemRefType>(t);
      return MemRefType::get({0}, m.getElementType(),
                             MemRefLayoutAttrInterface(), m.getMemorySpace());
    };
    llvm::StringSet<> retyped;
    for (auto f : module.getOps<func::FuncOp>()) {
      if (!llvm::any_of(f.getArgumentTypes(), isEmpty))
        continue;
      retyped.insert(f.getSymName());
      SmallVector<Type> types(f.getArgumentTypes());
      for (auto [i, t] : llvm::enumerate(types)) {
        if (!isEmpty(t))
          continue;
        if (!f.isExternal()) {
          BlockArgument arg = f.getArgument(i);
          OpBuilder b = OpBuilder::atBlockBegin(&f.front());
          Value local = memref::AllocaOp::create(b, f.getLoc(),
                                                 cast<MemRefType>(t));
          arg.replaceAllUsesWith(local);
          arg.setType(flat(t));
        }
        t = flat(t);
      }
      f.setFunctionType(FunctionType::get(module.getContext(), types,
                                          f.getResultTypes()));
    }
    if (retyped.empty())
      return;
    module.walk([&](func::CallOp call) {
      if (!retyped.contains(call.getCallee()))
        return;
      OpBuilder b(call);
      for (OpOperand &operand : call->getOpOperands())
        if (isEmpty(operand.get().getType()))
          operand.set(memref::AllocaOp::create(
              b, call.getLoc(),
              cast<MemRefType>(flat(operand.get().getType()))));
    });
  }

  LogicalResult convertKernel(kernel::FuncOp k) {
    if (llvm::any_of(k.getWorkgroupSize(), [](int64_t s) { return s != 1; }))
      return k.emitOpError("the CPU target runs one invocation per "
                           "workgroup; workgroup_size must be [1, 1, 1]");
    OpBuilder b(k);
    Location loc = k.getLoc();
    SmallVector<Type> params(k.getArgumentTypes());
    Type index = b.getIndexType();
    params.append(6, index); // id x, y, z; count x, y, z
    auto f = func::FuncOp::create(b, loc, k.getSymName(),
                                  b.getFunctionType(params, {}));
    f.setPrivate();
    f.getBody().takeBody(k.getBody());
    Block &entry = f.getBody().front();
    SmallVector<Value> ids, counts;
    for (int i = 0; i < 3; ++i)
      ids.push_back(entry.addArgument(index, loc));
    for (int i = 0; i < 3; ++i)
      counts.push_back(entry.addArgument(index, loc));

    SmallVector<Operation *> toErase;
    f.walk([&](Operation *op) {
      OpBuilder ob(op);
      if (auto id = dyn_cast<kernel::WorkgroupIdOp>(op)) {
        id.replaceAllUsesWith(ids[static_cast<unsigned>(id.getDim())]);
        toErase.push_back(op);
      } else if (auto cnt = dyn_cast<kernel::WorkgroupCountOp>(op)) {
        cnt.replaceAllUsesWith(counts[static_cast<unsigned>(cnt.getDim())]);
        toErase.push_back(op);
      } else if (auto local = dyn_cast<kernel::LocalIdOp>(op)) {
        local.replaceAllUsesWith(
            arith::ConstantIndexOp::create(ob, op->getLoc(), 0).getResult());
        toErase.push_back(op);
      } else if (isa<kernel::BarrierOp>(op)) {
        toErase.push_back(op);
      } else if (isa<kernel::ReturnOp>(op)) {
        func::ReturnOp::create(ob, op->getLoc());
        toErase.push_back(op);
      }
    });
    for (Operation *op : toErase)
      op->erase();
    k.erase();
    return success();
  }

  void convertLaunch(kernel::LaunchOp launch) {
    OpBuilder b(launch);
    Location loc = launch.getLoc();
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    Value gx = launch.getGridX(), gy = launch.getGridY(),
          gz = launch.getGridZ();
    SmallVector<Value> args(launch.getArgs());
    scf::ParallelOp::create(
        b, loc, ValueRange{zero, zero, zero}, ValueRange{gz, gy, gx},
        ValueRange{one, one, one},
        [&](OpBuilder &nb, Location nloc, ValueRange ivs) {
          SmallVector<Value> callArgs(args);
          callArgs.append({ivs[2], ivs[1], ivs[0], gx, gy, gz});
          func::CallOp::create(nb, nloc, launch.getKernel(), TypeRange{},
                               callArgs);
        });
    launch.erase();
  }
};
} // namespace
