// elu(x) = x > 0 ? x : alpha * expm1(x), alpha = params.alpha (default 1);
// elu'(x) = x > 0 ? 1 : alpha e^x (elu'(0) = alpha); from the output (alpha > 0
// only, then y > 0 <=> x > 0): y > 0 ? 1 : y + alpha.
// x >= 0 returns x itself, so elu(-0) = -0 whatever alpha's sign.
// Backward: (dy alpha) e^x by dy_exp_mul, the 2^k scaling last: no precision lost
// where e^x is subnormal but dy e^x is not, and no inf * 0 at x = -inf; a huge
// dy is scaled first (dy_scale) so that dy alpha cannot overflow early.
#pragma once
#include "kernels/activation.hpp"
#include "kernels/math/expm1.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct elu {
    static constexpr const char* name = "elu";
    static constexpr simdact_params defaults = {1.0f, 0.0f};
    static constexpr bool has_from_output = true;
    // Subnormal x: elu(x) = x (x > 0) or alpha x, elu'(x) = 1 or alpha (kernels/math/tiny.hpp).
    static constexpr tiny tiny_x = tiny::linear;
    static constexpr bool tiny_dx = true;
    template <class F> static F tiny_x_slope(F x, const params_of<F>& p) {
        return vselect(x > F(0.0f), F(1.0f), p.alpha);
    }
    static const char* invalid_params(const simdact_params& p) {
        return p.alpha - p.alpha == 0.0f ? nullptr : "elu: alpha is NaN or infinite";
    }
    static const char* invalid_for_output(const simdact_params& p) {
        return p.alpha > 0.0f ? nullptr : "elu: backward from the output needs alpha > 0";
    }

    template <class F> static F forward(F x, const params_of<F>& p) {
        return vselect(x >= F(0.0f), x, mul_expm1</*NegativeOnly=*/true>(p.alpha, x, F(0.0f)));
    }
    template <class F> static F backward(F x, F dy, const params_of<F>& p) {
        const F neg = dy_exp_mul(dy, x, F(0.0f), [&](F d) { return d * p.alpha; }, p.alpha_moderate,
                                  /*uses_positive=*/false);
        return vselect(x > F(0.0f), dy, neg);
    }
    template <class F> static F backward_from_output(F y, F dy, const params_of<F>& p) {
        return vselect(y > F(0.0f), dy, dy * (y + p.alpha));
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
