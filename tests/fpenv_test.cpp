// The caller's floating-point environment, on the tier under test:
//  - no kernel changes the control register (x86 MXCSR, aarch64 FPCR), whatever
//    mode the caller set (default, FTZ+DAZ / FZ, directed rounding), and no
//    kernel clears an exception flag the caller had raised (flags are sticky:
//    kernels may raise them, e.g. inexact);
//  - with FTZ+DAZ (x86 MXCSR bits 0x8040) or FZ (aarch64 FPCR bit 24) set,
//    results are bit-identical to the default mode whenever every input (x or y,
//    and dy) and the default-mode result are each 0, +-inf, NaN or at least
//    2^-60 in magnitude (measured: the last differences are at 2^-62.5, where
//    an intermediate x*x falls below 2^-126; see fpenv_domain). Elsewhere
//    results stay sane: NaN exactly where the default mode gives NaN, and a
//    differing result is +-0 (flushed), or the default-mode result with every
//    subnormal input read as a zero of its sign (DAZ: a subnormal x behaves as
//    +-0, e.g. relu'(subnormal) = relu'(0)), or within 4 ulp of the default
//    result (double-float intermediates losing subnormal low parts; measured
//    at most 3 ulp).
// Each test restores the caller's mode on exit (fp_mode_scope, RAII).
#include <doctest/doctest.h>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "reference.hpp"
#include "sweep.hpp"
#include "test_util.hpp"

#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64)
#include <xmmintrin.h>
#define SIMDACT_FPENV 1
#elif defined(__aarch64__)
#define SIMDACT_FPENV 1
#else
#define SIMDACT_FPENV 0
#endif

namespace {

#if SIMDACT_FPENV
#if defined(__aarch64__)
using csr_t = std::uint64_t;
inline csr_t get_control() {
    csr_t v;
    __asm__ __volatile__("mrs %0, fpcr" : "=r"(v));
    return v;
}
inline void set_control(csr_t v) { __asm__ __volatile__("msr fpcr, %0" : : "r"(v)); }
// Cumulative exception flags live in FPSR (IOC DZC OFC UFC IXC IDC).
inline csr_t get_flags() {
    csr_t v;
    __asm__ __volatile__("mrs %0, fpsr" : "=r"(v));
    return v & 0x9f;
}
inline void set_flags(csr_t f) {
    csr_t v;
    __asm__ __volatile__("mrs %0, fpsr" : "=r"(v));
    v = (v & ~csr_t(0x9f)) | f;
    __asm__ __volatile__("msr fpsr, %0" : : "r"(v));
}
constexpr csr_t all_flags = 0x9f;
constexpr csr_t flush_bits = csr_t(1) << 24;  // FZ
constexpr csr_t round_mask = csr_t(3) << 22;  // RMode
constexpr csr_t round_up = csr_t(1) << 22, round_down = csr_t(2) << 22, round_zero = csr_t(3) << 22;
const char* const register_name = "FPCR";
#else
// MXCSR holds both: flags in bits 0-5, controls above.
using csr_t = unsigned;
constexpr csr_t flag_mask = 0x3f;
inline csr_t get_control() { return _mm_getcsr() & ~flag_mask; }
inline void set_control(csr_t v) { _mm_setcsr((_mm_getcsr() & flag_mask) | (v & ~flag_mask)); }
inline csr_t get_flags() { return _mm_getcsr() & flag_mask; }
inline void set_flags(csr_t f) { _mm_setcsr((_mm_getcsr() & ~flag_mask) | f); }
constexpr csr_t all_flags = flag_mask;
constexpr csr_t flush_bits = 0x8040;          // FTZ | DAZ
constexpr csr_t round_mask = 0x6000;          // RC
constexpr csr_t round_down = 0x2000, round_up = 0x4000, round_zero = 0x6000;
const char* const register_name = "MXCSR";
#endif

// Sets a mode for one scope; restores the caller's control bits and flags.
struct fp_mode_scope {
    csr_t saved_control, saved_flags;
    explicit fp_mode_scope(csr_t control) : saved_control(get_control()), saved_flags(get_flags()) {
        set_control(control);
    }
    ~fp_mode_scope() {
        set_control(saved_control);
        set_flags(saved_flags);
    }
    fp_mode_scope(const fp_mode_scope&) = delete;
    fp_mode_scope& operator=(const fp_mode_scope&) = delete;
};
#endif

using ref::direction;
const direction all_directions[] = {direction::forward, direction::backward, direction::from_output};

simdact_status run(const ref::reference_case& c, direction d, const float* in, const float* dy, float* out,
                   std::size_t n) {
    switch (d) {
        case direction::forward: return simdact_forward(c.act, &c.params, in, out, n);
        case direction::backward: return simdact_backward(c.act, &c.params, in, dy, out, n);
        case direction::from_output: return simdact_backward_from_output(c.act, &c.params, in, dy, out, n);
    }
    return SIMDACT_ERROR_INVALID_ARGUMENT;
}

std::string name(const ref::reference_case& c, direction d) {
    return std::string(c.label) + " " + ref::direction_name(d) + " on " + testutil::tier();
}

bool subnormal(float v) { return v != 0 && std::fabs(v) < FLT_MIN; }
// The measured domain of bit-identical results under FTZ/DAZ (see the top).
constexpr float domain_min = 0x1p-60f;
bool in_domain(float v) { return v == 0 || std::isinf(v) || std::isnan(v) || std::fabs(v) >= domain_min; }
// Reads as zero under DAZ.
bool zeroish(float v) { return v == 0 || subnormal(v); }
double ulps(float got, float expected) {
    const double u = std::ldexp(1.0, std::max(std::ilogb(expected), -126) - 23);
    return std::fabs(double(got) - double(expected)) / u;
}

}  // namespace

