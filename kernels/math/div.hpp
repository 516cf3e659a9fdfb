// Division of unevaluated sums (hi + lo), for results that must be better than
// the ~1.5 ULP that rounding numerator, denominator and quotient separately costs.
#pragma once
#include "kernels/simd/ops.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {

// (a + a_lo) / (b + b_lo), with rb ~ 1/b to 2^-8 or better: one exact division,
// its remainder (exact by FMA) corrected through rb. |a_lo| <= ulp(a),
// |b_lo| <= ulp(b). Error about 0.5 ULP plus the inputs' own.
template <class F> inline F div_refined(F a, F a_lo, F b, F b_lo, F rb) {
    const F q = vdiv(a, b);
    const F rem = vfnma(q, b_lo, vfnma(q, b, a)) + a_lo;
    return vfma(rem, rb, q);
}

// ~1/d to about 2^-8 relative for d in [1, 2] (linear guess + one Newton step):
// enough for div_refined's correction, deterministic on every tier.
template <class F> inline F recip_1_2(F d) {
    const F r0 = vfma(d, F(-8.0f / 17.0f), F(24.0f / 17.0f));
    return vfma(r0, vfnma(d, r0, F(1.0f)), r0);
}

// (d + d_lo)^2 as dd + dd_lo.
template <class F> struct two_floats {
    F hi, lo;
};
template <class F> inline two_floats<F> square(F d, F d_lo) {
    const F dd = d * d;
    return {dd, vfma(d, d, vneg(dd)) + F(2.0f) * d * d_lo};
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
