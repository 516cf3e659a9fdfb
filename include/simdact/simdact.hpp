// simdact C++ API: a thin, header-only layer over the C API (simdact.h).
//
//   simdact::forward(simdact::activation::sigmoid, x, y, n);          // one-shot, checked
//   auto k = simdact::get_kernel(simdact::activation::leaky_relu, simdact::leaky_relu_params(0.2f));
//   for (...) k.forward(x, y, n);                                     // hot loop: no checks, no dispatch
//
// Errors: every checked call throws simdact::error exactly where the C function
// returns a status other than SIMDACT_OK (see simdact.h), and nothing is written
// when a call throws. error::code() is that simdact_status; what() is
// "<simdact_status_string(code)>: <simdact_last_error()>", e.g.
// "null pointer: y is NULL", "invalid argument: celu: alpha must not be 0",
// "buffers overlap: dx partially overlaps dy", "invalid argument: unknown ISA name: AVX512".
//   SIMDACT_ERROR_NULL_POINTER      a NULL buffer with n > 0
//   SIMDACT_ERROR_INVALID_ARGUMENT  unknown activation (also from name()), bad parameter,
//                                   NaN PReLU weight or bad PReLU shape, threshold
//                                   without params, unknown ISA name, a length no
//                                   buffer can have (n > PTRDIFF_MAX / sizeof(float))
//   SIMDACT_ERROR_OVERLAP           an output partially overlapping an input (PReLU's
//                                   weight/dweight: any overlap)
//   SIMDACT_ERROR_UNSUPPORTED       no backward from the output (also kernel::
//                                   backward_from_output), ISA this CPU lacks
// Building the message may also throw std::bad_alloc. kernel's forward/backward do
// no checking and never throw; active_isa() and supported_isas() throw nothing but
// std::bad_alloc. Thread safety: as the C API (see simdact_active_isa in simdact.h).
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "simdact/simdact.h"

