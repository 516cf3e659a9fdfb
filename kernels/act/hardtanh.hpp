// hardtanh(x) = clamp(x, min, max), min = params.alpha (-1), max = params.beta (1);
// derivative 1 on min < x < max, 0 at both kinks and outside (also from y).
// min > max (or a NaN bound) is an error; min == max is a constant.
// vmax(min, x) / vmin(max, .) put the constant first so NaN passes and
// hardtanh(-0) = -0 (a tie returns x).
#pragma once
#include "kernels/activation.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct hardtanh {
    static constexpr const char* name = "hardtanh";
    static constexpr simdact_params defaults = {-1.0f, 1.0f};
    static constexpr bool has_from_output = true;
    static const char* invalid_params(const simdact_params& p) {
        if (p.alpha != p.alpha) return "hardtanh: min (alpha) is NaN";
        if (p.beta != p.beta) return "hardtanh: max (beta) is NaN";
        if (p.alpha > p.beta) return "hardtanh: min (alpha) > max (beta)";
        return nullptr;
    }
    static const char* invalid_for_output(const simdact_params&) { return nullptr; }

    template <class F> static F forward(F x, const params_of<F>& p) { return vmin(p.beta, vmax(p.alpha, x)); }
    template <class F> static F backward(F x, F dy, const params_of<F>& p) {
        return vselect((x > p.alpha) & (x < p.beta), dy, zero_or_nan(x));
    }
    template <class F> static F backward_from_output(F y, F dy, const params_of<F>& p) {
        return vselect((y > p.alpha) & (y < p.beta), dy, zero_or_nan(y));
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
