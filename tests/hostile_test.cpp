// Hostile inputs through both APIs: every documented error of every entry point,
// each proving that nothing was written (sentinel-filled outputs, dweight and
// fetched-kernel structs included) and, for the C++ API, that simdact::error
// carries the status and the message. Complements api_test.cpp, params_test.cpp
// and prelu_test.cpp with the exhaustive tables, the C++ side, and the lengths
// no buffer can have (n near SIZE_MAX, address-space wrap).
#include <doctest/doctest.h>

#include <climits>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "simdact/simdact.hpp"
#include "test_util.hpp"

namespace {

constexpr float sentinel = -777.25f;
const float qnan = std::numeric_limits<float>::quiet_NaN();
const float inf = std::numeric_limits<float>::infinity();
constexpr std::size_t max_floats = std::size_t(PTRDIFF_MAX) / sizeof(float);

bool untouched(const std::vector<float>& v) {
    for (float f : v)
        if (testutil::bits(f) != testutil::bits(sentinel)) return false;
    return true;
}

// Inputs, and outputs full of sentinels.
struct buffers {
    std::vector<float> x, dy, w, y, dx, dw;
    explicit buffers(std::size_t n = 64, std::size_t channels = 4)
        : x(n, 0.5f), dy(n, 1.0f), w(channels, 0.25f), y(n, sentinel), dx(n, sentinel), dw(channels, sentinel) {}
    bool untouched() const { return ::untouched(y) && ::untouched(dx) && ::untouched(dw); }
};

// A C call failed with `want` and simdact_last_error() mentions `fragment`.
void check_c(simdact_status got, simdact_status want, const char* fragment) {
    CHECK(got == want);
    INFO("last error: ", simdact_last_error());
    CHECK(std::strstr(simdact_last_error(), fragment) != nullptr);
}

// A C++ call throws simdact::error with code `want` and what() = "<status string>: <detail>".
template <class F> void check_cpp(simdact_status want, const char* fragment, F&& call) {
    try {
        call();
        FAIL_CHECK("no simdact::error thrown");
    } catch (const simdact::error& e) {
        CHECK(e.code() == want);
        const std::string what = e.what();
        INFO("what(): ", what);
        CHECK(what.rfind(std::string(simdact_status_string(want)) + ": ", 0) == 0);
        CHECK(what.find(fragment) != std::string::npos);
    }
}

// Every entry point that takes an activation, rejecting (act, p) with status s.
void check_rejected_everywhere(simdact_activation a, const simdact_params* p, simdact_status s, const char* fragment) {
    buffers b;
    const std::size_t n = b.x.size();
    check_c(simdact_forward(a, p, b.x.data(), b.y.data(), n), s, fragment);
    check_c(simdact_backward(a, p, b.x.data(), b.dy.data(), b.dx.data(), n), s, fragment);
    check_c(simdact_backward_from_output(a, p, b.x.data(), b.dy.data(), b.dx.data(), n), s, fragment);
    check_c(simdact_forward(a, p, nullptr, nullptr, 0), s, fragment);  // checked even when n == 0
    simdact_kernel k, before;
    std::memset(&k, 0xA5, sizeof k);
    std::memcpy(&before, &k, sizeof k);
    check_c(simdact_get_kernel(a, p, &k), s, fragment);
    CHECK(std::memcmp(&k, &before, sizeof k) == 0);
    const auto ca = static_cast<simdact::activation>(a);
    if (p) {
        check_cpp(s, fragment, [&] { simdact::forward(ca, *p, b.x.data(), b.y.data(), n); });
        check_cpp(s, fragment, [&] { simdact::backward(ca, *p, b.x.data(), b.dy.data(), b.dx.data(), n); });
        check_cpp(s, fragment, [&] { simdact::backward_from_output(ca, *p, b.x.data(), b.dy.data(), b.dx.data(), n); });
        check_cpp(s, fragment, [&] { simdact::get_kernel(ca, *p); });
    } else {
        check_cpp(s, fragment, [&] { simdact::forward(ca, b.x.data(), b.y.data(), n); });
        check_cpp(s, fragment, [&] { simdact::backward(ca, b.x.data(), b.dy.data(), b.dx.data(), n); });
        check_cpp(s, fragment, [&] { simdact::backward_from_output(ca, b.x.data(), b.dy.data(), b.dx.data(), n); });
        check_cpp(s, fragment, [&] { simdact::get_kernel(ca); });
    }
    CHECK(b.untouched());
}

}  // namespace

