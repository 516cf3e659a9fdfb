// hardshrink(x) = |x| > lambda ? x : 0, lambda = params.alpha (0.5), lambda >= 0
// (negative or NaN lambda is an error). The zero region gives +0; the
// derivative is 1 outside [-lambda, lambda] and 0 on it (kinks included).
#pragma once
#include "kernels/activation.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct hardshrink {
    static constexpr const char* name = "hardshrink";
    static constexpr simdact_params defaults = {0.5f, 0.0f};
    static constexpr bool has_from_output = false;
    static const char* invalid_params(const simdact_params& p) {
        if (p.alpha != p.alpha) return "hardshrink: lambda (alpha) is NaN";
        if (p.alpha < 0.0f) return "hardshrink: lambda (alpha) < 0";
        return nullptr;
    }
    static const char* invalid_for_output(const simdact_params&) { return nullptr; }

    // "not |x| <= lambda" is also true for NaN, which so passes as itself: one
    // compare and a zeroing select (the compare-and-select of zero_or_nan gone).
    template <class F> static F forward(F x, const params_of<F>& p) {
        return vselect(~(vabs(x) <= p.alpha), x, F(0.0f));
    }
    template <class F> static F backward(F x, F dy, const params_of<F>& p) {
        return vselect(vabs(x) > p.alpha, dy, zero_or_nan(x));
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
