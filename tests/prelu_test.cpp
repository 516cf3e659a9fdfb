// PReLU (simdact_prelu_forward / simdact_prelu_backward) on the tier under test:
// long double references, every layout path (inner = 1, small, large, with and
// without run tails), all vector tails, in place, bit identity with the scalar
// tier, the weight gradient's accuracy on 1M mixed-sign elements, special
// values and argument errors.
#include <doctest/doctest.h>

#include <algorithm>
#include <cfloat>
#include <cstdint>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "reference.hpp"
#include "simdact/simdact.hpp"
#include "sweep.hpp"
#include "test_util.hpp"

namespace {

using real = long double;
const float nan_f = std::numeric_limits<float>::quiet_NaN();
const float inf_f = std::numeric_limits<float>::infinity();

struct layout {
    std::size_t channels, inner, outer;
    std::size_t n() const { return channels * inner * outer; }
    std::size_t channel(std::size_t i) const { return (i / inner) % channels; }
};

struct data {
    std::vector<float> x, dy, w;
};

// Mixed-sign inputs of varied magnitude, some exact zeros, weights of both
// signs, and subnormals (single, and runs of 40 that fill whole vectors: the
// forward's mul_tiny path) in the middle third only: the first third runs the
// loops' subnormal-free path, the middle hands over to the tiny path part way
// through a run, the last third is what that path (or the next span's fast
// path) does with ordinary input again.
data make_data(const layout& l, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    std::uniform_int_distribution<int> e(-20, 20);
    data d;
    d.x.resize(l.n());
    d.dy.resize(l.n());
    d.w.resize(l.channels);
    for (std::size_t i = 0; i < l.n(); ++i) {
        d.x[i] = (i % 29 == 7) ? 0.0f : std::ldexp(u(rng), e(rng));
        const bool middle = 3 * i >= l.n() && 3 * i < 2 * l.n();
        if (middle && (i % 13 == 5 || i % 200 < 40)) d.x[i] = std::ldexp(u(rng), -127 - int(i % 20));
        d.dy[i] = std::ldexp(u(rng), e(rng) / 2);
    }
    for (float& v : d.w) v = u(rng) * 0.5f;
    return d;
}

// Long double references straight from the definition.
real ref_forward(float x, float w) { return x > 0 ? real(x) : real(w) * real(x); }
real ref_dx(float x, float dy, float w) {
    if (std::isnan(x)) return NAN;
    return x > 0 ? real(dy) : real(w) * real(dy);
}
// Kahan-Babuska (Neumaier) summation in long double of the exact products.
std::vector<real> ref_dweight(const layout& l, const data& d) {
    std::vector<real> sum(l.channels, 0.0L), comp(l.channels, 0.0L);
    for (std::size_t i = 0; i < l.n(); ++i) {
        if (d.x[i] > 0) continue;
        const std::size_t c = l.channel(i);
        const real t = real(d.x[i]) * real(d.dy[i]);
        const real s = sum[c] + t;
        comp[c] += std::fabs(sum[c]) >= std::fabs(t) ? (sum[c] - s) + t : (t - s) + sum[c];
        sum[c] = s;
    }
    for (std::size_t c = 0; c < l.channels; ++c) sum[c] += comp[c];
    return sum;
}

// Relative error; a sum in the subnormal range (subnormal x with few terms) is
// judged on the subnormal grid instead: within 0.5 ULP counts as 0.
double rel_error(float got, real exact) {
    if (exact == 0) return got == 0 ? 0.0 : INFINITY;
    if (std::fabs(exact) < FLT_MIN) return ref::ulp_error(got, exact) <= 0.5 + 1e-9 ? 0.0 : INFINITY;
    return double(std::fabs((real(got) - exact) / exact));
}

struct result {
    std::vector<float> y, dx, dw;
};
result run(const layout& l, const data& d) {
    result r{std::vector<float>(l.n()), std::vector<float>(l.n()), std::vector<float>(l.channels)};
    REQUIRE(simdact_prelu_forward(d.x.data(), d.w.data(), l.channels, l.inner, r.y.data(), l.n()) == SIMDACT_OK);
    REQUIRE(simdact_prelu_backward(d.x.data(), d.w.data(), l.channels, l.inner, d.dy.data(), r.dx.data(),
                                   r.dw.data(), l.n()) == SIMDACT_OK);
    return r;
}

std::string describe(const layout& l) {
    return "channels=" + std::to_string(l.channels) + " inner=" + std::to_string(l.inner) +
           " outer=" + std::to_string(l.outer) + " on " + testutil::tier();
}

std::vector<layout> layouts() {
    std::vector<layout> v;
    for (std::size_t channels : {1, 3, 16})
        for (std::size_t inner : {1, 5, 64, 8, 16, 23, 29})
            for (std::size_t outer : {1, 2, 3, 7, 17, 40}) v.push_back({channels, inner, outer});
    v.push_back({1, 1, 1});
    v.push_back({1000, 1, 3});   // rows path, several chunks, row tails
    v.push_back({70, 15, 4});    // rows path, chunks of whole channels
    return v;
}

}  // namespace

