//===- TileDialect.cpp - tile dialect (L2) ---------------------------------===//

#include "dialects/Tile/IR/TileDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace strata::tile;

#include "dialects/Tile/IR/TileDialect.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/Tile/IR/TileAttrs.cpp.inc"

void TileDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/Tile/IR/TileAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/Tile/IR/TileOps.cpp.inc"
      >();
}

LogicalResult ConfigAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 StringRef root, ArrayRef<int64_t> workgroup,
                                 ArrayRef<int64_t> reduction,
                                 ArrayRef<int64_t> vector) {
  static constexpr StringLiteral kRoots[] = {
      "matmul", "conv", "pool", "reduction", "elementwise", "copy"};
  if (!llvm::is_contained(kRoots, root))
    return emitError() << "unknown root kind '" << root
                       << "' (expected matmul, conv, pool, reduction, "
                          "elementwise or copy)";
  for (auto [name, sizes] :
       {std::pair<StringRef, ArrayRef<int64_t>>{"workgroup", workgroup},
        {"reduction", reduction},
        {"vector", vector}})
    for (int64_t s : sizes)
      if (s < 0)
        return emitError() << name << " tile sizes must be >= 0, got " << s;
  if (!vector.empty() && vector.size() > workgroup.size() + reduction.size())
    return emitError() << "vector tile has more sizes than the loops it tiles";
  return success();
}

/// Parses `[` (int (`,` int)*)? `]`.
static ParseResult parseSizeList(AsmParser &parser,
                                 SmallVectorImpl<int64_t> &sizes) {
  return parser.parseCommaSeparatedList(
      AsmParser::Delimiter::Square, [&]() -> ParseResult {
        int64_t v;
        if (parser.parseInteger(v))
          return failure();
        sizes.push_back(v);
        return success();
      });
}

Attribute ConfigAttr::parse(AsmParser &parser, Type) {
  std::string root;
  SmallVector<int64_t> workgroup, reduction, vector;
  if (parser.parseLess() || parser.parseKeyword("root") ||
      parser.parseEqual() || parser.parseString(&root) || parser.parseComma() ||
      parser.parseKeyword("workgroup") || parser.parseEqual() ||
      parseSizeList(parser, workgroup))
    return {};
  while (succeeded(parser.parseOptionalComma())) {
    StringRef key;
    if (parser.parseKeyword(&key) || parser.parseEqual())
      return {};
    SmallVector<int64_t> *dest = key == "reduction" ? &reduction
                                 : key == "vector"  ? &vector
                                                    : nullptr;
    if (!dest) {
      parser.emitError(parser.getCurrentLocation(),
                       "expected 'reduction' or 'vector', got '")
          << key << "'";
      return {};
    }
    if (parseSizeList(parser, *dest))
      return {};
  }
  if (parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(parser.getNameLoc()); },
                    parser.getContext(), root, workgroup, reduction, vector);
}

void ConfigAttr::print(AsmPrinter &printer) const {
  auto list = [&](ArrayRef<int64_t> xs) {
    printer << "[";
    llvm::interleaveComma(xs, printer);
    printer << "]";
  };
  printer << "<root = \"" << getRoot() << "\", workgroup = ";
  list(getWorkgroup());
  if (!getReduction().empty()) {
    printer << ", reduction = ";
    list(getReduction());
  }
  if (!getVector().empty()) {
    printer << ", vector = ";
    list(getVector());
  }
  printer << ">";
}

void KernelOp::build(OpBuilder &builder, OperationState &state, StringRef name,
                     TypeRange resultTypes, ValueRange inputs) {
  state.addAttribute(getSymNameAttrName(state.name),
                     builder.getStringAttr(name));
  state.addOperands(inputs);
  state.addTypes(resultTypes);
  Region *body = state.addRegion();
  Block *block = new Block();
  body->push_back(block);
  for (Value v : inputs)
    block->addArgument(v.getType(), v.getLoc());
}

LogicalResult KernelOp::verify() {
  Block &block = getBodyBlock();
  if (block.getNumArguments() != getInputs().size())
    return emitOpError("body has ")
           << block.getNumArguments() << " arguments for "
           << getInputs().size() << " inputs";
  for (auto [i, arg, in] :
       llvm::enumerate(block.getArguments(), getInputs().getTypes()))
    if (arg.getType() != in)
      return emitOpError("body argument #")
             << i << " has type " << arg.getType() << ", input has " << in;
  auto yield = cast<YieldOp>(block.getTerminator());
  if (yield.getValues().getTypes() != getResultTypes())
    return emitOpError("yields ")
           << yield.getValues().getTypes() << " but the kernel returns "
           << getResultTypes();
  if (getSymName().empty())
    return emitOpError("needs a non-empty name");
  return success();
}

#define GET_OP_CLASSES
#include "dialects/Tile/IR/TileOps.cpp.inc"
