#!/usr/bin/env bash
# Sanitizer runs (one entry point for CI):
#  1. AddressSanitizer + UndefinedBehaviorSanitizer: the whole project (library,
#     tier objects, suites, tools) built with g++ -DSIMDACT_SANITIZE=address,undefined
#     in build-asan/, then every native ctest: the doctest suite once per tier,
#     dispatch-env.*, dispatch_check, golden_tiers_equal_scalar, threads; and the
#     accuracy tool on a sparser sample (stride 65521 instead of the ctest's 4093).
#     Not run: package (an install/consumer check, it builds its own unsanitized
#     trees) and kernel-symbols (an nm check of the objects).
#  2. ThreadSanitizer: tests/threads_test.cpp built with -DSIMDACT_SANITIZE=thread
#     in build-tsan/ and run.
# Any report aborts the program, so the test fails.
#   SIMDACT_ASAN_BUILD_DIR, SIMDACT_TSAN_BUILD_DIR  build directories
#   SIMDACT_SANITIZE_ONLY=asan|tsan                 one half only
#   SIMDACT_TEST_SWEEP_STRIDE                       dense-sweep stride of the suites
#                                                   (raised here to 65521 unless set)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
asan_build="${SIMDACT_ASAN_BUILD_DIR:-$root/build-asan}"
tsan_build="${SIMDACT_TSAN_BUILD_DIR:-$root/build-tsan}"
only="${SIMDACT_SANITIZE_ONLY:-}"
jobs="$(nproc 2>/dev/null || echo 2)"
common=(-DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++
        -DSIMDACT_BUILD_BENCH=OFF -DSIMDACT_INSTALL=OFF)

if [ "$only" != tsan ]; then
  start=$SECONDS
  cmake -S "$root" -B "$asan_build" "${common[@]}" -DSIMDACT_SANITIZE=address,undefined
  cmake --build "$asan_build" -j "$jobs"
  export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  export SIMDACT_TEST_SWEEP_STRIDE="${SIMDACT_TEST_SWEEP_STRIDE:-65521}"
  (cd "$asan_build" && ctest --output-on-failure -j "$jobs" -E '^(package|kernel-symbols|simdact-accuracy\.sample)$')
  "$asan_build/tests/simdact-accuracy" --stride 65521 --out "$asan_build/tests/ACCURACY.asan.md" > /dev/null
  echo "asan+ubsan: $((SECONDS - start)) s"
fi

if [ "$only" != asan ]; then
  start=$SECONDS
  cmake -S "$root" -B "$tsan_build" "${common[@]}" -DSIMDACT_SANITIZE=thread -DSIMDACT_BUILD_TOOLS=OFF
  cmake --build "$tsan_build" -j "$jobs" --target simdact-threads
  TSAN_OPTIONS=halt_on_error=1 "$tsan_build/tests/simdact-threads"
  echo "tsan: $((SECONDS - start)) s"
fi
