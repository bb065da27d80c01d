//===- ShapeInferenceTest.cpp - the graph layer's shape rules -------------===//
//
// Expected shapes come from the rules' public definitions (numpy
// broadcasting and matmul, the ONNX operator specs), worked out by hand.
//
//===----------------------------------------------------------------------===//

#include "dialects/Graph/IR/ShapeInference.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace strata::graph::shape;
using llvm::ArrayRef;

namespace {
constexpr int64_t D = kDynamic;

Shape ok(mlir::LogicalResult r, const Shape &s, const std::string &err) {
  EXPECT_TRUE(mlir::succeeded(r)) << err;
  return s;
}

TEST(Broadcast, NumpyRules) {
  Shape out;
  std::string err;
  EXPECT_EQ(ok(broadcast({8, 1, 6, 1}, {7, 1, 5}, out, err), out, err),
            (Shape{8, 7, 6, 5}));
  EXPECT_EQ(ok(broadcast({}, {3, 4}, out, err), out, err), (Shape{3, 4}));
  EXPECT_EQ(ok(broadcast({D, 4}, {3, 1}, out, err), out, err), (Shape{3, 4}));
  EXPECT_EQ(ok(broadcast({D}, {1}, out, err), out, err), (Shape{D}));
  EXPECT_EQ(ok(broadcast({0, 1}, {1, 5}, out, err), out, err), (Shape{0, 5}));
}

TEST(Broadcast, MismatchNamesTheDims) {
  Shape out;
  std::string err;
  EXPECT_TRUE(mlir::failed(broadcast({2, 3}, {4, 3}, out, err)));
  EXPECT_NE(err.find("2 vs 4"), std::string::npos) << err;
  EXPECT_TRUE(mlir::failed(broadcastTo({3, 2}, {3, 4}, err)));
  EXPECT_TRUE(mlir::failed(broadcastTo({1, 3}, {3}, err)));
  EXPECT_TRUE(mlir::succeeded(broadcastTo({3, 1}, {2, 3, 4}, err)));
}

TEST(MatMul, NumpySemantics) {
  Shape out;
  std::string err;
  EXPECT_EQ(ok(matmul({2, 3}, {3, 4}, out, err), out, err), (Shape{2, 4}));
  EXPECT_EQ(ok(matmul({3}, {3}, out, err), out, err), (Shape{}));
  EXPECT_EQ(ok(matmul({3}, {3, 4}, out, err), out, err), (Shape{4}));
  EXPECT_EQ(ok(matmul({2, 3}, {3}, out, err), out, err), (Shape{2}));
  EXPECT_EQ(ok(matmul({5, 1, 2, 3}, {4, 3, 7}, out, err), out, err),
            (Shape{5, 4, 2, 7}));
  EXPECT_EQ(ok(matmul({D, 2, 3}, {3, D}, out, err), out, err),
            (Shape{D, 2, D}));
  EXPECT_TRUE(mlir::failed(matmul({2, 3}, {4, 5}, out, err)));
  EXPECT_TRUE(mlir::failed(matmul({}, {4, 5}, out, err)));
}

TEST(Gemm, Transposes) {
  Shape out;
  std::string err;
  EXPECT_EQ(ok(gemm({3, 2}, {4, 3}, true, true, out, err), out, err),
            (Shape{2, 4}));
  EXPECT_TRUE(mlir::failed(gemm({3, 2}, {4, 3}, false, false, out, err)));
}

TEST(Window, ConvAndPool) {
  Shape out;
  std::string err;
  // 1x3x224x224, 64 7x7 filters, stride 2, pad 3: ResNet's stem -> 112x112.
  EXPECT_EQ(ok(conv2d({1, 3, 224, 224}, {64, 3, 7, 7}, {2, 2}, {3, 3, 3, 3},
                      {1, 1}, 1, out, err),
               out, err),
            (Shape{1, 64, 112, 112}));
  // Depthwise: groups = channels.
  EXPECT_EQ(ok(conv2d({1, 8, 5, 5}, {8, 1, 3, 3}, {1, 1}, {1, 1, 1, 1},
                      {1, 1}, 8, out, err),
               out, err),
            (Shape{1, 8, 5, 5}));
  // Dilation 2 makes a 3x3 kernel span 5.
  EXPECT_EQ(ok(conv2d({1, 1, 7, 7}, {1, 1, 3, 3}, {1, 1}, {0, 0, 0, 0},
                      {2, 2}, 1, out, err),
               out, err),
            (Shape{1, 1, 3, 3}));
  EXPECT_TRUE(mlir::failed(conv2d({1, 3, 5, 5}, {4, 2, 3, 3}, {1, 1},
                                  {0, 0, 0, 0}, {1, 1}, 1, out, err)));
  EXPECT_TRUE(mlir::failed(conv2d({1, 3, 2, 2}, {4, 3, 3, 3}, {1, 1},
                                  {0, 0, 0, 0}, {1, 1}, 1, out, err)));
  // ONNX MaxPool ceil_mode example: 4x4, kernel 3, stride 2 -> 2x2 (floor 1).
  EXPECT_EQ(ok(pool2d({1, 1, 4, 4}, {3, 3}, {2, 2}, {0, 0, 0, 0}, {1, 1},
                      true, out, err),
               out, err),
            (Shape{1, 1, 2, 2}));
  EXPECT_EQ(ok(pool2d({1, 1, 4, 4}, {3, 3}, {2, 2}, {0, 0, 0, 0}, {1, 1},
                      false, out, err),
               out, err),
            (Shape{1, 1, 1, 1}));
  EXPECT_EQ(ok(pool2d({1, 1, D, 4}, {2, 2}, {2, 2}, {0, 0, 0, 0}, {1, 1},
                      false, out, err),
               out, err),
            (Shape{1, 1, D, 2}));
}

TEST(Axes, ReduceSqueezeUnsqueeze) {
  Shape out;
  std::string err;
  EXPECT_EQ(ok(reduce({2, 3, 4}, {1}, true, out, err), out, err),
            (Shape{2, 1, 4}));
  EXPECT_EQ(ok(reduce({2, 3, 4}, {0, 2}, false, out, err), out, err),
            (Shape{3}));
  EXPECT_TRUE(mlir::failed(reduce({2, 3}, {1, 0}, false, out, err)));
  EXPECT_TRUE(mlir::failed(reduce({2, 3}, {2}, false, out, err)));
  EXPECT_EQ(ok(squeeze({1, 3, 1}, {0, 2}, out, err), out, err), (Shape{3}));
  EXPECT_TRUE(mlir::failed(squeeze({2, 3}, {0}, out, err)));
  EXPECT_EQ(ok(unsqueeze({3, 4}, {0, 3}, out, err), out, err),
            (Shape{1, 3, 4, 1}));
}

TEST(DataMovement, TransposeConcatGatherPadFlatten) {
  Shape out;
  std::string err;
  EXPECT_EQ(ok(transpose({2, 3, 4}, {2, 0, 1}, out, err), out, err),
            (Shape{4, 2, 3}));
  EXPECT_TRUE(mlir::failed(transpose({2, 3}, {0, 0}, out, err)));
  Shape a{2, 3}, b{2, 5};
  EXPECT_EQ(ok(concat({ArrayRef<int64_t>(a), ArrayRef<int64_t>(b)}, 1, out,
                      err),
               out, err),
            (Shape{2, 8}));
  EXPECT_TRUE(mlir::failed(
      concat({ArrayRef<int64_t>(a), ArrayRef<int64_t>(b)}, 0, out, err)));
  EXPECT_EQ(ok(gather({5, 4, 3}, {2, 6}, 1, out, err), out, err),
            (Shape{5, 2, 6, 3}));
  EXPECT_EQ(ok(pad({3, 4}, {1, 0, 2, -1}, out, err), out, err),
            (Shape{6, 3}));
  EXPECT_TRUE(mlir::failed(pad({3, 4}, {0, -5, 0, 0}, out, err)));
  EXPECT_EQ(ok(flatten({2, 3, 4}, 0, out, err), out, err), (Shape{1, 24}));
  EXPECT_EQ(ok(flatten({2, 3, 4}, 2, out, err), out, err), (Shape{6, 4}));
  EXPECT_EQ(ok(flatten({2, D, 4}, 2, out, err), out, err), (Shape{D, 4}));
}

TEST(Slice, OnnxSemantics) {
  Shape out;
  std::string err;
  // x[1:3, 0:4:2] of a 4x5 tensor.
  EXPECT_EQ(ok(slice({4, 5}, {1, 0}, {3, 4}, {1, 2}, out, err), out, err),
            (Shape{2, 2}));
  // Ends past the dim clamp; negative starts count from the end.
  EXPECT_EQ(ok(slice({10}, {-3}, {1000}, {1}, out, err), out, err),
            (Shape{3}));
  // Reverse the whole dim: start -1, end INT64_MIN, step -1.
  EXPECT_EQ(ok(slice({7}, {-1}, {INT64_MIN}, {-1}, out, err), out, err),
            (Shape{7}));
  // Empty when start >= end.
  EXPECT_EQ(ok(slice({7}, {5}, {2}, {1}, out, err), out, err), (Shape{0}));
  EXPECT_TRUE(mlir::failed(slice({7}, {0}, {7}, {0}, out, err)));
}

TEST(GridSample, Shapes) {
  Shape out;
  std::string err;
  EXPECT_EQ(ok(gridSample({2, 3, 4, 5}, {2, 6, 7, 2}, out, err), out, err),
            (Shape{2, 3, 6, 7}));
  EXPECT_EQ(ok(gridSample({D, 3, 4, 5, 6}, {1, 2, 2, 2, 3}, out, err), out,
               err),
            (Shape{1, 3, 2, 2, 2}));
  EXPECT_TRUE(mlir::failed(gridSample({1, 1, 4, 4}, {1, 2, 2, 3}, out, err)));
  EXPECT_TRUE(mlir::failed(gridSample({1, 1, 4, 4}, {1, 2, 2}, out, err)));
  EXPECT_TRUE(mlir::failed(gridSample({2, 1, 4}, {3, 2, 1}, out, err)));
  EXPECT_TRUE(mlir::failed(gridSample({2, 1}, {2, 1}, out, err)));
}

TEST(Resize, RanksScalesAndEmptyDims) {
  std::string err;
  EXPECT_TRUE(mlir::succeeded(resize({1, 3, 4, 4}, {1, 3, 8, 2},
                                     {1.0, 1.0, 2.0, 0.5}, err)));
  // Result dims are free (sizes or floor(in * scale)); dynamic ones too.
  EXPECT_TRUE(mlir::succeeded(resize({D, 5}, {D, 7}, {1.0, 1.4}, err)));
  EXPECT_TRUE(mlir::failed(resize({4, 4}, {8}, {2.0, 2.0}, err)));
  EXPECT_NE(err.find("rank"), std::string::npos);
  EXPECT_TRUE(mlir::failed(resize({4, 4}, {8, 8}, {2.0}, err)));
  EXPECT_NE(err.find("one scale per dim"), std::string::npos);
  EXPECT_TRUE(mlir::failed(resize({4}, {4}, {-1.0}, err)));
  EXPECT_TRUE(mlir::failed(resize({4}, {4}, {INFINITY}, err)));
  EXPECT_TRUE(mlir::failed(resize({0}, {3}, {2.0}, err)));
  EXPECT_NE(err.find("empty"), std::string::npos);
  EXPECT_TRUE(mlir::succeeded(resize({0}, {0}, {2.0}, err)));
}

TEST(Counting, NumElementsOverflow) {
  EXPECT_EQ(numElements({2, 3, 4}), 24);
  EXPECT_EQ(numElements({2, D}), D);
  EXPECT_EQ(numElements({INT64_MAX, 2}), std::nullopt);
  EXPECT_EQ(toString({2, D, 3}), "2x?x3");
}
} // namespace
