// The one loop driver every activation and tier shares: whole vectors (two a
// step), then the tail through the same vector code on a stack copy, so the
// tail's bits equal the body's and no byte outside [p, p + n) is read or
// written. Each step loads its vectors before it stores their results, so
// in-place calls are safe (partial overlap is rejected by the API).
// [[gnu::flatten]]: every helper of the kernel is inlined into the loop. GCC
// otherwise leaves the larger ones (mul_logistic_grad, mul_logistic,
// mul_expm1, ...) out of line, and each vector then pays a call that passes
// the vectors through memory and reloads the helper's constants (sigmoid' and
// tanh' 1.13x avx512 / 1.2-1.3x avx2, silu', gelu', softplus, logsigmoid' up to
// 1.27x; same bits: the kernels are built with -ffp-contract=off). Sanitizer
// builds define SIMDACT_NO_FLATTEN (CMakeLists.txt): compile time.
#pragma once
#include <cstdint>
#include <cstring>
#include <limits>

#ifdef SIMDACT_NO_FLATTEN
#define SIMDACT_FLATTEN
#else
#define SIMDACT_FLATTEN [[gnu::flatten]]
#endif

#include "kernels/activation.hpp"
#include "kernels/math/tiny.hpp"
#include "kernels/simd/stream.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {

// Subnormal inputs (kernels/activation.hpp, kernels/math/tiny.hpp). The main
// loops test each pair of vectors (any_subnormal: on AVX-512 two vfpclassps
// and one kortestw) and, at the first hit, hand the rest of the call to a
// second instance of the loop, where each vector holding a subnormal takes the
// stand-in / mul_tiny path inline. Ordinary inputs never leave the main loop,
// whose body stays the kernel's; inputs full of subnormals pay no call per
// vector (a noinline call per vector ran leaky_relu's subnormal rows at 0.3x
// of ordinary input, this at 0.6x). The test costs the cheapest kernels (one
// to five operations a vector) up to 25% at n = 4096 (AVX2: up to 35%), the
// price of not running 20-70x slower on subnormal input on Intel cores.
template <class Act, class F> inline F forward_tiny(F x, const params_of<F>& p) {
    const auto sub = is_subnormal(x);
    if constexpr (tiny_x_of<Act>::value == tiny::linear) {
        F tiny_y;
        if constexpr (has_tiny_forward<Act>::value) tiny_y = Act::tiny_forward(x, p);
        else tiny_y = mul_tiny(Act::tiny_x_slope(x, p), x);
        if (all(sub)) return tiny_y;
        // those lanes' kernel result is replaced: +-1 keeps it cheap
        return vselect(sub, tiny_y, Act::forward(vselect(sub, with_sign_of(F(1.0f), x), x), p));
    } else {
        return Act::forward(vselect(sub, tiny_stand_in(x), x), p);
    }
}
template <class Act, class F> inline F backward_tiny(F x, F dy, const params_of<F>& p) {
    const auto sub = is_subnormal(x);
    if constexpr (has_tiny_backward<Act>::value) {
        const F tiny_dx = Act::tiny_backward(x, dy, p);
        if (all(sub)) return tiny_dx;
        return vselect(sub, tiny_dx, Act::backward(vselect(sub, tiny_stand_in(x), x), dy, p));
    } else {
        return Act::backward(vselect(sub, tiny_stand_in(x), x), dy, p);
    }
}
template <class Act, class F> inline F from_output_tiny(F y, F dy, const params_of<F>& p) {
    const auto sub = is_subnormal(y);
    if constexpr (tiny_y_of<Act>::value == tiny::linear) {
        // A slope of +-1 (sigmoid, exp, logsigmoid, softplus with beta = 1):
        // dy c is exact, the float form (same bits as the pair form with lo = 0,
        // half the operations). A constant slope skips the test per vector.
        F c;
        bool unit;
        if constexpr (unit_tiny_y_slope<Act>::value) {
            c = F(Act::tiny_y_slope), unit = true;
        } else {
            c = Act::tiny_y_slope(p), unit = all(vabs(c) == F(1.0f));
        }
        F tiny_dx;
        if (unit) {
            tiny_dx = mul_tiny(dy * c, y);
        } else {
            F lo;
            const F hi = two_prod(dy, c, lo);
            lo = vselect(vabs(hi) < F(std::numeric_limits<float>::infinity()), lo, F(0.0f));  // dy = +-inf: NaN
            tiny_dx = mul_tiny(hi, lo, y);
        }
        if (all(sub)) return tiny_dx;
        return vselect(sub, tiny_dx, Act::backward_from_output(vselect(sub, tiny_stand_in(y), y), dy, p));
    } else {
        return Act::backward_from_output(vselect(sub, tiny_stand_in(y), y), dy, p);
    }
}

