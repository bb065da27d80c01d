//===- KernelOps.td - kernel dialect (L3) ------------------*- tablegen -*-===//
//
// The kernel layer: target-neutral SPMD kernels over buffers and the host
// schedule that allocates buffers and launches them.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_KERNEL_OPS_TD
#define STRATA_KERNEL_OPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/CallInterfaces.td"
include "mlir/Interfaces/FunctionInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

def Kernel_Dialect : Dialect {
  let name = "kernel";
  let cppNamespace = "::strata::kernel";
  let summary = "L3: target-neutral SPMD kernels over buffers, plus the host schedule";
  let description = [{
    The kernel dialect is Strata's third layer (L3). A module holds
    `kernel.func` ops (SPMD kernels: the body runs once per workgroup of a
    grid, reading `kernel.workgroup_id`) and host functions (`func.func`)
    whose bodies allocate buffers (`memref.alloc`, `memref.get_global` for
    constants), launch kernels in order (`kernel.launch`) and return.

    Memory spaces: a memref without a memory space is global memory;
    `#kernel.memory_space<workgroup>` is memory shared by one workgroup and
    `#kernel.memory_space<private>` memory private to one invocation.
    Kernel bodies use upstream scf, arith, math, memref, vector and linalg on
    memrefs (a target-neutral contraction is a `linalg.matmul` on memrefs).
  }];
  let useDefaultAttributePrinterParser = 1;
}

def Kernel_Global : I32EnumAttrCase<"Global", 0, "global">;
def Kernel_Workgroup : I32EnumAttrCase<"Workgroup", 1, "workgroup">;
def Kernel_Private : I32EnumAttrCase<"Private", 2, "private">;
def Kernel_MemorySpace : I32EnumAttr<"MemorySpace", "kernel memory space",
    [Kernel_Global, Kernel_Workgroup, Kernel_Private]> {
  let cppNamespace = "::strata::kernel";
  let genSpecializedAttr = 0;
}
def Kernel_MemorySpaceAttr : EnumAttr<Kernel_Dialect, Kernel_MemorySpace,
                                      "memory_space"> {
  let assemblyFormat = "`<` $value `>`";
}

def Kernel_DimX : I32EnumAttrCase<"x", 0>;
def Kernel_DimY : I32EnumAttrCase<"y", 1>;
def Kernel_DimZ : I32EnumAttrCase<"z", 2>;
def Kernel_Dim : I32EnumAttr<"Dim", "grid dimension",
    [Kernel_DimX, Kernel_DimY, Kernel_DimZ]> {
  let cppNamespace = "::strata::kernel";
}

class Kernel_Op<string mnemonic, list<Trait> traits = []>
    : Op<Kernel_Dialect, mnemonic, traits>;

def Kernel_FuncOp : Kernel_Op<"func", [
    AutomaticAllocationScope, FunctionOpInterface, IsolatedFromAbove,
    Symbol]> {
  let summary = "an SPMD kernel: the body runs once per workgroup";
  let description = [{
    Takes buffers (memrefs) and scalars, returns nothing; writes its
    results into buffers. `workgroup_size` is the number of invocations per
    workgroup along x, y, z (`[1, 1, 1]` for a kernel that runs one
    invocation per workgroup, as on the CPU).

    ```mlir
    kernel.func @scale(%in: memref<64xf32>, %out: memref<64xf32>)
        workgroup_size = [1, 1, 1] {
      %wg = kernel.workgroup_id x
      ...
      kernel.return
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<FunctionType>:$function_type,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs,
                       DenseI64ArrayAttr:$workgroup_size);
  let regions = (region AnyRegion:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::Region *getCallableRegion() { return &getBody(); }
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() {
      return getFunctionType().getInputs();
    }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() {
      return getFunctionType().getResults();
    }
    bool isDeclaration() { return false; }
  }];
}

def Kernel_ReturnOp : Kernel_Op<"return", [Pure, Terminator,
                                           HasParent<"FuncOp">, ReturnLike]> {
  let summary = "ends a kernel invocation";
  let assemblyFormat = "attr-dict";
}

class Kernel_IdOp<string mnemonic, string summaryText>
    : Kernel_Op<mnemonic, [Pure]> {
  let summary = summaryText;
  let arguments = (ins Kernel_Dim:$dim);
  let results = (outs Index:$result);
  let assemblyFormat = "$dim attr-dict";
  let hasVerifier = 1;
}
def Kernel_WorkgroupIdOp : Kernel_IdOp<"workgroup_id",
    "the index of this workgroup in the grid along a dim">;
def Kernel_WorkgroupCountOp : Kernel_IdOp<"workgroup_count",
    "the number of workgroups in the grid along a dim">;
def Kernel_LocalIdOp : Kernel_IdOp<"local_id",
    "the index of this invocation in its workgroup along a dim">;

def Kernel_BarrierOp : Kernel_Op<"barrier"> {
  let summary = "waits for every invocation of the workgroup";
  let description = [{
    Orders workgroup-memory accesses: all invocations of the workgroup reach
    the barrier before any continues.
  }];
  let assemblyFormat = "attr-dict";
  let hasVerifier = 1;
}

def Kernel_LaunchOp : Kernel_Op<"launch", [
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "host: run a kernel over a grid of workgroups";
  let description = [{
    Runs `kernel` once per workgroup of the grid `workgroups` (x, y, z).
    Launches in one host function run in order; a launch sees every write
    of the launches before it.

    ```mlir
    kernel.launch @scale workgroups(%c4, %c1, %c1) (%a, %b) : memref<64xf32>, memref<64xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$kernel, Index:$grid_x, Index:$grid_y,
                       Index:$grid_z, Variadic<AnyType>:$args);
  let assemblyFormat = [{
    $kernel `workgroups` `(` $grid_x `,` $grid_y `,` $grid_z `)`
    `(` $args `)` attr-dict (`:` type($args)^)?
  }];
}

#endif // STRATA_KERNEL_OPS_TD