#if SIMDACT_FPENV

TEST_CASE("kernels leave the control register unchanged and clear no exception flag") {
    const csr_t base = get_control();
    const struct {
        const char* label;
        csr_t control;
    } modes[] = {
        {"caller default", base},
        {"FTZ+DAZ / FZ", base | flush_bits},
        {"round toward zero", (base & ~round_mask) | round_zero},
        {"round down", (base & ~round_mask) | round_down},
        {"round up", (base & ~round_mask) | round_up},
        {"FTZ+DAZ / FZ, round up", (base & ~round_mask) | round_up | flush_bits},
    };
    std::vector<float> in = testutil::varied_inputs(1037, 41), dy = testutil::varied_inputs(1037, 42);
    for (float s : ref::special_inputs()) in.push_back(s), dy.push_back(1.0f);
    const std::size_t n = in.size();
    std::vector<float> out(n), dweight(7);
    std::vector<float> w = {0.25f, -1.5f, 0.0f, 2.0f, 1e-40f, -0.01f, 3.0f};
    std::size_t calls = 0;
    for (const auto& m : modes) {
        fp_mode_scope scope(m.control);
        REQUIRE(get_control() == m.control);
        for (bool raised : {false, true}) {
            auto check = [&](const std::string& what, simdact_status s) {
                CHECK_MESSAGE(s == SIMDACT_OK, what);
                const csr_t control = get_control(), flags = get_flags();
                if (control != m.control)
                    FAIL_CHECK(what, " (", m.label, "): ", register_name, " control changed from ", m.control, " to ",
                               control);
                if (raised && flags != all_flags) FAIL_CHECK(what, " (", m.label, "): exception flags cleared: ", flags);
                set_control(m.control);
                set_flags(raised ? all_flags : 0);
                ++calls;
            };
            set_flags(raised ? all_flags : 0);
            for (const ref::reference_case& c : ref::cases())
                for (direction d : all_directions) {
                    if (!ref::has_direction(c, d)) continue;
                    for (std::size_t len : {n, std::size_t(5)})
                        check(name(c, d) + " n=" + std::to_string(len), run(c, d, in.data(), dy.data(), out.data(), len));
                }
            // One shape per prelu path: runs (inner >= 16) and rows (inner < 16).
            for (std::size_t shape : {0, 1}) {
                const std::size_t channels = shape ? 7 : 3, inner = shape ? 3 : 17, len = n / (channels * inner) * channels * inner;
                check("prelu forward", simdact_prelu_forward(in.data(), w.data(), channels, inner, out.data(), len));
                check("prelu backward", simdact_prelu_backward(in.data(), w.data(), channels, inner, dy.data(),
                                                               out.data(), dweight.data(), len));
            }
        }
    }
    MESSAGE(calls, " kernel calls on ", testutil::tier(), " under ", sizeof modes / sizeof modes[0],
            " modes: control register unchanged, raised flags kept");
}