// Software prefetch for large calls (vector tiers only): one prefetch per
// cache line a step reads, from n = 2^15 on (buffers in the L2 or beyond).
// Forward, 16 KB ahead: the hardware prefetcher alone left the compute-bound
// kernels at 0.7-0.8x of copy at n = 16M; with this, AVX-512 sigmoid, tanh,
// elu forward 1.3x, silu, hardswish 1.1-1.2x, relu unchanged, exp 0.95x (A/B
// on this Intel guest; 4 KB ahead gained less and cost exp 0.88x, 32 KB
// gained less); in the L2 (n = 32768-131072) leaky_relu 1.05x, relu and
// softshrink 1.01-1.06x, the rest within the noise (from 2^14 it cost
// leaky_relu and softshrink 4% at n = 16384; 2 KB ahead gained less).
// Backward, 4 KB ahead (with two input streams 16 KB ahead keeps 32 KB of
// prefetched lines against a 48 KB L1, likely evicted before they are read;
// not confirmed with counters): against 16 KB from 2^20 before, at n = 65536
// leaky', hardtanh', softshrink', exp from y 1.05-1.11x, at 16M the cheap
// backward kernels 1.13-1.34x, sigmoid' and gelu' 1.0-1.06x (16 KB at 65536
// had run them at 0.73x; 2 KB ahead: level with 4 KB at 65536, 0.95-1.0x at
// 16M). Smaller calls are untouched: the prefetches cost the cheap kernels up
// to 40% at n = 4096. The address is formed as an integer: it may lie past
// the buffer (a prefetch never faults).
constexpr std::size_t prefetch_from = std::size_t(1) << 15;
constexpr std::uintptr_t prefetch_ahead_forward = 16384, prefetch_ahead_backward = 4096;
constexpr std::size_t prefetch_lanes = 8;
template <std::uintptr_t Ahead, std::size_t Lanes> inline void prefetch_step(const float* p) {
    if constexpr (Lanes >= prefetch_lanes)
        for (std::size_t b = 0; b < 2 * Lanes * sizeof(float); b += 64)
            __builtin_prefetch(reinterpret_cast<const void*>(reinterpret_cast<std::uintptr_t>(p) + Ahead + b));
}

// Whether the activation has a policy for this direction's input.
template <class Act> constexpr bool tiny_forward = tiny_x_of<Act>::value != tiny::as_is;
template <class Act, bool FromOutput>
constexpr bool tiny_backward = FromOutput ? tiny_y_of<Act>::value != tiny::as_is : tiny_dx_of<Act>::value;

// The rest of a call from its first vector holding a subnormal on.
template <class F, class Act>
[[gnu::noinline]] SIMDACT_FLATTEN void forward_loop_tiny(const float* x, float* y, std::size_t n, const params_of<F>& vp) {
    constexpr std::size_t lanes = F::size;
    auto kernel = [&vp](F v) { return any_subnormal(v) ? forward_tiny<Act>(v, vp) : Act::forward(v, vp); };
    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes) kernel(F::load_unaligned(x + i)).store_unaligned(y + i);
    if (i < n) store_partial(kernel(load_partial<F>(x + i, n - i)), y + i, n - i);
}
template <class F, class Act, bool FromOutput>
[[gnu::noinline]] SIMDACT_FLATTEN void backward_loop_tiny(const float* in, const float* dy, float* dx, std::size_t n,
                                                         const params_of<F>& vp) {
    constexpr std::size_t lanes = F::size;
    auto kernel = [&vp](F v, F g) {
        if constexpr (FromOutput) return any_subnormal(v) ? from_output_tiny<Act>(v, g, vp) : Act::backward_from_output(v, g, vp);
        else return any_subnormal(v) ? backward_tiny<Act>(v, g, vp) : Act::backward(v, g, vp);
    };
    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes) kernel(F::load_unaligned(in + i), F::load_unaligned(dy + i)).store_unaligned(dx + i);
    if (i < n) store_partial(kernel(load_partial<F>(in + i, n - i), load_partial<F>(dy + i, n - i)), dx + i, n - i);
}

