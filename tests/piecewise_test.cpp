// The piecewise activations (hardsigmoid, hardswish, hardtanh, relu6, threshold,
// hardshrink, softshrink): the same bits as the scalar tier on the tier under
// test, for every direction, over varied inputs, every float near the kinks, and
// varied dy (including NaN and inf).
#include <doctest/doctest.h>

#include <cfloat>
#include <cmath>
#include <limits>

#include "reference.hpp"
#include "sweep.hpp"
#include "test_util.hpp"

namespace {

bool is_piecewise(simdact_activation a) {
    switch (a) {
        case SIMDACT_HARDSIGMOID: case SIMDACT_HARDSWISH: case SIMDACT_HARDTANH: case SIMDACT_RELU6:
        case SIMDACT_THRESHOLD: case SIMDACT_HARDSHRINK: case SIMDACT_SOFTSHRINK: return true;
        default: return false;
    }
}

std::vector<float> inputs() {
    std::vector<float> v = testutil::varied_inputs(1 << 15, 99);
    const std::vector<float>& s = ref::special_inputs();
    v.insert(v.end(), s.begin(), s.end());
    // 64 floats on each side of every kink and parameter used by the reference cases.
    for (float k : {-3.0f, 3.0f, -1.5f, 0.0f, -1.0f, 1.0f, 6.0f, 0.5f, -0.5f, 2.0f, -2.0f, -2.5f, 0.3f, 0.75f, 7.5f}) {
        float a = k, b = k;
        for (int i = 0; i < 64; ++i) {
            v.push_back(a = std::nextafter(a, -INFINITY));
            v.push_back(b = std::nextafter(b, INFINITY));
        }
        v.push_back(k);
    }
    return v;
}

struct outputs {
    std::vector<float> fwd, bwd, from_y;
};

outputs run(const ref::reference_case& c, const std::vector<float>& x, const std::vector<float>& dy) {
    outputs o{std::vector<float>(x.size()), std::vector<float>(x.size()), {}};
    REQUIRE(simdact_forward(c.act, &c.params, x.data(), o.fwd.data(), x.size()) == SIMDACT_OK);
    REQUIRE(simdact_backward(c.act, &c.params, x.data(), dy.data(), o.bwd.data(), x.size()) == SIMDACT_OK);
    if (c.from_output) {
        o.from_y.resize(x.size());
        REQUIRE(simdact_backward_from_output(c.act, &c.params, o.fwd.data(), dy.data(), o.from_y.data(), x.size()) ==
                SIMDACT_OK);
    }
    return o;
}

std::size_t mismatches(const std::vector<float>& a, const std::vector<float>& b) {
    std::size_t m = 0;
    for (std::size_t i = 0; i < a.size(); ++i) m += !testutil::same(a[i], b[i]);
    return m;
}

}  // namespace

TEST_CASE("piecewise activations: the same bits as the scalar tier") {
    const std::vector<float> x = inputs();
    std::vector<float> dy(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        const float vals[] = {1.0f, -3.5f, 0x1p-16f, 0x1.8p16f, std::numeric_limits<float>::quiet_NaN(),
                              std::numeric_limits<float>::infinity(), -0.0f};
        dy[i] = vals[i % 7];
    }
    for (const ref::reference_case& c : ref::cases()) {
        if (!is_piecewise(c.act)) continue;
        const outputs here = run(c, x, dy);
        outputs scalar;
        {
            testutil::tier_scope s("scalar");
            scalar = run(c, x, dy);
        }
        const std::string what = std::string(c.label) + " on " + testutil::tier();
        INFO(what);
        CHECK(mismatches(here.fwd, scalar.fwd) == 0);
        CHECK(mismatches(here.bwd, scalar.bwd) == 0);
        CHECK(mismatches(here.from_y, scalar.from_y) == 0);
    }
}

