//===- LaunchPlanTest.cpp - the device launch plan's host ops ------------===//
//
// lib/Target/Device's buildLaunchPlan on host functions no tool reaches
// directly (strata-compile only writes them itself): the tensor maps and
// dynamic shared memory of the cuda sm_90a wgmma kernels (artifact ABI 3)
// and the vulkan bf16 buffers passed as i16, accepted as the plan
// describes them or refused with the op's location.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/Device/Device.h"

#include "strata-rt/strata_artifact.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;
namespace device = strata::device;

namespace {

class LaunchPlanTest : public ::testing::Test {
protected:
  LaunchPlanTest() {
    context.loadDialect<arith::ArithDialect, func::FuncDialect, gpu::GPUDialect,
                        LLVM::LLVMDialect, memref::MemRefDialect,
                        nvgpu::NVGPUDialect>();
  }

  /// Parses `host` (the function @f, with `inputs` buffer arguments before
  /// one output) next to a gpu.module with kernel @k of parameters
  /// `params`, and builds its plan; `errors` collects the diagnostics.
  LogicalResult plan(StringRef host, unsigned inputs, StringRef params) {
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &d) {
      errors += d.str() + "\n";
      return success();
    });
    std::string text = ("module attributes {gpu.container_module} {\n" + host +
                        "\ngpu.module @m {\n  gpu.func @k(" + params +
                        ") kernel { gpu.return }\n}\n}\n")
                           .str();
    module = parseSourceString<ModuleOp>(text, &context);
    if (!module)
      return failure();
    strata::cpu::ArtifactInfo info;
    info.entry = "f";
    info.modelName = "m";
    for (unsigned i = 0; i < inputs; ++i)
      info.inputs.push_back({"in", 1, {}});
    info.outputs.push_back({"out", 1, {}});
    device::LaunchPlanOptions options;
    options.target = "cuda";
    options.kernelsFromLaunches = true;
    return device::buildLaunchPlan(*module, info, options, program);
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  device::DeviceProgram program;
  std::string errors;
};

constexpr const char *kTensorMap = R"(
func.func @f(%a: memref<256x512xf16>, %c: memref<256x256xf16>) {
  %u = memref.cast %a : memref<256x512xf16> to memref<*xf16>
  %r = arith.constant 128 : index
  %k = arith.constant BOX : index
  %d = nvgpu.tma.create.descriptor %u box[%r, %k] : memref<*xf16> -> !nvgpu.tensormap.descriptor<tensor = memref<128x64xf16, 3>, swizzle = swizzle_128b, l2promo = none, oob = zero, interleave = none>
  %p = builtin.unrealized_conversion_cast %d : !nvgpu.tensormap.descriptor<tensor = memref<128x64xf16, 3>, swizzle = swizzle_128b, l2promo = none, oob = zero, interleave = none> to !llvm.ptr
  %s = arith.constant 99328 : i32
  %one = arith.constant 1 : index
  %t = arith.constant 128 : index
  gpu.launch_func @m::@k blocks in (%one, %one, %one) threads in (%t, %one, %one) dynamic_shared_memory_size %s args(%a : memref<256x512xf16>, %c : memref<256x256xf16>, %p : !llvm.ptr)
  return
}
)";

constexpr const char *kMapParams =
    "%a: memref<256x512xf16>, %c: memref<256x256xf16>, %p: !llvm.ptr";

std::string withBox(const char *box) {
  std::string s = kTensorMap;
  s.replace(s.find("BOX"), 3, box);
  return s;
}

