// softsign(x) = x / (1 + |x|); f' = 1 / (1 + |x|)^2; from y: (1 - |y|)^2.
// |x| > 2^24: 1 + |x| rounds to |x| and the exact result rounds to +-1, so the
// result is +-1 directly (also for +-inf, where x / (1 + |x|) would be NaN).
// The backward divides once, by d^2 as a double-float; for |x| >= 2^63, where
// d^2 overflows while f' is still a normal or subnormal float, twice by d 2^-63.
#pragma once
#include "kernels/activation.hpp"
#include "kernels/math/div.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct softsign : no_params {
    static constexpr const char* name = "softsign";
    static constexpr bool has_from_output = true;

    // |x| < 2^-25: 1 + |x| rounds to 1 and the result is x itself; the divide is
    // then fed 1 instead of x, because a subnormal x would make it a slow
    // microcoded divide (0.3x throughput on all-subnormal input).
    template <class F> static F forward(F x, const params_of<F>&) {
        const F a = vabs(x);
        const auto tiny = a < F(0x1p-25f);
        const F q = vdiv(vselect(tiny, F(1.0f), x), F(1.0f) + a);
        return vselect(a > F(0x1p24f), with_sign_of(F(1.0f), x), vselect(tiny, x, q));
    }
    // dy / (1 + |x|)^2 with d = 1 + |x| = dh + dl unrounded (rounding d cost the
    // former (dy / d) / d up to 3 ULP: 2^-24 relative, doubled by the square),
    // d^2 as a double-float and one division (of 1 by its high part, then one
    // residual correction): about 0.5 ULP, and one divide instead of two.
    // |x| < 2^-60 is taken as 2^-60 (f' = 1 - 2^-59 rounds to 1 against any dy,
    // as f' itself does there), so no subnormal x reaches the arithmetic.
    // (dd_square and dd_div's forms cost five operations more: AVX2 1.23x,
    // AVX-512 1.17x without them.)
    template <class F> static F divide_by_d2(F a, F dy) {
        const F at = vmax(F(0x1p-60f), a);  // NaN passes (second operand)
        F dl;
        const F dh = fast_two_sum(vmax(F(1.0f), at), vmin(F(1.0f), at), dl);  // NaN passes
        // d^2 = d2h + d2l (dh^2's rounding error plus 2 dh dl, one FMA)
        F e;
        const F d2h = two_prod(dh, dh, e);
        const F d2l = vfma(dh + dh, dl, e);
        // dy / d^2: q = dy (1 / d2h), its exact residual dy - q d2h - q d2l, one correction
        const F inv = vdiv(F(1.0f), d2h);
        const F q = dy * inv;
        const F r = vfma(vfnma(q, d2l, vfnma(q, d2h, dy)), inv, q);
        return vselect(is_finite_nonzero(q), r, q);  // inf stays inf; a zero keeps its sign
    }
    // |x| >= 2^63: d^2 would overflow, and dy / d^2 is typically far below
    // 2^-150, from a divide that underflows (a slow microcoded assist on AMD
    // Zen 4: all-huge input ran at 0.44x of ordinary input). Those lanes divide
    // twice by d s instead, s = 2^-63 (2^-96 from |x| >= 2^96), which is exact,
    // keeps d s >= 1 (so q <= |dy| cannot overflow) and the quotient
    // q = answer / s^2 normal for |dy| >= 2^-60. The
    // answer q s s is zero when |q| <= 2^-150 / s^2 (such q are zeroed first, so
    // no multiply underflows); otherwise q s is exact and the second factor
    // rounds once. d = inf gives q = dy / inf / inf: 0 without an underflow,
    // NaN for dy = inf. (f' < 2^-126 there: the rounding of d, 2^-24 relative,
    // is below the subnormal result's ULP.)
    template <class F> static F divide_huge(F a, F dy) {
        const auto very_huge = a >= F(0x1p96f);
        const F s = vselect(very_huge, F(0x1p-96f), F(0x1p-63f));
        const F zero_at_or_below = vselect(very_huge, F(0x1p42f), F(0x1p-24f));
        const F ds = (F(1.0f) + a) * s;
        F q = vdiv(vdiv(dy, ds), ds);
        q = vselect(vabs(q) <= zero_at_or_below, q * F(0.0f), q);
        return (q * s) * s;
    }
    template <class F> static F backward(F x, F dy, const params_of<F>&) {
        const F a = vabs(x);
        const auto huge = a >= F(0x1p63f);
        if (!any(huge)) return divide_by_d2(a, dy);
        const F far = divide_huge(a, dy);
        if (all(huge)) return far;
        return vselect(huge, far, divide_by_d2(a, dy));
    }
    // 1 - |y| is exact for |y| >= 1/2 and never cancels (|y| <= 1).
    template <class F> static F backward_from_output(F y, F dy, const params_of<F>&) {
        const F u = F(1.0f) - vabs(y);
        return (dy * u) * u;
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
