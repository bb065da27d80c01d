//===- SelectConfig.cpp - strata-tile-select-config ------------------------===//
//
// Chooses a #tile.config for every tile.kernel from a per-target tile table:
// the CPU's (vectorized register tiles) or the GPU's (a few output elements
// per thread), selected by the pipeline's target hook through `table`.
//
//===----------------------------------------------------------------------===//

#include "dialects/Tile/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "llvm/TargetParser/Host.h"

#include <thread>
#include <unistd.h>

namespace strata::tile {
#define GEN_PASS_DEF_TILESELECTCONFIG
#include "dialects/Tile/Transforms/Passes.h.inc"
} // namespace strata::tile

using namespace mlir;
using namespace strata::tile;

namespace {

/// The CPU tile table: target output elements per workgroup and, for
/// contractions, the workgroup tile of the (M, N) output and the K cache
/// tile. Vectorized matmuls: 128-row workgroups as wide as a quarter of L2
/// holds their C tile (128..1024 columns; 1024 with a 2 MiB L2), K by at
/// most 256 with the packed kc x rn panel of B within L1 (see pickCacheK),
/// shrunk (rows first) until there are at least `minWorkgroups` workgroups
/// to balance the threads. Wide workgroups reuse each packed A block for
/// many register columns: on an AVX-512 host (48 KiB L1, 2 MiB L2, 4 x 64
/// register tile, kc 128) 2048^3 ran at 145-160 GFLOP/s with 256 x 128
/// workgroups and 170-178 with 128 x 1024 (1024^3: 160 vs 181); the
/// per-phase profile of the 256 x 128 version spent a third of its time
/// packing A and B and reloading C tiles. (256 x 128 was measured best on a
/// Zen 3 host with a 512 KiB L2, where this rule gives 128 x 256.)
struct CpuTileTable {
  static constexpr int64_t kElementsPerWorkgroup = 16384;
  static constexpr int64_t kMatmulRows = 32;
  static constexpr int64_t kMatmulCols = 256;
  static constexpr int64_t kVectorMatmulRows = 128;
  static constexpr int64_t kMinVectorMatmulCols = 128;
  static constexpr int64_t kMaxVectorMatmulCols = 1024;
  static constexpr int64_t kMinVectorMatmulRows = 32;
  static constexpr int64_t kCacheK = 256;
  static constexpr int64_t kMinCacheK = 64;
  static constexpr int64_t kWorkgroupsPerThread = 4;
};

/// The largest divisor of `size` that is <= `target`, if it is at least
/// target / 4 (so tiles are neither ragged nor tiny); else `target`.
int64_t pickTile(int64_t size, int64_t target) {
  if (size <= target)
    return size;
  for (int64_t t = target; t >= std::max<int64_t>(1, target / 4); --t)
    if (size % t == 0)
      return t;
  return target;
}

/// The vector unit of a CPU, as the register-tile cost model sees it.
struct CpuVectorUnit {
  int64_t lanes;           // f32 lanes per vector register
  int64_t registers;       // architectural vector registers
  int64_t maxAccumulators; // accumulator registers LLVM allocates well
  int64_t fmaPorts = 2, fmaLatency = 4, loadPorts = 2;
};

/// The vector unit for `vectorBits` (0: the host's, from its features).
/// maxAccumulators is measured: 16 zmm (4x64) on AVX-512, 12 ymm (6x16,
/// the BLIS Haswell/Zen shape) on AVX2.
CpuVectorUnit getCpuVectorUnit(int64_t vectorBits) {
  if (vectorBits == 0) {
    llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
    vectorBits = features.lookup("avx512f") ? 512
                 : features.lookup("avx2") || features.lookup("avx") ? 256
                                                                      : 128;
  }
  if (vectorBits >= 512)
    return {16, 32, 16};
  if (vectorBits >= 256)
    return {8, 16, 12};
  return {4, 16, 12};
}

/// A register tile of rm rows x rn columns of the output, K step 1.
struct RegisterTile {
  int64_t rows = 0, cols = 0;
};

/// The small cost model behind the register tile: per K step, an rm x rn
/// tile issues rm*rn/lanes FMAs and rn/lanes + rm loads (B rows, A
/// broadcasts); it runs at FMA peak when the FMAs, not the loads, bound the
/// step and when there are enough independent accumulators to cover the FMA
/// latency. Output not covered by whole tiles runs through scalar loops
/// (kScalarEfficiency of peak). The tile with the least modelled time wins;
/// ties go to fewer loads per FMA.
int64_t pickWorkgroupTile(int64_t size, int64_t reg, int64_t target);

/// The fraction of a loop of `size` that whole static register tiles of
/// `reg` cover once it is split into workgroup tiles of about `target`: a
/// workgroup tile that does not divide the loop makes every workgroup's
/// tile dynamic, and so does one that reg does not divide (strata-tile-
/// vectorize then leaves the whole contraction to the scalar path).
double coveredFraction(int64_t size, int64_t reg, int64_t target) {
  int64_t wg = pickWorkgroupTile(size, reg, target);
  return size % wg == 0 && wg % reg == 0 ? 1.0 : 0.0;
}

/// The workgroup column target for the CPU tile table: a power of two in
/// [kMinVectorMatmulCols, kMaxVectorMatmulCols] whose kVectorMatmulRows-row
/// f32 C tile takes at most a quarter of L2.
int64_t matmulColsTarget(int64_t l2Bytes) {
  int64_t cols = CpuTileTable::kMinVectorMatmulCols;
  while (cols * 2 <= CpuTileTable::kMaxVectorMatmulCols &&
         CpuTileTable::kVectorMatmulRows * cols * 2 * 4 <= l2Bytes / 4)
    cols *= 2;
  return cols;
}

RegisterTile chooseRegisterTile(int64_t m, int64_t n, const CpuVectorUnit &u,
                                int64_t colsTarget) {
  constexpr double kScalarEfficiency = 0.05;
  RegisterTile best;
  double bestTime = 0, bestLoads = 0;
  // Full-width vectors, and on 512-bit units also 256-bit ones (at half
  // the FMA work per instruction): 1000 columns are 125 x 8, never whole
  // tiles of 16 lanes.
  for (int64_t width = u.lanes; width >= 8 && width >= u.lanes / 2; width /= 2)
    // Power-of-two vector counts: LLVM splits vector<40xf32> badly
    // (1000^3 with 2 x 40 tiles ran at 4 GFLOP/s on AVX-512).
    for (int64_t vecs = 1; vecs <= 16; vecs *= 2) {
      int64_t rn = vecs * width;
      if (rn > n)
        break;
      for (int64_t rm = 1; rm <= std::min<int64_t>(m, 16); ++rm) {
        int64_t acc = rm * vecs;
        if (acc > u.maxAccumulators || acc + vecs + 2 > u.registers)
          break;
        double fmaCycles = double(acc) / u.fmaPorts;
        double loadCycles = double(vecs + rm) / u.loadPorts;
        double eff = fmaCycles / std::max(fmaCycles, loadCycles) *
                     std::min(1.0, double(acc) / (u.fmaPorts * u.fmaLatency)) *
                     double(width) / double(u.lanes);
        double covered =
            coveredFraction(m, rm, CpuTileTable::kVectorMatmulRows) *
            coveredFraction(n, rn, colsTarget);
        double time = covered / eff + (1 - covered) / kScalarEfficiency;
        double loads = double(vecs + rm) / acc;
        if (!best.rows || time < bestTime - 1e-9 ||
            (time < bestTime + 1e-9 && loads < bestLoads)) {
          best = {rm, rn};
          bestTime = time;
          bestLoads = loads;
        }
      }
    }
  return best;
}

/// A workgroup tile for a loop of `size` and the register tile `reg`, at
/// most about `target`: when reg divides the loop, a multiple of reg that
/// divides it (every workgroup's register tiles are static); else a divisor
/// of the loop near the target if there is one (see pickTile).
int64_t pickWorkgroupTile(int64_t size, int64_t reg, int64_t target) {
  if (size <= std::max(target, reg))
    return size;
  if (size % reg != 0)
    return pickTile(size, target);
  // The largest such multiple up to the target, unless it is less than half
  // the target and the next larger one is at most twice it (1000 = 125 x 8
  // columns: 200, not 40).
  int64_t units = size / reg, maxMult = std::max<int64_t>(1, target / reg);
  int64_t below = 1;
  for (int64_t d = maxMult; d >= 1; --d)
    if (units % d == 0) {
      below = d;
      break;
    }
  if (below * reg * 2 < target)
    for (int64_t d = maxMult + 1; d * reg <= 2 * target; ++d)
      if (units % d == 0)
        return d * reg;
  return below * reg;
}

/// Workgroup tiles (wm, wn) of an m x n output for the register tile `reg`:
/// the table's, then halved (rows first, down to kMinVectorMatmulRows rows and
/// two register columns) while there are fewer than `minWorkgroups` of them
/// and the smaller tile still divides the loop.
std::pair<int64_t, int64_t> pickMatmulWorkgroups(int64_t m, int64_t n,
                                                 RegisterTile reg,
                                                 int64_t colsTarget,
                                                 int64_t minWorkgroups) {
  int64_t wm = pickWorkgroupTile(m, reg.rows, CpuTileTable::kVectorMatmulRows);
  int64_t wn = pickWorkgroupTile(n, reg.cols, colsTarget);
  auto count = [&] {
    return int64_t(llvm::divideCeil(m, wm) * llvm::divideCeil(n, wn));
  };
  while (count() < minWorkgroups) {
    int64_t smaller;
    if (wm / 2 >= std::max(CpuTileTable::kMinVectorMatmulRows, reg.rows) &&
        (smaller = pickWorkgroupTile(m, reg.rows, wm / 2)) < wm &&
        m % smaller == 0) {
      wm = smaller;
      continue;
    }
    if (wn / 2 >= 2 * reg.cols &&
        (smaller = pickWorkgroupTile(n, reg.cols, wn / 2)) < wn &&
        n % smaller == 0) {
      wn = smaller;
      continue;
    }
    break;
  }
  return {wm, wn};
}

/// The host's L1 data and L2 caches in bytes (32 KiB and 1 MiB when the OS
/// does not say).
int64_t getHostL1Bytes() {
  long bytes = sysconf(_SC_LEVEL1_DCACHE_SIZE);
  return bytes > 0 ? bytes : 32768;
}
int64_t getHostL2Bytes() {
  long bytes = sysconf(_SC_LEVEL2_CACHE_SIZE);
  return bytes > 0 ? bytes : 1 << 20;
}

/// The K cache tile: a divisor of K in [kMinCacheK, kCacheK] whose packed
/// kc x rn panel of B (reused from L1 by every register row of the
/// workgroup) takes at most 3/4 of `l1Bytes`, else K whole (a ragged K tile
/// would leave dynamic register tiles). Measured on an AVX-512 host with a
/// 48 KiB L1 (4 x 64 register tile): kc 256 (a 64 KiB panel) ran 1024^3 at
/// 0.81x OpenBLAS, kc 128 (32 KiB) at 0.96x, kc 64 at 0.98x / 0.75x (2048^3).
int64_t pickCacheK(int64_t k, int64_t rn, int64_t l1Bytes) {
  int64_t maxK =
      std::clamp<int64_t>(l1Bytes * 3 / 4 / (rn * 4), CpuTileTable::kMinCacheK,
                          CpuTileTable::kCacheK);
  if (k <= maxK)
    return 0;
  for (int64_t t = maxK; t >= CpuTileTable::kMinCacheK; --t)
    if (k % t == 0)
      return t;
  // No divisor that small: the smallest one up to the table's (a panel
  // spilling from L1 to L2 beats K whole).
  for (int64_t t = maxK + 1; t <= std::min(k - 1, CpuTileTable::kCacheK); ++t)
    if (k % t == 0)
      return t;
  return 0;
}

/// The contraction that register tiling handles: an f32 linalg
/// contraction with static loops and one M, one N and one K loop.
struct VectorMatmul {
  int64_t m, n, k;
};
std::optional<VectorMatmul> getVectorMatmul(KernelOp kernel) {
  for (Operation &op : kernel.getBodyBlock()) {
    auto linalgOp = dyn_cast<linalg::LinalgOp>(&op);
    if (!linalgOp || !linalg::isaContractionOpInterface(linalgOp))
      continue;
    if (!llvm::all_of(op.getOperandTypes(), [](Type t) {
          auto r = dyn_cast<RankedTensorType>(t);
          return r && r.getElementType().isF32() && r.hasStaticShape();
        }))
      return std::nullopt;
    FailureOr<linalg::ContractionDimensions> dims =
        linalg::inferContractionDims(linalgOp);
    if (failed(dims) || dims->m.size() != 1 || dims->n.size() != 1 ||
        dims->k.size() != 1)
      return std::nullopt;
    SmallVector<int64_t> ranges = linalgOp.getStaticLoopRanges();
    return VectorMatmul{ranges[dims->m[0]], ranges[dims->n[0]],
                        ranges[dims->k[0]]};
  }
  return std::nullopt;
}

/// The kind of the kernel's root (its first non-elementwise op, else the
/// last op).
StringRef rootKind(KernelOp kernel) {
  for (Operation &op : kernel.getBodyBlock()) {
    auto linalgOp = dyn_cast<linalg::LinalgOp>(&op);
    if (!linalgOp) {
      if (!isa<arith::ConstantOp, tensor::EmptyOp, YieldOp>(op) &&
          op.getNumRegions() == 0 && op.getNumResults() == 1 &&
          isa<RankedTensorType>(op.getResult(0).getType()))
        return "copy";
      continue;
    }
    if (linalgOp.getNumReductionLoops() == 0)
      continue;
    if (linalg::isaContractionOpInterface(linalgOp))
      return "matmul";
    if (linalg::isaConvolutionOpInterface(linalgOp))
      return isa<linalg::PoolingNchwMaxOp, linalg::PoolingNchwSumOp,
                 linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcSumOp>(op)
                 ? "pool"
                 : "conv";
    return "reduction";
  }
  return "elementwise";
}

/// The GPU tile table: one workgroup tile is one thread's work. The
/// innermost parallel loop gets up to kElementsPerThread elements (a divisor
/// of the loop, so no thread has a ragged tile), the outer parallel loops one
/// each; reductions stay whole within the thread.
struct GpuTileTable {
  static constexpr int64_t kElementsPerThread = 4;
};

/// True if the kernel pads: a tensor.pad fused into a tiled consumer becomes
/// a per-tile buffer allocation inside the kernel, which the device targets
/// cannot lower (SPIR-V rejects memref.alloc in a shader), so the GPU table
/// leaves such kernels untiled, as it does pad roots.
bool hasPad(KernelOp kernel) {
  return kernel.getBodyBlock()
      .walk([](tensor::PadOp) { return WalkResult::interrupt(); })
      .wasInterrupted();
}

/// True if some linalg op of the kernel reads through an index map with a
/// negative coefficient (a reversed slice, d0 * -1 + 1): upstream tiling
/// computes operand slices for such maps that fail the op's verifier, so
/// the GPU table leaves those kernels untiled (the CPU table's tiles are
/// large enough never to split them in practice).
bool hasReversedIndexing(KernelOp kernel) {
  bool reversed = false;
  kernel.getBodyBlock().walk([&](linalg::LinalgOp op) {
    for (AffineMap map : op.getIndexingMapsArray())
      for (AffineExpr e : map.getResults())
        e.walk([&](AffineExpr sub) {
          auto bin = dyn_cast<AffineBinaryOpExpr>(sub);
          if (!bin || bin.getKind() != AffineExprKind::Mul)
            return;
          if (auto c = dyn_cast<AffineConstantExpr>(bin.getRHS()))
            reversed |= c.getValue() < 0;
        });
  });
  return reversed;
}

/// The grid has three dimensions (x, y, z), so at most three loops are
/// tiled: the innermost parallel loops longer than 1; outer ones stay whole
/// within the thread.
SmallVector<int64_t> selectGpuWorkgroup(ArrayRef<int64_t> sizes,
                                        ArrayRef<utils::IteratorType> iters) {
  SmallVector<int64_t> workgroup(sizes.size(), 0);
  bool innermost = true;
  int tiled = 0;
  for (int64_t i = static_cast<int64_t>(sizes.size()) - 1; i >= 0; --i) {
    if (iters[i] != utils::IteratorType::parallel)
      continue;
    int64_t s = sizes[i];
    if (s == 1)
      continue; // 0: a loop of one is not tiled
    if (tiled == 3)
      break;
    ++tiled;
    if (innermost && !ShapedType::isDynamic(s)) {
      int64_t t = std::min(s, GpuTileTable::kElementsPerThread);
      while (s % t != 0)
        --t;
      workgroup[i] = t;
    } else {
      workgroup[i] = 1;
    }
    innermost = false;
  }
  return workgroup;
}

/// The kernel's one op of the given types (a contraction), or null when it
/// has none or several.
template <typename... Ops> linalg::LinalgOp soleContraction(KernelOp kernel) {
  linalg::LinalgOp found;
  int count = 0;
  kernel.getBodyBlock().walk([&](linalg::LinalgOp op) {
    if (isa<Ops...>(op.getOperation())) {
      found = op;
      ++count;
    }
  });
  return count == 1 ? found : linalg::LinalgOp();
}

/// A contraction's two inputs and its init, when all three are statically
/// shaped.
struct StaticOperands {
  ShapedType a, b, c;
};
std::optional<StaticOperands> staticOperands(linalg::LinalgOp op) {
  auto a = dyn_cast<ShapedType>(op.getDpsInputs()[0].getType());
  auto b = dyn_cast<ShapedType>(op.getDpsInputs()[1].getType());
  auto c = dyn_cast<ShapedType>(op.getDpsInits()[0].getType());
  if (!a || !b || !c || !a.hasStaticShape() || !b.hasStaticShape() ||
      !c.hasStaticShape())
    return std::nullopt;
  return StaticOperands{a, b, c};
}

bool allFloat(const StaticOperands &o) {
  return isa<FloatType>(o.a.getElementType()) &&
         isa<FloatType>(o.b.getElementType()) &&
         isa<FloatType>(o.c.getElementType());
}

/// The form strata-kernel-cooperative-contraction rewrites: the operands
/// read from the kernel's operands or constants (global memory, not a
/// fused producer), and a body of constants, empties, fills, the
/// contraction and at most one all-parallel elementwise epilogue of
/// `loops` loops; a tile that pass would leave to one thread is not chosen.
bool isCooperativeForm(KernelOp kernel, linalg::LinalgOp op, unsigned loops) {
  auto fromGlobal = [](Value v) {
    return isa<BlockArgument>(v) || v.getDefiningOp<arith::ConstantOp>();
  };
  if (!fromGlobal(op.getDpsInputs()[0]) || !fromGlobal(op.getDpsInputs()[1]))
    return false;
  int generics = 0;
  for (Operation &other : kernel.getBodyBlock().without_terminator()) {
    if (&other == op.getOperation() ||
        isa<arith::ConstantOp, tensor::EmptyOp, linalg::FillOp>(other))
      continue;
    auto g = dyn_cast<linalg::GenericOp>(other);
    if (!g || ++generics > 1 || g.getNumLoops() != loops ||
        g.getNumParallelLoops() != loops)
      return false;
  }
  return true;
}

/// A contraction kernel's root, over `parallel` output loops: true for the
/// contraction itself (those loops, then `reductions` reduction loops),
/// false for its elementwise epilogue (the output loops only), none for
/// anything else. A 2-D matmul: (2, 1); one batch more: (3, 1); an NCHW
/// convolution: (4, 3).
std::optional<bool> contractionRootKind(ArrayRef<int64_t> sizes,
                                        ArrayRef<utils::IteratorType> iters,
                                        size_t parallel, size_t reductions) {
  bool root = sizes.size() == parallel + reductions;
  if (!root && sizes.size() != parallel)
    return std::nullopt;
  for (auto [i, it] : llvm::enumerate(iters))
    if (it != (i < parallel ? utils::IteratorType::parallel
                            : utils::IteratorType::reduction))
      return std::nullopt;
  return root;
}

/// The CUDA table's tensor-core tile: an f16 matmul kernel (f32
/// accumulator) whose root is the matmul or its 2-D epilogue gets workgroup
/// tiles of one mma.sync m16n8k16 output (16 x 8) when M, N and K divide,
/// so that strata-kernel-matmul-to-mma can give each tile to one warp.
std::optional<SmallVector<int64_t>>
selectMmaWorkgroup(KernelOp kernel, ArrayRef<int64_t> sizes,
                   ArrayRef<utils::IteratorType> iters, bool wgmma) {
  std::optional<bool> matmulRoot = contractionRootKind(sizes, iters, 2, 1);
  if (!matmulRoot)
    return std::nullopt;
  linalg::LinalgOp mm = soleContraction<linalg::MatmulOp>(kernel);
  std::optional<StaticOperands> ops;
  if (!mm || !(ops = staticOperands(mm)) || ops->a.getRank() != 2 ||
      ops->b.getRank() != 2)
    return std::nullopt;
  auto [a, b, c] = *ops;
  Type et = a.getElementType();
  if (!(et.isF16() || (wgmma && et.isBF16())) || b.getElementType() != et ||
      !c.getElementType().isF32())
    return std::nullopt;
  int64_t m = a.getDimSize(0), k = a.getDimSize(1), n = b.getDimSize(1);
  if (sizes[0] != m || sizes[1] != n)
    return std::nullopt;
  // sm_90a: one warpgroup (wgmma m64n128k16, TMA-fed; f16 or bf16) per
  // 128 x 128 tile, K in steps of 64 (strata-convert-kernel-to-gpu{wgmma};
  // no K limit, the K loop is a loop).
  // M % 128 != 0: 64 x 128 tiles (one m64 row of wgmma).
  if (wgmma && m % 64 == 0 && n % 128 == 0 && k % 64 == 0) {
    int64_t bm = m % 128 == 0 ? 128 : 64;
    if (*matmulRoot)
      return SmallVector<int64_t>{bm, 128, 0};
    return SmallVector<int64_t>{bm, 128};
  }
  // bf16: wgmma only (upstream's vector-to-nvgpu loads no bf16 fragments
  // for mma.sync).
  if (!et.isF16())
    return std::nullopt;
  // strata-kernel-matmul-to-mma unrolls the K loop (K <= 1024) in 32-deep
  // slices staged in workgroup memory (K % 32 = 0, so that every thread
  // copies whole 16-byte pieces: its planBlock).
  if (m % 16 || n % 8 || k % 32 || k > 1024 || sizes[0] != m || sizes[1] != n)
    return std::nullopt;
  // Block tiles of 2 x 2 warps (32x32 or 16x16 per warp, 16x8 mma tiles),
  // else one warp per 16x8 tile.
  int64_t bm = 16, bn = 8;
  if (m % 64 == 0 && n % 64 == 0)
    bm = 64, bn = 64;
  else if (m % 32 == 0 && n % 32 == 0)
    bm = 32, bn = 32;
  if (*matmulRoot)
    return SmallVector<int64_t>{bm, bn, 0};
  return SmallVector<int64_t>{bm, bn};
}

/// The GPU tables' cooperative matmul tile: a float matmul (or batch matmul,
/// one batch per tile) kernel whose root is the contraction or its
/// epilogue gets square workgroup tiles of
/// `maxTile` (128 for cuda, whose blocks run 256 threads of 8 x 8 outputs;
/// 64 for the gpu table, as Vulkan guarantees only 128 threads), else the
/// next smaller of 64 and 32 that divides M and N, so that
/// strata-kernel-cooperative-contraction gives each tile to a block of threads
/// staging A and B in workgroup memory. Tiles that would leave fewer than
/// kMinBlocks blocks shrink to 32 first.
std::optional<SmallVector<int64_t>>
selectCooperativeWorkgroup(KernelOp kernel, ArrayRef<int64_t> sizes,
                           ArrayRef<utils::IteratorType> iters,
                           int64_t maxTile) {
  constexpr int64_t kMinBlocks = 16;
  // A matmul (m, n[, k]) or a batch matmul of one batch per tile
  // (b, m, n[, k]); the root is the contraction or its epilogue.
  linalg::LinalgOp mm =
      soleContraction<linalg::MatmulOp, linalg::BatchMatmulOp>(kernel);
  if (!mm)
    return std::nullopt;
  int64_t d = isa<linalg::BatchMatmulOp>(mm.getOperation()) ? 1 : 0;
  std::optional<bool> matmulRoot = contractionRootKind(sizes, iters, 2 + d, 1);
  if (!matmulRoot)
    return std::nullopt;
  std::optional<StaticOperands> ops = staticOperands(mm);
  if (!ops || !allFloat(*ops) || !isCooperativeForm(kernel, mm, 2 + d))
    return std::nullopt;
  int64_t m = ops->a.getDimSize(d), n = ops->b.getDimSize(d + 1);
  int64_t batches = d ? ops->c.getDimSize(0) : 1;
  if (sizes[d] != m || sizes[d + 1] != n)
    return std::nullopt;
  int64_t t = 0;
  for (int64_t cand : {128, 64, 32})
    if (cand <= maxTile && m % cand == 0 && n % cand == 0) {
      t = cand;
      if (batches * (m / cand) * (n / cand) >= kMinBlocks)
        break;
    }
  if (!t)
    return std::nullopt;
  SmallVector<int64_t> tile;
  if (d)
    tile.push_back(1);
  tile.append({t, t});
  if (*matmulRoot)
    tile.push_back(0);
  return tile;
}

/// The GPU tables' cooperative convolution tile: an f32/f16 NCHW
/// convolution (linalg.conv_2d_nchw_fchw) read from the kernel's operands,
/// whose root is the convolution or its 4-D epilogue, gets output tiles of
/// one image x TF filters x TOH rows x TOW columns (TF up to 16, TOW up to
/// 16, both dividing, and as many rows as keep the block within 128
/// threads of 4 filters x 4 columns), so that
/// strata-kernel-cooperative-contraction gives each tile to a block that
/// stages the filter slice and the input patch in workgroup memory. A
/// block of fewer than 32 threads keeps the thread tiles.
std::optional<SmallVector<int64_t>>
selectCooperativeConvWorkgroup(KernelOp kernel, ArrayRef<int64_t> sizes,
                               ArrayRef<utils::IteratorType> iters) {
  constexpr int64_t kMaxThreads = 128, kMinThreads = 32;
  std::optional<bool> convRoot = contractionRootKind(sizes, iters, 4, 3);
  if (!convRoot)
    return std::nullopt;
  linalg::LinalgOp conv = soleContraction<linalg::Conv2DNchwFchwOp>(kernel);
  std::optional<StaticOperands> ops;
  if (!conv || !(ops = staticOperands(conv)) || !allFloat(*ops) ||
      !isCooperativeForm(kernel, conv, 4))
    return std::nullopt;
  ShapedType out = ops->c;
  if (llvm::to_vector(out.getShape()) != llvm::to_vector(sizes.take_front(4)))
    return std::nullopt;
  int64_t f = out.getDimSize(1), oh = out.getDimSize(2),
          ow = out.getDimSize(3);
  auto pow2Divisor = [](int64_t n, int64_t limit) {
    int64_t v = 1;
    while (v * 2 <= limit && n % (v * 2) == 0)
      v *= 2;
    return v;
  };
  int64_t tf = pow2Divisor(f, 16), tow = pow2Divisor(ow, 16);
  if (tf < 4 || tow < 4)
    return std::nullopt;
  int64_t perRow = (tf / 4) * (tow / 4);
  int64_t toh = 1;
  for (int64_t r = 1; r <= oh; ++r)
    if (oh % r == 0 && perRow * r <= kMaxThreads)
      toh = r;
  if (perRow * toh < kMinThreads)
    return std::nullopt;
  SmallVector<int64_t> tile = {1, tf, toh, tow};
  if (*convRoot)
    tile.append({0, 0, 0});
  return tile;
}

/// The rocm table's matrix-unit tile: one wave's tile of a matmul kernel
/// (f32 accumulator, the matmul or its 2-D epilogue as the root) on a chip
/// with matrix units, when M, N and K divide: 32 x 32 on CDNA (gfx90a,
/// gfx942: MFMA 32x32x8 f16/bf16, K <= 2048; 32x32x2 f32, K <= 512), 16 x 16
/// on RDNA3 (gfx1100: WMMA 16x16x16 f16/bf16, K <= 4096). The K bounds keep
/// a tile within 256 matrix instructions. strata-kernel-matmul-to-amdgpu
/// (lib/Conversion/KernelToROCDL/MatmulToAMDGPU.cpp, the same rules) gives
/// each tile to one wave. gfx1030 has no matrix units: none.
std::optional<SmallVector<int64_t>>
selectRocmMatrixWorkgroup(KernelOp kernel, StringRef chip,
                          ArrayRef<int64_t> sizes,
                          ArrayRef<utils::IteratorType> iters) {
  std::optional<bool> matmulRoot = contractionRootKind(sizes, iters, 2, 1);
  if (!matmulRoot)
    return std::nullopt;
  linalg::LinalgOp mm = soleContraction<linalg::MatmulOp>(kernel);
  if (!mm || cast<linalg::MatmulOp>(mm.getOperation()).hasUserDefinedMaps())
    return std::nullopt;
  std::optional<StaticOperands> ops = staticOperands(mm);
  if (!ops || ops->a.getRank() != 2 || ops->b.getRank() != 2 ||
      ops->b.getElementType() != ops->a.getElementType() ||
      !ops->c.getElementType().isF32())
    return std::nullopt;
  auto [a, b, c] = *ops;
  Type et = a.getElementType();
  bool cdna = chip == "gfx90a" || chip == "gfx942";
  int64_t tile, kStep;
  if (cdna && (et.isF16() || et.isBF16()))
    tile = 32, kStep = 8;
  else if (cdna && et.isF32())
    tile = 32, kStep = 2;
  else if (chip == "gfx1100" && (et.isF16() || et.isBF16()))
    tile = 16, kStep = 16;
  else
    return std::nullopt;
  int64_t m = a.getDimSize(0), k = a.getDimSize(1), n = b.getDimSize(1);
  if (m % tile || n % tile || k % kStep || k > 256 * kStep || sizes[0] != m ||
      sizes[1] != n)
    return std::nullopt;
  if (*matmulRoot)
    return SmallVector<int64_t>{tile, tile, 0};
  return SmallVector<int64_t>{tile, tile};
}

struct TileSelectConfig
    : public strata::tile::impl::TileSelectConfigBase<TileSelectConfig> {
  using Base::Base;

  void runOnOperation() override {
    if (table != "cpu" && table != "gpu" && table != "cuda" &&
        table != "rocm") {
      emitError(getOperation().getLoc(), "strata-tile-select-config: unknown "
                                         "tile table '")
          << table << "'; expected cpu, gpu, cuda or rocm";
      return signalPassFailure();
    }
    bool cuda = table == "cuda";
    bool rocm = table == "rocm";
    if (rocm && !llvm::is_contained({"gfx90a", "gfx942", "gfx1030", "gfx1100"},
                                    rocmChip)) {
      emitError(getOperation().getLoc(), "strata-tile-select-config: unknown "
                                         "AMD chip '")
          << rocmChip << "'; expected gfx90a, gfx942, gfx1030 or gfx1100";
      return signalPassFailure();
    }
    bool gpu = table == "gpu" || cuda || rocm;
    CpuVectorUnit unit = gpu ? CpuVectorUnit{} : getCpuVectorUnit(vectorBits);
    getOperation().walk([&](KernelOp kernel) {
      if (kernel.getConfig())
        return;
      StringRef kind = rootKind(kernel);
      SmallVector<int64_t> workgroup, reduction, vector;
      auto yield = cast<YieldOp>(kernel.getBodyBlock().getTerminator());
      Operation *last = yield.getValues().empty()
                            ? nullptr
                            : yield.getValues()[0].getDefiningOp();
      auto tileable = dyn_cast_or_null<TilingInterface>(last);
      if (tileable) {
        SmallVector<utils::IteratorType> iters =
            tileable.getLoopIteratorTypes();
        OpBuilder b(last);
        SmallVector<Range> ranges = tileable.getIterationDomain(b);
        SmallVector<int64_t> sizes;
        for (Range r : ranges) {
          std::optional<int64_t> s = getConstantIntValue(r.size);
          sizes.push_back(s ? *s : ShapedType::kDynamic);
        }
        workgroup.assign(sizes.size(), 0);
        // Indices of the parallel loops, outermost first.
        SmallVector<unsigned> parallel;
        for (auto [i, it] : llvm::enumerate(iters))
          if (it == utils::IteratorType::parallel)
            parallel.push_back(i);
        if (gpu) {
          // Only linalg roots: a tiled tensor.pad leaves a branchy per-tile
          // copy that does not become a grid; one thread pads (v1). Same
          // for reversed slices (see hasReversedIndexing).
          std::optional<SmallVector<int64_t>> mma;
          // Matrix units first (cuda mma.sync, rocm MFMA/WMMA), then the
          // cooperative SIMT tiles.
          if (cuda && kind == "matmul")
            mma = selectMmaWorkgroup(kernel, sizes, iters,
                                     /*wgmma=*/cudaArch == "sm_90a");
          if (rocm && kind == "matmul")
            mma = selectRocmMatrixWorkgroup(kernel, rocmChip, sizes, iters);
          if (!mma && kind == "matmul" && !hasPad(kernel))
            mma = selectCooperativeWorkgroup(kernel, sizes, iters,
                                             cuda ? 128 : 64);
          if (!mma && kind == "conv" && !hasPad(kernel) &&
              !hasReversedIndexing(kernel))
            mma = selectCooperativeConvWorkgroup(kernel, sizes, iters);
          if (mma)
            workgroup = *mma;
          else if (isa<linalg::LinalgOp>(last) && !hasReversedIndexing(kernel) &&
                   !hasPad(kernel))
            workgroup = selectGpuWorkgroup(sizes, iters);
        } else {
          std::optional<VectorMatmul> mm;
          RegisterTile reg;
          // Cache sizes: the options', else the host's when the vector
          // width is the host's, else 32 KiB / 1 MiB (reproducible tests).
          int64_t l1 = l1Bytes > 0       ? int64_t(l1Bytes)
                       : vectorBits == 0 ? getHostL1Bytes()
                                         : 32768;
          int64_t l2 = l2Bytes > 0       ? int64_t(l2Bytes)
                       : vectorBits == 0 ? getHostL2Bytes()
                                         : 1 << 20;
          int64_t colsTarget = matmulColsTarget(l2);
          if (kind == "matmul" && parallel.size() >= 2 &&
              (mm = getVectorMatmul(kernel)))
            reg = chooseRegisterTile(mm->m, mm->n, unit, colsTarget);
          if (reg.rows && sizes[parallel[parallel.size() - 2]] == mm->m &&
              sizes[parallel.back()] == mm->n) {
            // Vectorized matmul: workgroup tiles are multiples of the
            // register tile (see strata-tile-vectorize).
            for (unsigned i : ArrayRef(parallel).drop_back(2))
              workgroup[i] = 1;
            unsigned m = parallel[parallel.size() - 2], n = parallel.back();
            int64_t minWorkgroups = this->minWorkgroups;
            if (minWorkgroups <= 0)
              minWorkgroups = CpuTileTable::kWorkgroupsPerThread *
                              std::max(1u, std::thread::hardware_concurrency());
            std::tie(workgroup[m], workgroup[n]) =
                pickMatmulWorkgroups(mm->m, mm->n, reg, colsTarget,
                                     minWorkgroups);
            reduction = {pickCacheK(mm->k, reg.cols, l1)};
            vector = {reg.rows, reg.cols};
          } else if (kind == "matmul" && parallel.size() >= 2) {
            // Batch dims one at a time, then rows and columns.
            for (unsigned i : ArrayRef(parallel).drop_back(2))
              workgroup[i] = 1;
            unsigned m = parallel[parallel.size() - 2], n = parallel.back();
            workgroup[m] = ShapedType::isDynamic(sizes[m])
                               ? CpuTileTable::kMatmulRows
                               : pickTile(sizes[m], CpuTileTable::kMatmulRows);
            workgroup[n] = ShapedType::isDynamic(sizes[n])
                               ? CpuTileTable::kMatmulCols
                               : pickTile(sizes[n], CpuTileTable::kMatmulCols);
          } else {
            // Innermost parallel dims whole while the tile stays within the
            // budget; the next one split; the outer ones one at a time.
            int64_t budget = CpuTileTable::kElementsPerWorkgroup;
            for (unsigned i : llvm::reverse(parallel)) {
              int64_t s = sizes[i];
              if (ShapedType::isDynamic(s)) {
                workgroup[i] = 1;
                budget = 1;
                continue;
              }
              if (budget <= 1) {
                workgroup[i] = 1;
                continue;
              }
              workgroup[i] = s <= budget ? s : pickTile(s, budget);
              budget = s <= budget ? budget / std::max<int64_t>(s, 1) : 1;
            }
          }
        }
        // A workgroup covering the whole loop is "not tiled" (0).
        for (auto [w, s] : llvm::zip_equal(workgroup, sizes))
          if (w == s)
            w = 0;
      }
      kernel.setConfigAttr(
          ConfigAttr::get(&getContext(), kind, workgroup, reduction, vector));
    });
  }
};

} // namespace
