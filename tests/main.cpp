// doctest main: when ctest runs the suite for one tier (SIMDACT_TEST_TIER), a
// tier this CPU lacks is reported as skipped (exit 77) instead of silently
// testing another one.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "simdact/simdact.h"

int main(int argc, char** argv) {
    if (const char* want = std::getenv("SIMDACT_TEST_TIER")) {
        bool supported = false;
        for (size_t i = 0; i < simdact_supported_isa_count(); ++i)
            supported = supported || std::strcmp(simdact_supported_isa(i), want) == 0;
        if (!supported) {
            std::printf("tier %s is not supported by this CPU: skipped\n", want);
            return 77;
        }
        if (simdact_set_isa(want) != SIMDACT_OK) return 1;
    }
    std::printf("testing tier %s\n", simdact_active_isa());
    doctest::Context context(argc, argv);
    return context.run();
}
