#!/usr/bin/env bash
# One command for the benchmarks: bash bench/run.sh
#
# Installs what is missing (Debian/Ubuntu), builds a Release tree in build-bench/,
# runs simdact-bench and simdact-peers (one thread), and writes to results/:
#   simdact-bench.json, simdact-peers.json   Google Benchmark JSON (median of repetitions)
#   bench.md                                 simdact vs the fastest peer and vs copy, per row
#   bench.png                                throughput per activation at n = 65536
#   peers-check.txt                          each peer's results against simdact's (formula check)
# Environment:
#   SIMDACT_BENCH_QUICK=1      one repetition, short min time, n = 4096 and 65536 only
#   SIMDACT_BENCH_SIZES=a,b    sizes (default 4096,65536,16777216)
#   SIMDACT_BENCH_FORCED_16M=1 also time forced lower tiers at n >= 16M (slow; default off)
#   SIMDACT_BENCH_MIN_TIME=s   --benchmark_min_time (default 0.05; quick 0.02)
#   SIMDACT_BENCH_REPS=k       --benchmark_repetitions (default 3; quick 1)
#   SIMDACT_BENCH_FILTER=re    --benchmark_filter
#   SIMDACT_BENCH_PROGRAMS="bench peers"   which programs to run
#   SIMDACT_BENCH_CPU=k        pin the runs to CPU k with taskset
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
start=$(date +%s)

# ---- packages ---------------------------------------------------------------------
pkgs=(cmake g++ libxsimd-dev libbenchmark-dev doctest-dev libdnnl-dev libeigen3-dev libsleef-dev python3-matplotlib)
if command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    missing=()
    for p in "${pkgs[@]}"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    if ((${#missing[@]})); then
        echo "== installing: ${missing[*]}"
        sudo=""
        if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
        $sudo apt-get update
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
    fi
else
    echo "== not a Debian system: install ${pkgs[*]} (or equivalents) yourself"
fi

# A python3 with matplotlib (a pyenv or venv python3 on PATH may lack it).
py=""
for cand in python3 /usr/bin/python3; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c "import matplotlib" >/dev/null 2>&1; then
        py="$cand"
        break
    fi
done
if [ -z "$py" ]; then
    py="$(command -v python3 || echo /usr/bin/python3)"
    echo "== no python3 with matplotlib: the chart will be skipped"
fi

# ---- build ------------------------------------------------------------------------
echo "== configuring build-bench/ (Release)"
mkdir -p build-bench
log=build-bench/build.log
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DSIMDACT_BUILD_BENCH=ON \
    -DSIMDACT_BUILD_TESTS=OFF -DSIMDACT_BUILD_TOOLS=OFF -DSIMDACT_INSTALL=OFF >"$log" 2>&1 \
    || { cat "$log"; exit 1; }
grep -E "simdact: " "$log" || true
echo "== building (log: $log)"
cmake --build build-bench -j"$(nproc 2>/dev/null || echo 2)" >>"$log" 2>&1 || { tail -50 "$log"; exit 1; }

# ---- run --------------------------------------------------------------------------
if [ "${SIMDACT_BENCH_QUICK:-0}" != "0" ]; then
    reps="${SIMDACT_BENCH_REPS:-1}"
    min_time="${SIMDACT_BENCH_MIN_TIME:-0.02}"
    export SIMDACT_BENCH_SIZES="${SIMDACT_BENCH_SIZES:-4096,65536}"
else
    reps="${SIMDACT_BENCH_REPS:-3}"
    min_time="${SIMDACT_BENCH_MIN_TIME:-0.05}"
fi
args=(--benchmark_min_time="$min_time" --benchmark_repetitions="$reps"
      --benchmark_report_aggregates_only=true --benchmark_format=console --benchmark_out_format=json)
if [ -n "${SIMDACT_BENCH_FILTER:-}" ]; then args+=(--benchmark_filter="$SIMDACT_BENCH_FILTER"); fi
pin=()
if [ -n "${SIMDACT_BENCH_CPU:-}" ] && command -v taskset >/dev/null 2>&1; then pin=(taskset -c "$SIMDACT_BENCH_CPU"); fi
export OMP_NUM_THREADS=1   # oneDNN (OpenMP build): one thread, like every other row

mkdir -p results
rm -f results/simdact-bench.json results/simdact-peers.json results/peers-check.txt
if [ -x build-bench/bench/simdact-peers ]; then
    # Each peer's formula against simdact (or the plain loop): a wrong peer would make a wrong ratio.
    build-bench/bench/simdact-peers --check >results/peers-check.txt 2>&1 || true
    echo "== $(tail -1 results/peers-check.txt) (results/peers-check.txt)"
fi
jsons=()
programs="${SIMDACT_BENCH_PROGRAMS:-bench peers}"
for prog in peers bench; do   # peers first: its file wins in the report (one run for all ratios)
    case " $programs " in *" $prog "*) ;; *) continue ;; esac
    exe="build-bench/bench/simdact-$prog"
    if [ ! -x "$exe" ]; then
        echo "== $exe not built (see the configure messages above): skipped"
        continue
    fi
    echo "== running simdact-$prog (repetitions $reps, min time ${min_time}s, sizes ${SIMDACT_BENCH_SIZES:-4096,65536,16777216})"
    set +e
    "${pin[@]}" "$exe" "${args[@]}" --benchmark_out="results/simdact-$prog.json" 2>&1 \
        | grep -v -E "_(mean|stddev|cv)( |$)"
    status=${PIPESTATUS[0]}
    set -e
    if [ "$status" -ne 0 ]; then
        echo "== simdact-$prog failed (exit status $status)"
        exit 1
    fi
    jsons+=("results/simdact-$prog.json")
done
if ((${#jsons[@]} == 0)); then
    echo "== no results"
    exit 1
fi

# ---- report -----------------------------------------------------------------------
note="Run: bench/run.sh, repetitions $reps, min time ${min_time}s per repetition, OMP_NUM_THREADS=1."
if [ "${SIMDACT_BENCH_FORCED_16M:-0}" = "0" ]; then
    note="$note Forced lower tiers are not timed at n >= 16M (SIMDACT_BENCH_FORCED_16M=1 to time them)."
fi
"$py" bench/report.py "${jsons[@]}" --md results/bench.md --png results/bench.png --note "$note" >/dev/null
echo
cat results/bench.md
echo
echo "== results/: $(cd results && ls | tr '\n' ' ')  ($(($(date +%s) - start)) s)"
