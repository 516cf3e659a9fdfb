// celu(x) = x > 0 ? x : alpha * expm1(x / alpha), alpha = params.alpha (default 1,
// 0 is an error); celu'(x) = x > 0 ? 1 : e^(x/alpha) (celu'(0) = 1); from the
// output: y > 0 ? 1 : y/alpha + 1, computed as (y + alpha)/alpha (exact sum
// where it cancels, for alpha > 0; for alpha < 0, y <= 0 and nothing cancels).
// x/alpha is carried as q + q_lo: q the exact division, q_lo = (x - q alpha)/alpha
// from the FMA-exact remainder, so e^(x/alpha) does not inherit q's rounding
// (relative error |q| 2^-24 for large |q|). mul_expm1 keeps alpha < 0 with
// e^q beyond float range but alpha e^q within it finite.
#pragma once
#include "kernels/activation.hpp"
#include "kernels/math/expm1.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct celu {
    static constexpr const char* name = "celu";
    static constexpr simdact_params defaults = {1.0f, 0.0f};
    static constexpr bool has_from_output = true;
    static const char* invalid_params(const simdact_params& p) {
        if (p.alpha - p.alpha != 0.0f) return "celu: alpha is NaN or infinite";
        return p.alpha != 0.0f ? nullptr : "celu: alpha must not be 0";
    }
    static const char* invalid_for_output(const simdact_params&) { return nullptr; }

    // x / alpha as q + q_lo (q_lo = 0 where the remainder is meaningless: q = +-inf, NaN).
    template <class F> static F quotient_lo(F x, F q, F alpha) {
        const F lo = vdiv(vfnma(q, alpha, x), alpha);
        return vselect(vabs(lo) < F(1.0f), lo, F(0.0f));
    }
    // x_div / alpha as q + q_lo. alpha = 1 (the default) skips both divides
    // with the same bits: x / 1 is exact, its remainder 0.
    template <class F> static F quotient(F x_div, const params_of<F>& p, F& q_lo) {
        if (p.alpha_is_one) {
            q_lo = F(0.0f);
            return x_div;
        }
        const F q = vdiv(x_div, p.alpha);
        q_lo = quotient_lo(x_div, q, p.alpha);
        return q;
    }
    // x to divide by alpha: 0 where |x| < 2^-31 |alpha|, since |x / alpha| < 2^-30
    // there and the result is x (forward) or dy (backward) anyway. Dividing 0
    // keeps a subnormal x from making every step of the vector a slow
    // microcoded subnormal operation (0.36x throughput on all-subnormal input).
    // (The select only runs for vectors that have such a lane: ordinary input
    // pays one compare.)
    template <class F> static F dividend(F x, F alpha) {
        const auto tiny = vabs(x) < F(0x1p-31f) * vabs(alpha);
        return any(tiny) ? vselect(tiny, F(0.0f), x) : x;
    }
    template <class F> static F forward(F x, const params_of<F>& p) {
        F q_lo;
        const F q = quotient(dividend(x, p.alpha), p, q_lo);
        // |q| < 2^-30: alpha expm1(q) = x (1 + q/2 + ...) rounds to x (q may be subnormal there).
        // alpha > 0: x < 0 gives q < 0, the only lanes used (a loop-invariant branch)
        const F neg = all(p.alpha > F(0.0f)) ? mul_expm1</*NegativeOnly=*/true>(p.alpha, q, q_lo)
                                              : mul_expm1(p.alpha, q, q_lo);
        return vselect((x >= F(0.0f)) | (vabs(q) < F(0x1p-30f)), x, neg);
    }
    // For |q| < 2^-30 (x_div = 0) the result is dy e^0 = dy exactly (the exact
    // dy e^q rounds to dy), also keeping the sign of a zero dy.
    template <class F> static F backward(F x, F dy, const params_of<F>& p) {
        F q_lo;
        const F q = quotient(dividend(x, p.alpha), p, q_lo);
        // alpha < 0: e^q > 1 for the x < 0 lanes used
        const F neg = dy_exp_mul(dy, q, q_lo, [](F d) { return d; }, /*c_moderate=*/true,
                                  /*uses_positive=*/!p.alpha_positive);
        return vselect(x > F(0.0f), dy, neg);
    }
    template <class F> static F backward_from_output(F y, F dy, const params_of<F>& p) {
        const F g = p.alpha_is_one ? y + F(1.0f) : vdiv(y + p.alpha, p.alpha);  // (y + 1) / 1 is exact
        return vselect(y > F(0.0f), dy, dy * g);
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