TEST_F(LaunchPlanTest, TensorMapAndDynamicSharedMemory) {
  ASSERT_TRUE(succeeded(plan(withBox("64"), 1, kMapParams))) << errors;
  ASSERT_EQ(program.tensorMaps.size(), 1u);
  const device::DeviceProgram::TensorMap &m = program.tensorMaps[0];
  EXPECT_EQ(m.buffer, 0); // the input
  EXPECT_EQ(m.dtype, STRATA_DTYPE_F16);
  EXPECT_EQ(m.swizzle, STRATA_SWIZZLE_128B);
  EXPECT_EQ(m.dims, (std::vector<uint64_t>{256, 512}));
  EXPECT_EQ(m.box, (std::vector<uint32_t>{128, 64}));
  // Buffers: input, output, the map's 128 bytes; the launch passes them.
  ASSERT_EQ(program.buffers.size(), 3u);
  EXPECT_EQ(program.buffers[2].kind, STRATA_BUFFER_TENSOR_MAP);
  EXPECT_EQ(program.buffers[2].byteSize, 128u);
  ASSERT_EQ(program.steps.size(), 1u);
  EXPECT_EQ(program.steps[0].args, (std::vector<int32_t>{0, 1, 2}));
  ASSERT_EQ(program.kernels.size(), 1u);
  EXPECT_EQ(program.kernels[0].dynamicSharedBytes, 99328u);
  EXPECT_EQ(program.abiVersion(), 3u);
}

TEST_F(LaunchPlanTest, TensorMapBoxMustBeConstantAndInRange) {
  EXPECT_TRUE(failed(plan(withBox("300"), 1, kMapParams)));
  EXPECT_NE(errors.find("needs constant tensor-map box sizes in 1..256"),
            std::string::npos)
      << errors;
}

TEST_F(LaunchPlanTest, OneDynamicSharedSizePerKernel) {
  const char *host = R"(
func.func @f(%a: memref<4xf32>, %c: memref<4xf32>) {
  %one = arith.constant 1 : index
  %s1 = arith.constant 1024 : i32
  %s2 = arith.constant 2048 : i32
  gpu.launch_func @m::@k blocks in (%one, %one, %one) threads in (%one, %one, %one) dynamic_shared_memory_size %s1 args(%a : memref<4xf32>)
  gpu.launch_func @m::@k blocks in (%one, %one, %one) threads in (%one, %one, %one) dynamic_shared_memory_size %s2 args(%a : memref<4xf32>)
  return
}
)";
  EXPECT_TRUE(failed(plan(host, 1, "%a: memref<4xf32>")));
  EXPECT_NE(errors.find("needs one dynamic shared memory size per kernel"),
            std::string::npos)
      << errors;
}

TEST_F(LaunchPlanTest, Bf16BuffersAsI16AreTheSameBuffer) {
  const char *host = R"(
func.func @f(%a: memref<8xbf16>, %c: memref<8xbf16>) {
  %v = builtin.unrealized_conversion_cast %a : memref<8xbf16> to memref<8xi16>
  %w = builtin.unrealized_conversion_cast %c : memref<8xbf16> to memref<8xi16>
  %one = arith.constant 1 : index
  gpu.launch_func @m::@k blocks in (%one, %one, %one) threads in (%one, %one, %one) args(%v : memref<8xi16>, %w : memref<8xi16>)
  return
}
)";
  ASSERT_TRUE(succeeded(plan(host, 1, "%v: memref<8xi16>, %w: memref<8xi16>")))
      << errors;
  EXPECT_EQ(program.buffers.size(), 2u);
  EXPECT_EQ(program.steps[0].args, (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(program.abiVersion(), 2u);
}

TEST_F(LaunchPlanTest, ReinterpretingAsAnotherWidthIsRefused) {
  const char *host = R"(
func.func @f(%a: memref<8xbf16>, %c: memref<8xbf16>) {
  %v = builtin.unrealized_conversion_cast %a : memref<8xbf16> to memref<8xi8>
  %one = arith.constant 1 : index
  gpu.launch_func @m::@k blocks in (%one, %one, %one) threads in (%one, %one, %one) args(%v : memref<8xi8>)
  return
}
)";
  EXPECT_TRUE(failed(plan(host, 1, "%v: memref<8xi8>")));
  EXPECT_NE(errors.find("reinterprets whole buffers only as the same shape "
                        "with elements of the same width"),
            std::string::npos)
      << errors;
}

} // namespace
