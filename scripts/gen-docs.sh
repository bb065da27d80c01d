#!/usr/bin/env bash
# Refreshes the documentation pages generated from the code: the build
# writes them into build/docs (target StrataMapDocs), this copies them into
# docs/. test/Docs/*.test fail while docs/ and the code disagree.
#   docs/Map.md, docs/Map.dot  strata-opt --print-layer-map=markdown|dot
#   docs/Map.svg               dot -Tsvg docs/Map.dot (Graphviz)
#   docs/Contracts.md          strata-opt --print-contracts
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${STRATA_BUILD_DIR:-$root/build}"
"$root/scripts/build.sh" StrataMapDocs
for f in Map.md Map.dot Map.svg Contracts.md; do
  cp "$build/docs/$f" "$root/docs/$f"
done
echo "gen-docs: docs/Map.md, docs/Map.dot, docs/Map.svg, docs/Contracts.md refreshed"