// Software pipelining, for the activations whose vector function comes in two
// stages (has_forward_stages, has_backward_stages) on tiers with the registers
// for it (pipelines_stages): each step forms the next pair's heads before the
// current pair's tails. Their dependency chains are long (sigmoid: e^-|x|, then
// 1 + t, a divide and its correction), and written one vector after the other
// the late operations wait in the scheduler for the early ones and fill it
// before the two FMA ports are busy (llvm-mca counts 17 cycles a vector for
// sigmoid, it ran at 22); interleaved so, the tails enter with their inputs
// ready. The same operations per vector, so the same bits. A/B at n = 4096 and
// 65536, AVX-512 / AVX2: sigmoid 1.07-1.09x / 1.07x, sigmoid' 1.11x / 0.97-1.08x
// (level within the noise), tanh' 1.16x / 0.97-1.08x, softplus 1.10x / 1.26x, logsigmoid 1.16-1.19x /
// 1.18-1.23x, silu 1.07-1.11x / 1.09-1.11x, gelu_tanh 1.15-1.17x / 1.13-1.18x,
// mish 1.13-1.17x / 1.23-1.28x. Tried and left out (0.84-1.05x): tanh, elu and
// selu forward, softsign', softplus' and logsigmoid' (their head state stayed
// on the stack). silu's head, forming its state only under the common-path
// test, spilled it (0.6x): it forms it for every vector, on a clamped argument.
// The pairs of a forward call (n >= 2 lanes): returns the first element not
// yet written, or handed_over when forward_loop_tiny took the rest of the call
// (a subnormal x, where tiny is set).
constexpr std::size_t handed_over = SIZE_MAX;
template <class F, class Act, bool Far>
SIMDACT_FLATTEN std::size_t forward_pipelined(const float* x, float* y, std::size_t n, const params_of<F>& vp,
                                              bool tiny, bool stream) {
    constexpr std::size_t lanes = F::size;
    F v0 = F::load_unaligned(x), v1 = F::load_unaligned(x + lanes);
    if (tiny && any_subnormal(v0, v1)) {
        forward_loop_tiny<F, Act>(x, y, n, vp);
        return handed_over;
    }
    auto h0 = Act::forward_head(v0, vp), h1 = Act::forward_head(v1, vp);
    std::size_t i = 0;
    for (; i + 4 * lanes <= n; i += 2 * lanes) {
        if (Far) prefetch_step<prefetch_ahead_forward, lanes>(x + i);
        v0 = F::load_unaligned(x + i + 2 * lanes), v1 = F::load_unaligned(x + i + 3 * lanes);
        if (tiny && any_subnormal(v0, v1)) {
            store_step<Far>(Act::forward_tail(h0, vp), y + i, stream);
            store_step<Far>(Act::forward_tail(h1, vp), y + i + lanes, stream);
            i += 2 * lanes;
            forward_loop_tiny<F, Act>(x + i, y + i, n - i, vp);
            return handed_over;
        }
        const auto next0 = Act::forward_head(v0, vp), next1 = Act::forward_head(v1, vp);
        store_step<Far>(Act::forward_tail(h0, vp), y + i, stream);
        store_step<Far>(Act::forward_tail(h1, vp), y + i + lanes, stream);
        h0 = next0, h1 = next1;
    }
    store_step<Far>(Act::forward_tail(h0, vp), y + i, stream);
    store_step<Far>(Act::forward_tail(h1, vp), y + i + lanes, stream);
    return i + 2 * lanes;
}

