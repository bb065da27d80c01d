//===- LoweringUtils.h - shared helpers of graph→linalg --------*- C++ -*-===//
//
// Helpers shared by the per-family graph→linalg lowerings: the static-shape
// pattern base, broadcasting indexing maps, tensor.empty/fill, reshapes that
// pick collapse/expand, reductions, and computing half floats in f32.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_LIB_CONVERSION_GRAPHTOTILE_LOWERINGUTILS_H
#define STRATA_LIB_CONVERSION_GRAPHTOTILE_LOWERINGUTILS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Transforms/DialectConversion.h"

namespace strata::graph_to_linalg {

/// Builds the scalar computation of one element from its (already loaded)
/// operands; used as the body of elementwise linalg.generic ops.
using ScalarFn = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;
/// Combines an input element with the accumulator: (b, loc, in, acc) -> acc'.
using CombineFn = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::Value, mlir::Value)>;

/// Whether every operand and result of `op` is a statically shaped ranked
/// tensor (non-tensor operands would not be graph values and also fail).
bool hasStaticShapes(mlir::Operation *op);

/// Base of every graph→linalg pattern: it declines ops with dynamic shapes
/// (the pass reports those before converting) and hands the rest to lower().
template <typename OpTy>
class StaticOpLowering : public mlir::OpConversionPattern<OpTy> {
public:
  using mlir::OpConversionPattern<OpTy>::OpConversionPattern;
  using Adaptor = typename OpTy::Adaptor;

  mlir::LogicalResult
  matchAndRewrite(OpTy op, Adaptor adaptor,
                  mlir::ConversionPatternRewriter &rewriter) const final {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    return lower(op, adaptor, rewriter);
  }

protected:
  virtual mlir::LogicalResult
  lower(OpTy op, Adaptor adaptor,
        mlir::ConversionPatternRewriter &rewriter) const = 0;
};

inline mlir::RankedTensorType tensorType(mlir::Value v) {
  return mlir::cast<mlir::RankedTensorType>(v.getType());
}

//===----------------------------------------------------------------------===//
// Scalars
//===----------------------------------------------------------------------===//

inline bool isHalfFloat(mlir::Type t) { return t.isF16() || t.isBF16(); }

/// The type math is done in for element type `t`: f32 for f16/bf16.
mlir::Type computeType(mlir::Type t);

/// `v` as an attribute of scalar type `t` (floats rounded to t, integers
/// truncated toward zero, i1 is v != 0).
mlir::TypedAttr scalarAttr(mlir::Type t, double v);
mlir::Value scalarConstant(mlir::OpBuilder &b, mlir::Location loc, mlir::Type t,
                           double v);

/// The identity of max (-inf, or the signed minimum) and of min (+inf, or
/// the signed maximum).
mlir::TypedAttr lowestAttr(mlir::Type t);
mlir::TypedAttr highestAttr(mlir::Type t);

/// Converts a float scalar to another float type (f16 <-> bf16 via f32).
mlir::Value castFloat(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                      mlir::Type to);

/// Converts a scalar between any two graph element types with the semantics
/// of graph.cast.
mlir::Value castScalar(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                       mlir::Type to);

/// fn(x) computed in f32 when x is f16/bf16 (the result rounded back), and
/// directly otherwise.
mlir::Value inF32(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                  llvm::function_ref<mlir::Value(mlir::OpBuilder &,
                                                 mlir::Location, mlir::Value)>
                      fn);

/// Arithmetic on float or signed-integer scalars of one type.
mlir::Value addScalars(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                       mlir::Value y);
mlir::Value mulScalars(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                       mlir::Value y);
mlir::Value divScalars(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                       mlir::Value y);
mlir::Value maxScalars(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                       mlir::Value y);
mlir::Value minScalars(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                       mlir::Value y);

//===----------------------------------------------------------------------===//
// Tensors
//===----------------------------------------------------------------------===//

mlir::Value emptyTensor(mlir::OpBuilder &b, mlir::Location loc,
                        llvm::ArrayRef<int64_t> shape, mlir::Type elementType);
