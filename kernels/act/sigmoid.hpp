// sigmoid(x) = 1 / (1 + e^-x)
//
// With t = e^-|x| (never overflows): sigmoid = (x < 0 ? t : 1) / (1 + t), so
// results down to the subnormal range keep full relative accuracy
// (sigmoid(-100) = 3.78e-44, not 0), and sigmoid' = t / (1 + t)^2 needs no
// cancelling 1 - sigmoid.
#pragma once
#include "kernels/activation.hpp"
#include "kernels/math/exp.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct sigmoid : no_params {
    static constexpr const char* name = "sigmoid";
    static constexpr bool has_from_output = true;

    template <class F> static F forward(F x, const params_of<F>&) {
        const F t = exp_f32(-vabs(x));
        return vdiv(vselect(x < F(0.0f), t, F(1.0f)), F(1.0f) + t);
    }
    template <class F> static F backward(F x, F dy, const params_of<F>&) {
        const F t = exp_f32(-vabs(x));
        const F d = F(1.0f) + t;
        return dy * vdiv(t, d * d);
    }
    // y(1 - y): 1 - y is exact for y >= 1/2 and y(1 - y) never cancels.
    template <class F> static F backward_from_output(F y, F dy, const params_of<F>&) {
        return dy * (y * (F(1.0f) - y));
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
