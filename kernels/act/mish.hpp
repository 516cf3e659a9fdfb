// mish(x) = x tanh(softplus(x)), written without log: with E = e^x,
//   tanh(log(1 + E)) = n / (n + 2),  n = E (E + 2),
//   mish = x E (E + 2) / w,          w = E (E + 2) + 2,
//   mish' = E ((E + 2) w + 4 x (1 + E)) / w^2.
// E = (hi + lo) 2^k (exp_parts_fine forward, exp_dd backward): the factor E in front is kept as hi + lo and
// 2^k is applied last, so the tail (mish(-100) = -3.7e-42, subnormal) keeps
// its precision; inside the brackets E is used scaled (added to 2, it may
// underflow). Sums and products are double-floats and the quotient a dd
// division, so the forward is rounded about once, and (E + 2) w + 4 x (1 + E),
// which cancels at the zero of mish' (x = -1.19), keeps its low bits.
// x >= 20: mish = x and mish' = 1 in float (the deviation is < 2^-50 relative);
// this also keeps E^3 far from overflow. x < -200 is clamped (result -0).
#pragma once
#include "kernels/activation.hpp"
#include "kernels/math/div.hpp"
#include "kernels/math/exp_dd.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace act {

struct mish : no_params {
    static constexpr const char* name = "mish";
    static constexpr bool has_from_output = false;
    // Subnormal x: mish(x) = tanh(ln 2) x = 0.6 x (0.6 as a pair), mish'(x) = 0.6
    // (kernels/math/tiny.hpp).
    static constexpr tiny tiny_x = tiny::linear;
    static constexpr bool tiny_dx = true;
    template <class F> static dd_pair<F> tiny_x_slope(F, const params_of<F>&) {
        return {F(0.6f), F(float(0.6 - double(0.6f)))};
    }

    // The brackets, from E scaled (eh + el): a = E + 2, w = E a + 2.
    template <class F> struct brackets {
        F ah, al, wh, wl;
    };
    template <class F> static brackets<F> brackets_of(F eh, F el) {
        brackets<F> b;
        F err, pl;
        b.ah = two_sum(F(2.0f), eh, err);
        b.al = err + el;
        const F ph = dd_mul(eh, el, b.ah, b.al, pl);
        b.wh = two_sum(ph, F(2.0f), err);
        b.wl = err + pl;
        return b;
    }
    // The backward's terms: E from exp_dd (unscaled parts and scaled) and the brackets.
    template <class F> struct terms {
        exp_dd_t<F> e;
        F eh, el, ah, al, wh, wl;
    };
    template <class F> static terms<F> terms_of(F xc) {
        terms<F> t;
        t.e = exp_dd(xc);
        const dd_pair<F> es = scaled_addend(t.e);
        t.eh = es.hi;
        t.el = es.lo;
        const brackets<F> b = brackets_of(t.eh, t.el);
        t.ah = b.ah, t.al = b.al, t.wh = b.wh, t.wl = b.wl;
        return t;
    }

