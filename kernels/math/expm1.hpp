// e^x - 1 (expm1_f32) and dy * e^x scaled last (exp_mul), on one reduction
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
};

// e^(x + lo) = (1 + p) * 2^k for x clamped to [lower, 175] (beyond, the factor
// is 0 or inf for any |dy| < 2^100); |lo| must be below ulp(x) (and finite).
// ZeroNearZero = false (exp_mul: e^x itself, no e^x - 1 to keep from
// cancelling): k = round(x / ln2) everywhere, three operations fewer; r is
// still exact (0.35 < |x| < 1/2: x and ln2_hi are multiples of 2^-25) and
// |rr| < 0.35, inside q's interval.
template <bool ZeroNearZero = true, class F>
inline expm1_split<F> expm1_parts(F x, F lo, F lower = F(-175.0f)) {
    const F xc = vmin(F(175.0f), vmax(lower, x));  // NaN passes (second operand)
    const F k = ZeroNearZero ? vselect(vabs(x) < F(0.5f), F(0.0f), nearest_int(xc, log2e)) : nearest_int(xc, log2e);
    const F r = vfma(k, F(-ln2_hi), xc);  // exact
    const F c = vfma(k, F(-ln2_lo), lo);  // -k * (ln2 - ln2_hi) + lo
    const F rr = r + c;
    const F q = horner(rr, F(0x1.a3b1c2p-13f), 0x1.6f1bcp-10f, 0x1.110e44p-7f, 0x1.555204p-5f, 0x1.555558p-3f,
                       0x1.000002p-1f);
    const F t = vfma(rr * rr, q, c);
    return {r + t, r, t, int_of(k)};
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
    const F s = pow2i<F>(e.k - I(1));  // valid where used (x <= 20: k <= 29)
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

// v * e^(x + lo) = v (1 + p) 2^k: m = v (1 + p) rounded once, then scaled by 2^k,
// so a subnormal e^x times a large v keeps its precision. Where 2^k is a normal
// float (k in [-126, 127]) the scaling is one multiply, so m 2^k is rounded
// once, also into the subnormals. A vector with no x outside [-60, 88] takes
// just that; others exp_scale_slow: what rounds to zero made a zero first (no
// microcode assist), then ldexp_once, which gives the lanes with k in
// [-126, 127] the same one multiply (their bits never depend on their
// neighbours). (Before, every lane took ldexp_i's two factors: 1.1-1.3x
// slower, and a tiny dy could be rounded twice.)
// NaN lanes may take either path: NaN both ways.
template <class F> inline bool exp_scale_fast(F x) { return !any((x < F(-60.0f)) | (x > F(88.0f))); }
template <class F, class I> inline F exp_scale_slow(F m, I k) { return ldexp_once(flush_to_zero_below(m, k), k); }
template <class F> inline F exp_mul(F v, F x, F lo) {
    const expm1_split<F> e = expm1_parts</*ZeroNearZero=*/false>(x, lo);
    const F m = vfma(v, e.p, v);
    if (exp_scale_fast(x)) return m * pow2i<F>(e.k);
    return exp_scale_slow(m, e.k);
}
template <class F> inline F exp_mul(F v, F x) { return exp_mul(v, x, F(0.0f)); }

// Backward forms dy * c * e^x (elu, selu, celu, exp): for x < 0 and a huge dy,
// dy c (1 + p) can overflow although the result does not. dy_scale gives 2^-64
// for such lanes (|dy| >= 2^64, x < 0), else 1; the caller multiplies dy by it
// (exact) and exp_mul_scaled puts the 2^64 back into 2^k (k <= 0 there), so the
// bits equal the plain formula's wherever that one does not overflow.
template <class F> inline F dy_scale(F dy, F x) {
    return vselect((vabs(dy) >= F(0x1p64f)) & (x < F(0.0f)), F(0x1p-64f), F(1.0f));
}
// v * e^(x + lo) as exp_mul, with the scale from dy_scale undone. An infinite v
// (dy = +-inf, or dy alpha beyond float range) gives v (1 + p > 0) instead of the
// FMA's inf - inf, and at x = -inf the limit: a zero of v's sign.
// Scaled lanes clamp x at -219 instead of -175: k + 64 stays >= -252, and
// |v| < 2^66 times e^-219 (< 2^-315) is still 0.
template <class F> inline F exp_mul_scaled(F v, F x, F lo, F scale) {
    const auto scaled = scale < F(1.0f);
    const expm1_split<F> e = expm1_parts</*ZeroNearZero=*/false>(x, lo, vselect(scaled, F(-219.0f), F(-175.0f)));
    const F inf(std::numeric_limits<float>::infinity());
    const F v_inf = vselect(x == vneg(inf), with_sign_of(F(0.0f), v), v);
    const F m = vselect((vabs(v) == inf) & (x == x), v_inf, vfma(v, e.p, v));  // NaN x: NaN
    return exp_scale_slow(m, e.k + int_of(vselect(scaled, F(64.0f), F(0.0f))));
}

// make_v(dy) * e^(x + lo) for the backward of elu, selu, celu, exp (make_v(d) = d
// times their constant c, |c| <= 2^62 where c_moderate): exp_mul when every lane
// has |dy| < 2^64 (then |make_v(dy)| < 2^127, nothing overflows early), else
// exp_mul_scaled with dy_scale. Where |dy| < 2^64 both give the same bits, so the
// choice per vector gives every lane exp_mul_scaled's result on every tier, and
// ordinary inputs pay one compare for the rare path.
template <class F, class MakeV> inline F dy_exp_mul(F dy, F x, F lo, MakeV make_v, bool c_moderate = true) {
    if (c_moderate && all(vabs(dy) < F(0x1p64f))) return exp_mul(make_v(dy), x, lo);
    const F s = dy_scale(dy, x);
    return exp_mul_scaled(make_v(dy * s), x, lo, s);
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
