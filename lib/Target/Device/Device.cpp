//===- Device.cpp - device sections and data-only artifacts ---------------===//
//
// What every device target (vulkan, cuda, rocm) shares after its kernels are
// compiled: the launch plan extracted from the host function, and the
// artifact, a data-only shared library (an LLVM module of constants, linked
// with clang) whose device section strata-rt's backends run.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/Device/Device.h"

#include "strata-rt/strata_artifact.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;

namespace strata::device {

/// Bytes of one element as the kernels store it (i1 as one byte).
static uint64_t elementBytes(Type t) {
  if (t.isInteger(1))
    return 1;
  return llvm::divideCeil(t.getIntOrFloatBitWidth(), 8);
}

static FailureOr<uint64_t> bufferBytes(Operation *op, Type type,
                                       StringRef plan) {
  auto m = dyn_cast<MemRefType>(type);
  if (!m || !m.hasStaticShape() || !m.getElementType().isIntOrFloat())
    return op->emitOpError(plan) << " needs buffers of static shape and "
                                    "scalar elements, got "
                                 << type;
  return m.getNumElements() * elementBytes(m.getElementType());
}

/// The bytes of a constant global, in the kernels' element layout.
static FailureOr<std::vector<char>> globalBytes(memref::GlobalOp global,
                                                StringRef target) {
  MemRefType type = global.getType();
  std::optional<Attribute> init = global.getInitialValue();
  if (!init || isa<UnitAttr>(*init))
    return global.emitOpError("has no initial value for the ")
           << target << " artifact";
  std::vector<char> bytes;
  if (auto dense = dyn_cast<DenseElementsAttr>(*init)) {
    Type et = dense.getElementType();
    if (et.isInteger(1)) {
      for (bool v : dense.getValues<bool>())
        bytes.push_back(v ? 1 : 0);
    } else {
      ArrayRef<char> raw = dense.getRawData();
      if (dense.isSplat()) {
        for (int64_t i = 0; i < dense.getNumElements(); ++i)
          bytes.insert(bytes.end(), raw.begin(), raw.end());
      } else {
        bytes.assign(raw.begin(), raw.end());
      }
    }
  } else if (auto resource = dyn_cast<DenseResourceElementsAttr>(*init)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return global.emitOpError("its dense resource has no data");
    ArrayRef<char> data = blob->getData();
    bytes.assign(data.begin(), data.end());
  } else {
    return global.emitOpError("has an initial value the ")
           << target << " artifact cannot store: " << *init;
  }
  uint64_t expected =
      type.getNumElements() * elementBytes(type.getElementType());
  if (bytes.size() != expected)
    return global.emitOpError("holds ")
           << bytes.size() << " bytes, expected " << expected;
  return bytes;
}

uint32_t DeviceProgram::abiVersion() const {
  bool shared = llvm::any_of(
      kernels, [](const Kernel &k) { return k.dynamicSharedBytes != 0; });
  return tensorMaps.empty() && !shared ? 2 : 3;
}

std::vector<DeviceProgram::Kernel> collectKernels(
    ModuleOp module,
    llvm::function_ref<std::array<uint32_t, 3>(gpu::GPUFuncOp)> blockSize) {
  std::vector<DeviceProgram::Kernel> kernels;
  module.walk([&](gpu::GPUFuncOp f) {
    if (!f.isKernel())
      return;
    DeviceProgram::Kernel k;
    k.entry = f.getName().str();
    std::array<uint32_t, 3> size = blockSize(f);
    for (int d = 0; d < 3; ++d)
      k.workgroupSize[d] = size[d];
    k.numBindings = static_cast<int32_t>(f.getNumArguments());
    kernels.push_back(std::move(k));
  });
  return kernels;
}

LogicalResult buildLaunchPlan(ModuleOp module, const cpu::ArtifactInfo &info,
                              const LaunchPlanOptions &options,
                              DeviceProgram &program) {
  std::string plan = "the " + options.target + " launch plan";
  // Kernels known up front (in the order of the gpu.module), or added as
  // the host function launches them.
  llvm::StringMap<int32_t> kernelIndex;
  for (auto [i, k] : llvm::enumerate(program.kernels))
    kernelIndex[k.entry] = static_cast<int32_t>(i);

  auto entry = module.lookupSymbol<func::FuncOp>(info.entry);
  if (!entry || entry.isExternal())
    return emitError(module.getLoc(), "host function '")
           << info.entry << "' is missing";
  size_t numArgs = info.inputs.size() + info.outputs.size();
  if (entry.getNumArguments() != numArgs || entry.getNumResults() != 0)
    return entry.emitOpError("expected ")
           << numArgs << " buffer arguments (inputs then outputs) and no "
           << "results for " << plan;
  if (!entry.getBody().hasOneBlock())
    return entry.emitOpError(plan) << " needs a host function "
                                      "of one block (no control flow)";

  DenseMap<Value, int32_t> buffers;
  auto addBuffer = [&](int32_t kind, int32_t index, uint64_t bytes) {
    program.buffers.push_back({kind, index, bytes});
    return static_cast<int32_t>(program.buffers.size() - 1);
  };
  for (auto [i, arg] : llvm::enumerate(entry.getArguments())) {
    FailureOr<uint64_t> bytes = bufferBytes(entry, arg.getType(), plan);
    if (failed(bytes))
      return failure();
    bool input = i < info.inputs.size();
    buffers[arg] = addBuffer(
        input ? STRATA_BUFFER_INPUT : STRATA_BUFFER_OUTPUT,
        static_cast<int32_t>(input ? i : i - info.inputs.size()), *bytes);
  }
  llvm::StringMap<int32_t> globals; // global name -> buffer
  DenseMap<int32_t, uint32_t> sharedBytes; // kernel -> dynamic shared
  auto lookup = [&](Operation *op, Value v) -> FailureOr<int32_t> {
    auto it = buffers.find(v);
    if (it == buffers.end())
      return op->emitOpError("uses a value ")
             << plan << " does not know as a buffer";
    return it->second;
  };
  /// A view of a whole buffer with an identity layout is the buffer.
  auto isWholeView = [](Type t) {
    auto m = dyn_cast<MemRefType>(t);
    return m && m.getLayout().isIdentity();
  };

  for (Operation &op : entry.getBody().front()) {
    if (isa<arith::ConstantOp, memref::DeallocOp, func::ReturnOp>(op))
      continue;
    if (auto get = dyn_cast<memref::GetGlobalOp>(op)) {
      auto [it, inserted] = globals.try_emplace(get.getName());
      if (inserted) {
        auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
            get, get.getNameAttr());
        if (!global || !global.getConstant())
          return get.emitOpError(plan) << " reads constant "
                                          "globals only";
        FailureOr<std::vector<char>> bytes =
            globalBytes(global, options.target);
        if (failed(bytes))
          return failure();
        int32_t blob = static_cast<int32_t>(program.blobs.size());
        uint64_t size = bytes->size();
        program.blobs.push_back(std::move(*bytes));
        it->second = addBuffer(STRATA_BUFFER_CONSTANT, blob, size);
      }
      buffers[get.getResult()] = it->second;
      continue;
    }
    if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
      FailureOr<uint64_t> bytes = bufferBytes(alloc, alloc.getType(), plan);
      if (failed(bytes))
        return failure();
      buffers[alloc.getResult()] = addBuffer(STRATA_BUFFER_TEMP, -1, *bytes);
      continue;
    }
    // A buffer as an unranked memref (the source of a tensor map).
    if (auto cast = dyn_cast<memref::CastOp>(op);
        cast && isa<UnrankedMemRefType>(cast.getType()) &&
        isWholeView(cast.getSource().getType())) {
      FailureOr<int32_t> source = lookup(&op, cast.getSource());
      if (failed(source))
        return failure();
      buffers[cast.getResult()] = *source;
      continue;
    }
    // A TMA tensor map of a whole buffer (ABI 3): a buffer of its own that
    // the runtime fills at load time.
    if (auto desc = dyn_cast<nvgpu::TmaCreateDescriptorOp>(op)) {
      auto cast = desc.getTensor().getDefiningOp<memref::CastOp>();
      auto type = cast ? dyn_cast<MemRefType>(cast.getSource().getType())
                       : MemRefType();
      FailureOr<int32_t> source = lookup(desc, desc.getTensor());
      if (failed(source))
        return failure();
      nvgpu::TensorMapDescriptorType mapType =
          desc.getTensorMap().getType();
      DeviceProgram::TensorMap map;
      map.buffer = *source;
      map.dtype = type ? cpu::getDType(type.getElementType()) : 0;
      map.swizzle = static_cast<int32_t>(mapType.getSwizzle());
      if (!type || !type.hasStaticShape() || !type.getLayout().isIdentity() ||
          type.getRank() < 1 ||
          type.getRank() > STRATA_TENSOR_MAP_MAX_RANK || !map.dtype ||
          desc.getBoxDimensions().size() != size_t(type.getRank()))
        return desc.emitOpError(plan)
               << " makes tensor maps of whole buffers of rank 1.."
               << STRATA_TENSOR_MAP_MAX_RANK
               << " (static shapes, identity layouts, one box size per "
                  "dimension)";
      for (int64_t d : type.getShape())
        map.dims.push_back(static_cast<uint64_t>(d));
      for (Value v : desc.getBoxDimensions()) {
        std::optional<int64_t> c = getConstantIntValue(v);
        if (!c || *c < 1 || *c > 256)
          return desc.emitOpError(plan)
                 << " needs constant tensor-map box sizes in 1..256";
        map.box.push_back(static_cast<uint32_t>(*c));
      }
      int32_t index = static_cast<int32_t>(program.tensorMaps.size());
      program.tensorMaps.push_back(std::move(map));
      buffers[desc.getResult()] =
          addBuffer(STRATA_BUFFER_TENSOR_MAP, index, /*bytes=*/128);
      continue;
    }
    // A one-to-one cast that is the same plan buffer: a tensor map passed as
    // the pointer the kernel takes, or a buffer reinterpreted as another
    // element type of the same width (vulkan: bf16 buffers as the kernels'
    // i16 storage).
    if (auto cast = dyn_cast<UnrealizedConversionCastOp>(op);
        cast && cast.getNumOperands() == 1 && cast.getNumResults() == 1 &&
        isa<nvgpu::TensorMapDescriptorType, MemRefType>(
            cast.getOperand(0).getType())) {
      if (auto from = dyn_cast<MemRefType>(cast.getOperand(0).getType())) {
        auto to = dyn_cast<MemRefType>(cast.getResult(0).getType());
        if (!to || !from.hasStaticShape() || from.getShape() != to.getShape() ||
            !from.getLayout().isIdentity() || !to.getLayout().isIdentity() ||
            from.getMemorySpace() != to.getMemorySpace() ||
            !from.getElementType().isIntOrFloat() ||
            !to.getElementType().isIntOrFloat() ||
            from.getElementType().getIntOrFloatBitWidth() !=
                to.getElementType().getIntOrFloatBitWidth())
          return cast.emitOpError(plan)
                 << " reinterprets whole buffers only as the same shape with "
                    "elements of the same width (identity layouts), got "
                 << from << " to " << cast.getResult(0).getType();
      }
      FailureOr<int32_t> source = lookup(&op, cast.getOperand(0));
      if (failed(source))
        return failure();
      buffers[cast.getResult(0)] = *source;
      continue;
    }
    if (isa<memref::CollapseShapeOp, memref::ExpandShapeOp, memref::CastOp,
            memref::ReinterpretCastOp>(op)) {
      auto rc = dyn_cast<memref::ReinterpretCastOp>(op);
      bool zeroOffset = !rc || (rc.getStaticOffsets().size() == 1 &&
                                rc.getStaticOffsets()[0] == 0);
      if (!isWholeView(op.getOperand(0).getType()) ||
          !isWholeView(op.getResult(0).getType()) || !zeroOffset)
        return op.emitOpError(plan)
               << " expresses views of "
                  "whole buffers only (identity layouts, offset "
                  "0)";
      FailureOr<int32_t> source = lookup(&op, op.getOperand(0));
      if (failed(source))
        return failure();
      buffers[op.getResult(0)] = *source;
      continue;
    }
    if (auto copy = dyn_cast<memref::CopyOp>(op)) {
      if (!isWholeView(copy.getSource().getType()) ||
          !isWholeView(copy.getTarget().getType()))
        return copy.emitOpError(plan) << " copies whole "
                                         "buffers only (identity layouts)";
      FailureOr<int32_t> from = lookup(copy, copy.getSource());
      FailureOr<int32_t> to = lookup(copy, copy.getTarget());
      FailureOr<uint64_t> bytes =
          bufferBytes(copy, copy.getTarget().getType(), plan);
      if (failed(from) || failed(to) || failed(bytes))
        return failure();
      DeviceProgram::Step step;
      step.kind = STRATA_STEP_COPY;
      step.args = {*from, *to};
      step.byteSize = *bytes;
      program.steps.push_back(std::move(step));
      continue;
    }
    if (auto launch = dyn_cast<gpu::LaunchFuncOp>(op)) {
      auto it = kernelIndex.find(launch.getKernelName());
      if (it == kernelIndex.end() && options.kernelsFromLaunches) {
        // The kernel's block size is the launch's (one per kernel), its
        // bindings the launch's operands.
        DeviceProgram::Kernel k;
        k.entry = launch.getKernelName().str();
        gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
        Value dims[] = {block.x, block.y, block.z};
        for (int d = 0; d < 3; ++d) {
          std::optional<int64_t> c = getConstantIntValue(dims[d]);
          if (!c || *c < 1 || *c > 1024)
            return launch.emitOpError(plan)
                   << " needs constant block sizes in 1..1024";
          k.workgroupSize[d] = static_cast<uint32_t>(*c);
        }
        k.numBindings = static_cast<int32_t>(launch.getNumKernelOperands());
        it = kernelIndex
                 .try_emplace(k.entry,
                              static_cast<int32_t>(program.kernels.size()))
                 .first;
        program.kernels.push_back(std::move(k));
      }
      if (it == kernelIndex.end())
        return launch.emitOpError("launches an unknown kernel");
      if (options.kernelsFromLaunches) {
        const DeviceProgram::Kernel &k = program.kernels[it->second];
        gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
        Value dims[] = {block.x, block.y, block.z};
        for (int d = 0; d < 3; ++d)
          if (getConstantIntValue(dims[d]) !=
              static_cast<int64_t>(k.workgroupSize[d]))
            return launch.emitOpError(plan)
                   << " needs one block size per kernel";
      }
      // Dynamic shared memory: one constant size per kernel.
      {
        DeviceProgram::Kernel &k = program.kernels[it->second];
        uint32_t bytes = 0;
        if (Value v = launch.getDynamicSharedMemorySize()) {
          std::optional<int64_t> c = getConstantIntValue(v);
          if (!c || *c < 0 || *c > (int64_t(1) << 31))
            return launch.emitOpError(plan)
                   << " needs a constant dynamic shared memory size";
          bytes = static_cast<uint32_t>(*c);
        }
        auto [seen, first] = sharedBytes.try_emplace(it->second, bytes);
        if (!first && seen->second != bytes)
          return launch.emitOpError(plan)
                 << " needs one dynamic shared memory size per kernel";
        k.dynamicSharedBytes = bytes;
      }
      DeviceProgram::Step step;
      step.kind = STRATA_STEP_DISPATCH;
      step.kernel = it->second;
      gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
      Value dims[] = {grid.x, grid.y, grid.z};
      for (int d = 0; d < 3; ++d) {
        std::optional<int64_t> c = getConstantIntValue(dims[d]);
        if (!c || *c < 1 || *c > options.maxGroups[d])
          return launch.emitOpError(plan)
                 << " needs constant workgroup counts in 1.."
                 << options.maxGroups[d];
        step.groups[d] = static_cast<uint32_t>(*c);
      }
      for (Value arg : launch.getKernelOperands()) {
        FailureOr<int32_t> b = lookup(launch, arg);
        if (failed(b))
          return failure();
        step.args.push_back(*b);
      }
      program.steps.push_back(std::move(step));
      continue;
    }
    return op.emitOpError(plan)
           << " cannot express this host "
              "op (it holds allocations, constants, whole-buffer "
              "views and copies, and launches)";
  }
  return success();
}

