// simdact-dispatch-check: is tier dispatch right, and safe, on this CPU?
//
//   simdact-dispatch-check [--expect TIER] [--absent TIER]... [--n N]
//
// Meant to run under emulated CPUs (tests/emulated.sh: qemu-x86_64 -cpu
// Haswell / Nehalem / qemu64, qemu-aarch64), where a kernel of a tier the CPU
// lacks dies with SIGILL. It checks
//   - the active tier is TIER (--expect, or the environment variable
//     SIMDACT_EXPECT_ISA), and SIMDACT_ISA, when set, was honoured or reported;
//   - every --absent tier is not listed as supported and simdact_set_isa()
//     refuses it with SIMDACT_ERROR_UNSUPPORTED; unknown names are
//     SIMDACT_ERROR_INVALID_ARGUMENT;
//   - on every supported tier, reached through simdact_set_isa() and the
//     dispatching API, every activation x direction on N (default 1e4) inputs
//     returns the same bits as the scalar tier (any NaN equal to any NaN).
// Exit 0 when all hold, 1 otherwise; one line per failure on stdout.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "golden_inputs.hpp"
#include "simdact/simdact.h"

using namespace simdact_test;

namespace {

int failures = 0;

void fail(const std::string& what) {
    std::printf("FAIL: %s\n", what.c_str());
    ++failures;
}

// One case through the dispatching C API on the active tier.
simdact_status run_api(const kernel_case& c, const input_set& in, std::vector<float>& out) {
    out.assign(in.x.size(), 0.0f);
    const std::size_t n = in.x.size();
    switch (c.dir) {
    case forward: return simdact_forward(c.act, &c.params, in.x.data(), out.data(), n);
    case backward: return simdact_backward(c.act, &c.params, in.x.data(), in.dy.data(), out.data(), n);
    case backward_from_output:
        return simdact_backward_from_output(c.act, &c.params, in.x.data(), in.dy.data(), out.data(), n);
    }
    return SIMDACT_ERROR_INVALID_ARGUMENT;
}

bool contains(const char* haystack, const char* needle) { return haystack && std::strstr(haystack, needle); }

}  // namespace

