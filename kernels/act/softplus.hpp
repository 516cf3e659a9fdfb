// softplus(x) = beta*x > threshold ? x : log1p(e^(beta x)) / beta,
// beta = params.alpha (default 1, must be > 0), threshold = params.beta (default 20);
// at beta*x == threshold the log branch is used (the comparison is on the float
// product, as PyTorch's). softplus' = beta*x > threshold ? 1 : sigmoid(beta x);
// from the output: beta*y > threshold ? 1 : 1 - e^(-beta y) = -expm1(-beta y).
//
// z = beta x is carried as z + z_lo (the FMA-exact product error), so e^z does not
// inherit z's rounding. With a = -|z|:
//   z >= 0: x + log1p(e^a)/beta (the big part x is exact, the small one rounded);
//   z < 0:  log1p(e^a)/beta, down to subnormal results (log1p_exp_neg scales last).
// Never negative, no overflow for large x, no inf - inf.
#pragma once
#include <cmath>
#include "kernels/activation.hpp"
#include "kernels/math/softplus.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct softplus {
    static constexpr const char* name = "softplus";
    static constexpr simdact_params defaults = {1.0f, 20.0f};
    static constexpr bool has_from_output = true;
    // Subnormal x: softplus(x) = ln 2 / beta, softplus'(x) = 1/2; subnormal y:
    // g(y) = beta y. For |beta| <= 2^12 (beta x on the stand-in 2^-40 is then below
    // 2^-28) and threshold > |beta| 2^-40, so that the stand-in and every subnormal
    // x or y take the log branch (a subnormal threshold puts them on the linear
    // one; found by the fuzzer; kernels/math/tiny.hpp).
    static constexpr tiny tiny_x = tiny::stand_in, tiny_y = tiny::linear;
    static constexpr bool tiny_dx = true;
    static bool tiny_ok(const simdact_params& p) { return std::fabs(p.alpha) <= 0x1p12f && p.beta > std::fabs(p.alpha) * 0x1p-40f; }
    template <class F> static F tiny_y_slope(const params_of<F>& p) { return p.alpha; }
    static const char* invalid_params(const simdact_params& p) {
        if (p.alpha != p.alpha) return "softplus: beta (alpha) is NaN";
        if (!(p.alpha > 0.0f)) return "softplus: beta (alpha) must be > 0";
        if (p.alpha - p.alpha != 0.0f) return "softplus: beta (alpha) is infinite";
        return p.beta == p.beta ? nullptr : "softplus: threshold (beta) is NaN";
    }
    static const char* invalid_for_output(const simdact_params&) { return nullptr; }

    // The rounding error of the product b*v (0 where it is meaningless: inf, NaN).
    template <class F> static F product_lo(F b, F v, F bv) {
        const F lo = vfms(b, v, bv);
        return vselect(vabs(lo) < F(1.0f), lo, F(0.0f));
    }
    // beta v as z + lo. BetaIsOne (beta = 1, the default; chosen once per call by
    // alpha_is_one): v itself and a zero low part, the values the general path
    // gives, with no work; the HasLo = false / BetaIsOne forms below then leave
    // out the low-part terms and the divide by 1 (same bits).
    template <bool BetaIsOne, class F> static F scaled(F v, const params_of<F>& p, F& lo) {
        if constexpr (BetaIsOne) {
            lo = F(0.0f);
            return v;
        }
        const F z = p.alpha * v;
        lo = product_lo(p.alpha, v, z);
        return z;
    }
    // In two stages for the forward loop's pipelining (kernels/loops.hpp): z and
    // e^-|z|'s parts, then log1p and the rest.
    template <class F> struct forward_stage {
        F x, z;
        expm1_split<F> e;
    };
    template <class F> static forward_stage<F> forward_head(F x, const params_of<F>& p) {
        return p.alpha_is_one ? head_of<true>(x, p) : head_of<false>(x, p);
    }
    template <class F> static F forward_tail(const forward_stage<F>& s, const params_of<F>& p) {
        return p.alpha_is_one ? tail_of<true>(s, p) : tail_of<false>(s, p);
    }
    template <class F> static F forward(F x, const params_of<F>& p) { return forward_tail(forward_head(x, p), p); }
    template <class F> static F backward(F x, F dy, const params_of<F>& p) {
        return p.alpha_is_one ? backward_of<true>(x, dy, p) : backward_of<false>(x, dy, p);
    }
    template <class F> static F backward_from_output(F y, F dy, const params_of<F>& p) {
        return p.alpha_is_one ? from_output_of<true>(y, dy, p) : from_output_of<false>(y, dy, p);
    }

    template <bool BetaIsOne, class F> static forward_stage<F> head_of(F x, const params_of<F>& p) {
        F z_lo;
        const F z = scaled<BetaIsOne>(x, p, z_lo);
        const F a_lo = BetaIsOne ? F(0.0f) : vselect(z >= F(0.0f), vneg(z_lo), z_lo);
        return {x, z, log1p_exp_neg_head(vneg_abs(z), a_lo)};
    }
    template <bool BetaIsOne, class F> static F tail_of(const forward_stage<F>& s, const params_of<F>& p) {
        const F d = log1p_exp_neg_tail</*DivideByBeta=*/true, BetaIsOne>(vneg_abs(s.z), s.e, p.alpha_mantissa,
                                                                          p.alpha_exponent);
        return vselect(s.z > p.beta, s.x, vselect(s.z >= F(0.0f), s.x + d, d));
    }
    template <bool BetaIsOne, class F> static F backward_of(F x, F dy, const params_of<F>& p) {
        F z_lo;
        const F z = scaled<BetaIsOne>(x, p, z_lo);
        return vselect(z > p.beta, dy, mul_logistic_dy</*HasLo=*/!BetaIsOne>(dy, z, z_lo));
    }
    // Tiny beta*y (where the product may be subnormal): g = beta y to 2^-60, as (dy beta) y.
    template <bool BetaIsOne, class F> static F from_output_of(F y, F dy, const params_of<F>& p) {
        F w_lo;
        const F w = scaled<BetaIsOne>(y, p, w_lo);
        const F g = F(0.0f) - expm1_f32(vneg(w), vneg(w_lo));
        const F tiny = BetaIsOne ? dy * y : (dy * p.alpha) * y;
        return vselect(w > p.beta, dy, vselect(vabs(w) < F(0x1p-60f), tiny, dy * g));
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
