// softsign(x) = x / (1 + |x|); f' = 1 / (1 + |x|)^2; from y: (1 - |y|)^2.
// |x| > 2^24: 1 + |x| rounds to |x| and the exact result rounds to +-1, so the
// result is +-1 directly (also for +-inf, where x / (1 + |x|) would be NaN).
// The backward divides twice, (dy / d) / d, instead of dy / d^2: d^2 overflows
// for |x| > 2^64 while f' is still a normal or subnormal float.
#pragma once
#include "kernels/activation.hpp"

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
    // |x| >= 2^64: (dy / d) / d would get the answer, typically far below 2^-150,
    // from a divide that underflows, a slow microcoded assist on AMD Zen 4
    // (all-huge input ran at 0.44x of ordinary input). Vectors holding such
    // lanes divide by d s instead, s = 2^-64 (2^-96 from |x| >= 2^96), which is
    // exact and keeps the quotient q = answer / s^2 normal for |dy| >= 2^-62.
    // The answer q s s is zero when |q| <= 2^-150 / s^2 (such q are zeroed
    // first, so no multiply underflows); otherwise q s is exact and the second
    // factor rounds once. Same value, rounded twice only when it is subnormal.
    // d = inf gives q = dy / inf / inf: 0 without an underflow, NaN for dy = inf.
    template <class F> static F backward(F x, F dy, const params_of<F>&) {
        const F a = vabs(x);
        const F d = F(1.0f) + a;
        const auto huge = a >= F(0x1p64f);
        if (!any(huge)) return vdiv(vdiv(dy, d), d);

        const auto very_huge = a >= F(0x1p96f);
        const F s = vselect(very_huge, F(0x1p-96f), vselect(huge, F(0x1p-64f), F(1.0f)));
        const F zero_at_or_below = vselect(very_huge, F(0x1p42f), vselect(huge, F(0x1p-22f), F(0.0f)));
        const F ds = d * s;
        F q = vdiv(vdiv(dy, ds), ds);
        q = vselect(vabs(q) <= zero_at_or_below, q * F(0.0f), q);
        return (q * s) * s;
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