TEST_CASE("FTZ+DAZ: identical results in the normal range, sane results elsewhere") {
    // Inputs: every stride-th bit pattern, plus a dense sample of |x| < 2^-58
    // (subnormals and the smallest normals, both signs), plus specials.
    // Natively (stride 4093) every 32744th pattern: 2^17 inputs; at the coarser
    // strides of emulated runs no fewer than 2^16.
    const std::uint64_t base_stride = testutil::sweep_stride() ? testutil::sweep_stride() : 1;
    const std::uint64_t per_stride = (std::uint64_t(1) << 32) / base_stride;
    const std::uint64_t stride = base_stride * std::max<std::uint64_t>(1, std::min<std::uint64_t>(8, per_stride >> 16));
    std::vector<float> in;
    for (std::uint64_t b = 1; b < (std::uint64_t(1) << 32); b += stride) in.push_back(testutil::from_bits(std::uint32_t(b)));
    const std::size_t dense = in.size() / 4;
    const std::uint32_t top = 0x22800000u;  // 2^-58
    for (std::size_t i = 0; i < dense; ++i) {
        const auto b = std::uint32_t(std::uint64_t(top) * i / dense);
        in.push_back(testutil::from_bits(b));
        in.push_back(testutil::from_bits(b | 0x80000000u));
    }
    for (float s : ref::special_inputs()) in.push_back(s);
    const std::size_t n = in.size();
    // dy: half ordinary (0.5 <= |dy| <= 2), half of any magnitude 2^-100 .. 2^100, random signs.
    std::vector<float> dy(n);
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> ordinary(0.5f, 2.0f), wide(-100.0f, 100.0f);
    for (std::size_t i = 0; i < n; ++i)
        dy[i] = float(rng() & 1 ? -1 : 1) * (i % 2 ? std::exp2(wide(rng)) : ordinary(rng));
    // The inputs as DAZ reads them.
    std::vector<float> in_daz(n), dy_daz(n);
    for (std::size_t i = 0; i < n; ++i) {
        in_daz[i] = subnormal(in[i]) ? std::copysign(0.0f, in[i]) : in[i];
        dy_daz[i] = subnormal(dy[i]) ? std::copysign(0.0f, dy[i]) : dy[i];
    }

    const csr_t base = get_control() & ~flush_bits;
    std::vector<float> normal(n), flushed(n), as_zero(n);
    std::uint64_t total_domain = 0, total_differ = 0;
    double worst_ulps = 0;
    for (const ref::reference_case& c : ref::cases())
        for (direction d : all_directions) {
            if (!ref::has_direction(c, d)) continue;
            {
                fp_mode_scope scope(base);
                REQUIRE(run(c, d, in.data(), dy.data(), normal.data(), n) == SIMDACT_OK);
                REQUIRE(run(c, d, in_daz.data(), dy_daz.data(), as_zero.data(), n) == SIMDACT_OK);
            }
            {
                fp_mode_scope scope(base | flush_bits);
                REQUIRE(run(c, d, in.data(), dy.data(), flushed.data(), n) == SIMDACT_OK);
            }
            std::uint64_t domain = 0, differ = 0, bad_domain = 0, insane = 0;
            std::size_t first_bad = n, first_insane = n;
            for (std::size_t i = 0; i < n; ++i) {
                const float a = normal[i], f = flushed[i];
                const bool inside = in_domain(in[i]) && (d == direction::forward || in_domain(dy[i])) && in_domain(a);
                domain += inside;
                if (testutil::same(a, f)) continue;
                ++differ;
                if (inside) {
                    if (bad_domain++ == 0) first_bad = i;
                    continue;
                }
                bool sane;
                if (std::isnan(a) || std::isnan(f)) sane = false;  // not same: only one is NaN
                else if (f == 0) sane = true;                        // flushed
                else if (testutil::same(f, as_zero[i]) || (zeroish(f) && zeroish(as_zero[i]))) sane = true;
                else {
                    const double e = ulps(f, a);
                    worst_ulps = std::max(worst_ulps, e);
                    sane = e <= 4;
                }
                if (!sane && insane++ == 0) first_insane = i;
            }
            total_domain += domain;
            total_differ += differ;
            if (bad_domain)
                FAIL_CHECK(name(c, d), ": ", bad_domain, " results in the domain differ under FTZ+DAZ, first x=",
                           ref::describe(in[first_bad]), " dy=", ref::describe(dy[first_bad]),
                           " default=", ref::describe(normal[first_bad]), " ftz=", ref::describe(flushed[first_bad]));
            if (insane)
                FAIL_CHECK(name(c, d), ": ", insane, " insane results under FTZ+DAZ, first x=",
                           ref::describe(in[first_insane]), " dy=", ref::describe(dy[first_insane]),
                           " default=", ref::describe(normal[first_insane]),
                           " ftz=", ref::describe(flushed[first_insane]),
                           " subnormal inputs as zeros=", ref::describe(as_zero[first_insane]));
        }

    // PReLU (selects and one multiply; the weight gradient sums exact double
    // products) on the inputs whose x and dy are in the domain: outputs in the
    // domain and the whole weight gradient must be identical.
    {
        const std::size_t channels = 5, inner = 3;
        const std::vector<float> w = {0.25f, -1.5f, 0.0f, 2.0f, 1e-3f};
        std::vector<float> x2, dy2;
        for (std::size_t i = 0; i < n; ++i)
            if (in_domain(in[i]) && in_domain(dy[i])) x2.push_back(in[i]), dy2.push_back(dy[i]);
        const std::size_t len = x2.size() / (channels * inner) * channels * inner;
        std::vector<float> y_normal(len), y_flushed(len), dx_normal(len), dx_flushed(len);
        std::vector<float> dw_normal(channels), dw_flushed(channels);
        {
            fp_mode_scope scope(base);
            REQUIRE(simdact_prelu_forward(x2.data(), w.data(), channels, inner, y_normal.data(), len) == SIMDACT_OK);
            REQUIRE(simdact_prelu_backward(x2.data(), w.data(), channels, inner, dy2.data(), dx_normal.data(),
                                           dw_normal.data(), len) == SIMDACT_OK);
        }
        {
            fp_mode_scope scope(base | flush_bits);
            REQUIRE(simdact_prelu_forward(x2.data(), w.data(), channels, inner, y_flushed.data(), len) == SIMDACT_OK);
            REQUIRE(simdact_prelu_backward(x2.data(), w.data(), channels, inner, dy2.data(), dx_flushed.data(),
                                           dw_flushed.data(), len) == SIMDACT_OK);
        }
        std::uint64_t bad = 0, domain = 0;
        for (std::size_t i = 0; i < len; ++i) {
            if (in_domain(y_normal[i])) ++domain, bad += !testutil::same(y_normal[i], y_flushed[i]);
            if (in_domain(dx_normal[i])) ++domain, bad += !testutil::same(dx_normal[i], dx_flushed[i]);
            // Elsewhere: flushed to zero.
            if (!in_domain(y_normal[i]) && !testutil::same(y_normal[i], y_flushed[i])) bad += y_flushed[i] != 0;
            if (!in_domain(dx_normal[i]) && !testutil::same(dx_normal[i], dx_flushed[i])) bad += dx_flushed[i] != 0;
        }
        for (std::size_t c = 0; c < channels; ++c) bad += !testutil::same(dw_normal[c], dw_flushed[c]);
        CHECK_MESSAGE(bad == 0, "prelu on ", testutil::tier(), ": ", bad, " results differ under FTZ+DAZ");
        total_domain += domain;
    }
    MESSAGE(n, " inputs per kernel on ", testutil::tier(), ": ", total_domain,
            " results in the domain, all identical under FTZ+DAZ; ", total_differ,
            " differ outside it (worst non-flushed difference ", worst_ulps, " ulp)");
}

#else
TEST_CASE("floating-point environment: not checked on this architecture") {
    MESSAGE("no control-register access for this target: fpenv tests skipped");
}
#endif
