// The pieces softplus and logsigmoid share (mish can reuse them):
//   log1p_exp_neg: log1p(e^(a + a_lo)) [/ beta] for a <= 0;
// With e^a = (1 + p) 2^k (expm1_parts, a's low part included, so beta*x or -x
// need not be rounded):
//   a >= -12: log1p of e^a passed exactly as hi + lo (t = h 2^k + l 2^k, h + l = 1 + p);
//   a < -12:  log1p(t) = t (1 - t/2) to 2^-47, computed as (1 + p)(1 - t/2);
// the result kept as a pair until the division by beta (div_pair: one rounding),
// and scaled by 2^k only after it, so a subnormal result is rounded once.
#pragma once
#include "kernels/math/div.hpp"  // div_pair, recip_approx
#include "kernels/math/expm1.hpp"
#include "kernels/math/log1p.hpp"
#include "kernels/math/sigmoid.hpp"  // mul_sigmoid: their backward (dy * sigmoid)
#include "kernels/math/tiny.hpp"     // ldexp_no_assist

namespace simdact {
namespace SIMDACT_TIER_NS {

template <bool DivideByBeta, class F> inline F log1p_exp_neg(F a, F a_lo, F beta) {
    using I = decltype(as_i32(a));
    expm1_split<F> e = expm1_parts(a, a_lo);
    e.k = vselect(a == a, e.k, I(0));  // NaN lanes: a garbage k could make subnormal scales (assists)
    // Far out (a < -60 in some lane) t and the result can be subnormal: on Intel
    // each multiply that reads or rounds into a subnormal is a microcode assist
    // (softplus and logsigmoid of huge |x| ran at 0.25-0.3x). There 2^k is held
    // at 2^-87 (t only enters the tail's t/2, far below h's ULP either way) and
    // the result scaled by ldexp_no_assist: the same bits.
    const bool far = any(a < F(-60.0f));
    const F s = ldexp_i(F(1.0f), far ? vselect(a < F(-60.0f), I(-87), e.k) : e.k);
    // 1 + p unrounded: h + l = 1 + r + t (Fast2Sum twice; only the last
    // addition of the small part rounds, far below h's ULP).
    const dd_pair<F> p0 = one_plus(e.r, e.t);
    F l;
    const F h = fast_two_sum(p0.hi, p0.lo, l);
    const F t = h * s;
    const auto tail = a < F(-12.0f);
    // (log1p's input zeroed in the tail lanes, whose result it is not: there it
    // would only form tiny squares, assists on Intel)
    const dd_pair<F> mid = log1p_parts(vselect(tail, F(0.0f), t), vselect(tail, F(0.0f), l * s));
    // tail: (1 + p)(1 - t/2) = h + (l - t h / 2), as a Fast2Sum pair.
    const F w = vfma(F(-0.5f) * t, h, l);
    F tail_lo;
    const F tail_m = fast_two_sum(h, w, tail_lo);
    const F num = vselect(tail, tail_m, mid.hi);
    F q = num;
    if constexpr (DivideByBeta) q = div_pair(num, vselect(tail, tail_lo, mid.lo), beta, recip_approx(beta));
    const I k = vselect(tail, e.k, I(0));
    return far ? ldexp_no_assist(q, k, a < F(-20.0f)) : ldexp_i(q, k);  // a < -20: k <= -28
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
