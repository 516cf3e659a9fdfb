// The pieces softplus and logsigmoid share (mish can reuse them):
//   log1p_exp_neg: log1p(e^(a + a_lo)) [/ beta] for a <= 0;
// With e^a = (1 + p) 2^k (expm1_parts, a's low part included, so beta*x or -x
// need not be rounded):
//   a >= -12: log1p of e^a passed exactly as hi + lo (t = h 2^k + l 2^k, h + l = 1 + p);
//   a < -12:  log1p(t) = t (1 - t/2) to 2^-47, computed as (1 + p)(1 - t/2);
// the result kept as a pair until the division by beta's mantissa (div_pair),
// and scaled by 2^k (and beta's exponent) only after it: one rounding, subnormal
// results included.
#pragma once
#include "kernels/math/div.hpp"  // div_pair, recip_approx
#include "kernels/math/expm1.hpp"
#include "kernels/math/log1p.hpp"
#include "kernels/math/sigmoid.hpp"  // mul_logistic_dy: their backward (dy * sigmoid)
#include "kernels/math/tiny.hpp"     // ldexp_no_assist

namespace simdact {
namespace SIMDACT_TIER_NS {

// beta = beta_mantissa 2^beta_exponent (params_of), mantissa in [1, 2).
// BetaIsOne (with DivideByBeta): the caller knows beta = 1 (mantissa 1, exponent
// 0); div_pair's divide is left out, same bits (see there).
// In two stages, so that the loops can pipeline them (kernels/loops.hpp): the
// head is e^a's parts, the tail the rest; log1p_exp_neg is the tail of the head.
template <class F> inline expm1_split<F> log1p_exp_neg_head(F a, F a_lo) {
    using I = decltype(as_i32(a));
    // Clamped at -219, not -175: e^a / beta is still subnormal at a = -190 for
    // beta = 2^-120, and below -208 it is 0 for every beta >= 2^-149 (a = -inf too).
    expm1_split<F> e = expm1_parts(a, a_lo, F(-219.0f));
    e.k = vselect(a == a, e.k, I(0));  // NaN lanes: a garbage k could make subnormal scales (assists)
    return e;
}
template <bool DivideByBeta, bool BetaIsOne = false, class F>
inline F log1p_exp_neg_tail(F a, const expm1_split<F>& e, F beta_mantissa = F(1.0f),
                            decltype(as_i32(F())) beta_exponent = 0) {
    using I = decltype(as_i32(a));
    // Far out (a < -60 in some lane) t and the result can be subnormal: on Intel
    // each multiply that reads or rounds into a subnormal is a microcode assist
    // (softplus and logsigmoid of huge |x| ran at 0.25-0.3x). There 2^k is held
    // at 2^-87 (t only enters the tail's t/2, far below h's ULP either way) and
    // the result scaled by ldexp_no_assist: the same bits.
    const bool far = any(a < F(-60.0f));
    // Otherwise k >= -87 (a >= -60): 2^k is a normal float, one shift (ldexp_i's
    // two factors give the same exact power).
    const F s = far ? ldexp_i(F(1.0f), vselect(a < F(-60.0f), I(-87), e.k)) : pow2i<F>(e.k);
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
    const F lo = vselect(tail, tail_lo, mid.lo);
    F q = num;
    I k = vselect(tail, e.k, I(0));  // the result is q 2^k
    if constexpr (DivideByBeta) {
        // Divided by beta's mantissa, its exponent folded into the final scaling:
        // q stays in [2^-19, 2], one rounding for every beta. (Divided by beta
        // itself, q was subnormal for beta > 2^126 (two roundings) and below
        // ldexp_no_assist's 2^-62 for beta > 2^62, where a vector with a far lane
        // gave 0 for 2^-135: the CI fuzzer, beta = 3.2e29.)
        if constexpr (BetaIsOne) {
            // div_pair(num, lo, 1, rb): num / 1 = num exactly, remainder 0, so
            // its result is num + lo rb rounded once (num is finite and nonzero,
            // or NaN); the same rb keeps the bits.
            q = vfma(lo, recip_approx(beta_mantissa), num);
        } else {
            q = div_pair(num, lo, beta_mantissa, recip_approx(beta_mantissa));
            k = k - beta_exponent;
        }
    }
    // Without beta's exponent k is in [-87, 0] where no lane is far, q in [2^-19, 2]:
    // q 2^k is normal and one multiply by 2^k rounds exactly as ldexp_i's two factors.
    if (!far && (!DivideByBeta || BetaIsOne)) return q * pow2i<F>(k);
    k = vmax(k, I(-252));  // ldexp_i's range; below it the result is 0 either way
    return far ? ldexp_no_assist(q, k) : ldexp_i(q, k);
}
template <bool DivideByBeta, bool BetaIsOne = false, class F>
inline F log1p_exp_neg(F a, F a_lo, F beta_mantissa = F(1.0f), decltype(as_i32(F())) beta_exponent = 0) {
    return log1p_exp_neg_tail<DivideByBeta, BetaIsOne>(a, log1p_exp_neg_head(a, a_lo), beta_mantissa, beta_exponent);
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
