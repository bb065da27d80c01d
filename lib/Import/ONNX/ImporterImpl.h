//===- ImporterImpl.h - internals shared by the ONNX importer's files -----===//
//
// The model loader (safe reading of the file, tensors and external data),
// the graph walker and the per-op converters share these declarations.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_LIB_IMPORT_ONNX_IMPORTERIMPL_H
#define STRATA_LIB_IMPORT_ONNX_IMPORTERIMPL_H

#include "strata/Import/ONNX/ONNXImporter.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include "onnx/onnx_pb.h"

#include <functional>
#include <optional>

namespace strata::onnx {
namespace pb = ::onnx;

//===----------------------------------------------------------------------===//
// Loading (ModelLoader.cpp, Checker.cpp)
//===----------------------------------------------------------------------===//

/// Reads and parses the model file; refuses non-regular files, files over
/// 2 GiB and protobuf parse errors.
mlir::LogicalResult readModelFile(llvm::StringRef path, pb::ModelProto &model,
                                  mlir::Location loc);

/// Runs libonnx's checker (compiled with exceptions, which it throws).
/// Returns false with `error` set when the model is invalid.
bool runOnnxChecker(const pb::ModelProto &model, std::string &error);
/// IR version and default-domain opset the linked libonnx knows.
int64_t onnxCheckerIrVersion();
int64_t onnxCheckerMaxOpset();

/// ONNX data types newer than the linked onnx.proto (numbered as in onnx
/// 1.22's TensorProto.DataType).
enum : int32_t {
  kFloat8E4M3FN = 17,
  kFloat8E4M3FNUZ = 18,
  kFloat8E5M2 = 19,
  kFloat8E5M2FNUZ = 20,
  kUInt4 = 21,
  kInt4 = 22,
  kFloat4E2M1 = 23,
  kFloat8E8M0 = 24,
  kUInt2 = 25,
  kInt2 = 26,
};

/// Maps an ONNX TensorProto data type to an MLIR element type, or null.
mlir::Type convertDataType(int32_t dtype, mlir::MLIRContext *ctx);
/// "FLOAT", "DOUBLE", ... for diagnostics.
std::string dataTypeName(int32_t dtype);
/// Byte size of one element of a supported type (bool: 1).
unsigned elementByteSize(int32_t dtype);
/// How many elements one byte of raw_data (or one int32_data value) holds:
/// 2 for 4-bit types, 4 for 2-bit types, else 1.
unsigned elementsPerStoredByte(int32_t dtype);

/// Decodes tensors with every size, offset and path checked.
class TensorLoader {
public:
  TensorLoader(mlir::MLIRContext *ctx, llvm::StringRef modelDir,
               const ImportOptions &options)
      : ctx(ctx), modelDir(modelDir.str()), options(options) {}

  /// Decodes `tensor` (named `what` in diagnostics) into an elements attr.
  mlir::FailureOr<mlir::DenseElementsAttr>
  load(const pb::TensorProto &tensor, llvm::StringRef what,
       mlir::Location loc);

private:
  mlir::FailureOr<std::vector<char>>
  readExternal(const pb::TensorProto &tensor, uint64_t bytes,
               llvm::StringRef what, mlir::Location loc);

  mlir::MLIRContext *ctx;
  std::string modelDir;
  const ImportOptions &options;
  uint64_t totalBytes = 0;
};

//===----------------------------------------------------------------------===//
// Graph building (Importer.cpp) and op conversion (Ops*.cpp)
//===----------------------------------------------------------------------===//

class GraphImporter;

/// One ONNX node being converted: its operands (null for an absent optional
/// input), attributes, and where its results go.
class NodeContext {
public:
  NodeContext(GraphImporter &importer, const pb::NodeProto &node,
              int64_t opset, int64_t version, mlir::Location loc,
              std::string desc)
      : importer(importer), node(node), opset(opset), version(version),
        loc(loc), desc(std::move(desc)) {}

  GraphImporter &importer;
  const pb::NodeProto &node;
  /// The model's opset for the node's domain, and the version of the op's
  /// schema in force at that opset (e.g. Softmax at opset 17 is Softmax-13).
  int64_t opset, version;
  mlir::Location loc;
  /// "node 'n3' (op 'Foo', opset 17)".
  std::string desc;
  llvm::SmallVector<mlir::Value> operands;

  mlir::OpBuilder &builder();
  mlir::MLIRContext *context() { return loc.getContext(); }

  /// An error at the node's location, starting with its description.
  mlir::InFlightDiagnostic error();

  size_t numInputs() const { return operands.size(); }
  /// Operand i, or null when absent (out of range or empty name).
  mlir::Value input(size_t i) const {
    return i < operands.size() ? operands[i] : mlir::Value();
  }
  /// Operand i, which must be present; reports otherwise.
  mlir::FailureOr<mlir::Value> required(size_t i);
  mlir::RankedTensorType typeOf(mlir::Value v) const {
    return llvm::cast<mlir::RankedTensorType>(v.getType());
  }
  std::string inputName(size_t i) const {
    return i < (size_t)node.input_size() ? node.input(i) : std::string();
  }
  /// The constant value of input i (an initializer or a Constant node's
  /// output, possibly folded); reports a clear error when it is not one.
  mlir::FailureOr<mlir::DenseElementsAttr> constantInput(size_t i,
                                                         llvm::StringRef role);
  /// An integer list from a constant input (i64 or i32).
  mlir::FailureOr<llvm::SmallVector<int64_t>> intsInput(size_t i,
                                                        llvm::StringRef role);

