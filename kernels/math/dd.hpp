// Double-float ("dd") helpers: a value as hi + lo, two floats, for the few
// places where float precision is not enough (sums that cancel, quotients that
// must be rounded once). All exact transformations use only + - * and vfma.
#pragma once
#include "kernels/simd/ops.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {

// s + err = a + b exactly (Knuth's two-sum, any magnitudes).
template <class F> inline F two_sum(F a, F b, F& err) {
    const F s = a + b;
    const F bb = s - a;
    err = (a - (s - bb)) + (b - bb);
    return s;
}

// (ah + al)(bh + bl) as hi + lo (drops al bl; relative error ~2^-46).
template <class F> inline F dd_mul(F ah, F al, F bh, F bl, F& lo) {
    const F hi = ah * bh;
    lo = vfma(ah, bh, vneg(hi)) + (ah * bl + al * bh);
    return hi;
}

// (nh + nl) / (dh + dl) rounded to float, for dh > 0 normal: an approximate
// quotient q1 = nh / dh (within an ULP), one residual correction. Error ~0.5 ULP
// plus the inputs' errors. inf stays inf; a zero keeps its sign.
template <class F> inline F dd_div(F nh, F nl, F dh, F dl) {
    const F inv = vdiv(F(1.0f), dh);
    const F q1 = nh * inv;
    const F res = vfnma(q1, dh, nh) + (nl - q1 * dl);
    return vselect((vabs(q1) <= F(0x1.fffffep127f)) & (vabs(q1) > F(0.0f)), vfma(res, inv, q1), q1);
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