TEST_CASE("hostile: a NULL buffer with n > 0 (n up to SIZE_MAX), each pointer of each entry point") {
    using simdact::activation;
    for (std::size_t n : {std::size_t(1), std::size_t(64), max_floats + 1, SIZE_MAX / 4 + 1, SIZE_MAX}) {
        INFO("n = ", n);
        buffers b;  // real buffers of 64 floats: never read, the NULL one fails first
        float *x = b.x.data(), *dy = b.dy.data(), *w = b.w.data(), *y = b.y.data(), *dx = b.dx.data(), *dw = b.dw.data();
        const simdact_status e = SIMDACT_ERROR_NULL_POINTER;
        check_c(simdact_forward(SIMDACT_SIGMOID, nullptr, nullptr, y, n), e, "x is NULL");
        check_c(simdact_forward(SIMDACT_SIGMOID, nullptr, x, nullptr, n), e, "y is NULL");
        check_c(simdact_backward(SIMDACT_GELU, nullptr, nullptr, dy, dx, n), e, "x is NULL");
        check_c(simdact_backward(SIMDACT_GELU, nullptr, x, nullptr, dx, n), e, "dy is NULL");
        check_c(simdact_backward(SIMDACT_GELU, nullptr, x, dy, nullptr, n), e, "dx is NULL");
        check_c(simdact_backward_from_output(SIMDACT_TANH, nullptr, nullptr, dy, dx, n), e, "y is NULL");
        check_c(simdact_backward_from_output(SIMDACT_TANH, nullptr, x, nullptr, dx, n), e, "dy is NULL");
        check_c(simdact_backward_from_output(SIMDACT_TANH, nullptr, x, dy, nullptr, n), e, "dx is NULL");
        // PReLU with channels = inner = 1, so every n is a valid shape.
        check_c(simdact_prelu_forward(nullptr, w, 1, 1, y, n), e, "x is NULL");
        check_c(simdact_prelu_forward(x, nullptr, 1, 1, y, n), e, "weight is NULL");
        check_c(simdact_prelu_forward(x, w, 1, 1, nullptr, n), e, "y is NULL");
        check_c(simdact_prelu_backward(nullptr, w, 1, 1, dy, dx, dw, n), e, "x is NULL");
        check_c(simdact_prelu_backward(x, nullptr, 1, 1, dy, dx, dw, n), e, "weight is NULL");
        check_c(simdact_prelu_backward(x, w, 1, 1, nullptr, dx, dw, n), e, "dy is NULL");
        check_c(simdact_prelu_backward(x, w, 1, 1, dy, nullptr, dw, n), e, "dx is NULL");
        check_c(simdact_prelu_backward(x, w, 1, 1, dy, dx, nullptr, n), e, "dweight is NULL");

        check_cpp(e, "x is NULL", [&] { simdact::forward(activation::sigmoid, nullptr, y, n); });
        check_cpp(e, "y is NULL", [&] { simdact::forward(activation::sigmoid, x, nullptr, n); });
        check_cpp(e, "x is NULL", [&] { simdact::backward(activation::gelu, nullptr, dy, dx, n); });
        check_cpp(e, "dy is NULL", [&] { simdact::backward(activation::gelu, x, nullptr, dx, n); });
        check_cpp(e, "dx is NULL", [&] { simdact::backward(activation::gelu, x, dy, nullptr, n); });
        check_cpp(e, "y is NULL", [&] { simdact::backward_from_output(activation::tanh, nullptr, dy, dx, n); });
        check_cpp(e, "dy is NULL", [&] { simdact::backward_from_output(activation::tanh, x, nullptr, dx, n); });
        check_cpp(e, "dx is NULL", [&] { simdact::backward_from_output(activation::tanh, x, dy, nullptr, n); });
        check_cpp(e, "x is NULL", [&] { simdact::prelu_forward(nullptr, w, 1, 1, y, n); });
        check_cpp(e, "weight is NULL", [&] { simdact::prelu_forward(x, nullptr, 1, 1, y, n); });
        check_cpp(e, "y is NULL", [&] { simdact::prelu_forward(x, w, 1, 1, nullptr, n); });
        check_cpp(e, "x is NULL", [&] { simdact::prelu_backward(nullptr, w, 1, 1, dy, dx, dw, n); });
        check_cpp(e, "weight is NULL", [&] { simdact::prelu_backward(x, nullptr, 1, 1, dy, dx, dw, n); });
        check_cpp(e, "dy is NULL", [&] { simdact::prelu_backward(x, w, 1, 1, nullptr, dx, dw, n); });
        check_cpp(e, "dx is NULL", [&] { simdact::prelu_backward(x, w, 1, 1, dy, nullptr, dw, n); });
        check_cpp(e, "dweight is NULL", [&] { simdact::prelu_backward(x, w, 1, 1, dy, dx, nullptr, n); });
        CHECK(b.untouched());
    }
    check_c(simdact_get_kernel(SIMDACT_RELU, nullptr, nullptr), SIMDACT_ERROR_NULL_POINTER, "out is NULL");
    check_c(simdact_default_params(SIMDACT_RELU, nullptr), SIMDACT_ERROR_NULL_POINTER, "out is NULL");
}

