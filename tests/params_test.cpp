// Parameter validation: an invalid parameter makes simdact_forward (and the
// other entry points) return SIMDACT_ERROR_INVALID_ARGUMENT and write nothing.
// One section per group of activations.
#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>
#include <limits>

#include "simdact/simdact.h"

namespace {

// True if forward and backward reject p and leave the outputs untouched.
bool rejected(simdact_activation act, simdact_params p) {
    const float x[3] = {-1.0f, 0.5f, 2.0f}, dy[3] = {1.0f, 1.0f, 1.0f};
    float y[3] = {7.0f, 7.0f, 7.0f}, dx[3] = {7.0f, 7.0f, 7.0f};
    const bool fwd = simdact_forward(act, &p, x, y, 3) == SIMDACT_ERROR_INVALID_ARGUMENT;
    const bool bwd = simdact_backward(act, &p, x, dy, dx, 3) == SIMDACT_ERROR_INVALID_ARGUMENT;
    simdact_kernel k;
    const bool get = simdact_get_kernel(act, &p, &k) == SIMDACT_ERROR_INVALID_ARGUMENT;
    bool untouched = true;
    for (int i = 0; i < 3; ++i) untouched = untouched && y[i] == 7.0f && dx[i] == 7.0f;
    return fwd && bwd && get && untouched;
}

bool accepted(simdact_activation act, simdact_params p) {
    const float x[2] = {-1.0f, 2.0f};
    float y[2];
    return simdact_forward(act, &p, x, y, 2) == SIMDACT_OK;
}

const float qnan = std::numeric_limits<float>::quiet_NaN();
const float pinf = std::numeric_limits<float>::infinity();

}  // namespace

// --- smooth activations: gelu, gelu_tanh, silu, mish, tanhshrink, softsign ---
TEST_CASE("params: silu beta (alpha) must be finite") {
    CHECK(rejected(SIMDACT_SILU, {qnan, 0}));
    CHECK(rejected(SIMDACT_SILU, {pinf, 0}));
    CHECK(rejected(SIMDACT_SILU, {-pinf, 0}));
    CHECK(accepted(SIMDACT_SILU, {1.0f, 0}));
    CHECK(accepted(SIMDACT_SILU, {0.0f, 0}));
    CHECK(accepted(SIMDACT_SILU, {-2.0f, 0}));
    CHECK(accepted(SIMDACT_SILU, {1.0f, qnan}));  // beta (the second field) is unused
}

TEST_CASE("params: gelu, gelu_tanh, mish, tanhshrink, softsign take no parameters") {
    for (simdact_activation a : {SIMDACT_GELU, SIMDACT_GELU_TANH, SIMDACT_MISH, SIMDACT_TANHSHRINK, SIMDACT_SOFTSIGN}) {
        CHECK(accepted(a, {qnan, qnan}));
        CHECK(accepted(a, {0, 0}));
    }
}
