// exp(x) = e^x; exp' = e^x; from the output: y.
// Forward is exp_f32 (exp.hpp); backward dy e^x by dy_exp_mul (expm1.hpp), the 2^k
// scaling last, so dy e^x is right where e^x alone is subnormal or overflows.
#pragma once
#include "kernels/activation.hpp"
#include "kernels/math/exp.hpp"
#include "kernels/math/expm1.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct exp : no_params {
    static constexpr const char* name = "exp";
    static constexpr bool has_from_output = true;
    // Subnormal x: e^x = 1; subnormal y: dy y (kernels/math/tiny.hpp).
    static constexpr tiny tiny_x = tiny::stand_in, tiny_y = tiny::linear;
    static constexpr bool tiny_dx = true;
    static constexpr float tiny_y_slope = 1.0f;

    template <class F> static F forward(F x, const params_of<F>&) { return exp_f32(x); }
    template <class F> static F backward(F x, F dy, const params_of<F>&) {
        return dy_exp_mul(dy, x, F(0.0f), [](F d) { return d; }, /*c_moderate=*/true, /*uses_positive=*/true);
    }
    template <class F> static F backward_from_output(F y, F dy, const params_of<F>&) { return dy * y; }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