TEST_CASE("prelu: forward, dx and dweight against long double, every layout and tail") {
    for (const layout& l : layouts()) {
        const data d = make_data(l, unsigned(l.channels * 1000 + l.inner * 10 + l.outer));
        const result r = run(l, d);
        INFO(describe(l));
        double worst_y = 0, worst_dx = 0, worst_dw = 0;
        for (std::size_t i = 0; i < l.n(); ++i) {
            const float w = d.w[l.channel(i)];
            worst_y = std::max(worst_y, ref::ulp_error(r.y[i], ref_forward(d.x[i], w)));
            worst_dx = std::max(worst_dx, ref::ulp_error(r.dx[i], ref_dx(d.x[i], d.dy[i], w)));
        }
        const std::vector<real> dw = ref_dweight(l, d);
        for (std::size_t c = 0; c < l.channels; ++c) worst_dw = std::max(worst_dw, rel_error(r.dw[c], dw[c]));
        // One rounding each: correctly rounded.
        CHECK(worst_y <= 0.5);
        CHECK(worst_dx <= 0.5);
        CHECK(worst_dw <= 1e-6);
    }
}

TEST_CASE("prelu: the same bits as the scalar tier, and in place") {
    for (const layout& l : layouts()) {
        const data d = make_data(l, unsigned(7 + l.n()));
        const result here = run(l, d);
        result scalar;
        {
            testutil::tier_scope s("scalar");
            scalar = run(l, d);
        }
        INFO(describe(l));
        bool same_y = true, same_dx = true, same_dw = true;
        for (std::size_t i = 0; i < l.n(); ++i) {
            same_y = same_y && testutil::same(here.y[i], scalar.y[i]);
            same_dx = same_dx && testutil::same(here.dx[i], scalar.dx[i]);
        }
        for (std::size_t c = 0; c < l.channels; ++c) same_dw = same_dw && testutil::same(here.dw[c], scalar.dw[c]);
        CHECK(same_y);
        CHECK(same_dx);
        CHECK(same_dw);

        // y == x
        std::vector<float> buf = d.x;
        REQUIRE(simdact_prelu_forward(buf.data(), d.w.data(), l.channels, l.inner, buf.data(), l.n()) == SIMDACT_OK);
        CHECK(buf == here.y);
        // dx == x
        std::vector<float> dw(l.channels);
        buf = d.x;
        REQUIRE(simdact_prelu_backward(buf.data(), d.w.data(), l.channels, l.inner, d.dy.data(), buf.data(), dw.data(),
                                       l.n()) == SIMDACT_OK);
        CHECK(buf == here.dx);
        CHECK(dw == here.dw);
        // dx == dy
        buf = d.dy;
        REQUIRE(simdact_prelu_backward(d.x.data(), d.w.data(), l.channels, l.inner, buf.data(), buf.data(), dw.data(),
                                       l.n()) == SIMDACT_OK);
        CHECK(buf == here.dx);
        CHECK(dw == here.dw);
    }
}

