//===- KernelDialect.cpp - kernel dialect (L3) -----------------------------===//

#include "dialects/Kernel/IR/KernelDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/Interfaces/FunctionImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace strata::kernel;

#include "dialects/Kernel/IR/KernelDialect.cpp.inc"
#include "dialects/Kernel/IR/KernelEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/Kernel/IR/KernelAttrs.cpp.inc"

void KernelDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/Kernel/IR/KernelAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/Kernel/IR/KernelOps.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// kernel.func
//===----------------------------------------------------------------------===//

ParseResult FuncOp::parse(OpAsmParser &parser, OperationState &result) {
  auto buildFuncType = [](Builder &builder, ArrayRef<Type> argTypes,
                          ArrayRef<Type> results,
                          function_interface_impl::VariadicFlag,
                          std::string &) {
    return builder.getFunctionType(argTypes, results);
  };
  if (function_interface_impl::parseFunctionOp(
          parser, result, /*allowVariadic=*/false,
          getFunctionTypeAttrName(result.name), buildFuncType,
          getArgAttrsAttrName(result.name), getResAttrsAttrName(result.name)))
    return failure();
  // workgroup_size is printed in the attribute dictionary.
  return success();
}

void FuncOp::print(OpAsmPrinter &p) {
  function_interface_impl::printFunctionOp(
      p, *this, /*isVariadic=*/false, getFunctionTypeAttrName(),
      getArgAttrsAttrName(), getResAttrsAttrName());
}

LogicalResult FuncOp::verify() {
  if (!getFunctionType().getResults().empty())
    return emitOpError("a kernel returns nothing; write results to buffers");
  ArrayRef<int64_t> wg = getWorkgroupSize();
  if (wg.size() != 3 || llvm::any_of(wg, [](int64_t s) { return s < 1; }))
    return emitOpError("workgroup_size must be three sizes >= 1");
  if (getBody().empty())
    return emitOpError("a kernel needs a body");
  for (Type t : getArgumentTypes())
    if (isa<TensorType>(t))
      return emitOpError("takes buffers, not tensors: ") << t;
  return success();
}

//===----------------------------------------------------------------------===//
// Ids and barrier: only inside a kernel
//===----------------------------------------------------------------------===//

static LogicalResult verifyInKernel(Operation *op) {
  if (!op->getParentOfType<FuncOp>())
    return op->emitOpError("is only valid inside a kernel.func");
  return success();
}

LogicalResult WorkgroupIdOp::verify() { return verifyInKernel(*this); }
LogicalResult WorkgroupCountOp::verify() { return verifyInKernel(*this); }
LogicalResult LocalIdOp::verify() { return verifyInKernel(*this); }
LogicalResult BarrierOp::verify() { return verifyInKernel(*this); }

//===----------------------------------------------------------------------===//
// kernel.launch
//===----------------------------------------------------------------------===//

LogicalResult LaunchOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto kernel =
      symbolTable.lookupNearestSymbolFrom<FuncOp>(*this, getKernelAttr());
  if (!kernel)
    return emitOpError("'") << getKernel() << "' is not a kernel.func";
  ArrayRef<Type> params = kernel.getArgumentTypes();
  if (params.size() != getArgs().size())
    return emitOpError("passes ")
           << getArgs().size() << " arguments to '" << getKernel()
           << "', which takes " << params.size();
  for (auto [i, p, a] : llvm::enumerate(params, getArgs().getTypes()))
    if (p != a)
      return emitOpError("argument #")
             << i << " has type " << a << ", '" << getKernel() << "' takes "
             << p;
  if ((*this)->getParentOfType<FuncOp>())
    return emitOpError("launches from the host only, not from a kernel");
  return success();
}

#define GET_OP_CLASSES
#include "dialects/Kernel/IR/KernelOps.cpp.inc"
