// logsigmoid(x) = -softplus(-x) = min(x, 0) - log1p(e^-|x|); logsigmoid' = sigmoid(-x);
// from the output: 1 - e^y = -expm1(y).
// Large x: -e^-x down to subnormals (log1p_exp_neg scales last); large -x: x - tiny.
// logsigmoid(+inf) = 0 - 0 = +0 (as PyTorch's min(x,0) - log1p(e^-|x|)).
#pragma once
#include "kernels/activation.hpp"
#include "kernels/math/softplus.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct logsigmoid : no_params {
    static constexpr const char* name = "logsigmoid";
    static constexpr bool has_from_output = true;
    // Subnormal x: logsigmoid(x) = -ln 2, logsigmoid'(x) = 1/2; subnormal y:
    // g(y) = -y (kernels/math/tiny.hpp).
    static constexpr tiny tiny_x = tiny::stand_in, tiny_y = tiny::linear;
    static constexpr bool tiny_dx = true;
    static constexpr float tiny_y_slope = -1.0f;

    // In two stages for the forward loop's pipelining (kernels/loops.hpp).
    template <class F> struct forward_stage {
        F x;
        expm1_split<F> e;
    };
    template <class F> static forward_stage<F> forward_head(F x, const params_of<F>&) {
        return {x, log1p_exp_neg_head(vneg_abs(x), F(0.0f))};
    }
    template <class F> static F forward_tail(const forward_stage<F>& s, const params_of<F>&) {
        return vmin(F(0.0f), s.x) - log1p_exp_neg_tail<false>(vneg_abs(s.x), s.e);
    }
    template <class F> static F forward(F x, const params_of<F>& p) { return forward_tail(forward_head(x, p), p); }
    template <class F> static F backward(F x, F dy, const params_of<F>&) { return mul_logistic_dy</*HasLo=*/false>(dy, vneg(x), F(0.0f)); }
    template <class F> static F backward_from_output(F y, F dy, const params_of<F>&) {
        return dy * (F(0.0f) - expm1_f32(y));  // 0 - (+0) = +0 at y = 0
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
