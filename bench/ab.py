#!/usr/bin/env python3
"""A/B of two simdact-bench (or simdact-peers) binaries: is a change faster?

    python3 bench/ab.py OLD_BINARY NEW_BINARY 'REGEX' [--procs 3] [--reps 3] [--min-time 0.05]

Keep a copy of the binary before the change (cp build-bench/bench/simdact-bench /tmp/old),
rebuild, then compare. Each benchmark matched by REGEX runs alone in its own process
(--procs processes per binary, the two binaries alternating, --reps repetitions each), and
the script prints, per benchmark, the median and the best Gelem/s of each binary and their
ratios (new / old).

Why this way: on a shared machine (the 2-vCPU guest of bench/report) the speed of a process
varies by tens of percent from one process to the next, and a run of many benchmarks in one
process drifts as it goes. Contention only slows a run down, so the best figure is the
steadier one; a change is worth keeping when both ratios agree, and agree again in a second
run. First pass the same binary twice: that control shows the noise of the hour. On a quiet
hour a benchmark alone in its process is steady within a few percent; on a busy one
(2026-12-07) identical binaries differed by 0.4-1.5x at n = 4096 even so, and no A/B of a
few percent can be read then.
"""
import argparse
import json
import statistics
import subprocess


def run(binary, name, reps, min_time):
    out = subprocess.run([binary, f"--benchmark_filter=^{name}$", f"--benchmark_min_time={min_time}",
                          f"--benchmark_repetitions={reps}", "--benchmark_format=json"],
                         capture_output=True, text=True, check=True).stdout
    return [b["items_per_second"] / 1e9 for b in json.loads(out)["benchmarks"] if b.get("run_type") == "iteration"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("regex")
    ap.add_argument("--procs", type=int, default=3, help="processes per binary and benchmark (default 3)")
    ap.add_argument("--reps", type=int, default=3, help="repetitions per process (default 3)")
    ap.add_argument("--min-time", default="0.05", help="--benchmark_min_time (default 0.05)")
    a = ap.parse_args()

    listed = subprocess.run([a.old, f"--benchmark_filter={a.regex}", "--benchmark_list_tests"],
                            capture_output=True, text=True, check=True).stdout.split()
    if not listed:
        raise SystemExit(f"no benchmark of {a.old} matches {a.regex!r}")
    print(f"{'benchmark':58s} {'old':>7s} {'new':>7s} {'median':>7s} {'best':>7s}   (Gelem/s: medians)")
    for name in listed:
        old, new = [], []
        for p in range(a.procs):
            pair = [(a.old, old), (a.new, new)]
            for binary, into in (pair if p % 2 == 0 else pair[::-1]):
                into += run(binary, name, a.reps, a.min_time)
        if not old or not new:
            print(f"{name:58s} (missing in one binary)")
            continue
        mo, mn = statistics.median(old), statistics.median(new)
        print(f"{name:58s} {mo:7.3f} {mn:7.3f} {mn / mo:6.2f}x {max(new) / max(old):6.2f}x")


if __name__ == "__main__":
    main()