TEST_CASE("prelu: calls of 64 MiB and more (streaming stores): the same bits as the scalar tier, guarded") {
    // The runs path streams its output where the buffers add up to 64 MiB, the
    // output is 64-byte aligned and inner a multiple of 16 (kernels/act/prelu.hpp,
    // the avx2 and avx512 tiers; the others have no streaming stores and skip
    // this). make_data's subnormals in the middle third hand the forward over to
    // its tiny path mid-stream.
    const std::string tier = testutil::tier();
    if (tier != "avx2" && tier != "avx512") return;
    const layout l{4, std::size_t(1) << 21, 1};  // n = 8M: 64 MiB forward, 96 MiB backward
    const data d = make_data(l, 99);
    const std::size_t n = l.n();
    const float guard = -1234.5f;
    std::vector<float> buffer(n + 64 + 32);
    float* const out = buffer.data() + 16 + (64 - reinterpret_cast<std::uintptr_t>(buffer.data()) % 64) % 64 / sizeof(float);
    const auto guards_intact = [&] {
        bool ok = true;
        for (float* g = buffer.data(); g < out; ++g) ok &= testutil::bits(*g) == testutil::bits(guard);
        for (float* g = out + n; g < buffer.data() + buffer.size(); ++g) ok &= testutil::bits(*g) == testutil::bits(guard);
        return ok;
    };
    std::vector<float> y(n), dx(n), dw(l.channels), dw_here(l.channels);
    {
        testutil::tier_scope s("scalar");
        REQUIRE(simdact_prelu_forward(d.x.data(), d.w.data(), l.channels, l.inner, y.data(), n) == SIMDACT_OK);
        REQUIRE(simdact_prelu_backward(d.x.data(), d.w.data(), l.channels, l.inner, d.dy.data(), dx.data(), dw.data(), n) ==
                SIMDACT_OK);
    }
    std::fill(buffer.begin(), buffer.end(), guard);
    REQUIRE(simdact_prelu_forward(d.x.data(), d.w.data(), l.channels, l.inner, out, n) == SIMDACT_OK);
    CHECK(std::equal(y.begin(), y.end(), out, testutil::same));
    CHECK(guards_intact());
    std::fill(buffer.begin(), buffer.end(), guard);
    REQUIRE(simdact_prelu_backward(d.x.data(), d.w.data(), l.channels, l.inner, d.dy.data(), out, dw_here.data(), n) ==
            SIMDACT_OK);
    CHECK(std::equal(dx.begin(), dx.end(), out, testutil::same));
    CHECK(guards_intact());
    for (std::size_t c = 0; c < l.channels; ++c) CHECK(testutil::bits(dw_here[c]) == testutil::bits(dw[c]));
}

