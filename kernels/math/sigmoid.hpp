// v * sigmoid(z) and its derivative, for activations of the form
// f(x) = x * sigmoid(z(x)) (silu: z = beta x; gelu_tanh: z = 2 sqrt(2/pi)(x + 0.044715 x^3)),
// and dy * sigmoid(z) (softplus', logsigmoid').
//
// z comes as a double-float zh + zl: for z < 0 the result is ~ v e^z, whose
// relative error is the absolute error of z (~100 * 2^-24 if z were rounded).
// Two forms of v * sigmoid(z):
//   mul_logistic (silu, softplus', logsigmoid'): zl at most float rounding,
//     e^-|z| from exp_parts_fine (2^-26.8), a single divide (below);
//   mul_sigmoid (gelu_tanh, whose cubic z needs its low part to 2^-31):
//     e^-|z| from exp_dd (2^-31) and a double-float division, 1.8x the work.
// mul_sigmoid, with t = e^-|z| as a double-float th + tl (exp_dd) and d = 1 + t:
//   z >= 0: v sigmoid(z) = v / d
//   z <  0: v sigmoid(z) = v t / d, with t = (hi + lo) 2^k and the 2^k applied
//           last, so subnormal results keep their precision (silu(-100) = -3.7e-42).
// The quotient is a double-float division (one divide and a residual
// correction), so the result is rounded about once (forward bound 2 ULP).
#pragma once
#include <limits>

#include "kernels/math/div.hpp"
#include "kernels/math/exp.hpp"
#include "kernels/math/exp_dd.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {

// HasLo = false (every helper below): the caller's z (and w) is a float, zl = wl
// = 0, and the work on the low parts is left out (silu and silu' with beta = 1,
// the default; logsigmoid'; softplus' with beta = 1). Same bits as passing zeros.

// e^-|zh + zl| and 1 + e^-|zh + zl| as double-floats.
template <class F> struct sigmoid_parts {
    exp_dd_t<F> e;  // e^-|z| = (hi + lo) 2^k
    dd_pair<F> t;   // the same, scaled (may underflow: only added to 1)
    dd_pair<F> d;   // 1 + t
};
template <bool HasLo, class F> inline sigmoid_parts<F> sigmoid_parts_of(F zh, F zl) {
    sigmoid_parts<F> s;
    s.e = exp_dd<HasLo>(vneg(vabs(zh)), HasLo ? vselect(zh < F(0.0f), zl, vneg(zl)) : F(0.0f));
    s.t = scaled_addend(s.e);  // t only meets 1 (1 + t, 1 + w + t)
    s.d = one_plus(s.t.hi, s.t.lo);
    return s;
}

// v * sigmoid(zh + zl), with the result scaled by 2^extra_k (see mul_sigmoid).
template <bool HasLo, class F> inline F mul_sigmoid_scaled(F v, F zh, F zl, F extra_k) {
    const auto neg = zh < F(0.0f);
    const sigmoid_parts<F> s = sigmoid_parts_of<HasLo>(zh, zl);
    F vl;
    const F vh = dd_mul_f(v, s.e.hi, s.e.lo, vl);
    const F nh = vselect(neg, vh, v);
    const F nl = vselect(neg, vl, F(0.0f));
    const F q = dd_div(nh, nl, s.d.hi, s.d.lo);
    const F scaled = mul_pow2(q, vselect(neg, s.e.k, F(0.0f)) + extra_k);
    return vselect(zh < F(-200.0f), with_sign_of(F(0.0f), v), scaled);
}

// v * sigmoid(zh + zl). Below z = -200 (exp_dd's clamp) the result is a zero
// of v's sign (|v| e^-200 < 2^-160), also for v = -inf (silu(-inf) = -0).
// |v| >= 2^126 (silu of a huge x with a tiny beta, or a huge dy) is taken as
// v/4 and the result scaled by 4 (both exact): the mantissa product v hi
// (hi up to 1.42) would overflow although v sigmoid(z) does not (silu(3.3e38)
// with beta = -7.5e-39 was inf, not 2.6e37). Other lanes get the same bits
// either way, so the per-vector choice is the same on every tier.
template <bool HasLo = true, class F> inline F mul_sigmoid(F v, F zh, F zl) {
    const auto huge_v = vabs(v) >= F(0x1p126f);
    if (!any(huge_v)) return mul_sigmoid_scaled<HasLo>(v, zh, zl, F(0.0f));
    return mul_sigmoid_scaled<HasLo>(vselect(huge_v, v * F(0.25f), v), zh, zl, vselect(huge_v, F(2.0f), F(0.0f)));
}