TEST_CASE("hostile: partial overlap of each output with each input, either side; exact aliasing where allowed") {
    const std::size_t n = 16;
    std::vector<float> arena(8 * n, sentinel);
    float* a = arena.data() + 2 * n;  // room on both sides
    const std::vector<float> safe_in(n, 0.5f), w(n, 0.25f);
    std::vector<float> safe_out(n, sentinel), safe_dw(n, sentinel);
    const float* in = safe_in.data();
    float* out = safe_out.data();
    float* dw = safe_dw.data();
    const simdact_status e = SIMDACT_ERROR_OVERLAP;
    const std::ptrdiff_t m = std::ptrdiff_t(n);
    for (std::ptrdiff_t d : {std::ptrdiff_t(1), m - 1, -std::ptrdiff_t(1), 1 - m}) {
        INFO("shift ", d);
        float* b = a + d;  // overlaps a partially
        check_c(simdact_forward(SIMDACT_RELU, nullptr, a, b, n), e, "y partially overlaps x");
        check_c(simdact_backward(SIMDACT_SILU, nullptr, a, in, b, n), e, "dx partially overlaps x");
        check_c(simdact_backward(SIMDACT_SILU, nullptr, in, a, b, n), e, "dx partially overlaps dy");
        check_c(simdact_backward_from_output(SIMDACT_SIGMOID, nullptr, a, in, b, n), e, "dx partially overlaps y");
        check_c(simdact_backward_from_output(SIMDACT_SIGMOID, nullptr, in, a, b, n), e, "dx partially overlaps dy");
        check_c(simdact_prelu_forward(a, w.data(), 1, 1, b, n), e, "y partially overlaps x");
        check_c(simdact_prelu_backward(a, w.data(), 1, 1, in, b, dw, n), e, "dx partially overlaps x");
        check_c(simdact_prelu_backward(in, w.data(), 1, 1, a, b, dw, n), e, "dx partially overlaps dy");
        // weight / dweight (one channel per element here) may not touch the others at all.
        check_c(simdact_prelu_forward(in, b, n, 1, a, n), e, "weight overlaps y");
        check_c(simdact_prelu_backward(in, b, n, 1, in, a, dw, n), e, "weight overlaps dx");
        check_c(simdact_prelu_backward(a, w.data(), n, 1, in, out, b, n), e, "dweight overlaps");
        check_c(simdact_prelu_backward(in, w.data(), n, 1, a, out, b, n), e, "dweight overlaps");
        check_c(simdact_prelu_backward(in, w.data(), n, 1, in, a, b, n), e, "dweight overlaps");
        check_c(simdact_prelu_backward(in, a, n, 1, in, out, b, n), e, "dweight overlaps");
        check_cpp(e, "y partially overlaps x", [&] { simdact::forward(simdact::activation::relu, a, b, n); });
        check_cpp(e, "dx partially overlaps dy",
                  [&] { simdact::backward_from_output(simdact::activation::sigmoid, in, a, b, n); });
        check_cpp(e, "dweight overlaps", [&] { simdact::prelu_backward(in, w.data(), n, 1, in, a, b, n); });
        CHECK(untouched(arena));
        CHECK(untouched(safe_out));
        CHECK(untouched(safe_dw));
    }
    // Exact aliasing of weight/dweight is an error too (they may never alias).
    check_c(simdact_prelu_forward(in, a, n, 1, a, n), e, "weight overlaps y");
    check_c(simdact_prelu_backward(in, w.data(), n, 1, in, a, a, n), e, "dweight overlaps");
    check_c(simdact_prelu_backward(in, a, n, 1, in, out, a, n), e, "dweight overlaps");
    CHECK(untouched(arena));
    // The overlap arithmetic at the largest accepted n: an error, not an overflow.
    check_c(simdact_forward(SIMDACT_RELU, nullptr, a, a + 1, max_floats), e, "y partially overlaps x");
    check_c(simdact_backward(SIMDACT_RELU, nullptr, a + 1, a + 2, a, max_floats), e, "dx partially overlaps x");
    CHECK(untouched(arena));

    // Exact aliasing where documented: in place, and inputs may overlap each other.
    std::vector<float> v(n, -2.0f), g(n, 3.0f);
    CHECK(simdact_forward(SIMDACT_RELU, nullptr, v.data(), v.data(), n) == SIMDACT_OK);
    CHECK(v[0] == 0.0f);
    CHECK(simdact_backward(SIMDACT_RELU, nullptr, v.data(), g.data(), g.data(), n) == SIMDACT_OK);
    CHECK(simdact_backward(SIMDACT_RELU, nullptr, v.data(), g.data(), v.data(), n) == SIMDACT_OK);
    CHECK(simdact_backward_from_output(SIMDACT_SIGMOID, nullptr, v.data(), g.data(), v.data(), n) == SIMDACT_OK);
    CHECK(simdact_backward_from_output(SIMDACT_SIGMOID, nullptr, v.data(), g.data(), g.data(), n) == SIMDACT_OK);
    CHECK(simdact_backward(SIMDACT_TANH, nullptr, v.data(), v.data() + 1, out, n - 1) == SIMDACT_OK);
    CHECK(simdact_prelu_forward(v.data(), w.data(), 1, 1, v.data(), n) == SIMDACT_OK);
    CHECK(simdact_prelu_backward(v.data(), w.data(), 1, 1, g.data(), g.data(), dw, n) == SIMDACT_OK);
    CHECK(simdact_prelu_backward(v.data(), w.data(), 1, 1, g.data(), v.data(), dw, n) == SIMDACT_OK);
    simdact::forward(simdact::activation::tanh, v.data(), v.data(), n);
}

