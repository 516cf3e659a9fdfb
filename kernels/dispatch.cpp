// Tier selection: CPU feature detection (with OS support via XGETBV), the
// priority-ordered tier list, and the active tier, resolved once.
// Built with baseline flags: nothing here may use an optional instruction.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "kernels/dispatch.hpp"

#if defined(__x86_64__) || defined(_M_X64)
#include <cpuid.h>
#define SIMDACT_X86 1
#endif

namespace simdact {
// Each tier TU defines its table (kernels/isa/*.cpp).
namespace scalar { extern const detail::kernel_table table; }
#if SIMDACT_X86
namespace avx2 { extern const detail::kernel_table table; }
namespace avx512 { extern const detail::kernel_table table; }
#endif
#if defined(__aarch64__)
namespace neon { extern const detail::kernel_table table; }
#endif

namespace detail {
namespace {

cpu_features detect() {
    cpu_features f{};
#if SIMDACT_X86
    unsigned a, b, c, d;
    if (__get_cpuid(1, &a, &b, &c, &d)) {
        f.fma = c & (1u << 12);
        f.osxsave = c & (1u << 27);
        f.avx = c & (1u << 28);
    }
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        f.avx2 = b & (1u << 5);
        f.avx512f = b & (1u << 16);
        f.avx512dq = b & (1u << 17);
        f.avx512cd = b & (1u << 28);
        f.avx512bw = b & (1u << 30);
    }
    if (f.osxsave) {
        // XCR0: which register state the OS saves on context switch.
        unsigned lo, hi;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        f.os_ymm = (lo & 0x6u) == 0x6u;           // SSE + AVX state
        f.os_zmm = (lo & 0xE6u) == 0xE6u;         // + opmask, ZMM0-15 upper, ZMM16-31
    }
#elif defined(__aarch64__)
    f.neon = true;  // Advanced SIMD is mandatory on aarch64
#endif
    return f;
}

bool always(const cpu_features&) { return true; }
#if SIMDACT_X86
bool has_avx2(const cpu_features& f) { return f.avx && f.avx2 && f.fma && f.os_ymm; }
bool has_avx512(const cpu_features& f) {
    return has_avx2(f) && f.avx512f && f.avx512cd && f.avx512dq && f.avx512bw && f.os_zmm;
}
#endif
#if defined(__aarch64__)
bool has_neon(const cpu_features& f) { return f.neon; }
#endif

// Best first. Adding a tier: its TU and one row here.
const tier all_tiers[] = {
#if SIMDACT_X86
    {"avx512", &avx512::table, &has_avx512},
    {"avx2", &avx2::table, &has_avx2},
#endif
#if defined(__aarch64__)
    {"neon", &neon::table, &has_neon},
#endif
    {"scalar", &scalar::table, &always},
};
constexpr std::size_t tier_count = sizeof(all_tiers) / sizeof(all_tiers[0]);

const char* const known_names[] = {"scalar", "avx2", "avx512", "neon"};

bool is_known(const char* name) {
    for (const char* k : known_names)
        if (std::strcmp(k, name) == 0) return true;
    return false;
}

struct state {
    cpu_features cpu = detect();
    const tier* supported[tier_count] = {};
    std::size_t supported_count = 0;
    char reason[reason_capacity] = {};  // fixed size: no allocation on any path
    std::mutex reason_mutex;

    state() {
        for (const tier& t : all_tiers)
            if (t.supported(cpu)) supported[supported_count++] = &t;
        const tier* chosen = supported[0];
        std::snprintf(reason, sizeof reason, "best tier this CPU supports");
        const char* env = std::getenv("SIMDACT_ISA");
        if (env && *env && std::strcmp(env, "best") != 0) {
            if (const tier* t = find_supported(env)) {
                chosen = t;
                std::snprintf(reason, sizeof reason, "forced by SIMDACT_ISA=%s", env);
            } else {
                std::snprintf(reason, sizeof reason, "SIMDACT_ISA=%s%s; using the best tier this CPU supports", env,
                              is_known(env) ? " is not supported by this CPU" : " is not a tier name");
                std::fprintf(stderr, "simdact: %s (%s)\n", reason, supported[0]->name);
            }
        } else if (env && *env) {
            std::snprintf(reason, sizeof reason, "SIMDACT_ISA=best");
        }
        active_kernels.store(chosen->table, std::memory_order_release);
    }

    const tier* find_supported(const char* name) const {
        for (std::size_t i = 0; i < supported_count; ++i)
            if (std::strcmp(supported[i]->name, name) == 0) return supported[i];
        return nullptr;
    }
};

state& get_state() {
    static state s;  // thread-safe one-time initialisation
    return s;
}

}  // namespace

std::atomic<const kernel_table*> active_kernels{nullptr};

const kernel_table& resolve_active_table() {
    get_state();  // its constructor sets active_kernels
    return *active_kernels.load(std::memory_order_acquire);
}
const cpu_features& detected_cpu() { return get_state().cpu; }

simdact_status set_active(const char* name, const char** why) {
    state& s = get_state();
    if (!name) { *why = "ISA name is NULL"; return SIMDACT_ERROR_INVALID_ARGUMENT; }
    const tier* t = std::strcmp(name, "best") == 0 ? s.supported[0] : s.find_supported(name);
    if (!t) {
        *why = is_known(name) ? "this CPU does not support that ISA" : "unknown ISA name";
        return is_known(name) ? SIMDACT_ERROR_UNSUPPORTED : SIMDACT_ERROR_INVALID_ARGUMENT;
    }
    // Table and reason change together, so concurrent setters leave them consistent.
    std::lock_guard<std::mutex> lock(s.reason_mutex);
    active_kernels.store(t->table, std::memory_order_release);
    std::snprintf(s.reason, sizeof s.reason, "set through the API to %s", name);
    return SIMDACT_OK;
}

std::size_t supported_count() { return get_state().supported_count; }
const char* supported_name(std::size_t i) {
    const state& s = get_state();
    return i < s.supported_count ? s.supported[i]->name : nullptr;
}
void copy_active_reason(char* out, std::size_t size) {
    state& s = get_state();
    std::lock_guard<std::mutex> lock(s.reason_mutex);
    std::snprintf(out, size, "%s", s.reason);
}

}  // namespace detail
}  // namespace simdact
