#!/usr/bin/env python3
"""Turn the Google Benchmark JSON of simdact-peers / simdact-bench into a markdown
table (results/bench.md) and a chart (results/bench.png).

usage: report.py [--md results/bench.md] [--png results/bench.png] [--chart-n 65536] JSON...

Benchmark names: simdact/<tier>/<activation>/<direction>/<n>, <peer>/<activation>/<direction>/<n>,
copy/<forward|backward>/<n>; latency/<simdact_api|simdact_kernel>/<tier>/<activation>/forward/<n>
(small-call latency); special/<subnormal|huge|nan>/simdact/<tier>/<activation>/<direction>/<n>
(special inputs); limits/divide/<tier> (the divider's throughput, bench/limits.hpp). Sections: the
main table, every implementation, small-call latency, special inputs, and the speed targets
(pass/miss, each miss with its ratio; a smooth-activation miss says when its target lies above the
copy of the same shape). Throughput = items_per_second (elements/s), the median over
repetitions when the JSON has aggregates. When a row is in several files, the first
file given wins (give simdact-peers first: its simdact and peer rows come from one run).
Standard library + matplotlib only.
"""
import argparse
import json
import os
import statistics
import sys

DIRS = ["forward", "backward", "backward_from_output"]
DIR_LABEL = {"forward": "fwd", "backward": "bwd from x", "backward_from_output": "bwd from y"}
# Copy shape of each direction: y = x, or dx = dy * x (two inputs, one output).
COPY_SHAPE = {"forward": "forward", "backward": "backward", "backward_from_output": "backward"}


APART = 0.25  # rows measured this far apart by the two programs are listed (contention)


def load(paths):
    """Returns (rows, context, order, noise, extra, apart): rows[(impl, act, dir, n)] = Gelem/s;
    noise = relative differences of the rows measured in more than one file (run-to-run noise);
    extra[key] = Gelem/s of the latency, special-input and limits rows (keys from parse()); apart =
    (key, first, second) of the rows measured more than APART apart."""
    rows, context, order, noise, extra, apart = {}, {}, [], [], {}, []
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        for k, v in data.get("context", {}).items():
            context.setdefault(k, v)
        samples = {}   # name -> [items/s] of plain iterations
        medians = {}   # name -> items/s of the median aggregate
        for b in data.get("benchmarks", []):
            name = b.get("run_name", b["name"])
            ips = b.get("items_per_second")
            if ips is None or b.get("error_occurred"):
                continue
            if b.get("run_type") == "aggregate":
                if b.get("aggregate_name") == "median":
                    medians[name] = ips
            else:
                samples.setdefault(name, []).append(ips)
        names = list(dict.fromkeys(list(samples) + list(medians)))
        for name in names:
            ips = medians.get(name)
            if ips is None:
                ips = statistics.median(samples[name])
            key = parse(name)
            if key is None:
                continue
            if key[0] in ("latency", "special", "limits"):
                extra.setdefault(key, ips / 1e9)
                continue
            if key in rows:
                a, b = rows[key], ips / 1e9
                noise.append(abs(a - b) / max(a, b))
                if abs(a - b) / max(a, b) > APART:
                    apart.append((key, a, b))
                continue
            rows[key] = ips / 1e9
            order.append(key)
    return rows, context, order, noise, extra, apart


def parse(name):
    p = name.split("/")
    try:
        if p[0] == "latency" and len(p) == 6:   # ("latency", api, tier, act, dir, n)
            return ("latency", p[1], p[2], p[3], p[4], int(p[5]))
        if p[0] == "special" and len(p) == 7:   # ("special", kind, "simdact/<tier>", act, dir, n)
            return ("special", p[1], p[2] + "/" + p[3], p[4], p[5], int(p[6]))
        if p[0] == "limits" and len(p) == 3:    # ("limits", what, tier)
            return ("limits", p[1], p[2])
        if p[0] in ("latency", "special", "limits"):
            return None
        if p[0] == "simdact" and len(p) == 5:
            return ("simdact/" + p[1], p[2], p[3], int(p[4]))
        if p[0] == "copy" and len(p) == 3:
            return ("copy", None, p[1], int(p[2]))
        if len(p) == 4:
            return (p[0], p[1], p[2], int(p[3]))
    except ValueError:
        pass
    return None


def fmt(v):
    if v is None:
        return "-"
    return f"{v:.2f}" if v < 100 else f"{v:.0f}"


