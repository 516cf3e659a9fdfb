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
        const F lo = vfma(b, v, vneg(bv));
        return vselect(vabs(lo) < F(1.0f), lo, F(0.0f));
    }
    template <class F> static F forward(F x, const params_of<F>& p) {
        if (p.alpha_is_one) {  // beta = 1, the default: z = x exactly, no low part, no divide
            const F d = log1p_exp_neg</*DivideByBeta=*/true, /*BetaIsOne=*/true>(vneg(vabs(x)), F(0.0f),
                                                                                p.alpha_mantissa);
            return vselect(x > p.beta, x, vselect(x >= F(0.0f), x + d, d));
        }
        const F z = p.alpha * x;
        const F z_lo = product_lo(p.alpha, x, z);
        const auto pos = z >= F(0.0f);
        const F d = log1p_exp_neg<true>(vneg(vabs(z)), vselect(pos, vneg(z_lo), z_lo), p.alpha_mantissa,
                                                p.alpha_exponent);
        return vselect(z > p.beta, x, vselect(pos, x + d, d));
    }
    template <class F> static F backward(F x, F dy, const params_of<F>& p) {
        if (p.alpha_is_one) return vselect(x > p.beta, dy, mul_sigmoid_dy</*HasLo=*/false>(dy, x, F(0.0f)));
        const F z = p.alpha * x;
        return vselect(z > p.beta, dy, mul_sigmoid_dy(dy, z, product_lo(p.alpha, x, z)));
    }
    // Tiny beta*y (where the product may be subnormal): g = beta y to 2^-60, as (dy beta) y.
    template <class F> static F backward_from_output(F y, F dy, const params_of<F>& p) {
        if (p.alpha_is_one) {  // w = y, its low part the -0 product_lo gives below
            const F g = F(0.0f) - expm1_f32(vneg(y), F(-0.0f));
            return vselect(y > p.beta, dy, vselect(vabs(y) < F(0x1p-60f), dy * y, dy * g));
        }
        const F w = p.alpha * y;
        const F g = F(0.0f) - expm1_f32(vneg(w), vneg(product_lo(p.alpha, y, w)));
        return vselect(w > p.beta, dy, vselect(vabs(w) < F(0x1p-60f), (dy * p.alpha) * y, dy * g));
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
