// erfc for a double-float argument z = zh + zl, as a double-float mantissa and
// a power of two: erfc(z) = (hi + lo) 2^k. The argument is a double-float
// because erfc(z) ~ e^-z^2 turns an argument error dz into a relative error
// 2 z dz: callers like gelu (z = -x/sqrt2) must pass z to better than float.
// The exponent is separate so that a caller can multiply by x (and dy) first and
// round once, down to subnormal results (gelu(-14) = -1.1e-43).
//
// Pieces (with a = |z|):
//   a < 0.5:  erfc(z) = 1 - z E(z^2), E(y) = erf(sqrt y)/sqrt y = c0 + y E1(y),
//             c0 = 2/sqrt(pi) split in two floats, E1 a degree-4 fit on [0, 1/4].
//   a >= 0.5: erfc(a) = e^-a^2 erfcx(a) with erfcx(a) = e^a^2 erfc(a):
//             [0.5, 2): a degree-11 fit in s = a - 1.25;
//             [2, 12]:  a erfcx(a) = P(1/a), a degree-10 fit in u = 1/a on
//             [1/12, 1/2] (beyond 12, erfc underflows even after scaling by
//             2^64; the fit is clamped there);
//             e^-a^2 from exp_dd with a^2 exact as a double-float.
//   z <= -0.5: erfc(z) = 2 - erfc(a).
// All fits are sollya fpminimax (float coefficients, the constant term a double
// split in two floats), relative errors 2^-29 (E1, relative to E: 2^-32),
// 2^-30.8 and 2^-34.6.
#pragma once
#include "kernels/math/exp_dd.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {

// e^-(zh + zl)^2 as exp_dd parts.
template <class F> inline exp_dd_t<F> exp_neg_sq(F zh, F zl) {
    const dd_pair<F> s = dd_square(zh, zl);
    return exp_dd(vneg(s.hi), vneg(s.lo));
}

// erfcx(a) = e^(a^2) erfc(a) for a = ah + al >= 0.5, as hi + lo.
template <class F> inline F erfcx_dd(F ah, F al, F& lo) {
    // [0.5, 2): s = a - 1.25 is exact; al enters through erfcx' = 2a erfcx - 2/sqrt(pi).
    const F s = ah - F(1.25f);
    const F qa = horner(s, F(-0x1.35e2c0p-16f), 0x1.0b59e4p-14f, -0x1.57faccp-13f, 0x1.eaa7fep-12f,
                       -0x1.5b3ac0p-10f, 0x1.d1eeccp-9f, -0x1.29998ap-7f, 0x1.68a184p-6f, -0x1.9b6340p-5f,
                       0x1.b56f48p-4f);
    // the last two Horner steps in double-float: s Q(s) is not small at the ends
    F e1, ea, tl;
    const F qh = two_sum(F(-0x1.abaacep-3f), s * qa, e1);
    const F th = dd_mul(s, F(0.0f), qh, e1, tl);
    const F pah = two_sum(F(0x1.78a692p-2f), th, ea);
    const F deriv = vfma(ah + ah, pah, F(-0x1.20dd76p+0f));
    const F pal = (ea + tl) + vfma(al, deriv, F(0x1.331078p-30f));

    // [2, 12]: erfcx = P(u) / a, u = 1/a; the quotient as a double-float.
    const F ac = vmin(F(12.0f), ah);
    const F alc = vselect(ah <= F(12.0f), al, F(0.0f));
    const F u = vdiv(F(1.0f), ac);
    const F qb = horner(u, F(-0x1.c251f8p-1f), 0x1.c1a7f4p+1f, -0x1.87fa90p+2f, 0x1.79a844p+2f, -0x1.8b2674p+1f,
                       0x1.d675fap-2f, 0x1.68bfb0p-2f, 0x1.e3465ep-8f, -0x1.215f36p-2f, 0x1.439e44p-16f);
    F eb;
    const F pbh = two_sum(F(0x1.20dd6ap-1f), u * qb, eb);
    const F pbl = eb + F(-0x1.26beeap-29f);
    const F q1 = pbh * u;
    const F res = vfnma(q1, ac, pbh) + (pbl - q1 * alc);

    const auto in_a = ah < F(2.0f);
    lo = vselect(in_a, pal, res * u);
    return vselect(in_a, pah, q1);
}

