//===- MatmulToAMDGPU.cpp - strata-kernel-matmul-to-amdgpu ----------------===//
//
// The rocm target's matrix-unit step at the kernel layer: a matmul tile of
// the rocm tile table (32x32 on CDNA, 16x16 on RDNA3) becomes one wave's
// vector.contract, which strata-lower-contraction-to-amdgpu turns into
// amdgpu.mfma / amdgpu.wmma after strata-convert-kernel-to-gpu.
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/KernelToGPU/MatmulTile.h"
#include "strata/Conversion/KernelToROCDL/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"

namespace strata {
#define GEN_PASS_DEF_KERNELMATMULTOAMDGPU
#include "strata/Conversion/KernelToROCDL/Passes.h.inc"
} // namespace strata

using namespace mlir;
namespace kernel = strata::kernel;

namespace {

/// The wave tile of `chip` for these element types (see Passes.td; the
/// rocm tile table in SelectConfig.cpp chooses the same tiles).
struct WaveTile {
  int64_t m, n, kStep, maxK, wave;
};

std::optional<WaveTile> waveTile(StringRef chip, Type ab, Type acc) {
  if (!acc.isF32())
    return std::nullopt;
  bool cdna = chip == "gfx90a" || chip == "gfx942";
  if (cdna && (ab.isF16() || ab.isBF16()))
    return WaveTile{32, 32, 8, 8 * 256, 64};
  if (cdna && ab.isF32())
    return WaveTile{32, 32, 2, 2 * 256, 64};
  if (chip == "gfx1100" && (ab.isF16() || ab.isBF16()))
    return WaveTile{16, 16, 16, 16 * 256, 32};
  return std::nullopt;
}

/// Splits the epilogue's rows (its first loop) between the lanes of the
/// wave, cyclically, instead of every lane computing the whole tile (after
/// the barrier any lane may read any element of the tile in workgroup
/// memory): the epilogue becomes loops (loads and stores, so no views of
/// the workgroup buffer are needed), the outer one from the lane
/// (`kernel.local_id x`) by the wave size. Left whole when that fails.
void distributeRows(linalg::GenericOp epilogue, int64_t lanes) {
  IRRewriter rewriter(epilogue.getContext());
  rewriter.setInsertionPoint(epilogue);
  Location loc = epilogue.getLoc();
  Value lane = kernel::LocalIdOp::create(rewriter, loc, kernel::Dim::x);
  Value step = arith::ConstantIndexOp::create(rewriter, loc, lanes);
  FailureOr<linalg::LinalgLoops> loops =
      linalg::linalgOpToLoops(rewriter, epilogue);
  if (failed(loops) || loops->empty())
    return;
  auto rows = dyn_cast<scf::ForOp>((*loops)[0]);
  if (!rows || !isConstantIntValue(rows.getLowerBound(), 0) ||
      !isConstantIntValue(rows.getStep(), 1))
    return;
  rows.getLowerBoundMutable().assign(lane);
  rows.getStepMutable().assign(step);
  rewriter.eraseOp(epilogue);
}

struct KernelMatmulToAMDGPU
    : strata::impl::KernelMatmulToAMDGPUBase<KernelMatmulToAMDGPU> {
  using Base::Base;

  void runOnOperation() override {
    if (failed(strata::checkRocmChip(getOperation(), chip)))
      return signalPassFailure();
    for (kernel::FuncOp k : getOperation().getOps<kernel::FuncOp>()) {
      std::optional<strata::MatmulTile> tile =
          strata::matchMatmulTile(k, /*epilogueInputs=*/true);
      if (!tile)
        continue;
      std::optional<WaveTile> wt =
          waveTile(chip, tile->elementType, tile->accumulatorType);
      if (!wt || tile->m != wt->m || tile->n != wt->n ||
          tile->k % wt->kStep != 0 || tile->k > wt->maxK)
        continue;
      Type et = tile->elementType;
      strata::rewriteMatmulTile(
          k, *tile, wt->wave, [&](OpBuilder &b, Location loc, Value init) {
            Value zero = arith::ConstantIndexOp::create(b, loc, 0);
            Value pad = arith::ConstantOp::create(b, loc, b.getZeroAttr(et));
            Value a = vector::TransferReadOp::create(
                b, loc, VectorType::get({tile->m, tile->k}, et), tile->a,
                ValueRange{zero, zero}, pad, ArrayRef<bool>{true, true});
            Value bt = vector::TransferReadOp::create(
                b, loc, VectorType::get({tile->k, tile->n}, et), tile->b,
                ValueRange{zero, zero}, pad, ArrayRef<bool>{true, true});
            return vector::ContractionOp::create(
                b, loc, a, bt, init, strata::matmulContractMaps(b),
                strata::matmulContractIterators(b));
          });
      if (tile->epilogue)
        distributeRows(tile->epilogue, wt->wave);
    }
  }
};

} // namespace