    // Forward: E from exp_parts_fine (2^-26.8; the backward keeps exp_dd's 2^-31
    // for the zero of mish'), 2^k by one multiply where every lane has
    // x >= -64 (2^k normal), else by ldexp_i in the lanes below ("late"; k
    // below -252 moved into q first). Lanes above -64 run the same operations
    // on either path.
    // In two stages for the forward loop's pipelining (kernels/loops.hpp): E's
    // parts, then the rest.
    template <class F> struct forward_stage {
        F x, xc;
        exp_split<F> e;
    };
    template <class F> static forward_stage<F> forward_head(F x, const params_of<F>&) {
        const F xc = vclamp(x, -200.0f, 20.0f);
        return {x, xc, exp_parts_fine(xc)};
    }
    template <class F> static F forward_tail(const forward_stage<F>& s, const params_of<F>&) {
        const F r = all(s.xc >= F(-64.0f)) ? forward_of<false>(s.xc, s.e) : forward_of<true>(s.xc, s.e);
        return vselect(s.x >= F(20.0f), s.x, r);
    }
    template <class F> static F forward(F x, const params_of<F>& p) { return forward_tail(forward_head(x, p), p); }
    // e = exp_parts_fine(xc).
    template <bool MaybeLate, class F> static F forward_of(F xc, const exp_split<F>& e) {
        using I = decltype(as_i32(xc));
        const auto late = xc < F(-64.0f);
        // 2^k (1 in late lanes) for the result; E inside the brackets is added
        // to 2 (below 2^-100, pow2_addend's 0)
        const late_scales<F> sc = late_scales_of<MaybeLate>(e, late);
        const brackets<F> b = brackets_of(e.hi * sc.st, e.lo * sc.st);
        F ml, nl;
        const F mh = dd_mul(e.hi, e.lo, b.ah, b.al, ml);
        const F nh = dd_mul_f(xc, mh, ml, nl);
        const F q = dd_div(nh, nl, b.wh, b.wl) * sc.s;
        if constexpr (!MaybeLate) return q;
        // x <= -200 (clamped): |mish| < 2^-280, a -0; scaled as a zero (no
        // underflowing multiply: a microcode assist, 0.27x on huge |x|)
        return ldexp_below(vselect(xc <= F(-200.0f), with_sign_of(F(0.0f), q), q), vselect(late, e.k, I(0)));
    }
    template <class F> static F backward(F x, F dy, const params_of<F>&) {
        const F xc = vclamp(x, -200.0f, 20.0f);
        const terms<F> t = terms_of(xc);
        F awl, err, cl;
        const F awh = dd_mul(t.ah, t.al, t.wh, t.wl, awl);
        const F bh = two_sum(F(1.0f), t.eh, err);
        const F bl = err + t.el;
        const F x4 = F(4.0f) * xc;
        const F ch = dd_mul_f(x4, bh, bl, cl);
        const F gh = two_sum(awh, ch, err);
        // Near the zero of mish' (x0 = -1.19243) the sum above is still limited by
        // E's error (2^-31): there G = d R(d), d = x - x0 (x0 in two floats,
        // x - x0h exact), R the Taylor polynomial of G(x0 + d)/d to d^6 (sollya,
        // |d| < 0.06: truncation < 2^-40).
        const F d = xc - F(-0x1.31432cp+0f);  // exact; d + 0x1.a25b08p-29 is x - x0
        const auto is_near = vabs(d) < F(0.06f);
        F near(0.0f);
        if (any(is_near)) {  // rare in a vector: skip the series otherwise
            // R's constant term stands for 0x1.9a1c16p+2 - 0x1.410906p-23
            const F rr = horner(d, F(0x1.7cd9d6p-6f), 0x1.259c96p-4f, 0x1.ab1450p-3f, 0x1.1d9a62p-1f, 0x1.49433ep+0f,
                               0x1.21b0c8p+1f, 0x1.9a1c16p+2f);
            near = dd_mul_rn(d, F(0x1.a25b08p-29f), rr, F(-0x1.410906p-23f));
        }
        const F g_hi = vselect(is_near, near, gh);
        const F g_lo = vselect(is_near, F(0.0f), (err + awl) + cl);
        // E g / w^2 unrounded, dy multiplied in by one FMA (one rounding). Where
        // E's 2^k > 1 (x > 0) E is taken scaled (exact there): the quotient is
        // then ~1, not ~2^-k, which a tiny dy would push into the subnormals;
        // otherwise 2^k is applied last, for the tail.
        const auto scaled = t.e.k > F(0.0f);
        F nl;
        const F nh = dd_mul(vselect(scaled, t.eh, t.e.hi), vselect(scaled, t.el, t.e.lo), g_hi, g_lo, nl);
        const dd_pair<F> w2 = dd_square(t.wh, t.wl);
        const dd_pair<F> q = dd_quotient(nh, nl, w2.hi, w2.lo);
        const F r = mul_pow2(mul_dd_rn(dy, q.hi, q.lo), vmin(t.e.k, F(0.0f)));
        return vselect(x >= F(20.0f), dy, r);
    }
};

}  // namespace act
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
