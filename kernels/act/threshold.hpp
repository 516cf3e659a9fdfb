// threshold(x) = x > threshold ? x : value, threshold = params.alpha,
// value = params.beta. No defaults (as in PyTorch): params are required, a NULL
// params pointer is SIMDACT_ERROR_INVALID_ARGUMENT. NaN parameters are errors.
// Derivative 1 above the threshold, 0 at it and below; NaN x -> NaN.
#pragma once
#include "kernels/activation.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct threshold {
    static constexpr const char* name = "threshold";
    static constexpr simdact_params defaults = {0.0f, 0.0f};  // never used: params_required
    static constexpr bool params_required = true;
    static constexpr bool has_from_output = false;
    static const char* invalid_params(const simdact_params& p) {
        if (p.alpha != p.alpha) return "threshold: threshold (alpha) is NaN";
        if (p.beta != p.beta) return "threshold: value (beta) is NaN";
        return nullptr;
    }
    static const char* invalid_for_output(const simdact_params&) { return nullptr; }

    // x <= threshold is false for NaN, so NaN passes through.
    template <class F> static F forward(F x, const params_of<F>& p) { return vselect(x <= p.alpha, p.beta, x); }
    template <class F> static F backward(F x, F dy, const params_of<F>& p) {
        return vselect(x > p.alpha, dy, zero_or_nan(x));
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
