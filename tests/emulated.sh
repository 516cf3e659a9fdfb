#!/usr/bin/env bash
# tests/emulated.sh: simdact on CPUs this machine is not.
#
#   (a) aarch64: cross-build with cmake/toolchains/aarch64-linux-gnu.cmake, run
#       simdact-info and the whole ctest suite under qemu-aarch64, and compare
#       per-kernel digests of the neon and scalar tiers with the x86 scalar tier
#       (the reference; simdact-golden, tests/golden_tool.cpp).
#   (b) x86 dispatch under emulated CPUs (qemu-x86_64 -cpu Haswell / Nehalem /
#       qemu64): the right tier is chosen, absent tiers are refused, SIMDACT_ISA
#       falls back with a message, every supported tier gives the scalar bits,
#       and nothing executes an illegal instruction (tests/dispatch_check.cpp).
#
# usage: tests/emulated.sh [--no-install] [--no-debug] [--full] [--jobs N]
#   --no-install   do not apt-get missing packages (fail instead)
#   --no-debug     skip the Debug x86 build run under Nehalem (the ODR check)
#   --full         the aarch64 ctest suite at its native sizes (slow under qemu)
# environment: SIMDACT_EMU_BUILD_ROOT (default: the source tree; build dirs are
#   build-aarch64/, build-emu-x86/, build-emu-x86-debug/ in it), CTEST_ARGS
#   (extra arguments for the aarch64 ctest run, e.g. "-E slow"),
#   SIMDACT_TEST_SWEEP_STRIDE (the aarch64 sweep stride, default 65521).
# Prints a summary with the time of each suite; exits 1 if anything failed.
set -u -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_ROOT=${SIMDACT_EMU_BUILD_ROOT:-$ROOT}
A64=$BUILD_ROOT/build-aarch64
X86=$BUILD_ROOT/build-emu-x86
X86DBG=$BUILD_ROOT/build-emu-x86-debug
LOGS=$BUILD_ROOT/build-emu-logs
SYSROOT=/usr/aarch64-linux-gnu
QEMU_A64=(qemu-aarch64 -L "$SYSROOT")
INSTALL=1
DEBUG_BUILD=1
FULL=0
JOBS=$(nproc 2>/dev/null || echo 2)
while [ $# -gt 0 ]; do
  case $1 in
    --no-install) INSTALL=0 ;;
    --no-debug) DEBUG_BUILD=0 ;;
    --full) FULL=1 ;;
    --jobs) JOBS=$2; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$LOGS"

# ---- bookkeeping ---------------------------------------------------------------
SUITES=() RESULTS=() TIMES=()
FAILED=0
now() { date +%s.%N; }
# run_suite <title> <function>: runs the function, records pass/fail and its time.
run_suite() {
  local title=$1 fn=$2 t0 t1 rc
  echo
  echo "=== $title"
  t0=$(now)
  "$fn"
  rc=$?
  t1=$(now)
  SUITES+=("$title")
  TIMES+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')")
  if [ $rc -eq 0 ]; then RESULTS+=(PASS); else RESULTS+=(FAIL); FAILED=1; fi
  echo "--- $title: ${RESULTS[-1]} (${TIMES[-1]} s)"
}
# A command's output to a log; the log's tail on failure.
logged() {
  local log=$LOGS/$1; shift
  if "$@" >"$log" 2>&1; then return 0; fi
  echo "FAILED: $* (log $log), last lines:"
  tail -n 40 "$log" | sed 's/^/  | /'
  return 1
}
# Diagnose how a program ended: 132 is SIGILL (128 + 4), which must never happen.
explain_rc() {
  local rc=$1 what=$2
  if [ "$rc" -eq 132 ]; then echo "FAIL: $what died of SIGILL (illegal instruction)";
  elif [ "$rc" -gt 128 ]; then echo "FAIL: $what died of signal $((rc - 128))";
  elif [ "$rc" -ne 0 ]; then echo "FAIL: $what exited with $rc"; fi
}

