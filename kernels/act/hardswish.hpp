// hardswish(x) = x * hardsigmoid(x): x <= -3 -> +0, x >= 3 -> x (so no
// overflow for huge x), in between x * (x + 3) / 6.
// Forward: with (x + 3)/6 = hi + lo (plus3_div6_split), y = x*hi + x*lo with
// one FMA, i.e. rounded once up to a negligible term: ~0.5 ULP, and the zero
// at x = -3 and the sign of x = -0 come out exactly.
// Backward: f'(x) = x/3 + 1/2 = (2x + 3)/6 on [-3, 3) (f'(-3) = -1/2 by the
// spec), 1 for x >= 3, +0 below -3. (2x + 3)/6 is rounded once by plus3_div6
// (2x is exact), so f' keeps full relative accuracy even at its zero x = -1.5
// and dy * f' is within 1.5 ULP.
#pragma once
#include "kernels/activation.hpp"
#include "kernels/math/div6.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct hardswish : no_params {
    static constexpr const char* name = "hardswish";
    static constexpr bool has_from_output = false;
    // Subnormal x (kernels/math/tiny.hpp): f(x) = x/2 + x^2/6, where x^2/6 > 0
    // only decides a tie of x/2 (odd x): with x = m 2^-149, |f(x)| is m/2
    // steps rounded up for x > 0 and down for x < 0, i.e. (m + 1) >> 1 or
    // m >> 1 on the mantissa bits, x's sign put back: four integer operations
    // instead of mul_tiny with the slope 1/2 +- 2^-24 (the same bits; all-subnormal
    // input ran at 0.48x of ordinary).
    static constexpr tiny tiny_x = tiny::linear;
    template <class F> static F tiny_forward(F x, const params_of<F>&) {
        using I = decltype(as_i32(x));
        const I b = as_i32(x);
        const I up = I(1) + (b >> 31);  // 1 for x > 0, 0 for x < 0 (b >> 31 is -1)
        return as_f32((((b & I(0x7fffff)) + up) >> 1) | (b & I(int32_t(0x80000000u))));
    }

    template <class F> static F forward(F x, const params_of<F>&) {
        // mid is only selected for -3 < x < 3 (the split needs |x| <= 6): no clamp
        const dd_pair<F> h = plus3_div6_split(x);
        const F mid = dd_times(h.hi, h.lo, x);
        // x >= 3 -> x; -3 < x < 3 -> mid; x <= -3 -> +0; NaN -> NaN.
        return vselect(x >= F(3.0f), x, vselect(x > F(-3.0f), mid, zero_or_nan(x)));
    }
    template <class F> static F backward(F x, F dy, const params_of<F>&) {
        // only selected for -3 <= x < 3; a subnormal x gives 1/2 without an assist
        const F d = plus3_div6(without_tiny(x + x));
        return vselect(x >= F(3.0f), dy, vselect(x >= F(-3.0f), dy * d, zero_or_nan(x)));
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
