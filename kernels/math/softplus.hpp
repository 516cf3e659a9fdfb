// The pieces softplus and logsigmoid share (mish can reuse them):
//   log1p_exp_neg: log1p(e^(a + a_lo)) [/ beta] for a <= 0;
// With e^a = (1 + p) 2^k (expm1_parts, a's low part included, so beta*x or -x
// need not be rounded):
//   a >= -12: log1p of e^a passed exactly as hi + lo (t = h 2^k + l 2^k, h + l = 1 + p);
//   a < -12:  log1p(t) = t (1 - t/2) to 2^-47, computed as (1 + p)(1 - t/2);
// the result kept as a pair until the division by beta (div_pair: one rounding),
// and scaled by 2^k only after it, so a subnormal result is rounded once.
#pragma once
#include "kernels/math/div.hpp"
#include "kernels/math/expm1.hpp"
#include "kernels/math/log1p.hpp"
#include "kernels/math/sigmoid.hpp"  // mul_sigmoid: their backward (dy * sigmoid)

namespace simdact {
namespace SIMDACT_TIER_NS {

// ~1/b to about 2^-12 for normal b > 0 (integer first guess, two Newton steps):
// enough for the remainder correction of a division; deterministic on every tier.
// Capped at 2^126 (a subnormal b then gets a smaller correction, never inf * 0).
template <class F> inline F recip_approx(F b) {
    using I = decltype(as_i32(b));
    const F r0 = as_f32(I(0x7ef311c3) - as_i32(b));
    const F r1 = vfma(r0, vfnma(b, r0, F(1.0f)), r0);
    return vmin(F(0x1p126f), vfma(r1, vfnma(b, r1, F(1.0f)), r1));
}

// (a + a_lo) / b rounded about once: the exact division, its FMA-exact remainder
// corrected through rb ~ 1/b (kept as the plain quotient where that is +-inf).
template <class F> inline F div_pair(F a, F a_lo, F b, F rb) {
    const F q = vdiv(a, b);
    const F fixed = vfma(vfnma(q, b, a) + a_lo, rb, q);
    return vselect(vabs(q) < F(INFINITY), fixed, q);
}

template <bool DivideByBeta, class F> inline F log1p_exp_neg(F a, F a_lo, F beta) {
    using I = decltype(as_i32(a));
    const expm1_split<F> e = expm1_parts(a, a_lo);
    const F s = ldexp_i(F(1.0f), e.k);  // 2^k (0 or subnormal far out: only the tail's t/2 uses it)
    // 1 + p unrounded: h + l = 1 + r + t (Fast2Sum twice; only the last
    // addition of the small part rounds, far below h's ULP).
    const F h0 = F(1.0f) + e.r;
    const F l0 = ((F(1.0f) - h0) + e.r) + e.t;
    const F h = h0 + l0;
    const F l = (h0 - h) + l0;
    const F t = h * s;
    const log1p_pair<F> mid = log1p_parts(t, l * s);
    // tail: (1 + p)(1 - t/2) = h + (l - t h / 2), as a Fast2Sum pair.
    const F w = vfma(F(-0.5f) * t, h, l);
    const F tail_m = h + w;
    const F tail_lo = (h - tail_m) + w;
    const auto tail = a < F(-12.0f);
    const F num = vselect(tail, tail_m, mid.hi);
    F q = num;
    if constexpr (DivideByBeta) q = div_pair(num, vselect(tail, tail_lo, mid.lo), beta, recip_approx(beta));
    return ldexp_i(q, vselect(tail, e.k, I(0)));
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
