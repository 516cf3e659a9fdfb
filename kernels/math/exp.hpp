// e^x, the building block of every smooth activation, and the pieces every
// e^x variant shares (reduction constants, 2^k construction, late scaling).
//
// Which e^x to use (four evaluations of e^r remain because their polynomials
// or roundings, hence their bits, differ; each suits its callers):
//   exp_parts / exp_f32 (here): float argument, hi + lo = the float polynomial's
//     value, ~2^-24.7 relative (r and r + r^2 q rounded); integer k. exp_f32 is
//     the plain e^x.
//   exp_parts_fine (here): a degree-5 polynomial and those roundings kept in
//     lo, ~2^-26.8; eight operations more. For v sigmoid(z) (mul_logistic),
//     mish forward, tanhshrink, erfc's e^-a^2 (exp_fine_reduced, float k).
//   expm1_parts (expm1.hpp): float argument plus a low part, k = 0 for
//     |x| < 1/2 so e^x - 1 does not cancel; ~2^-27.6 in (e^r - 1 - r)/r.
//     For expm1, v (e^x - 1) and v e^x scaled last (elu, celu, selu, softplus).
//   exp_dd (exp_dd.hpp): e^r as a double-float to ~2^-31; float k. For mish',
//     whose sum cancels near the zero of mish' beyond what 2^-26.8 allows.
// All reduce the same way: k = round(x / ln2) by the shifter, r = x - k ln2
// with ln2 = ln2_hi + ln2_lo (Cody-Waite, k ln2_hi exact by FMA).
// Late scaling by 2^k (three helpers, different rounding, so all stay):
//   ldexp_i(m, k):   integer k in [-252, 254], two factors;
//   ldexp_once(m, k): the same range, one multiply where 2^k is normal (exp_mul_scaled);
//   mul_pow2(v, k):  integer-valued float k in [-370, 370], three factors
//                    (exp_dd's k, and k shifted by callers such as sigmoid's extra_k).
//
// exp_parts algorithm (identical on every tier):
//   e^r = 1 + r + r^2*q(r), q a degree-4 minimax fit on [-ln2/2, ln2/2]
//   (sollya fpminimax; 2^-27.1 relative to e^r with its float coefficients
//   evaluated exactly, 2^-24.4 as evaluated: r and r + r^2 q are rounded),
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

// 1.5 * 2^23: (v + shifter) - shifter rounds |v| < 2^22 to an integer
// (nearest-even on every tier), and the low bits of v + shifter hold it.
constexpr float round_shifter = 0x1.8p23f;
constexpr float log2e = 0x1.715476p+0f;    // RN(1/ln2)
constexpr float ln2_hi = 0x1.62e430p-1f;   // RN(ln2): x - k ln2_hi is one exact FMA in the callers' ranges
constexpr float ln2_lo = -0x1.05c610p-29f; // ln2 - ln2_hi

// round(v * m) as an integer-valued float (|v m| < 2^22).
template <class F> inline F nearest_int(F v, float m) {
    return vfma(v, F(m), F(round_shifter)) - F(round_shifter);
}
// An integer-valued float (|k| < 2^22) as integer lanes, and back.
template <class F> inline auto int_of(F k) { return as_i32(k + F(round_shifter)) - as_i32(F(round_shifter)); }
template <class F, class I> inline F float_of(I i) { return as_f32(i + as_i32(F(round_shifter))) - F(round_shifter); }

// round(v log2e) kept in the bits of ks = k + 127 + 1.5 2^23 (one FMA with
// biased_shifter instead of round_shifter; v log2e is never a half-integer
// for |v| < 2^22, so there is no tie and k is nearest_int's): ks - biased_shifter
// is k as a float, and as_i32(ks) << 23 is 2^k for k in [-126, 127], one shift
// where int_of and pow2i take four operations.
constexpr float biased_shifter = round_shifter + 127.0f;
template <class F> inline F biased_k(F v) { return vfma(v, F(log2e), F(biased_shifter)); }
template <class F> inline F float_of_biased(F ks) { return ks - F(biased_shifter); }
template <class F> inline F pow2_of_biased(F ks) { return as_f32(as_i32(ks) << 23); }
template <class F> inline auto int_of_biased(F ks) { return as_i32(ks) - as_i32(F(biased_shifter)); }

// 2^k for integer lanes k in [-126, 127] (no range check).
template <class F, class I> inline F pow2i(I k) { return as_f32((k + I(127)) << 23); }
// 2^a for an integer-valued float a in [-126, 127].
template <class F> inline F pow2_of_float(F a) { return pow2i<F>(int_of(a)); }

// m * 2^k for integer lanes k in [-252, 254]: the first half-step is exact for a
// normal m, the second rounds once (to a subnormal, or to inf).
template <class F, class I> inline F ldexp_i(F m, I k) {
    const I k1 = k >> 1;
    return (m * pow2i<F>(k1)) * pow2i<F>(k - k1);
}

