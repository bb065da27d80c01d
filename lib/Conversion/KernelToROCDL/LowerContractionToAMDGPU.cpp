//===- LowerContractionToAMDGPU.cpp - contractions on AMD matrix units ----===//
//
// strata-lower-contraction-to-amdgpu: a wave-uniform matmul vector.contract
// becomes amdgpu.mfma (CDNA: gfx90a, gfx942) or amdgpu.wmma (RDNA3:
// gfx1100), each lane loading its fragment of A, B and C and storing its
// share of the result. Upstream MLIR has no such lowering (TOOLCHAIN.md).
//
// Fragment layouts, lane l of the wave (AMD's matrix instruction
// calculator; docs/ROCm.md has the same table):
//
//   MFMA 32x32x8 f16/bf16 (wave64), i = l % 32, g = l / 32:
//     A[i][4g + v], B[4g + v][i]           v = 0..3
//   MFMA 32x32x2 f32 (wave64):
//     A[i][g], B[g][i]
//   MFMA C/D 32x32 f32, 16 per lane:
//     item r = C[8 * (r / 4) + 4g + r % 4][i]
//   WMMA 16x16x16 f16/bf16 (gfx1100, wave32), i = l % 16, h = l / 16:
//     A[i][v], B[v][i]                     v = 0..15 (lanes 16..31 repeat)
//     item r of C/D (r = 0..7) = C[2r + h][i]
//
//===----------------------------------------------------------------------===//

#include "strata/Conversion/KernelToROCDL/Passes.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/FormatVariadic.h"

namespace strata {
#define GEN_PASS_DEF_LOWERCONTRACTIONTOAMDGPU
#include "strata/Conversion/KernelToROCDL/Passes.h.inc"
} // namespace strata

using namespace mlir;

bool strata::isSupportedRocmChip(llvm::StringRef chip) {
  return llvm::is_contained(kRocmChips, chip);
}

LogicalResult strata::checkRocmChip(Operation *op, llvm::StringRef chip) {
  if (isSupportedRocmChip(chip))
    return success();
  return op->emitError() << "unknown AMD chip '" << chip
                         << "'; expected one of gfx90a, gfx942, gfx1030, "
                            "gfx1100";
}

