//===- Checker.cpp - libonnx's model checker behind a no-throw wrapper ----===//
//
// libonnx reports invalid models by throwing; the rest of Strata is built
// without exceptions, so this one file is compiled with them and turns the
// exception into a message.
//
//===----------------------------------------------------------------------===//

#include "ImporterImpl.h"

#include "onnx/checker.h"
#include "onnx/defs/schema.h"

using namespace strata::onnx;

bool strata::onnx::runOnnxChecker(const pb::ModelProto &model,
                                  std::string &error) {
  try {
    ::onnx::checker::check_model(model);
    return true;
  } catch (const std::exception &e) {
    error = e.what();
  } catch (...) {
    error = "unknown error";
  }
  return false;
}

int64_t strata::onnx::onnxCheckerIrVersion() { return ::onnx::IR_VERSION; }

int64_t strata::onnx::onnxCheckerMaxOpset() {
  const auto &map =
      ::onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
  auto it = map.find(::onnx::ONNX_DOMAIN);
  return it == map.end() ? 0 : it->second.second;
}
