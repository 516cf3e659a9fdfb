// silu(x) = x * sigmoid(beta x), beta = params.alpha (default 1; any finite
// value). f' = s + beta x s (1 - s) = s (1 + z (1 - s)), z = beta x.
// z = beta x is kept exact as zh + zl (one FMA): the tail x e^z needs z to
// better than float precision. The maths is in kernels/math/sigmoid.hpp.
// silu(-inf) = -0 (for beta > 0); beta = 0 gives x / 2 also at +-inf.
#pragma once
#include <cmath>
#include "kernels/activation.hpp"
#include "kernels/math/sigmoid.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct silu {
    static constexpr const char* name = "silu";
    static constexpr simdact_params defaults = {1.0f, 0.0f};
    static constexpr bool has_from_output = false;
    // Subnormal x: silu(x) = x/2 and silu'(x) = 1/2 for |beta| <= 2^12 (on the
    // stand-in 2^-40, beta x stays below 2^-28; kernels/math/tiny.hpp).
    static constexpr tiny tiny_x = tiny::linear;
    static constexpr bool tiny_dx = true;
    static bool tiny_ok(const simdact_params& p) { return std::fabs(p.alpha) <= 0x1p12f; }
    template <class F> static F tiny_x_slope(F, const params_of<F>&) { return F(0.5f); }
    static const char* invalid_params(const simdact_params& p) {
        return (p.alpha - p.alpha == 0.0f) ? nullptr : "silu: beta (alpha) is NaN or infinite";
    }
    static const char* invalid_for_output(const simdact_params&) { return nullptr; }

    // z = beta x as zh + zl; 0 * inf (beta = 0) counts as z = 0, and zl is 0
    // where beta x is huge or infinite (the FMA would give inf - inf).
    // beta = 1 (the default) gives z = x exactly with the same bits as the
    // general path (1 x = x, remainder 0).
    template <class F> static void z_of(F x, const params_of<F>& p, F& zh, F& zl) {
        if (p.alpha_is_one) {
            zh = x;
            zl = F(0.0f);
            return;
        }
        const F beta = p.alpha;
        zh = beta * x;
        zh = vselect(is_nan(zh) & (x == x), F(0.0f), zh);
        const F lo = vfms(beta, x, zh);
        zl = vselect((vabs(zh) < F(0x1p100f)) & (lo == lo), lo, F(0.0f));
    }
    // beta = 1 takes the HasLo = false forms (zl = 0: no work on it). In two
    // stages for the forward loop's pipelining (kernels/loops.hpp).
    template <class F> static logistic_stage<F> forward_head(F x, const params_of<F>& p) {
        if (p.alpha_is_one) return mul_logistic_head(x, x, F(0.0f));
        F zh, zl;
        z_of(x, p, zh, zl);
        return mul_logistic_head(x, zh, zl);
    }
    template <class F> static F forward_tail(const logistic_stage<F>& s, const params_of<F>& p) {
        return p.alpha_is_one ? mul_logistic_tail</*HasLo=*/false>(s) : mul_logistic_tail</*HasLo=*/true>(s);
    }
    template <class F> static F forward(F x, const params_of<F>& p) { return forward_tail(forward_head(x, p), p); }
    template <class F> static F backward(F x, F dy, const params_of<F>& p) {
        if (p.alpha_is_one) return backward_of<false>(x, F(0.0f), dy);
        F zh, zl;
        z_of(x, p, zh, zl);
        return backward_of<true>(zh, zl, dy);
    }
    template <bool HasLo, class F> static F backward_of(F zh, F zl, F dy) {
        // Near the zero of f' (1 + z + e^z = 0, z0 = -1.2785, t0 = e^z0 = -(1 + z0)):
        // 1 + z + e^z = d (1 + t0 (e^d - 1)/d), d = z - z0 (z0 in two floats, zh - z0h
        // exact, the rest dl), the series of (e^d - 1)/d to d^4 (|d| < 0.06: error
        // < 2^-40), the product formed with one rounding.
        const F d = zh - F(-0x1.474974p+0f);         // exact
        const auto is_near = vabs(d) < F(0.06f);
        F near(0.0f);
        if (any(is_near)) {  // rare in a vector: skip the series otherwise
            const F dl = zl - F(0x1.bdf6fap-27f);
            F r = horner(d, F(0x1.6c16c2p-10f), 0x1.111112p-7f, 0x1.555556p-5f, 0x1.555556p-3f, 0.5f);
            r = vfma(F(0x1.1d25d0p-2f) * d, r, F(0x1.474974p+0f));  // R, its constant -z0 = 0x1.474974p+0 - 0x1.bdf6fap-27
            near = dd_mul_rn(d, dl, r, F(-0x1.bdf6fap-27f));         // (d + dl) R, rounded once
        }
        return mul_x_logistic_grad<HasLo>(dy, zh, zl, zh, zl, is_near, near);
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
