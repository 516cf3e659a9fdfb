// The C and C++ APIs: every bad input gets its status (or simdact::error) and
// leaves every output untouched; n == 0; fetched kernels; tier control.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "simdact/simdact.hpp"
#include "test_util.hpp"

namespace {

const float sentinel = 777.0f;
bool untouched(const std::vector<float>& v) {
    for (float f : v)
        if (testutil::bits(f) != testutil::bits(sentinel)) return false;
    return true;
}

}  // namespace

TEST_CASE("n == 0 succeeds with any pointers") {
    CHECK(simdact_forward(SIMDACT_SIGMOID, nullptr, nullptr, nullptr, 0) == SIMDACT_OK);
    CHECK(simdact_backward(SIMDACT_TANH, nullptr, nullptr, nullptr, nullptr, 0) == SIMDACT_OK);
    CHECK(simdact_backward_from_output(SIMDACT_RELU, nullptr, nullptr, nullptr, nullptr, 0) == SIMDACT_OK);
    simdact::forward(simdact::activation::leaky_relu, nullptr, nullptr, 0);
}

TEST_CASE("null pointers with n > 0") {
    std::vector<float> x(8, 1.0f), out(8, sentinel);
    CHECK(simdact_forward(SIMDACT_SIGMOID, nullptr, nullptr, out.data(), 8) == SIMDACT_ERROR_NULL_POINTER);
    CHECK(simdact_forward(SIMDACT_SIGMOID, nullptr, x.data(), nullptr, 8) == SIMDACT_ERROR_NULL_POINTER);
    CHECK(simdact_backward(SIMDACT_SIGMOID, nullptr, nullptr, x.data(), out.data(), 8) == SIMDACT_ERROR_NULL_POINTER);
    CHECK(simdact_backward(SIMDACT_SIGMOID, nullptr, x.data(), nullptr, out.data(), 8) == SIMDACT_ERROR_NULL_POINTER);
    CHECK(simdact_backward(SIMDACT_SIGMOID, nullptr, x.data(), x.data(), nullptr, 8) == SIMDACT_ERROR_NULL_POINTER);
    CHECK(simdact_backward_from_output(SIMDACT_TANH, nullptr, nullptr, x.data(), out.data(), 8) ==
          SIMDACT_ERROR_NULL_POINTER);
    CHECK(std::strstr(simdact_last_error(), "NULL") != nullptr);
    CHECK(untouched(out));
    try {
        simdact::forward(simdact::activation::relu, x.data(), nullptr, 8);
        FAIL("no exception");
    } catch (const simdact::error& e) {
        CHECK(e.code() == SIMDACT_ERROR_NULL_POINTER);
        CHECK(std::string(e.what()).find("y is NULL") != std::string::npos);
    }
}

TEST_CASE("partial overlap is an error, exact aliasing is in place") {
    std::vector<float> buf(64, sentinel);
    float* a = buf.data();
    // forward: y overlapping x by one element, either side
    CHECK(simdact_forward(SIMDACT_RELU, nullptr, a, a + 1, 16) == SIMDACT_ERROR_OVERLAP);
    CHECK(simdact_forward(SIMDACT_RELU, nullptr, a + 1, a, 16) == SIMDACT_ERROR_OVERLAP);
    CHECK(simdact_forward(SIMDACT_RELU, nullptr, a, a + 15, 16) == SIMDACT_ERROR_OVERLAP);
    // backward: dx against x and against dy
    CHECK(simdact_backward(SIMDACT_TANH, nullptr, a, a + 32, a + 8, 16) == SIMDACT_ERROR_OVERLAP);
    CHECK(simdact_backward(SIMDACT_TANH, nullptr, a, a + 32, a + 40, 16) == SIMDACT_ERROR_OVERLAP);
    CHECK(simdact_backward_from_output(SIMDACT_TANH, nullptr, a + 20, a, a + 5, 16) == SIMDACT_ERROR_OVERLAP);
    CHECK(untouched(buf));
    // adjacent is fine; inputs may overlap each other (both read-only)
    std::vector<float> x(32, 0.5f);
    CHECK(simdact_backward(SIMDACT_TANH, nullptr, x.data(), x.data() + 1, a, 16) == SIMDACT_OK);
    CHECK(simdact_forward(SIMDACT_RELU, nullptr, a, a + 16, 16) == SIMDACT_OK);
    CHECK_THROWS_AS(simdact::backward(simdact::activation::sigmoid, a, a + 32, a + 1, 16), simdact::error);
}