int main(int argc, char** argv) {
    std::string expect;
    if (const char* e = std::getenv("SIMDACT_EXPECT_ISA")) expect = e;
    std::vector<std::string> absent;
    std::size_t n = 10000;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--expect" && i + 1 < argc) expect = argv[++i];
        else if (a == "--absent" && i + 1 < argc) absent.push_back(argv[++i]);
        else if (a == "--n" && i + 1 < argc) n = std::strtoul(argv[++i], nullptr, 10);
        else {
            std::fprintf(stderr, "usage: %s [--expect TIER] [--absent TIER]... [--n N]\n", argv[0]);
            return 2;
        }
    }

    // ---- the tier chosen at start-up --------------------------------------------
    const std::string active = simdact_active_isa();
    std::vector<std::string> tiers;
    for (std::size_t i = 0; i < simdact_supported_isa_count(); ++i) tiers.push_back(simdact_supported_isa(i));
    std::printf("cpu features: %s\nsupported tiers:", simdact_cpu_features());
    for (const std::string& t : tiers) std::printf(" %s", t.c_str());
    std::printf("\nactive tier: %s (%s)\n", active.c_str(), simdact_isa_reason());

    if (tiers.empty() || tiers.back() != "scalar") fail("scalar is not the last supported tier");
    if (!expect.empty() && active != expect) fail("active tier is " + active + ", expected " + expect);
    if (const char* env = std::getenv("SIMDACT_ISA")) {
        bool supported = false;
        for (const std::string& t : tiers) supported |= t == env;
        if (*env && std::strcmp(env, "best") != 0) {
            if (supported && active != env) fail(std::string("SIMDACT_ISA=") + env + " not honoured");
            if (!supported && active != tiers.front())
                fail(std::string("SIMDACT_ISA=") + env + " unsupported, but active is not the best tier");
            if (!supported && !contains(simdact_isa_reason(), "SIMDACT_ISA"))
                fail("the reason does not mention SIMDACT_ISA");
        }
    }

    // ---- refusals ---------------------------------------------------------------------
    for (const std::string& t : absent) {
        for (const std::string& s : tiers)
            if (s == t) fail("tier " + t + " is listed as supported");
        const simdact_status st = simdact_set_isa(t.c_str());
        if (st != SIMDACT_ERROR_UNSUPPORTED)
            fail("simdact_set_isa(\"" + t + "\") returned " + simdact_status_string(st) + ", expected unsupported");
        if (simdact_active_isa() != active) fail("a refused simdact_set_isa changed the active tier");
    }
    if (simdact_set_isa("sse9") != SIMDACT_ERROR_INVALID_ARGUMENT) fail("unknown tier name not rejected");
    if (simdact_set_isa(nullptr) != SIMDACT_ERROR_INVALID_ARGUMENT) fail("NULL tier name not rejected");

    // ---- every tier's bits against scalar's ---------------------------------------
    const input_set in = small_inputs(n);
    const std::vector<kernel_case> cases = all_cases();
    std::vector<std::vector<float>> ref(cases.size());
    std::vector<simdact_status> ref_status(cases.size());
    if (simdact_set_isa("scalar") != SIMDACT_OK) fail("cannot select the scalar tier");
    for (std::size_t c = 0; c < cases.size(); ++c) ref_status[c] = run_api(cases[c], in, ref[c]);
    std::vector<float> got;
    for (const std::string& t : tiers) {
        if (simdact_set_isa(t.c_str()) != SIMDACT_OK) {
            fail("simdact_set_isa(\"" + t + "\") failed on a supported tier");
            continue;
        }
        if (simdact_active_isa() != t) fail("after simdact_set_isa(\"" + t + "\") the active tier is " +
                                            simdact_active_isa());
        int ran = 0, bad = 0;
        for (std::size_t c = 0; c < cases.size(); ++c) {
            const kernel_case& k = cases[c];
            simdact_kernel kern{};
            if (simdact_get_kernel(k.act, &k.params, &kern) == SIMDACT_OK && (!kern.isa || t != kern.isa))
                fail("simdact_get_kernel on " + t + " gave kernels of " + (kern.isa ? kern.isa : "(null)"));
            const simdact_status st = run_api(k, in, got);
            if (st != ref_status[c]) {
                fail(k.key + " on " + t + ": status " + simdact_status_string(st) + ", scalar " +
                     simdact_status_string(ref_status[c]));
                ++bad;
                continue;
            }
            if (st != SIMDACT_OK) continue;
            ++ran;
            std::size_t diffs = 0, first = 0;
            for (std::size_t i = 0; i < in.x.size(); ++i)
                if (canonical_bits(got[i]) != canonical_bits(ref[c][i]) && diffs++ == 0) first = i;
            if (diffs) {
                char msg[256];
                std::snprintf(msg, sizeof msg, "%s on %s: %zu outputs differ from scalar, first x=%a dy=%a: %a vs %a",
                              k.key.c_str(), t.c_str(), diffs, double(in.x[first]), double(in.dy[first]),
                              double(got[first]), double(ref[c][first]));
                fail(msg);
                ++bad;
            }
        }
        std::printf("tier %-7s %d kernels x %zu elements: %s\n", t.c_str(), ran, in.x.size(),
                    bad ? "DIFFERENT from scalar" : "same bits as scalar");
    }

    // ---- back to the best ----------------------------------------------------------------
    if (simdact_set_isa("best") != SIMDACT_OK || simdact_active_isa() != tiers.front())
        fail("simdact_set_isa(\"best\") did not restore the best tier");

    std::printf("dispatch check: %s (%d failure%s)\n", failures ? "FAILED" : "passed", failures,
                failures == 1 ? "" : "s");
    return failures ? 1 : 0;
}
