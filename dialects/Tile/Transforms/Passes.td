//===- Passes.td - tile-layer (L2) passes ------------------*- tablegen -*-===//

#ifndef STRATA_TILE_PASSES_TD
#define STRATA_TILE_PASSES_TD

include "mlir/Pass/PassBase.td"

def TileFormKernels : Pass<"strata-tile-form-kernels", "mlir::func::FuncOp"> {
  let summary = "Group linalg/tensor ops on tensors into tile.kernel ops";
  let description = [{
    Partitions a function of upstream ops on tensors (the output of
    `strata-convert-graph-to-linalg` and elementwise fusion) into fusion
    groups and wraps each group into one `tile.kernel`. A group has at most
    one root (an op with reduction loops, or a data-movement op such as
    tensor.pad) plus the elementwise ops that consume its result only: the
    epilogue (bias, activation) fuses into a matmul or conv kernel, and fills
    that initialize an accumulator join their consumer. Scalar and small
    constants and `tensor.empty` are cloned into each kernel that needs them;
    weights become kernel inputs. Reshapes (`tensor.expand_shape`,
    `tensor.collapse_shape`) between kernels stay outside as views.
  }];
  let dependentDialects = ["::strata::tile::TileDialect"];
}

def TileSelectConfig : Pass<"strata-tile-select-config", "mlir::func::FuncOp"> {
  let summary = "Choose the tiling of every tile.kernel";
  let description = [{
    Gives every `tile.kernel` without a `#tile.config` one, from the CPU tile
    table in SelectConfig.cpp: the kernel is tiled around its last op (its
    producers fuse into each tile); parallel loops get workgroup tiles sized
    so that a workgroup's output tile is about 16 Ki elements (matmul: 32 rows
    x 256 columns), chosen as divisors of the loop sizes where one is close;
    reduction loops stay whole.
  }];
  let dependentDialects = ["::strata::tile::TileDialect"];
}

def TileTileWorkgroups : Pass<"strata-tile-tile-workgroups", "mlir::func::FuncOp"> {
  let summary = "Tile each kernel by its workgroup tile sizes (scf.forall)";
  let description = [{
    Inside every `tile.kernel`, tiles the yielded op with the `workgroup`
    sizes of the kernel's `#tile.config` into an `scf.forall` (one iteration
    per workgroup) and fuses its producers into the loop body. A kernel whose
    last op cannot be tiled keeps a single workgroup.
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

#endif // STRATA_TILE_PASSES_TD