TEST_CASE("unknown activations and bad parameters") {
    std::vector<float> x(8, 1.0f), out(8, sentinel);
    const auto unknown = static_cast<simdact_activation>(9999);
    const auto negative = static_cast<simdact_activation>(-1);
    CHECK(simdact_forward(unknown, nullptr, x.data(), out.data(), 8) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(simdact_forward(negative, nullptr, x.data(), out.data(), 8) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(simdact_backward(unknown, nullptr, x.data(), x.data(), out.data(), 8) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(simdact_backward_from_output(unknown, nullptr, x.data(), x.data(), out.data(), 8) ==
          SIMDACT_ERROR_INVALID_ARGUMENT);
    const simdact_params nan_slope = {std::numeric_limits<float>::quiet_NaN(), 0};
    CHECK(simdact_forward(SIMDACT_LEAKY_RELU, &nan_slope, x.data(), out.data(), 8) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(simdact_backward(SIMDACT_LEAKY_RELU, &nan_slope, x.data(), x.data(), out.data(), 8) ==
          SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(std::strstr(simdact_last_error(), "NaN") != nullptr);
    // checked even when n == 0
    CHECK(simdact_forward(SIMDACT_LEAKY_RELU, &nan_slope, nullptr, nullptr, 0) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(untouched(out));
    CHECK_THROWS_AS(simdact::forward(simdact::activation::leaky_relu, nan_slope, x.data(), out.data(), 8),
                    simdact::error);
    CHECK(untouched(out));
    simdact_kernel k;
    CHECK(simdact_get_kernel(SIMDACT_LEAKY_RELU, &nan_slope, &k) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(simdact_get_kernel(unknown, nullptr, &k) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(simdact_get_kernel(SIMDACT_RELU, nullptr, nullptr) == SIMDACT_ERROR_NULL_POINTER);
}

TEST_CASE("backward from the output where the spec has no such form") {
    std::vector<float> y(8, 0.5f), out(8, sentinel);
    const simdact_params zero_slope = {0.0f, 0}, negative_slope = {-0.1f, 0};
    CHECK(simdact_backward_from_output(SIMDACT_LEAKY_RELU, &zero_slope, y.data(), y.data(), out.data(), 8) ==
          SIMDACT_ERROR_UNSUPPORTED);
    CHECK(simdact_backward_from_output(SIMDACT_LEAKY_RELU, &negative_slope, y.data(), y.data(), out.data(), 8) ==
          SIMDACT_ERROR_UNSUPPORTED);
    CHECK(untouched(out));
    simdact_kernel k;
    REQUIRE(simdact_get_kernel(SIMDACT_LEAKY_RELU, &negative_slope, &k) == SIMDACT_OK);
    const bool has_from_output = k.backward_from_output != nullptr;
    CHECK_FALSE(has_from_output);
    auto ck = simdact::get_kernel(simdact::activation::leaky_relu, simdact::leaky_relu_params(-0.1f));
    CHECK_FALSE(ck.has_backward_from_output());
    CHECK_THROWS_AS(ck.backward_from_output(y.data(), y.data(), out.data(), 8), simdact::error);
}

TEST_CASE("defaults, names and fetched kernels") {
    simdact_params p{};
    REQUIRE(simdact_default_params(SIMDACT_LEAKY_RELU, &p) == SIMDACT_OK);
    CHECK(p.alpha == 0.01f);
    CHECK(simdact::default_params(simdact::activation::leaky_relu).alpha == 0.01f);
    CHECK(std::string(simdact::name(simdact::activation::leaky_relu)) == "leaky_relu");
    CHECK(std::string(simdact_activation_name(SIMDACT_SIGMOID)) == "sigmoid");
    CHECK(simdact_activation_name(static_cast<simdact_activation>(9999)) == nullptr);

    // A fetched kernel gives the same bits as the one-shot call; NULL params = defaults.
    const std::vector<float> x = testutil::varied_inputs(1000, 9);
    std::vector<float> a(x.size()), b(x.size());
    const simdact::kernel k = simdact::get_kernel(simdact::activation::leaky_relu);
    CHECK(k.c_kernel().params.alpha == 0.01f);
    CHECK(std::string(k.isa()) == testutil::tier());
    k.forward(x.data(), a.data(), x.size());
    simdact::forward(simdact::activation::leaky_relu, x.data(), b.data(), x.size());
    CHECK(std::equal(a.begin(), a.end(), b.begin(), testutil::same));
}

// NULL params skips the parameter check (the defaults are used as they are), so
// every activation's defaults must pass that check when given explicitly, and
// give the same bits as NULL in every direction.
TEST_CASE("NULL params and explicit defaults agree") {
    const std::vector<float> x = testutil::varied_inputs(257, 21);
    const std::vector<float> dy = testutil::varied_inputs(257, 22);
    for (std::size_t i = 0; i < simdact_activation_count(); ++i) {
        const auto a = static_cast<simdact_activation>(i);
        simdact_params d{};
        if (simdact_default_params(a, &d) != SIMDACT_OK) continue;  // params required: NULL is an error
        CAPTURE(simdact_activation_name(a));
        std::vector<float> by_null(x.size()), by_defaults(x.size());
        REQUIRE(simdact_forward(a, nullptr, x.data(), by_null.data(), x.size()) == SIMDACT_OK);
        REQUIRE(simdact_forward(a, &d, x.data(), by_defaults.data(), x.size()) == SIMDACT_OK);
        CHECK(std::equal(by_null.begin(), by_null.end(), by_defaults.begin(), testutil::same));
        REQUIRE(simdact_backward(a, nullptr, x.data(), dy.data(), by_null.data(), x.size()) == SIMDACT_OK);
        REQUIRE(simdact_backward(a, &d, x.data(), dy.data(), by_defaults.data(), x.size()) == SIMDACT_OK);
        CHECK(std::equal(by_null.begin(), by_null.end(), by_defaults.begin(), testutil::same));
        const simdact_status from_null = simdact_backward_from_output(a, nullptr, x.data(), dy.data(), by_null.data(), x.size());
        CHECK(simdact_backward_from_output(a, &d, x.data(), dy.data(), by_defaults.data(), x.size()) == from_null);
        if (from_null == SIMDACT_OK) CHECK(std::equal(by_null.begin(), by_null.end(), by_defaults.begin(), testutil::same));
        simdact_kernel k{};
        REQUIRE(simdact_get_kernel(a, nullptr, &k) == SIMDACT_OK);
        CHECK(std::memcmp(&k.params, &d, sizeof d) == 0);
    }
}

TEST_CASE("tier control through the API") {
    const std::string before = simdact_active_isa();
    CHECK(simdact_set_isa(nullptr) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(simdact_set_isa("sse9") == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(std::string(simdact_active_isa()) == before);
    const std::vector<std::string> supported = simdact::supported_isas();
    REQUIRE(!supported.empty());
    CHECK(supported.back() == "scalar");
    for (const char* t : {"scalar", "avx2", "avx512", "neon"}) {
        const bool is_supported = std::find(supported.begin(), supported.end(), t) != supported.end();
        CHECK(simdact_set_isa(t) == (is_supported ? SIMDACT_OK : SIMDACT_ERROR_UNSUPPORTED));
        if (is_supported) CHECK(std::string(simdact_active_isa()) == t);
        else CHECK_THROWS_AS(simdact::set_isa(t), simdact::error);
    }
    CHECK(simdact_set_isa("best") == SIMDACT_OK);
    CHECK(std::string(simdact_active_isa()) == supported.front());
    simdact::set_isa(before);
    CHECK(simdact::active_isa() == before);
    CHECK(std::string(simdact_status_string(SIMDACT_ERROR_OVERLAP)) == "buffers overlap");
    CHECK(std::string(simdact_status_string(static_cast<simdact_status>(99))) == "unknown status");
}
