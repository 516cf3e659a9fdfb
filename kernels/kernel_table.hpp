// The per-tier kernel table and per-activation metadata: plain data shared by the
// tier translation units, the dispatcher and the API. No SIMD code here.
#pragma once
#include <cstddef>

#include "kernels/registry.hpp"
#include "simdact/simdact.h"

namespace simdact {
namespace detail {

// Tables are indexed by the public enum value (the last enumerator + 1).
constexpr int activation_count = int(SIMDACT_EXP) + 1;

// One activation's kernels on one tier; backward_from_output is null where the
// spec has no from-y form. Parameters are already validated and non-null.
struct kernel_set {
    simdact_forward_fn forward;
    simdact_backward_fn backward;
    simdact_backward_fn backward_from_output;
};

// PReLU (kernels/act/prelu.hpp): arguments already validated by the API.
using prelu_forward_fn = void (*)(const float* x, const float* weight, std::size_t channels, std::size_t inner,
                                  float* y, std::size_t n);
using prelu_backward_fn = void (*)(const float* x, const float* weight, std::size_t channels, std::size_t inner,
                                   const float* dy, float* dx, float* dweight, std::size_t n);

// Every registered activation has all its entries; an enum value without a
// registry row has a zeroed entry and is rejected by the API.
struct kernel_table {
    const char* isa;
    kernel_set act[activation_count];
    prelu_forward_fn prelu_forward;
    prelu_backward_fn prelu_backward;
};

// Tier-independent facts about an activation (built in kernels/activation_info.cpp);
// name is null for an enum value without a registry row.
struct activation_info {
    const char* name;
    simdact_params defaults;
    bool params_required;  // no defaults: NULL params is an error
    bool has_from_output;
    const char* (*invalid_params)(const simdact_params&);
    const char* (*invalid_for_output)(const simdact_params&);
};
extern const activation_info (&activation_infos)[activation_count];

}  // namespace detail
}  // namespace simdact