def fmt_ratio(v):
    return "-" if v is None else f"{v:.2f}x"


def size_label(n):
    if n >= 1 << 20 and n % (1 << 20) == 0:
        return f"{n >> 20}M"
    return str(n)


def build(rows, order, context):
    tiers = [t for t in context.get("simdact_isas", "").split(",") if t]
    seen_tiers = [k[0][8:] for k in order if k[0].startswith("simdact/")]
    for t in seen_tiers:
        if t not in tiers:
            tiers.append(t)
    best = context.get("simdact_best_isa") or (tiers[0] if tiers else None)
    acts = list(dict.fromkeys(k[1] for k in order if k[0].startswith("simdact/")))
    peers = list(dict.fromkeys(k[0] for k in order if not k[0].startswith("simdact/") and k[0] != "copy"))
    sizes = sorted({k[3] for k in order})
    return tiers, best, acts, peers, sizes


def table(rows, order, context):
    tiers, best, acts, peers, sizes = build(rows, order, context)
    out = []
    others = [t for t in tiers if t != best]
    head = ["activation", "direction", "n", f"simdact {best} (best)"] + [f"simdact {t}" for t in others]
    head += ["fastest peer", "peer Gelem/s", "simdact / peer", "simdact / copy"]
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + "|".join(["---"] * 3 + ["---:"] * (len(head) - 3)) + "|")
    full = []
    for act in acts:
        for d in DIRS:
            for n in sizes:
                s = rows.get((f"simdact/{best}", act, d, n))
                tier_vals = [rows.get((f"simdact/{t}", act, d, n)) for t in others]
                if s is None and all(v is None for v in tier_vals):
                    continue
                pv = [(rows[(p, act, d, n)], p) for p in peers if (p, act, d, n) in rows]
                fast = max(pv) if pv else None
                copy = rows.get(("copy", None, COPY_SHAPE[d], n))
                r_peer = s / fast[0] if (s is not None and fast) else None
                r_copy = s / copy if (s is not None and copy) else None
                cells = [act, DIR_LABEL[d], size_label(n), fmt(s)] + [fmt(v) for v in tier_vals]
                cells += [fast[1] if fast else "-", fmt(fast[0]) if fast else "-", fmt_ratio(r_peer), fmt_ratio(r_copy)]
                out.append("| " + " | ".join(cells) + " |")
                full.append([act, DIR_LABEL[d], size_label(n), fmt(s)] +
                            [fmt(rows.get((p, act, d, n))) for p in peers] + [fmt(copy)])
    all_head = ["activation", "direction", "n", f"simdact {best}"] + peers + ["copy (same shape)"]
    all_tab = ["| " + " | ".join(all_head) + " |", "|" + "|".join(["---"] * 3 + ["---:"] * (len(all_head) - 3)) + "|"]
    all_tab += ["| " + " | ".join(r) + " |" for r in full]
    return out, all_tab


SMOOTH = ["sigmoid", "tanh", "elu", "selu", "celu", "gelu", "gelu_tanh", "silu", "mish", "softplus",
          "logsigmoid", "softsign", "tanhshrink", "exp"]
PIECEWISE = ["relu", "leaky_relu", "hardtanh", "relu6", "hardsigmoid", "hardswish", "threshold", "hardshrink",
             "softshrink", "prelu"]
LATENCY_API_NS = 10.0   # target: a C API call at n = 16 under 10 ns
LATENCY_N = 16          # the call size those targets are for
SPECIAL_MIN = 0.5       # target: special-input throughput >= 0.5x the ordinary row
SPECIAL_KINDS = [("subnormal", "subnormal"), ("huge", "huge"), ("nan", "NaN")]


def pass_miss(ok):
    return "pass" if ok else "**miss**"