namespace {

/// One matrix instruction of a chip.
struct MatrixInst {
  bool wmma = false; ///< amdgpu.wmma (else amdgpu.mfma)
  int64_t m = 0, n = 0, k = 0;
  int64_t wave = 64;
  int64_t abPerLane = 0; ///< A (and B) elements per lane
  int64_t cPerLane = 0;  ///< C/D elements per lane
};

/// The instruction for `chip` and element types, if the chip has one.
std::optional<MatrixInst> selectInst(StringRef chip, Type ab, Type c) {
  if (!c.isF32())
    return std::nullopt;
  bool cdna = chip == "gfx90a" || chip == "gfx942";
  if (cdna && (ab.isF16() || ab.isBF16()))
    return MatrixInst{false, 32, 32, 8, 64, 4, 16};
  if (cdna && ab.isF32())
    return MatrixInst{false, 32, 32, 2, 64, 1, 16};
  if (chip == "gfx1100" && (ab.isF16() || ab.isBF16()))
    return MatrixInst{true, 16, 16, 16, 32, 16, 8};
  return std::nullopt;
}

/// Index arithmetic helper.
struct IndexBuilder {
  OpBuilder &b;
  Location loc;
  Value c(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value x, Value y) {
    if (isConstantIntValue(y, 0))
      return x;
    if (isConstantIntValue(x, 0))
      return y;
    return arith::AddIOp::create(b, loc, x, y);
  }
  Value add(Value x, int64_t y) { return y ? add(x, c(y)) : x; }
  Value mul(Value x, int64_t y) {
    return y == 1 ? x : arith::MulIOp::create(b, loc, x, c(y));
  }
  Value rem(Value x, int64_t y) {
    return arith::RemUIOp::create(b, loc, x, c(y));
  }
  Value div(Value x, int64_t y) {
    return arith::DivUIOp::create(b, loc, x, c(y));
  }
};

/// (row, col) of A's item `v` in lane (i, g) -- see the file header.
std::pair<Value, Value> aPos(IndexBuilder &ib, const MatrixInst &mi, Value i,
                             Value g, int64_t v) {
  if (mi.wmma)
    return {i, ib.c(v)};
  if (mi.abPerLane == 1)
    return {i, g};
  return {i, ib.add(ib.mul(g, 4), v)};
}

/// (row, col) of B's item `v` (B is K x N).
std::pair<Value, Value> bPos(IndexBuilder &ib, const MatrixInst &mi, Value i,
                             Value g, int64_t v) {
  auto [col, row] = aPos(ib, mi, i, g, v);
  return {row, col};
}

/// (row, col) of C/D's item `r`.
std::pair<Value, Value> cPos(IndexBuilder &ib, const MatrixInst &mi, Value i,
                             Value g, int64_t r) {
  if (mi.wmma)
    return {ib.add(g, 2 * r), i};
  return {ib.add(ib.mul(g, 4), 8 * (r / 4) + r % 4), i};
}

bool isMinorIdentity2D(VectorTransferOpInterface xfer) {
  if (xfer.getMask() || !xfer.getPermutationMap().isMinorIdentity())
    return false;
  if (!isa<MemRefType>(xfer.getShapedType()))
    return false;
  auto inBounds = xfer.getInBoundsValues();
  return inBounds.size() == 2 && inBounds[0] && inBounds[1];
}

/// True when an op between `from` and `to` (same block) may write memory.
bool writesBetween(Operation *from, Operation *to) {
  for (Operation *op = from->getNextNode(); op && op != to;
       op = op->getNextNode()) {
    if (isMemoryEffectFree(op))
      continue;
    auto iface = dyn_cast<MemoryEffectOpInterface>(op);
    if (!iface || iface.hasEffect<MemoryEffects::Write>())
      return true;
  }
  return false;
}

/// Where the lanes read one operand's elements: a transfer_read's memref
/// (when nothing writes memory between that read and the rewrite point), or
/// the vector itself.
struct Source {
  Value vector;
  vector::TransferReadOp read;

  Value element(IndexBuilder &ib, Value row, Value col) {
    if (read) {
      SmallVector<Value> idx(read.getIndices());
      idx[idx.size() - 2] = ib.add(idx[idx.size() - 2], row);
      idx.back() = ib.add(idx.back(), col);
      return memref::LoadOp::create(ib.b, ib.loc, read.getBase(), idx);
    }
    return vector::ExtractOp::create(ib.b, ib.loc, vector,
                                     ArrayRef<OpFoldResult>{row, col});
  }
};

Source sourceOf(Value v, Operation *at) {
  auto read = v.getDefiningOp<vector::TransferReadOp>();
  if (read && isMinorIdentity2D(read) && read->getBlock() == at->getBlock() &&
      read->isBeforeInBlock(at) && !writesBetween(read, at))
    return {v, read};
  return {v, nullptr};
}

/// Why `v` may differ between the lanes of a wave, or "" when it cannot.
std::string divergence(Value v, llvm::SmallPtrSetImpl<Value> &seen) {
  if (!seen.insert(v).second)
    return "";
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    Operation *owner = arg.getOwner()->getParentOp();
    if (isa<gpu::GPUFuncOp>(owner))
      return "";
    if (auto loop = dyn_cast<scf::ForOp>(owner)) {
      if (arg == loop.getInductionVar()) {
        for (Value bound :
             {loop.getLowerBound(), loop.getUpperBound(), loop.getStep()})
          if (std::string why = divergence(bound, seen); !why.empty())
            return why;
        return "";
      }
    }
    return "it depends on a loop-carried or region value";
  }
  Operation *def = v.getDefiningOp();
  if (isa<gpu::ThreadIdOp, gpu::LaneIdOp, gpu::GlobalIdOp>(def))
    return "it depends on '" + def->getName().getStringRef().str() + "'";
  if (def->getNumRegions())
    return "it depends on the region op '" +
           def->getName().getStringRef().str() + "'";
  for (Value operand : def->getOperands())
    if (std::string why = divergence(operand, seen); !why.empty())
      return why;
  return "";
}

