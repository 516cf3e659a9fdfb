// What every activation file (kernels/act/*.hpp) builds on.
//
// An activation is a struct in namespace act with
//   name                                 its lowercase name ("leaky_relu")
//   defaults                             simdact_params with PyTorch's defaults
//   params_required (optional)           true if there are no defaults: NULL params
//                                        is then SIMDACT_ERROR_INVALID_ARGUMENT
//   has_from_output                      whether the spec gives a backward from y
//   invalid_params(p)                    nullptr, or why p is rejected
//   invalid_for_output(p)                nullptr, or why from-y is unavailable for p
//   forward(x, p)                        y = f(x)
//   backward(x, dy, p)                   dx = dy * f'(x)
//   backward_from_output(y, dy, p)       dx = dy * g(y)   (only if has_from_output)
// where x, y, dy are vectors F of the tier and p holds the parameters broadcast.
//
// Optional, for activations that multiply or divide by their input: how the
// loops spare the kernel subnormal lanes (kernels/math/tiny.hpp; a multiply
// reading a subnormal costs ~30x on Intel). In such lanes f is f(0) + f'(0) x
// far below float precision, so the kernel runs on the stand-in +-2^-40:
//   tiny_x = tiny::stand_in              forward: f(stand-in) rounds like f(x) (f(0) != 0)
//   tiny_x = tiny::linear, tiny_x_slope(x, p)
//                                        forward: f(0) = 0, f(x) = c x, c on x's side
//                                        (a float, or a pair hi + lo), put in by mul_tiny,
//                                        or by tiny_forward(x, p) if declared
//                                        (hardswish: |x| / 2 on the integer bits)
//   tiny_dx = true                       backward from x on the stand-in, or by
//                                        tiny_backward(x, dy, p) if declared
//                                        (tanhshrink: dy x^2, no stand-in fits)
//   tiny_y = tiny::stand_in / tiny::linear, tiny_y_slope(p)
//                                        the same for backward_from_output's y
//                                        (dx = c dy y, c one float; a constant
//                                        c = +-1 as `static constexpr float
//                                        tiny_y_slope`: dy c exact, no test per vector)
//   tiny_ok(params)                      false where a parameter keeps f far from
//                                        linear at 2^-40 (silu with a huge beta):
//                                        that call runs every lane as it is.
//
// Optional, for kernels with a long dependency chain: the forward (or the
// backward from x) in two stages, which the x86 loops software-pipeline
// (kernels/loops.hpp forward_pipelined):
//   forward_head(x, p) -> state, forward_tail(state, p) -> y, and forward(x, p)
//                                        defined as forward_tail(forward_head(x, p), p)
//   backward_head(x, dy, p), backward_tail(state, p), the same for backward
// A head cheap enough to run for every vector and a small state (a few
// vectors) pay; sigmoid, silu and mish are examples.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "kernels/simd/ops.hpp"
#include "simdact/simdact.h"

