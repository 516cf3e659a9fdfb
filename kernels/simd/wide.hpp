// Double-precision accumulation of float products, for reductions whose bits
// must not depend on the tier (PReLU's weight gradient).
//
// dacc<F> holds F::size double lanes; add_product(a, b) does, lane by lane,
// acc += double(a) * double(b). The product of two floats is exact in double
// (48-bit significand, no overflow or underflow), so the only rounding is the
// addition: a fused multiply-add (the vector tiers, one instruction fewer)
// and the scalar tier's multiply and add give the same bits, and a reduction
// that fixes which element goes to which lane and in what order gives identical
// results on every tier.
#pragma once
#include "kernels/simd/ops.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {

template <class F> struct dacc;

template <> struct dacc<scalar_f32> {
    double v;
    void zero() { v = 0.0; }
    void load(const double* p) { v = *p; }
    void store(double* p) const { *p = v; }
    void add_product(scalar_f32 a, scalar_f32 b) { v += double(a.v) * double(b.v); }
};

#if !defined(SIMDACT_SCALAR_ONLY)
#if defined(__AVX2__) && defined(__FMA__)
template <> struct dacc<avx2_f32> {
    __m256d lo, hi;
    void zero() { lo = hi = _mm256_setzero_pd(); }
    void load(const double* p) { lo = _mm256_loadu_pd(p); hi = _mm256_loadu_pd(p + 4); }
    void store(double* p) const { _mm256_storeu_pd(p, lo); _mm256_storeu_pd(p + 4, hi); }
    void add_product(avx2_f32 a, avx2_f32 b) {
        const __m256 av = a, bv = b;
        lo = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(av)), _mm256_cvtps_pd(_mm256_castps256_ps128(bv)),
                             lo);
        hi = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(av, 1)), _mm256_cvtps_pd(_mm256_extractf128_ps(bv, 1)),
                             hi);
    }
};
#endif

#if defined(__AVX512F__) && defined(__AVX512BW__)
template <> struct dacc<avx512_f32> {
    __m512d lo, hi;
    void zero() { lo = hi = _mm512_setzero_pd(); }
    void load(const double* p) { lo = _mm512_loadu_pd(p); hi = _mm512_loadu_pd(p + 8); }
    void store(double* p) const { _mm512_storeu_pd(p, lo); _mm512_storeu_pd(p + 8, hi); }
    static __m256 upper(__m512 v) { return _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)); }
    void add_product(avx512_f32 a, avx512_f32 b) {
        const __m512 av = a, bv = b;
        lo = _mm512_fmadd_pd(_mm512_cvtps_pd(_mm512_castps512_ps256(av)), _mm512_cvtps_pd(_mm512_castps512_ps256(bv)),
                             lo);
        hi = _mm512_fmadd_pd(_mm512_cvtps_pd(upper(av)), _mm512_cvtps_pd(upper(bv)), hi);
    }
};
#endif

#if defined(__aarch64__)
template <> struct dacc<neon_f32> {
    float64x2_t lo, hi;
    void zero() { lo = hi = vdupq_n_f64(0.0); }
    void load(const double* p) { lo = vld1q_f64(p); hi = vld1q_f64(p + 2); }
    void store(double* p) const { vst1q_f64(p, lo); vst1q_f64(p + 2, hi); }
    void add_product(neon_f32 a, neon_f32 b) {
        const float32x4_t av = a, bv = b;
        lo = vfmaq_f64(lo, vcvt_f64_f32(vget_low_f32(av)), vcvt_f64_f32(vget_low_f32(bv)));
        hi = vfmaq_f64(hi, vcvt_high_f64_f32(av), vcvt_high_f64_f32(bv));
    }
};
#endif
#endif  // !SIMDACT_SCALAR_ONLY

// acc += a * b in the lanes where m is false (+0 * +0 in the others, so an inf or
// NaN a or b there adds +0): both operands zeroed, then add_product.
template <class F, class M> inline void add_product_unless(dacc<F>& acc, M m, F a, F b) {
    acc.add_product(vselect(m, F(0.0f), a), vselect(m, F(0.0f), b));
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
