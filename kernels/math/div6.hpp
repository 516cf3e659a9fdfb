// (u + 3) / 6 for finite |u| <= 6, as an unevaluated sum hi + lo accurate to
// ~2^-45 relative (the shared core of hardsigmoid and hardswish).
//
// Why not u * (1/6) + 1/2: near u = -3 the result cancels and the rounding of
// 1/6 (and of u/6) is then many ULP of the tiny result. Here every step is
// exact except the last rounding:
//   s + e = u + 3 exactly (fast two-sum with 3 first; exact for |u| <= 6:
//       3 - s is exact (Sterbenz, or |3 - s| <= 6 with s a multiple of ulp(s)),
//       so e = (3 - s) + u is the rounding error itself),
//   hi = s * c with c = RN(1/6), a faithful s/6,
//   r = s - 6 hi exactly (one FMA: the remainder of a faithful quotient is
//       representable),
//   so (u + 3) / 6 = hi + (r + e) / 6 and lo = (r + e) * c only carries errors
//   of about 2^-24 of a quantity that is itself a few ULP of hi.
// vfma(lo_factor, c, hi) then rounds once: results that are floats come out
// exactly, the others within 0.5 ULP + 2^-20 ULP.
#pragma once
#include "kernels/math/dd.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {

// hi = faithful (u + 3) / 6; returns r + e, with (u + 3) / 6 = hi + (r + e) / 6.
template <class F> inline F plus3_div6_core(F u, F& hi) {
    F e;
    const F s = fast_two_sum(F(3.0f), u, e);
    hi = s * F(0x1.555556p-3f);  // RN(1/6)
    return vfnma(hi, F(6.0f), s) + e;
}

// hi + lo, lo = (u + 3) / 6 - hi to about 2^-24 relative of itself.
template <class F> inline dd_pair<F> plus3_div6_split(F u) {
    F hi;
    const F rest = plus3_div6_core(u, hi);
    return {hi, rest * F(0x1.555556p-3f)};
}

// (u + 3) / 6 rounded once (see above).
// u with the subnormals (and whatever |u| < 2^-74 rounds to) replaced by a
// neighbour on the 2^-100 grid or zero, by two adds: (u + 3) / 6 rounds to the
// same 1/2 either way, and the remainder the last FMA reads is then never
// subnormal (on Intel a microcode assist, ~30x: hardsigmoid at 0.03x).
// |u| >= 2^-74 comes through exactly (2^-100 is below an eighth of its ULP).
template <class F> inline F without_tiny(F u) { return (u + F(0x1p-100f)) - F(0x1p-100f); }

// v / 6 rounded once. Where the divide is slow (divide_is_slow: AVX-512, 1.6-1.8x
// on hardsigmoid'), without it: q0 = RN(v c), c = RN(1/6), corrected once by
// its exact remainder v - 6 q0 gives the correctly rounded quotient wherever
// that is a normal float (checked over all 2^32 v); a vector with a quotient
// that is zero, subnormal, infinite or NaN takes the divide. Same bits.
template <class F> inline F div6(F v) {
    if constexpr (!divide_is_slow<F>) return vdiv(v, F(6.0f));
    const F c = F(0x1.555556p-3f);
    const F q0 = v * c;
    const F q = vfma(vfnma(q0, F(6.0f), v), c, q0);
    if (any(~(vabs(q) >= F(0x1p-126f)))) return vdiv(v, F(6.0f));
    return q;
}

template <class F> inline F plus3_div6(F u) {
    F hi;
    const F rest = plus3_div6_core(u, hi);
    return vfma(rest, F(0x1.555556p-3f), hi);
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