TEST_CASE("hostile: every kind of bad parameter, every entry point, both APIs") {
    const simdact_status e = SIMDACT_ERROR_INVALID_ARGUMENT;
    struct bad {
        simdact_activation act;
        simdact_params p;
        const char* fragment;
    };
    const bad table[] = {
        {SIMDACT_LEAKY_RELU, {qnan, 0}, "NaN"},          {SIMDACT_ELU, {qnan, 0}, "NaN"},
        {SIMDACT_CELU, {qnan, 0}, "NaN"},                {SIMDACT_CELU, {0.0f, 0}, "must not be 0"},
        {SIMDACT_CELU, {-0.0f, 0}, "must not be 0"},     {SIMDACT_SILU, {qnan, 0}, "NaN or infinite"},
        {SIMDACT_SILU, {inf, 0}, "NaN or infinite"},     {SIMDACT_SILU, {-inf, 0}, "NaN or infinite"},
        {SIMDACT_SOFTPLUS, {0.0f, 20}, "> 0"},           {SIMDACT_SOFTPLUS, {-0.0f, 20}, "> 0"},
        {SIMDACT_SOFTPLUS, {-1.0f, 20}, "> 0"},          {SIMDACT_SOFTPLUS, {-inf, 20}, "> 0"},
        {SIMDACT_SOFTPLUS, {qnan, 20}, "NaN"},           {SIMDACT_SOFTPLUS, {1.0f, qnan}, "threshold (beta) is NaN"},
        {SIMDACT_HARDTANH, {qnan, 1}, "min (alpha) is NaN"}, {SIMDACT_HARDTANH, {-1, qnan}, "max (beta) is NaN"},
        {SIMDACT_HARDTANH, {1, -1}, "min (alpha) > max (beta)"}, {SIMDACT_HARDTANH, {inf, -inf}, "min (alpha) > max"},
        {SIMDACT_HARDSHRINK, {-0.5f, 0}, "< 0"},         {SIMDACT_HARDSHRINK, {qnan, 0}, "NaN"},
        {SIMDACT_SOFTSHRINK, {-1e-45f, 0}, "< 0"},       {SIMDACT_SOFTSHRINK, {-inf, 0}, "< 0"},
        {SIMDACT_SOFTSHRINK, {qnan, 0}, "NaN"},          {SIMDACT_THRESHOLD, {qnan, 0}, "threshold (alpha) is NaN"},
        {SIMDACT_THRESHOLD, {0, qnan}, "value (beta) is NaN"},
        // Infinite factors of x would make NaN from inf * 0.
        {SIMDACT_LEAKY_RELU, {inf, 0}, "infinite"},      {SIMDACT_LEAKY_RELU, {-inf, 0}, "infinite"},
        {SIMDACT_ELU, {inf, 0}, "infinite"},             {SIMDACT_ELU, {-inf, 0}, "infinite"},
        {SIMDACT_CELU, {inf, 0}, "infinite"},            {SIMDACT_CELU, {-inf, 0}, "infinite"},
        {SIMDACT_SOFTPLUS, {inf, 20}, "infinite"},
    };
    for (const bad& b : table) {
        INFO(simdact_activation_name(b.act), " alpha=", b.p.alpha, " beta=", b.p.beta);
        check_rejected_everywhere(b.act, &b.p, e, b.fragment);
    }
    // threshold has no defaults: NULL params is an error everywhere.
    check_rejected_everywhere(SIMDACT_THRESHOLD, nullptr, e, "params are required");
    simdact_params d = {sentinel, sentinel};
    check_c(simdact_default_params(SIMDACT_THRESHOLD, &d), e, "no default parameters");
    CHECK(testutil::bits(d.alpha) == testutil::bits(sentinel));
    CHECK(testutil::bits(d.beta) == testutil::bits(sentinel));
    check_cpp(e, "no default parameters", [] { simdact::default_params(simdact::activation::threshold); });
}

