// sigmoid(x) = 1 / (1 + e^-x)
//
// With t = e^-|x| (never overflows): sigmoid = (x < 0 ? t : 1) / (1 + t), so
// results down to the subnormal range keep full relative accuracy
// (sigmoid(-100) = 3.78e-44, not 0), and sigmoid' = t / (1 + t)^2 needs no
// cancelling 1 - sigmoid.
#pragma once
#include "kernels/activation.hpp"
#include "kernels/math/sigmoid.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct sigmoid : no_params {
    static constexpr const char* name = "sigmoid";
    static constexpr bool has_from_output = true;
    // Subnormal x: f(0) = 1/2, f'(0) = 1/4; subnormal y: g(y) = y (1 - y) = y,
    // dy y rounded once as before (kernels/math/tiny.hpp).
    static constexpr tiny tiny_x = tiny::stand_in, tiny_y = tiny::linear;
    static constexpr bool tiny_dx = true;
    static constexpr float tiny_y_slope = 1.0f;

    // With t = e^-|x| = (hi + lo) * 2^k and 1 + t = d + d_lo kept unrounded,
    // div_refined gives about 0.5 ULP where rounding t, 1 + t and the quotient
    // separately costs up to ~2 (forward) or ~4 (backward).
    // In two stages for the loops' pipelining (kernels/loops.hpp): t = e^-|x|
    // as hi + lo, then the quotient.
    template <class F> struct forward_stage {
        dd_pair<F> t;
        F x;
    };
    template <class F> static forward_stage<F> forward_head(F x, const params_of<F>&) {
        // Below -150 e^-a 2^k rounds to +0 (hi) and +-0 (lo), as exp_parts's
        // zeroing would give, and the quotient to +0 (sigmoid(-150) = 7e-66).
        const F minus_a = vneg_abs(x);
        dd_pair<F> t;
        if constexpr (has_scalef<F>) {
            // hi 2^k and lo 2^k each rounded once whatever k (exp_scalef)
            const exp_split<F> e = exp_parts_in_range(minus_a);
            const F k = float_of_biased(e.ks);
            t = {exp_scalef(e.hi, k, minus_a), exp_scalef(e.lo, k, minus_a)};
        } else if (__builtin_expect(all(minus_a >= F(-87.0f)), 1)) {  // 2^k normal: one multiply, no clamp
            const exp_split<F> e = exp_parts_in_range(minus_a);
            const F s = pow2_of_biased(e.ks);
            t = {e.hi * s, e.lo * s};
        } else {
            t = exp_scaled(minus_a, exp_parts_in_range(vmax(F(-150.0f), minus_a)));
        }
        return {t, x};
    }
    template <class F> static F forward_tail(const forward_stage<F>& s, const params_of<F>&) {
        const dd_pair<F> d = one_plus(s.t.hi, s.t.lo);
        const auto negative = s.x < F(0.0f);
        return div_refined(vselect(negative, s.t.hi, F(1.0f)), vselect(negative, s.t.lo, F(0.0f)), d.hi, d.lo,
                           recip_1_2(d.hi));
    }
    template <class F> static F forward(F x, const params_of<F>& p) { return forward_tail(forward_head(x, p), p); }
    // dy * t / (1 + t)^2, the power of two 2^k of t applied last so that a
    // subnormal t does not lose precision before it meets dy.
    // In two stages for the backward loop's pipelining (kernels/loops.hpp).
    template <class F> static logistic_grad_stage<F> backward_head(F x, F dy, const params_of<F>&) {
        return logistic_grad_head(dy, vneg_abs(x));
    }
    template <class F> static F backward_tail(const logistic_grad_stage<F>& g, const params_of<F>&) {
        return logistic_grad_tail(g, F(1.0f));
    }
    template <class F> static F backward(F x, F dy, const params_of<F>& p) { return backward_tail(backward_head(x, dy, p), p); }
    // y(1 - y): 1 - y is exact for y >= 1/2 and y(1 - y) never cancels.
    template <class F> static F backward_from_output(F y, F dy, const params_of<F>&) {
        return dy * (y * (F(1.0f) - y));
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
