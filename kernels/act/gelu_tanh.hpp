// gelu_tanh(x) = x/2 (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3).
// Since 1 + tanh(u) = 2 sigmoid(2u), gelu_tanh(x) = x sigmoid(z) with
// z = 2u = x (A + B x^2), A = 2 sqrt(2/pi), B = 0.044715 A: the maths of
// kernels/math/sigmoid.hpp (shared with silu), which needs z as a double-float
// (the tail x e^z for x < -3 is as accurate as z): z is evaluated with A, B
// split in two floats and x^2, B x^2, x (A + B x^2) kept exact by FMA residues.
// f' = s (1 + w (1 - s)), s = sigmoid(z), w = x z'(x) = x (A + 3 B x^2), also
// as a double-float so that f' near its zero (x = -0.75) does not cancel.
// |x| is clamped to 2^10 inside z and w: beyond, |z| > 7e7 and the result is
// x or -0 (f' 1 or 0), and x^3 cannot overflow.
#pragma once
#include "kernels/activation.hpp"
#include "kernels/math/sigmoid.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct gelu_tanh : no_params {
    static constexpr const char* name = "gelu_tanh";
    static constexpr bool has_from_output = false;
    // Subnormal x: gelu_tanh(x) = x/2, gelu_tanh'(x) = 1/2 (kernels/math/tiny.hpp).
    static constexpr tiny tiny_x = tiny::linear;
    static constexpr bool tiny_dx = true;
    template <class F> static F tiny_x_slope(F, const params_of<F>&) { return F(0.5f); }

    // x (ah + al + (bh + bl) x^2) as hi + lo (relative error ~2^-44).
    template <class F> static F poly(F x, F y_hi, F y_lo, F ah, F al, F bh, F bl, F& lo) {
        F pl;
        const F ph = dd_mul(bh, bl, y_hi, y_lo, pl);
        F e;
        const F sh = two_sum(ah, ph, e);
        const F sl = e + (al + pl);
        return dd_mul_f(x, sh, sl, lo);
    }
    // xc = x clamped, x^2 = yh + yl exact, z = zh + zl.
    template <class F> struct args {
        F xc, yh, yl, zh, zl;
    };
    template <class F> static args<F> args_of(F x) {
        args<F> a;
        a.xc = vclamp(x, -1024.0f, 1024.0f);
        a.yh = two_prod(a.xc, a.xc, a.yl);
        a.zh = poly(a.xc, a.yh, a.yl, F(0x1.988454p+0f), F(-0x1.857936p-25f), F(0x1.2444f2p-4f), F(0x1.49b16ap-29f),
                    a.zl);
        return a;
    }

    // In two stages for the forward loop's pipelining (kernels/loops.hpp).
    template <class F> static logistic_stage<F> forward_head(F x, const params_of<F>&) {
        const args<F> a = args_of(x);
        return mul_logistic_head(x, a.zh, a.zl);
    }
    template <class F> static F forward_tail(const logistic_stage<F>& s, const params_of<F>&) {
        return mul_logistic_tail</*HasLo=*/true>(s);
    }
    template <class F> static F forward(F x, const params_of<F>& p) { return forward_tail(forward_head(x, p), p); }
    template <class F> static F backward(F x, F dy, const params_of<F>&) {
        const args<F> a = args_of(x);
        const F xc = a.xc;
        F wl;
        const F wh =
            poly(xc, a.yh, a.yl, F(0x1.988454p+0f), F(-0x1.857936p-25f), F(0x1.b6676cp-3f), F(-0x1.175e2p-32f), wl);
        // Near the zero of f' (1 + w + e^z = 0 at x0 = -0.75246): that sum as
        // d R(d), d = x - x0 (x0 in two floats, x - x0h exact), R the Taylor
        // polynomial to d^6 (sollya, |d| < 0.06: truncation < 2^-38).
        const F d = xc - F(-0x1.8142a0p-1f);  // exact; d - 0x1.85a06cp-27 is x - x0
        const auto is_near = vabs(d) < F(0.06f);
        F near(0.0f);
        if (any(is_near)) {  // rare in a vector: skip the series otherwise
            // R's constant term stands for 0x1.3af6cep+1 - 0x1.f53b62p-24
            const F r = horner(d, F(0x1.e3b484p-9f), 0x1.721f46p-7f, 0x1.f37b84p-6f, 0x1.3720c6p-4f, 0x1.9a0ef6p-2f,
                               -0x1.993cd4p-4f, 0x1.3af6cep+1f);
            near = dd_mul_rn(d, F(-0x1.85a06cp-27f), r, F(-0x1.f53b62p-24f));
        }
        return mul_x_logistic_grad(dy, a.zh, a.zl, wh, wl, is_near, near);
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
