// simdact-golden: bit-identity of the kernels across tiers and architectures.
//
//   simdact-golden digest [--tier T]   one line per kernel: "<key> <64-bit FNV-1a hex>"
//                                      of its outputs on the golden inputs, on tier T
//                                      (default: the active tier). Lines starting with
//                                      '#' are comments (machine, tier, sizes).
//   simdact-golden check               every supported tier against the scalar tier of
//                                      this build, in process; prints the first
//                                      differing inputs; exit 1 on any difference.
//   simdact-golden values <key> [--tier T]
//                                      "<index> <x> <dy> <out>" (float bits in hex) for
//                                      one kernel, to find where two digests differ.
//
// The key names the activation, its parameters (in %a) and the direction, so
// digest files from two machines compare line by line with diff. NaNs are
// canonicalised before hashing: the contract counts any NaN as equal to any NaN
// (and QEMU does not always reproduce the hardware's NaN sign). The x86 scalar
// tier is the reference: tests/emulated.sh compares the digests of the neon and
// scalar tiers under qemu-aarch64 against it.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "golden_inputs.hpp"
#include "simdact/simdact.h"

using namespace simdact_test;

namespace {

const char* arch_name() {
#if defined(__x86_64__)
    return "x86_64";
#elif defined(__aarch64__)
    return "aarch64";
#else
    return "unknown";
#endif
}

int usage() {
    std::fprintf(stderr,
                 "usage: simdact-golden digest [--tier T]\n"
                 "       simdact-golden check\n"
                 "       simdact-golden values <key> [--tier T]\n");
    return 2;
}

// Prints one case's outcome as its digest line.
void print_digest_line(const kernel_case& c, const char* tier, const input_set& in) {
    std::vector<float> out;
    bool available = false;
    const simdact_status st = run_case(c, tier, in, out, available);
    if (st != SIMDACT_OK)
        std::printf("%s error %s\n", c.key.c_str(), simdact_status_string(st));
    else if (!available)
        std::printf("%s none\n", c.key.c_str());
    else
        std::printf("%s %016llx\n", c.key.c_str(), static_cast<unsigned long long>(digest(out)));
}

int cmd_digest(const char* tier) {
    const input_set in = golden_inputs();
    const std::vector<kernel_case> cases = all_cases();
    if (simdact_set_isa(tier) != SIMDACT_OK) {
        std::fprintf(stderr, "simdact-golden: tier %s is not supported here\n", tier);
        return 1;
    }
    std::printf("# simdact-golden digest: arch %s, tier %s, %zu inputs, %zu kernels\n", arch_name(), tier,
                in.x.size(), cases.size());
    for (const kernel_case& c : cases) print_digest_line(c, tier, in);
    return 0;
}

int cmd_check() {
    const input_set in = golden_inputs();
    const std::vector<kernel_case> cases = all_cases();
    std::vector<std::string> tiers;
    for (std::size_t i = 0; i < simdact_supported_isa_count(); ++i) tiers.push_back(simdact_supported_isa(i));
    int failures = 0, compared = 0;
    std::vector<float> ref, got;
    for (const kernel_case& c : cases) {
        bool ref_avail = false;
        const simdact_status ref_st = run_case(c, "scalar", in, ref, ref_avail);
        for (const std::string& t : tiers) {
            if (t == "scalar") continue;
            bool avail = false;
            const simdact_status st = run_case(c, t.c_str(), in, got, avail);
            if (st != ref_st || avail != ref_avail) {
                std::printf("FAIL %s on %s: status %s, available %d; scalar: %s, %d\n", c.key.c_str(), t.c_str(),
                            simdact_status_string(st), int(avail), simdact_status_string(ref_st), int(ref_avail));
                ++failures;
                continue;
            }
            if (!avail) continue;
            ++compared;
            int shown = 0, diffs = 0;
            for (std::size_t i = 0; i < in.x.size(); ++i) {
                if (canonical_bits(got[i]) == canonical_bits(ref[i])) continue;
                if (++diffs > 5) continue;
                if (shown++ == 0) std::printf("FAIL %s on %s differs from scalar:\n", c.key.c_str(), t.c_str());
                std::printf("  x=%a dy=%a: %s %a (0x%08x), scalar %a (0x%08x)\n", double(in.x[i]), double(in.dy[i]),
                            t.c_str(), double(got[i]), to_bits(got[i]), double(ref[i]), to_bits(ref[i]));
            }
            if (diffs) {
                std::printf("  %d of %zu outputs differ\n", diffs, in.x.size());
                ++failures;
            }
        }
    }
    simdact_set_isa("best");
    std::printf("simdact-golden check (%s): tiers", arch_name());
    for (const std::string& t : tiers) std::printf(" %s", t.c_str());
    std::printf("; %d kernel x tier comparisons of %zu inputs against scalar, %d failed\n", compared, in.x.size(),
                failures);
    return failures ? 1 : 0;
}

int cmd_values(const std::string& key, const char* tier) {
    const input_set in = golden_inputs();
    for (const kernel_case& c : all_cases()) {
        if (c.key != key) continue;
        std::vector<float> out;
        bool available = false;
        const simdact_status st = run_case(c, tier, in, out, available);
        if (st != SIMDACT_OK || !available) {
            std::fprintf(stderr, "simdact-golden: %s not available on %s\n", key.c_str(), tier);
            return 1;
        }
        for (std::size_t i = 0; i < in.x.size(); ++i)
            std::printf("%zu %08x %08x %08x\n", i, to_bits(in.x[i]), to_bits(in.dy[i]), canonical_bits(out[i]));
        return 0;
    }
    std::fprintf(stderr, "simdact-golden: no kernel \"%s\"\n", key.c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    const std::string cmd = argv[1];
    const char* tier = simdact_active_isa();
    std::string key;
    for (int i = 2; i < argc; ++i) {
        if (std::strcmp(argv[i], "--tier") == 0 && i + 1 < argc)
            tier = argv[++i];
        else if (cmd == "values" && key.empty())
            key = argv[i];
        else
            return usage();
    }
    if (cmd == "digest") return cmd_digest(tier);
    if (cmd == "check") return cmd_check();
    if (cmd == "values" && !key.empty()) return cmd_values(key, tier);
    return usage();
}
