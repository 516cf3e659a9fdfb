#!/usr/bin/env bash
# The test command: installs what is missing (Debian 12), builds in build-test/
# and runs every test with ctest (each suite once per ISA tier this CPU runs, the
# guard-page, threads, dispatch, symbol and package checks, the dense accuracy
# sample), then the hardening runs (tests/sanitize.sh: everything under
# ASan+UBSan, the threads test under TSan; tests/fuzz/run.sh: the differential
# fuzzer for SIMDACT_FUZZ_TIME = 60 s), then the emulated suites
# (tests/emulated.sh: aarch64/NEON under qemu-aarch64, x86 dispatch under
# qemu-x86_64 Haswell/Nehalem/qemu64).
# SIMDACT_SKIP_HARDENING=1 skips the sanitizer and fuzzer runs,
# SIMDACT_SKIP_EMULATED=1 the emulated ones.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/cmake/install-deps.sh" cmake g++ make pkg-config libxsimd-dev doctest-dev
build="${SIMDACT_TEST_BUILD_DIR:-$root/build-test}"
jobs="$(nproc 2>/dev/null || echo 2)"
start=$SECONDS
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSIMDACT_BUILD_BENCH=OFF
cmake --build "$build" -j "$jobs"
"$build/simdact-info"
(cd "$build" && ctest --output-on-failure -j "$jobs")
echo "native suites: $((SECONDS - start)) s"
if [ "${SIMDACT_SKIP_HARDENING:-0}" != 1 ]; then
  start=$SECONDS
  bash "$root/tests/sanitize.sh"
  echo "sanitizer runs: $((SECONDS - start)) s"
  start=$SECONDS
  bash "$root/tests/fuzz/run.sh"
  echo "fuzzer run: $((SECONDS - start)) s"
fi
if [ "${SIMDACT_SKIP_EMULATED:-0}" != 1 ]; then
  bash "$root/tests/emulated.sh"
fi