// The whole vectors of a forward call and its tail. Far: the steps prefetch
// (calls of n >= prefetch_from), and where stream is set they use
// streaming stores (y + the first step aligned to 64 bytes). One far loop for
// both store kinds: the test per step costs nothing against memory there, and
// a second copy of every loop cost 1 MB of library.
template <class F, class Act, bool Far>
SIMDACT_FLATTEN void forward_steps(const float* x, float* y, std::size_t n, const params_of<F>& vp, bool tiny_ok,
                                   bool stream = false) {
    constexpr std::size_t lanes = F::size;
    std::size_t i = 0;
    if constexpr (has_forward_stages<Act>::value && pipelines_stages<F>) {
        if (n >= 2 * lanes) {
            i = forward_pipelined<F, Act, Far>(x, y, n, vp, tiny_forward<Act> && tiny_ok, stream);
            if (i == handed_over) return;
        }
    } else {
        // Two vectors a step, tested together (on AVX-512 one kortest of both
        // masks): the test per vector cost the cheap kernels up to 25% at n = 4096.
        for (; i + 2 * lanes <= n; i += 2 * lanes) {
            if (Far) prefetch_step<prefetch_ahead_forward, lanes>(x + i);
            const F v0 = F::load_unaligned(x + i), v1 = F::load_unaligned(x + i + lanes);
            if (tiny_forward<Act> && tiny_ok && any_subnormal(v0, v1))
                return forward_loop_tiny<F, Act>(x + i, y + i, n - i, vp);
            store_step<Far>(Act::forward(v0, vp), y + i, stream);
            store_step<Far>(Act::forward(v1, vp), y + i + lanes, stream);
        }
    }
    if (i + lanes <= n) {
        const F v = F::load_unaligned(x + i);
        if (tiny_forward<Act> && tiny_ok && any_subnormal(v)) return forward_loop_tiny<F, Act>(x + i, y + i, n - i, vp);
        Act::forward(v, vp).store_unaligned(y + i);
        i += lanes;
    }
    if (i < n) {
        const F v = load_partial<F>(x + i, n - i);
        if (tiny_forward<Act> && tiny_ok && any_subnormal(v)) return forward_loop_tiny<F, Act>(x + i, y + i, n - i, vp);
        store_partial(Act::forward(v, vp), y + i, n - i);
    }
}
// A call of n >= prefetch_from: prefetching, and if it streams its output
// (streams_output), the head up to y's first 64-byte boundary as usual, the
// rest streamed, then the fence.
template <class F, class Act>
[[gnu::noinline]] SIMDACT_FLATTEN void forward_loop(const float* x, float* y, std::size_t n, const simdact_params* p);
template <class F, class Act>
[[gnu::noinline]] SIMDACT_FLATTEN void forward_far(const float* x, float* y, std::size_t n, const simdact_params* p) {
    const params_of<F> vp(*p);
    const bool tiny_ok = tiny_forward<Act> && tiny_ok_for<Act>(*p);
    if (!streams_output<F>(y, n, x)) return forward_steps<F, Act, true>(x, y, n, vp, tiny_ok);
    const std::size_t head = floats_to_line(y);
    forward_loop<F, Act>(x, y, head, p);  // a call: no third copy of the loop here
    forward_steps<F, Act, true>(x + head, y + head, n - head, vp, tiny_ok, /*stream=*/true);
    stream_fence();
}

// Large calls out of line (forward_far), so that the loop of every other call
// tests no prefetch flag per step and builds no parameters the far call would
// need in memory (passing vp kept it there: 0.5 ns of a 2 ns call at n = 16).
// Tiers that neither prefetch nor stream (scalar, NEON) have no far loop: it
// would be a copy of the near one (code and compile time).
template <class F> constexpr bool has_far_loop = F::size >= prefetch_lanes || has_stream_store<F>;