def latency_section(extra):
    keys = sorted({(k[2], k[3], k[5]) for k in extra if k[0] == "latency"}, key=lambda t: (t[0], t[2]))
    if not keys:
        return [], []
    acts_order = ["relu", "sigmoid", "tanh", "gelu"]
    keys.sort(key=lambda t: (t[0], acts_order.index(t[1]) if t[1] in acts_order else 99, t[1], t[2]))
    out = ["| activation | tier | n | C API ns/call | fetched kernel ns/call | C API < 10 ns | kernel < C API |",
           "|---|---|---:|---:|---:|---|---|"]
    misses = []
    for tier, act, n in keys:
        api = extra.get(("latency", "simdact_api", tier, act, "forward", n))
        ker = extra.get(("latency", "simdact_kernel", tier, act, "forward", n))
        api_ns = n / api if api else None      # Gelem/s -> ns per call of n elements
        ker_ns = n / ker if ker else None
        ok_api = api_ns is not None and api_ns < LATENCY_API_NS
        ok_ker = api_ns is not None and ker_ns is not None and ker_ns < api_ns
        if n != LATENCY_N:  # the tail sizes: shown, not a target
            out.append(f"| {act} | {tier} | {n} | {fmt(api_ns)} | {fmt(ker_ns)} | - | - |")
            continue
        out.append(f"| {act} | {tier} | {n} | {fmt(api_ns)} | {fmt(ker_ns)} | "
                   f"{pass_miss(ok_api) if api_ns is not None else '-'} | "
                   f"{pass_miss(ok_ker) if ker_ns is not None and api_ns is not None else '-'} |")
        if api_ns is not None and not ok_api:
            misses.append(f"{act} C API: {api_ns:.1f} ns ({api_ns / LATENCY_API_NS:.2f}x the 10 ns budget)")
        if api_ns is not None and ker_ns is not None and not ok_ker:
            misses.append(f"{act} fetched kernel: {ker_ns:.1f} ns, not below the C API's {api_ns:.1f} ns")
    return out, misses


def special_section(rows, extra):
    keys = list(dict.fromkeys((k[2], k[3], k[4], k[5]) for k in extra if k[0] == "special"))
    if not keys:
        return [], [], 0
    head = ["activation", "direction", "n", "ordinary Gelem/s"]
    for _, label in SPECIAL_KINDS:
        head += [f"{label} Gelem/s", f"{label} / ordinary"]
    head += [f">= {SPECIAL_MIN}x"]
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * 3 + ["---:"] * (len(head) - 4) + ["---"]) + "|"]
    misses, checked = [], 0
    for impl, act, d, n in keys:
        base = rows.get((impl, act, d, n))
        cells = [act, DIR_LABEL[d], size_label(n), fmt(base)]
        row_miss = []
        for kind, label in SPECIAL_KINDS:
            v = extra.get(("special", kind, impl, act, d, n))
            r = v / base if (v is not None and base) else None
            cells += [fmt(v), fmt_ratio(r)]
            if r is not None:
                checked += 1
                if r < SPECIAL_MIN:
                    row_miss.append(f"{label} {r:.3f}x")
        cells.append("-" if base is None else pass_miss(not row_miss))
        out.append("| " + " | ".join(cells) + " |")
        misses += [f"{act} {DIR_LABEL[d]}: {m}" for m in row_miss]
    return out, misses, checked


def limits_sentence(extra):
    """The divider's throughput measured in this run (limits/divide/<tier>), as a sentence."""
    parts = [f"{fmt(v)} Gelem/s on {k[2]}" for k, v in sorted(extra.items()) if k[0] == "limits" and k[1] == "divide"]
    if not parts:
        return ""
    return (" Machine limit measured in the same run (bench/limits.hpp): a kernel that divides once per vector "
            "(vdivps: sigmoid and tanh forward and backward from x, softsign forward and backward from x) runs at "
            "most at " + " and ".join(parts) + " (the divider's throughput, whatever else the kernel does).")


