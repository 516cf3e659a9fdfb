// Internal interface of kernels/dispatch.cpp.
#pragma once
#include <atomic>
#include <cstddef>

#include "kernels/kernel_table.hpp"

namespace simdact {
namespace detail {

struct cpu_features {
    bool avx, avx2, fma, osxsave, os_ymm, os_zmm;
    bool avx512f, avx512cd, avx512dq, avx512bw;
    bool neon;
};

struct tier {
    const char* name;
    const kernel_table* table;
    bool (*supported)(const cpu_features&);
};

// The active tier's kernels: null until first use, then set once from the CPU
// and SIMDACT_ISA (resolve_active_table), later only by set_active. Inline so
// a checked API call pays one atomic load for dispatch.
extern std::atomic<const kernel_table*> active_kernels;
const kernel_table& resolve_active_table();
inline const kernel_table& active_table() {
    const kernel_table* t = active_kernels.load(std::memory_order_acquire);
    return t ? *t : resolve_active_table();
}
inline const char* active_isa_name() { return active_table().isa; }
const cpu_features& detected_cpu();
// Why the active tier was chosen, copied (truncated to size) under the lock.
constexpr std::size_t reason_capacity = 160;
void copy_active_reason(char* out, std::size_t size);
simdact_status set_active(const char* name, const char** why);
std::size_t supported_count();
const char* supported_name(std::size_t i);

}  // namespace detail
}  // namespace simdact