template <class F, class Act>
[[gnu::noinline]] SIMDACT_FLATTEN void forward_loop(const float* x, float* y, std::size_t n, const simdact_params* p) {
    if constexpr (has_far_loop<F>)
        if (n >= prefetch_from) return forward_far<F, Act>(x, y, n, p);
    const params_of<F> vp(*p);
    const bool tiny_ok = tiny_forward<Act> && tiny_ok_for<Act>(*p);
    forward_steps<F, Act, false>(x, y, n, vp, tiny_ok);
}

// The pairs of a backward call from x (n >= 2 lanes) for an activation with
// a two-stage backward, pipelined as forward_pipelined; each step loads the
// next pair before it stores its own (as backward_steps). Returns the first
// element not yet written, or handed_over (backward_loop_tiny took the rest).
template <class F, class Act, bool Far>
SIMDACT_FLATTEN std::size_t backward_pipelined(const float* in, const float* dy, float* dx, std::size_t n,
                                               const params_of<F>& vp, bool tiny, bool stream) {
    constexpr std::size_t lanes = F::size;
    F v0 = F::load_unaligned(in), v1 = F::load_unaligned(in + lanes);
    if (tiny && any_subnormal(v0, v1)) {
        backward_loop_tiny<F, Act, false>(in, dy, dx, n, vp);
        return handed_over;
    }
    auto h0 = Act::backward_head(v0, F::load_unaligned(dy), vp);
    auto h1 = Act::backward_head(v1, F::load_unaligned(dy + lanes), vp);
    std::size_t i = 0;
    for (; i + 4 * lanes <= n; i += 2 * lanes) {
        if (Far) {
            prefetch_step<prefetch_ahead_backward, lanes>(in + i);
            prefetch_step<prefetch_ahead_backward, lanes>(dy + i);
        }
        // the next pair's loads before this pair's stores (as in backward_steps)
        v0 = F::load_unaligned(in + i + 2 * lanes), v1 = F::load_unaligned(in + i + 3 * lanes);
        const F g0 = F::load_unaligned(dy + i + 2 * lanes), g1 = F::load_unaligned(dy + i + 3 * lanes);
        if (tiny && any_subnormal(v0, v1)) {
            store_step<Far>(Act::backward_tail(h0, vp), dx + i, stream);
            store_step<Far>(Act::backward_tail(h1, vp), dx + i + lanes, stream);
            i += 2 * lanes;
            backward_loop_tiny<F, Act, false>(in + i, dy + i, dx + i, n - i, vp);
            return handed_over;
        }
        const auto next0 = Act::backward_head(v0, g0, vp), next1 = Act::backward_head(v1, g1, vp);
        store_step<Far>(Act::backward_tail(h0, vp), dx + i, stream);
        store_step<Far>(Act::backward_tail(h1, vp), dx + i + lanes, stream);
        h0 = next0, h1 = next1;
    }
    store_step<Far>(Act::backward_tail(h0, vp), dx + i, stream);
    store_step<Far>(Act::backward_tail(h1, vp), dx + i + lanes, stream);
    return i + 2 * lanes;
}