// m * 2^k for integer lanes k in [-252, 252]: one multiply where 2^k is a
// normal float (k in [-126, 127]; the second factor is 1), so rounded once as
// a multiply by 2^k is, tiny m included; below, ldexp_i's halves (the first
// product is normal for every m 2^k >= 2^-150, so one rounding there too);
// above 127, 2^127 first (an overflow there is the result's own: |m| >= 2).
template <class F, class I> inline F ldexp_once(F m, I k) {
    const I k1 = vmin(vselect(k < I(-126), k >> 1, k), I(127));
    return (m * pow2i<F>(k1)) * pow2i<F>(k - k1);
}

// m where m 2^k rounds to zero anyway replaced by that zero (m's sign): lanes
// whose result is below 2^-150 (m finite with exponent e, |m| < 2^(e+1),
// e + k <= -151). Same bits, but a zero operand spares the scaling multiplies
// a microcoded underflow (elu' and exp' ran at 0.45x on huge |x| on AMD Zen 4).
template <class F, class I> inline F flush_to_zero_below(F m, I k) {
    const I bits = as_i32(m);
    const I e = ((bits >> 23) & I(0xff)) - I(127);
    const I to_zero = ((e + k + I(150)) >> 31) & ((e - I(128)) >> 31);  // all ones where it rounds to 0
    return as_f32(bits & ((to_zero ^ I(-1)) | I(int32_t(0x80000000u))));
}

// v * 2^k for an integer-valued float k (clamped to [-370, 370]), as three
// power-of-two factors 2^a 2^a 2^c with a = round(k/3). Every step is exact
// unless the result under- or overflows, so the result is rounded once, or
// at worst twice inside the subnormal range (error < 1 subnormal ULP).
template <class F> inline F mul_pow2(F v, F k) {
    const F kc = vclamp(k, -370.0f, 370.0f);
    const F a = nearest_int(kc, 0x1.555556p-2f);
    const F c = kc - (a + a);
    const F pa = pow2_of_float(a);
    return ((v * pa) * pa) * pow2_of_float(c);
}

// e^x = (hi + lo) * 2^k: hi in [0.70, 1.42], |lo| <= ulp(hi)/2, k in [-217, 128].
// Below x = -150 (e^x < 2^-216) hi = lo = 0: such a factor stays 0 even after a
// multiplication by any |dy| < 2^67.
template <class F> struct exp_split {
    F hi, lo;
    decltype(as_i32(F())) k;
    F ks;  // k + 127 + 1.5 2^23: pow2_of_biased(ks) = 2^k where that is normal
};

// e^r - 1 for r = x - k ln2, k = round(x log2e) as a float: exp_parts's
// polynomial (exp_f32 on AVX-512 takes it without the split below).
template <class F> inline F exp_reduced_m1(F x, F k) {
    F r = vfma(k, F(-ln2_hi), x);
    r = vfma(k, F(-ln2_lo), r);
    const F q = horner(r, F(0x1.75c7bp-10f), 0x1.123ab2p-7f, 0x1.5548dp-5f, 0x1.55549p-3f, 0x1.000008p-1f);
    return vfma(q, r * r, r);
}

// m 2^k (m a part of e^r, k = float_of_biased(ks)) rounded once, for the e^x
// of an x <= 89 (or NaN), on tiers with vscalefps (has_scalef): no range test
// and no fallback, as one rounding gives every k's result (subnormal or inf).
// Lanes with x < -104 come out +0 by the zeroing mask: e^x < 2^-150.04 rounds
// to +0 even with e^r's error, which the scaling would also give, and the
// mask spares them an underflow assist (unmasked, all-huge input ran at
// 0.02x) and makes their k and m, from an unclamped x, irrelevant. NaN x
// passes (!(NaN < -104)). exp_f32 and sigmoid's forward use it.
constexpr float exp_scalef_zero_below = -104.0f;
template <class F> inline F exp_scalef(F m, F k, F x) {
    return vscalef_or_zero(m, k, !(x < F(exp_scalef_zero_below)));
}

// exp_parts for x already in [-150, 89] (or NaN): no clamp and no zeroing
// below -150, for callers whose argument is in range by construction (tanh) or
// who clamp it themselves and need no zero factor (sigmoid: below -150 its t =
// e^x 2^k rounds to the same +-0 either way). Same bits as exp_parts there.
template <class F> inline exp_split<F> exp_parts_in_range(F x) {
    const F ks = biased_k(x);
    F lo;
    const F hi = fast_two_sum(F(1.0f), exp_reduced_m1(x, float_of_biased(ks)), lo);  // |e^r - 1| < 1
    return {hi, lo, int_of_biased(ks), ks};
}

