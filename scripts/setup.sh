#!/usr/bin/env bash
# One idempotent set-up step for Strata: installs every build and test dependency from Debian's
# packages and the Python reference packages into a project-local virtual environment (.venv).
# Safe to run again: apt and pip skip what is already present.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

DEBS=(
  # LLVM/MLIR 22 and the tools lit tests use
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22 lld-22
  # build
  cmake ninja-build ccache git pkg-config zlib1g-dev libzstd-dev libedit-dev libcurl4-openssl-dev
  # later layers: SPIR-V/Vulkan, ONNX, tests and benchmarks
  spirv-tools libvulkan-dev mesa-vulkan-drivers vulkan-tools
  libprotobuf-dev protobuf-compiler libonnx-dev libonnx-testdata
  googletest libgtest-dev libgmock-dev libbenchmark-dev libopenblas-dev libomp-22-dev
  # pictures: strata-compile --dump-graph=FILE.svg, docs/Map.svg
  graphviz
  # python for reference computations
  python3 python3-venv python3-pip
  # lit's per-test --timeout (lit runs on /usr/bin/python3)
  python3-psutil
)

need=()
for p in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${#need[@]} Debian packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "setup: Debian packages present"
fi

# Python reference packages, project-local. Versions pinned so results are reproducible.
venv="$root/.venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import numpy, onnx, onnxruntime" 2>/dev/null; then
  echo "setup: installing Python reference packages into .venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$root/scripts/requirements.txt"
else
  echo "setup: Python packages present"
fi
