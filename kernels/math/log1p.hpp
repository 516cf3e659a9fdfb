// log1p(x + xlo) for x in [0, 1] (or NaN); xlo is a low part (|xlo| <= ulp(x)),
// e.g. of e^z in softplus, its one use (log1p_exp_neg: x = e^a, a <= 0). Over
// that domain 1 + x is in [1, 2]: no special case (u <= 0, inf) to select and
// x <= 1 for the Fast2Sum (the general form's selects cost softplus and
// logsigmoid forward 1.1x).
//
// Algorithm (identical on every tier):
//   u = 1 + x rounded, c = ((1 + x) - u, exact by Fast2Sum) + xlo;
//   u = 2^e f with f in [sqrt(1/2), sqrt(2)), r = f - 1 exact;
//   log1p(x) = e ln2 + log1p(r) + c/u, with c/u = c 2^-e / (1 + r) ~ c 2^-e (1 - r + r^2)
//   (c/u < 2^-23, so the approximation error is < 2^-28 relative);
//   log1p(r) = r + r^2 q(r), q a degree-8 minimax of (log1p(r) - r)/r^2 on
//   [sqrt(1/2) - 1, sqrt(2) - 1] (sollya fpminimax, single coefficients,
//   absolute error 2^-27.7 in (log1p(r) - r)/r).
//   hi = e ln2_hi + r rounded by one FMA, its error recovered exactly by a second
//   FMA (both are multiples of 2^-25 near the result), so the sum is rounded once.
// log1p_parts also returns the rounding error of the result (for a later
// division that should round only once). Measured on softplus/logsigmoid.
#pragma once
#include "kernels/math/exp.hpp"  // ln2_hi, ln2_lo, float_of

namespace simdact {
namespace SIMDACT_TIER_NS {

// log1p = hi + lo, hi rounded to nearest.
template <class F> inline dd_pair<F> log1p_parts(F x, F xlo) {
    using I = decltype(as_i32(x));
    const F one(1.0f);
    const F u = one + x;
    const F c = ((one - u) + x) + xlo;

    const I sqrt_half = as_i32(F(0x1.6a09e6p-1f));
    const I ui = as_i32(u) - sqrt_half;
    const I e = ui >> 23;
    const F r = as_f32((ui & I(0x7fffff)) + sqrt_half) - one;
    const F scale = pow2i<F>(I(0) - e);  // 2^-e, e = 0 or 1
    const F c1 = (c * scale) * vfma(r, r - one, one);
    const F ef = float_of<F>(e);

    const F q = horner(r, F(-0x1.407e6p-4f), 0x1.0a9af8p-3f, -0x1.0ea664p-3f, 0x1.220762p-3f, -0x1.542c02p-3f,
                       0x1.99a9d2p-3f, -0x1.00042ap-2f, 0x1.555544p-2f, -0x1.fffff8p-2f);
    const F lo = vfma(ef, F(ln2_lo), vfma(r * r, q, c1));
    const F hi = vfma(ef, F(ln2_hi), r);
    const F err = vfms(ef, F(ln2_hi), hi) + r;  // exact
    const F m = err + lo;
    F res_lo;
    const F res = fast_two_sum(hi, m, res_lo);  // |m| < |hi|
    return {res, res_lo};
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