LogicalResult writeBinary(Location loc, ArrayRef<char> binary, StringRef path) {
  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return emitError(loc, "cannot write ") << path << ": " << ec.message();
  out.os().write(binary.data(), binary.size());
  out.keep();
  return success();
}

namespace {
/// Builds the artifact's constants in an LLVM module.
struct ArtifactBuilder {
  llvm::LLVMContext &ctx;
  llvm::Module &m;
  llvm::PointerType *ptr = llvm::PointerType::getUnqual(ctx);
  llvm::IntegerType *i32 = llvm::Type::getInt32Ty(ctx);
  llvm::IntegerType *i64 = llvm::Type::getInt64Ty(ctx);

  llvm::Constant *global(llvm::Constant *init, const llvm::Twine &name,
                         unsigned align = 8) {
    auto *g =
        new llvm::GlobalVariable(m, init->getType(), /*isConstant=*/true,
                                 llvm::GlobalValue::PrivateLinkage, init, name);
    g->setAlignment(llvm::Align(align));
    return g;
  }
  llvm::Constant *str(StringRef s, const llvm::Twine &name) {
    return global(llvm::ConstantDataArray::getString(ctx, s), name, 1);
  }
  llvm::Constant *c32(int64_t v) { return llvm::ConstantInt::get(i32, v); }
  llvm::Constant *c64(uint64_t v) { return llvm::ConstantInt::get(i64, v); }
  llvm::Constant *array(llvm::Type *ty, ArrayRef<llvm::Constant *> elems,
                        const llvm::Twine &name) {
    if (elems.empty())
      return llvm::ConstantPointerNull::get(ptr);
    auto *arrTy = llvm::ArrayType::get(ty, elems.size());
    return global(llvm::ConstantArray::get(arrTy, elems), name);
  }
};
} // namespace