mlir::Value emptyTensor(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType type);

/// A tensor of `shape` whose every element is `value` (tensor.empty +
/// linalg.fill).
mlir::Value filledTensor(mlir::OpBuilder &b, mlir::Location loc,
                         llvm::ArrayRef<int64_t> shape, mlir::TypedAttr value);

/// The numpy broadcasting map from the iteration space of `resultShape` to
/// an operand of `operandShape`: trailing dims align, missing leading dims
/// are dropped, size-1 dims that broadcast read index 0.
mlir::AffineMap broadcastMap(llvm::ArrayRef<int64_t> operandShape,
                             llvm::ArrayRef<int64_t> resultShape,
                             mlir::MLIRContext *ctx);

/// The map (d0..d[rank-1]) -> (d[dims[0]], d[dims[1]], ...).
mlir::AffineMap selectDimsMap(unsigned rank, llvm::ArrayRef<int64_t> dims,
                              mlir::MLIRContext *ctx);

llvm::SmallVector<mlir::utils::IteratorType> parallelIterators(unsigned rank);

/// One linalg.generic producing a fresh tensor of `resultType` from `inputs`
/// read through `inputMaps` (output map: identity); `body` computes the
/// element from the input elements.
mlir::Value buildGeneric(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::RankedTensorType resultType,
                         mlir::ValueRange inputs,
                         llvm::ArrayRef<mlir::AffineMap> inputMaps,
                         ScalarFn body);

/// As buildGeneric, with every input broadcast to the result (numpy rules).
mlir::Value buildBroadcastGeneric(mlir::OpBuilder &b, mlir::Location loc,
                                  mlir::RankedTensorType resultType,
                                  mlir::ValueRange inputs, ScalarFn body);

/// Broadcasts `v` to `shape` (numpy rules); returns `v` if it has the shape.
mlir::Value broadcastTensor(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Value v, llvm::ArrayRef<int64_t> shape);

/// Applies `fn` to every element of `v`, giving a tensor of `elementType`.
mlir::Value
mapTensor(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
          mlir::Type elementType,
          llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                         mlir::Value)>
              fn);

/// Same elements in the shape of `shape`: tensor.collapse_shape or
/// tensor.expand_shape when a reassociation exists, else a collapse to 1-D
/// followed by an expand. Returns `v` when the shape already matches.
mlir::Value reshapeTensor(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                          llvm::ArrayRef<int64_t> shape);

/// linalg.reduce of `input` over `dims` (increasing) into an accumulator of
/// `accType` initialized to `init`; the body converts each input element to
/// `accType` and applies `combine`.
mlir::Value reduceTensor(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value input, llvm::ArrayRef<int64_t> dims,
                         mlir::TypedAttr init, CombineFn combine);

/// `shape` without the listed dims.
llvm::SmallVector<int64_t> dropDims(llvm::ArrayRef<int64_t> shape,
                                    llvm::ArrayRef<int64_t> dims);

/// Product of the dims (static shapes only).
int64_t product(llvm::ArrayRef<int64_t> shape);

} // namespace strata::graph_to_linalg

namespace strata {
// The per-family pattern lists that make up populateGraphToLinalgPatterns.
void populateGraphElementwiseToLinalgPatterns(mlir::RewritePatternSet &);
void populateGraphContractionToLinalgPatterns(mlir::RewritePatternSet &);
void populateGraphWindowToLinalgPatterns(mlir::RewritePatternSet &);
void populateGraphReductionToLinalgPatterns(mlir::RewritePatternSet &);
void populateGraphNormalizationToLinalgPatterns(mlir::RewritePatternSet &);
void populateGraphDataMovementToLinalgPatterns(mlir::RewritePatternSet &);
void populateGraphInterpolationToLinalgPatterns(mlir::RewritePatternSet &);
} // namespace strata

#endif // STRATA_LIB_CONVERSION_GRAPHTOTILE_LOWERINGUTILS_H
