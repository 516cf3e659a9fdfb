// e^x - 1 (expm1_f32) and dy * e^x scaled last (dy_exp_mul), on one reduction
// that also takes a low part: e^(x + lo) for an argument known to better than
// float (x/alpha in celu, beta*x in softplus).
//
// Reduction (identical on every tier):
//   k = round(x / ln2) (1.5*2^23 shifter), but k = 0 for |x| < 1/2 so that
//   expm1 of a small x is the polynomial alone (no 2^k - 1 cancellation);
//   r = x - k*ln2_hi is exact (ln2_hi = float(ln2): for |x| >= 1/2 both are
//   multiples of 2^-24 and |r| < 1/2), c = lo - k*ln2_lo is the small rest, and
//   e^(r + c) - 1 = r + (c + rr^2 q(rr)) with rr = r + c: r is never rounded.
//   q: degree-5 minimax of (e^r - 1 - r)/r^2 on [-1/2, 1/2] (sollya fpminimax,
//   single coefficients, absolute error 2^-27.6 in (e^r - 1 - r)/r).
// So e^(x + lo) = (1 + p) * 2^k with p = e^(r+c) - 1 rounded once.
#pragma once
#include <limits>

#include "kernels/math/exp.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {

template <class F> struct expm1_split {
    F p;                          // e^(r + c) - 1 = r + t rounded once, |p| < 0.65
    F r, t;                       // p unrounded: r exact, t the small rest
    decltype(as_i32(F())) k;      // in [-252, 252] (down to -316 with lower = -219)
    F ks;                         // k + 127 + 1.5 2^23 (exp.hpp's biased_k): 2^k in one shift where normal
};

// e^(r + c) - 1 = r + t for an integer-valued float k (round(x / ln2), or 0):
// r = x - k ln2_hi exact, c = lo - k ln2_lo, t the polynomial's rest. |x| <= 316.
template <class F> inline F expm1_q(F rr) {
    return horner(rr, F(0x1.a3b1c2p-13f), 0x1.6f1bcp-10f, 0x1.110e44p-7f, 0x1.555204p-5f, 0x1.555558p-3f,
                  0x1.000002p-1f);
}
template <class F> struct expm1_reduced { F r, t; };
template <class F> inline expm1_reduced<F> expm1_reduce(F x, F k, F lo) {
    const F r = vfma(k, F(-ln2_hi), x);  // exact
    const F c = vfma(k, F(-ln2_lo), lo);  // -k * (ln2 - ln2_hi) + lo
    const F rr = r + c;
    return {r, vfma(rr * rr, expm1_q(rr), c)};
}

// e^(x + lo) = (1 + p) * 2^k for x clamped to [lower, 175] (beyond, the factor
// is 0 or inf for any |dy| < 2^100); |lo| must be below ulp(x) (and finite).
// k = 0 for |x| < 1/2, so that e^x - 1 does not cancel there.
template <class F> inline expm1_split<F> expm1_parts(F x, F lo, F lower = F(-175.0f)) {
    const F xc = vmin(F(175.0f), vmax(lower, x));  // NaN passes (second operand)
    // k as biased_k's ks (the same k as nearest_int(xc, log2e), and 0 as ks = biased_shifter)
    const F ks = vselect(vabs(x) < F(0.5f), F(biased_shifter), biased_k(xc));
    const expm1_reduced<F> e = expm1_reduce(xc, float_of_biased(ks), lo);
    return {e.r + e.t, e.r, e.t, int_of_biased(ks), ks};
}

