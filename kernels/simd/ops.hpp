// The vector vocabulary every activation is written in.
//
// Maths is written once as templates over a float vector type F: either
// xsimd::batch<float, Arch> for a SIMD tier, or scalar_f32 (one lane) for the
// portable tier. This header gives both the same operations with the same
// rounding, so every tier returns the same bits:
//   - operators + - * on F and comparisons, from xsimd (exactly rounded);
//   - vneg: sign flip (xsimd 8.1's unary minus on AVX-512 is 0 - x: not used);
//   - vfma (a*b + c), vfnma (c - a*b), vfms (a*b - c), vdiv, vsqrt: always one exactly rounded instruction (xsimd's fma on
//     AVX-512 is a*b+c and its neon64 division is an estimate: not used);
//   - vmin/vmax with x86 semantics (second operand when either is NaN);
//   - bit casts, integer shifts, selects.
// Kernel TUs are built with -ffp-contract=off: a fused multiply-add happens only
// where vfma says so.
//
// Every kernel header lives in the per-tier namespace simdact::SIMDACT_TIER_NS
// so that no inline function is shared between translation units built with
// different instruction sets (see tests/symbols_test.cmake).
#pragma once

#ifndef SIMDACT_TIER_NS
#error "kernel headers are included only by a tier translation unit (kernels/isa/*.cpp)"
#endif

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if !defined(SIMDACT_SCALAR_ONLY)
#include <xsimd/xsimd.hpp>
#endif

