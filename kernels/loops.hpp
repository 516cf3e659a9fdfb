// The one loop driver every activation and tier shares: whole vectors, then the
// tail through the same vector code on a stack copy, so the tail's bits equal
// the body's and no byte outside [p, p + n) is read or written. Each vector is
// loaded before its result is stored, so in-place calls are safe.
// [[gnu::flatten]]: every helper of the kernel is inlined into the loop. GCC
// otherwise leaves the larger ones (mul_logistic_grad, mul_sigmoid_scaled,
// mul_expm1, ...) out of line, and each vector then pays a call that passes
// the vectors through memory and reloads the helper's constants (sigmoid' and
// tanh' 1.13x avx512 / 1.2-1.3x avx2, silu', gelu', softplus, logsigmoid' up to
// 1.27x; same bits: the kernels are built with -ffp-contract=off). Sanitizer
// builds define SIMDACT_NO_FLATTEN (CMakeLists.txt): compile time.
#pragma once
#include <cstring>

#ifdef SIMDACT_NO_FLATTEN
#define SIMDACT_FLATTEN
#else
#define SIMDACT_FLATTEN [[gnu::flatten]]
#endif

#include "kernels/activation.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {

template <class F, class Act>
SIMDACT_FLATTEN void forward_loop(const float* x, float* y, std::size_t n, const simdact_params* p) {
    constexpr std::size_t lanes = F::size;
    const params_of<F> vp(*p);
    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes) Act::forward(F::load_unaligned(x + i), vp).store_unaligned(y + i);
    if (i < n) {
        float xin[lanes] = {}, out[lanes];
        std::memcpy(xin, x + i, (n - i) * sizeof(float));
        Act::forward(F::load_unaligned(xin), vp).store_unaligned(out);
        std::memcpy(y + i, out, (n - i) * sizeof(float));
    }
}

// Backward from x (Direction = backward) or from y (backward_from_output).
template <class F, class Act, bool FromOutput>
SIMDACT_FLATTEN void backward_loop(const float* in, const float* dy, float* dx, std::size_t n, const simdact_params* p) {
    constexpr std::size_t lanes = F::size;
    const params_of<F> vp(*p);
    auto kernel = [&vp](F v, F g) {
        if constexpr (FromOutput) return Act::backward_from_output(v, g, vp);
        else return Act::backward(v, g, vp);
    };
    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes) kernel(F::load_unaligned(in + i), F::load_unaligned(dy + i)).store_unaligned(dx + i);
    if (i < n) {
        float vin[lanes] = {}, gin[lanes] = {}, out[lanes];
        std::memcpy(vin, in + i, (n - i) * sizeof(float));
        std::memcpy(gin, dy + i, (n - i) * sizeof(float));
        kernel(F::load_unaligned(vin), F::load_unaligned(gin)).store_unaligned(out);
        std::memcpy(dx + i, out, (n - i) * sizeof(float));
    }
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