# ---- 0. packages ----------------------------------------------------------------------
PACKAGES=(cmake make g++ libxsimd-dev doctest-dev g++-aarch64-linux-gnu qemu-user)
suite_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then echo "  all present: ${PACKAGES[*]}"; return 0; fi
  echo "  missing: ${missing[*]}"
  if [ $INSTALL -eq 0 ]; then echo "FAIL: --no-install given"; return 1; fi
  # The project's installer: apt-get update once, sudo only when not root.
  logged apt-get.log bash "$ROOT/cmake/install-deps.sh" "${missing[@]}"
}

# ---- (a) aarch64 -----------------------------------------------------------------------
suite_a64_build() {
  logged a64-configure.log cmake -S "$ROOT" -B "$A64" \
      -DCMAKE_TOOLCHAIN_FILE="$ROOT/cmake/toolchains/aarch64-linux-gnu.cmake" \
      -DSIMDACT_BUILD_TESTS=ON -DSIMDACT_BUILD_BENCH=OFF &&
    logged a64-build.log cmake --build "$A64" -j "$JOBS" &&
    file "$A64/simdact-info" | grep -q "ARM aarch64" &&
    echo "  built for aarch64 (file: $(file -b "$A64/simdact-info" | cut -d, -f1-2))"
}

suite_a64_info() {
  local out rc
  out=$("${QEMU_A64[@]}" "$A64/simdact-info" 2>&1); rc=$?
  # shellcheck disable=SC2001
  echo "$out" | sed 's/^/  /'
  explain_rc $rc "simdact-info under qemu-aarch64"
  [ $rc -eq 0 ] || return 1
  echo "$out" | grep -q "^supported tiers: neon scalar$" || { echo "FAIL: expected tiers 'neon scalar'"; return 1; }
  echo "$out" | grep -Eq "^active tier: +neon$" || { echo "FAIL: expected active tier neon"; return 1; }
  # SIMDACT_ISA: a supported tier is honoured, an x86 one falls back with a message.
  local ok=0 err
  out=$(SIMDACT_ISA=scalar "${QEMU_A64[@]}" "$A64/simdact-info" 2>&1)
  if echo "$out" | grep -Eq "^active tier: +scalar$"; then echo "  SIMDACT_ISA=scalar: active tier scalar"
  else echo "FAIL: SIMDACT_ISA=scalar not honoured on aarch64"; ok=1; fi
  err=$(SIMDACT_ISA=avx2 "${QEMU_A64[@]}" "$A64/tests/simdact-dispatch-check" --expect neon --absent avx2 \
          --absent avx512 --n 2000 2>&1 >"$LOGS/a64-forced-avx2.out"); rc=$?
  explain_rc $rc "SIMDACT_ISA=avx2 simdact-dispatch-check under qemu-aarch64"
  [ $rc -eq 0 ] || { ok=1; grep FAIL "$LOGS/a64-forced-avx2.out" | sed 's/^/  /'; }
  if echo "$err" | grep -q "^simdact: SIMDACT_ISA=avx2 is not supported by this CPU.*(neon)$"; then
    echo "  SIMDACT_ISA=avx2: stderr '$err', fell back to neon; avx2/avx512 refused"
  else
    echo "FAIL: SIMDACT_ISA=avx2 on aarch64: expected the fallback message on stderr, got '$err'"; ok=1
  fi
  return $ok
}

