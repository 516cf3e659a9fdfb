#!/usr/bin/env python3
"""Adds full-sweep results to ACCURACY.md's "Full sweeps" section.

    python3 tests/compose_accuracy.py [--readme README.md] ACCURACY.md full-run-1.md ...

Each run file is what `simdact-accuracy --only NAME` or `--case LABEL` wrote
without --stride and --range (all 2^32 bit patterns plus the special inputs);
other files are refused. Their rows replace the same (kernel, direction, tier)
rows of the section, or are added; rows are kept in the order of the dense
(stride) table below, which lists every kernel. The section's intro is
rewritten to name what has been swept in full and what has not yet. With
--readme, the rows of README's accuracy table whose kernel has been swept in
full take the full-sweep figures (scalar tier; every tier is identical).
"""
import re
import sys

HEADER = "| kernel | direction | tier | max ULP | at input | inputs > 1 ULP | inputs | bound |"
FULL = "## Full sweeps: all 2^32 inputs"
DENSE = "## Dense sweep"


def table_rows(lines):
    return [l.rstrip("\n") for l in lines if l.startswith("| ") and not l.startswith("| kernel")]


def key(row):
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    return cells[0], cells[1], cells[2]


def main(accuracy, runs):
    text = open(accuracy).read()
    dense_at = text.index(DENSE)
    dense_rows = table_rows(text[dense_at:].splitlines())
    order = {key(r): i for i, r in enumerate(dense_rows)}
    full = {}
    if FULL in text:
        full = {key(r): r for r in table_rows(text[text.index(FULL):dense_at].splitlines())}
    for path in runs:
        run = open(path).read()
        if "(all 2^32 bit patterns) plus the special inputs" not in run:
            sys.exit(f"{path}: not a full sweep (run simdact-accuracy without --stride and --range)")
        for r in table_rows(run.splitlines()):
            if key(r) not in order:
                sys.exit(f"{path}: {key(r)} is not in the dense table")
            full[key(r)] = r
    rows = sorted(full.values(), key=lambda r: order[key(r)])
    labels = list(dict.fromkeys(key(r)[0] for r in dense_rows))
    done = list(dict.fromkeys(key(r)[0] for r in rows))
    missing = [l for l in labels if l not in done]
    intro = (f"{FULL}\n\n"
             "`simdact-accuracy --only NAME` or `--case LABEL` without `--stride` sweeps every one of the 2^32\n"
             "bit patterns, plus the special inputs, on every tier. Swept in full"
             f"{' so far' if missing else ''} ({len(done)} of {len(labels)} kernels and parameter sets): "
             f"{', '.join(done)}.\n"
             "A run stays valid while the kernel's outputs stay the same: later commits that only made a\n"
             "kernel faster checked that all its 2^32 outputs are bit-identical (their messages say so).\n")
    if missing:
        intro += (f"Not yet swept in full (covered by the stride-61 table below): {', '.join(missing)}.\n"
                  "Each smooth kernel takes several minutes per direction of this 2-core machine; "
                  "`tests/compose_accuracy.py` adds each finished run here.\n")
    section = intro + "\n" + HEADER + "\n|---|---|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n\n"
    head = text[:text.index(FULL)] if FULL in text else text[:dense_at]
    open(accuracy, "w").write(head + section + text[dense_at:])
    print(f"{accuracy}: {len(rows)} full-sweep rows, {len(done)} kernels; missing: {len(missing)}")


def update_readme(readme, accuracy):
    text = open(accuracy).read()
    figures = {}
    for r in table_rows(text[text.index(FULL):text.index(DENSE)].splitlines()):
        cells = [c.strip() for c in r.strip().strip("|").split("|")]
        if cells[2] == "scalar":
            figures.setdefault(cells[0], {})[cells[1]] = cells[3]
    doc = open(readme).read()
    start, end = doc.index("## Accuracy"), doc.index("\n## ", doc.index("## Accuracy") + 1)
    lines = []
    for line in doc[start:end].split("\n"):
        m = re.match(r"\| ([^|]+?) \| ([^|]+?) \| ([^|]+?) \| ([^|]+?) \|$", line)
        if m and m.group(1) in figures:
            f = figures[m.group(1)]
            line = (f"| {m.group(1)} | {f.get('forward', m.group(2))} | {f.get('backward', m.group(3))} | "
                    f"{f.get('backward_from_output', '-')} |")
        lines.append(line)
    open(readme, "w").write(doc[:start] + "\n".join(lines) + doc[end:])


if __name__ == "__main__":
    args = sys.argv[1:]
    readme = None
    if args[:1] == ["--readme"]:
        readme, args = args[1], args[2:]
    if not args:
        sys.exit(__doc__)
    main(args[0], args[1:])
    if readme:
        update_readme(readme, args[0])