// Backward from x (FromOutput = false) or from y (backward_from_output), as forward.
template <class F, class Act, bool FromOutput, bool Far>
SIMDACT_FLATTEN void backward_steps(const float* in, const float* dy, float* dx, std::size_t n, const params_of<F>& vp,
                                    bool tiny_ok, bool stream = false) {
    constexpr std::size_t lanes = F::size;
    constexpr bool policy = tiny_backward<Act, FromOutput>;
    auto kernel = [&vp](F v, F g) {
        if constexpr (FromOutput) return Act::backward_from_output(v, g, vp);
        else return Act::backward(v, g, vp);
    };
    std::size_t i = 0;
    // Two a step, as in forward_steps, each step loading the next step's pair
    // before it stores its own: a load after a store to an address equal in its
    // low 12 bits (dx a little past x or dy modulo 4 KB, as for buffers
    // allocated one after another) waits for that store. n = 4096: relu6',
    // hardshrink', softshrink' 1.07-1.10x, threshold' 1.21x, gelu' 1.10x; the
    // forward loop written so lost 5% on relu, so it stays as it was.
    if constexpr (!FromOutput && has_backward_stages<Act>::value && pipelines_stages<F>) {
        if (n >= 2 * lanes) {
            i = backward_pipelined<F, Act, Far>(in, dy, dx, n, vp, policy && tiny_ok, stream);
            if (i == handed_over) return;
        }
    } else if (n >= 2 * lanes) {
        F v0 = F::load_unaligned(in), v1 = F::load_unaligned(in + lanes);
        F g0 = F::load_unaligned(dy), g1 = F::load_unaligned(dy + lanes);
        for (;; i += 2 * lanes) {
            if (Far) {
                prefetch_step<prefetch_ahead_backward, lanes>(in + i);
                prefetch_step<prefetch_ahead_backward, lanes>(dy + i);
            }
            if (policy && tiny_ok && any_subnormal(v0, v1))
                return backward_loop_tiny<F, Act, FromOutput>(in + i, dy + i, dx + i, n - i, vp);
            const F r0 = kernel(v0, g0), r1 = kernel(v1, g1);
            // The last step's stores are written out here rather than shared
            // with the others under a flag: that form cost gelu' 9% (AVX-512).
            if (i + 4 * lanes > n) {
                store_step<Far>(r0, dx + i, stream);
                store_step<Far>(r1, dx + i + lanes, stream);
                i += 2 * lanes;
                break;
            }
            v0 = F::load_unaligned(in + i + 2 * lanes), v1 = F::load_unaligned(in + i + 3 * lanes);
            g0 = F::load_unaligned(dy + i + 2 * lanes), g1 = F::load_unaligned(dy + i + 3 * lanes);
            store_step<Far>(r0, dx + i, stream);
            store_step<Far>(r1, dx + i + lanes, stream);
        }
    }
    if (i + lanes <= n) {
        const F v = F::load_unaligned(in + i);
        if (policy && tiny_ok && any_subnormal(v))
            return backward_loop_tiny<F, Act, FromOutput>(in + i, dy + i, dx + i, n - i, vp);
        kernel(v, F::load_unaligned(dy + i)).store_unaligned(dx + i);
        i += lanes;
    }
    if (i < n) {
        const F v = load_partial<F>(in + i, n - i);
        if (policy && tiny_ok && any_subnormal(v))
            return backward_loop_tiny<F, Act, FromOutput>(in + i, dy + i, dx + i, n - i, vp);
        store_partial(kernel(v, load_partial<F>(dy + i, n - i)), dx + i, n - i);
    }
}
template <class F, class Act, bool FromOutput>
[[gnu::noinline]] SIMDACT_FLATTEN void backward_loop(const float* in, const float* dy, float* dx, std::size_t n,
                                                    const simdact_params* p);
template <class F, class Act, bool FromOutput>
[[gnu::noinline]] SIMDACT_FLATTEN void backward_far(const float* in, const float* dy, float* dx, std::size_t n,
                                                   const simdact_params* p) {
    const params_of<F> vp(*p);
    const bool tiny_ok = tiny_backward<Act, FromOutput> && tiny_ok_for<Act>(*p);
    if (!streams_output<F>(dx, n, in, dy)) return backward_steps<F, Act, FromOutput, true>(in, dy, dx, n, vp, tiny_ok);
    const std::size_t head = floats_to_line(dx);
    backward_loop<F, Act, FromOutput>(in, dy, dx, head, p);  // a call, as in forward_far
    backward_steps<F, Act, FromOutput, true>(in + head, dy + head, dx + head, n - head, vp, tiny_ok, /*stream=*/true);
    stream_fence();
}

template <class F, class Act, bool FromOutput>
[[gnu::noinline]] SIMDACT_FLATTEN void backward_loop(const float* in, const float* dy, float* dx, std::size_t n,
                                                    const simdact_params* p) {
    if constexpr (has_far_loop<F>)
        if (n >= prefetch_from) return backward_far<F, Act, FromOutput>(in, dy, dx, n, p);
    const params_of<F> vp(*p);
    const bool tiny_ok = tiny_backward<Act, FromOutput> && tiny_ok_for<Act>(*p);
    backward_steps<F, Act, FromOutput, false>(in, dy, dx, n, vp, tiny_ok);
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