# Under qemu-aarch64 the suite's long double references are software quad
# precision: the dense sweeps run at a coarser stride (SIMDACT_TEST_SWEEP_STRIDE,
# 65521: 2^16 inputs per kernel instead of 2^20; the subnormal-input case thins
# its sample by the same factor), and the accuracy tool's sample
# (a fixed --stride 4093 in tests/CMakeLists.txt) is run here at that stride
# instead. Full accuracy on aarch64 follows from the golden digests: its bits
# are the x86 scalar tier's. --full runs ctest unchanged.
EMU_STRIDE=${SIMDACT_TEST_SWEEP_STRIDE:-65521}
suite_a64_ctest() {
  local exclude=() rc
  [ $FULL -eq 1 ] || exclude=(-E '^simdact-accuracy\.sample$')
  # The emulator comes from CMAKE_CROSSCOMPILING_EMULATOR (the toolchain file).
  # shellcheck disable=SC2086
  SIMDACT_TEST_SWEEP_STRIDE=$EMU_STRIDE ctest --test-dir "$A64" --output-on-failure -j "$JOBS" --timeout 900 \
      "${exclude[@]}" ${CTEST_ARGS:-} >"$LOGS/a64-ctest.log" 2>&1
  rc=$?
  grep -E "Test +#|tests passed|tests failed" "$LOGS/a64-ctest.log" | sed 's/^/  /'
  grep -q "No tests were found" "$LOGS/a64-ctest.log" && { echo "FAIL: no tests registered"; return 1; }
  [ "$rc" -eq 0 ] || echo "  (full output: $LOGS/a64-ctest.log)"
  if [ $FULL -eq 0 ] && [ -x "$A64/tests/simdact-accuracy" ]; then
    "${QEMU_A64[@]}" "$A64/tests/simdact-accuracy" --stride "$EMU_STRIDE" --threads "$JOBS" \
        --out "$LOGS/ACCURACY.aarch64.md" >"$LOGS/a64-accuracy.log" 2>&1
    local arc=$?
    explain_rc $arc "simdact-accuracy --stride $EMU_STRIDE under qemu-aarch64"
    echo "  simdact-accuracy --stride $EMU_STRIDE: $(tail -n1 "$LOGS/a64-accuracy.log")"
    [ $arc -eq 0 ] || rc=1
  fi
  return "$rc"
}

# ---- native x86 builds (Release, and Debug for the ODR check) --------------------------
X86_TARGETS=(simdact-info simdact-golden simdact-dispatch-check)
build_x86() {  # <dir> <build type> <log prefix>
  logged "$3-configure.log" cmake -S "$ROOT" -B "$1" -DCMAKE_BUILD_TYPE="$2" \
      -DSIMDACT_BUILD_TESTS=ON -DSIMDACT_BUILD_BENCH=OFF || return 1
  logged "$3-build.log" cmake --build "$1" -j "$JOBS" --target "${X86_TARGETS[@]}" && return 0
  if ! grep -q "emulated.cmake" "$ROOT/tests/CMakeLists.txt"; then
    # shellcheck disable=SC2016
    echo 'hint: tests/CMakeLists.txt must contain: include(${CMAKE_CURRENT_LIST_DIR}/emulated.cmake)'
  fi
  return 1
}
suite_x86_build() { build_x86 "$X86" Release x86; }
suite_x86_debug_build() { build_x86 "$X86DBG" Debug x86-debug; }

