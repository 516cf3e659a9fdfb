// simdact-accuracy: measures every activation x direction x tier against the
// long double references over all 2^32 float inputs (or every stride-th bit
// pattern, plus the special inputs) and writes ACCURACY.md.
//
//   simdact-accuracy [--stride N] [--range FIRST:END] [--threads T] [--out FILE] [--only NAME] [--case LABEL] [--direction DIR]
//
// --only NAME sweeps one activation (all its parameter sets); --case LABEL one
// parameter set, by its label in the table ("celu(alpha=-0.7)", or "celu" for
// the defaults). --direction DIR (forward, backward, backward_from_output)
// sweeps one direction only (after a change to one of them).
//
// --range sweeps only the bit patterns FIRST, FIRST + stride, ... below END
// (0x-prefixed hex or decimal; END up to 0x100000000), so that the ~10 h full
// sweep can run in chunks on several machines or sessions; the chunk starting
// at 0 also measures the special inputs. tests/merge_accuracy.py merges the
// chunks' files into one table.
//
// Exit status 1 if any kernel exceeds its bound (the spec's, or the named exception).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "reference.hpp"
#include "sweep.hpp"

namespace {

struct options {
    std::uint64_t stride = 1;
    std::uint64_t first = 0, end = std::uint64_t(1) << 32;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::string out = "ACCURACY.md";
    std::string only;
    std::string case_label;
    std::string direction;
};

options parse(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--stride") o.stride = std::max<std::uint64_t>(1, std::strtoull(value().c_str(), nullptr, 10));
        else if (a == "--range") {
            const std::string r = value();
            const std::size_t colon = r.find(':');
            if (colon == std::string::npos) {
                std::fprintf(stderr, "--range needs FIRST:END\n");
                std::exit(2);
            }
            o.first = std::strtoull(r.substr(0, colon).c_str(), nullptr, 0);
            o.end = std::min<std::uint64_t>(std::strtoull(r.substr(colon + 1).c_str(), nullptr, 0), o.end);
        } else if (a == "--threads") o.threads = std::max(1, std::atoi(value().c_str()));
        else if (a == "--out") o.out = value();
        else if (a == "--only") o.only = value();
        else if (a == "--case") o.case_label = value();
        else if (a == "--direction") o.direction = value();
        else {
            std::fprintf(stderr, "usage: simdact-accuracy [--stride N] [--range FIRST:END] [--threads T] [--out FILE] [--only NAME] [--case LABEL] [--direction DIR]\n");
            std::exit(2);
        }
    }
    return o;
}

std::string fmt(double v) {
    char b[32];
    std::snprintf(b, sizeof b, v < 10 ? "%.3f" : "%.4g", v);
    return b;
}

}  // namespace

int main(int argc, char** argv) {
    const options o = parse(argc, argv);
    std::vector<std::string> tiers;
    for (size_t i = 0; i < simdact_supported_isa_count(); ++i) tiers.push_back(simdact_supported_isa(i));
    std::reverse(tiers.begin(), tiers.end());  // scalar first

    const auto start = std::chrono::steady_clock::now();
    std::ostringstream table;
    bool all_ok = true;
    for (const ref::reference_case& c : ref::cases()) {
        if (!o.only.empty() && o.only != simdact_activation_name(c.act)) continue;
        if (!o.case_label.empty() && o.case_label != c.label) continue;
        for (ref::direction d : {ref::direction::forward, ref::direction::backward, ref::direction::from_output}) {
            if (!ref::has_direction(c, d)) continue;
            if (!o.direction.empty() && o.direction != ref::direction_name(d)) continue;
            std::vector<simdact_kernel> kernels;
            for (const std::string& t : tiers) {
                simdact_set_isa(t.c_str());
                simdact_kernel k;
                if (simdact_get_kernel(c.act, &c.params, &k) != SIMDACT_OK) return 3;
                kernels.push_back(k);
            }
            // Threads take interleaved slices of the bit patterns.
            std::vector<std::vector<ref::stats>> parts(o.threads);
            std::vector<std::thread> pool;
            const std::uint64_t step = o.stride * o.threads;
            for (unsigned t = 0; t < o.threads; ++t)
                pool.emplace_back([&, t] { parts[t] = ref::sweep_kernels(c, d, kernels, o.first + t * o.stride, o.end, step); });
            for (std::thread& th : pool) th.join();
            std::vector<ref::stats> s = parts[0];
            for (unsigned t = 1; t < o.threads; ++t)
                for (std::size_t k = 0; k < s.size(); ++k) ref::merge(s[k], parts[t][k]);
            for (std::size_t k = 0; k < s.size(); ++k) {
                simdact_set_isa(tiers[k].c_str());
                if (o.first == 0) ref::merge(s[k], ref::sweep_values(c, d, ref::special_inputs()));
                const bool ok = s[k].max_ulp <= ref::bound(c, d);
                all_ok = all_ok && ok;
                table << "| " << c.label << " | " << ref::direction_name(d) << " | " << tiers[k] << " | "
                      << fmt(s[k].max_ulp) << " | " << ref::describe(s[k].worst_input) << " | " << s[k].over_1ulp
                      << " | " << s[k].count << " | " << fmt(ref::bound(c, d)) << (ok ? "" : " **EXCEEDED**")
                      << " |\n";
            }
            std::fprintf(stderr, "%-28s %-22s done (%.0f s)\n", c.label, ref::direction_name(d),
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
    }
    std::ofstream f(o.out);
    f << "# simdact accuracy\n\n"
      << "Generated by `simdact-accuracy" << (o.stride > 1 ? " --stride " + std::to_string(o.stride) : std::string())
      << "` (tests/accuracy_tool.cpp): every "
      << (o.stride == 1 ? std::string("float input") : "stride-" + std::to_string(o.stride) + " bit pattern")
      << (o.first == 0 && o.end == (std::uint64_t(1) << 32) ? std::string(" (all 2^32 bit patterns)")
                                                             : " in bit patterns [" + std::to_string(o.first) + ", " +
                                                                   std::to_string(o.end) + ")")
      << (o.first == 0 ? " plus the special inputs" : "") << ", against long double references (tests/reference.cpp), dy = 1.\n"
      << "Error in ULP of the exact result as defined in the spec (ulp(v) = 2^(max(e,-126)-23)); "
      << "NaN must match NaN and overflow must be the same infinity.\n\n"
      << "| kernel | direction | tier | max ULP | at input | inputs > 1 ULP | inputs | bound |\n"
      << "|---|---|---|---|---|---|---|---|\n"
      << table.str();
    std::fprintf(stderr, "wrote %s (%s)\n", o.out.c_str(), all_ok ? "all within bounds" : "BOUNDS EXCEEDED");
    return all_ok ? 0 : 1;
}
