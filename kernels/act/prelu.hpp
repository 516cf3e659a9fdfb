// PReLU: y = x > 0 ? x : w[c] * x with one weight per channel, over a buffer
// laid out [outer][channels][inner] (the channel of element i is
// (i / inner) % channels). Backward: dx = x > 0 ? dy : w[c] * dy (NaN x -> NaN),
// dweight[c] = sum over c's elements of (x > 0 ? 0 : x * dy).
//
// Not a registry activation (it has a weight buffer, not simdact_params): the
// tier table has its own two entries. Arguments are validated by kernels/api.cpp.
//
// Layout strategies (the same on every tier):
//  - inner >= 16 ("runs"): each run of inner elements has one weight, broadcast
//    once per run; vector loop, then the run's tail as a partial vector.
//  - inner < 16 ("rows"): a row of channels*inner positions repeats with the
//    same weights, so the weights are expanded once per chunk of positions into
//    a contiguous buffer and every row is processed against it. Rows shorter
//    than 16 are grouped into periods of lcm(row, 16) positions so that vectors
//    are full.
//
// The weight gradient (deterministic, identical bits on every tier): products
// x * dy are exact in double and summed in double in a fixed order:
//  - runs: lane t % 16 of channel c (t = position in the run) sums its
//    elements in memory order; the 16 lane sums are then added pairwise;
//  - rows: each position q of the period (or of the row) sums its elements in
//    memory order; the k*inner position sums of channel c (k = period / row,
//    ordered by q) are then added pairwise.
// Neither depends on the vector width (16 is a multiple of every width), so
// every tier adds the same doubles in the same order. With at least
// 16 lanes (or one per row position) and double sums, 1M mixed-sign terms keep
// relative error far below 1e-6 (tests/prelu_test.cpp); the result is rounded
// once to float. Masked elements (x > 0) contribute +0 even if dy is NaN or inf;
// lanes start at +0, so a zero sum is +0.
#pragma once
#include <cstddef>