# ---- golden digests: x86 scalar is the reference -------------------------------------------
REF=$LOGS/digest-x86_64-scalar.txt
# compare_digests <label> <digest file> <tier> <command running simdact-golden...>
compare_digests() {
  local label=$1 file=$2 tier=$3 key; shift 3
  if diff <(grep -v '^#' "$REF") <(grep -v '^#' "$file") >"$file.diff"; then
    echo "  $label: all $(grep -vc '^#' "$file") kernel digests equal the x86_64 scalar ones"
    return 0
  fi
  echo "  FAIL $label: digests differ from x86_64 scalar (< x86_64 scalar, > $label):"
  sed 's/^/    /' "$file.diff" | head -n 20
  # The first differing outputs of the first differing kernel.
  key=$(grep '^>' "$file.diff" | head -n1 | sed 's/^> //; s/ [^ ]*$//')
  if [ -n "$key" ]; then
    echo "    first differences of '$key' (index, x, dy, x86_64 scalar, $label; float bits):"
    join -j1 <("$X86/tests/simdact-golden" values "$key" --tier scalar | sort -k1,1) \
             <("$@" values "$key" --tier "$tier" | sort -k1,1) 2>/dev/null |
      awk '$4 != $7 { print "      " $1, $2, $3, $4, $7 }' | sort -n | head -n 5
  fi
  return 1
}
suite_golden() {
  local ok=0 t f rc tiers
  "$X86/tests/simdact-golden" digest --tier scalar >"$REF" || { echo "FAIL: x86 scalar digest"; return 1; }
  echo "  reference: x86_64 scalar: $(head -n1 "$REF" | sed 's/.*tier scalar, //')"
  # The other x86 tiers of this machine, natively.
  tiers=$("$X86/simdact-info" | sed -n 's/^supported tiers: //p')
  for t in $tiers; do
    [ "$t" = scalar ] && continue
    f=$LOGS/digest-x86_64-$t.txt
    if "$X86/tests/simdact-golden" digest --tier "$t" >"$f"; then
      compare_digests "x86_64 $t" "$f" "$t" "$X86/tests/simdact-golden" || ok=1
    else
      echo "  FAIL: x86_64 $t digest"; ok=1
    fi
  done
  # aarch64 neon and scalar under qemu-aarch64.
  for t in neon scalar; do
    f=$LOGS/digest-aarch64-$t.txt
    "${QEMU_A64[@]}" "$A64/tests/simdact-golden" digest --tier "$t" >"$f"; rc=$?
    explain_rc $rc "simdact-golden --tier $t under qemu-aarch64"
    [ $rc -eq 0 ] || { ok=1; continue; }
    compare_digests "aarch64 $t" "$f" "$t" "${QEMU_A64[@]}" "$A64/tests/simdact-golden" || ok=1
  done
  return $ok
}

# ---- (b) x86 dispatch under emulated CPUs ------------------------------------------------------
# run_emulated <cpu> <build dir> <expected tier> <expected tiers line> <absent tiers...>
run_emulated() {
  local cpu=$1 dir=$2 expect=$3 tiers=$4; shift 4
  local out rc absent=() a ok=0
  # qemu would silently fall back for an unknown model name: check it exists.
  qemu-x86_64 -cpu help >"$LOGS/qemu-x86_64-cpus.txt" 2>&1
  grep -Eq "^x86 +$cpu " "$LOGS/qemu-x86_64-cpus.txt" || { echo "FAIL: qemu-x86_64 has no CPU model $cpu"; return 1; }
  for a in "$@"; do absent+=(--absent "$a"); done
  out=$(qemu-x86_64 -cpu "$cpu" "$dir/simdact-info" 2>&1); rc=$?
  echo "  simdact-info: $(echo "$out" | grep -E '^(supported|active)' | tr -s ' ' | paste -sd ';' -)"
  explain_rc $rc "simdact-info under -cpu $cpu"
  [ $rc -eq 0 ] || ok=1
  echo "$out" | grep -q "^supported tiers: $tiers\$" || { echo "FAIL: expected supported tiers '$tiers'"; ok=1; }
  echo "$out" | grep -Eq "^active tier: +$expect\$" || { echo "FAIL: expected active tier $expect"; ok=1; }
  out=$(qemu-x86_64 -cpu "$cpu" "$dir/tests/simdact-dispatch-check" --expect "$expect" "${absent[@]}" 2>&1); rc=$?
  echo "$out" | grep -E "^(tier|dispatch check|FAIL)" | sed 's/^/  /'
  explain_rc $rc "simdact-dispatch-check under -cpu $cpu"
  [ $rc -eq 0 ] || ok=1
  return $ok
}

