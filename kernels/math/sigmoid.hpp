// v * sigmoid(z) and the derivative of x * sigmoid(z(x)), for silu (z = beta x),
// gelu_tanh (z = 2 sqrt(2/pi) (x + 0.044715 x^3)), softplus' and logsigmoid'
// (dy * sigmoid(z)); and the logistic derivative of sigmoid and tanh.
//
// z comes as a double-float zh + zl: for z < 0 the result is ~ v e^z, whose
// relative error is the absolute error of z (~100 * 2^-24 if z were rounded).
// zl is at most z's float rounding (|zl| <= 2^-16 where it matters): beta x by
// an FMA residue, -x, gelu_tanh's cubic evaluated in double-float.
// t = e^-|z| = (hi + lo) 2^k from exp_parts_fine (2^-26.8 relative); the low
// part enters as e^(a + al) = e^a (1 + al) (al^2/2 < 2^-33). Products are formed
// on the mantissa hi + lo and 2^k is applied last, so that products with a
// small v or dy keep their low parts (under FTZ too) and subnormal results
// their precision (silu(-100) = -3.7e-42).
// Down to z = -64, 2^k is a normal float and one multiply (the common case).
// Otherwise ("late" lanes) 2^k is applied by ldexp_i, k below -252 (z down to
// -200) moved into the result first. Lanes of the common case run the same
// operations on either path, so their bits never depend on their neighbours.
// (Before: e^-|z| from exp_dd to 2^-31, double-float divisions and three-factor
// scaling for every lane. Now silu is 1.5x / 1.26x as fast, softplus' and
// logsigmoid' 1.5x, gelu_tanh 1.2x / 1.1x; forward maxima over all 2^32 inputs
// rose by about 0.02 ULP, to 0.77-0.78.)
#pragma once
#include <limits>

#include "kernels/math/div.hpp"
#include "kernels/math/exp.hpp"
#include "kernels/math/exp_dd.hpp"  // pow2_addend

