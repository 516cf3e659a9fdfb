// Run by ctest with SIMDACT_ISA set in the environment (see tests/CMakeLists.txt):
// checks the tier chosen at start-up against SIMDACT_EXPECT_ISA ("best" = the
// first supported tier) and the reason reported.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "simdact/simdact.h"
#include "test_util.hpp"

int main() {
    // First use from many threads at once: every thread sees the same tier and
    // working kernels (the tier is resolved exactly once).
    std::vector<std::string> seen(8);
    std::vector<int> ok(8, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            float x[40], y[40];
            for (int i = 0; i < 40; ++i) x[i] = float(i - 20) / 4;
            ok[t] = simdact_forward(SIMDACT_TANH, NULL, x, y, 40) == SIMDACT_OK && y[20] == 0.0f;
            seen[t] = simdact_active_isa();
        });
    for (std::thread& th : threads) th.join();
    for (int t = 0; t < 8; ++t)
        if (!ok[t] || seen[t] != seen[0]) {
            std::printf("FAIL: thread %d saw %s\n", t, seen[t].c_str());
            return 1;
        }

    const char* expect = std::getenv("SIMDACT_EXPECT_ISA");
    const char* env = std::getenv("SIMDACT_ISA");
    if (!expect) return 2;
    const char* want = std::strcmp(expect, "best") == 0 ? simdact_supported_isa(0) : expect;
    if (!testutil::tier_supported(want)) {
        std::printf("tier %s not supported here: skipped\n", want);
        return 77;
    }
    const char* active = simdact_active_isa();
    std::printf("SIMDACT_ISA=%s -> %s (%s)\n", env ? env : "(unset)", active, simdact_isa_reason());
    if (std::strcmp(active, want) != 0) {
        std::printf("FAIL: expected %s\n", want);
        return 1;
    }
    // A fetched kernel runs on that tier and works.
    simdact_kernel k;
    if (simdact_get_kernel(SIMDACT_SIGMOID, NULL, &k) != SIMDACT_OK || std::strcmp(k.isa, want) != 0) return 1;
    float x[3] = {0.0f, 1.0f, -1.0f}, y[3];
    k.forward(x, y, 3, &k.params);
    if (y[0] != 0.5f) return 1;
    std::printf("ok\n");
    return 0;
}
