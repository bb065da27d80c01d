//===- TestUtil.h - helpers shared by the strata-rt unit tests ------------===//
//
// RAII owners for runtime objects, the paths of the fake artifacts CMake
// builds next to the test, and a scratch directory for files tests write.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_UNITTESTS_RUNTIME_TESTUTIL_H
#define STRATA_UNITTESTS_RUNTIME_TESTUTIL_H

#include "strata-rt/strata_rt.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata::rt::test {

struct ModelDeleter {
  void operator()(strata_model *m) const { strata_model_free(m); }
};
using ModelPtr = std::unique_ptr<strata_model, ModelDeleter>;

struct TensorDeleter {
  void operator()(strata_tensor *t) const { strata_tensor_free(t); }
};
using TensorPtr = std::unique_ptr<strata_tensor, TensorDeleter>;

/// The path of a fake artifact built from unittests/Runtime/*.c, e.g.
/// fakeArtifact("fake_add").
inline std::string fakeArtifact(const std::string &name) {
  return std::string(STRATA_RT_FAKE_DIR) + "/" + name + ".so";
}

/// Creates a tensor or fails the test.
inline TensorPtr makeTensor(strata_dtype dtype,
                            std::initializer_list<int64_t> dims) {
  strata_tensor *t = nullptr;
  strata_status s = strata_tensor_create(
      dtype, static_cast<int32_t>(dims.size()), dims.begin(), &t);
  EXPECT_EQ(s, STRATA_OK) << strata_last_error();
  return TensorPtr(t);
}

/// A fresh directory under $TMPDIR (or /tmp), removed with its files.
class ScratchDir {
public:
  ScratchDir() {
    const char *tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp && *tmp ? tmp : "/tmp") + "/strata-rt-test-XXXXXX";
    if (char *made = mkdtemp(pattern.data()))
      dir = made;
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (!dir.empty())
      std::filesystem::remove_all(dir, ignored);
  }
  const std::string &path() const { return dir; }
  std::string file(const std::string &name) const { return dir + "/" + name; }

  /// Writes `bytes` to `name` in this directory and returns its path.
  std::string write(const std::string &name, const std::string &bytes) const {
    std::string p = file(name);
    FILE *f = std::fopen(p.c_str(), "wb");
    EXPECT_NE(f, nullptr) << p;
    if (f) {
      std::fwrite(bytes.data(), 1, bytes.size(), f);
      std::fclose(f);
    }
    return p;
  }

private:
  std::string dir;
};

/// Sets an environment variable for one scope.
struct ScopedEnv {
  std::string name;
  std::string old;
  bool had;
  ScopedEnv(const char *n, const char *value) : name(n) {
    const char *o = std::getenv(n);
    had = o != nullptr;
    if (had)
      old = o;
    setenv(n, value, 1);
  }
  ~ScopedEnv() {
    if (had)
      setenv(name.c_str(), old.c_str(), 1);
    else
      unsetenv(name.c_str());
  }
};

} // namespace strata::rt::test

#endif // STRATA_UNITTESTS_RUNTIME_TESTUTIL_H
