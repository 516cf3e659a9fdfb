// relu6(x) = hardtanh(x, 0, 6) = clamp(x, 0, 6); derivative 1 on 0 < x < 6,
// 0 at both kinks and outside (also from y). relu6(-0) = -0, NaN passes.
#pragma once
#include "kernels/activation.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct relu6 : no_params {
    static constexpr const char* name = "relu6";
    static constexpr bool has_from_output = true;

    template <class F> static F forward(F x, const params_of<F>&) { return vclamp(x, 0.0f, 6.0f); }
    template <class F> static F backward(F x, F dy, const params_of<F>&) {
        return vselect((x > F(0.0f)) & (x < F(6.0f)), dy, zero_or_nan(x));
    }
    template <class F> static F backward_from_output(F y, F dy, const params_of<F>&) {
        return vselect((y > F(0.0f)) & (y < F(6.0f)), dy, zero_or_nan(y));
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