def targets_section(rows, order, context, extra):
    """The speed targets over the main table (plus the latency and special-input ones):
    a summary table, then each miss with its ratio."""
    tiers, best, acts, peers, sizes = build(rows, order, context)

    def fastest(act, d, n, among=None):
        pv = [(rows[(p, act, d, n)], p) for p in (among or peers) if (p, act, d, n) in rows]
        return max(pv) if pv else None

    targets = []  # (label, checked, [miss strings])

    # 1. AVX-512 >= 1.2x the fastest peer, smooth activations, n = 4096 and 65536.
    # A miss whose target (1.2x the peer) lies above the copy of the same shape says so:
    # it asks the kernel to outrun a plain copy of the same buffers (the memory roofline).
    checked, miss = 0, []
    if "avx512" in tiers:
        for act in [a for a in acts if a in SMOOTH]:
            for d in DIRS:
                for n in (4096, 65536):
                    s = rows.get(("simdact/avx512", act, d, n))
                    f = fastest(act, d, n)
                    if s is None or f is None:
                        continue
                    checked += 1
                    r = s / f[0]
                    if r < 1.2:
                        c = rows.get(("copy", None, COPY_SHAPE[d], n))
                        note = f"; target {fmt(1.2 * f[0])} above copy {fmt(c)}" if c and 1.2 * f[0] > c else ""
                        miss.append(f"{act} {DIR_LABEL[d]} {size_label(n)}: {r:.3f}x ({fmt(s)} vs {f[1]} {fmt(f[0])}{note})")
    targets.append(("AVX-512 >= 1.2x the fastest peer, smooth activations, n = 4096 and 65536", checked, miss))

    # 2. AVX2 (forced) >= 1.0x sleef_avx2, where sleef_avx2 has the row.
    checked, miss = 0, []
    if "avx2" in tiers:
        for act in acts:
            for d in DIRS:
                for n in sizes:
                    s = rows.get(("simdact/avx2", act, d, n))
                    f = rows.get(("sleef_avx2", act, d, n))
                    if s is None or f is None:
                        continue
                    checked += 1
                    r = s / f
                    if r < 1.0:
                        miss.append(f"{act} {DIR_LABEL[d]} {size_label(n)}: {r:.3f}x ({fmt(s)} vs {fmt(f)})")
    targets.append(("AVX2 forced >= 1.0x sleef_avx2 (the AVX2 peer), where it has the row", checked, miss))

    # 3. n = 16M: best tier >= 0.9x copy of the same shape.
    checked, miss = 0, []
    big = 16777216
    for act in acts:
        for d in DIRS:
            s = rows.get((f"simdact/{best}", act, d, big))
            c = rows.get(("copy", None, COPY_SHAPE[d], big))
            if s is None or not c:
                continue
            checked += 1
            r = s / c
            if r < 0.9:
                miss.append(f"{act} {DIR_LABEL[d]}: {r:.3f}x copy ({fmt(s)} vs {fmt(c)})")
    targets.append((f"n = 16M: {best} >= 0.9x copy of the same shape", checked, miss))

    # 4. Piecewise-linear: best tier >= 1.0x the fastest peer and >= 0.8x copy, every size.
    checked_p, miss_p, checked_c, miss_c = 0, [], 0, []
    for act in [a for a in acts if a in PIECEWISE]:
        for d in DIRS:
            for n in sizes:
                s = rows.get((f"simdact/{best}", act, d, n))
                if s is None:
                    continue
                f = fastest(act, d, n)
                if f is not None:
                    checked_p += 1
                    r = s / f[0]
                    if r < 1.0:
                        miss_p.append(f"{act} {DIR_LABEL[d]} {size_label(n)}: {r:.3f}x ({fmt(s)} vs {f[1]} {fmt(f[0])})")
                c = rows.get(("copy", None, COPY_SHAPE[d], n))
                if c:
                    checked_c += 1
                    r = s / c
                    if r < 0.8:
                        miss_c.append(f"{act} {DIR_LABEL[d]} {size_label(n)}: {r:.3f}x copy ({fmt(s)} vs {fmt(c)})")
    targets.append((f"piecewise-linear: {best} >= 1.0x the fastest peer, every size", checked_p, miss_p))
    targets.append((f"piecewise-linear: {best} >= 0.8x copy of the same shape, every size", checked_c, miss_c))

    lat_tab, lat_miss = latency_section(extra)
    n_lat = sum(1 for k in extra if k[0] == "latency" and k[1] == "simdact_api" and k[5] == LATENCY_N)
    n_lat += sum(1 for k in extra if k[0] == "latency" and k[1] == "simdact_kernel" and k[5] == LATENCY_N)
    targets.append(("small calls (n = 16): C API < 10 ns, fetched kernel < C API", n_lat, lat_miss))
    _, sp_miss, sp_checked = special_section(rows, extra)
    targets.append((f"special inputs: >= {SPECIAL_MIN}x the ordinary row", sp_checked, sp_miss))

    out = ["| target | rows checked | met | missed | |", "|---|---:|---:|---:|---|"]
    for label, checked, miss in targets:
        status = "-" if checked == 0 else pass_miss(not miss)
        out.append(f"| {label} | {checked} | {checked - len(miss)} | {len(miss)} | {status} |")
    for label, checked, miss in targets:
        if checked == 0:
            out += ["", f"**{label}**: not measured in this run."]
        elif miss:
            out += ["", f"**{label}**: {len(miss)} of {checked} missed:", ""] + [f"- {m}" for m in miss]
    return out