// erfc(z) for |z| < 0.5 as hi + lo (in [0.47, 1.53]).
template <class F> inline F erfc_small_dd(F zh, F zl, F& lo) {
    F yl;
    const F yh = two_prod(zh, zh, yl);
    const F e1 = horner(yh, F(-0x1.7550c2p-11f), 0x1.52b732p-8f, -0x1.b80766p-6f, 0x1.ce2e88p-4f, -0x1.812746p-2f);
    const F tail = vfma(yh, e1, F(-0x1.f7ac92p-25f));
    F e;
    const F eh = two_sum(F(0x1.20dd76p+0f), tail, e);
    const F el = vfma(yl, e1, e);
    F ml;
    const F mh = dd_mul(zh, zl, eh, el, ml);
    const F rh = two_sum(F(1.0f), vneg(mh), e);
    lo = e - ml;
    return rh;
}

template <class F> struct erfc_dd_t {
    F hi, lo;  // erfc(z) = (hi + lo) 2^k
    F k;
};

// The expensive pieces of erfc(z) for |z| >= 0.5, kept for callers that need
// them again (gelu' uses erfcx(|z|) and e^-z^2 itself).
template <class F> struct erfc_tail_parts {
    F ph, pl;        // erfcx(|z|) as hi + lo
    exp_dd_t<F> e;   // e^-z^2
};
template <class F> inline erfc_tail_parts<F> erfc_tail_parts_of(F zh, F zl) {
    const F a = vmin(F(30.0f), vabs(zh));  // erfc(30) = 0 in every scaling; NaN passes
    const F al = vselect(zh < F(0.0f), vneg(zl), zl);
    erfc_tail_parts<F> t;
    t.ph = erfcx_dd(a, al, t.pl);
    t.e = exp_neg_sq(a, al);
    return t;
}

// erfc(zh + zl) from its tail parts (for the same zh + zl).
template <class F> inline erfc_dd_t<F> erfc_dd(F zh, F zl, const erfc_tail_parts<F>& t) {
    F sl, ml;
    const F mh = dd_mul(t.ph, t.pl, t.e.hi, t.e.lo, ml);  // erfc(|z|) = (mh + ml) 2^k
    // z <= -0.5: 2 - erfc(|z|), erfc(|z|) <= 0.48 only added to 2, so scaled
    // by pow2_addend (mh >= erfcx(30) 0.70 > 0.013: mh 2^k is exact)
    const F p2k = pow2_addend(t.e.k);
    F err;
    const F nh = two_sum(F(2.0f), vneg(mh * p2k), err);
    const F nl = err - ml * p2k;
    const F sh = erfc_small_dd(zh, zl, sl);

    const auto small = vabs(zh) < F(0.5f);
    const auto neg = zh < F(0.0f);
    erfc_dd_t<F> r;
    r.hi = vselect(small, sh, vselect(neg, nh, mh));
    r.lo = vselect(small, sl, vselect(neg, nl, ml));
    r.k = vselect(small | neg, F(0.0f), t.e.k);
    return r;
}

// erfc(zh + zl) for every float pair (NaN -> NaN, +inf -> 0, -inf -> 2).
template <class F> inline erfc_dd_t<F> erfc_dd(F zh, F zl) { return erfc_dd(zh, zl, erfc_tail_parts_of(zh, zl)); }

// erfc(x) rounded to float.
template <class F> inline F erfc_f32(F x) {
    const erfc_dd_t<F> r = erfc_dd(x, F(0.0f));
    return mul_pow2(r.hi + r.lo, r.k);
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
