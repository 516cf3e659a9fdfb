// The one loop driver every activation and tier shares: whole vectors, then the
// tail through the same vector code on a stack copy, so the tail's bits equal
// the body's and no byte outside [p, p + n) is read or written. Each vector is
// loaded before its result is stored, so in-place calls are safe.
// [[gnu::flatten]]: every helper of the kernel is inlined into the loop. GCC
// otherwise leaves the larger ones (mul_logistic_grad, mul_sigmoid_scaled,
// mul_expm1, ...) out of line, and each vector then pays a call that passes
// the vectors through memory and reloads the helper's constants (sigmoid' and
// tanh' 1.13x avx512 / 1.2-1.3x avx2, silu', gelu', softplus, logsigmoid' up to
// 1.27x; same bits: the kernels are built with -ffp-contract=off). Sanitizer
// builds define SIMDACT_NO_FLATTEN (CMakeLists.txt): compile time.
#pragma once
#include <cstring>

#ifdef SIMDACT_NO_FLATTEN
#define SIMDACT_FLATTEN
#else
#define SIMDACT_FLATTEN [[gnu::flatten]]
#endif

#include "kernels/activation.hpp"
#include "kernels/math/tiny.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {

// One vector of each direction, with the activation's subnormal-input policy
// (kernels/activation.hpp, kernels/math/tiny.hpp): a per-vector test, and the
// stand-in / mul_tiny path only in vectors that hold a subnormal, kept out of
// line (cold) so that the loop body stays the kernel's. The test itself costs
// ordinary vectors one compare and branch: 2-15% on the smooth kernels, up to
// 33% on the cheapest, which therefore declare no policy (leaky_relu, ...).
template <class Act, class F>
[[gnu::noinline, gnu::cold]] SIMDACT_FLATTEN F forward_tiny(F x, const params_of<F>& p) {
    const auto sub = subnormal_lanes(x);
    if constexpr (tiny_x_of<Act>::value == tiny::linear) {
        const F tiny_y = mul_tiny(Act::tiny_x_slope(x, p), x);
        if (all(sub)) return tiny_y;
        // those lanes' kernel result is replaced: +-1 keeps it cheap
        return vselect(sub, tiny_y, Act::forward(vselect(sub, with_sign_of(F(1.0f), x), x), p));
    } else {
        return Act::forward(vselect(sub, tiny_stand_in(x), x), p);
    }
}
template <class Act, class F>
[[gnu::noinline, gnu::cold]] SIMDACT_FLATTEN F backward_tiny(F x, F dy, const params_of<F>& p) {
    return Act::backward(vselect(subnormal_lanes(x), tiny_stand_in(x), x), dy, p);
}
template <class Act, class F>
[[gnu::noinline, gnu::cold]] SIMDACT_FLATTEN F from_output_tiny(F y, F dy, const params_of<F>& p) {
    const auto sub = subnormal_lanes(y);
    if constexpr (tiny_y_of<Act>::value == tiny::linear) {
        F lo;
        const F hi = two_prod(dy, Act::tiny_y_slope(p), lo);
        const F tiny_dx = mul_tiny(hi, lo, y);
        if (all(sub)) return tiny_dx;
        return vselect(sub, tiny_dx, Act::backward_from_output(vselect(sub, tiny_stand_in(y), y), dy, p));
    } else {
        return Act::backward_from_output(vselect(sub, tiny_stand_in(y), y), dy, p);
    }
}

template <class Act, class F> inline F forward_vector(F x, const params_of<F>& p, bool tiny_ok) {
    if constexpr (tiny_x_of<Act>::value != tiny::as_is)
        if (tiny_ok && any(subnormal_lanes(x))) return forward_tiny<Act>(x, p);
    return Act::forward(x, p);
}
template <class Act, class F> inline F backward_vector(F x, F dy, const params_of<F>& p, bool tiny_ok) {
    if constexpr (tiny_dx_of<Act>::value)
        if (tiny_ok && any(subnormal_lanes(x))) return backward_tiny<Act>(x, dy, p);
    return Act::backward(x, dy, p);
}
template <class Act, class F> inline F from_output_vector(F y, F dy, const params_of<F>& p, bool tiny_ok) {
    if constexpr (tiny_y_of<Act>::value != tiny::as_is)
        if (tiny_ok && any(subnormal_lanes(y))) return from_output_tiny<Act>(y, dy, p);
    return Act::backward_from_output(y, dy, p);
}

template <class F, class Act>
SIMDACT_FLATTEN void forward_loop(const float* x, float* y, std::size_t n, const simdact_params* p) {
    constexpr std::size_t lanes = F::size;
    const params_of<F> vp(*p);
    const bool tiny_ok = tiny_ok_for<Act>(*p);
    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes) forward_vector<Act>(F::load_unaligned(x + i), vp, tiny_ok).store_unaligned(y + i);
    if (i < n) {
        float xin[lanes] = {}, out[lanes];
        std::memcpy(xin, x + i, (n - i) * sizeof(float));
        forward_vector<Act>(F::load_unaligned(xin), vp, tiny_ok).store_unaligned(out);
        std::memcpy(y + i, out, (n - i) * sizeof(float));
    }
}

// Backward from x (Direction = backward) or from y (backward_from_output).
template <class F, class Act, bool FromOutput>
SIMDACT_FLATTEN void backward_loop(const float* in, const float* dy, float* dx, std::size_t n, const simdact_params* p) {
    constexpr std::size_t lanes = F::size;
    const params_of<F> vp(*p);
    const bool tiny_ok = tiny_ok_for<Act>(*p);
    auto kernel = [&vp, tiny_ok](F v, F g) {
        if constexpr (FromOutput) return from_output_vector<Act>(v, g, vp, tiny_ok);
        else return backward_vector<Act>(v, g, vp, tiny_ok);
    };
    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes) kernel(F::load_unaligned(in + i), F::load_unaligned(dy + i)).store_unaligned(dx + i);
    if (i < n) {
        float vin[lanes] = {}, gin[lanes] = {}, out[lanes];
        std::memcpy(vin, in + i, (n - i) * sizeof(float));
        std::memcpy(gin, dy + i, (n - i) * sizeof(float));
        kernel(F::load_unaligned(vin), F::load_unaligned(gin)).store_unaligned(out);
        std::memcpy(dx + i, out, (n - i) * sizeof(float));
    }
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
