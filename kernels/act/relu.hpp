// relu(x) = x < 0 ? 0 : x (NaN and -0 pass through); relu'(0) = 0.
#pragma once
#include "kernels/activation.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct relu : no_params {
    static constexpr const char* name = "relu";
    static constexpr bool has_from_output = true;

    template <class F> static F forward(F x, const params_of<F>&) { return vselect(x < F(0.0f), F(0.0f), x); }
    template <class F> static F backward(F x, F dy, const params_of<F>&) {
        return where_positive(x, dy);
    }
    template <class F> static F backward_from_output(F y, F dy, const params_of<F>&) {
        return where_positive(y, dy);
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
