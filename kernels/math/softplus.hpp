// The pieces softplus and logsigmoid share (mish can reuse them):
//   log1p_exp_neg: log1p(e^(a + a_lo)) [/ beta] for a <= 0;
//   mul_sigmoid:   dy * sigmoid(z + z_lo), the power of two applied last.
// With e^a = (1 + p) 2^k (expm1_parts, a's low part included, so beta*x or -x
// need not be rounded):
//   a >= -12: log1p of e^a passed exactly as hi + lo (t = h 2^k + l 2^k, h + l = 1 + p);
//   a < -12:  log1p(t) = t (1 - t/2) to 2^-47, computed as (1 + p)(1 - t/2) and
//             scaled by 2^k only after the division by beta, so a subnormal
//             result is rounded once.
#pragma once
#include "kernels/math/div.hpp"
#include "kernels/math/expm1.hpp"
#include "kernels/math/log1p.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {

template <bool DivideByBeta, class F> inline F log1p_exp_neg(F a, F a_lo, F beta) {
    using I = decltype(as_i32(a));
    const expm1_split<F> e = expm1_parts(a, a_lo);
    const F s = ldexp_i(F(1.0f), e.k);  // 2^k (0 or subnormal far out: only the tail's t/2 uses it)
    const F h = F(1.0f) + e.p;
    const F l = (F(1.0f) - h) + e.p;    // exact: h + l = 1 + p
    const F t = h * s;
    const F mid = log1p_f32(t, l * s);
    const F tail_m = F(1.0f) + vfma(F(-0.5f) * t, h, e.p);  // (1 + p)(1 - t/2)
    const auto tail = a < F(-12.0f);
    F num = vselect(tail, tail_m, mid);
    if constexpr (DivideByBeta) num = vdiv(num, beta);
    return ldexp_i(num, vselect(tail, e.k, I(0)));
}

// dy * sigmoid(z + z_lo): with t = e^-|z| = (1 + p) 2^k = (h + l) 2^k exactly,
//   z >= 0: dy / (1 + t);   z < 0: (dy (h + l) / (1 + t)) * 2^k,
// numerator and 1 + t kept as unrounded pairs and divided by div_refined (one
// rounding), the power of two applied last (subnormal sigmoid times large dy).
template <class F> inline F mul_sigmoid(F dy, F z, F z_lo) {
    using I = decltype(as_i32(z));
    const auto neg = z < F(0.0f);
    const expm1_split<F> e = expm1_parts(-vabs(z), vselect(neg, z_lo, -z_lo));
    const F s = ldexp_i(F(1.0f), e.k);
    const F h = F(1.0f) + e.p;
    const F l = (F(1.0f) - h) + e.p;  // exact
    const F t = h * s, t_lo = l * s;
    const F d = F(1.0f) + t;
    const F d_lo = ((F(1.0f) - d) + t) + t_lo;  // exact sum, then the small part
    const F n = dy * h;
    const F n_lo = vfma(dy, h, -n) + dy * l;
    const F q = div_refined(vselect(neg, n, dy), vselect(neg, n_lo, F(0.0f)), d, d_lo, recip_1_2(d));
    return ldexp_i(q, vselect(neg, e.k, I(0)));
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
