// Tier-independent metadata of every registered activation (names, defaults,
// parameter checks), read by the API. Built with baseline flags.
#define SIMDACT_TIER_NS meta
#define SIMDACT_SCALAR_ONLY 1
#include "kernels/kernel_table.hpp"
#include "kernels/activation.hpp"

namespace simdact {
namespace detail {

template <class Act> constexpr activation_info info_of() {
    return {Act::name, Act::defaults, meta::params_required_of<Act>::value, Act::has_from_output, &Act::invalid_params, &Act::invalid_for_output};
}

namespace {
struct info_table {
    activation_info row[activation_count];
};
constexpr info_table make_infos() {
    info_table t{};
#define SIMDACT_ROW(ENUM, name) t.row[SIMDACT_##ENUM] = info_of<meta::act::name>();
    SIMDACT_FOR_EACH_ACTIVATION(SIMDACT_ROW)
#undef SIMDACT_ROW
    return t;
}
constexpr info_table infos = make_infos();
}  // namespace

const activation_info (&activation_infos)[activation_count] = infos.row;

}  // namespace detail
}  // namespace simdact