TEST_CASE("hostile: prelu NaN or infinite weights and bad shapes write nothing, dweight included") {
    const std::size_t inner = 3;
    const simdact_status e = SIMDACT_ERROR_INVALID_ARGUMENT;
    // The weight check ORs blocks of 16 weights, then the rest: 37 channels
    // have two blocks and a tail of 5. `second` is a later bad weight (or `at`
    // again): the first one is named.
    struct bad_case { std::size_t channels, at, second; };
    const bad_case cases[] = {{4, 0, 0}, {4, 3, 3}, {37, 0, 0}, {37, 15, 36}, {37, 16, 20}, {37, 31, 31}, {37, 32, 32},
                              {37, 36, 36}};
    for (const bad_case& k : cases)
    for (float bad : {qnan, inf, -inf}) {
        const std::size_t channels = k.channels, n = 2 * channels * inner;
        buffers b(n, channels);
        b.w[k.at] = bad;
        b.w[k.second] = -bad;
        const std::string fragment = "weight[" + std::to_string(k.at) + "] is NaN or infinite";
        check_c(simdact_prelu_forward(b.x.data(), b.w.data(), channels, inner, b.y.data(), n), e, fragment.c_str());
        check_c(simdact_prelu_backward(b.x.data(), b.w.data(), channels, inner, b.dy.data(), b.dx.data(), b.dw.data(), n),
                e, fragment.c_str());
        check_cpp(e, fragment.c_str(), [&] { simdact::prelu_forward(b.x.data(), b.w.data(), channels, inner, b.y.data(), n); });
        check_cpp(e, fragment.c_str(), [&] {
            simdact::prelu_backward(b.x.data(), b.w.data(), channels, inner, b.dy.data(), b.dx.data(), b.dw.data(), n);
        });
        CHECK(b.untouched());
    }
    {  // finite extremes are weights like any other: every position of 37 channels
        const std::size_t channels = 37, n = 2 * channels * inner;
        buffers b(n, channels);
        const float extremes[] = {std::numeric_limits<float>::max(), -std::numeric_limits<float>::max(), 0x1p-149f,
                                  -0x1p-149f, -0.0f, 0x1.fffffep-127f};
        for (std::size_t c = 0; c < channels; ++c) b.w[c] = extremes[c % 6];
        CHECK(simdact_prelu_forward(b.x.data(), b.w.data(), channels, inner, b.y.data(), n) == SIMDACT_OK);
        CHECK(simdact_prelu_backward(b.x.data(), b.w.data(), channels, inner, b.dy.data(), b.dx.data(), b.dw.data(), n) ==
              SIMDACT_OK);
    }
    const std::size_t channels = 4, n = 2 * channels * inner;
    buffers b(n, channels);
    struct shape { std::size_t channels, inner; const char* fragment; };
    const shape shapes[] = {{0, 1, "must be > 0"}, {1, 0, "must be > 0"}, {5, 1, "not a multiple"},
                            {SIZE_MAX / 2 + 1, 2, "not a multiple"}, {SIZE_MAX, SIZE_MAX, "not a multiple"}};
    for (const shape& s : shapes) {
        check_c(simdact_prelu_backward(b.x.data(), b.w.data(), s.channels, s.inner, b.dy.data(), b.dx.data(), b.dw.data(), n),
                e, s.fragment);
        check_cpp(e, s.fragment, [&] { simdact::prelu_forward(b.x.data(), b.w.data(), s.channels, s.inner, b.y.data(), n); });
    }
    CHECK(b.untouched());
}

