// leaky_relu(x) = x > 0 ? x : slope * x, slope = params.alpha (default 0.01);
// leaky'(0) = slope. From the output only for slope > 0 (then y > 0 <=> x > 0).
#pragma once
#include <limits>

#include "kernels/activation.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct leaky_relu {
    static constexpr const char* name = "leaky_relu";
    static constexpr simdact_params defaults = {0.01f, 0.0f};
    static constexpr bool has_from_output = true;
    static const char* invalid_params(const simdact_params& p) {
        return p.alpha - p.alpha == 0.0f ? nullptr : "leaky_relu: slope (alpha) is NaN or infinite";
    }
    static const char* invalid_for_output(const simdact_params& p) {
        return p.alpha > 0.0f ? nullptr : "leaky_relu: backward from the output needs slope (alpha) > 0";
    }

    // Subnormal x: slope x, or x itself (kernels/math/tiny.hpp).
    static constexpr tiny tiny_x = tiny::linear;
    template <class F> static F tiny_x_slope(F x, const params_of<F>& p) {
        return vselect(x > F(0.0f), F(1.0f), p.alpha);
    }

    // slope 0 at x = -inf: the limit 0 * x = -slope (a signed zero), not 0 * inf
    // = NaN, by limiting x to -FLT_MAX then (a bound chosen once per call; vmax
    // passes NaN x).
    template <class F> static F forward(F x, const params_of<F>& p) {
        // 0 < slope <= 1 (the default 0.01; a loop-invariant test): slope x <= x
        // for x >= 0 and >= x for x <= 0, of x's sign, so the max is the result,
        // zeros' signs included; NaN x: vmax gives its second operand, slope NaN.
        // Same bits as the general form, two operations instead of four.
        if (all((p.alpha > F(0.0f)) & (p.alpha <= F(1.0f)))) return vmax(x, p.alpha * x);
        const F lowest = vselect(p.alpha == F(0.0f), F(-std::numeric_limits<float>::max()),
                                 F(-std::numeric_limits<float>::infinity()));
        return vselect(x > F(0.0f), x, p.alpha * vmax(lowest, x));
    }
    template <class F> static F backward(F x, F dy, const params_of<F>& p) {
        return vselect(x > F(0.0f), dy, nan_or(x, dy * p.alpha));
    }
    template <class F> static F backward_from_output(F y, F dy, const params_of<F>& p) {
        return vselect(y > F(0.0f), dy, nan_or(y, dy * p.alpha));
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
