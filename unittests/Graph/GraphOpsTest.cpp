//===- GraphOpsTest.cpp - building graph ops through the C++ API ----------===//
//
// Ops built without result types get them from the shape rules; invalid
// combinations are rejected by the verifier rather than crashing.
//
//===----------------------------------------------------------------------===//

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace strata::graph;

namespace {
class GraphOpsTest : public ::testing::Test {
protected:
  GraphOpsTest() : builder(&context) {
    context.loadDialect<GraphDialect, func::FuncDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
  }
  Value constant(ArrayRef<int64_t> shape, float v) {
    auto type = RankedTensorType::get(shape, builder.getF32Type());
    return ConstantOp::create(builder, builder.getUnknownLoc(),
                              DenseElementsAttr::get(type, v));
  }
  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
};

TEST_F(GraphOpsTest, InfersBroadcastResult) {
  auto add = AddOp::create(builder, builder.getUnknownLoc(),
                           constant({2, 1, 3}, 1.f), constant({4, 1}, 2.f));
  EXPECT_EQ(add.getType().getShape(), (ArrayRef<int64_t>{2, 4, 3}));
  EXPECT_TRUE(succeeded(verify(*module)));
}

TEST_F(GraphOpsTest, InfersMatMulAndConv) {
  auto mm = MatMulOp::create(builder, builder.getUnknownLoc(),
                             constant({7, 2, 3}, 1.f), constant({3, 5}, 1.f));
  EXPECT_EQ(mm.getType().getShape(), (ArrayRef<int64_t>{7, 2, 5}));
  auto conv = Conv2DOp::create(
      builder, builder.getUnknownLoc(), constant({1, 4, 8, 8}, 1.f),
      constant({6, 2, 3, 3}, 1.f), Value(), builder.getDenseI64ArrayAttr({2, 2}),
      builder.getDenseI64ArrayAttr({1, 1, 1, 1}),
      builder.getDenseI64ArrayAttr({1, 1}), builder.getI64IntegerAttr(2));
  EXPECT_EQ(conv.getType().getShape(), (ArrayRef<int64_t>{1, 6, 4, 4}));
  EXPECT_TRUE(succeeded(verify(*module)));
}

TEST_F(GraphOpsTest, FoldsSmallConstants) {
  auto add = AddOp::create(builder, builder.getUnknownLoc(),
                           constant({2, 2}, 1.5f), constant({2, 2}, 2.f));
  SmallVector<OpFoldResult> folded;
  ASSERT_TRUE(succeeded(add->fold(folded)));
  ASSERT_EQ(folded.size(), 1u);
  auto attr = dyn_cast<DenseElementsAttr>(cast<Attribute>(folded[0]));
  ASSERT_TRUE(attr && attr.isSplat());
  EXPECT_EQ(attr.getSplatValue<float>(), 3.5f);
}

TEST_F(GraphOpsTest, VerifierRejectsBadStatedType) {
  // A stated result type that contradicts the rule fails verification.
  Value a = constant({2, 3}, 1.f), b = constant({3}, 1.f);
  auto wrong = RankedTensorType::get({3, 3}, builder.getF32Type());
  auto add = AddOp::create(builder, builder.getUnknownLoc(), wrong, a, b);
  (void)add;
  context.getDiagEngine().registerHandler([](Diagnostic &) { return success(); });
  EXPECT_TRUE(failed(verify(*module)));
}
} // namespace
