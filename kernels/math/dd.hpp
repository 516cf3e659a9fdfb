// Double-float ("dd") vocabulary: a value as hi + lo, two floats, for the few
// places where float precision is not enough (sums that cancel, quotients that
// must be rounded once), plus Horner evaluation. All exact transformations use
// only + - * and vfma. Divisions of pairs are in div.hpp.
#pragma once
#include "kernels/simd/ops.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {

// The one pair type: value = hi + lo, |lo| small against hi (each producer
// documents its bound).
template <class F> struct dd_pair {
    F hi, lo;
};

// s + err = a + b exactly (Knuth's two-sum, any magnitudes).
template <class F> inline F two_sum(F a, F b, F& err) {
    const F s = a + b;
    const F bb = s - a;
    err = (a - (s - bb)) + (b - bb);
    return s;
}

// s + err = a + b exactly when |a| >= |b| (or a = 0) (Dekker's fast two-sum).
template <class F> inline F fast_two_sum(F a, F b, F& err) {
    const F s = a + b;
    err = (a - s) + b;
    return s;
}

// 1 + (th + tl) as hi + lo, for |th| <= 1 (fast two-sum, tl added to its error).
template <class F> inline dd_pair<F> one_plus(F th, F tl) {
    const F d = F(1.0f) + th;
    return {d, ((F(1.0f) - d) + th) + tl};
}

// p + err = a b exactly (one FMA; err is meaningless where a b under- or overflows).
template <class F> inline F two_prod(F a, F b, F& err) {
    const F p = a * b;
    err = vfms(a, b, p);
    return p;
}

// (ah + al)(bh + bl) as hi + lo (drops al bl; relative error ~2^-46).
template <class F> inline F dd_mul(F ah, F al, F bh, F bl, F& lo) {
    F e;
    const F hi = two_prod(ah, bh, e);
    lo = e + (ah * bl + al * bh);
    return hi;
}

// x (bh + bl) as hi + lo for a float x (e.g. x times a constant split in two floats).
template <class F> inline F dd_mul_f(F x, F bh, F bl, F& lo) {
    F e;
    const F hi = two_prod(x, bh, e);
    lo = e + x * bl;
    return hi;
}

// (d + d_lo)^2 as hi + lo (d_lo's square dropped).
template <class F> inline dd_pair<F> dd_square(F d, F d_lo) {
    F e;
    const F dd = two_prod(d, d, e);
    return {dd, e + F(2.0f) * d * d_lo};
}

// (ah + al)(bh + bl) rounded to float, al bl dropped (for a product whose
// factors are known to better than float, e.g. d R(d) at a function's zero).
template <class F> inline F dd_mul_rn(F ah, F al, F bh, F bl) { return vfma(ah, bh, vfma(ah, bl, al * bh)); }

// (h + l) s rounded to float (one FMA).
template <class F> inline F dd_times(F h, F l, F s) { return vfma(h, s, l * s); }

// v (hi + lo) rounded once (one FMA), e.g. dy times an unrounded f'(x).
// An infinite or zero v takes the plain v hi: the FMA would give inf - inf
// (NaN) where lo = 0, or a zero of the wrong sign where lo and hi differ in sign.
template <class F> inline F mul_dd_rn(F v, F hi, F lo) {
    const auto finite_nonzero = is_finite_nonzero(v);
    const F r = vfma(v, hi, v * lo);
    if (all(finite_nonzero)) return r;
    return vselect(finite_nonzero, r, v * hi);
}

// (d + d_lo)^2 rounded to float (one FMA).
template <class F> inline F dd_square_f(F d, F d_lo) { return vfma(d, d, (d + d) * d_lo); }

// Horner steps acc = acc * x + c for each float c in turn, one FMA each:
// horner(x, F(c_n), c_n-1, ..., c_0) = c_n x^n + ... + c_0.
template <class F> inline F horner(F, F acc) { return acc; }
template <class F, class... C> inline F horner(F x, F acc, float c, C... rest) {
    return horner(x, vfma(acc, x, F(c)), rest...);
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
