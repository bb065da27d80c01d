#!/usr/bin/env bash
# README's first command: sets up, builds, compiles the bundled model
# (examples/mlp.mlir, graph dialect) for the CPU with strata-compile and runs
# it with strata-run on seeded random inputs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${STRATA_BUILD_DIR:-$root/build}"

"$root/scripts/setup.sh"
"$root/scripts/build.sh" strata-opt strata-compile strata-run

out="$build/examples"
mkdir -p "$out"
echo "== strata-compile examples/mlp.mlir --target=cpu -o $out/mlp.so --timing"
"$build/bin/strata-compile" "$root/examples/mlp.mlir" --target=cpu \
  -o "$out/mlp.so" --timing --dump-layers="$out/mlp-layers"
echo "   (the IR at every layer is in $out/mlp-layers/)"
echo "== strata-run $out/mlp.so --seed 0 --print --bench 20"
"$build/bin/strata-run" "$out/mlp.so" --seed 0 --print --bench 20
