// tanh(x), odd: computed on a = |x| and given x's sign (so tanh(-0) = -0).
//   a < 0.5493 (tanh a < 1/2): a + a^3 * q(a^2), q a degree-4 minimax fit
//     (sollya fpminimax, relative error 2^-30);
//   otherwise with t = e^-2a: 1 - 2t / (1 + t), no cancellation since 2t/(1+t) <= 1/2.
// tanh' = 1 - tanh^2 = 4t / (1 + t)^2, accurate also where tanh rounds to 1.
#pragma once
#include "kernels/activation.hpp"
#include "kernels/math/sigmoid.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct tanh : no_params {
    static constexpr const char* name = "tanh";
    static constexpr bool has_from_output = true;
    // Subnormal x: tanh'(x) = 1; subnormal y: g(y) = 1 - y^2 = 1
    // (kernels/math/tiny.hpp; the forward needs no help: it clamps its exp argument).
    static constexpr tiny tiny_y = tiny::stand_in;
    static constexpr bool tiny_dx = true;

    template <class F> static F forward(F x, const params_of<F>&) {
        const F a = vabs(x);
        const F a2 = a * a;
        const F q = horner(a2, F(-0x1.9aa42p-8f), 0x1.591ed2p-6f, -0x1.b923e8p-5f, 0x1.110d02p-3f, -0x1.55554ap-2f);
        const F small = vfma(a * a2, q, a);

        // a clamped to [1/2, 10]: above 10, 2t / (1 + t) < 2^-27 and large rounds
        // to 1 either way; below 1/2 large is not selected (and a subnormal a
        // would make e^-2a slow microcoded operations); in between, 2^k >= 2^-29
        // is normal and one multiply scales exactly (exp_f32's two-step ldexp
        // gives the same bits). NaN passes.
        const exp_split<F> e = exp_parts_in_range(F(-2.0f) * vmax(F(0.5f), vmin(F(10.0f), a)));
        const F t = e.hi * pow2_of_biased(e.ks);
        const F large = F(1.0f) - vdiv(t + t, F(1.0f) + t);
        return with_sign_of(vselect(a < F(0x1.193ea8p-1f), small, large), x);
    }
    // 4t / (1 + t)^2, t = e^-2a: sigmoid's backward with a factor 4, in two
    // stages for the backward loop's pipelining (kernels/loops.hpp).
    template <class F> static logistic_grad_stage<F> backward_head(F x, F dy, const params_of<F>&) {
        return logistic_grad_head(dy, F(-2.0f) * vabs(x));
    }
    template <class F> static F backward_tail(const logistic_grad_stage<F>& g, const params_of<F>&) {
        return logistic_grad_tail(g, F(4.0f));
    }
    template <class F> static F backward(F x, F dy, const params_of<F>& p) { return backward_tail(backward_head(x, dy, p), p); }
    // 1 - y^2 computed exactly and rounded once by the FMA.
    template <class F> static F backward_from_output(F y, F dy, const params_of<F>&) {
        return dy * vfnma(y, y, F(1.0f));
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
