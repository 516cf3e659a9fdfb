// leaky_relu(x) = x > 0 ? x : slope * x, slope = params.alpha (default 0.01);
// leaky'(0) = slope. From the output only for slope > 0 (then y > 0 <=> x > 0).
#pragma once
#include "kernels/activation.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct leaky_relu {
    static constexpr const char* name = "leaky_relu";
    static constexpr simdact_params defaults = {0.01f, 0.0f};
    static constexpr bool has_from_output = true;
    static const char* invalid_params(const simdact_params& p) {
        return p.alpha == p.alpha ? nullptr : "leaky_relu: slope (alpha) is NaN";
    }
    static const char* invalid_for_output(const simdact_params& p) {
        return p.alpha > 0.0f ? nullptr : "leaky_relu: backward from the output needs slope (alpha) > 0";
    }

    template <class F> static F forward(F x, const params_of<F>& p) { return vselect(x > F(0.0f), x, p.alpha * x); }
    template <class F> static F backward(F x, F dy, const params_of<F>& p) {
        return vselect(x > F(0.0f), dy, vselect(is_nan(x), x, dy * p.alpha));
    }
    template <class F> static F backward_from_output(F y, F dy, const params_of<F>& p) {
        return vselect(y > F(0.0f), dy, vselect(is_nan(y), y, dy * p.alpha));
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