static std::unique_ptr<llvm::Module>
buildArtifactModule(llvm::LLVMContext &ctx, const cpu::ArtifactInfo &info,
                    const DeviceProgram &p, StringRef target) {
  auto module = std::make_unique<llvm::Module>(info.modelName, ctx);
  ArtifactBuilder b{ctx, *module};
  llvm::Type *ptr = b.ptr, *i32 = b.i32, *i64 = b.i64;
  auto *arr3 = llvm::ArrayType::get(i32, 3);

  auto *descTy =
      llvm::StructType::create(ctx, {ptr, i32, i32, ptr}, "strata_tensor_desc");
  auto descs = [&](const std::vector<cpu::TensorDesc> &list, StringRef kind) {
    SmallVector<llvm::Constant *> elems;
    for (auto [i, d] : llvm::enumerate(list)) {
      llvm::Constant *dims =
          b.global(llvm::ConstantDataArray::get(ctx, ArrayRef(d.dims)),
                   "strata_" + kind + "_dims_" + llvm::Twine(i));
      elems.push_back(llvm::ConstantStruct::get(
          descTy, {b.str(d.name, "strata_" + kind + "_name_" + llvm::Twine(i)),
                   b.c32(d.dtype), b.c32(d.dims.size()), dims}));
    }
    return b.array(descTy, elems, "strata_" + kind);
  };

  auto *kernelTy =
      llvm::StructType::create(ctx, {ptr, arr3, i32}, "strata_device_kernel");
  SmallVector<llvm::Constant *> kernels;
  for (auto [i, k] : llvm::enumerate(p.kernels))
    kernels.push_back(llvm::ConstantStruct::get(
        kernelTy, {b.str(k.entry, "strata_kernel_name_" + llvm::Twine(i)),
                   llvm::ConstantArray::get(arr3, {b.c32(k.workgroupSize[0]),
                                                   b.c32(k.workgroupSize[1]),
                                                   b.c32(k.workgroupSize[2])}),
                   b.c32(k.numBindings)}));

  auto *bufferTy =
      llvm::StructType::create(ctx, {i32, i32, i64}, "strata_device_buffer");
  SmallVector<llvm::Constant *> buffers;
  for (const DeviceProgram::Buffer &buf : p.buffers)
    buffers.push_back(llvm::ConstantStruct::get(
        bufferTy, {b.c32(buf.kind), b.c32(buf.index), b.c64(buf.byteSize)}));

  auto *blobTy =
      llvm::StructType::create(ctx, {ptr, i64}, "strata_device_blob");
  SmallVector<llvm::Constant *> blobs;
  for (auto [i, data] : llvm::enumerate(p.blobs)) {
    llvm::Constant *g = b.global(llvm::ConstantDataArray::getRaw(
                                     StringRef(data.data(), data.size()),
                                     data.size(), llvm::Type::getInt8Ty(ctx)),
                                 "strata_blob_" + llvm::Twine(i), 64);
    blobs.push_back(llvm::ConstantStruct::get(blobTy, {g, b.c64(data.size())}));
  }

  auto *stepTy = llvm::StructType::create(ctx, {i32, i32, arr3, i32, ptr, i64},
                                          "strata_device_step");
  SmallVector<llvm::Constant *> steps;
  for (auto [i, s] : llvm::enumerate(p.steps)) {
    llvm::Constant *args =
        b.global(llvm::ConstantDataArray::get(ctx, ArrayRef(s.args)),
                 "strata_step_args_" + llvm::Twine(i), 4);
    steps.push_back(llvm::ConstantStruct::get(
        stepTy,
        {b.c32(s.kind), b.c32(s.kernel),
         llvm::ConstantArray::get(arr3, {b.c32(s.groups[0]), b.c32(s.groups[1]),
                                         b.c32(s.groups[2])}),
         b.c32(s.args.size()), args, b.c64(s.byteSize)}));
  }

  llvm::Constant *binary =
      p.binary.empty()
          ? llvm::ConstantPointerNull::get(b.ptr)
          : b.global(llvm::ConstantDataArray::getRaw(
                         StringRef(p.binary.data(), p.binary.size()),
                         p.binary.size(), llvm::Type::getInt8Ty(ctx)),
                     "strata_binary", 16);
  uint32_t abi = p.abiVersion();
  SmallVector<llvm::Type *> programFields = {ptr, ptr, i64, i32, ptr, i32,
                                             ptr, i32, ptr, i32, ptr};
  SmallVector<llvm::Constant *> programValues = {
      b.str(p.format, "strata_format"),
      binary,
      b.c64(p.binary.size()),
      b.c32(kernels.size()),
      b.array(kernelTy, kernels, "strata_kernels"),
      b.c32(buffers.size()),
      b.array(bufferTy, buffers, "strata_buffers"),
      b.c32(blobs.size()),
      b.array(blobTy, blobs, "strata_blobs"),
      b.c32(steps.size()),
      b.array(stepTy, steps, "strata_steps")};
  if (abi >= 3) {
    // strata_device_tensor_map: 4 x i32, u64[5], u32[5] (+ 4 bytes of
    // padding at the end, which LLVM's natural layout adds as C does).
    auto *dimsTy = llvm::ArrayType::get(i64, STRATA_TENSOR_MAP_MAX_RANK);
    auto *boxTy = llvm::ArrayType::get(i32, STRATA_TENSOR_MAP_MAX_RANK);
    auto *mapTy = llvm::StructType::create(ctx, {i32, i32, i32, i32, dimsTy, boxTy},
                                           "strata_device_tensor_map");
    SmallVector<llvm::Constant *> maps;
    for (const DeviceProgram::TensorMap &m : p.tensorMaps) {
      SmallVector<llvm::Constant *> dims, box;
      for (int d = 0; d < STRATA_TENSOR_MAP_MAX_RANK; ++d) {
        dims.push_back(b.c64(d < int(m.dims.size()) ? m.dims[d] : 0));
        box.push_back(b.c32(d < int(m.box.size()) ? m.box[d] : 0));
      }
      maps.push_back(llvm::ConstantStruct::get(
          mapTy, {b.c32(m.buffer), b.c32(m.dtype), b.c32(m.dims.size()),
                  b.c32(m.swizzle), llvm::ConstantArray::get(dimsTy, dims),
                  llvm::ConstantArray::get(boxTy, box)}));
    }
    SmallVector<llvm::Constant *> shared;
    for (const DeviceProgram::Kernel &k : p.kernels)
      shared.push_back(b.c32(k.dynamicSharedBytes));
    programFields.append({i32, ptr, ptr});
    programValues.push_back(b.c32(maps.size()));
    programValues.push_back(b.array(mapTy, maps, "strata_tensor_maps"));
    programValues.push_back(
        b.array(i32, shared, "strata_kernel_dynamic_shared_bytes"));
  }
  auto *programTy =
      llvm::StructType::create(ctx, programFields, "strata_device_program");
  llvm::Constant *program =
      b.global(llvm::ConstantStruct::get(programTy, programValues),
               "strata_device_program");

  auto *artTy = llvm::StructType::create(
      ctx, {i32, ptr, ptr, i32, i32, ptr, ptr, ptr, ptr}, "strata_artifact");
  llvm::Constant *artifact = b.global(
      llvm::ConstantStruct::get(
          artTy, {b.c32(abi), b.str(info.modelName, "strata_model_name"),
                  b.str(target, "strata_target"), b.c32(info.inputs.size()),
                  b.c32(info.outputs.size()), descs(info.inputs, "inputs"),
                  descs(info.outputs, "outputs"),
                  llvm::ConstantPointerNull::get(b.ptr), program}),
      "strata_artifact_desc");

  auto *getTy = llvm::FunctionType::get(ptr, {}, false);
  auto *get = llvm::Function::Create(getTy, llvm::GlobalValue::ExternalLinkage,
                                     STRATA_ARTIFACT_SYMBOL, *module);
  llvm::IRBuilder<> ir(llvm::BasicBlock::Create(ctx, "entry", get));
  ir.CreateRet(artifact);
  return module;
}

