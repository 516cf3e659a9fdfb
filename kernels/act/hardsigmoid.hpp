// hardsigmoid(x) = clamp(x/6 + 1/2, 0, 1) = clamp((x + 3) / 6, 0, 1);
// derivative 1/6 on -3 < x < 3, 0 at the kinks and outside.
// The interior is computed on x clamped to [-3, 3] (so inf never reaches the
// arithmetic) by plus3_div6, rounded once: exact where the result is a float.
#pragma once
#include "kernels/activation.hpp"
#include "kernels/math/div6.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct hardsigmoid : no_params {
    static constexpr const char* name = "hardsigmoid";
    static constexpr bool has_from_output = true;

    template <class F> static F forward(F x, const params_of<F>&) {
        // The clamp lets NaN through. No clamp of the result is needed: (xc + 3) / 6
        // is in [0, 1] and plus3_div6 rounds faithfully, so it stays there
        // (xc = -3 gives +0, xc = 3 gives 1).
        const F xc = vclamp(x, -3.0f, 3.0f);
        return plus3_div6(without_tiny(xc));
    }
    // dy / 6 rounded once (div6); +0 outside, NaN x -> NaN.
    template <class F> static F backward(F x, F dy, const params_of<F>&) {
        const auto inside = (x > F(-3.0f)) & (x < F(3.0f));
        return vselect(inside, div6(dy), zero_or_nan(x));
    }
    template <class F> static F backward_from_output(F y, F dy, const params_of<F>&) {
        const auto inside = (y > F(0.0f)) & (y < F(1.0f));
        return vselect(inside, div6(dy), zero_or_nan(y));
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
