#!/usr/bin/env bash
# README's first command: sets up, builds, and runs the main job on the
# bundled example model. Today that is the graph layer: strata-opt infers
# shapes and canonicalizes examples/mlp.mlir and prints the result. When the
# CPU pipeline lands this compiles the model and runs it on the CPU.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${STRATA_BUILD_DIR:-$root/build}"

"$root/scripts/setup.sh"
"$root/scripts/build.sh" strata-opt

echo "== strata-opt examples/mlp.mlir --strata-graph-infer-shapes --canonicalize"
"$build/bin/strata-opt" "$root/examples/mlp.mlir" \
  --strata-graph-infer-shapes --canonicalize