namespace simdact {

enum class activation : int {
    sigmoid = SIMDACT_SIGMOID,
    tanh = SIMDACT_TANH,
    relu = SIMDACT_RELU,
    leaky_relu = SIMDACT_LEAKY_RELU,
    elu = SIMDACT_ELU,
    selu = SIMDACT_SELU,
    celu = SIMDACT_CELU,
    gelu = SIMDACT_GELU,
    gelu_tanh = SIMDACT_GELU_TANH,
    silu = SIMDACT_SILU,
    mish = SIMDACT_MISH,
    softplus = SIMDACT_SOFTPLUS,
    logsigmoid = SIMDACT_LOGSIGMOID,
    hardsigmoid = SIMDACT_HARDSIGMOID,
    hardswish = SIMDACT_HARDSWISH,
    hardtanh = SIMDACT_HARDTANH,
    relu6 = SIMDACT_RELU6,
    softsign = SIMDACT_SOFTSIGN,
    tanhshrink = SIMDACT_TANHSHRINK,
    threshold = SIMDACT_THRESHOLD,
    hardshrink = SIMDACT_HARDSHRINK,
    softshrink = SIMDACT_SOFTSHRINK,
    exp = SIMDACT_EXP,
};

using status = simdact_status;
using params = simdact_params;  // {alpha, beta}; see simdact.h for each activation's mapping

class error : public std::runtime_error {
public:
    error(status s, const std::string& what) : std::runtime_error(what), status_(s) {}
    status code() const noexcept { return status_; }

private:
    status status_;
};

namespace detail {
inline void check(status s) {
    if (s != SIMDACT_OK)
        throw error(s, std::string(simdact_status_string(s)) + ": " + simdact_last_error());
}
inline simdact_activation c(activation a) { return static_cast<simdact_activation>(a); }
}  // namespace detail

inline params default_params(activation a) {
    params p{};
    detail::check(simdact_default_params(detail::c(a), &p));
    return p;
}
inline params leaky_relu_params(float slope) { return params{slope, 0.0f}; }
inline params silu_params(float beta) { return params{beta, 0.0f}; }
inline params hardtanh_params(float min_val, float max_val) { return params{min_val, max_val}; }
inline params threshold_params(float threshold, float value) { return params{threshold, value}; }
inline params hardshrink_params(float lambda) { return params{lambda, 0.0f}; }
inline params softshrink_params(float lambda) { return params{lambda, 0.0f}; }
inline params elu_params(float alpha) { return params{alpha, 0.0f}; }
inline params celu_params(float alpha) { return params{alpha, 0.0f}; }  // alpha != 0
inline params softplus_params(float beta, float threshold = 20.0f) { return params{beta, threshold}; }  // beta > 0

inline const char* name(activation a) {
    const char* s = simdact_activation_name(detail::c(a));
    if (!s)
        throw error(SIMDACT_ERROR_INVALID_ARGUMENT,
                    std::string(simdact_status_string(SIMDACT_ERROR_INVALID_ARGUMENT)) + ": unknown activation " +
                        std::to_string(static_cast<int>(a)));
    return s;
}

// One-shot calls (defaults when params are omitted).
inline void forward(activation a, const float* x, float* y, std::size_t n) {
    detail::check(simdact_forward(detail::c(a), nullptr, x, y, n));
}
inline void forward(activation a, const params& p, const float* x, float* y, std::size_t n) {
    detail::check(simdact_forward(detail::c(a), &p, x, y, n));
}
inline void backward(activation a, const float* x, const float* dy, float* dx, std::size_t n) {
    detail::check(simdact_backward(detail::c(a), nullptr, x, dy, dx, n));
}
inline void backward(activation a, const params& p, const float* x, const float* dy, float* dx, std::size_t n) {
    detail::check(simdact_backward(detail::c(a), &p, x, dy, dx, n));
}
inline void backward_from_output(activation a, const float* y, const float* dy, float* dx, std::size_t n) {
    detail::check(simdact_backward_from_output(detail::c(a), nullptr, y, dy, dx, n));
}
inline void backward_from_output(activation a, const params& p, const float* y, const float* dy, float* dx,
                                 std::size_t n) {
    detail::check(simdact_backward_from_output(detail::c(a), &p, y, dy, dx, n));
}

// PReLU with one weight per channel over [outer][channels][inner] (see simdact.h).
inline void prelu_forward(const float* x, const float* weight, std::size_t channels, std::size_t inner, float* y,
                          std::size_t n) {
    detail::check(simdact_prelu_forward(x, weight, channels, inner, y, n));
}
inline void prelu_backward(const float* x, const float* weight, std::size_t channels, std::size_t inner,
                           const float* dy, float* dx, float* dweight, std::size_t n) {
    detail::check(simdact_prelu_backward(x, weight, channels, inner, dy, dx, dweight, n));
}

// Resolved kernels of one activation with fixed parameters, on the tier active
// when fetched. Calls do no checking: buffers must be valid for n floats and
// outputs either exactly an input or disjoint from it.
class kernel {
public:
    explicit kernel(const simdact_kernel& k) : k_(k) {}
    void forward(const float* x, float* y, std::size_t n) const { k_.forward(x, y, n, &k_.params); }
    void backward(const float* x, const float* dy, float* dx, std::size_t n) const {
        k_.backward(x, dy, dx, n, &k_.params);
    }
    bool has_backward_from_output() const noexcept { return k_.backward_from_output != nullptr; }
    void backward_from_output(const float* y, const float* dy, float* dx, std::size_t n) const {
        if (!k_.backward_from_output)
            throw error(SIMDACT_ERROR_UNSUPPORTED,
                        std::string(simdact_status_string(SIMDACT_ERROR_UNSUPPORTED)) + ": no backward from the output");
        k_.backward_from_output(y, dy, dx, n, &k_.params);
    }
    const char* isa() const noexcept { return k_.isa; }
    const simdact_kernel& c_kernel() const noexcept { return k_; }

private:
    simdact_kernel k_;
};

inline kernel get_kernel(activation a) {
    simdact_kernel k{};
    detail::check(simdact_get_kernel(detail::c(a), nullptr, &k));
    return kernel(k);
}
inline kernel get_kernel(activation a, const params& p) {
    simdact_kernel k{};
    detail::check(simdact_get_kernel(detail::c(a), &p, &k));
    return kernel(k);
}

// Tiers.
inline std::string active_isa() { return simdact_active_isa(); }
inline void set_isa(const std::string& name) { detail::check(simdact_set_isa(name.c_str())); }
inline std::vector<std::string> supported_isas() {
    std::vector<std::string> v;
    for (std::size_t i = 0; i < simdact_supported_isa_count(); ++i) v.emplace_back(simdact_supported_isa(i));
    return v;
}

}  // namespace simdact