def chart(rows, order, context, path, chart_n):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    tiers, best, acts, peers, sizes = build(rows, order, context)
    impls = [f"simdact/{best}"] + peers
    labels = {f"simdact/{best}": f"simdact ({best})"}
    dirs = [d for d in DIRS if any((i, a, d, chart_n) in rows for i in impls for a in acts)]
    if not dirs:
        print(f"report.py: no rows at n = {chart_n}: no chart", file=sys.stderr)
        return False
    width_in = max(9.0, 0.9 * len(acts) + 3)
    fig, axes = plt.subplots(len(dirs), 1, figsize=(width_in, 3.4 * len(dirs) + 0.8), squeeze=False)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    bar_w = 0.8 / len(impls)
    values = [v for (i, a, d, n), v in rows.items() if n == chart_n and v > 0]
    ylo, yhi = min(values) / 1.6, max(values) * 2.5
    handles = {}
    for ax, d in zip(axes[:, 0], dirs):
        row_acts = [a for a in acts if any((i, a, d, chart_n) in rows for i in impls)]
        for j, impl in enumerate(impls):
            xs, ys = [], []
            for k, a in enumerate(row_acts):
                v = rows.get((impl, a, d, chart_n))
                if v is not None:
                    xs.append(k - 0.4 + bar_w * (j + 0.5))
                    ys.append(v)
            h = ax.bar(xs, ys, bar_w, label=labels.get(impl, impl), color=colors[j % len(colors)],
                       edgecolor="black" if j == 0 else "none", linewidth=0.6)
            handles.setdefault(labels.get(impl, impl), h)
        copy = rows.get(("copy", None, COPY_SHAPE[d], chart_n))
        if copy:
            h = ax.axhline(copy, color="gray", linestyle="--", linewidth=1)
            handles.setdefault("copy (memory roofline)", h)
        ax.set_yscale("log")
        ax.set_ylim(ylo, yhi)
        ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
        ax.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        ax.set_xticks(range(len(row_acts)))
        rot = len(row_acts) > 8
        ax.set_xticklabels(row_acts, rotation=30 if rot else 0, ha="right" if rot else "center")
        ax.set_xlim(-0.6, len(row_acts) - 0.4)
        ax.set_ylabel("Gelem/s (log)")
        ax.set_title(f"{DIR_LABEL[d]}, n = {chart_n}", fontsize=10)
        ax.grid(axis="y", which="both", alpha=0.3)
    fig.legend(list(handles.values()), list(handles.keys()), ncol=min(len(handles), 4), fontsize=8,
               loc="upper center", bbox_to_anchor=(0.5, 0.965), frameon=False)
    host = context.get("host_name", "")
    fig.suptitle(f"simdact vs peers: one thread, float32, higher is better  "
                 f"({host}, {context.get('num_cpus', '?')} CPUs, {context.get('date', '')[:16]})", fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("json", nargs="+")
    ap.add_argument("--md", default="results/bench.md")
    ap.add_argument("--png", default="results/bench.png")
    ap.add_argument("--chart-n", type=int, default=65536)
    ap.add_argument("--note", default="", help="a line added under the title (how it was run)")
    args = ap.parse_args()
    paths = [p for p in args.json if os.path.exists(p)]
    if not paths:
        sys.exit("report.py: no JSON file found")
    rows, context, order, noise, extra, apart = load(paths)
    if not rows:
        sys.exit("report.py: no benchmark rows")
    main_tab, all_tab = table(rows, order, context)
    c = context
    lines = ["# simdact benchmark", ""]
    lines.append(f"Host {c.get('host_name', '?')}, {c.get('num_cpus', '?')} CPUs at {c.get('mhz_per_cpu', '?')} MHz, "
                 f"{c.get('date', '')}; simdact {c.get('simdact_version', '?')}, tiers {c.get('simdact_isas', '?')}"
                 + (f"; oneDNN {c['onednn_version']}" if "onednn_version" in c else "") + ".")
    if args.note:
        lines.append(args.note)
    lines.append("Single thread, float32. Gelem/s = 10^9 elements per second (median of the repetitions). "
                 "Peers: oneDNN eltwise (JIT), Eigen 3.4 arrays, SLEEF 3.5 u10 loops (AVX-512, AVX2), plain "
                 "std:: loop (-O3 -march=native). \"simdact / peer\" > 1: simdact is faster than the fastest peer; "
                 "\"simdact / copy\": against y = x (forward) or dx = dy * x (backward), the memory roofline "
                 "(a plain loop with plain stores; at n = 16M simdact writes with streaming stores, which skip "
                 "reading the output's lines first, so it can pass this copy there: README \"Large calls\"). "
                 "\"-\": not measured or no such form. Every call of a row reads the same buffers, so at n = 4096 "
                 "(L1-resident) a branchy loop (the scalar tier, some scalar peers) gains from the branch predictor "
                 "learning the input's sign pattern; vector kernels are branch-free. PReLU rows: layout "
                 "[channels = 64][inner = n / 64], weights in [0.05, 0.45]; backward computes dx and dweight "
                 "(simdact_prelu_backward, oneDNN's prelu_backward, the plain loop), against the copy of the "
                 "backward shape (dweight's 64 floats not counted). Sources: " + ", ".join(os.path.basename(p) for p in paths) + ".")
    if noise:
        noise.sort()
        lines.append(f"Run-to-run noise: the {len(noise)} rows measured by both programs differ by "
                     f"{100 * statistics.median(noise):.0f}% (median), {100 * noise[int(0.9 * (len(noise) - 1))]:.0f}% "
                     f"(90th percentile), {100 * noise[-1]:.0f}% (max); the first file's figures are used.")
    if apart:
        # Contention on a shared machine only slows a run down: the lower figure of such a pair is
        # suspect, but the first file's is kept (its peers ran beside it).
        def row_name(k):  # (impl, act, dir, n); act is None for copy
            if k[1] is None:
                return f"copy {DIR_LABEL[k[2]]} {size_label(k[3])}"
            return f"{k[1]} {DIR_LABEL[k[2]]} {size_label(k[3])} {k[0].split('/')[-1]}"
        listed = "; ".join(f"{row_name(k)} {fmt(a)} / {fmt(b)}" for k, a, b in apart)
        lines.append(f"Rows the two programs measured more than {100 * APART:.0f}% apart (contention suspected; "
                     f"first / second file): {listed}.")
    lines += ["", "## simdact against the fastest peer", ""] + main_tab
    lines += ["", "## Every implementation (Gelem/s)", ""] + all_tab
    lat_tab, _ = latency_section(extra)
    if lat_tab:
        lines += ["", "## Small-call latency (n = 16)", "",
                  "Forward at n = 16 on the best tier, ns per call (CPU time): through the C API "
                  "(`simdact_forward(act, NULL, x, y, 16)`: dispatch and argument checks on every call) and through "
                  "a kernel fetched once (`k.forward(x, y, 16, &k.params)`). Targets: C API under 10 ns; the fetched "
                  "kernel faster than the C API. n = 15 and 100 (a partial last vector) are shown beside them, "
                  "not targets.", ""] + lat_tab
    sp_tab, _, _ = special_section(rows, extra)
    if sp_tab:
        sp_n = sorted({k[5] for k in extra if k[0] == "special"})
        sp_impl = sorted({k[2] for k in extra if k[0] == "special"})
        lines += ["", "## Special inputs", "",
                  f"{', '.join(sp_impl)} at n = {', '.join(str(n) for n in sp_n)}: the input (x; y for backward from "
                  "the output) is all subnormal (random nonzero mantissa, random sign), all huge (|x| log-uniform in "
                  "[1e30, 1e38], random sign) or all NaN (quiet, random payload and sign); dy stays ordinary. "
                  "Compared with the ordinary row (x in [-8, 8)) of the same activation and direction from the main "
                  f"table. Target: every special row >= {SPECIAL_MIN}x the ordinary row.", ""] + sp_tab
    lines += ["", "## Targets", "",
              "From this run's main table (best tier unless stated), plus the latency and special-input targets "
              "above. \"Fastest peer\" is the fastest of every peer measured for that row; rows with no peer figure "
              "(or no copy figure) are not counted. Misses are listed with three decimals: where simdact and a "
              "peer both run at the memory ceiling, a miss of a few percent is within the run-to-run noise "
              "given above." + limits_sentence(extra), ""] + targets_section(rows, order, context, extra) + [""]
    os.makedirs(os.path.dirname(os.path.abspath(args.md)), exist_ok=True)
    with open(args.md, "w") as f:
        f.write("\n".join(lines))
    try:
        chart(rows, order, context, args.png, args.chart_n)
    except ImportError:
        print("report.py: matplotlib not available: no chart", file=sys.stderr)
    print("\n".join(lines[: len(lines)]))


if __name__ == "__main__":
    main()
