// gelu(x) = x Phi(x) = x/2 erfc(-x/sqrt2) (erf form); gelu' = Phi(x) + x phi(x),
// phi(x) = e^(-x^2/2) / sqrt(2 pi).
// Both directions use erfc(a) = R E 2^k, a = |x|/sqrt2 (kernels/math/erfc.hpp:
// R = erfcx(a) and E = e^-a^2 double-floats), with a formed as a double-float
// (1/sqrt2 split in two floats, FMA residue) because E magnifies argument
// errors by 2a^2 in the tail:
//   x <  0: Phi = R E 2^k / 2, x multiplied in before the scaling, so the tail
//           x < -5 keeps full relative accuracy down to subnormal results
//           (gelu(-14) = -1.1e-43);
//   x >= 0: Phi = 1 - R E 2^k / 2 (R E 2^k / 2 <= 1/2: no cancellation).
// Backward: gelu' = [x >= 0] + E 2^k S, S = x/sqrt(2 pi) -+ R/2 (- for x >= 0),
// S summed as a double-float. For x < 0, 2^k is applied after dy; S cancels at
// the zero of gelu' (x = -0.7518, a = z0 = 0.5316), where |a - z0| < 0.06 takes
// S = d R(d), d = a - z0, a local fit.
// x is clamped to [-20, 20]: beyond, gelu is x or -0 and gelu' is 1 or -0 in
// float (and no inf * 0 at +-inf).
#pragma once
#include "kernels/activation.hpp"
#include "kernels/math/erfc.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct gelu : no_params {
    static constexpr const char* name = "gelu";
    static constexpr bool has_from_output = false;
    // Subnormal x: gelu(x) = x/2, gelu'(x) = 1/2 (kernels/math/tiny.hpp).
    static constexpr tiny tiny_x = tiny::linear;
    static constexpr bool tiny_dx = true;
    template <class F> static F tiny_x_slope(F, const params_of<F>&) { return F(0.5f); }

    // a = |x| / sqrt2 as ah + al.
    template <class F> static F a_of(F xc, F& al) {
        return dd_mul_f(vabs(xc), F(0x1.6a09e6p-1f), F(0x1.9fcef4p-27f), al);
    }

    // Vectors with every |x| <= 9 (NaN not: the common case) take Moderate:
    // no clamp of x (nor of a in erfc_parts_of); e^-a^2 = E 2^k has k >= -59,
    // so 2^k is normal (no pow2_addend zone), and x Phi 2^(k-1) >= 2^-61 is
    // one multiply, rounding as ldexp_i's two factors do. Same bits as the
    // general path.
    template <class F> static F forward(F x, const params_of<F>&) {
        if (__builtin_expect(all(vabs(x) <= F(9.0f)), 1)) return forward_of<true>(x);
        return forward_of<false>(x);
    }
    template <bool Moderate, class F> static F forward_of(F x) {
        const F xc = Moderate ? x : vclamp(x, -20.0f, 20.0f);
        F al;
        const F ah = a_of(xc, al);
        const erfc_parts<F> p = erfc_parts_of<Moderate>(ah, al);
        F ml;
        const F mh = dd_mul(p.rh, p.rl, p.e.hi, p.e.lo, ml);  // erfc(a) = (mh + ml) 2^k
        // x >= 0: Phi = 1 - erfc(a)/2, erfc(a)/2 <= 1/2 only added to 1 (pow2_addend)
        const F h = F(-0.5f) * (Moderate ? pow2_of_biased(p.e.ks) : pow2_addend(p.e.k));
        F err;
        const F nh = fast_two_sum(F(1.0f), mh * h, err);
        const F nl = err + ml * h;
        const auto neg = xc < F(0.0f);
        const F phi_h = vselect(neg, mh, nh), phi_l = vselect(neg, ml, nl);
        if constexpr (Moderate)  // 2^(k-1) = -h
            return with_sign_of(dd_times(phi_h, phi_l, xc) * vselect(neg, vneg(h), F(1.0f)), xc);
        // x Phi 2^k' with k' = k - 1 >= -290 (x < 0) or 0, rounded once. Below
        // k' = -252, |x Phi| < 2^5 rounds to -0 with k' = -252 too (ldexp_i's range).
        const F k = vselect(neg, vmax(p.e.k - F(1.0f), F(-252.0f)), F(0.0f));
        // gelu(x) has the sign of x: dd_times(phi_h, phi_l, -0) is +0 where phi_l < 0
        const F r = with_sign_of(ldexp_i(dd_times(phi_h, phi_l, xc), int_of(k)), xc);
        return vselect(x >= F(20.0f), x, r);
    }
    // Moderate as in forward, and dy zero or |dy| >= 2^-40: dy v 2^k is then
    // zero or normal (|v| 2^k >= 2^-57 at x = -9; near the zero of gelu', where
    // v is small, k is 0 or -1), so one multiply by 2^k rounds as mul_pow2's
    // three factors do. Same bits (every float x, dy in [2^-40, 2^40]).
    template <class F> static F backward(F x, F dy, const params_of<F>&) {
        if (__builtin_expect(all((vabs(x) <= F(9.0f)) & ((vabs(dy) >= F(0x1p-40f)) | (dy == F(0.0f)))), 1))
            return backward_of<true>(x, dy);
        return backward_of<false>(x, dy);
    }
    template <bool Moderate, class F> static F backward_of(F x, F dy) {
        const F xc = Moderate ? x : vclamp(x, -20.0f, 20.0f);
        F al;
        const F ah = a_of(xc, al);
        const erfc_parts<F> p = erfc_parts_of<Moderate>(ah, al);
        const auto neg = xc < F(0.0f);
        // S = x/sqrt(2 pi) + R/2 (x < 0) or - R/2, as a double-float
        F cl;
        const F ch = dd_mul_f(xc, F(0x1.988454p-2f), F(-0x1.857936p-27f), cl);
        const F half = vselect(neg, F(0.5f), F(-0.5f));
        F err;
        const F sh = two_sum(half * p.rh, ch, err);
        F sl = (err + half * p.rl) + cl;

        // |a - z0| < 0.06 around the zero z0 of S: S = d R(d), d = a - z0 (z0 as two
        // floats, ah - z0h exact), R a degree-5 fit (sollya fpminimax of S(z0 + d)
        // with monomials d..d^6, relative error 2^-26.7): no cancellation.
        const F dz = (ah - F(0x1.102d78p-1f)) + (al - F(-0x1.dd05eap-27f));
        const F rz = horner(dz, F(0x1.a1ed4cp-7f), -0x1.c053bcp-6f, 0x1.d5132ep-5f, -0x1.a7d748p-4f, 0x1.5b297ep-3f,
                            -0x1.9e7762p-1f);
        const auto near = neg & (vabs(dz) < F(0.06f));
        const F s_h = vselect(near, dz * rz, sh);
        sl = vselect(near, F(0.0f), sl);

        // E S as uh + ul; x >= 0: 1 + E S 2^k, E S 2^k in [-1/2, 0.13] only added to 1
        F ul;
        const F uh = dd_mul(s_h, sl, p.e.hi, p.e.lo, ul);
        const F p2k = Moderate ? pow2_of_biased(p.e.ks) : pow2_addend(p.e.k);
        const F dh = fast_two_sum(F(1.0f), uh * p2k, err);
        const F d = dh + (err + ul * p2k);
        const F v = vselect(neg, uh + ul, d);
        if constexpr (Moderate) return (dy * v) * vselect(neg, p2k, F(1.0f));
        const F r = mul_pow2(dy * v, vselect(neg, p.e.k, F(0.0f)));
        return vselect(x >= F(20.0f), dy, r);
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