namespace simdact {
namespace SIMDACT_TIER_NS {

// Whether a divide costs more than a few FMAs on F (kernels/math/div6.hpp):
// AVX-512's vdivps zmm bounded hardsigmoid' at 6 Gelem/s, where AVX2's divide
// beat the FMA form (0.85x).
template <class F> constexpr bool divide_is_slow = false;
// Streaming (non-temporal) stores of whole vectors to addresses aligned to the
// vector width, for outputs far beyond the caches (kernels/loops.hpp). The x86
// tiers have them; elsewhere has_stream_store is false and the loops never ask.
template <class F> constexpr bool has_stream_store = false;
// Whether the loops software-pipeline kernels that come in two stages
// (kernels/loops.hpp forward_pipelined): the x86 vector tiers, where it was
// measured (AVX2 gains too, despite its 16 registers). NEON is left out until
// it is measured on an aarch64 machine (here it only runs under qemu); the
// scalar tier has no vectors to overlap.
template <class F> constexpr bool pipelines_stages = false;
// The partial vector at a call's end: load_partial<F>(p, count) is the first
// count (< F::size) floats at p with the other lanes 0, store_partial(v, p,
// count) writes v's first count lanes to p and nothing else. Generic: through
// a stack buffer. AVX2 and AVX-512 specialise them as masked loads and stores
// (no fault, no write beyond count): the buffer's partial stores read back as
// one vector miss store forwarding, which made a sigmoid call of n = 15 cost
// four times one of n = 16 on this Intel guest.
template <class F> inline F load_partial(const float* p, std::size_t count) {
    float buf[F::size] = {};
    std::memcpy(buf, p, count * sizeof(float));
    return F::load_unaligned(buf);
}
template <class F> inline void store_partial(F v, float* p, std::size_t count) {
    float buf[F::size];
    v.store_unaligned(buf);
    std::memcpy(p, buf, count * sizeof(float));
}
// vscalef_or_zero(m, k, keep) = m 2^k for an integer-valued float k, rounded
// once whatever k (overflow to inf, subnormal results rounded once), and +0
// where keep is false: AVX-512's vscalefps with a zeroing mask (a lane it
// zeroes takes no microcode assist, as an underflowing one would). Other tiers
// reach the same bits in more operations (kernels/math/exp.hpp).
template <class F> constexpr bool has_scalef = false;

// ---------------------------------------------------------------------------
// The portable tier's one-lane "batch": same interface as the xsimd subset the
// kernels use.
struct scalar_mask {
    bool v;
    friend scalar_mask operator&(scalar_mask a, scalar_mask b) { return {a.v && b.v}; }
    friend scalar_mask operator|(scalar_mask a, scalar_mask b) { return {a.v || b.v}; }
    friend scalar_mask operator^(scalar_mask a, scalar_mask b) { return {a.v != b.v}; }
    friend scalar_mask operator~(scalar_mask a) { return {!a.v}; }
};

struct scalar_i32 {
    int32_t v;
    scalar_i32() = default;
    scalar_i32(int32_t x) : v(x) {}
    // Two's complement wrap-around, as SIMD integer lanes do.
    friend scalar_i32 operator+(scalar_i32 a, scalar_i32 b) { return int32_t(uint32_t(a.v) + uint32_t(b.v)); }
    friend scalar_i32 operator-(scalar_i32 a, scalar_i32 b) { return int32_t(uint32_t(a.v) - uint32_t(b.v)); }
    friend scalar_i32 operator&(scalar_i32 a, scalar_i32 b) { return a.v & b.v; }
    friend scalar_i32 operator|(scalar_i32 a, scalar_i32 b) { return a.v | b.v; }
    friend scalar_i32 operator^(scalar_i32 a, scalar_i32 b) { return a.v ^ b.v; }
    friend scalar_i32 operator<<(scalar_i32 a, int32_t s) { return int32_t(uint32_t(a.v) << s); }
    friend scalar_i32 operator>>(scalar_i32 a, int32_t s) { return a.v >> s; }  // arithmetic
    friend scalar_mask operator<(scalar_i32 a, scalar_i32 b) { return {a.v < b.v}; }
    friend scalar_mask operator>(scalar_i32 a, scalar_i32 b) { return {a.v > b.v}; }
    friend scalar_mask operator==(scalar_i32 a, scalar_i32 b) { return {a.v == b.v}; }
};

struct scalar_f32 {
    static constexpr std::size_t size = 1;
    float v;
    scalar_f32() = default;
    scalar_f32(float x) : v(x) {}
    static scalar_f32 load_unaligned(const float* p) { return *p; }
    void store_unaligned(float* p) const { *p = v; }
    friend scalar_f32 operator+(scalar_f32 a, scalar_f32 b) { return a.v + b.v; }
    friend scalar_f32 operator-(scalar_f32 a, scalar_f32 b) { return a.v - b.v; }
    friend scalar_f32 operator*(scalar_f32 a, scalar_f32 b) { return a.v * b.v; }
    // No unary minus: xsimd 8.1 negates AVX-512 floats as 0 - x (-(+0) = +0
    // there, -0 elsewhere), so kernels use vneg; leaving it out here makes any
    // `-x` on a vector a compile error in the scalar tier.
    friend scalar_mask operator<(scalar_f32 a, scalar_f32 b) { return {a.v < b.v}; }
    friend scalar_mask operator<=(scalar_f32 a, scalar_f32 b) { return {a.v <= b.v}; }
    friend scalar_mask operator>(scalar_f32 a, scalar_f32 b) { return {a.v > b.v}; }
    friend scalar_mask operator>=(scalar_f32 a, scalar_f32 b) { return {a.v >= b.v}; }
    friend scalar_mask operator==(scalar_f32 a, scalar_f32 b) { return {a.v == b.v}; }
};

inline scalar_i32 as_i32(scalar_f32 x) { int32_t i; std::memcpy(&i, &x.v, 4); return i; }
inline scalar_f32 as_f32(scalar_i32 i) { float x; std::memcpy(&x, &i.v, 4); return x; }
inline scalar_f32 vselect(scalar_mask m, scalar_f32 a, scalar_f32 b) { return m.v ? a : b; }
inline scalar_i32 vselect(scalar_mask m, scalar_i32 a, scalar_i32 b) { return m.v ? a : b; }
inline scalar_f32 vfma(scalar_f32 a, scalar_f32 b, scalar_f32 c) { return std::fma(a.v, b.v, c.v); }
inline scalar_f32 vfnma(scalar_f32 a, scalar_f32 b, scalar_f32 c) { return std::fma(-a.v, b.v, c.v); }
inline scalar_f32 vfms(scalar_f32 a, scalar_f32 b, scalar_f32 c) { return std::fma(a.v, b.v, -c.v); }
inline scalar_f32 vdiv(scalar_f32 a, scalar_f32 b) { return a.v / b.v; }
inline scalar_f32 vsqrt(scalar_f32 a) { return std::sqrt(a.v); }
inline scalar_f32 vmin(scalar_f32 a, scalar_f32 b) { return a.v < b.v ? a : b; }
inline scalar_f32 vmax(scalar_f32 a, scalar_f32 b) { return a.v > b.v ? a : b; }
inline scalar_i32 vmin(scalar_i32 a, scalar_i32 b) { return a.v < b.v ? a : b; }
inline scalar_i32 vmax(scalar_i32 a, scalar_i32 b) { return a.v > b.v ? a : b; }
inline bool any(scalar_mask m) { return m.v; }
inline bool all(scalar_mask m) { return m.v; }

// ---------------------------------------------------------------------------
// SIMD tiers: xsimd batches plus the few operations xsimd 8.1 does not give
// exactly (or at all), one overload per instruction set compiled in this TU.
#if !defined(SIMDACT_SCALAR_ONLY)
template <class A> using f32_of = xsimd::batch<float, A>;
template <class A> using i32_of = xsimd::batch<int32_t, A>;

template <class A> inline i32_of<A> as_i32(f32_of<A> x) { return xsimd::bitwise_cast<i32_of<A>>(x); }
template <class A> inline f32_of<A> as_f32(i32_of<A> i) { return xsimd::bitwise_cast<f32_of<A>>(i); }
template <class A> inline f32_of<A> vselect(xsimd::batch_bool<float, A> m, f32_of<A> a, f32_of<A> b) { return xsimd::select(m, a, b); }
template <class A> inline i32_of<A> vselect(xsimd::batch_bool<float, A> m, i32_of<A> a, i32_of<A> b) {
    return as_i32(xsimd::select(m, as_f32(a), as_f32(b)));
}
template <class A> inline i32_of<A> vselect(xsimd::batch_bool<int32_t, A> m, i32_of<A> a, i32_of<A> b) {
    return xsimd::select(m, a, b);
}
template <class A> inline i32_of<A> vmin(i32_of<A> a, i32_of<A> b) { return xsimd::min(a, b); }
template <class A> inline i32_of<A> vmax(i32_of<A> a, i32_of<A> b) { return xsimd::max(a, b); }
template <class A> inline bool any(xsimd::batch_bool<float, A> m) { return xsimd::any(m); }
template <class A> inline bool all(xsimd::batch_bool<float, A> m) { return xsimd::all(m); }

#if defined(__AVX2__) && defined(__FMA__)
using avx2_f32 = xsimd::batch<float, xsimd::fma3<xsimd::avx2>>;
inline avx2_f32 vfma(avx2_f32 a, avx2_f32 b, avx2_f32 c) { return _mm256_fmadd_ps(a, b, c); }
inline avx2_f32 vfnma(avx2_f32 a, avx2_f32 b, avx2_f32 c) { return _mm256_fnmadd_ps(a, b, c); }
inline avx2_f32 vfms(avx2_f32 a, avx2_f32 b, avx2_f32 c) { return _mm256_fmsub_ps(a, b, c); }
inline avx2_f32 vdiv(avx2_f32 a, avx2_f32 b) { return _mm256_div_ps(a, b); }
inline avx2_f32 vsqrt(avx2_f32 a) { return _mm256_sqrt_ps(a); }
inline avx2_f32 vmin(avx2_f32 a, avx2_f32 b) { return _mm256_min_ps(a, b); }
inline avx2_f32 vmax(avx2_f32 a, avx2_f32 b) { return _mm256_max_ps(a, b); }
template <> constexpr bool has_stream_store<avx2_f32> = true;
template <> constexpr bool pipelines_stages<avx2_f32> = true;
inline __m256i first_lanes_avx2(std::size_t count) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(int(count)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
template <> inline avx2_f32 load_partial<avx2_f32>(const float* p, std::size_t count) {
    return _mm256_maskload_ps(p, first_lanes_avx2(count));
}
template <> inline void store_partial<avx2_f32>(avx2_f32 v, float* p, std::size_t count) {
    _mm256_maskstore_ps(p, first_lanes_avx2(count), v);
}
inline void store_stream(avx2_f32 v, float* p) { _mm256_stream_ps(p, v); }
inline void stream_fence() { _mm_sfence(); }
#endif

#if defined(__AVX512F__) && defined(__AVX512BW__)
using avx512_f32 = xsimd::batch<float, xsimd::avx512bw>;
inline avx512_f32 vfma(avx512_f32 a, avx512_f32 b, avx512_f32 c) { return _mm512_fmadd_ps(a, b, c); }
inline avx512_f32 vfnma(avx512_f32 a, avx512_f32 b, avx512_f32 c) { return _mm512_fnmadd_ps(a, b, c); }
inline avx512_f32 vfms(avx512_f32 a, avx512_f32 b, avx512_f32 c) { return _mm512_fmsub_ps(a, b, c); }
inline avx512_f32 vdiv(avx512_f32 a, avx512_f32 b) { return _mm512_div_ps(a, b); }
inline avx512_f32 vsqrt(avx512_f32 a) { return _mm512_sqrt_ps(a); }
inline avx512_f32 vmin(avx512_f32 a, avx512_f32 b) { return _mm512_min_ps(a, b); }
inline avx512_f32 vmax(avx512_f32 a, avx512_f32 b) { return _mm512_max_ps(a, b); }
// One instruction (vfpclassps, class "denormal") for what the generic
// is_subnormal below does in four, and one kortestw for two vectors' masks.
inline xsimd::batch_bool<float, xsimd::avx512bw> is_subnormal(avx512_f32 v) { return _mm512_fpclass_ps_mask(v, 0x20); }
inline bool any_subnormal(avx512_f32 v) { return !_kortestz_mask16_u8(is_subnormal(v), is_subnormal(v)); }
inline bool any_subnormal(avx512_f32 v0, avx512_f32 v1) { return !_kortestz_mask16_u8(is_subnormal(v0), is_subnormal(v1)); }
// finite and nonzero (not zero, inf or NaN: vfpclassps classes 0x9f), one
// instruction for the generic form's four
inline xsimd::batch_bool<float, xsimd::avx512bw> is_finite_nonzero(avx512_f32 v) {
    return static_cast<__mmask16>(~_mm512_fpclass_ps_mask(v, 0x9f));
}
template <> constexpr bool divide_is_slow<avx512_f32> = true;
template <> constexpr bool has_scalef<avx512_f32> = true;
inline avx512_f32 vscalef_or_zero(avx512_f32 m, avx512_f32 k, xsimd::batch_bool<float, xsimd::avx512bw> keep) {
    return _mm512_maskz_scalef_ps(keep, m, k);
}
template <> constexpr bool has_stream_store<avx512_f32> = true;
template <> constexpr bool pipelines_stages<avx512_f32> = true;
template <> inline avx512_f32 load_partial<avx512_f32>(const float* p, std::size_t count) {
    return _mm512_maskz_loadu_ps(__mmask16((1u << count) - 1u), p);
}
template <> inline void store_partial<avx512_f32>(avx512_f32 v, float* p, std::size_t count) {
    _mm512_mask_storeu_ps(p, __mmask16((1u << count) - 1u), v);
}
inline void store_stream(avx512_f32 v, float* p) { _mm512_stream_ps(p, v); }
#endif

#if defined(__aarch64__)
using neon_f32 = xsimd::batch<float, xsimd::neon64>;
inline neon_f32 vfma(neon_f32 a, neon_f32 b, neon_f32 c) { return vfmaq_f32(c, a, b); }
inline neon_f32 vfnma(neon_f32 a, neon_f32 b, neon_f32 c) { return vfmsq_f32(c, a, b); }
inline neon_f32 vfms(neon_f32 a, neon_f32 b, neon_f32 c) { return vfmaq_f32(vnegq_f32(c), a, b); }  // no one-instruction form
inline neon_f32 vdiv(neon_f32 a, neon_f32 b) { return vdivq_f32(a, b); }  // exact, unlike xsimd's '/'
inline neon_f32 vsqrt(neon_f32 a) { return vsqrtq_f32(a); }
// x86 min/max semantics (NEON's vminq propagates NaN and orders zeros).
inline neon_f32 vmin(neon_f32 a, neon_f32 b) { return vbslq_f32(vcltq_f32(a, b), a, b); }
inline neon_f32 vmax(neon_f32 a, neon_f32 b) { return vbslq_f32(vcgtq_f32(a, b), a, b); }
#endif
#endif  // !SIMDACT_SCALAR_ONLY
#if defined(SIMDACT_SCALAR_ONLY) || !(defined(__AVX2__) && defined(__FMA__))
inline void stream_fence() {}  // no streaming stores on this tier (has_stream_store)
#endif

// ---------------------------------------------------------------------------
// Derived helpers, written once for every F.
template <class F> inline F f32_from_bits(uint32_t bits) {
    float x;
    std::memcpy(&x, &bits, 4);
    return F(x);
}
// -x by flipping the sign bit (never xsimd's unary minus: see scalar_f32).
template <class F> inline F vneg(F x) { return as_f32(as_i32(x) ^ decltype(as_i32(x))(int32_t(0x80000000u))); }
template <class F> inline F vabs(F x) { return as_f32(as_i32(x) & decltype(as_i32(x))(0x7fffffff)); }
// -|x| by setting the sign bit: one operation where vneg(vabs(x)) is two (GCC keeps both).
template <class F> inline F vneg_abs(F x) { return as_f32(as_i32(x) | decltype(as_i32(x))(int32_t(0x80000000u))); }
template <class F> inline F sign_bit(F x) { return as_f32(as_i32(x) & decltype(as_i32(x))(int32_t(0x80000000u))); }
// magnitude of m with the sign of s (m must be non-negative)
template <class F> inline F with_sign_of(F m, F s) { return as_f32(as_i32(m) | as_i32(sign_bit(s))); }
template <class F> inline auto is_nan(F x) { return ~(x == x); }
// Lanes holding a subnormal (nonzero, |v| < 2^-126), by compares only: a
// multiply that reads a subnormal is a microcode assist on Intel.
template <class F> inline auto is_subnormal(F v) {
    const F a = vabs(v);
    return (a < F(0x1p-126f)) & (a > F(0.0f));
}
// Whether v (or v0, v1) holds a subnormal: what the loops ask of every vector.
// First |v| < 2^-126, two operations, which zeros pass too; only then the exact
// test (AVX2 ran the cheap kernels at 0.55-0.9x with the exact test alone).
template <class F> inline bool any_subnormal(F v) { return any(vabs(v) < F(0x1p-126f)) && any(is_subnormal(v)); }
template <class F> inline bool any_subnormal(F v0, F v1) {
    return any((vabs(v0) < F(0x1p-126f)) | (vabs(v1) < F(0x1p-126f))) && any(is_subnormal(v0) | is_subnormal(v1));
}
// Lanes that are neither zero, infinite nor NaN: where a residual correction
// is valid (it would turn an inf into NaN and a -0 into +0).
template <class F> inline auto is_finite_nonzero(F v) { return (vabs(v) < F(INFINITY)) & (vabs(v) > F(0.0f)); }
// x limited to [lo, hi]; a NaN x passes through (vmin/vmax return their second operand).
template <class F> inline F vclamp(F x, float lo, float hi) { return vmin(F(hi), vmax(F(lo), x)); }

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
