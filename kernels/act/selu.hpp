// selu(x) = scale * elu(x, alpha), alpha = 1.6732632f, scale = 1.0507010f (PyTorch's);
// selu'(x) = x > 0 ? scale : scale alpha e^x; from the output:
// y > 0 ? scale : y + scale alpha. x >= 0 gives scale * x (selu(-0) = -0).
// scale * alpha is kept as an exact pair sa_hi + sa_lo (the float product of two
// floats fits a double), so it costs no extra rounding anywhere.
#pragma once
#include "kernels/activation.hpp"
#include "kernels/math/expm1.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct selu : no_params {
    static constexpr const char* name = "selu";
    static constexpr bool has_from_output = true;
    // Subnormal x: selu(x) = scale x (x > 0) or scale alpha x (kernels/math/tiny.hpp).
    static constexpr tiny tiny_x = tiny::linear;
    static constexpr bool tiny_dx = true;
    template <class F> static dd_pair<F> tiny_x_slope(F x, const params_of<F>&) {
        const auto pos = x > F(0.0f);
        return {vselect(pos, F(scale), F(sa_hi)), vselect(pos, F(0.0f), F(sa_lo))};
    }
    static constexpr float alpha = 1.6732632f, scale = 1.0507010f;
    static constexpr double sa = double(scale) * double(alpha);  // exact
    static constexpr float sa_hi = float(sa);
    static constexpr float sa_lo = float(sa - double(sa_hi));

    template <class F> static F forward(F x, const params_of<F>&) {
        return vselect(x >= F(0.0f), F(scale) * x, mul_expm1</*NegativeOnly=*/true>(F(sa_hi), F(sa_lo), x, F(0.0f)));
    }
    template <class F> static F backward(F x, F dy, const params_of<F>&) {
        const F neg = dy_exp_mul(dy, x, F(0.0f), [](F d) { return vfma(d, F(sa_hi), d * F(sa_lo)); },
                                  /*c_moderate=*/true, /*uses_positive=*/false);
        return vselect(x > F(0.0f), dy * F(scale), neg);
    }
    // y + sa_hi is exact for y in [-sa, -sa/2] (Sterbenz), where it cancels.
    template <class F> static F backward_from_output(F y, F dy, const params_of<F>&) {
        return vselect(y > F(0.0f), dy * F(scale), dy * ((y + F(sa_hi)) + F(sa_lo)));
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