namespace simdact {
namespace SIMDACT_TIER_NS {

// Parameters broadcast once per call (the loop keeps them in registers), and
// what is derived from them alone, once per call (the compiler left it in the
// loop): alpha = 1, the default of celu and silu, for which they skip work
// with the same bits; alpha's sign and size (elu', celu'); alpha = alpha_mantissa 2^alpha_exponent, mantissa in
// [1, 2) for a finite alpha != 0 (softplus divides by beta's mantissa).
template <class F> struct params_of {
    F alpha, beta;
    bool alpha_is_one;
    bool alpha_positive;  // alpha > 0
    bool alpha_moderate;  // |alpha| <= 2^62 (elu': dy alpha e^x, kernels/math/expm1.hpp)
    F alpha_mantissa;
    decltype(as_i32(F())) alpha_exponent;
    explicit params_of(const simdact_params& p)
        : alpha(p.alpha), beta(p.beta), alpha_is_one(p.alpha == 1.0f), alpha_positive(p.alpha > 0.0f),
          alpha_moderate(std::fabs(p.alpha) <= 0x1p62f) {
        // Bit fields, not frexp: the compiler drops them where unused (a libm
        // call per call cost relu 0.8 ns at n = 16).
        float normal = p.alpha;
        std::int32_t bias = 127;
        if (std::fabs(p.alpha) < 0x1p-126f && p.alpha != 0.0f) {  // subnormal: normalized by 2^64 first
            normal = p.alpha * 0x1p64f;
            bias += 64;
        }
        std::uint32_t bits;
        std::memcpy(&bits, &normal, 4);
        const std::int32_t field = std::int32_t((bits >> 23) & 0xffu);
        float mantissa = p.alpha;  // zero, inf, NaN: as they are (exponent 0)
        std::int32_t exponent = 0;
        if (field != 0 && field != 0xff) {
            bits = (bits & 0x807fffffu) | 0x3f800000u;
            std::memcpy(&mantissa, &bits, 4);
            exponent = field - bias;
        }
        alpha_mantissa = mantissa;
        alpha_exponent = exponent;
    }
};

// For a derivative that is a masked constant zero: +0, except NaN stays NaN.
template <class F> inline F zero_or_nan(F x) { return vselect(x == x, F(0.0f), x); }
// v where x > 0, else zero_or_nan(x) (relu's derivative, from x and from y).
template <class F> inline F where_positive(F x, F v) { return vselect(x > F(0.0f), v, zero_or_nan(x)); }
// x where x is NaN, else v (leaky_relu's and PReLU's derivative below zero).
template <class F> inline F nan_or(F x, F v) { return vselect(is_nan(x), x, v); }
#if defined(__AVX512F__) && defined(__AVX512BW__) && !defined(SIMDACT_SCALAR_ONLY)
// On AVX-512 each is one vfixupimmps, which answers by x's class (QNaN, SNaN,
// zero, +1, -inf, +inf, negative, positive; table nibbles in that order from
// the low end) with 1: x itself, 8: +0, 0: the first operand (v). The generic
// forms take two compares, which run on one port (p5), and two selects
// (where_positive), or one compare and one select. Same bits: NaN is x itself;
// a subnormal is a negative or positive value, or a zero under the caller's
// DAZ, where the compares see a zero too.
inline avx512_f32 zero_or_nan(avx512_f32 x) { return _mm512_fixupimm_ps(x, x, _mm512_set1_epi32(0x88888811), 0); }
inline avx512_f32 where_positive(avx512_f32 x, avx512_f32 v) {
    return _mm512_fixupimm_ps(v, x, _mm512_set1_epi32(0x08080811), 0);
}
inline avx512_f32 nan_or(avx512_f32 x, avx512_f32 v) { return _mm512_fixupimm_ps(v, x, _mm512_set1_epi32(0x00000011), 0); }
#endif

// Act::params_required if the struct declares it, else false.
template <class Act, class = void> struct params_required_of : std::false_type {};
template <class Act>
struct params_required_of<Act, std::void_t<decltype(Act::params_required)>>
    : std::integral_constant<bool, Act::params_required> {};

// How an activation meets subnormal inputs (see above).
enum class tiny { as_is, stand_in, linear };
template <class Act, class = void> struct tiny_x_of : std::integral_constant<tiny, tiny::as_is> {};
template <class Act> struct tiny_x_of<Act, std::void_t<decltype(Act::tiny_x)>> : std::integral_constant<tiny, Act::tiny_x> {};
template <class Act, class = void> struct tiny_y_of : std::integral_constant<tiny, tiny::as_is> {};
template <class Act> struct tiny_y_of<Act, std::void_t<decltype(Act::tiny_y)>> : std::integral_constant<tiny, Act::tiny_y> {};
template <class Act, class = void> struct unit_tiny_y_slope : std::false_type {};
template <class Act>
struct unit_tiny_y_slope<Act, std::enable_if_t<std::is_same<decltype(Act::tiny_y_slope), const float>::value>>
    : std::true_type {
    static_assert(Act::tiny_y_slope == 1.0f || Act::tiny_y_slope == -1.0f, "a constant tiny_y_slope is +-1");
};
template <class Act, class = void> struct tiny_dx_of : std::false_type {};
template <class Act> struct tiny_dx_of<Act, std::void_t<decltype(Act::tiny_dx)>> : std::integral_constant<bool, Act::tiny_dx> {};
template <class Act, class = void> struct has_tiny_forward : std::false_type {};
template <class Act>
struct has_tiny_forward<Act, std::void_t<decltype(&Act::template tiny_forward<float>)>> : std::true_type {};
template <class Act, class = void> struct has_tiny_backward : std::false_type {};
template <class Act>
struct has_tiny_backward<Act, std::void_t<decltype(&Act::template tiny_backward<float>)>> : std::true_type {};
// Act::forward_head / forward_tail and backward_head / backward_tail: the
// forward and the backward from x in two stages, with forward(x) =
// forward_tail(forward_head(x)) and backward(x, dy) =
// backward_tail(backward_head(x, dy)) (kernels/loops.hpp pipelines them).
template <class Act, class = void> struct has_forward_stages : std::false_type {};
template <class Act>
struct has_forward_stages<Act, std::void_t<decltype(&Act::template forward_head<float>)>> : std::true_type {};
template <class Act, class = void> struct has_backward_stages : std::false_type {};
template <class Act>
struct has_backward_stages<Act, std::void_t<decltype(&Act::template backward_head<float>)>> : std::true_type {};
template <class Act, class = void> struct has_tiny_ok : std::false_type {};
template <class Act> struct has_tiny_ok<Act, std::void_t<decltype(Act::tiny_ok(simdact_params{}))>> : std::true_type {};
template <class Act> bool tiny_ok_for(const simdact_params& p) {
    if constexpr (has_tiny_ok<Act>::value) return Act::tiny_ok(p);
    else return true;
}

namespace act {
// Base for activations without parameters.
struct no_params {
    static constexpr simdact_params defaults = {0.0f, 0.0f};
    static const char* invalid_params(const simdact_params&) { return nullptr; }
    static const char* invalid_for_output(const simdact_params&) { return nullptr; }
};
}  // namespace act

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
