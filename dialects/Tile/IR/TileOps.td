//===- TileOps.td - tile dialect (L2) ----------------------*- tablegen -*-===//
//
// The tile layer: each fusion group of graph ops becomes one tile.kernel whose
// body is upstream linalg/tensor/arith/math on tensors, with the tiling
// configuration chosen for it recorded as a #tile.config attribute.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_TILE_OPS_TD
#define STRATA_TILE_OPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

def Tile_Dialect : Dialect {
  let name = "tile";
  let cppNamespace = "::strata::tile";
  let summary = "L2: one kernel per fusion group, expressed on tiles";
  let description = [{
    The tile dialect is Strata's second layer (L2). A program is a
    `func.func` whose body holds `tile.kernel` ops (one per fusion group),
    tensor constants (weights) and reshapes between kernels. A kernel's body
    is value-semantic upstream IR on tensors (linalg, tensor, arith, math);
    its `#tile.config` records the tile sizes chosen for it. No buffers and
    nothing target specific appear at this layer.
  }];
  let useDefaultAttributePrinterParser = 1;
}

def Tile_ConfigAttr : AttrDef<Tile_Dialect, "Config"> {
  let mnemonic = "config";
  let summary = "the tiling chosen for one kernel";
  let description = [{
    Tile sizes for the loops of the kernel's root op (the op it is tiled
    around), in the root's loop order; 0 means "not tiled".

    - `workgroup`: tile per workgroup for the parallel loops; the kernel's
      grid is the number of such tiles.
    - `reduction`: tile of the reduction loops inside a workgroup (cache
      tile), empty when the root has none.
    - `vector`: register/vector tile inside a workgroup tile.

    `root` names the kind of root (`matmul`, `conv`, `pool`, `reduction`,
    `elementwise`, `copy`) the sizes were chosen for, so the choice can be
    explained and checked.

    ```mlir
    #tile.config<root = "matmul", workgroup = [64, 256], reduction = [256], vector = [4, 64]>
    ```
  }];
  let parameters = (ins
    StringRefParameter<"kind of root op">:$root,
    ArrayRefParameter<"int64_t", "workgroup tile sizes">:$workgroup,
    OptionalArrayRefParameter<"int64_t", "reduction tile sizes">:$reduction,
    OptionalArrayRefParameter<"int64_t", "vector tile sizes">:$vector);
  // Every list is printed, empty ones as `[]`, so the text is uniform.
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

class Tile_Op<string mnemonic, list<Trait> traits = []>
    : Op<Tile_Dialect, mnemonic, traits>;

def Tile_KernelOp : Tile_Op<"kernel", [IsolatedFromAbove, Pure,
    SingleBlockImplicitTerminator<"YieldOp">]> {
  let summary = "one fused kernel on tensors";
  let description = [{
    Runs its body once on the operands, which the entry block receives as
    arguments, and returns what `tile.yield` yields. The body is isolated:
    everything it reads is an operand or defined inside (small constants are
    cloned in). `sym_name` names the kernel in every later layer and in
    diagnostics; `config` is its tiling.

    ```mlir
    %0 = tile.kernel "matmul_bias" (%a, %b) {config = #tile.config<...>}
        : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32> {
    ^bb0(%x: tensor<8x16xf32>, %y: tensor<16x4xf32>):
      ...
      tile.yield %r : tensor<8x4xf32>
    }
    ```
  }];
  let arguments = (ins StrAttr:$sym_name, Variadic<AnyRankedTensor>:$inputs,
                       OptionalAttr<Tile_ConfigAttr>:$config);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $sym_name ` ` `(` $inputs `)` attr-dict `:` functional-type($inputs, $results) $body
  }];
  let hasVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [OpBuilder<(ins "::llvm::StringRef":$name,
      "::mlir::TypeRange":$resultTypes, "::mlir::ValueRange":$inputs)>];
  let extraClassDeclaration = [{
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
  }];
}

def Tile_YieldOp : Tile_Op<"yield", [Pure, Terminator, HasParent<"KernelOp">,
                                     ReturnLike]> {
  let summary = "the results of a tile.kernel";
  let arguments = (ins Variadic<AnyRankedTensor>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
  let builders = [OpBuilder<(ins), [{ /* nothing */ }]>];
}

#endif // STRATA_TILE_OPS_TD
