#!/usr/bin/env bash
# README's test command: sets up, builds and runs every test suite (lit per
# layer, GoogleTest unit tests), then prints one closing line over all of
# them: `N passed, N failed, N skipped`. Exits non-zero if anything failed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${STRATA_BUILD_DIR:-$root/build}"
cd "$root"

"$root/scripts/setup.sh"
"$root/scripts/build.sh"

results="$build/test-results"
rm -rf "$results"
mkdir -p "$results"

echo "== lit (test/)"
# lit's own exit status is folded into the summary below.
/usr/lib/llvm-22/bin/lit "$build/test" -sv -o "$results/lit.json" || true

# Every GoogleTest binary the build puts in build/unittests/ (*-unittests).
gtest_args=()
for exe in "$build"/unittests/*unittests; do
  [ -x "$exe" ] || continue
  name="$(basename "$exe")"
  echo "== GoogleTest ($name)"
  "$exe" --gtest_brief=1 --gtest_output="json:$results/$name.json" || true
  gtest_args+=(--gtest "$results/$name.json")
done

echo "== summary"
"$root/.venv/bin/python" "$root/scripts/summarize.py" \
  --lit "$results/lit.json" "${gtest_args[@]}"
