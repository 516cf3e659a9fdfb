// The body of every tier translation unit: instantiates each registered
// activation's kernels for the vector type SIMDACT_VEC and publishes them as
// simdact::SIMDACT_TIER_NS::table. A tier TU defines SIMDACT_TIER_NS,
// SIMDACT_TIER_NAME and SIMDACT_VEC, then includes this file.
#include "kernels/kernel_table.hpp"
#include "kernels/loops.hpp"
#include "kernels/act/prelu.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {

template <class Act> constexpr detail::kernel_set kernels_of() {
    using F = SIMDACT_VEC;
    simdact_backward_fn from_output = nullptr;
    if constexpr (Act::has_from_output) from_output = &backward_loop<F, Act, true>;
    return {&forward_loop<F, Act>, &backward_loop<F, Act, false>, from_output};
}

constexpr detail::kernel_table make_table() {
    detail::kernel_table t{};
    t.isa = SIMDACT_TIER_NAME;
#define SIMDACT_ROW(ENUM, name) t.act[SIMDACT_##ENUM] = kernels_of<act::name>();
    SIMDACT_FOR_EACH_ACTIVATION(SIMDACT_ROW)
#undef SIMDACT_ROW
    t.prelu_forward = &prelu::forward<SIMDACT_VEC>;
    t.prelu_backward = &prelu::backward<SIMDACT_VEC>;
    return t;
}

extern const detail::kernel_table table;
constexpr detail::kernel_table table = make_table();

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