  // Attributes.
  const pb::AttributeProto *attr(llvm::StringRef name) const;
  int64_t getInt(llvm::StringRef name, int64_t dflt) const;
  float getFloat(llvm::StringRef name, float dflt) const;
  std::string getString(llvm::StringRef name, llvm::StringRef dflt) const;
  std::optional<llvm::SmallVector<int64_t>> getInts(llvm::StringRef name) const;

  /// Normalizes an axis into [0, rank) (or [0, rank] with `inclusive`).
  mlir::FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank,
                                         llvm::StringRef what,
                                         bool inclusive = false);
  /// Normalizes and sorts a list of axes; reports duplicates.
  mlir::FailureOr<llvm::SmallVector<int64_t>>
  normalizeAxes(llvm::ArrayRef<int64_t> axes, int64_t rank,
                llvm::StringRef what);

  /// Sets result i (no-op when the node does not name it).
  void setResult(size_t i, mlir::Value v) { results.resize(std::max(results.size(), i + 1)), results[i] = v; }
  /// Sets result 0 from `v`, or fails if building `v` failed (its error is
  /// already reported).
  mlir::LogicalResult setResultOrFail(mlir::FailureOr<mlir::Value> v) {
    if (mlir::failed(v))
      return mlir::failure();
    setResult(0, *v);
    return mlir::success();
  }
  /// Whether the node names output i (so a value must be produced).
  bool wantsOutput(size_t i) const {
    return i < (size_t)node.output_size() && !node.output(i).empty();
  }
  llvm::SmallVector<mlir::Value> results;

  // Builders: create a graph op whose result type follows from its shape
  // rule (the rule's diagnostic is located at the node on failure).
  template <typename OpTy, typename... Args>
  mlir::FailureOr<mlir::Value> create(Args &&...args) {
    auto placeholder = mlir::UnrankedTensorType::get(
        mlir::Float32Type::get(context()));
    auto op = OpTy::create(builder(), loc, placeholder,
                           std::forward<Args>(args)...);
    llvm::SmallVector<mlir::Type, 1> inferred;
    if (mlir::failed(OpTy::inferReturnTypes(
            context(), loc, op->getOperands(), op->getRawDictionaryAttrs(),
            op->getPropertiesStorage(), op->getRegions(), inferred))) {
      op->erase();
      return mlir::failure();
    }
    op->getResult(0).setType(inferred.front());
    return op->getResult(0);
  }
  /// A graph op with a stated result type.
  template <typename OpTy, typename... Args>
  mlir::Value createTyped(mlir::Type type, Args &&...args) {
    return OpTy::create(builder(), loc, type, std::forward<Args>(args)...)
        ->getResult(0);
  }
  /// A rank-0 constant of `elementType`.
  mlir::Value scalar(double value, mlir::Type elementType);
  mlir::Value constant(mlir::DenseElementsAttr value);
};

using Converter = std::function<mlir::LogicalResult(NodeContext &)>;

/// What the importer knows about one ONNX op: the since-versions of its
/// schemas (from the onnx 1.22 operator registry), the first version whose
/// semantics the converter implements, and the converter.
struct OpInfo {
  llvm::SmallVector<int64_t, 8> history;
  int64_t minVersion;
  Converter convert;
};

/// Registers converters: one function per file.
void registerElementwiseOps(llvm::StringMap<OpInfo> &ops);
void registerNNOps(llvm::StringMap<OpInfo> &ops);
void registerTensorOps(llvm::StringMap<OpInfo> &ops);
void registerQuantOps(llvm::StringMap<OpInfo> &ops);

/// Cast `x` to `to` with ONNX Cast's rules: with `saturate`, a float8 result
/// is clamped to its finite range first (graph.cast itself does not
/// saturate); FLOAT8E8M0 supports round_mode "up" only (OpsQuant.cpp).
mlir::FailureOr<mlir::Value> castWithOnnxRules(NodeContext &c, mlir::Value x,
                                               mlir::Type to, bool saturate,
                                               llvm::StringRef roundMode);
void registerCompositeOps(llvm::StringMap<OpInfo> &ops);
void registerSignalOps(llvm::StringMap<OpInfo> &ops);
/// Ops of the ai.onnx.preview.training domain (OpsTraining.cpp).
void registerTrainingOps(llvm::StringMap<OpInfo> &ops);
/// The op table of a non-default domain, or null when Strata has none.
const llvm::StringMap<OpInfo> *getDomainOpTable(llvm::StringRef domain);
const llvm::StringMap<OpInfo> &getOpTable();

/// Highest default-domain opset whose schemas the table was written against.
constexpr int64_t kMaxReviewedOpset = 27;
constexpr int64_t kMinOpset = 1;

class GraphImporter {
public:
  GraphImporter(mlir::MLIRContext *ctx, std::string fileName,
                TensorLoader &tensors)
      : ctx(ctx), builder(ctx), fileName(std::move(fileName)),
        tensors(tensors) {}

  mlir::MLIRContext *ctx;
  mlir::OpBuilder builder;
  std::string fileName;
  TensorLoader &tensors;
  /// Values by ONNX name.
  llvm::StringMap<mlir::Value> values;
  /// Values whose constness the importer has worked out (null: not a
  /// constant), so that each shape computation is folded once.
  llvm::DenseMap<mlir::Value, mlir::DenseElementsAttr> known;
};

} // namespace strata::onnx

#endif // STRATA_LIB_IMPORT_ONNX_IMPORTERIMPL_H
