// Division of unevaluated sums (hi + lo), for results that must be better than
// the ~1.5 ULP that rounding numerator, denominator and quotient separately costs.
//
// Which one to use (they differ in rounding sequence, so each keeps its callers'
// bits; do not swap one for another):
//   div_refined: (a + a_lo) / (b + b_lo), the exact quotient a/b corrected by
//                its FMA remainder times a reciprocal estimate rb you pass in
//                (recip_1_2 for b in [1, 2] or its square for b^2 in [1, 4]);
//                no special-value guard: finite, normal inputs only.
//   div_refined_guarded: the same, with a quotient that is +-inf or +-0 kept
//                as the plain one (the correction would make it NaN or +0).
//   div_pair:    (a + a_lo) / b for any b > 0 (rb = recip_approx(b)); +-inf
//                quotients pass through unchanged.
//   dd_div:      (nh + nl) / (dh + dl) with no estimate to pass: 1/dh is the
//                one division, q1 = nh / dh from it; inf and zeros pass.
//   dd_quotient: the same quotient left unrounded as qh + ql (~2^-45), for one
//                more factor before the single rounding (mul_dd_rn(dy, q)).
// The first three: error about 0.5 ULP plus the inputs' own.
//
// Reciprocal estimates for the correction steps (deterministic on every tier,
// unlike rcp instructions):
//   recip_1_2:    d in [1, 2], ~2^-8 (linear guess + one Newton step);
//   recip_approx: any normal b > 0, ~2^-12 (bit-trick guess + two Newton steps),
//                 capped at 2^126; b above 2^125 is taken as 2^125 (the guess's
//                 bit trick would go negative; such a 1/b only corrects a
//                 quotient already below the subnormal ULP).
#pragma once
#include "kernels/math/dd.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {

// |a_lo| <= ulp(a), |b_lo| <= ulp(b), rb ~ 1/b to 2^-8 or better.
template <class F> inline F div_refined(F a, F a_lo, F b, F b_lo, F rb) {
    const F q = vdiv(a, b);
    const F rem = vfnma(q, b_lo, vfnma(q, b, a)) + a_lo;
    return vfma(rem, rb, q);
}

// div_refined where a may be +-inf or +-0 (kept as the plain quotient there:
// the correction would give NaN, or +0 for -0).
template <class F> inline F div_refined_guarded(F a, F a_lo, F b, F b_lo, F rb) {
    const F q = vdiv(a, b);  // the same divide as div_refined's (merged by the compiler)
    return vselect(is_finite_nonzero(q), div_refined(a, a_lo, b, b_lo, rb), q);
}

// (a + a_lo) / b rounded about once (kept as the plain quotient where that is +-inf).
template <class F> inline F div_pair(F a, F a_lo, F b, F rb) {
    const F q = vdiv(a, b);
    const F fixed = vfma(vfnma(q, b, a) + a_lo, rb, q);
    return vselect(vabs(q) < F(INFINITY), fixed, q);
}

// (nh + nl) / (dh + dl) rounded to float, for dh > 0 normal: an approximate
// quotient q1 = nh / dh (within an ULP), one residual correction.
// inf stays inf; a zero keeps its sign.
template <class F> inline F dd_div(F nh, F nl, F dh, F dl) {
    const F inv = vdiv(F(1.0f), dh);
    const F q1 = nh * inv;
    const F res = vfnma(q1, dh, nh) + (nl - q1 * dl);
    return vselect(is_finite_nonzero(q1), vfma(res, inv, q1), q1);
}

// (nh + nl) / (dh + dl) as qh + ql with relative error ~2^-45 (the residual
// of qh = nh (1/dh), divided by dh in float). dh > 0 normal, finite inputs.
template <class F> inline dd_pair<F> dd_quotient(F nh, F nl, F dh, F dl) {
    const F inv = vdiv(F(1.0f), dh);
    const F qh = nh * inv;
    const F res = vfnma(qh, dh, nh) + (nl - qh * dl);
    return {qh, res * inv};
}

// ~1/d to about 2^-8 relative for d in [1, 2] (linear guess + one Newton step).
template <class F> inline F recip_1_2(F d) {
    const F r0 = vfma(d, F(-8.0f / 17.0f), F(24.0f / 17.0f));
    return vfma(r0, vfnma(d, r0, F(1.0f)), r0);
}

// ~1/b to about 2^-12 for normal b > 0 (integer first guess, two Newton steps).
// Capped at 2^126 (a subnormal b then gets a smaller correction, never inf * 0).
template <class F> inline F recip_approx(F b) {
    using I = decltype(as_i32(b));
    const F bc = vmin(b, F(0x1p125f));
    const F r0 = as_f32(I(0x7ef311c3) - as_i32(bc));
    const F r1 = vfma(r0, vfnma(bc, r0, F(1.0f)), r0);
    return vmin(F(0x1p126f), vfma(r1, vfnma(bc, r1, F(1.0f)), r1));
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
