// erfc(a) for a >= 0 given to better than float (a = ah + al), as
// erfc(a) = erfcx(a) e^-a^2 with erfcx(a) = e^(a^2) erfc(a) a double-float and
// e^-a^2 = (hi + lo) 2^k (exp_neg_sq: exp_fine_reduced, 2^-26.8). The argument is a double-float because
// e^-a^2 turns an argument error da into a relative error 2 a da: callers like
// gelu (a = |x|/sqrt2) must pass a to better than float. The exponent stays
// apart so that a caller can multiply by x (and dy) first and round once, down
// to subnormal results (gelu(-14) = -1.1e-43). Negative arguments are the
// caller's business (gelu uses Phi(x) = 1 - erfc(|x|/sqrt2)/2 for x >= 0).
//
// erfcx on all of [0, 12] is one fit, no branches:
//   t = 1/(2 + a), P(t) = (2 + a) erfcx(a) = 1/sqrt(pi) (1 + 2/a + ...) at large a,
//   so erfcx(a) = P(t) t, P a degree-11 polynomial in w = t - 9/32 (sollya
//   fpminimax, float coefficients, the constant a double split in two floats,
//   relative error 2^-30.3 on t in [1/14, 1/2]).
//   The division is rounded, so P is evaluated at a t' near 1/(2 + a), and the
//   result is erfcx(a') for a' = 1/t' - 2 exactly (up to P's error). a - a' is
//   known exactly from the division's FMA residue and the rounding errors of
//   2 + a and t - 9/32, and one Taylor term erfcx' = 2 a erfcx - 2/sqrt(pi)
//   moves the result back to a. The last three Horner steps are double-float:
//   P falls from 2 to 0.66 over the interval while w^2 P2(w) stays ~0.2.
//   Measured relative error of hi + lo: 2^-28.4 over every a that gelu forms.
// Beyond a = 12, erfc underflows even after scaling by 2^64 (gelu' with dy up to
// 2^40), so a is clamped there.
#pragma once
#include "kernels/math/exp_dd.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {

// e^-(zh + zl)^2 = (hi + lo) 2^k for zh <= 14.2 (-z^2 >= -200; beyond, -200):
// e^-sh from exp_fine_reduced (2^-26.8), the square's low part sl folded in as
// e^-sh (1 - sl) (|sl| <= 2^-17: the dropped sl^2/2 is below 2^-35), then
// renormalized. exp_dd (2^-31) cost ten operations more for gelu, whose error
// budget is erfcx's 2^-28.4 and the final rounding.
// InRange: the caller guarantees zh <= 12 (no clamp needed here or below).
template <bool InRange = false, class F> inline exp_dd_t<F> exp_neg_sq(F zh, F zl) {
    const dd_pair<F> s = dd_square(zh, zl);
    const F x = InRange ? vneg(s.hi) : vmax(F(-200.0f), vneg(s.hi));  // NaN passes (second operand)
    const F ks = biased_k(x);
    const F k = float_of_biased(ks);
    const dd_pair<F> e = exp_fine_reduced(x, k);
    F lo;
    const F hi = fast_two_sum(e.hi, vfnma(e.hi, s.lo, e.lo), lo);
    return {hi, lo, k, ks};
}

// erfcx(a) = e^(a^2) erfc(a) for a = ah + al >= 0 (ah <= 12 or clamped to 12), as hi + lo.
template <bool InRange = false, class F> inline F erfcx_dd(F ah, F al, F& lo) {
    const F ac = InRange ? ah : vmin(F(12.0f), ah);  // NaN passes (second operand)
    const F alc = InRange ? al : vselect(ah <= F(12.0f), al, F(0.0f));
    // 2 + a = sh + sl exactly: sh - 2 is exact (2 is a multiple of ulp(sh))
    const F sh = F(2.0f) + ac;
    const F sl = (ac - (sh - F(2.0f))) + alc;
    const F t = vdiv(F(1.0f), sh);
    const F rho = vfnma(t, sh, F(1.0f));  // 1 - t sh, exact
    const F w = t - F(0.28125f);
    const F ew = t - (w + F(0.28125f));  // t = 9/32 + w + ew exactly

    // P(w) = c0 + w (c1 + w (c2 + w P3(w))), the last three steps as double-floats
    // (fast two-sums: |c_j| > |w P_j+1| on the interval)
    const F p3 = horner(w, F(-0x1.a8f404p6f), 0x1.3b781cp6f, 0x1.6f676p4f, -0x1.3ce652p5f, 0x1.9c422ep1f,
                        0x1.cecc36p3f, -0x1.03a2cep2f, -0x1.9625e4p2f, 0x1.965954p0f);
    F e2, e1, e0, m2e;
    const F m2 = two_prod(w, p3, m2e);
    const F p2h = fast_two_sum(F(0x1.29fd9cp2f), m2, e2);
    const F p2l = e2 + m2e;
    const F m1 = w * p2h;
    const F m1l = vfma(w, p2l, vfms(w, p2h, m1));
    const F p1h = fast_two_sum(F(0x1.84622ep1f), m1, e1);
    const F p1l = e1 + m1l;
    const F m0 = w * p1h;
    const F m0l = vfma(w, p1l, vfms(w, p1h, m0));
    const F ph = fast_two_sum(F(0x1.1ca626p+0f), m0, e0);
    const F pl = e0 + (m0l + F(0x1.ef39acp-25f));

    // erfcx(a') = P (t - ew), a' = 1/(t - ew) - 2, and a - a' = sl - sh (rho + ew sh)
    F rl;
    const F rh = two_prod(ph, t, rl);
    rl = rl + vfms(pl, t, ph * ew);
    const F da = vfnma(sh, vfma(ew, sh, rho), sl);
    const F deriv = vfma(ac + ac, rh, F(-0x1.20dd76p+0f));  // erfcx' = 2 a erfcx - 2/sqrt(pi)
    lo = vfma(da, deriv, rl);
    return rh;
}

// erfc(a) = (rh + rl) (e.hi + e.lo) 2^e.k for a = ah + al >= 0.
template <class F> struct erfc_parts {
    F rh, rl;        // erfcx(a)
    exp_dd_t<F> e;   // e^-a^2
};
// InRange: the caller guarantees ah <= 12 (gelu's moderate vectors): the
// clamps below are then identities and left out.
template <bool InRange = false, class F> inline erfc_parts<F> erfc_parts_of(F ah, F al) {
    erfc_parts<F> p;
    p.rh = erfcx_dd<InRange>(ah, al, p.rl);
    p.e = exp_neg_sq<InRange>(InRange ? ah : vmin(F(30.0f), ah), al);  // e^-900 is 0 in every scaling; NaN passes
    return p;
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