// (v + v_lo) * (e^(x + lo) - 1) for every float x (NaN -> NaN, -inf -> -v,
// +inf -> v*inf, tiny x -> v*x with its sign), no intermediate overflow when |v| < 1;
// v_lo is an optional low part of v (ignored beyond x = 20).
//   |x| < 1/2:  k = 0: v r + (v t + v_lo p), r = x exact, one rounding;
//   x <= 20:    with s = 2^(k-1), 2^k (1 + p) - 1 = 2 (s p + (s - 1/2)):
//               (v s) p + v (s - 1/2), v s exact, v (s - 1/2) an exact FMA pair
//               b + b_lo, summed so that about one rounding remains (plus p's);
//               the doubling is exact;
//   x > 20:     v (1 + p) 2^k scaled last (the -v is below 2^-28 relative); also
//               wherever the path above overflowed in v s (|v| > 2^99: inf - inf).
// NegativeOnly: the caller uses the result only where x < 0 (elu, selu, celu
// with alpha > 0) and any finite v: the x > 0 branches are left out. Same bits
// wherever x < 0 (there k <= 0, s <= 1/2, |h| <= |v|/2: h is never inf or NaN,
// so the general version never takes `big`).
// HasLo = false: v_lo is zero and its products are left out (same bits; the
// 3-argument form, for elu, celu, expm1_f32: 4 of ~50 instructions a vector).
template <bool NegativeOnly = false, bool HasLo = true, class F> inline F mul_expm1(F v, F v_lo, F x, F lo) {
    using I = decltype(as_i32(x));
    const expm1_split<F> e = expm1_parts(x, lo, F(-80.0f));  // -80: e^x - 1 = -1 in float
    // expm1 has the sign of x, so the product has the sign of v*x (this keeps -0).
    const F small = as_f32(as_i32(vfma(v, e.r, HasLo ? vfma(v, e.t, v_lo * e.p) : v * e.t)) | as_i32(sign_bit(v * x)));
    const F s = pow2_of_biased(e.ks - F(1.0f));  // 2^(k-1), valid where used (x <= 20: k <= 29; x >= -80)
    const F s_half = s - F(0.5f);
    F b_err;
    const F b = two_prod(v, s_half, b_err);
    const F b_lo = HasLo ? b_err + v_lo * vfma(s, e.p, s_half) : b_err;
    // x < 0: |v s p| << |b|, so the small parts are summed first and b added last;
    // x > 0: b is exact for k = 1 and the FMA takes the exact sum.
    const F vs = v * s;
    const F h_neg = vfma(vs, e.p, b_lo) + b;
    if (NegativeOnly) return vselect(vabs(x) < F(0.5f), small, h_neg + h_neg);
    const F h = vselect(x < F(0.0f), h_neg, vfma(vs, e.p, b) + b_lo);
    const F big = ldexp_i(vfma(v, e.p, v), e.k);
    return vselect(vabs(x) < F(0.5f), small, vselect((x > F(20.0f)) | is_nan(h), big, h + h));
}
template <bool NegativeOnly = false, class F> inline F mul_expm1(F v, F x, F lo) {
    return mul_expm1<NegativeOnly, /*HasLo=*/false>(v, F(0.0f), x, lo);
}

// e^(x + lo) - 1 (expm1 has the sign of x: expm1(-0) = -0).
template <class F> inline F expm1_f32(F x, F lo) { return mul_expm1(F(1.0f), x, lo); }
template <class F> inline F expm1_f32(F x) { return expm1_f32(x, F(0.0f)); }

// e^(x + lo) = (1 + p) 2^k for dy_exp_mul, k = round(x / ln2) everywhere (e^x
// itself does not cancel near 0: no k = 0 zone; r is still exact, as
// 0.35 < |x| < 1/2 are multiples of 2^-25 like ln2_hi, and |r + c| < 0.35 is
// inside q's interval); k given as ks = biased_k(x) (exp.hpp). Returns p
// rounded once, |p| < 0.42. (A struct of p and ks returned into the fast
// path made GCC keep both on the stack: two dead stores a vector that cost
// the n = 16M rows 0.8x.)
template <class F> inline F exp_p(F x, F ks, F lo) {
    const F k = float_of_biased(ks);
    const F r = vfma(k, F(-ln2_hi), x);  // exact
    const F c = vfma(k, F(-ln2_lo), lo);
    const F rr = r + c;
    return r + vfma(rr * rr, expm1_q(rr), c);
}

// v * e^(x + lo) = v (1 + p) 2^k: m = v (1 + p) rounded once, then scaled by 2^k,
// so a subnormal e^x times a large v keeps its precision.
// exp_mul_in_range: for x in [-60, 88] (or NaN), where 2^k is a normal float
// (k in [-87, 127]) and the scaling is one multiply, so m 2^k is rounded once,
// also into the subnormals.
template <class F> inline F exp_mul_in_range(F v, F x, F lo) {
    const F ks = biased_k(x);
    return vfma(v, exp_p(x, ks, lo), v) * pow2_of_biased(ks);
}