TEST_CASE("prelu: weight gradient on 1M mixed-sign elements, deterministic on every tier") {
    const std::size_t n = 1 << 20;
    const layout ls[] = {{1, n, 1}, {1, 1, n}, {3, 1, n / 3}, {16, 5, n / 80}, {16, 64, n / 1024}, {4, 4096, 64}};
    for (float shift : {0.05f, 0.0f}) {
        for (layout l : ls) {
            if (l.n() == 0) continue;
            // Mixed signs, dy of both signs: cancellation in the sums (with shift = 0,
            // sum |x dy| / |sum| is about sqrt(n), i.e. ~1000).
            std::mt19937 rng(unsigned(l.channels * 31 + l.inner));
            std::normal_distribution<float> g(0.0f, 1.0f);
            data d;
            d.x.resize(l.n());
            d.dy.resize(l.n());
            d.w.assign(l.channels, 0.25f);
            for (std::size_t i = 0; i < l.n(); ++i) {
                d.x[i] = g(rng) * 3.0f;
                d.dy[i] = g(rng) + shift;
            }
            std::vector<float> dx(l.n()), dw(l.channels), dw_scalar(l.channels);
            REQUIRE(simdact_prelu_backward(d.x.data(), d.w.data(), l.channels, l.inner, d.dy.data(), dx.data(), dw.data(),
                                           l.n()) == SIMDACT_OK);
            const std::vector<real> exact = ref_dweight(l, d);
            INFO(describe(l) << " shift " << shift);
            for (std::size_t c = 0; c < l.channels; ++c) {
                INFO("channel " << c << " got " << dw[c] << " exact " << double(exact[c]));
                CHECK(rel_error(dw[c], exact[c]) < 1e-6);
            }
            {
                testutil::tier_scope s("scalar");
                REQUIRE(simdact_prelu_backward(d.x.data(), d.w.data(), l.channels, l.inner, d.dy.data(), dx.data(),
                                               dw_scalar.data(), l.n()) == SIMDACT_OK);
            }
            for (std::size_t c = 0; c < l.channels; ++c) CHECK(testutil::bits(dw[c]) == testutil::bits(dw_scalar[c]));
        }
    }
}

TEST_CASE("prelu: special values") {
    // prelu(-0) = w * -0, prelu'(0) = w, NaN x -> NaN in y, dx and dweight,
    // a positive x masks its term of dweight even when dy is NaN or inf.
    const float w[2] = {0.25f, -2.0f};
    const float x[8] = {-0.0f, 0.0f, -inf_f, inf_f, 3.0f, -4.0f, FLT_TRUE_MIN, -FLT_MAX};
    const float dy[8] = {1.0f, 8.0f, 1.0f, 5.0f, nan_f, 1.0f, inf_f, 1.0f};
    float y[8], dx[8], dw[2];
    // channels = 2, inner = 4: channel 0 = x[0..4), channel 1 = x[4..8).
    REQUIRE(simdact_prelu_forward(x, w, 2, 4, y, 8) == SIMDACT_OK);
    CHECK(testutil::bits(y[0]) == testutil::bits(-0.0f));
    CHECK(testutil::bits(y[1]) == testutil::bits(0.0f));
    CHECK(y[2] == -inf_f);
    CHECK(y[3] == inf_f);
    CHECK(y[4] == 3.0f);
    CHECK(y[5] == 8.0f);
    CHECK(y[6] == FLT_TRUE_MIN);
    CHECK(y[7] == inf_f);  // -2 * -FLT_MAX overflows
    REQUIRE(simdact_prelu_backward(x, w, 2, 4, dy, dx, dw, 8) == SIMDACT_OK);
    CHECK(dx[0] == 0.25f);
    CHECK(dx[1] == 2.0f);   // prelu'(0) = w
    CHECK(dx[2] == 0.25f);
    CHECK(dx[3] == 5.0f);
    CHECK(std::isnan(dx[4]));  // x > 0: dx = dy = NaN
    CHECK(dx[5] == -2.0f);
    CHECK(dx[6] == inf_f);
    CHECK(dx[7] == -2.0f);
    CHECK(dw[0] == -inf_f);  // -inf * 1 (the zeros add +0)
    // channel 1: 3 * NaN and FLT_TRUE_MIN * inf are masked; -4 * 1 + -FLT_MAX * 1 (in double, then rounded)
    CHECK(dw[1] == -FLT_MAX);

    const float xn[4] = {1.0f, nan_f, -1.0f, 2.0f}, g[4] = {1, 1, 1, 1};
    float yn[4], dxn[4], dwn[1];
    const float w1 = 0.5f;
    REQUIRE(simdact_prelu_forward(xn, &w1, 1, 1, yn, 4) == SIMDACT_OK);
    CHECK(std::isnan(yn[1]));
    REQUIRE(simdact_prelu_backward(xn, &w1, 1, 1, g, dxn, dwn, 4) == SIMDACT_OK);
    CHECK(std::isnan(dxn[1]));
    CHECK(std::isnan(dwn[0]));
    CHECK(dxn[2] == 0.5f);
}

