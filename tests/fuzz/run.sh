#!/usr/bin/env bash
# Builds the differential fuzzer with clang (libFuzzer + ASan + UBSan) and runs it
# for a bounded time on a copy of the seed corpus. Exit status nonzero on any finding.
#   SIMDACT_FUZZ_BUILD  build directory            (default: <repo>/build-fuzz)
#   SIMDACT_FUZZ_TIME   seconds of fuzzing         (default: 60)
#   SIMDACT_FUZZ_JOBS   parallel build jobs        (default: 2)
#   SIMDACT_FUZZ_ARGS   extra libFuzzer arguments  (e.g. "-seed=1")
#   SIMDACT_FUZZ_CXXFLAGS  extra compile flags (library and target)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${SIMDACT_FUZZ_BUILD:-$root/build-fuzz}"
time_s="${SIMDACT_FUZZ_TIME:-60}"
jobs="${SIMDACT_FUZZ_JOBS:-2}"

if ! command -v clang++ >/dev/null 2>&1 || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1; then
  "$root/cmake/install-deps.sh" clang libclang-rt-14-dev
fi
"$root/cmake/install-deps.sh" cmake libxsimd-dev

san="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g"
san="$san ${SIMDACT_FUZZ_CXXFLAGS:-}"
start=$(date +%s)
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSIMDACT_FUZZ=ON -DSIMDACT_BUILD_TESTS=OFF -DSIMDACT_BUILD_BENCH=OFF -DSIMDACT_BUILD_TOOLS=OFF \
  -DSIMDACT_INSTALL=OFF -DCMAKE_C_FLAGS="$san" -DCMAKE_CXX_FLAGS="$san" >/dev/null
cmake --build "$build" --target simdact-fuzz -j "$jobs"
echo "simdact-fuzz: built in $(( $(date +%s) - start )) s"

# Fuzz a scratch copy: libFuzzer adds what it finds to its first corpus directory.
work="$build/fuzz-run"
rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
cp "$root"/tests/fuzz/corpus/* "$work/corpus/"
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
# shellcheck disable=SC2086
"$build/tests/fuzz/simdact-fuzz" "$work/corpus" -max_total_time="$time_s" -max_len=4096 -timeout=20 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/artifacts/" ${SIMDACT_FUZZ_ARGS:-} \
  2>&1 | tee "$work/log.txt" || status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log.txt" | tail -1)
secs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log.txt" | tail -1)
echo "simdact-fuzz: ${runs:-?} executions (${secs:-?}/s; limit ${time_s} s), corpus $(ls "$work/corpus" | wc -l) files"
if [ "$status" -ne 0 ] || ls "$work"/artifacts/* >/dev/null 2>&1; then
  echo "simdact-fuzz: FINDING (exit $status); reproducer(s):" >&2
  ls -l "$work"/artifacts/ >&2 || true
  echo "replay: $build/tests/fuzz/simdact-fuzz <file>" >&2
  exit 1
fi
echo "simdact-fuzz: no finding"