// m 2^k for k in [-278, 279], rounded once (exp_mul_scaled's scaling): what
// rounds to zero made a zero first (no microcode assist for the multiplies),
// then 2^-+64 moved from k into m where k is beyond ldexp_once's [-252, 252]
// (exact: below, an m that survived the flush is >= 2^103; above, m 2^64 can
// only overflow where m 2^k does), then ldexp_once, which gives lanes with k
// in [-126, 127] the same one multiply as exp_mul_in_range (so a lane's bits
// never depend on which path its vector took).
template <class F, class I> inline F exp_scale_slow(F m, I k) {
    const F m0 = flush_to_zero_below(m, k);
    const I shift = vselect(k < I(-252), I(-64), vselect(k > I(252), I(64), I(0)));
    return ldexp_once(m0 * pow2i<F>(shift), k - shift);
}

// Backward forms dy * c * e^x (elu, selu, celu, exp), |c| <= 2^62. Before the
// product meets 2^k, dy is scaled by dy_scale's power of two s (exact), which
// exp_mul_scaled takes back out of 2^k:
//  - 2^-64 where |dy| >= 2^64 and x < 0: dy c (1 + p) could overflow although
//    the result does not;
//  - 2^64 where |dy| < 2^-64 and x > 0, if the caller uses lanes with x > 0
//    (uses_positive: exp, and celu with alpha < 0, whose x / alpha > 0 for
//    x < 0; elu, selu and celu with alpha > 0 return their own value there):
//    v (1 + p) would be rounded among the subnormals and then multiplied by
//    2^k >= 1 (exp' with dy = 1e-42 at x = 80 was 6,000 ULP off);
//  - 1 elsewhere.
template <class F> inline F dy_scale(F dy, F x, bool uses_positive) {
    const F a = vabs(dy);
    const F down = vselect((a >= F(0x1p64f)) & (x < F(0.0f)), F(0x1p-64f), F(1.0f));
    return uses_positive ? vselect((a < F(0x1p-64f)) & (x > F(0.0f)), F(0x1p64f), down) : down;
}
// The x below which v e^x / s rounds to zero for every |v| < 2^126 (s from
// dy_scale, |dy s| < 2^64 and |c| <= 2^62): -193 (2^126 e^-193 < 2^-152), and
// -236 for the scaled-down lanes (2^190 e^-236 < 2^-150.4). Above x = 193,
// v e^x / s overflows for every v that is not zero (|v / s| >= 2^-149).
constexpr float exp_mul_lowest = -236.0f;  // the lower of the two lower bounds
template <class F> inline F exp_mul_lower(F scale) { return vselect(scale < F(1.0f), F(exp_mul_lowest), F(-193.0f)); }
constexpr float exp_mul_upper = 193.0f;
// The lanes exp_mul_scaled clamps (lower = exp_mul_lower(scale)).
template <class F> inline auto beyond_exp_mul_bounds(F x, F lower) { return (x >= F(exp_mul_upper)) | (x <= lower); }

// v * e^(x + lo) / scale, for every x and v (scale from dy_scale, v = make_v(dy scale)):
// x clamped to [exp_mul_lower, 193] (the result beyond is that of the bound),
// lo dropped on the lanes at or beyond a bound: it changes no such lane's
// result but could flip the sign of p there, and so the sign of the zero
// v (1 + p) for a zero v, which exp_mul_clamped gives from p's sign at the bounds
// (celu' with dy = -0 and |x / alpha| > 193 was +0 on AVX-512, -0 on scalar);
// an infinite v (dy = +-inf, or dy alpha beyond float range) gives v (1 + p > 0)
// instead of the FMA's inf - inf, and at x = -inf the limit: a zero of v's sign.
template <class F> inline F exp_mul_scaled(F v, F x, F lo, F scale) {
    using I = decltype(as_i32(x));
    const F lower = exp_mul_lower(scale);
    const F xc = vmin(F(exp_mul_upper), vmax(lower, x));  // NaN passes
    const F lo_in = vselect(beyond_exp_mul_bounds(x, lower), F(0.0f), lo);
    const F ks = biased_k(xc);
    const F inf(std::numeric_limits<float>::infinity());
    const F v_inf = vselect(x == vneg(inf), with_sign_of(F(0.0f), v), v);
    const F m = vselect((vabs(v) == inf) & (x == x), v_inf, vfma(v, exp_p(xc, ks, lo_in), v));  // NaN x: NaN
    const I unscale = vselect(scale < F(1.0f), I(64), vselect(scale > F(1.0f), I(-64), I(0)));
    return exp_scale_slow(m, int_of_biased(ks) + unscale);
}