// v * sigmoid(zh + zl) for a z whose low part is at most float rounding (|zl|
// <= 2^-16: silu's beta x, softplus's beta x, logsigmoid's -x): about 1.8x as
// fast as mul_sigmoid, which gelu_tanh needs for its z of 2^-31 (the cubic).
// t = e^-|z| = (hi + lo) 2^k from exp_parts_fine (2^-26.8 relative); the low part
// enters as e^(a + al) = e^a (1 + al) (al^2/2 < 2^-33); the quotient
// v (hi + lo) / (1 + t) or v / (1 + t) rounds once by div_refined (forward
// error about 1 ULP), and 2^k is applied last, so that products with a small
// v keep their low parts (under FTZ too) and subnormal results their precision.
// Down to z = -64 and for |v| < 2^126, 2^k is a normal float and one multiply
// (the common case). Otherwise 2^k is applied by ldexp_i, with |v| >= 2^126
// taken as v/4 and 2^(k+2) (v hi would overflow) and k below -252 (z down to
// -200) moved into q first. Lanes of the common case run the same operations
// on either path, so their bits never depend on their neighbours. Below
// z = -200 the result is a zero of v's sign (|v| e^-200 < 2^-160).
template <bool HasLo, bool MaybeLate, class F> inline F mul_logistic_path(F v, F zh, F zl, F a) {
    using I = decltype(as_i32(v));
    const auto neg = zh < F(0.0f);
    const exp_split<F> e = exp_parts_fine(a);
    // (zl clamped: beyond |z| = 200, where it can be large, t only meets 1)
    const F al = HasLo ? vclamp(vselect(neg, zl, vneg(zl)), -0x1p-10f, 0x1p-10f) : F(0.0f);
    const F lo = HasLo ? vfma(e.hi, al, e.lo) : e.lo;
    const auto late = a < F(-64.0f);
    const F s = pow2i<F>(MaybeLate ? vselect(late, I(0), e.k) : e.k);  // 2^k, or 1 in late lanes
    // t = e^a for 1 + t; in late lanes 2^k may be below the normals: pow2_addend (0 below 2^-100)
    const F st = MaybeLate ? vselect(late, pow2_addend(float_of<F>(e.k)), s) : s;
    const dd_pair<F> d = one_plus(e.hi * st, lo * st);
    const auto huge = vabs(v) >= F(0x1p126f);
    const F vs = MaybeLate ? vselect(huge, v * F(0.25f), v) : v;
    F nl;
    const F nh = two_prod(vs, e.hi, nl);
    const F q = div_refined_guarded(vselect(neg, nh, vs), vselect(neg, vfma(vs, lo, nl), F(0.0f)), d.hi, d.lo,
                                    recip_1_2(d.hi));
    const F scaled = q * vselect(neg, s, F(1.0f));
    if constexpr (!MaybeLate) return scaled;
    // late negative lanes: 2^k by ldexp_i; their zero results scale a zero (no
    // underflowing multiply: a microcode assist); elsewhere k = 0 (same value)
    const I kk = vselect(late & neg, e.k, I(0)) + vselect(huge, I(2), I(0));
    const I k2 = vmax(kk, I(-252));
    const F qz = vselect(zh < F(-200.0f), with_sign_of(F(0.0f), v), scaled);
    return ldexp_i(qz * pow2i<F>(kk - k2), k2);
}
template <bool HasLo, class F> inline F mul_logistic(F v, F zh, F zl) {
    const F a = vneg(vabs(zh));
    if (all((a >= F(-64.0f)) & (vabs(v) < F(0x1p126f)))) return mul_logistic_path<HasLo, false>(v, zh, zl, a);
    return mul_logistic_path<HasLo, true>(v, zh, zl, vmax(F(-200.0f), a));  // NaN passes (second operand)
}

// dy * sigmoid(zh + zl) for a derivative (softplus', logsigmoid'): as
// mul_logistic, but dy = +-inf stays infinite wherever z > -inf (sigmoid > 0
// there, also below z = -200 where mul_logistic gives the zero).
template <bool HasLo, class F> inline F mul_logistic_dy(F dy, F zh, F zl) {
    const F inf = F(std::numeric_limits<float>::infinity());
    return vselect((vabs(dy) == inf) & (zh > vneg(inf)), dy, mul_logistic<HasLo>(dy, zh, zl));
}