TEST_CASE("prelu: argument errors write nothing") {
    const std::size_t n = 24;
    std::vector<float> x(n, -1.0f), dy(n, 1.0f), w(3, 0.25f);
    std::vector<float> y(n, 77.0f), dx(n, 77.0f), dw(3, 77.0f);
    auto untouched = [&] {
        for (float v : y) CHECK(v == 77.0f);
        for (float v : dx) CHECK(v == 77.0f);
        for (float v : dw) CHECK(v == 77.0f);
    };
    auto fwd = [&](const float* xp, const float* wp, std::size_t c, std::size_t in, float* yp, std::size_t m) {
        return simdact_prelu_forward(xp, wp, c, in, yp, m);
    };
    auto bwd = [&](const float* xp, const float* wp, std::size_t c, std::size_t in, const float* g, float* d, float* dwp,
                   std::size_t m) { return simdact_prelu_backward(xp, wp, c, in, g, d, dwp, m); };

    // Shapes.
    CHECK(fwd(x.data(), w.data(), 0, 1, y.data(), n) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(fwd(x.data(), w.data(), 3, 0, y.data(), n) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(fwd(x.data(), w.data(), 3, 5, y.data(), n) == SIMDACT_ERROR_INVALID_ARGUMENT);  // 24 % 15
    CHECK(fwd(x.data(), w.data(), 3, SIZE_MAX / 2, y.data(), n) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(bwd(x.data(), w.data(), 0, 1, dy.data(), dx.data(), dw.data(), n) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(bwd(x.data(), w.data(), 3, 0, dy.data(), dx.data(), dw.data(), n) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(bwd(x.data(), w.data(), 5, 1, dy.data(), dx.data(), dw.data(), n) == SIMDACT_ERROR_INVALID_ARGUMENT);
    // NaN weight.
    std::vector<float> wn = {0.25f, nan_f, 0.1f};
    CHECK(fwd(x.data(), wn.data(), 3, 1, y.data(), n) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(bwd(x.data(), wn.data(), 3, 1, dy.data(), dx.data(), dw.data(), n) == SIMDACT_ERROR_INVALID_ARGUMENT);
    // NULL pointers.
    CHECK(fwd(nullptr, w.data(), 3, 1, y.data(), n) == SIMDACT_ERROR_NULL_POINTER);
    CHECK(fwd(x.data(), nullptr, 3, 1, y.data(), n) == SIMDACT_ERROR_NULL_POINTER);
    CHECK(fwd(x.data(), w.data(), 3, 1, nullptr, n) == SIMDACT_ERROR_NULL_POINTER);
    CHECK(bwd(nullptr, w.data(), 3, 1, dy.data(), dx.data(), dw.data(), n) == SIMDACT_ERROR_NULL_POINTER);
    CHECK(bwd(x.data(), nullptr, 3, 1, dy.data(), dx.data(), dw.data(), n) == SIMDACT_ERROR_NULL_POINTER);
    CHECK(bwd(x.data(), w.data(), 3, 1, nullptr, dx.data(), dw.data(), n) == SIMDACT_ERROR_NULL_POINTER);
    CHECK(bwd(x.data(), w.data(), 3, 1, dy.data(), nullptr, dw.data(), n) == SIMDACT_ERROR_NULL_POINTER);
    CHECK(bwd(x.data(), w.data(), 3, 1, dy.data(), dx.data(), nullptr, n) == SIMDACT_ERROR_NULL_POINTER);
    untouched();

    // Overlaps: partial output/input overlap, weight under an output, dweight anywhere.
    std::vector<float> big(4 * n, -1.0f);
    float* b = big.data();
    auto big_untouched = [&] {
        for (float v : big) CHECK(v == -1.0f);
    };
    std::vector<float> wpos(3, 0.5f);
    CHECK(fwd(b, w.data(), 3, 1, b + 1, n) == SIMDACT_ERROR_OVERLAP);
    CHECK(fwd(b, b + n + 2, 3, 1, b + n, n) == SIMDACT_ERROR_OVERLAP);  // weight inside y
    CHECK(bwd(b, w.data(), 3, 1, dy.data(), b + 3, dw.data(), n) == SIMDACT_ERROR_OVERLAP);           // dx vs x
    CHECK(bwd(x.data(), w.data(), 3, 1, b, b + 5, dw.data(), n) == SIMDACT_ERROR_OVERLAP);             // dx vs dy
    CHECK(bwd(x.data(), b + 2, 3, 1, dy.data(), b, dw.data(), n) == SIMDACT_ERROR_OVERLAP);            // weight vs dx
    CHECK(bwd(b, w.data(), 3, 1, dy.data(), dx.data(), b + 4, n) == SIMDACT_ERROR_OVERLAP);            // dweight vs x
    CHECK(bwd(x.data(), w.data(), 3, 1, b, dx.data(), b + n - 1, n) == SIMDACT_ERROR_OVERLAP);         // dweight vs dy
    CHECK(bwd(x.data(), w.data(), 3, 1, dy.data(), b, b + 1, n) == SIMDACT_ERROR_OVERLAP);             // dweight vs dx
    CHECK(bwd(x.data(), b, 3, 1, dy.data(), dx.data(), b + 2, n) == SIMDACT_ERROR_OVERLAP);            // dweight vs weight
    CHECK(bwd(x.data(), w.data(), 3, 1, dy.data(), dx.data(), w.data(), n) == SIMDACT_ERROR_OVERLAP);  // dweight == weight
    CHECK(bwd(b, w.data(), 3, 1, dy.data(), b, b, n) == SIMDACT_ERROR_OVERLAP);                        // dweight == dx == x
    big_untouched();
    untouched();
    // Allowed: y == x, dx == x or dy, weight inside x or dy (inputs), disjoint neighbours.
    CHECK(fwd(x.data(), x.data(), 3, 1, y.data(), n) == SIMDACT_OK);
    CHECK(fwd(b, b + n, 3, 1, b + 2 * n, n) == SIMDACT_OK);

    // n == 0: succeeds whatever the pointers; dweight (if given) is zeroed.
    CHECK(fwd(nullptr, nullptr, 0, 0, nullptr, 0) == SIMDACT_OK);
    CHECK(bwd(nullptr, nullptr, 3, 1, nullptr, nullptr, nullptr, 0) == SIMDACT_OK);
    CHECK(bwd(nullptr, nullptr, 3, 1, nullptr, nullptr, dw.data(), 0) == SIMDACT_OK);
    for (float v : dw) CHECK(v == 0.0f);
}

TEST_CASE("prelu: C++ wrappers") {
    const float x[3] = {-2.0f, 0.5f, -1.0f}, dy[3] = {1.0f, 1.0f, 3.0f}, w = 0.5f;
    float y[3], dx[3], dw = 0;
    simdact::prelu_forward(x, &w, 1, 1, y, 3);
    CHECK(y[0] == -1.0f);
    CHECK(y[1] == 0.5f);
    CHECK(y[2] == -0.5f);
    simdact::prelu_backward(x, &w, 1, 1, dy, dx, &dw, 3);
    CHECK(dx[0] == 0.5f);
    CHECK(dx[1] == 1.0f);
    CHECK(dx[2] == 1.5f);
    CHECK(dw == -5.0f);
    try {
        simdact::prelu_forward(x, &w, 2, 1, y, 3);
        CHECK_MESSAGE(false, "no exception");
    } catch (const simdact::error& e) {
        CHECK(e.code() == SIMDACT_ERROR_INVALID_ARGUMENT);
    }
}
