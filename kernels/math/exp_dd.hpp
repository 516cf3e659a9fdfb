// e^x as a double-float mantissa and a power of two, e^x = (hi + lo) 2^k
// (scale with mul_pow2, exp.hpp). For results that may be subnormal (tails such as
// x e^x at x = -100, or a derivative multiplied by dy up to 2^16 only
// afterwards): a float e^x that is already subnormal has lost relative
// precision; keeping the mantissa and k apart lets the caller multiply
// everything else in first and scale last. The double-float mantissa serves
// quotients that must round once and sums that cancel.
// Same reduction as exp_f32 (kernels/math/exp.hpp): k = round(x / ln2),
// r = x - k ln2 (Cody-Waite with ln2 in two floats). Unlike exp.hpp's
// exp_parts (hi + lo = the float polynomial's value, 2^-24.4 accurate), e^r here
// is itself evaluated in double-float to ~2^-31.
#pragma once
#include "kernels/math/exp.hpp"  // reduction constants, mul_pow2

namespace simdact {
namespace SIMDACT_TIER_NS {

// e^x = (hi + lo) 2^k with hi + lo accurate to ~2^-31 relative, for x <= 89
// or NaN (its one caller, mish', clamps x to 20), for sums that cancel (mish'
// near its zero). (A double-float argument form served gelu's e^-a^2 until
// exp_fine_reduced's 2^-26.8 proved enough there.)
//   r = x - k ln2 as rh + rl (k ln2_hi is exact, the FMA residue of the
//   ln2_lo step is exact);
//   e^r = 1 + r + r^2/2 + r^3 q(r), q a degree-4 fit of (e^r - 1 - r - r^2/2)/r^3
//   on [-0.35, 0.35] (sollya fpminimax, relative error 2^-23.7, i.e. 2^-31
//   relative to e^r), r^2 exact by FMA, the sums 1 + r + r^2/2 by fast two-sums.
template <class F> struct exp_dd_t {
    F hi, lo;  // e^r = hi + lo, hi in [0.70, 1.42]
    F k;       // integer-valued float in [-289, 129]
    F ks;      // k + 127 + 1.5 2^23 (biased_k): pow2_of_biased(ks) = 2^k where that is normal
};
template <class F> inline exp_dd_t<F> exp_dd(F x) {
    const F xc = vmax(F(-200.0f), x);  // NaN passes (second operand)
    const F ks = biased_k(xc);
    const F k = float_of_biased(ks);
    const F r1 = vfma(k, F(-ln2_hi), xc);  // exact
    const F r0 = vfma(k, F(-ln2_lo), r1);
    const F rh = r0, rl = vfma(k, F(-ln2_lo), r1 - r0);
    F r2l;
    const F r2h = two_prod(rh, rh, r2l);
    const F q = horner(rh, F(0x1.a2f356p-13f), 0x1.6d16eap-10f, 0x1.110fb4p-7f, 0x1.555516p-5f, 0x1.555556p-3f);
    const F c = vfma(r2h * rh, q, vfma(rl, F(1.0f) + rh, F(0.5f) * r2l));
    const F half_r2 = F(0.5f) * r2h;
    F al;
    const F ah = fast_two_sum(rh, half_r2, al);
    const dd_pair<F> p = one_plus(ah, al + c);
    const F hi = p.hi + p.lo;  // renormalize: |lo| <= ulp(hi) / 2 (not fast_two_sum: its -0 differs)
    return {hi, p.lo - (hi - p.hi), k, ks};
}

// e^x itself as a double-float, (hi 2^k) + (lo 2^k), for x <= 88 and a term
// that is only added to numbers not far below 1 (1 + e^x, 2 + e^x; gelu's
// Phi >= 0.24 + x phi): below 2^-99 (k < -100) such a term has no effect on
// the sum (whose ULP is >= 2^-26) and is taken as 0; above, one multiply by
// 2^k scales hi exactly and lo to within a subnormal ULP, far below the sum's
// ULP. pow2_addend(k) is that factor, for other mantissas of such a term
// (normal, and not far below 1, so that mantissa 2^k stays normal and exact).
template <class F> inline F pow2_addend(F k) {
    return vselect(k < F(-100.0f), F(0.0f), pow2_of_float(vmax(k, F(-100.0f))));
}
// The two powers of two of a mantissa (hi + lo) 2^k whose k may be far below
// the normals (lanes marked late): s = 2^k for the product that is scaled last
// (1 in late lanes, which scale by ldexp_below), st = 2^k for a term only added
// to numbers near 1 (pow2_addend in late lanes). MaybeLate = false: no lane is
// late, both are 2^k (normal: k >= -126), one shift of e's biased k.
template <class F> struct late_scales {
    F s, st;
};
template <bool MaybeLate, class F, class M> inline late_scales<F> late_scales_of(const exp_split<F>& e, M late) {
    using I = decltype(e.k);
    if constexpr (!MaybeLate) {
        const F s = pow2_of_biased(e.ks);
        return {s, s};
    }
    const F s = pow2i<F>(vselect(late, I(0), e.k));
    return {s, vselect(late, pow2_addend(float_of<F>(e.k)), s)};
}

// m 2^k for k in [-378, 254]: below -252 (ldexp_i's range) the rest of k goes into
// m first, exactly unless m 2^(k + 252) is below the normals, where the result
// is 0 after both steps anyway. Rounded once, as ldexp_i.
template <class F, class I> inline F ldexp_below(F m, I k) {
    const I k2 = vmax(k, I(-252));
    return ldexp_i(m * pow2i<F>(k - k2), k2);
}

template <class F> inline dd_pair<F> scaled_addend(const exp_dd_t<F>& e) {
    const F p = pow2_addend(e.k);
    return {e.hi * p, e.lo * p};  // (NaN x: hi is NaN, so both are)
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