TEST_CASE("hostile: unknown activations (negative, == count, huge)") {
    const int count = int(simdact_activation_count());
    for (int v : {-1, count, count + 1, 1000, INT_MAX, INT_MIN}) {
        const auto a = static_cast<simdact_activation>(v);
        const std::string fragment = "unknown activation " + std::to_string(v);
        INFO(fragment);
        check_rejected_everywhere(a, nullptr, SIMDACT_ERROR_INVALID_ARGUMENT, fragment.c_str());
        const simdact_params p = {1.0f, 1.0f};
        check_rejected_everywhere(a, &p, SIMDACT_ERROR_INVALID_ARGUMENT, fragment.c_str());
        simdact_params d = {sentinel, sentinel};
        check_c(simdact_default_params(a, &d), SIMDACT_ERROR_INVALID_ARGUMENT, fragment.c_str());
        CHECK(testutil::bits(d.alpha) == testutil::bits(sentinel));
        CHECK(simdact_activation_name(a) == nullptr);
        check_cpp(SIMDACT_ERROR_INVALID_ARGUMENT, fragment.c_str(),
                  [&] { simdact::default_params(static_cast<simdact::activation>(v)); });
        CHECK_THROWS_AS(simdact::name(static_cast<simdact::activation>(v)), simdact::error);
    }
}