namespace simdact {
namespace SIMDACT_TIER_NS {

// HasLo = false (every helper below): the caller's z (and w) is a float, zl = wl
// = 0, and the work on the low parts is left out (silu and silu' with beta = 1,
// the default; logsigmoid'; softplus' with beta = 1). Same bits as passing zeros.

template <class F> struct logistic_parts {
    F hi, lo;                   // t's mantissa, lo within an ULP of hi
    decltype(as_i32(F())) k;    // t = (hi + lo) 2^k
    F s;                        // 2^k, or 1 in late lanes
    dd_pair<F> t;               // t for sums with 1 (0 below 2^-100)
    dd_pair<F> d;               // 1 + t
};
// From e = exp_parts_fine(a).
template <bool HasLo, bool MaybeLate, class F, class M>
inline logistic_parts<F> logistic_parts_of(const exp_split<F>& e, F zl, M neg, M late) {
    logistic_parts<F> p;
    p.hi = e.hi, p.lo = e.lo, p.k = e.k;
    if constexpr (HasLo) {
        // e^a (1 + al), renormalized: div_refined wants lo within an ULP of hi
        // (hi al is up to 2^-16 hi, and its correction uses a 2^-8 reciprocal);
        // al clamped: beyond |z| = 200, where it can be large, t only meets 1
        const F al = vclamp(vselect(neg, zl, vneg(zl)), -0x1p-10f, 0x1p-10f);
        p.hi = fast_two_sum(e.hi, vfma(e.hi, al, e.lo), p.lo);
    }
    const late_scales<F> sc = late_scales_of<MaybeLate>(e, late);
    p.s = sc.s;
    p.t = {p.hi * sc.st, p.lo * sc.st};
    p.d = one_plus(p.t.hi, p.t.lo);
    return p;
}

// v * sigmoid(zh + zl): v (hi + lo) / (1 + t) for z < 0, v / (1 + t) for z >= 0,
// rounded once by div_refined (forward error below 0.78 ULP). |v| >= 2^126
// (v hi would overflow) also takes the late path: v/4 and 2^(k+2). Below
// z = -200 the result is a zero of v's sign (|v| e^-200 < 2^-160).
// e = exp_parts_fine(a).
template <bool HasLo, bool MaybeLate, class F>
inline F mul_logistic_path(F v, F zh, F zl, F a, const exp_split<F>& e) {
    using I = decltype(as_i32(v));
    const auto neg = zh < F(0.0f);
    const auto late = a < F(-64.0f);
    const logistic_parts<F> p = logistic_parts_of<HasLo, MaybeLate>(e, zl, neg, late);
    const auto huge = vabs(v) >= F(0x1p126f);
    const F vs = MaybeLate ? vselect(huge, v * F(0.25f), v) : v;
    F nl;
    const F nh = two_prod(vs, p.hi, nl);
    const F q = div_refined_guarded(vselect(neg, nh, vs), vselect(neg, vfma(vs, p.lo, nl), F(0.0f)), p.d.hi,
                                    p.d.lo, recip_1_2(p.d.hi));
    const F scaled = q * vselect(neg, p.s, F(1.0f));
    if constexpr (!MaybeLate) return scaled;
    // late negative lanes: 2^k by ldexp_i; their zero results scale a zero (no
    // underflowing multiply: a microcode assist); elsewhere k = 0 (same value)
    const I kk = vselect(late & neg, p.k, I(0)) + vselect(huge, I(2), I(0));
    return ldexp_below(vselect(zh < F(-200.0f), with_sign_of(F(0.0f), v), scaled), kk);
}
// Every lane beyond |z| = 200 (huge input: silu at |x| > 1e30 ran at 0.49x of
// ordinary input through the late path): the path's results without it, v for
// z > 200 (v / (1 + t) with t < 2^-288) and a zero of v's sign below -200;
// NaN z gives NaN, so mul_logistic sends all-NaN vectors here too (4-7x: silu
// forward's NaN input ran at 0.64x of ordinary through the late path).
template <class F> inline F mul_logistic_far(F v, F zh) {
    return vselect(zh == zh, vselect(zh > F(0.0f), v, with_sign_of(F(0.0f), v)), zh);
}
// In two stages, so that the loops can pipeline them (kernels/loops.hpp): the
// head forms e^a's parts, the tail the rest (silu and gelu_tanh forward). The
// head's a is held at -64 and above, so that vectors off the common path
// (whose tail starts again from a) cost no exp of a huge argument; it forms
// e^a unconditionally: a head that formed it under the test kept its state on
// the stack (silu forward 0.6x).
template <class F> struct logistic_stage {
    F v, zh, zl, a;
    exp_split<F> e;  // exp_parts_fine(max(a, -64)): e^a's parts where fast
    bool fast;       // every lane on the common path: a >= -64 and |v| < 2^126
};
template <class F> inline logistic_stage<F> mul_logistic_head(F v, F zh, F zl) {
    const F a = vneg_abs(zh);
    const bool fast = all((a >= F(-64.0f)) & (vabs(v) < F(0x1p126f)));
    return {v, zh, zl, a, exp_parts_fine(vmax(F(-64.0f), a)), fast};
}
// A vector off the common path: all far or NaN, else the late path.
template <bool HasLo, class F> inline F mul_logistic_off_path(F v, F zh, F zl, F a) {
    if (all(~(a >= F(-200.0f)))) return mul_logistic_far(v, zh);  // all far or NaN
    const F ac = vmax(F(-200.0f), a);  // NaN passes (second operand)
    return mul_logistic_path<HasLo, true>(v, zh, zl, ac, exp_parts_fine(ac));
}
template <bool HasLo, class F> inline F mul_logistic_tail(const logistic_stage<F>& s) {
    if (__builtin_expect(s.fast, 1)) return mul_logistic_path<HasLo, false>(s.v, s.zh, s.zl, s.a, s.e);
    return mul_logistic_off_path<HasLo>(s.v, s.zh, s.zl, s.a);
}
// In one piece (the callers that are not pipelined: the test comes first, so a
// vector off the common path forms no e^a it would not use; the stages cost
// softplus' 3% this way). Same operations on each path, so the same bits.
template <bool HasLo, class F> inline F mul_logistic(F v, F zh, F zl) {
    const F a = vneg_abs(zh);
    if (all((a >= F(-64.0f)) & (vabs(v) < F(0x1p126f))))
        return mul_logistic_path<HasLo, false>(v, zh, zl, a, exp_parts_fine(a));
    return mul_logistic_off_path<HasLo>(v, zh, zl, a);
}

// dy * sigmoid(zh + zl) for a derivative (softplus', logsigmoid'): as
// mul_logistic, but dy = +-inf stays infinite wherever z > -inf (sigmoid > 0
// there, also below z = -200 where mul_logistic gives the zero).
template <bool HasLo, class F> inline F mul_logistic_dy(F dy, F zh, F zl) {
    const F inf = F(std::numeric_limits<float>::infinity());
    return vselect((vabs(dy) == inf) & (zh > vneg(inf)), dy, mul_logistic<HasLo>(dy, zh, zl));
}

// dy * d/dx [x sigmoid(z(x))] = dy * s (1 + w (1 - s)), s = sigmoid(z), w = x z'(x)
// given as wh + wl (silu', gelu_tanh'):
//   z >= 0: dy (1 + t + w t) / (1 + t)^2       (all terms >= 0: w >= 0 there)
//   z <  0: dy t ((1 + w) + t) / (1 + t)^2,    t = (hi + lo) 2^k, 2^k applied last.
// Numerator, square and quotient stay double-floats and dy is multiplied in
// by one FMA, so the result is rounded once (rounding dy * num, num, the square
// and the quotient each: silu' reached 4.005 ULP for dy != 1).
// f' has an interior zero where 1 + w + t = 0 (z < 0); that sum is formed in
// double-float (two-sums of exact-ish terms) so it cancels without losing the
// low bits of w and t; still, near the zero the error of t dominates, so the
// caller passes the sum from a local expansion (z - z0) R(z - z0) where `near`
// is set (|z - z0| < 0.06 for silu; outside, 1 + w + t is >= 1/4 of t, so t's
// 2^-26.8 costs at most 2^-24.8 of the result). w is clamped to +-2^64 so that
// w t is never inf * 0. Below z = -200 |f'| <= e^-200 (1 + 3|z|) < 2^-280: a
// finite dy gives a zero of v's sign, scaled as a zero (scaling v there would
// round into the subnormals, a microcode assist per multiply: silu' of huge
// negative x ran at 0.32x). The common case also needs |dy| < 2^60 (there
// dy q < 2^69); before, dy above 2^64 could give inf where dy f' is finite.
template <bool HasLo, bool MaybeLate, class F, class M>
inline F mul_x_logistic_grad_path(F dy, F zh, F zl, F wh, F wl, M near, F near_sum, F a) {
    using I = decltype(as_i32(dy));
    const auto neg = zh < F(0.0f);
    const auto late = a < F(-64.0f);
    const logistic_parts<F> p = logistic_parts_of<HasLo, MaybeLate>(exp_parts_fine(a), zl, neg, late);
    const F wc = vclamp(wh, -0x1p64f, 0x1p64f);
    const F wlc = HasLo ? vselect(vabs(wh) < F(0x1p64f), wl, F(0.0f)) : F(0.0f);
    // z < 0: (hi + lo) (1 + w + t)
    F e1, e2;
    const F s1 = two_sum(F(1.0f), wc, e1);
    const F s2 = two_sum(s1, p.t.hi, e2);
    const F sum_hi = vselect(near, near_sum, s2);
    const F sum_lo = vselect(near, F(0.0f), (HasLo ? (e1 + e2) + wlc : e1 + e2) + p.t.lo);
    F neg_lo;
    const F neg_hi = dd_mul(p.hi, p.lo, sum_hi, sum_lo, neg_lo);
    // z >= 0: (1 + t) + w t (w t < 2 <= 1 + t's exponent: the fast two-sum is exact)
    F wt_lo, pos_err;
    const F wt = two_prod(wc, p.t.hi, wt_lo);
    const F pos_hi = fast_two_sum(p.d.hi, wt, pos_err);
    const F pos_lo = pos_err + (p.d.lo + (wt_lo + (HasLo ? vfma(wc, p.t.lo, wlc * p.t.hi) : wc * p.t.lo)));
    const dd_pair<F> d2 = dd_square(p.d.hi, p.d.lo);
    const dd_pair<F> q = dd_quotient(vselect(neg, neg_hi, pos_hi), vselect(neg, neg_lo, pos_lo), d2.hi, d2.lo);
    if constexpr (!MaybeLate) return mul_dd_rn(dy, q.hi, q.lo) * vselect(neg, p.s, F(1.0f));
    // |dy| >= 2^60 (dy q could overflow: q is up to 2^65 where w is clamped)
    // is taken as dy 2^-100 and 2^(k+100); 2^k of late or huge lanes by ldexp_i
    const auto huge = vabs(dy) >= F(0x1p60f);
    const F v = mul_dd_rn(vselect(huge, dy * F(0x1p-100f), dy), q.hi, q.lo) *
                vselect(neg & ~(late | huge), p.s, F(1.0f));
    const auto vanishing = (zh < F(-200.0f)) & (vabs(v) < F(std::numeric_limits<float>::infinity()));
    const I kk = vselect(neg & (late | huge), p.k, I(0)) + vselect(huge, I(100), I(0));
    return ldexp_below(vselect(vanishing, with_sign_of(F(0.0f), v), v), kk);
}
template <bool HasLo = true, class F, class M>
inline F mul_x_logistic_grad(F dy, F zh, F zl, F wh, F wl, M near, F near_sum) {
    const F a = vneg_abs(zh);
    if (all((a >= F(-64.0f)) & (vabs(dy) < F(0x1p60f))))
        return mul_x_logistic_grad_path<HasLo, false>(dy, zh, zl, wh, wl, near, near_sum, a);
    return mul_x_logistic_grad_path<HasLo, true>(dy, zh, zl, wh, wl, near, near_sum, vmax(F(-200.0f), a));
}

// (nh + nl) / (1 + th + tl)^2 rounded once: mul_logistic_grad's quotient.
template <class F> inline F over_one_plus_squared(F nh, F nl, F th, F tl) {
    const dd_pair<F> d = one_plus(th, tl);
    const dd_pair<F> dd = dd_square(d.hi, d.lo);
    const F r = recip_1_2(d.hi);
    return div_refined(nh, nl, dd.hi, dd.lo, r * r);
}

// dy * c t / (1 + t)^2 with t = e^u, u <= 0: the float-precision logistic
// derivative of act::sigmoid (c = 1, u = -|x|) and act::tanh (c = 4, u = -2|x|).
// t from exp_parts (2^-24.4), 1 + t and its square kept unrounded, div_refined
// (about 0.5 ULP where rounding t, 1 + t and the quotient separately costs ~4),
// t's power of two 2^k applied last so that a subnormal t keeps its precision.
// (Not the same rounding as mul_sigmoid_grad above: that one is for the
// double-float z of silu/gelu_tanh and the interior zero of their f'.)
// A vector with every u in [-87, 0] (2^k normal) skips exp_parts' clamp and
// zeroing, and scales by one multiply (sigmoid' and tanh' 1.1-1.2x); one with
// every u below -150 (huge |x|) or NaN takes the results directly (all-huge
// input 6x, all-NaN 5x; 0.56x and 0.62x of ordinary input before); the others
// clamp and scale by ldexp_once, which rounds the same way (once, also into
// the subnormals). Below: those other vectors (some u below -87, or NaN), then
// the two stages.
template <class F> inline F logistic_grad_rare(F dy, F u, F c) {
    // Every lane below -150 (huge |x|) or NaN: what the path below gives
    // there, a zero of dy's sign (dy itself for an infinite or NaN dy), and NaN.
    if (all(~(u >= F(-150.0f)))) {
        const F far = vselect(vabs(dy) < F(std::numeric_limits<float>::infinity()), with_sign_of(F(0.0f), dy), dy);
        return vselect(u == u, far, u);
    }
    const exp_split<F> e = exp_parts</*UpTo89=*/true>(u);
    const dd_pair<F> t = exp_scaled(u, e);
    // u < -150: exp_parts gives t = 0, and an infinite dy would meet 0 (NaN);
    // 2^-100 instead keeps dy = +-inf infinite, and finite dy still rounds to
    // the same zero (k = -216 there: |dy 2^-98| 2^-216 < 2^-150)
    return ldexp_once(dy * over_one_plus_squared(c * vmax(F(0x1p-100f), e.hi), c * e.lo, t.hi, t.lo), e.k);
}
// In two stages, so that the backward loop can pipeline them (kernels/loops.hpp):
// the head forms e^u's parts, the tail the quotient; mul_logistic_grad is the
// tail of the head (one definition, so the same bits either way).
template <class F> struct logistic_grad_stage {
    F dy, u;
    F hi, lo, s;  // e^u = (hi + lo) s, set where fast
    bool fast;    // every u in [-87, 0]
};
template <class F> inline logistic_grad_stage<F> logistic_grad_head(F dy, F u) {
    logistic_grad_stage<F> g{dy, u, F(0.0f), F(0.0f), F(0.0f), all(u >= F(-87.0f))};
    if (__builtin_expect(g.fast, 1)) {
        const exp_split<F> e = exp_parts_in_range(u);
        g.hi = e.hi, g.lo = e.lo, g.s = pow2_of_biased(e.ks);
    }
    return g;
}
template <class F> inline F logistic_grad_tail(const logistic_grad_stage<F>& g, F c) {
    if (__builtin_expect(g.fast, 1))
        return (g.dy * over_one_plus_squared(c * g.hi, c * g.lo, g.hi * g.s, g.lo * g.s)) * g.s;
    return logistic_grad_rare(g.dy, g.u, c);
}
template <class F> inline F mul_logistic_grad(F dy, F u, F c) { return logistic_grad_tail(logistic_grad_head(dy, u), c); }

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
