// e^x - 1 (expm1_f32) and dy * e^x scaled last (exp_mul), on one reduction
// that also takes a low part: e^(x + lo) for an argument known to better than
// float (x/alpha in celu, beta*x in softplus).
//
// Reduction (identical on every tier):
//   k = round(x / ln2) (1.5*2^23 shifter), but k = 0 for |x| < 1/2 so that
//   expm1 of a small x is the polynomial alone (no 2^k - 1 cancellation);
//   r = x - k*ln2_hi is exact (ln2_hi = float(ln2): for |x| >= 1/2 both are
//   multiples of 2^-24 and |r| < 1/2), c = lo - k*ln2_lo is the small rest, and
//   e^(r + c) - 1 = r + (c + rr^2 q(rr)) with rr = r + c: r is never rounded.
//   q: degree-5 minimax of (e^r - 1 - r)/r^2 on [-1/2, 1/2] (sollya fpminimax,
//   single coefficients, absolute error 2^-27.6 in (e^r - 1 - r)/r).
// So e^(x + lo) = (1 + p) * 2^k with p = e^(r+c) - 1 rounded once.
#pragma once
#include "kernels/math/exp.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {

template <class F> struct expm1_split {
    F p;                          // e^(r + c) - 1, |p| < 0.65
    decltype(as_i32(F())) k;      // in [-252, 252]
};

// e^(x + lo) = (1 + p) * 2^k for x clamped to [-175, 175] (beyond, the factor
// is 0 or inf for any |dy| < 2^100); |lo| must be below ulp(x) (and finite).
template <class F> inline expm1_split<F> expm1_parts(F x, F lo) {
    using I = decltype(as_i32(x));
    const F xc = vmin(F(175.0f), vmax(F(-175.0f), x));  // NaN passes (second operand)
    const F shifter(0x1.8p23f);
    F k = vfma(xc, F(0x1.715476p+0f), shifter) - shifter;
    k = vselect(vabs(x) < F(0.5f), F(0.0f), k);
    const F r = vfma(k, F(-0x1.62e430p-1f), xc);  // exact
    const F c = vfma(k, F(0x1.05c610p-29f), lo);  // -k * (ln2 - ln2_hi) + lo
    const F rr = r + c;
    F q = vfma(F(0x1.a3b1c2p-13f), rr, F(0x1.6f1bcp-10f));
    q = vfma(q, rr, F(0x1.110e44p-7f));
    q = vfma(q, rr, F(0x1.555204p-5f));
    q = vfma(q, rr, F(0x1.555558p-3f));
    q = vfma(q, rr, F(0x1.000002p-1f));
    const F p = r + vfma(rr * rr, q, c);
    const I ki = as_i32(k + shifter) - as_i32(shifter);
    return {p, ki};
}

// v * (e^(x + lo) - 1) for every float x (NaN -> NaN, -inf -> -v, +inf -> v*inf,
// -0 -> v*-0, tiny x -> v*x), no intermediate overflow when |v| < 1:
//   |x| < 1/2:  v p (k = 0; p gets x's sign, which keeps -0);
//   x <= 87:    with s = 2^(k-1), 2^k (1 + p) - 1 = 2 (s p + (s - 1/2)), s - 1/2
//               exact where it matters, the doubling exact;
//   x > 87:     v (1 + p) 2^k scaled last (the -v is below half an ULP).
template <class F> inline F mul_expm1(F v, F x, F lo) {
    using I = decltype(as_i32(x));
    const expm1_split<F> e = expm1_parts(vmax(F(-80.0f), x), lo);  // -80: e^x - 1 = -1 in float
    const F s = pow2i<F>(e.k - I(1));  // valid where used (x <= 87: k <= 126)
    const F h = v * vfma(s, e.p, s - F(0.5f));
    const F small = v * as_f32(as_i32(e.p) | as_i32(sign_bit(x)));
    const F big = ldexp_i(vfma(v, e.p, v), e.k);
    return vselect(vabs(x) < F(0.5f), small, vselect(x > F(87.0f), big, h + h));
}

// e^(x + lo) - 1 (expm1 has the sign of x: expm1(-0) = -0).
template <class F> inline F expm1_f32(F x, F lo) { return mul_expm1(F(1.0f), x, lo); }
template <class F> inline F expm1_f32(F x) { return expm1_f32(x, F(0.0f)); }

// v * e^(x + lo): v (1 + p) rounded once, then scaled by 2^k (ldexp_i), so a
// subnormal e^x times a large v keeps its precision.
template <class F> inline F exp_mul(F v, F x, F lo) {
    const expm1_split<F> e = expm1_parts(x, lo);
    return ldexp_i(vfma(v, e.p, v), e.k);
}
template <class F> inline F exp_mul(F v, F x) { return exp_mul(v, x, F(0.0f)); }

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