// e^x = (hi + lo) 2^k to about 2^-26.8 relative (exp_parts: 2^-24.4), for
// quotients that must come out near 0.5 ULP (mul_logistic). Same reduction;
// e^r = 1 + r + r^2 q(r) with q of degree 5 (sollya fpminimax, float
// coefficients, 2^-31.7 relative to e^r on [-ln2/2, ln2/2]), and the
// roundings exp_parts makes kept in lo: the reduction's residue (rl, times
// 1 + r), 1 + r and its sum with r^2 q (fast two-sums). What remains is the
// rounding of r^2 q and of q itself. Errors measured over x in [-100, 0]
// (a 2^-26.1 variant kept rl without the factor 1 + r; 2^-25.7 with
// exp_parts's degree-4 q). Eight operations more than exp_parts_in_range.
// e^(x - k ln2) = hi + lo for k = nearest_int(x, log2e): exp_parts_fine's
// core, for callers that keep k as a float (erfc's e^-a^2).
template <class F> inline dd_pair<F> exp_fine_reduced(F x, F k) {
    const F r1 = vfma(k, F(-ln2_hi), x);  // exact
    const F r = vfma(k, F(-ln2_lo), r1);
    const F rl = vfma(k, F(-ln2_lo), r1 - r);  // r1 - k ln2_lo - r
    const F q = horner(r, F(0x1.a26758p-13f), 0x1.6d2e02p-10f, 0x1.110ff2p-7f, 0x1.555502p-5f, 0x1.555556p-3f, 0.5f);
    F e1, e2;
    const F s = fast_two_sum(F(1.0f), r, e1);  // |r| < 1/2
    const F hi = fast_two_sum(s, (r * r) * q, e2);
    return {hi, vfma(rl, s, e1 + e2)};
}
template <class F> inline exp_split<F> exp_parts_fine(F x) {
    const F ks = biased_k(x);
    const dd_pair<F> e = exp_fine_reduced(x, float_of_biased(ks));
    return {e.hi, e.lo, int_of_biased(ks), ks};
}

// UpTo89 = true: the caller guarantees x <= 89 (or NaN), so only the lower
// clamp is made (the logistic derivative: x = -|x| or -2|x|). Same bits.
template <bool UpTo89 = false, class F> inline exp_split<F> exp_parts(F x) {
    // Outside [-150, 89] the result is 0 or inf; clamping keeps k in ldexp_i's range.
    // Operand order keeps NaN: vmax(c, NaN) returns the NaN.
    const F xc = UpTo89 ? vmax(F(-150.0f), x) : vclamp(x, -150.0f, 89.0f);
    const exp_split<F> e = exp_parts_in_range(xc);
    const auto vanishing = x < F(-150.0f);
    return {vselect(vanishing, F(0.0f), e.hi), vselect(vanishing, F(0.0f), e.lo), e.k, e.ks};
}

// (hi + lo) * 2^k as two floats. Where no lane has x outside [-87, 88] (NaN
// passes: NaN either way) the factor 2^k is a normal float and one multiply
// each is exact; otherwise ldexp_i. Both give the same bits (each is the exact
// product rounded once), so a vector may take either path whatever its width.
template <class F> inline bool scale_is_normal(F x) { return !any((x < F(-87.0f)) | (x > F(88.0f))); }
template <class F> inline dd_pair<F> exp_scaled(F x, const exp_split<F>& e) {
    if (__builtin_expect(scale_is_normal(x), 1)) {
        const F s = pow2_of_biased(e.ks);
        return {e.hi * s, e.lo * s};
    }
    return {ldexp_i(e.hi, e.k), ldexp_i(e.lo, e.k)};
}

// e^x for every float x (NaN -> NaN, -inf -> 0, +inf -> +inf). A vector with
// every x in [-87, 88] (NaN passes: NaN either way) skips the clamp and the
// zeroing, and scales by one multiply (exact: 2^k and the result are normal);
// others take ldexp_i's two factors (or, all lanes beyond, inf and 0 directly:
// all-huge input at 0.55x of ordinary otherwise). Same bits either way.
template <class F> inline F exp_f32(F x) {
    if constexpr (has_scalef<F>) {
        // x capped at 89 (e^x rounds to inf beyond; vmin passes NaN), the
        // rest is exp_scalef's. Same bits as the path below.
        const F xc = vmin(F(89.0f), x);
        const F k = float_of_biased(biased_k(xc));
        return exp_scalef(F(1.0f) + exp_reduced_m1(xc, k), k, x);
    }
    if (__builtin_expect(scale_is_normal(x), 1)) {
        const exp_split<F> e = exp_parts_in_range(x);
        return e.hi * pow2_of_biased(e.ks);
    }
    // every lane overflowing (e^89 > 2^128) or vanishing (exp_parts' zero): as below
    if (all((x >= F(89.0f)) | (x <= F(-150.0f)))) return vselect(x > F(0.0f), F(INFINITY), F(0.0f));
    const exp_split<F> e = exp_parts(x);
    return ldexp_i(e.hi, e.k);
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
