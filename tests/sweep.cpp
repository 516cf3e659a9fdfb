#include "sweep.hpp"

#include <algorithm>
#include <cfloat>
#include <cstdlib>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

namespace ref {

const char* direction_name(direction d) {
    switch (d) {
        case direction::forward: return "forward";
        case direction::backward: return "backward";
        case direction::from_output: return "backward_from_output";
    }
    return "?";
}

bool has_direction(const reference_case& c, direction d) { return d != direction::from_output || c.from_output; }

double bound(const reference_case& c, direction d) {
    return d == direction::forward ? c.forward_ulp : d == direction::backward ? c.backward_ulp : c.from_output_ulp;
}

namespace {
// ulp(v) = 2^(max(e,-126)-23), e the binary exponent of v: read off the bits of
// v rounded to double (ilogbl/ldexpl are libm calls and dominated the full
// sweep's time). Rounding to double can carry v up to the next power of two;
// then e is one less.
real ulp_of(real v) {
    const double d = double(std::fabs(v));
    std::uint64_t b;
    std::memcpy(&b, &d, 8);
    int e = int(b >> 52) - 1023;  // d is 0 or normal here (|v| < 2^128, so d >= 2^-1022 or e is clamped)
    if ((b & 0xFFFFFFFFFFFFFull) == 0 && real(d) > std::fabs(v)) --e;
    e = std::max(e, -126) - 23;
    const std::uint64_t u = std::uint64_t(e + 1023) << 52;
    double ulp;
    std::memcpy(&ulp, &u, 8);
    return ulp;
}
}  // namespace

double ulp_error(float got, real exact) {
    if (std::isnan(exact)) return std::isnan(got) ? 0.0 : INFINITY;
    if (std::isnan(got)) return INFINITY;
    // Beyond the largest float by at least half an ULP the correctly rounded result is inf.
    static const real overflow = std::ldexp(1.0L, 128) - std::ldexp(1.0L, 103);
    if (std::fabs(exact) >= overflow) return (std::isinf(got) && std::signbit(got) == std::signbit(exact)) ? 0.0 : INFINITY;
    if (std::isinf(got)) return INFINITY;
    return double(std::fabs(real(got) - exact) / ulp_of(exact));
}

real exact_value(const reference_case& c, direction d, float in, float dy) {
    // The spec: NaN in x (or y) gives NaN, in every direction.
    if (std::isnan(in)) return NAN;
    switch (d) {
        case direction::forward: return c.forward(in, c.params);
        case direction::backward: return real(dy) * c.derivative(in, c.params);
        case direction::from_output: return real(dy) * c.from_output(in, c.params);
    }
    return 0;
}

void merge(stats& a, const stats& b) {
    if (b.max_ulp > a.max_ulp || (a.count == 0 && b.count > 0)) {
        a.max_ulp = b.max_ulp;
        a.worst_input = b.worst_input;
        a.worst_got = b.worst_got;
        a.worst_exact = b.worst_exact;
    }
    a.over_1ulp += b.over_1ulp;
    a.count += b.count;
}

namespace {

void run(direction d, const simdact_kernel& k, const float* in, const float* dy, float* out, std::size_t m) {
    switch (d) {
        case direction::forward: k.forward(in, out, m, &k.params); break;
        case direction::backward: k.backward(in, dy, out, m, &k.params); break;
        case direction::from_output: k.backward_from_output(in, dy, out, m, &k.params); break;
    }
}

void add(stats& s, double e, float in, float got, real exact) {
    if (e > 1.0) ++s.over_1ulp;
    if (e > s.max_ulp || s.count == 0) {
        s.max_ulp = e;
        s.worst_input = in;
        s.worst_got = got;
        s.worst_exact = exact;
    }
    ++s.count;
}

// Runs each kernel on in[0..m) (dy = 1) and adds each output's error to its
// stats; the reference is computed once per input for all kernels.
void measure(const reference_case& c, direction d, const std::vector<simdact_kernel>& kernels, const float* in,
             std::size_t m, std::vector<stats>& s) {
    std::vector<float> dy(m, 1.0f), out(m * kernels.size());
    for (std::size_t t = 0; t < kernels.size(); ++t) run(d, kernels[t], in, dy.data(), out.data() + t * m, m);
    for (std::size_t i = 0; i < m; ++i) {
        const real exact = exact_value(c, d, in[i], 1.0f);
        const float first = out[i];
        const double first_error = ulp_error(first, exact);
        add(s[0], first_error, in[i], first, exact);
        for (std::size_t t = 1; t < kernels.size(); ++t) {
            const float got = out[t * m + i];
            // The error is a function of the output bits: reuse it when they match.
            const bool same_bits = std::memcmp(&got, &first, 4) == 0 || (std::isnan(got) && std::isnan(first));
            add(s[t], same_bits ? first_error : ulp_error(got, exact), in[i], got, exact);
        }
    }
}

simdact_kernel kernel_of(const reference_case& c) {
    simdact_kernel k;
    if (simdact_get_kernel(c.act, &c.params, &k) != SIMDACT_OK) {
        std::fprintf(stderr, "cannot fetch kernel for %s: %s\n", c.label, simdact_last_error());
        std::abort();
    }
    return k;
}
}  // namespace

std::vector<stats> sweep_kernels(const reference_case& c, direction d, const std::vector<simdact_kernel>& kernels,
                                 std::uint64_t first, std::uint64_t end, std::uint64_t stride) {
    constexpr std::size_t block = 4096;
    std::vector<float> in(block);
    std::vector<stats> s(kernels.size());
    for (std::uint64_t bits = first; bits < end;) {
        std::size_t m = 0;
        for (; m < block && bits < end; ++m, bits += stride) {
            const auto b32 = static_cast<std::uint32_t>(bits);
            std::memcpy(&in[m], &b32, 4);
        }
        measure(c, d, kernels, in.data(), m, s);
    }
    return s;
}

stats sweep(const reference_case& c, direction d, std::uint64_t first, std::uint64_t end, std::uint64_t stride) {
    return sweep_kernels(c, d, {kernel_of(c)}, first, end, stride)[0];
}

stats sweep_values(const reference_case& c, direction d, const std::vector<float>& values) {
    std::vector<stats> s(1);
    measure(c, d, {kernel_of(c)}, values.data(), values.size(), s);
    return s[0];
}

const std::vector<float>& special_inputs() {
    static const std::vector<float> v = [] {
        const float inf = std::numeric_limits<float>::infinity();
        const float nan = std::numeric_limits<float>::quiet_NaN();
        std::vector<float> s = {0.0f, -0.0f, inf, -inf, nan, -nan, FLT_MIN, -FLT_MIN, FLT_MAX, -FLT_MAX,
                                FLT_TRUE_MIN, -FLT_TRUE_MIN, 1e-30f, -1e-30f, 1e30f, -1e30f};
        for (float k : {0.5f, 1.0f, 2.0f, 3.0f, 5.0f, 6.0f, 9.0f, 10.0f, 15.0f, 17.0f, 20.0f, 30.0f, 50.0f, 87.0f,
                        88.7f, 89.0f, 100.0f, 103.9f, 104.0f, 200.0f})
            for (float v : {k, std::nextafter(k, 0.0f), std::nextafter(k, 2 * k)}) {
                s.push_back(v);
                s.push_back(-v);
            }
        return s;
    }();
    return v;
}

std::string describe(float v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g (%a)", double(v), double(v));
    return buf;
}

}  // namespace ref
