// doctest main: when ctest runs the suite for one tier (SIMDACT_TEST_TIER), a
// tier this CPU lacks is reported as skipped (exit 77) instead of silently
// testing another one.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "simdact/simdact.h"
#include "test_util.hpp"

int main(int argc, char** argv) {
    if (const int status = testutil::select_test_tier()) return status;
    std::printf("testing tier %s\n", simdact_active_isa());
    doctest::Context context(argc, argv);
    return context.run();
}
