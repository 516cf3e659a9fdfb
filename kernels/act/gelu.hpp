// gelu(x) = x Phi(x) = x/2 erfc(-x/sqrt2) (erf form); gelu' = Phi(x) + x phi(x),
// phi(x) = e^(-x^2/2) / sqrt(2 pi).
// z = -x/sqrt2 is formed as a double-float (1/sqrt2 split in two floats, FMA
// residue) because erfc(z) ~ e^-z^2 magnifies argument errors by 2z^2 in the
// tail; erfc comes as (hi + lo) 2^k (kernels/math/erfc.hpp) and x is
// multiplied in before the scaling, so the tail x < -5 keeps full relative
// accuracy down to subnormal results (gelu(-14) = -1.1e-43).
// Backward, with E = e^-z^2 = (Eh + El) 2^k:
//   z >= 0.5 (x <= -0.707): gelu' = E (erfcx(z)/2 + x/sqrt(2 pi)), 2^k applied
//     after dy; the bracket cancels at the zero of gelu' (x = -0.7518) and is
//     summed as a double-float.
//   z <  0.5: gelu' = erfc(z)/2 + x/sqrt(2 pi) E, both double-floats (no underflow
//     concern: gelu' > 0.02 there).
//   |z - z0| < 0.06 (z0 = 0.5316, the zero): E (z - z0) R(z - z0), a local fit.
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

    // z = -x / sqrt2 as zh + zl.
    template <class F> static F z_of(F xc, F& zl) {
        return dd_mul_f(xc, F(-0x1.6a09e6p-1f), F(-0x1.9fcef4p-27f), zl);
    }

    template <class F> static F forward(F x, const params_of<F>&) {
        const F xc = vclamp(x, -20.0f, 20.0f);
        F zl;
        const F zh = z_of(xc, zl);
        const erfc_dd_t<F> e = erfc_dd(zh, zl);
        const F r = mul_pow2(dd_times(e.hi, e.lo, xc), e.k - F(1.0f));
        return vselect(x >= F(20.0f), x, r);
    }
    template <class F> static F backward(F x, F dy, const params_of<F>&) {
        const F xc = vclamp(x, -20.0f, 20.0f);
        F zl;
        const F zh = z_of(xc, zl);
        // x / sqrt(2 pi) as a double-float
        F cl;
        const F ch = dd_mul_f(xc, F(0x1.988454p-2f), F(-0x1.857936p-27f), cl);
        // erfcx(|z|) and E = e^-z^2, computed once for both branches and Phi
        const erfc_tail_parts<F> parts = erfc_tail_parts_of(zh, zl);
        const exp_dd_t<F>& e = parts.e;

        // z >= 0.5: E (erfcx(z)/2 + x/sqrt(2 pi))
        F err;
        const F sh = two_sum(F(0.5f) * parts.ph, ch, err);
        const F s = sh + ((err + F(0.5f) * parts.pl) + cl);

        // z < 0.5: Phi + x phi, Phi = erfc(z)/2
        const erfc_dd_t<F> p = erfc_dd(zh, zl, parts);  // k = 0 here
        F ml;
        const F mh = dd_mul(ch, cl, e.hi, e.lo, ml);
        // x phi is only added to Phi >= 0.24 here (pow2_addend; |mh| >= 0.23 where k < 0)
        const F p2k = pow2_addend(e.k);
        const F xh = mh * p2k, xl = ml * p2k;
        const F dh = two_sum(F(0.5f) * p.hi, xh, err);
        const F d = dh + ((err + F(0.5f) * p.lo) + xl);
        const F body = dy * d;

        // |z - z0| < 0.06 around the zero z0 of the bracket: S = d R(d), d = z - z0
        // (z0 as two floats, zh - z0h exact), R a degree-5 fit (sollya fpminimax of
        // S(z0 + d) with monomials d..d^6, relative error 2^-26.7): no cancellation.
        const F dz = (zh - F(0x1.102d78p-1f)) + (zl - F(-0x1.dd05eap-27f));
        const F r = horner(dz, F(0x1.a1ed4cp-7f), -0x1.c053bcp-6f, 0x1.d5132ep-5f, -0x1.a7d748p-4f, 0x1.5b297ep-3f,
                           -0x1.9e7762p-1f);
        const F sn = dz * r;
        const auto near = vabs(dz) < F(0.06f);

        // tail and near are both dy E S 2^k: one product and one scaling
        const F scaled = mul_pow2(dy * dd_times(e.hi, e.lo, vselect(near, sn, s)), e.k);
        return vselect(x >= F(20.0f), dy, vselect(near | (zh >= F(0.5f)), scaled, body));
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