TEST_CASE("piecewise activations: backward with dy NaN/inf only where f' is not a masked zero") {
    // Masked zeros (outside the active region) give +0 whatever dy; inside, dy's NaN/inf propagate.
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    const float x_out[] = {-5.0f, 5.0f};  // outside hardsigmoid's (-3, 3)
    for (float xo : x_out)
        for (float g : {nan, inf, -inf}) {
            float dx = 7;
            REQUIRE(simdact_backward(SIMDACT_HARDSIGMOID, nullptr, &xo, &g, &dx, 1) == SIMDACT_OK);
            CHECK(testutil::bits(dx) == 0u);
        }
    const float xi = 0.5f;
    float dx = 0;
    REQUIRE(simdact_backward(SIMDACT_HARDSWISH, nullptr, &xi, &nan, &dx, 1) == SIMDACT_OK);
    CHECK(std::isnan(dx));
    REQUIRE(simdact_backward(SIMDACT_HARDSWISH, nullptr, &xi, &inf, &dx, 1) == SIMDACT_OK);
    CHECK(dx == inf);
    const float xm = -5.0f;
    REQUIRE(simdact_backward(SIMDACT_HARDSWISH, nullptr, &xm, &nan, &dx, 1) == SIMDACT_OK);
    CHECK(testutil::bits(dx) == 0u);
}

TEST_CASE("hardsigmoid': dy / 6 rounded once for every kind of dy") {
    // On AVX-512 the quotient comes from an FMA-corrected product, not a
    // divide (kernels/math/div6.hpp), and vectors with a zero, subnormal,
    // infinite or NaN quotient take the divide: every 4099th bit pattern of dy
    // (all exponents, subnormals, both zeros, infinities and NaNs), x inside
    // (-3, 3) and y inside (0, 1), must give the float division's bits.
    std::vector<float> dy;
    for (std::uint64_t b = 0; b < (std::uint64_t(1) << 32); b += 4099) dy.push_back(testutil::from_bits(std::uint32_t(b)));
    for (float v : {0.0f, -0.0f, INFINITY, -INFINITY, FLT_MAX, -FLT_MAX, 0x1p-149f, 6 * 0x1p-126f, 0x1.7fffffp-124f})
        dy.push_back(v);
    std::vector<float> x(dy.size()), y(dy.size()), dx(dy.size());
    for (std::size_t i = 0; i < dy.size(); ++i) {
        x[i] = -2.9f + 5.8f * float(i % 1000) / 1000.0f;
        y[i] = 0.01f + 0.98f * float(i % 1000) / 1000.0f;
    }
    for (int from_y = 0; from_y < 2; ++from_y) {
        REQUIRE((from_y ? simdact_backward_from_output(SIMDACT_HARDSIGMOID, nullptr, y.data(), dy.data(), dx.data(), dy.size())
                        : simdact_backward(SIMDACT_HARDSIGMOID, nullptr, x.data(), dy.data(), dx.data(), dy.size())) == SIMDACT_OK);
        std::size_t wrong = 0, first = 0;
        for (std::size_t i = 0; i < dy.size(); ++i) {
            const float e = dy[i] / 6.0f;
            if (!testutil::same(dx[i], e) && wrong++ == 0) first = i;
        }
        CHECK_MESSAGE(wrong == 0, std::string(from_y ? "from y" : "from x"), ": ", wrong, " differ, first dy = ", ref::describe(dy[first]),
                      " got ", ref::describe(dx[first]), " on ", testutil::tier());
    }
}

TEST_CASE("hardswish of every subnormal x: x/2 + x^2/6 correctly rounded") {
    // x^2/6 > 0 is far below a step, so it only decides ties: the exact value is
    // just above x/2, which is a float or exactly halfway between two; the
    // correctly rounded result is x/2 with ties going up (towards +inf). The
    // kernel takes this from the mantissa bits (kernels/act/hardswish.hpp); here
    // it is worked out from x/2 in long double and its float neighbours.
    std::vector<float> x;
    for (std::uint32_t m = 1; m < (1u << 23); ++m) {
        x.push_back(testutil::from_bits(m));
        x.push_back(testutil::from_bits(m | 0x80000000u));
    }
    std::vector<float> y(x.size());
    REQUIRE(simdact_forward(SIMDACT_HARDSWISH, nullptr, x.data(), y.data(), x.size()) == SIMDACT_OK);
    std::size_t wrong = 0, first = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const long double half = static_cast<long double>(x[i]) / 2;
        float e = static_cast<float>(half);  // exact, or one of the two neighbours of a tie
        if (static_cast<long double>(e) < half) e = std::nextafter(e, INFINITY);
        if (!testutil::same(y[i], e) && wrong++ == 0) first = i;
    }
    CHECK_MESSAGE(wrong == 0, wrong, " differ, first x = ", ref::describe(x[first]), " got ", ref::describe(y[first]),
                  " on ", testutil::tier());
}