#include "kernels/math/tiny.hpp"
#include "kernels/simd/ops.hpp"
#include "kernels/simd/stream.hpp"
#include "kernels/simd/wide.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {
namespace prelu {

constexpr std::size_t block = 16;        // gradient lanes per channel on the runs path
constexpr std::size_t chunk_max = 1024;  // positions per chunk on the rows path
constexpr std::size_t group = 64;        // channels whose lane sums the runs path keeps at once

template <class F> inline F forward_of(F x, F w) { return vselect(x > F(0.0f), x, w * x); }
// forward_of for a vector that may hold a subnormal x: mul_tiny there, since
// w x would read it, a microcode assist on Intel (kernels/math/tiny.hpp). Same
// bits: mul_tiny rounds w x correctly, as the multiply does.
template <class F> inline F forward_tiny(F x, F w) {
    const auto sub = is_subnormal(x);
    const auto pos = x > F(0.0f);
    const F tiny_y = mul_tiny(vselect(pos, F(1.0f), w), x);
    if (all(sub)) return tiny_y;
    return vselect(sub, tiny_y, forward_of(vselect(sub, F(1.0f), x), w));
}
// y[i, m) for x[i, m), every vector tested for subnormals and the tiny path
// taken inline where one is; the tail as a partial vector.
// For the rest of a span once forward_span_fast met a subnormal: inlined into
// forward_runs_tiny (whose runs then share its constants: 1.08x on all-subnormal
// input), out of line for the rows path (forward_span_tiny_call).
template <class F, class Weight>
[[gnu::always_inline]] inline void forward_span_tiny(const float* x, float* y, std::size_t i, std::size_t m,
                                                     Weight weight_at) {
    constexpr std::size_t L = F::size;
    auto one = [](F v, F w) { return any_subnormal(v) ? forward_tiny(v, w) : forward_of(v, w); };
    for (; i + 2 * L <= m; i += 2 * L) {  // two a step, as forward_span_fast (1.1x on all-subnormal input)
        const F v0 = F::load_unaligned(x + i), v1 = F::load_unaligned(x + i + L);
        const F w0 = weight_at(i), w1 = weight_at(i + L);
        if (any_subnormal(v0, v1)) {
            forward_tiny(v0, w0).store_unaligned(y + i);
            forward_tiny(v1, w1).store_unaligned(y + i + L);
        } else {
            forward_of(v0, w0).store_unaligned(y + i);
            forward_of(v1, w1).store_unaligned(y + i + L);
        }
    }
    if (i + L <= m) {
        one(F::load_unaligned(x + i), weight_at(i)).store_unaligned(y + i);
        i += L;
    }
    if (i < m) store_partial(one(load_partial<F>(x + i, m - i), weight_at(i)), y + i, m - i);
}
template <class F, class Weight>
[[gnu::noinline]] void forward_span_tiny_call(const float* x, float* y, std::size_t i, std::size_t m, Weight weight_at) {
    forward_span_tiny<F>(x, y, i, m, weight_at);
}
// y[0, m) for x[0, m), weights weight_at(i) for the vector at i: two vectors a
// step, tested for subnormals together as in kernels/loops.hpp, then one
// vector, then the tail as a partial vector. Stops at the first vector (pair)
// holding a subnormal and returns its position i, [i, m) left to
// forward_span_tiny; returns m when done. The caller makes that call, as a
// tail call where it can: with a call inside the loop nest GCC kept the
// loops' pointers on the stack and reloaded them every run (PReLU at
// inner = 64 ran at 0.55x of leaky_relu).
// Stream: the pairs are written with streaming stores (y 64-byte aligned).
template <class F, bool Stream = false, class Weight>
[[gnu::always_inline]] inline std::size_t forward_span_fast(const float* x, float* y, std::size_t m, Weight weight_at) {
    constexpr std::size_t L = F::size;
    std::size_t i = 0;
    for (; i + 2 * L <= m; i += 2 * L) {
        const F v0 = F::load_unaligned(x + i), v1 = F::load_unaligned(x + i + L);
        if (any_subnormal(v0, v1)) return i;
        store_step<Stream>(forward_of(v0, weight_at(i)), y + i, Stream);
        store_step<Stream>(forward_of(v1, weight_at(i + L)), y + i + L, Stream);
    }
    if (i + L <= m) {
        const F v = F::load_unaligned(x + i);
        if (any_subnormal(v)) return i;
        forward_of(v, weight_at(i)).store_unaligned(y + i);
        i += L;
    }
    if (i < m) {
        const F v = load_partial<F>(x + i, m - i);
        if (any_subnormal(v)) return i;
        store_partial(forward_of(v, weight_at(i)), y + i, m - i);
    }
    return m;
}
template <class F> inline F backward_of(F x, F dy, F w) {
    return vselect(x > F(0.0f), dy, nan_or(x, w * dy));
}
// Adds x * dy to acc where x > 0 is false (+0 elsewhere, also for a NaN or inf dy
// under a positive x).
template <class F> inline void accumulate(dacc<F>& acc, F x, F dy) { add_product_unless(acc, x > F(0.0f), x, dy); }
// One vector: dx[0, L) for x[0, L), dy[0, L), their products added to acc.
template <bool Stream = false, class F> inline void backward_step(dacc<F>& acc, const float* x, const float* dy, F w, float* dx) {
    const F xv = F::load_unaligned(x), g = F::load_unaligned(dy);
    accumulate(acc, xv, g);
    store_step<Stream>(backward_of(xv, g, w), dx, Stream);
}
// The same for the first count (< L) lanes only: the lanes past count load as
// +0 and add +0 to acc (which leaves its sums as they are: they start at +0 and
// so are never -0), and nothing is written past dx + count.
template <class F>
inline void backward_partial(dacc<F>& acc, const float* x, const float* dy, F w, float* dx, std::size_t count) {
    const F xv = load_partial<F>(x, count), g = load_partial<F>(dy, count);
    accumulate(acc, xv, g);
    store_partial(backward_of(xv, g, w), dx, count);
}
#if !defined(SIMDACT_SCALAR_ONLY) && defined(__AVX512F__) && defined(__AVX512BW__)
// The same in fewer instructions (same bits): one compare, !(x > 0) with NaN
// included, masks the four conversions to double (the zeroing folded in; they
// read their halves from memory, so no extracts) and the multiply by w.
// The eight conversion uops per 16 lanes still bound the loop (~7.5 cycles).
template <bool Stream = false>
inline void backward_step(dacc<avx512_f32>& acc, const float* x, const float* dy, avx512_f32 w, float* dx) {
    const __m512 xv = _mm512_loadu_ps(x), g = _mm512_loadu_ps(dy);
    const __mmask16 keep = _mm512_cmp_ps_mask(xv, _mm512_setzero_ps(), _CMP_NGT_UQ);
    const __mmask8 keep_lo = static_cast<__mmask8>(keep), keep_hi = static_cast<__mmask8>(keep >> 8);
    acc.lo = _mm512_fmadd_pd(_mm512_maskz_cvtps_pd(keep_lo, _mm256_loadu_ps(x)),
                             _mm512_maskz_cvtps_pd(keep_lo, _mm256_loadu_ps(dy)), acc.lo);
    acc.hi = _mm512_fmadd_pd(_mm512_maskz_cvtps_pd(keep_hi, _mm256_loadu_ps(x + 8)),
                             _mm512_maskz_cvtps_pd(keep_hi, _mm256_loadu_ps(dy + 8)), acc.hi);
    const __m512 scaled = _mm512_mask_mul_ps(g, keep, w, g);
    store_step<Stream>(avx512_f32(_mm512_mask_mov_ps(scaled, _mm512_cmp_ps_mask(xv, xv, _CMP_UNORD_Q), xv)), dx, Stream);
}
#endif

// Pairwise sum of a[0..m), m >= 1: a fixed tree, the same on every tier.
inline double pairwise(const double* a, std::size_t m) {
    if (m == 1) return a[0];
    const std::size_t h = m / 2;
    return pairwise(a, h) + pairwise(a + h, m - h);
}

inline std::size_t gcd(std::size_t a, std::size_t b) {
    while (b) {
        const std::size_t r = a % b;
        a = b;
        b = r;
    }
    return a;
}

// The rows path's chunks: positions [q0, q0 + len) of a period of `period`
// positions (channels [c0, c1) of the row, or the whole period when the row is
// shorter than 16).
struct rows_plan {
    std::size_t row, period, channels_per_chunk;
    rows_plan(std::size_t channels, std::size_t inner) : row(channels * inner) {
        if (row < block) {
            period = row / gcd(row, block) * block;  // lcm(row, 16) <= 240
            channels_per_chunk = channels;
        } else {
            period = row;
            channels_per_chunk = chunk_max / inner;  // inner < 16: at least 64
        }
    }
    std::size_t chunk_end(std::size_t c0, std::size_t channels) const {
        return c0 + channels_per_chunk < channels ? c0 + channels_per_chunk : channels;
    }
    // The weight of each position of the chunk starting at channel c0, in
    // wexp[0, len), then `pad` zeros (read by a tail vector); returns len.
    std::size_t expand_weights(const float* w, std::size_t c0, std::size_t channels, std::size_t inner, float* wexp,
                               std::size_t pad) const {
        const std::size_t c1 = chunk_end(c0, channels);
        const std::size_t q0 = c0 * inner;
        const std::size_t len = row < block ? period : (c1 - c0) * inner;
        for (std::size_t q = 0; q < len; ++q) wexp[q] = w[((q0 + q) % row) / inner];
        for (std::size_t q = len; q < len + pad; ++q) wexp[q] = 0.0f;
        return len;
    }
};

// Whether the runs path streams its output (kernels/simd/stream.hpp): every
// run then starts on a 64-byte boundary (out aligned, inner a multiple of 16),
// where the 16-lane blocks of the backward's gradient sums start too.
template <class F>
inline bool runs_stream(const float* out, std::size_t inner, std::size_t n, const float* in0, const float* in1 = nullptr) {
    return inner % block == 0 && reinterpret_cast<std::uintptr_t>(out) % 64 == 0 && streams_output<F>(out, n, in0, in1);
}

// The runs path (inner >= 16) from position i of the run at base (channel c)
// on, every vector tested: where forward_runs hands over at its first subnormal.
template <class F>
[[gnu::noinline]] void forward_runs_tiny(const float* x, const float* w, std::size_t channels, std::size_t inner,
                                         float* y, std::size_t n, std::size_t base, std::size_t c, std::size_t i) {
    for (; base < n; base += inner, i = 0) {
        const F wv(w[c]);
        c = c + 1 == channels ? 0 : c + 1;
        forward_span_tiny<F>(x + base, y + base, i, inner, [wv](std::size_t) { return wv; });
    }
}
template <class F, bool Stream>
void forward_runs(const float* x, const float* w, std::size_t channels, std::size_t inner, float* y, std::size_t n) {
    std::size_t c = 0;
    for (std::size_t base = 0; base < n; base += inner) {
        const F wv(w[c]);
        const std::size_t i = forward_span_fast<F, Stream>(x + base, y + base, inner, [wv](std::size_t) { return wv; });
        if (i < inner) return forward_runs_tiny<F>(x, w, channels, inner, y, n, base, c, i);
        c = c + 1 == channels ? 0 : c + 1;
    }
}

template <class F>
void forward(const float* x, const float* w, std::size_t channels, std::size_t inner, float* y, std::size_t n) {
    constexpr std::size_t L = F::size;
    if (inner >= block) {
        if (runs_stream<F>(y, inner, n, x)) {
            forward_runs<F, true>(x, w, channels, inner, y, n);
            return stream_fence();
        }
        return forward_runs<F, false>(x, w, channels, inner, y, n);
    }
    const rows_plan plan(channels, inner);
    float wexp[chunk_max + L];  // a tail's weights read up to L past len: zeros
    for (std::size_t c0 = 0; c0 < channels; c0 += plan.channels_per_chunk) {
        const std::size_t q0 = c0 * inner;
        const std::size_t len = plan.expand_weights(w, c0, channels, inner, wexp, L);
        const auto weight_at = [&wexp](std::size_t i) { return F::load_unaligned(wexp + i); };
        for (std::size_t s = q0; s < n; s += plan.period) {
            const std::size_t m = len < n - s ? len : n - s;
            const std::size_t i = forward_span_fast<F>(x + s, y + s, m, weight_at);
            if (i < m) forward_span_tiny_call<F>(x + s, y + s, i, m, weight_at);
        }
    }
}

// The runs path (inner >= 16) of backward.
template <class F, bool Stream>
void backward_runs(const float* x, const float* w, std::size_t channels, std::size_t inner, const float* dy, float* dx,
                   float* dweight, std::size_t n) {
    constexpr std::size_t L = F::size;
    // Rows are walked in memory order for a group of channels at a time, the
    // group's 16 lane sums per channel kept in `sums` between rows (the order
    // of additions per lane is still: rows in order, blocks in order).
    constexpr std::size_t V = block / L;  // vectors per 16-lane block
    const std::size_t row = channels * inner;
    double sums[group * block];
    for (std::size_t c0 = 0; c0 < channels; c0 += group) {
        const std::size_t c1 = c0 + group < channels ? c0 + group : channels;
        for (std::size_t q = 0; q < (c1 - c0) * block; ++q) sums[q] = 0.0;
        for (std::size_t r = 0; r < n; r += row)
            for (std::size_t c = c0; c < c1; ++c) {
                const std::size_t base = r + c * inner;
                double* lane_sums = sums + (c - c0) * block;
                dacc<F> acc[V];
                for (std::size_t v = 0; v < V; ++v) acc[v].load(lane_sums + v * L);
                const F wv(w[c]);
                std::size_t t = 0;
                for (; t + block <= inner; t += block)
                    for (std::size_t v = 0; v < V; ++v) {
                        const std::size_t i = base + t + v * L;
                        backward_step<Stream>(acc[v], x + i, dy + i, wv, dx + i);
                    }
                // The run's last, partial block: its whole vectors, then one
                // partial vector (the skipped lanes would have added +0).
                std::size_t last = 0;  // the block's vector at t
                for (; t + L <= inner; t += L, ++last)
                    backward_step(acc[last], x + base + t, dy + base + t, wv, dx + base + t);
                if (t < inner) backward_partial(acc[last], x + base + t, dy + base + t, wv, dx + base + t, inner - t);
                for (std::size_t v = 0; v < V; ++v) acc[v].store(lane_sums + v * L);
            }
        for (std::size_t c = c0; c < c1; ++c) dweight[c] = float(pairwise(sums + (c - c0) * block, block));
    }
}

template <class F>
void backward(const float* x, const float* w, std::size_t channels, std::size_t inner, const float* dy, float* dx,
              float* dweight, std::size_t n) {
    constexpr std::size_t L = F::size;
    if (inner >= block) {
        if (runs_stream<F>(dx, inner, n, x, dy)) {
            backward_runs<F, true>(x, w, channels, inner, dy, dx, dweight, n);
            return stream_fence();
        }
        return backward_runs<F, false>(x, w, channels, inner, dy, dx, dweight, n);
    }
    const rows_plan plan(channels, inner);
    float wexp[chunk_max + L];
    double sums[chunk_max + L];
    for (std::size_t c0 = 0; c0 < channels; c0 += plan.channels_per_chunk) {
        const std::size_t q0 = c0 * inner;
        const std::size_t len = plan.expand_weights(w, c0, channels, inner, wexp, L);
        for (std::size_t q = 0; q < len + L; ++q) sums[q] = 0.0;
        for (std::size_t s = q0; s < n; s += plan.period) {
            const std::size_t m = len < n - s ? len : n - s;
            std::size_t i = 0;
            dacc<F> acc;
            for (; i + L <= m; i += L) {
                acc.load(sums + i);
                backward_step(acc, x + s + i, dy + s + i, F::load_unaligned(wexp + i), dx + s + i);
                acc.store(sums + i);
            }
            if (i < m) {
                // sums[m..i+L) get +0 from the lanes past m: they stay unused or +0.
                acc.load(sums + i);
                backward_partial(acc, x + s + i, dy + s + i, F::load_unaligned(wexp + i), dx + s + i, m - i);
                acc.store(sums + i);
            }
        }
        // Channel c's position sums, ordered by position in the period.
        const std::size_t k = plan.period / plan.row;
        double lanes[chunk_max];
        for (std::size_t c = c0, c1 = plan.chunk_end(c0, channels); c < c1; ++c) {
            std::size_t m = 0;
            for (std::size_t j = 0; j < k; ++j)
                for (std::size_t t = 0; t < inner; ++t) lanes[m++] = sums[j * plan.row + (c - c0) * inner + t];
            dweight[c] = float(pairwise(lanes, m));
        }
    }
}

}  // namespace prelu
}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