LogicalResult writeArtifact(Location loc, const cpu::ArtifactInfo &info,
                            const DeviceProgram &program, StringRef target,
                            StringRef soPath) {
  llvm::LLVMContext ctx;
  std::unique_ptr<llvm::Module> m =
      buildArtifactModule(ctx, info, program, target);

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::Triple triple(llvm::sys::getProcessTriple());
  std::string error;
  const llvm::Target *llvmTarget =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!llvmTarget)
    return emitError(loc, "no LLVM target for ")
           << triple.str() << ": " << error;
  std::unique_ptr<llvm::TargetMachine> tm(llvmTarget->createTargetMachine(
      triple, "generic", "", llvm::TargetOptions(), llvm::Reloc::PIC_));
  m->setDataLayout(tm->createDataLayout());
  m->setTargetTriple(triple);
  if (llvm::verifyModule(*m, &llvm::errs()))
    return emitError(loc, "the artifact's LLVM module does not verify");

  std::string objectPath = (soPath + ".o").str();
  {
    std::error_code ec;
    llvm::ToolOutputFile out(objectPath, ec, llvm::sys::fs::OF_None);
    if (ec)
      return emitError(loc, "cannot write ")
             << objectPath << ": " << ec.message();
    llvm::legacy::PassManager codegen;
    if (tm->addPassesToEmitFile(codegen, out.os(), nullptr,
                                llvm::CodeGenFileType::ObjectFile))
      return emitError(loc, "the host target cannot emit object files");
    codegen.run(*m);
    out.keep();
  }
  LogicalResult linked =
      cpu::linkSharedLibrary(loc, objectPath, soPath, /*openmp=*/false);
  llvm::sys::fs::remove(objectPath);
  return linked;
}

} // namespace strata::device
