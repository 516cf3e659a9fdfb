// Parameter validation, one section per group of activations: a bad parameter
// makes every entry point fail with SIMDACT_ERROR_INVALID_ARGUMENT and write
// nothing; a from-output form that the parameters rule out is SIMDACT_ERROR_UNSUPPORTED.
#include <doctest/doctest.h>

#include <limits>
#include <vector>

#include "simdact/simdact.hpp"
#include "test_util.hpp"

namespace {

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

}  // namespace

TEST_CASE("params: elu, selu, celu, softplus, logsigmoid, exp") {
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
