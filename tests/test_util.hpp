// Shared helpers of the doctest suites.
//
// ctest runs the suite binary once per tier (SIMDACT_ISA=<tier>, test name
// "simdact-tests.<tier>"); every check then runs on that tier, and the
// cross-tier checks compare it with the scalar tier.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "simdact/simdact.h"

namespace testutil {

// The tier this run tests (the active one).
inline std::string tier() { return simdact_active_isa(); }

// Whether this CPU (and build) can run the tier called name.
inline bool tier_supported(const char* name) {
    for (size_t i = 0; i < simdact_supported_isa_count(); ++i)
        if (std::strcmp(simdact_supported_isa(i), name) == 0) return true;
    return false;
}
// When ctest runs a program for one tier (SIMDACT_TEST_TIER), switches to it.
// Returns 0 to go on, 77 (ctest's skip code) for a tier this CPU lacks, so it is
// reported as skipped instead of silently testing another one, 1 on failure.
inline int select_test_tier() {
    const char* want = std::getenv("SIMDACT_TEST_TIER");
    if (!want) return 0;
    if (!tier_supported(want)) {
        std::printf("tier %s is not supported by this CPU: skipped\n", want);
        return 77;
    }
    return simdact_set_isa(want) == SIMDACT_OK ? 0 : 1;
}

// Sets a tier for one scope, restoring the previous one afterwards.
struct tier_scope {
    std::string previous;
    explicit tier_scope(const char* name) : previous(simdact_active_isa()) {
        if (simdact_set_isa(name) != SIMDACT_OK) std::abort();
    }
    ~tier_scope() { simdact_set_isa(previous.c_str()); }
};

inline std::uint32_t bits(float v) {
    std::uint32_t b;
    std::memcpy(&b, &v, 4);
    return b;
}
inline float from_bits(std::uint32_t b) {
    float v;
    std::memcpy(&v, &b, 4);
    return v;
}
// Same bits, or both NaN (any NaN equals any NaN, per the spec).
inline bool same(float a, float b) { return (std::isnan(a) && std::isnan(b)) || bits(a) == bits(b); }

// A varied input set: random bit patterns of every magnitude plus ordinary values.
inline std::vector<float> varied_inputs(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> ordinary(-12.0f, 12.0f);
    std::vector<float> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = (i % 3 == 0) ? from_bits(static_cast<std::uint32_t>(rng())) : ordinary(rng);
    return v;
}

// Stride between sampled bit patterns in the dense sweeps (default 4093:
// 2^32 / 4093 > 2^20 inputs per kernel). Emulated runs may raise it.
constexpr std::uint64_t native_sweep_stride = 4093;
inline std::uint64_t sweep_stride() {
    const char* s = std::getenv("SIMDACT_TEST_SWEEP_STRIDE");
    return s ? std::strtoull(s, nullptr, 10) : native_sweep_stride;
}
// How many times sparser than natively this run samples: 1 natively, 16 at
// the emulated runs' 65521 (never 0, also for a stride below the native one).
inline std::uint64_t sweep_thinning() {
    const std::uint64_t t = sweep_stride() / native_sweep_stride;
    return t > 1 ? t : 1;
}

}  // namespace testutil
