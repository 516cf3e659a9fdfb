// Streaming stores for outputs far beyond the caches (kernels/loops.hpp and
// PReLU's runs, kernels/act/prelu.hpp).
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/simd/ops.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {

// Where a call's buffers add up to 64 MiB or more and the output overlaps no
// input, its whole cache lines are written with non-temporal stores (the x86
// vector tiers: has_stream_store). A plain store first reads its line from
// memory (three streams for a forward call, four backward); a streaming store
// does not. On the Xeon of bench/report, a plain kernel of each shape at
// n = 16M: forward 1.6-1.8x, backward 1.4-1.5x; at 64 MiB in all, 1.0x
// forward and 1.16x backward; at 32 MiB 0.98x, below that worse (0.8x at
// 1 MiB, where the output would have stayed in cache). In place never
// streams: the line is in cache already (streaming there ran at 0.3x). The
// floats before the output's first 64-byte boundary, and the remainder after
// the last whole step, are stored as usual; the call ends with a store fence,
// so its results are ordered like plain stores. PReLU streams only where
// every run of a channel starts on a 64-byte boundary (its runs path).
constexpr std::size_t stream_from_bytes = std::size_t(64) << 20;
inline bool overlap(const float* a, const float* b, std::size_t n) {
    const std::uintptr_t ua = reinterpret_cast<std::uintptr_t>(a), ub = reinterpret_cast<std::uintptr_t>(b);
    return ua < ub + n * sizeof(float) && ub < ua + n * sizeof(float);
}
template <class F>
inline bool streams_output(const float* out, std::size_t n, const float* in0, const float* in1 = nullptr) {
    if constexpr (!has_stream_store<F>) return false;
    const std::size_t buffers = in1 ? 3 : 2;
    return n >= stream_from_bytes / sizeof(float) / buffers && reinterpret_cast<std::uintptr_t>(out) % sizeof(float) == 0 &&
           !overlap(out, in0, n) && !(in1 && overlap(out, in1, n));
}
// The floats before p's next 64-byte boundary (p float-aligned).
inline std::size_t floats_to_line(const float* p) {
    return ((64 - reinterpret_cast<std::uintptr_t>(p) % 64) % 64) / sizeof(float);
}
// A step's store: streaming where the loop may stream (MayStream, a
// compile-time choice) and stream is set (the kernel loops decide per call;
// PReLU's runs pass MayStream for both).
template <bool MayStream, class F> inline void store_step(F v, float* p, bool stream) {
    if constexpr (MayStream && has_stream_store<F>)
        if (stream) return store_stream(v, p);
    v.store_unaligned(p);
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