struct LowerContractionToAMDGPU
    : strata::impl::LowerContractionToAMDGPUBase<LowerContractionToAMDGPU> {
  using Base::Base;

  void runOnOperation() override {
    if (failed(strata::checkRocmChip(getOperation(), chip)))
      return signalPassFailure();
    SmallVector<vector::ContractionOp> contracts;
    getOperation().walk(
        [&](vector::ContractionOp op) { contracts.push_back(op); });
    for (vector::ContractionOp op : contracts) {
      std::string why = lower(op);
      if (!why.empty())
        op.emitRemark() << "contraction left on the SIMT path: " << why;
    }
  }

  /// Rewrites `op`; returns why it did not, or "" when it did.
  std::string lower(vector::ContractionOp op) {
    if (chip == "gfx1030")
      return "gfx1030 has no matrix units (no MFMA or WMMA)";
    auto func = op->getParentOfType<gpu::GPUFuncOp>();
    if (!func)
      return "not inside a gpu.func";

    // Shape: a plain matmul.
    if (op.getKind() != vector::CombiningKind::ADD)
      return "the combining kind is not 'add'";
    MLIRContext *ctx = op.getContext();
    AffineExpr m, n, k;
    bindDims(ctx, m, n, k);
    using MapList = ArrayRef<ArrayRef<AffineExpr>>;
    auto maps =
        AffineMap::inferFromExprList(MapList{{m, k}, {k, n}, {m, n}}, ctx);
    if (op.getIndexingMapsArray() != maps)
      return "the indexing maps are not (m, k) x (k, n) -> (m, n)";
    auto lhsTy = op.getLhsType(), rhsTy = op.getRhsType();
    auto accTy = dyn_cast<VectorType>(op.getAccType());
    if (!accTy || lhsTy.getRank() != 2 || lhsTy.isScalable() ||
        rhsTy.isScalable() || accTy.isScalable())
      return "the operands are not fixed 2-D vectors";
    if (lhsTy.getElementType() != rhsTy.getElementType())
      return "A and B have different element types";
    std::optional<MatrixInst> mi =
        selectInst(chip, lhsTy.getElementType(), accTy.getElementType());
    if (!mi)
      return "no " + chip + " matrix instruction takes these element types";
    int64_t M = lhsTy.getDimSize(0), K = lhsTy.getDimSize(1),
            N = rhsTy.getDimSize(1);
    if (M % mi->m || N % mi->n || K % mi->k)
      return llvm::formatv("{0}x{1}x{2} is not a multiple of the {3}x{4}x{5} "
                           "instruction tile",
                           M, N, K, mi->m, mi->n, mi->k)
          .str();
    int64_t count = (M / mi->m) * (N / mi->n) * (K / mi->k);
    if (count > 256)
      return "it needs " + std::to_string(count) +
             " matrix instructions (more than 256)";

    // The result: stored once, by an in-bounds minor-identity write.
    if (!op->hasOneUse())
      return "the result is not used exactly once";
    auto write = dyn_cast<vector::TransferWriteOp>(*op->getUsers().begin());
    if (!write || write.getVector() != op.getResult() ||
        !isMinorIdentity2D(write))
      return "the result is not stored by an in-bounds minor-identity "
             "vector.transfer_write to a memref";
    if (write->getBlock() != op->getBlock())
      return "the result is stored in another block";

    // The whole wave runs it, with the same operands.
    std::optional<ArrayRef<int32_t>> block = func.getKnownBlockSize();
    if (!block)
      return "the gpu.func has no known_block_size, so the wave may not be "
             "full";
    int64_t threads = 1;
    for (int32_t d : *block)
      threads *= d;
    if (threads % mi->wave)
      return llvm::formatv("the block of {0} threads is not a multiple of "
                           "the {1}-lane wave",
                           threads, mi->wave)
          .str();
    if (!func.getBody().hasOneBlock())
      return "the gpu.func has more than one block";
    // Loops and branches with lane-uniform bounds and conditions (checked
    // below): the whole wave enters them or none of it (the grid guard of
    // strata-convert-kernel-to-gpu is an scf.if on the block id).
    for (Operation *p = op->getParentOp(); p != func; p = p->getParentOp())
      if (!isa<scf::ForOp, scf::IfOp>(p))
        return "it sits inside '" + p->getName().getStringRef().str() +
               "', which lanes may not all enter";
    llvm::SmallPtrSet<Value, 32> seen;
    SmallVector<Value> uniform(op->getOperands());
    llvm::append_range(uniform, write.getIndices());
    uniform.push_back(write.getBase());
    for (Operation *p = op->getParentOp(); p != func; p = p->getParentOp())
      if (auto loop = dyn_cast<scf::ForOp>(p))
        uniform.push_back(loop.getInductionVar());
      else if (auto branch = dyn_cast<scf::IfOp>(p))
        uniform.push_back(branch.getCondition());
    for (Value v : uniform)
      if (std::string why = divergence(v, seen); !why.empty())
        return "an operand may differ between lanes: " + why;

    rewrite(op, write, *mi);
    return "";
  }

  void rewrite(vector::ContractionOp op, vector::TransferWriteOp write,
               const MatrixInst &mi) {
    OpBuilder b(write);
    Location loc = op.getLoc();
    IndexBuilder ib{b, loc};
    Source a = sourceOf(op.getLhs(), write), bs = sourceOf(op.getRhs(), write),
           c = sourceOf(op.getAcc(), write);
    Type abTy = op.getLhsType().getElementType();
    auto accTy = cast<VectorType>(op.getAccType());
    int64_t M = op.getLhsType().getDimSize(0),
            K = op.getLhsType().getDimSize(1),
            N = op.getRhsType().getDimSize(1);

    Value lane = gpu::LaneIdOp::create(b, loc, /*upper_bound=*/nullptr);
    int64_t half = mi.wmma ? 16 : 32;
    Value i = ib.rem(lane, half), g = ib.div(ib.rem(lane, mi.wave), half);

    auto fragment = [&](Source &src, auto pos, int64_t count, Type elemTy,
                        int64_t rowOff, int64_t colOff) -> Value {
      SmallVector<Value> elems;
      for (int64_t v = 0; v < count; ++v) {
        auto [row, col] = pos(ib, mi, i, g, v);
        elems.push_back(
            src.element(ib, ib.add(row, rowOff), ib.add(col, colOff)));
      }
      if (count == 1)
        return elems.front();
      return vector::FromElementsOp::create(
          b, loc, VectorType::get({count}, elemTy), elems);
    };

    SmallVector<Value> outIdx(write.getIndices());
    for (int64_t mt = 0; mt < M; mt += mi.m) {
      for (int64_t nt = 0; nt < N; nt += mi.n) {
        Value acc =
            fragment(c, cPos, mi.cPerLane, accTy.getElementType(), mt, nt);
        for (int64_t kt = 0; kt < K; kt += mi.k) {
          Value fa = fragment(a, aPos, mi.abPerLane, abTy, mt, kt);
          Value fb = fragment(bs, bPos, mi.abPerLane, abTy, kt, nt);
          if (mi.wmma)
            acc = amdgpu::WMMAOp::create(
                b, loc, acc.getType(), b.getI32IntegerAttr(mi.m),
                b.getI32IntegerAttr(mi.n), b.getI32IntegerAttr(mi.k), fa, fb,
                acc);
          else
            acc = amdgpu::MFMAOp::create(b, loc, acc.getType(), mi.m, mi.n,
                                         mi.k, /*blocks=*/1, fa, fb, acc);
        }
        for (int64_t r = 0; r < mi.cPerLane; ++r) {
          auto [row, col] = cPos(ib, mi, i, g, r);
          SmallVector<Value> idx = outIdx;
          idx[idx.size() - 2] = ib.add(idx[idx.size() - 2], ib.add(row, mt));
          idx.back() = ib.add(idx.back(), ib.add(col, nt));
          Value elem = vector::ExtractOp::create(b, loc, acc, r);
          memref::StoreOp::create(b, loc, elem, write.getBase(), idx);
        }
      }
    }
    write.erase();
    op.erase();
    llvm::SmallPtrSet<Operation *, 3> reads;
    for (Source *s : {&a, &bs, &c})
      if (s->read)
        reads.insert(s->read);
    for (Operation *read : reads)
      if (read->use_empty())
        read->erase();
  }
};

} // namespace