suite_haswell() {
  local ok=0 out rc
  run_emulated Haswell "$X86" avx2 "avx2 scalar" avx512 || ok=1
  # SIMDACT_ISA=avx512 on a CPU without it: a message on stderr, then avx2.
  # (stderr only, without qemu's warnings about CPUID bits TCG does not model)
  out=$(SIMDACT_ISA=avx512 qemu-x86_64 -cpu Haswell "$X86/tests/simdact-dispatch-check" \
          --expect avx2 --absent avx512 2>&1 >"$LOGS/haswell-forced-avx512.out"); rc=$?
  out=$(echo "$out" | grep -v "^qemu-x86_64: warning: TCG doesn't support")
  explain_rc $rc "SIMDACT_ISA=avx512 simdact-dispatch-check under -cpu Haswell"
  [ $rc -eq 0 ] || { ok=1; grep FAIL "$LOGS/haswell-forced-avx512.out" | sed 's/^/  /'; }
  if [ "$(echo "$out" | grep -c "^simdact: SIMDACT_ISA=avx512 is not supported by this CPU.*(avx2)$")" = 1 ]; then
    echo "  SIMDACT_ISA=avx512: stderr '$out', fell back to avx2"
  else
    echo "FAIL: SIMDACT_ISA=avx512 under Haswell: expected the fallback message on stderr, got '$out'"; ok=1
  fi
  # SIMDACT_ISA=scalar is honoured.
  SIMDACT_ISA=scalar qemu-x86_64 -cpu Haswell "$X86/tests/simdact-dispatch-check" --expect scalar --n 2000 \
    >"$LOGS/haswell-forced-scalar.out" 2>&1; rc=$?
  explain_rc $rc "SIMDACT_ISA=scalar simdact-dispatch-check under -cpu Haswell"
  if [ $rc -eq 0 ]; then echo "  SIMDACT_ISA=scalar: active tier scalar"; else ok=1; fi
  return $ok
}
suite_nehalem() { run_emulated Nehalem "$X86" scalar scalar avx2 avx512; }
suite_qemu64() { run_emulated qemu64 "$X86" scalar scalar avx2 avx512; }
suite_debug_nehalem() {
  # A Debug build's non-kernel code at -O0 must not pick up an AVX copy of a
  # shared inline function (the ODR hazard of per-ISA translation units).
  run_emulated Nehalem "$X86DBG" scalar scalar avx2 avx512 &&
    run_emulated Haswell "$X86DBG" avx2 "avx2 scalar" avx512
}

# ---- run ---------------------------------------------------------------------------------------
T_START=$(now)
echo "simdact emulated tests: sources $ROOT, builds in $BUILD_ROOT, logs in $LOGS"
run_suite "packages" suite_packages
if [ "${RESULTS[-1]}" = PASS ]; then
  run_suite "aarch64: cross build" suite_a64_build
  A64_OK=${RESULTS[-1]}
  if [ "$A64_OK" = PASS ]; then
    run_suite "aarch64: simdact-info under qemu" suite_a64_info
    run_suite "aarch64: ctest under qemu" suite_a64_ctest
  fi
  run_suite "x86_64: native build (Release)" suite_x86_build
  X86_OK=${RESULTS[-1]}
  if [ "$X86_OK" = PASS ] && [ "$A64_OK" = PASS ]; then
    run_suite "golden digests: aarch64 neon/scalar vs x86 scalar" suite_golden
  fi
  if [ "$X86_OK" = PASS ]; then
    run_suite "x86_64 under qemu -cpu Haswell" suite_haswell
    run_suite "x86_64 under qemu -cpu Nehalem" suite_nehalem
    run_suite "x86_64 under qemu -cpu qemu64" suite_qemu64
  fi
  if [ $DEBUG_BUILD -eq 1 ]; then
    run_suite "x86_64: native build (Debug)" suite_x86_debug_build
    [ "${RESULTS[-1]}" = PASS ] && run_suite "x86_64 Debug under qemu Nehalem/Haswell" suite_debug_nehalem
  fi
fi

echo
echo "=== summary"
for i in "${!SUITES[@]}"; do
  printf '  %-4s %7s s  %s\n' "${RESULTS[$i]}" "${TIMES[$i]}" "${SUITES[$i]}"
done
printf '  total %.1f s\n' "$(awk -v a="$T_START" -v b="$(now)" 'BEGIN { print b - a }')"
if [ $FAILED -ne 0 ]; then echo "emulated tests: FAILED"; exit 1; fi
echo "emulated tests: all passed"
