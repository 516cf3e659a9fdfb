// See limits.hpp. Built without ISA flags: each loop carries its own target
// attribute and runs only where the CPU has that ISA.
#include "bench/limits.hpp"

#include <cstring>
#include <immintrin.h>

namespace bench {
namespace {

// Eight independent dependency chains (more than the divide's latency over its
// throughput), kept in registers by the empty asm, so the loop runs at the
// divider's throughput.
__attribute__((target("avx512f"))) std::size_t divide_zmm(std::size_t rounds) {
    const __m512 b = _mm512_set1_ps(1.37f);
    __m512 a0 = _mm512_set1_ps(1.0f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    for (std::size_t r = 0; r < rounds; ++r) {
        a0 = _mm512_div_ps(b, a0), a1 = _mm512_div_ps(b, a1), a2 = _mm512_div_ps(b, a2), a3 = _mm512_div_ps(b, a3);
        a4 = _mm512_div_ps(b, a4), a5 = _mm512_div_ps(b, a5), a6 = _mm512_div_ps(b, a6), a7 = _mm512_div_ps(b, a7);
        asm volatile("" : "+v"(a0), "+v"(a1), "+v"(a2), "+v"(a3), "+v"(a4), "+v"(a5), "+v"(a6), "+v"(a7));
    }
    return rounds * 8 * 16;
}
__attribute__((target("avx2"))) std::size_t divide_ymm(std::size_t rounds) {
    const __m256 b = _mm256_set1_ps(1.37f);
    __m256 a0 = _mm256_set1_ps(1.0f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    for (std::size_t r = 0; r < rounds; ++r) {
        a0 = _mm256_div_ps(b, a0), a1 = _mm256_div_ps(b, a1), a2 = _mm256_div_ps(b, a2), a3 = _mm256_div_ps(b, a3);
        a4 = _mm256_div_ps(b, a4), a5 = _mm256_div_ps(b, a5), a6 = _mm256_div_ps(b, a6), a7 = _mm256_div_ps(b, a7);
        asm volatile("" : "+x"(a0), "+x"(a1), "+x"(a2), "+x"(a3), "+x"(a4), "+x"(a5), "+x"(a6), "+x"(a7));
    }
    return rounds * 8 * 8;
}

}  // namespace

bool divide_limit_supported(const char* tier) {
    __builtin_cpu_init();
    if (std::strcmp(tier, "avx512") == 0) return __builtin_cpu_supports("avx512f");
    if (std::strcmp(tier, "avx2") == 0) return __builtin_cpu_supports("avx2");
    return false;
}

std::size_t divide_limit_run(const char* tier, std::size_t rounds) {
    return std::strcmp(tier, "avx512") == 0 ? divide_zmm(rounds) : divide_ymm(rounds);
}

}  // namespace bench