// exp_mul_scaled where every lane is clamped (x >= 193 or x <= exp_mul_lower),
// without e^x: each such lane's result is a zero (x < 0) or +-inf (x > 0) by
// the bounds above, with the special cases exp_mul_scaled gives them: an
// infinite v stays infinite for x < 0 (a zero at x = -inf), a zero v gives
// v (1 + p) with p = e^r - 1 at the bound (lo dropped): r = -0.30 at -193 and
// -0.33 at -236, so +0 for either zero, r = +0.30 at 193, so v itself; NaN
// stays NaN. Same bits; all-huge |x| input (elu' and exp' at |x| > 1e30) runs
// at ~1x of ordinary input, not 0.4x.
template <class F> inline F exp_mul_clamped(F v, F x) {
    const F inf(std::numeric_limits<float>::infinity());
    const F below = vselect(vabs(v) == inf, vselect(x == vneg(inf), with_sign_of(F(0.0f), v), v),
                            vfma(v, F(-0.25f), v) * F(0.0f));
    const F above = vselect(v == F(0.0f), v, v * inf);
    return vselect(x < F(0.0f), below, above);
}

// make_v(dy) * e^(x + lo) for the backward of elu, selu, celu, exp (make_v(d) = d
// times their constant c, |c| <= 2^62 where c_moderate; uses_positive as in
// dy_scale): exp_mul_in_range when no lane has x < -60, |dy| >= 2^64, or,
// where the caller uses lanes with x > 0, x > 88 or |dy| < 2^-64 (zero dy
// included: one compare instead of three; NaN x passes: NaN either way; a
// caller that discards the x > 0 lanes needs neither test), else exp_mul_scaled with dy_scale (or
// exp_mul_clamped where every lane is clamped). Where several apply they give
// the same bits, so the choice per vector gives every lane exp_mul_scaled's
// result on every tier, and ordinary inputs pay one test for the rare paths.
// (|c| > 2^62, elu only, always takes exp_mul_scaled: dy c may overflow
// there, a known gap.) The rare path is out of line and the branch marked
// likely: inlined, or without the hint, GCC kept the fast path's constants in
// memory and two of its values on the stack (AVX-512 elu' and exp' 0.75-0.85x).
template <class F, class MakeV>
[[gnu::noinline]] F dy_exp_mul_rare(F dy, F x, F lo, MakeV make_v, bool c_moderate, bool uses_positive) {
    const F s = dy_scale(dy, x, uses_positive);
    const F v = make_v(dy * s);
    if (c_moderate && all(beyond_exp_mul_bounds(x, exp_mul_lower(s)))) return exp_mul_clamped(v, x);
    return exp_mul_scaled(v, x, lo, s);
}
template <class F, class MakeV>
inline F dy_exp_mul(F dy, F x, F lo, MakeV make_v, bool c_moderate, bool uses_positive) {
    auto rare = (x < F(-60.0f)) | (vabs(dy) >= F(0x1p64f));
    if (uses_positive) rare = rare | (x > F(88.0f)) | (vabs(dy) < F(0x1p-64f));
    if (__builtin_expect(c_moderate && !any(rare), 1)) return exp_mul_in_range(make_v(dy), x, lo);
    // Every lane beyond both lower clamps or discarded (x > 0), or where the
    // caller uses them beyond the upper one: exp_mul_clamped inline, as
    // dy_exp_mul_rare would give it (through the call, huge |x| ran at 0.48x of
    // ordinary input: elu' and, before the upper bound was here, exp').
    const F lowest(exp_mul_lowest);
    const auto beyond = uses_positive ? beyond_exp_mul_bounds(x, lowest) : (x > F(0.0f)) | (x <= lowest);
    if (c_moderate && all(beyond)) return exp_mul_clamped(make_v(dy * dy_scale(dy, x, uses_positive)), x);
    return dy_exp_mul_rare(dy, x, lo, make_v, c_moderate, uses_positive);
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
