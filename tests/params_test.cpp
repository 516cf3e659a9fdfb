// Parameter validation: each invalid parameter set is SIMDACT_ERROR_INVALID_ARGUMENT
// and nothing is written. Each activation's helper adds its own TEST_CASEs.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "simdact/simdact.hpp"
#include "sweep.hpp"
#include "test_util.hpp"

namespace {

const float nan_f = std::numeric_limits<float>::quiet_NaN();
const float inf_f = std::numeric_limits<float>::infinity();

// Every entry point rejects p (nullptr = defaults) and leaves the output untouched.
void check_rejected(simdact_activation a, const simdact_params* p) {
    std::vector<float> x(37, 0.25f), dy(37, 1.0f), out(37, 12345.0f);
    const std::string what = std::string(simdact_activation_name(a)) + " alpha=" +
                             (p ? std::to_string(p->alpha) : std::string("NULL")) +
                             " beta=" + (p ? std::to_string(p->beta) : std::string("NULL"));
    INFO(what);
    CHECK(simdact_forward(a, p, x.data(), out.data(), x.size()) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(simdact_backward(a, p, x.data(), dy.data(), out.data(), x.size()) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(simdact_backward_from_output(a, p, x.data(), dy.data(), out.data(), x.size()) ==
          SIMDACT_ERROR_INVALID_ARGUMENT);
    simdact_kernel k;
    CHECK(simdact_get_kernel(a, p, &k) == SIMDACT_ERROR_INVALID_ARGUMENT);
    for (float v : out) CHECK(v == 12345.0f);
}

void check_accepted(simdact_activation a, const simdact_params* p) {
    std::vector<float> x(5, 0.25f), out(5);
    CHECK(simdact_forward(a, p, x.data(), out.data(), x.size()) == SIMDACT_OK);
}

}  // namespace

TEST_CASE("params: hardtanh (min <= max, no NaN), relu6/hardsigmoid/hardswish take none") {
    const simdact_params bad[] = {{nan_f, 1.0f}, {-1.0f, nan_f}, {1.0f, -1.0f}, {0.5f, 0.4999999f}, {inf_f, -inf_f}};
    for (const simdact_params& p : bad) check_rejected(SIMDACT_HARDTANH, &p);
    const simdact_params ok[] = {{-1.0f, 1.0f}, {0.5f, 0.5f}, {-inf_f, inf_f}, {-0.0f, 0.0f}};
    for (const simdact_params& p : ok) check_accepted(SIMDACT_HARDTANH, &p);
    simdact_params d;
    REQUIRE(simdact_default_params(SIMDACT_HARDTANH, &d) == SIMDACT_OK);
    CHECK(d.alpha == -1.0f);
    CHECK(d.beta == 1.0f);
    for (simdact_activation a : {SIMDACT_RELU6, SIMDACT_HARDSIGMOID, SIMDACT_HARDSWISH}) check_accepted(a, nullptr);
}

TEST_CASE("params: threshold has no defaults (NULL params is an error) and rejects NaN") {
    check_rejected(SIMDACT_THRESHOLD, nullptr);
    simdact_params d;
    CHECK(simdact_default_params(SIMDACT_THRESHOLD, &d) == SIMDACT_ERROR_INVALID_ARGUMENT);
    const simdact_params bad[] = {{nan_f, 0.0f}, {0.0f, nan_f}};
    for (const simdact_params& p : bad) check_rejected(SIMDACT_THRESHOLD, &p);
    const simdact_params ok[] = {{0.0f, 0.0f}, {-inf_f, 1.0f}, {1.0f, inf_f}};
    for (const simdact_params& p : ok) check_accepted(SIMDACT_THRESHOLD, &p);
    // No backward from the output, whatever the parameters.
    const float y = 1, dy = 1;
    float dx = 5;
    CHECK(simdact_backward_from_output(SIMDACT_THRESHOLD, &ok[0], &y, &dy, &dx, 1) == SIMDACT_ERROR_UNSUPPORTED);
    CHECK(dx == 5);
}

TEST_CASE("params: hardshrink and softshrink (lambda >= 0, no NaN)") {
    for (simdact_activation a : {SIMDACT_HARDSHRINK, SIMDACT_SOFTSHRINK}) {
        const simdact_params bad[] = {{nan_f, 0.0f}, {-0.5f, 0.0f}, {-1e-45f, 0.0f}, {-inf_f, 0.0f}};
        for (const simdact_params& p : bad) check_rejected(a, &p);
        const simdact_params ok[] = {{0.0f, 0.0f}, {-0.0f, 0.0f}, {0.5f, 0.0f}, {inf_f, 0.0f}};
        for (const simdact_params& p : ok) check_accepted(a, &p);
        check_accepted(a, nullptr);
        simdact_params d;
        REQUIRE(simdact_default_params(a, &d) == SIMDACT_OK);
        CHECK(d.alpha == 0.5f);
    }
}

TEST_CASE("params: C++ factories for hardtanh, threshold, hardshrink, softshrink") {
    const float x[4] = {-3.0f, -0.25f, 0.25f, 3.0f};
    float y[4];
    simdact::forward(simdact::activation::hardtanh, simdact::hardtanh_params(-2.0f, 0.5f), x, y, 4);
    CHECK(y[0] == -2.0f);
    CHECK(y[3] == 0.5f);
    simdact::forward(simdact::activation::threshold, simdact::threshold_params(0.0f, -7.0f), x, y, 4);
    CHECK(y[1] == -7.0f);
    CHECK(y[2] == 0.25f);
    simdact::forward(simdact::activation::hardshrink, simdact::hardshrink_params(1.0f), x, y, 4);
    CHECK(y[1] == 0.0f);
    CHECK(y[3] == 3.0f);
    simdact::forward(simdact::activation::softshrink, simdact::softshrink_params(1.0f), x, y, 4);
    CHECK(y[0] == -2.0f);
    CHECK(y[2] == 0.0f);
    CHECK_THROWS_AS(simdact::forward(simdact::activation::threshold, x, y, 4), simdact::error);
    CHECK_THROWS_AS(simdact::default_params(simdact::activation::threshold), simdact::error);
}

// elu, celu, softplus (and the parameterless selu, logsigmoid, exp).
namespace expfam_params {

constexpr float sentinel = 12345.0f;
bool untouched(const std::vector<float>& v) {
    for (float f : v)
        if (!testutil::same(f, sentinel)) return false;
    return true;
}

// Every entry point rejects p for act with status s, writing nothing.
void check_rejected(simdact_activation act, const simdact_params& p) {
    std::vector<float> x(9, -0.5f), dy(9, 1.0f), out(9, sentinel);
    CHECK(simdact_forward(act, &p, x.data(), out.data(), x.size()) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(simdact_backward(act, &p, x.data(), dy.data(), out.data(), x.size()) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(simdact_backward_from_output(act, &p, x.data(), dy.data(), out.data(), x.size()) ==
          SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(simdact_forward(act, &p, nullptr, nullptr, 0) == SIMDACT_ERROR_INVALID_ARGUMENT);
    simdact_kernel k;
    CHECK(simdact_get_kernel(act, &p, &k) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(untouched(out));
}

void check_accepted(simdact_activation act, const simdact_params& p, bool from_output) {
    std::vector<float> x(9, -0.5f), dy(9, 1.0f), out(9, sentinel);
    CHECK(simdact_forward(act, &p, x.data(), out.data(), x.size()) == SIMDACT_OK);
    CHECK(simdact_backward(act, &p, x.data(), dy.data(), out.data(), x.size()) == SIMDACT_OK);
    CHECK(simdact_backward_from_output(act, &p, x.data(), dy.data(), out.data(), x.size()) ==
          (from_output ? SIMDACT_OK : SIMDACT_ERROR_UNSUPPORTED));
}

const float qnan = std::numeric_limits<float>::quiet_NaN();
const float pinf = std::numeric_limits<float>::infinity();

}  // namespace expfam_params

TEST_CASE("params: elu, selu, celu, softplus, logsigmoid, exp") {
    using namespace expfam_params;
    // elu: alpha NaN is invalid; from the output only for alpha > 0.
    check_rejected(SIMDACT_ELU, {qnan, 0});
    check_accepted(SIMDACT_ELU, {1.0f, 0}, true);
    check_accepted(SIMDACT_ELU, {0.0f, 0}, false);
    check_accepted(SIMDACT_ELU, {-0.5f, 0}, false);
    {
        std::vector<float> y(9, -0.2f), out(9, sentinel);
        const simdact_params zero = {0.0f, 0};
        CHECK(simdact_backward_from_output(SIMDACT_ELU, &zero, y.data(), y.data(), out.data(), y.size()) ==
              SIMDACT_ERROR_UNSUPPORTED);
        CHECK(untouched(out));
        simdact_kernel k;
        REQUIRE(simdact_get_kernel(SIMDACT_ELU, &zero, &k) == SIMDACT_OK);
        const bool none = k.backward_from_output == nullptr;
        CHECK(none);
    }
    // celu: alpha NaN or 0 is invalid (-0 too); negative alpha is a valid celu.
    check_rejected(SIMDACT_CELU, {qnan, 0});
    check_rejected(SIMDACT_CELU, {0.0f, 0});
    check_rejected(SIMDACT_CELU, {-0.0f, 0});
    check_accepted(SIMDACT_CELU, {-0.5f, 0}, true);
    check_accepted(SIMDACT_CELU, {3.0f, 0}, true);
    // softplus: beta (alpha) must be > 0 and not NaN; threshold (beta) not NaN.
    check_rejected(SIMDACT_SOFTPLUS, {qnan, 20.0f});
    check_rejected(SIMDACT_SOFTPLUS, {0.0f, 20.0f});
    check_rejected(SIMDACT_SOFTPLUS, {-0.0f, 20.0f});
    check_rejected(SIMDACT_SOFTPLUS, {-1.0f, 20.0f});
    check_rejected(SIMDACT_SOFTPLUS, {1.0f, qnan});
    check_accepted(SIMDACT_SOFTPLUS, {2.0f, -3.0f}, true);
    check_accepted(SIMDACT_SOFTPLUS, {0.5f, pinf}, true);
    // No parameters: anything given is ignored.
    for (simdact_activation a : {SIMDACT_SELU, SIMDACT_LOGSIGMOID, SIMDACT_EXP}) check_accepted(a, {qnan, qnan}, true);

    // Defaults and the C++ factories.
    simdact_params p{};
    REQUIRE(simdact_default_params(SIMDACT_ELU, &p) == SIMDACT_OK);
    CHECK((p.alpha == 1.0f));
    REQUIRE(simdact_default_params(SIMDACT_CELU, &p) == SIMDACT_OK);
    CHECK((p.alpha == 1.0f));
    REQUIRE(simdact_default_params(SIMDACT_SOFTPLUS, &p) == SIMDACT_OK);
    CHECK((p.alpha == 1.0f && p.beta == 20.0f));
    CHECK(simdact::elu_params(0.3f).alpha == 0.3f);
    CHECK(simdact::celu_params(-2.0f).alpha == -2.0f);
    CHECK((simdact::softplus_params(2.0f).alpha == 2.0f && simdact::softplus_params(2.0f).beta == 20.0f));
    CHECK(simdact::softplus_params(2.0f, 5.0f).beta == 5.0f);
    CHECK_THROWS_AS(simdact::get_kernel(simdact::activation::celu, simdact::celu_params(0.0f)), simdact::error);
    CHECK_THROWS_AS(simdact::get_kernel(simdact::activation::softplus, simdact::softplus_params(-1.0f)),
                    simdact::error);
}

// --- smooth activations: gelu, gelu_tanh, silu, mish, tanhshrink, softsign ---
TEST_CASE("params: silu beta (alpha) must be finite; gelu, gelu_tanh, mish, tanhshrink, softsign take none") {
    const simdact_params bad[] = {{nan_f, 0.0f}, {inf_f, 0.0f}, {-inf_f, 0.0f}};
    for (const simdact_params& p : bad) check_rejected(SIMDACT_SILU, &p);
    const simdact_params ok[] = {{1.0f, 0.0f}, {0.0f, 0.0f}, {-2.0f, 0.0f}, {1.0f, nan_f}};  // the second field is unused
    for (const simdact_params& p : ok) check_accepted(SIMDACT_SILU, &p);
    simdact_params d;
    REQUIRE(simdact_default_params(SIMDACT_SILU, &d) == SIMDACT_OK);
    CHECK(d.alpha == 1.0f);
    CHECK(simdact::silu_params(1.702f).alpha == 1.702f);
    const simdact_params any = {nan_f, nan_f};
    for (simdact_activation a : {SIMDACT_GELU, SIMDACT_GELU_TANH, SIMDACT_MISH, SIMDACT_TANHSHRINK, SIMDACT_SOFTSIGN}) {
        check_accepted(a, nullptr);
        check_accepted(a, &any);
    }
}

TEST_CASE("params: leaky_relu slope 0 and -0 at x = -inf give the limit (a signed zero, not 0 * inf = NaN)") {
    for (float slope : {0.0f, -0.0f}) {
        const simdact_params p{slope, 0.0f};
        const float x[4] = {-inf_f, -1.0f, -0.0f, inf_f};
        float y[4];
        REQUIRE(simdact_forward(SIMDACT_LEAKY_RELU, &p, x, y, 4) == SIMDACT_OK);
        // slope * x for x < 0 is -slope (a zero of the opposite sign); -0 stays x * slope.
        for (int i = 0; i < 2; ++i) CHECK(testutil::bits(y[i]) == testutil::bits(slope == 0.0f && !std::signbit(slope) ? -0.0f : 0.0f));
        CHECK(testutil::bits(y[2]) == testutil::bits(slope * -0.0f));
        CHECK(y[3] == inf_f);
    }
}

TEST_CASE("params: softplus with a huge beta (above 2^125) gives no NaN") {
    // The reciprocal estimate of beta used to go NaN above about 2^125 (fuzzer).
    for (float beta : {0x1p125f, 0x1p126f, 0x1.fffffep127f}) {
        const simdact_params p{beta, 1e-38f};
        const float x[5] = {0.0f, -1e-38f, -1.0f, 1e-45f, -inf_f};
        float y[5];
        REQUIRE(simdact_forward(SIMDACT_SOFTPLUS, &p, x, y, 5) == SIMDACT_OK);
        for (float v : y) CHECK(!std::isnan(v));
        // softplus(0) = ln 2 / beta, a subnormal here: within 2 ULP (2^-149 each).
        const long double exact = 0.693147180559945309417232121458176568L / beta;
        CHECK(std::fabs((long double)y[0] - exact) <= 2 * 0x1p-149L);
        CHECK(y[4] == 0.0f);
    }
}

TEST_CASE("params: softplus with an extreme beta: within bounds and the same bits as scalar, far and near lanes mixed") {
    // Each vector mixes lanes with beta x below -60 (the forward's far path, which
    // scales results without microcode assists) and lanes with subnormal or normal
    // results. With beta = 3.2e29 the far path gave 0 for 2^-135 (CI fuzzer);
    // with beta = 2^-120 the clamp of beta x at -175 gave wrong subnormals.
    const ref::reference_case* softplus = nullptr;
    for (const ref::reference_case& c : ref::cases())
        if (c.act == SIMDACT_SOFTPLUS) softplus = &c;
    REQUIRE(softplus != nullptr);
    const float betas[] = {0x1p-149f, 0x1p-120f, 7e-40f, 0x1p-62f, 0.75f, 0x1.8p62f, 0x1.93e594p99f, 0x1p100f, 0x1p126f,
                           std::numeric_limits<float>::max()};
    // z = beta x from the far tail to the linear branch, near and far interleaved.
    std::vector<float> zs;
    for (float z = -30.0f; z <= 25.0f; z += 0.37f) {
        zs.push_back(z);
        zs.push_back(-65.0f + 0.61f * z * z);  // -65 .. 500, half of them far
    }
    for (float z = -240.0f; z <= -60.0f; z += 1.3f) zs.push_back(z);
    const std::vector<float> dy(zs.size() + 8, 1.0f);
    for (float beta : betas)
        for (float threshold : {20.0f, inf_f}) {
            const simdact_params p{beta, threshold};
            ref::reference_case c = *softplus;
            c.params = p;
            std::vector<float> x;
            for (float z : zs) x.push_back(z / beta);  // inf or 0 for the extreme betas: also inputs
            for (float v : {-inf_f, inf_f, 0.0f, -0.0f, 1e-45f, -1e-45f, -3e38f, 3e38f}) x.push_back(v);
            const size_t n = x.size();
            // The forward's outputs are the from-output direction's inputs.
            std::vector<float> y(n);
            REQUIRE(simdact_forward(SIMDACT_SOFTPLUS, &p, x.data(), y.data(), n) == SIMDACT_OK);
            for (ref::direction d : {ref::direction::forward, ref::direction::backward, ref::direction::from_output}) {
                const std::vector<float>& in = d == ref::direction::from_output ? y : x;
                auto run = [&](float* out) {
                    if (d == ref::direction::forward) return simdact_forward(SIMDACT_SOFTPLUS, &p, in.data(), out, n);
                    if (d == ref::direction::backward)
                        return simdact_backward(SIMDACT_SOFTPLUS, &p, in.data(), dy.data(), out, n);
                    return simdact_backward_from_output(SIMDACT_SOFTPLUS, &p, in.data(), dy.data(), out, n);
                };
                std::vector<float> out(n), out_scalar(n);
                REQUIRE(run(out.data()) == SIMDACT_OK);
                {
                    testutil::tier_scope scalar("scalar");
                    REQUIRE(run(out_scalar.data()) == SIMDACT_OK);
                }
                for (size_t i = 0; i < n; ++i) {
                    INFO(ref::direction_name(d) << " beta " << beta << " threshold " << threshold << " in " << in[i]
                                                << " out " << out[i] << " scalar " << out_scalar[i]);
                    CHECK(testutil::same(out[i], out_scalar[i]));
                    CHECK(ref::ulp_error(out[i], ref::exact_value(c, d, in[i], 1.0f)) <= ref::bound(c, d));
                }
            }
        }
}

TEST_CASE("params: celu with a tiny or huge alpha: clamped and in-range lanes mixed, signed zero dy, same bits as scalar") {
    // x / alpha far beyond exp's range (|x / alpha| >= 193: the result is a zero or
    // +-inf whatever dy) beside ordinary lanes in one vector, so the vector tiers
    // take the general scaled path where the scalar tier takes the all-clamped one.
    // The CI fuzzer found dx = +0 on AVX-512 but -0 on scalar for dy = -0 at
    // x = -0x1.b23c7ap-4, alpha = -0x1.5798eep-27: the clamped lane kept x / alpha's
    // low part, which moved e^(193 + lo) - 1 below zero and so the sign of dy (1 + p).
    const ref::reference_case* celu = nullptr;
    for (const ref::reference_case& c : ref::cases())
        if (c.act == SIMDACT_CELU) celu = &c;
    REQUIRE(celu != nullptr);
    const float alphas[] = {-0x1.5798eep-27f, 0x1.5798eep-27f, -1e-30f, 1e-30f, -3e-3f, 3e-3f, -1.0f, 2.5e35f, -2.5e35f};
    // Ordinary x and x far out (huge |x / alpha|), interleaved; every 16th vector's
    // worth of lanes all far, so each tier also takes its all-clamped path.
    std::vector<float> xs;
    for (int i = 0; i < 96; ++i) xs.push_back(-0x1.b23c7ap-4f * (1.0f + 0.37f * float(i)));
    std::vector<float> x;
    for (int i = 0; i < 96; ++i) {
        x.push_back(xs[i]);
        x.push_back(i < 48 ? -0x1p-40f * float(i + 1) : xs[95 - i]);
    }
    for (float v : {-inf_f, -3e38f, -1e-45f, -0.0f, 0.0f}) x.push_back(v);
    const size_t n = x.size();
    for (float alpha : alphas) {
        const simdact_params p{alpha, 0.0f};
        ref::reference_case c = *celu;
        c.params = p;
        for (float dy_value : {-0.0f, 0.0f, 1.0f, -1e-45f, 3e38f}) {
            const std::vector<float> dy(n, dy_value);
            std::vector<float> out(n), out_scalar(n);
            REQUIRE(simdact_backward(SIMDACT_CELU, &p, x.data(), dy.data(), out.data(), n) == SIMDACT_OK);
            {
                testutil::tier_scope scalar("scalar");
                REQUIRE(simdact_backward(SIMDACT_CELU, &p, x.data(), dy.data(), out_scalar.data(), n) == SIMDACT_OK);
            }
            for (size_t i = 0; i < n; ++i) {
                INFO("alpha " << alpha << " x " << x[i] << " dy " << dy_value << " out " << out[i] << " scalar "
                              << out_scalar[i]);
                CHECK(testutil::same(out[i], out_scalar[i]));
                if (dy_value == 0.0f)
                    CHECK(out[i] == 0.0f);  // the exact dy e^(x / alpha) is 0 (the reference's 0 * inf is NaN)
                else
                    CHECK(ref::ulp_error(out[i], ref::exact_value(c, ref::direction::backward, x[i], dy_value)) <=
                          ref::bound(c, ref::direction::backward));
            }
        }
    }
}
