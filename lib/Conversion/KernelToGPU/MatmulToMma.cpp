//===- MatmulToMma.cpp - strata-kernel-matmul-to-mma ----------------------===//
//
// The CUDA target's tensor-core step at the kernel layer: a 16x8 f16
// matmul tile becomes a warp's loop of vector.contracts that upstream's
// convert-vector-to-gpu{use-nvgpu=true} maps onto mma.sync m16n8k16.
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/KernelToGPU/MatmulTile.h"
#include "strata/Conversion/KernelToGPU/Passes.h"

namespace strata {
#define GEN_PASS_DEF_KERNELMATMULTOMMA
#include "strata/Conversion/KernelToGPU/Passes.h.inc"
} // namespace strata

using namespace mlir;
namespace kernel = strata::kernel;

namespace {

constexpr int64_t kM = 16, kN = 8, kK = 16, kWarp = 32;
/// The K loop is unrolled (see rewrite): longer reductions stay SIMT.
constexpr int64_t kMaxK = 1024;

/// Rewrites a 16 x K x 8 f16 tile (f32 accumulator) into a warp's chain
/// of vector.contracts, one per 16 steps of K.
LogicalResult rewrite(kernel::FuncOp k, strata::MatmulTile &tile) {
  Type et = tile.elementType;
  if (!et.isF16() || !tile.accumulatorType.isF32() || tile.m != kM ||
      tile.n != kN || tile.k % kK != 0 || tile.k > kMaxK)
    return failure();
  strata::rewriteMatmulTile(
      k, tile, kWarp, [&](OpBuilder &bld, Location loc, Value init) {
        auto cst = [&](int64_t v) -> Value {
          return arith::ConstantIndexOp::create(bld, loc, v);
        };
        Value zero = cst(0);
        Value padIn =
            arith::ConstantOp::create(bld, loc, FloatAttr::get(et, 0.0));
        ArrayAttr maps = strata::matmulContractMaps(bld);
        ArrayAttr iters = strata::matmulContractIterators(bld);
        // The K loop is unrolled: upstream's vector-to-nvgpu slice analysis
        // pulls the index arithmetic of a surrounding scf.for into the chain
        // and gives up (TOOLCHAIN.md), so the chain is straight-line code.
        Value result = init;
        for (int64_t k0 = 0; k0 < tile.k; k0 += kK) {
          Value iv = cst(k0);
          Value ta = vector::TransferReadOp::create(
              bld, loc, VectorType::get({kM, kK}, et), tile.a,
              ValueRange{zero, iv}, padIn, ArrayRef<bool>{true, true});
          Value tb = vector::TransferReadOp::create(
              bld, loc, VectorType::get({kK, kN}, et), tile.b,
              ValueRange{iv, zero}, padIn, ArrayRef<bool>{true, true});
          result = vector::ContractionOp::create(bld, loc, ta, tb, result, maps,
                                                 iters);
        }
        return result;
      });
  return success();
}

struct KernelMatmulToMma
    : public strata::impl::KernelMatmulToMmaBase<KernelMatmulToMma> {
  void runOnOperation() override {
    for (kernel::FuncOp k : getOperation().getOps<kernel::FuncOp>())
      if (std::optional<strata::MatmulTile> tile =
              strata::matchMatmulTile(k, /*epilogueInputs=*/false))
        (void)rewrite(k, *tile);
  }
};

} // namespace
