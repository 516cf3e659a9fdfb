// tanhshrink(x) = x - tanh x, odd: computed on a = |x| and given x's sign
// (tanhshrink(-0) = -0).
//   a < 1: x - tanh x cancels, so it is never formed: a^3 P(a^2) with
//     P(y) = (sqrt(y) - tanh sqrt(y)) / y^(3/2) = 1/3 - 2y/15 + ..., a degree-8
//     fit on [0, 1] (sollya fpminimax, relative error 2^-31, constant term a
//     double split in two floats). a^2 and a^2 P are double-floats and a is
//     multiplied in last, so tiny results (a^3/3 down to subnormals) round once.
//   a >= 1: with t = e^-2a, a - tanh a = (a - 1) + 2t / (1 + t): a - 1 is exact
//     and both terms are >= 0, so nothing cancels.
// tanhshrink' = tanh^2, with tanh a = a (1 - a^2 P) (a < 1) or 1 - 2t/(1+t) as
// a double-float T; dy T^2 = (dy Th) Th + (dy Th) 2 Tl, dy multiplied in before
// the square can underflow.
#pragma once
#include <limits>

#include "kernels/activation.hpp"
#include "kernels/math/div.hpp"
#include "kernels/math/exp.hpp"
#include "kernels/math/tiny.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct tanhshrink : no_params {
    static constexpr const char* name = "tanhshrink";
    static constexpr bool has_from_output = false;
    // Subnormal x: tanhshrink(x) = x^3/3 rounds to a zero of x's sign (slope 0;
    // kernels/math/tiny.hpp). The backward is dy x^2 (the stand-in would give
    // dy 2^-80): tiny_backward.
    static constexpr tiny tiny_x = tiny::linear;
    static constexpr bool tiny_dx = true;
    template <class F> static F tiny_x_slope(F, const params_of<F>&) { return F(0.0f); }
    // dy tanh(x)^2 for subnormal x, = dy x^2 to far below a subnormal step, with
    // no multiply that reads x: with am = |x| 2^149 (an integer), dy x^2 =
    // c |x| for c = dy am 2^-149 = (dy am 2^-32) 2^-117, the product made
    // exact as a pair (two_prod; am 2^-32 < 2^-9, so no overflow) and put in by
    // mul_tiny. |c| < 2^-24 gives |dy x^2| < 2^-150: a zero of dy's sign, built
    // from c = 0 (c's own scaling would round into the subnormals). Within
    // 0.5 ULP (an exact tie of dy x^2 rounds to even, where tanh^2 < x^2 says
    // down); dy = +-inf gives +-inf, NaN dy NaN.
    template <class F> static F tiny_backward(F x, F dy, const params_of<F>&) {
        F pl;
        const F ph = two_prod(dy, abs_mantissa_scaled(x) * F(0x1p-32f), pl);
        const auto big = ~(vabs(ph) < F(0x1p93f));  // also +-inf and NaN
        const F ch = vselect(big, ph * F(0x1p-117f), with_sign_of(F(0.0f), dy));
        const F cl = vselect(big & (vabs(ph) < F(std::numeric_limits<float>::infinity())), pl * F(0x1p-117f), F(0.0f));
        return mul_tiny(ch, cl, vabs(x));
    }

    // a^2 P(a^2) as sh + sl.
    template <class F> static F y_p(F a, F& sl) {
        F yl;
        const F yh = two_prod(a, a, yl);
        const F q = horner(yh, F(0x1.9801e6p-15f), -0x1.62d8e4p-12f, 0x1.45f2eep-10f, -0x1.c8111cp-9f,
                           0x1.213cd0p-7f, -0x1.6632fcp-6f, 0x1.ba1a4ep-5f, -0x1.11110ep-3f);
        const F tail = vfma(q, yh, F(-0x1.59dc32p-27f));
        F e;
        const F ph = two_sum(F(0x1.555556p-2f), tail, e);
        return dd_mul(yh, yl, ph, e, sl);
    }
    // 2t / (1 + t), t = e^-2a (a >= 1 where it is used), as a float within
    // ~0.5 ULP. t from exp_parts_fine (2^-26.8); its 2^k is held at 2^-60 or
    // above: beyond, a > 20.8, g < 2^-58 and a - 1 > 19.8, whose ULP it
    // cannot reach, and t stays normal (no assists).
    template <class F> static F g_of(F a) {
        const exp_split<F> e = exp_parts_fine(vmax(F(-200.0f), F(-2.0f) * a));  // NaN passes
        // 2^max(k, -60): ks's bits order as k does (a positive float), and the
        // integer max is the shorter dependency chain (a float max cost 0.97x)
        const F s = pow2_of_biased(as_f32(vmax(as_i32(e.ks), as_i32(F(biased_shifter - 60.0f)))));
        const F th = e.hi * s, tl = e.lo * s;
        const dd_pair<F> d = one_plus(th, tl);
        return div_refined(th + th, tl + tl, d.hi, d.lo, recip_1_2(d.hi));
    }

    template <class F> static F forward(F x, const params_of<F>&) {
        const F a = vabs(x);
        F sl;
        const F sh = y_p(a, sl);
        const F small = vfma(a, sh, a * sl);
        const F large = (a - F(1.0f)) + g_of(a);
        return with_sign_of(vselect(a < F(1.0f), small, large), x);
    }
    template <class F> static F backward(F x, F dy, const params_of<F>&) {
        const F a = vabs(x);
        F sl, e;
        const F sh = y_p(a, sl);
        // a < 1: T = a (1 - s)
        const F uh = two_sum(F(1.0f), vneg(sh), e);
        const F ul = e - sl;
        F tl_small;
        const F th_small = dd_mul(a, F(0.0f), uh, ul, tl_small);
        // a >= 1: T = 1 - g
        const F g = g_of(a);
        const F th_large = F(1.0f) - g;
        const F tl_large = (F(1.0f) - th_large) - g;
        const auto small = a < F(1.0f);
        const F th = vselect(small, th_small, th_large);
        const F tl = vselect(small, tl_small, tl_large);
        const F r = dy * th;
        // dy = +-inf: r th alone (r 2 tl would be inf * 0 or -inf, a NaN)
        const F correction = vselect(vabs(r) < F(std::numeric_limits<float>::infinity()), r * (tl + tl), F(0.0f));
        return vfma(r, th, correction);
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
