#!/usr/bin/env bash
# The test command: installs what is missing (Debian 12), builds in build-test/
# and runs every test with ctest: each suite once per ISA tier this CPU runs,
# the dispatch and symbol checks, and the dense accuracy sample.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/cmake/install-deps.sh" cmake g++ make pkg-config libxsimd-dev doctest-dev
build="${SIMDACT_TEST_BUILD_DIR:-$root/build-test}"
jobs="$(nproc 2>/dev/null || echo 2)"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSIMDACT_BUILD_BENCH=OFF
cmake --build "$build" -j "$jobs"
"$build/simdact-info"
cd "$build"
ctest --output-on-failure -j "$jobs"
