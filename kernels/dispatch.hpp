// Internal interface of kernels/dispatch.cpp.
#pragma once
#include <cstddef>
#include <string>

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

const kernel_table& active_table();
const char* active_isa_name();
const cpu_features& detected_cpu();
std::string active_reason();
simdact_status set_active(const char* name, const char** why);
std::size_t supported_count();
const char* supported_name(std::size_t i);

}  // namespace detail
}  // namespace simdact