// dy * d/dx [x sigmoid(z(x))] = dy * s (1 + w (1 - s)), s = sigmoid(z), w = x z'(x)
// given as wh + wl:
//   z >= 0: dy (1 + t + w t) / (1 + t)^2       (all terms >= 0: w >= 0 there)
//   z <  0: dy t ((1 + w) + t) / (1 + t)^2,    t = (hi + lo) 2^k, 2^k applied last.
// Numerator, square and quotient stay double-floats and dy is multiplied in
// by one FMA, so the result is rounded once (before, dy * num, num, the square
// and the quotient were each rounded: silu' reached 4.005 ULP for dy != 1).
// f' has an interior zero where 1 + w + t = 0 (z < 0); that sum is formed in
// double-float (two-sums of exact-ish terms) so it cancels without losing the
// low bits of w and t; still, right at the zero the error of t (2^-31) dominates,
// so the caller passes the sum from a local expansion (z - z0) R(z - z0) where
// `near` is set. w is clamped to +-2^64 so that w t is never inf * 0.
template <bool HasLo = true, class F, class M>
inline F mul_sigmoid_grad(F dy, F zh, F zl, F wh, F wl, M near, F near_sum) {
    const auto neg = zh < F(0.0f);
    const sigmoid_parts<F> s = sigmoid_parts_of<HasLo>(zh, zl);
    const F wc = vclamp(wh, -0x1p64f, 0x1p64f);
    const F wlc = HasLo ? vselect(vabs(wh) < F(0x1p64f), wl, F(0.0f)) : F(0.0f);
    // z < 0: (hi + lo) (1 + w + t)
    F e1, e2;
    const F s1 = two_sum(F(1.0f), wc, e1);
    const F s2 = two_sum(s1, s.t.hi, e2);
    const F sum_hi = vselect(near, near_sum, s2);
    const F sum_lo = vselect(near, F(0.0f), (HasLo ? (e1 + e2) + wlc : e1 + e2) + s.t.lo);
    F neg_lo;
    const F neg_hi = dd_mul(s.e.hi, s.e.lo, sum_hi, sum_lo, neg_lo);
    // z >= 0: (1 + t) + w t; w t <= 3/e < 2 (w <= 3z for gelu_tanh, = z for silu),
    // so 1 + t >= 1 has the larger exponent and the fast two-sum is exact.
    F wt_lo, pos_err;
    const F wt = two_prod(wc, s.t.hi, wt_lo);
    const F pos_hi = fast_two_sum(s.d.hi, wt, pos_err);
    const F pos_lo = pos_err + (s.d.lo + (wt_lo + (HasLo ? vfma(wc, s.t.lo, wlc * s.t.hi) : wc * s.t.lo)));
    const dd_pair<F> d2 = dd_square(s.d.hi, s.d.lo);
    const dd_pair<F> q = dd_quotient(vselect(neg, neg_hi, pos_hi), vselect(neg, neg_lo, pos_lo), d2.hi, d2.lo);
    const F v = mul_dd_rn(dy, q.hi, q.lo);
    // Below z = -200 (exp_dd's clamp) |f'| <= e^-200 (1 + 3|z|) < 2^-280, so a
    // finite dy gives v's zero, as the scaling would; but scaling v by 2^k there
    // would round into the subnormals, a microcode assist per multiply (silu'
    // of huge negative x ran at 0.32x): such lanes scale v's zero instead. The
    // test is a branch: a select cost ordinary input 8-10%. Same bits either way.
    const F k = vselect(neg, s.e.k, F(0.0f));
    const auto clamped = zh < F(-200.0f);
    if (!any(clamped)) return mul_pow2(v, k);
    const auto vanishing = clamped & (vabs(v) < F(std::numeric_limits<float>::infinity()));
    return mul_pow2(vselect(vanishing, with_sign_of(F(0.0f), v), v), k);
}

// dy * c t / (1 + t)^2 with t = e^u, u <= 0: the float-precision logistic
// derivative of act::sigmoid (c = 1, u = -|x|) and act::tanh (c = 4, u = -2|x|).
// t from exp_parts (2^-24.4), 1 + t and its square kept unrounded, div_refined
// (about 0.5 ULP where rounding t, 1 + t and the quotient separately costs ~4),
// t's power of two 2^k applied last so that a subnormal t keeps its precision.
// (Not the same rounding as mul_sigmoid_grad above: that one is for the
// double-float z of silu/gelu_tanh and the interior zero of their f'.)
template <class F> inline F mul_logistic_grad(F dy, F u, F c) {
    const exp_split<F> e = exp_parts</*UpTo89=*/true>(u);
    const dd_pair<F> t = exp_scaled(u, e);
    const dd_pair<F> d = one_plus(t.hi, t.lo);
    const dd_pair<F> dd = dd_square(d.hi, d.lo);
    const F r = recip_1_2(d.hi);
    // u < -150: exp_parts gives t = 0, and an infinite dy would meet 0 (NaN);
    // 2^-100 instead keeps dy = +-inf infinite, and finite dy still rounds to
    // the same zero (k = -216 there: |dy 2^-98| 2^-216 < 2^-150)
    return ldexp_i(dy * div_refined(c * vmax(F(0x1p-100f), e.hi), c * e.lo, dd.hi, dd.lo, r * r), e.k);
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