TEST_CASE("hostile: unknown and unsupported ISA names leave the tier alone") {
    const std::string before = simdact_active_isa(), reason = simdact_isa_reason();
    const std::string long_name(5000, 'z');
    CHECK(simdact_set_isa(nullptr) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(std::string(simdact_last_error()) == "ISA name is NULL");
    for (const char* name : {"", "AVX512", "Scalar", "AVX2", "avx2 ", " scalar", "best\n", "neon\t", "sse9",
                             "\xff\xfe\x01", long_name.c_str()}) {
        INFO("name: \"", name, "\"");
        check_c(simdact_set_isa(name), SIMDACT_ERROR_INVALID_ARGUMENT, "unknown ISA name");
        check_cpp(SIMDACT_ERROR_INVALID_ARGUMENT, "unknown ISA name", [&] { simdact::set_isa(name); });
    }
    // A long name is truncated in the message, not allocated.
    CHECK(simdact_set_isa(long_name.c_str()) == SIMDACT_ERROR_INVALID_ARGUMENT);
    CHECK(std::strlen(simdact_last_error()) < 1000);
    CHECK(std::string(simdact_last_error()).rfind("unknown ISA name: zzz", 0) == 0);
    for (const char* name : {"scalar", "avx2", "avx512", "neon"}) {
        if (testutil::tier_supported(name)) continue;
        check_c(simdact_set_isa(name), SIMDACT_ERROR_UNSUPPORTED, "does not support");
        check_cpp(SIMDACT_ERROR_UNSUPPORTED, "does not support", [&] { simdact::set_isa(name); });
    }
    CHECK(std::string(simdact_active_isa()) == before);
    CHECK(std::string(simdact_isa_reason()) == reason);
    CHECK(simdact_supported_isa(simdact_supported_isa_count()) == nullptr);
    CHECK(simdact_supported_isa(SIZE_MAX) == nullptr);
}

TEST_CASE("hostile: backward from the output where there is none") {
    const simdact_status e = SIMDACT_ERROR_UNSUPPORTED;
    const simdact_params threshold = {0.5f, 0.0f};
    int without = 0;
    for (std::size_t i = 0; i < simdact_activation_count(); ++i) {
        const auto a = static_cast<simdact_activation>(i);
        const simdact_params* p = a == SIMDACT_THRESHOLD ? &threshold : nullptr;
        simdact_kernel k;
        REQUIRE(simdact_get_kernel(a, p, &k) == SIMDACT_OK);
        if (k.backward_from_output) continue;
        ++without;
        INFO(simdact_activation_name(a));
        buffers b;
        check_c(simdact_backward_from_output(a, p, b.x.data(), b.dy.data(), b.dx.data(), b.x.size()), e,
                "has no backward from the output");
        check_c(simdact_backward_from_output(a, p, nullptr, nullptr, nullptr, 0), e, "has no backward from the output");
        const auto ca = static_cast<simdact::activation>(a);
        if (p)
            check_cpp(e, "no backward from the output",
                      [&] { simdact::backward_from_output(ca, *p, b.x.data(), b.dy.data(), b.dx.data(), b.x.size()); });
        else
            check_cpp(e, "no backward from the output",
                      [&] { simdact::backward_from_output(ca, b.x.data(), b.dy.data(), b.dx.data(), b.x.size()); });
        const simdact::kernel ck(k);
        CHECK_FALSE(ck.has_backward_from_output());
        check_cpp(e, "no backward from the output",
                  [&] { ck.backward_from_output(b.x.data(), b.dy.data(), b.dx.data(), b.x.size()); });
        CHECK(b.untouched());
    }
    CHECK(without > 0);
    // Parameters without a from-output form (the activation has one otherwise).
    for (const simdact_params& p : {simdact_params{0.0f, 0}, simdact_params{-0.5f, 0}}) {
        buffers b;
        check_c(simdact_backward_from_output(SIMDACT_LEAKY_RELU, &p, b.x.data(), b.dy.data(), b.dx.data(), 64), e, "slope");
        check_c(simdact_backward_from_output(SIMDACT_ELU, &p, b.x.data(), b.dy.data(), b.dx.data(), 64), e, "alpha > 0");
        check_cpp(e, "slope", [&] {
            simdact::backward_from_output(simdact::activation::leaky_relu, p, b.x.data(), b.dy.data(), b.dx.data(), 64);
        });
        CHECK(b.untouched());
    }
}

TEST_CASE("hostile: n no buffer can have (over PTRDIFF_MAX bytes, n * 4 wrapping, past the address space)") {
    const simdact_status e = SIMDACT_ERROR_INVALID_ARGUMENT;
    const char* fragment = "cannot be a buffer";
    // Real (small) buffers: the length is rejected before anything is read or written.
    for (std::size_t n : {max_floats + 1, SIZE_MAX / 4 + 1 /* n * 4 wraps to 0 */, SIZE_MAX / 2, SIZE_MAX - 1, SIZE_MAX}) {
        INFO("n = ", n);
        buffers b;
        float *x = b.x.data(), *dy = b.dy.data(), *w = b.w.data(), *y = b.y.data(), *dx = b.dx.data(), *dw = b.dw.data();
        check_c(simdact_forward(SIMDACT_RELU, nullptr, x, y, n), e, fragment);
        check_c(simdact_forward(SIMDACT_RELU, nullptr, x, x, n), e, fragment);  // even in place
        check_c(simdact_backward(SIMDACT_RELU, nullptr, x, dy, dx, n), e, fragment);
        check_c(simdact_backward_from_output(SIMDACT_RELU, nullptr, x, dy, dx, n), e, fragment);
        check_c(simdact_prelu_forward(x, w, 1, 1, y, n), e, fragment);
        check_c(simdact_prelu_backward(x, w, 1, 1, dy, dx, dw, n), e, fragment);
        check_cpp(e, fragment, [&] { simdact::forward(simdact::activation::relu, x, y, n); });
        check_cpp(e, fragment, [&] { simdact::backward(simdact::activation::relu, x, dy, dx, n); });
        check_cpp(e, fragment, [&] { simdact::prelu_backward(x, w, 1, 1, dy, dx, dw, n); });
        CHECK(b.untouched());
    }
    // A buffer that would run past the end of the address space (never dereferenced).
    buffers b;
    float* top = reinterpret_cast<float*>(~std::uintptr_t(0) - 7);
    check_c(simdact_forward(SIMDACT_RELU, nullptr, b.x.data(), top, 64), e, fragment);
    check_c(simdact_forward(SIMDACT_RELU, nullptr, top, b.y.data(), 64), e, fragment);
    check_c(simdact_backward(SIMDACT_RELU, nullptr, b.x.data(), top, b.dx.data(), 64), e, fragment);
    check_c(simdact_prelu_forward(b.x.data(), top, 4, 1, b.y.data(), 64), e, fragment);
    check_c(simdact_prelu_backward(b.x.data(), b.w.data(), 4, 1, b.dy.data(), b.dx.data(), top, 64), e, fragment);
    // n == 0 writes channels zeros to dweight: channels must be a possible buffer too.
    check_c(simdact_prelu_backward(nullptr, nullptr, SIZE_MAX, 1, nullptr, nullptr, b.dw.data(), 0), e, fragment);
    check_c(simdact_prelu_backward(nullptr, b.w.data(), max_floats + 1, 1, nullptr, nullptr, b.dw.data(), 0), e, fragment);
    check_c(simdact_prelu_backward(nullptr, nullptr, 2, 1, nullptr, nullptr, top, 0), e, fragment);
    CHECK(b.untouched());
    // n == 0 with any pointers still succeeds (dweight absent: nothing to write).
    CHECK(simdact_forward(SIMDACT_RELU, nullptr, top, top, 0) == SIMDACT_OK);
    CHECK(simdact_prelu_backward(nullptr, nullptr, SIZE_MAX, 1, nullptr, nullptr, nullptr, 0) == SIMDACT_OK);
}
