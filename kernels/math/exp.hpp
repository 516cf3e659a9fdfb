// e^x, the building block of every smooth activation.
//
// Algorithm (identical on every tier):
//   k = round(x / ln2) by the 1.5*2^23 shifter (round-to-nearest-even everywhere),
//   r = x - k*ln2 with ln2 split in two floats (Cody-Waite, each step one FMA),
//   e^r = 1 + r + r^2*q(r), q a degree-4 minimax fit on [-ln2/2, ln2/2]
//   (sollya fpminimax, relative error 2^-27.9),
//   e^x = e^r * 2^k, the scaling split in two (ldexp_i) so that results in the
//   subnormal range are rounded once and overflow gives +inf.
// exp_parts keeps e^r unrounded as hi + lo and the exponent k apart, for
// callers that need more than float precision or must scale last (a subnormal
// e^x times a large dy).
// Measured: exp_f32 < 1 ULP over all floats (ACCURACY.md).
#pragma once
#include "kernels/math/dd.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {

// 2^k for integer lanes k in [-126, 127] (no range check).
template <class F, class I> inline F pow2i(I k) { return as_f32((k + I(127)) << 23); }

// m * 2^k for integer lanes k in [-252, 254]: the first half-step is exact for a
// normal m, the second rounds once (to a subnormal, or to inf).
template <class F, class I> inline F ldexp_i(F m, I k) {
    const I k1 = k >> 1;
    return (m * pow2i<F>(k1)) * pow2i<F>(k - k1);
}

// e^x = (hi + lo) * 2^k: hi in [0.70, 1.42], |lo| <= ulp(hi)/2, k in [-217, 128].
// Below x = -150 (e^x < 2^-216) hi = lo = 0: such a factor stays 0 even after a
// multiplication by any |dy| < 2^67.
template <class F> struct exp_split {
    F hi, lo;
    decltype(as_i32(F())) k;
};

template <class F> inline exp_split<F> exp_parts(F x) {
    // Outside [-150, 89] the result is 0 or inf; clamping keeps k in ldexp_i's range.
    // Operand order keeps NaN: vmax(c, NaN) returns the NaN.
    const F xc = vmin(F(89.0f), vmax(F(-150.0f), x));
    const F shifter(0x1.8p23f);
    const F k_shifted = vfma(xc, F(0x1.715476p+0f), shifter);
    const F k = k_shifted - shifter;
    F r = vfma(k, F(-0x1.62e430p-1f), xc);
    r = vfma(k, F(0x1.05c610p-29f), r);

    F q = vfma(F(0x1.75c7bp-10f), r, F(0x1.123ab2p-7f));
    q = vfma(q, r, F(0x1.5548dp-5f));
    q = vfma(q, r, F(0x1.55549p-3f));
    q = vfma(q, r, F(0x1.000008p-1f));
    const F u = vfma(q, r * r, r);  // e^r - 1
    const F hi = u + F(1.0f);
    const F lo = (F(1.0f) - hi) + u;  // exact (Fast2Sum: |u| < 1)
    const auto vanishing = x < F(-150.0f);
    return {vselect(vanishing, F(0.0f), hi), vselect(vanishing, F(0.0f), lo), as_i32(k_shifted) - as_i32(shifter)};
}

// (hi + lo) * 2^k as two floats. Where every lane has x in [-87, 88] the
// factor 2^k is a normal float and one multiply each is exact; otherwise
// ldexp_i. Both give the same bits (each is the exact product rounded once),
// so a vector may take either path whatever its width.
template <class F> inline dd_pair<F> exp_scaled(F x, const exp_split<F>& e) {
    if (all((F(-87.0f) <= x) & (x <= F(88.0f)))) {
        const F s = pow2i<F>(e.k);
        return {e.hi * s, e.lo * s};
    }
    return {ldexp_i(e.hi, e.k), ldexp_i(e.lo, e.k)};
}

// e^x for every float x (NaN -> NaN, -inf -> 0, +inf -> +inf).
template <class F> inline F exp_f32(F x) {
    const exp_split<F> e = exp_parts(x);
    return ldexp_i(e.hi, e.k);
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
