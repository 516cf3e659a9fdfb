// softshrink(x) = x > l ? x - l : x < -l ? x + l : 0, l = params.alpha (0.5),
// l >= 0 (negative or NaN is an error). Each branch is one correctly rounded
// operation; the zero region gives +0, NaN -> NaN (not PyTorch's 0).
// Derivative 1 for |x| > l, 0 on [-l, l] (kinks included).
#pragma once
#include <limits>

#include "kernels/activation.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct softshrink {
    static constexpr const char* name = "softshrink";
    static constexpr simdact_params defaults = {0.5f, 0.0f};
    static constexpr bool has_from_output = false;
    static const char* invalid_params(const simdact_params& p) {
        if (p.alpha != p.alpha) return "softshrink: lambda (alpha) is NaN";
        if (p.alpha < 0.0f) return "softshrink: lambda (alpha) < 0";
        return nullptr;
    }
    static const char* invalid_for_output(const simdact_params&) { return nullptr; }

    template <class F> static F forward(F x, const params_of<F>& p) {
        // Finite lambda (a loop-invariant test): x - clamp(x, -l, l) is x - l,
        // x - (-l) = x + l, or x - x = +0, the same single roundings; NaN passes
        // the clamp. Three operations instead of eight. (l = inf: inf - inf.)
        if (all(p.alpha < F(std::numeric_limits<float>::infinity())))
            return x - vmin(p.alpha, vmax(vneg(p.alpha), x));
        return vselect(x > p.alpha, x - p.alpha, vselect(x < vneg(p.alpha), x + p.alpha, zero_or_nan(x)));
    }
    template <class F> static F backward(F x, F dy, const params_of<F>& p) {
        return vselect(vabs(x) > p.alpha, dy, zero_or_nan(x));
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
