// The C API: argument checking, then one indirect call into the active tier.
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "kernels/dispatch.hpp"
#include "simdact/simdact.h"

namespace simdact {
namespace detail {
namespace {

// The last error of this thread: a fixed buffer written with vsnprintf, so no
// error path allocates or throws (messages longer than the buffer are truncated).
constexpr std::size_t error_capacity = 256;
thread_local char last_error[error_capacity];

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
simdact_status fail(simdact_status s, const char* format, ...) noexcept {
    va_list args;
    va_start(args, format);
    if (std::vsnprintf(last_error, error_capacity, format, args) < 0) last_error[0] = '\0';
    va_end(args);
    return s;
}

// The largest n accepted: a buffer of n floats must fit in ptrdiff_t bytes (no
// real object is larger), so n * sizeof(float) cannot overflow.
constexpr std::size_t max_floats = std::size_t(PTRDIFF_MAX) / sizeof(float);

// n floats from p (non-NULL) fit in the address space: p + n * 4 does not wrap.
bool fits(const void* p, std::size_t n) {
    return n <= max_floats && reinterpret_cast<std::uintptr_t>(p) <= UINTPTR_MAX - n * sizeof(float);
}
simdact_status too_long(std::size_t n) {
    return fail(SIMDACT_ERROR_INVALID_ARGUMENT, "n = %zu floats cannot be a buffer (over PTRDIFF_MAX bytes or past the "
                                                "end of the address space)", n);
}

bool known(simdact_activation a) {
    return int(a) >= 0 && int(a) < activation_count && activation_infos[a].name != nullptr;
}

// The parameters a call runs with: NULL resolves to the activation's defaults
// (valid by construction, tests/api_test.cpp checks them, so no check is run and
// nothing is copied); given parameters are copied
// into *copy (the kernel then reads what was checked, even if the caller's
// struct changes meanwhile) and checked. *out points at one or the other.
inline simdact_status resolve_params(simdact_activation a, const simdact_params* given, simdact_params* copy,
                                     const simdact_params** out) {
    if (!known(a)) return fail(SIMDACT_ERROR_INVALID_ARGUMENT, "unknown activation %d", int(a));
    const activation_info& info = activation_infos[a];
    if (!given) {
        if (info.params_required)
            return fail(SIMDACT_ERROR_INVALID_ARGUMENT, "%s has no default parameters: params are required", info.name);
        *out = &info.defaults;
        return SIMDACT_OK;
    }
    *copy = *given;
    if (const char* why = info.invalid_params(*copy)) return fail(SIMDACT_ERROR_INVALID_ARGUMENT, "%s", why);
    *out = copy;
    return SIMDACT_OK;
}

// The fast path of simdact_forward and simdact_backward: NULL params of an
// activation that has defaults (no copy, no check) once the tier is chosen
// (before, active_table() runs the detection: a call). It then holds no call
// before the kernel's and leaves every error by a tail call, so its frame
// saves no registers (n = 16, AVX-512: relu 6.2 -> 5.1 ns a call, sigmoid
// 11.5 -> 10.4 ns). Every other call takes the noinline *_resolving function:
// resolve_params, whose copy lives on that frame.
inline bool has_defaults(simdact_activation a, const simdact_params* given) {
    return !given && known(a) && !activation_infos[a].params_required;
}
inline const kernel_table* chosen_table() { return active_kernels.load(std::memory_order_acquire); }

// An output must be exactly an input (in place) or not touch it at all. Both
// overlap tests are only called on extents that passed fits(): no wrap-around.
bool partially_overlaps(const float* out, const float* in, std::size_t n) {
    if (out == in) return false;
    const auto o = reinterpret_cast<std::uintptr_t>(out), i = reinterpret_cast<std::uintptr_t>(in);
    const std::uintptr_t bytes = n * sizeof(float);
    return o < i + bytes && i < o + bytes;
}

// Any byte in common (for buffers that may never alias, not even exactly).
bool overlaps(const void* a, std::size_t a_floats, const void* b, std::size_t b_floats) {
    if (!a || !b || a_floats == 0 || b_floats == 0) return false;
    const auto pa = reinterpret_cast<std::uintptr_t>(a), pb = reinterpret_cast<std::uintptr_t>(b);
    return pa < pb + b_floats * sizeof(float) && pb < pa + a_floats * sizeof(float);
}

// PReLU's shape: channels, inner > 0 and n a multiple of channels * inner (for n > 0).
simdact_status check_prelu_shape(std::size_t channels, std::size_t inner, std::size_t n) {
    if (n == 0) return SIMDACT_OK;
    if (channels == 0 || inner == 0) return fail(SIMDACT_ERROR_INVALID_ARGUMENT, "prelu: channels and inner must be > 0");
    if (channels > SIZE_MAX / inner || n % (channels * inner) != 0)
        return fail(SIMDACT_ERROR_INVALID_ARGUMENT, "prelu: n is not a multiple of channels * inner");
    return SIMDACT_OK;
}

// NaN or infinite weights (inf * 0 would make NaN at x = 0): an exponent field
// of all ones, which (bits & exponent) + 2^23 carries into bit 31. ORed over
// blocks of 16 without a branch (GCC vectorizes the fixed-length block at -O2);
// a compare and two branches per weight cost a 64-channel call of n = 4096
// about 75 ns (PReLU forward 1.3x without it).
inline std::uint32_t nonfinite_bit(const float* w) {
    std::uint32_t b;
    std::memcpy(&b, w, sizeof b);
    return (b & 0x7f800000u) + 0x00800000u;
}
simdact_status check_prelu_weight(const float* weight, std::size_t channels) {
    std::uint32_t any = 0;
    std::size_t c = 0;
    for (; c + 16 <= channels; c += 16)
        for (std::size_t k = 0; k < 16; ++k) any |= nonfinite_bit(weight + c + k);
    for (; c < channels; ++c) any |= nonfinite_bit(weight + c);
    if (!(any >> 31)) return SIMDACT_OK;
    for (c = 0; nonfinite_bit(weight + c) >> 31 == 0;) ++c;
    return fail(SIMDACT_ERROR_INVALID_ARGUMENT, "prelu: weight[%zu] is NaN or infinite", c);
}

// A forward call's buffer checks, then the kernel.
inline simdact_status run_forward(const kernel_table& t, simdact_activation a, const simdact_params* p, const float* x,
                                  float* y, std::size_t n) {
    if (n == 0) return SIMDACT_OK;
    if (!x || !y) return fail(SIMDACT_ERROR_NULL_POINTER, "%s", !x ? "x is NULL" : "y is NULL");
    if (!fits(x, n) || !fits(y, n)) return too_long(n);
    if (partially_overlaps(y, x, n)) return fail(SIMDACT_ERROR_OVERLAP, "y partially overlaps x");
    t.act[a].forward(x, y, n, p);
    return SIMDACT_OK;
}
[[gnu::noinline]] simdact_status forward_resolving(simdact_activation a, const simdact_params* given, const float* x,
                                               float* y, std::size_t n) {
    simdact_params copy;
    const simdact_params* p;
    if (simdact_status s = resolve_params(a, given, &copy, &p)) return s;
    return run_forward(active_table(), a, p, x, y, n);
}

enum class direction { backward, from_output };

// A backward call's buffer checks, then the kernel (as run_forward).
inline simdact_status run_backward(const kernel_table& t, direction dir, simdact_activation a, const simdact_params* p,
                                   const float* in, const float* dy, float* dx, std::size_t n) {
    if (n == 0) return SIMDACT_OK;
    const char* in_name = dir == direction::from_output ? "y" : "x";
    if (!in || !dy || !dx) return fail(SIMDACT_ERROR_NULL_POINTER, "%s is NULL", !in ? in_name : !dy ? "dy" : "dx");
    if (!fits(in, n) || !fits(dy, n) || !fits(dx, n)) return too_long(n);
    if (partially_overlaps(dx, in, n)) return fail(SIMDACT_ERROR_OVERLAP, "dx partially overlaps %s", in_name);
    if (partially_overlaps(dx, dy, n)) return fail(SIMDACT_ERROR_OVERLAP, "dx partially overlaps dy");
    const kernel_set& k = t.act[a];
    (dir == direction::from_output ? k.backward_from_output : k.backward)(in, dy, dx, n, p);
    return SIMDACT_OK;
}
// Any parameters, either direction: resolve_params, then whether the
// activation has a backward from y for them.
[[gnu::noinline]] simdact_status backward_resolving(direction dir, simdact_activation a, const simdact_params* given,
                                                    const float* in, const float* dy, float* dx, std::size_t n) {
    simdact_params copy;
    const simdact_params* p;
    if (simdact_status s = resolve_params(a, given, &copy, &p)) return s;
    const activation_info& info = activation_infos[a];
    if (dir == direction::from_output) {
        if (!info.has_from_output)
            return fail(SIMDACT_ERROR_UNSUPPORTED, "%s has no backward from the output", info.name);
        if (const char* why = info.invalid_for_output(*p)) return fail(SIMDACT_ERROR_UNSUPPORTED, "%s", why);
    }
    return run_backward(active_table(), dir, a, p, in, dy, dx, n);
}

}  // namespace
}  // namespace detail
}  // namespace simdact

using namespace simdact::detail;

extern "C" {

simdact_status simdact_forward(simdact_activation a, const simdact_params* given, const float* x, float* y,
                               size_t n) {
    const kernel_table* chosen = chosen_table();
    if (chosen && has_defaults(a, given)) return run_forward(*chosen, a, &activation_infos[a].defaults, x, y, n);
    return forward_resolving(a, given, x, y, n);
}

simdact_status simdact_backward(simdact_activation a, const simdact_params* p, const float* x, const float* dy,
                                float* dx, size_t n) {
    const kernel_table* chosen = chosen_table();
    if (chosen && has_defaults(a, p))
        return run_backward(*chosen, direction::backward, a, &activation_infos[a].defaults, x, dy, dx, n);
    return backward_resolving(direction::backward, a, p, x, dy, dx, n);
}

simdact_status simdact_backward_from_output(simdact_activation a, const simdact_params* p, const float* y,
                                            const float* dy, float* dx, size_t n) {
    // (the from-y check of the defaults is a call: no fast path)
    return backward_resolving(direction::from_output, a, p, y, dy, dx, n);
}

simdact_status simdact_get_kernel(simdact_activation a, const simdact_params* given, simdact_kernel* out) {
    if (!out) return fail(SIMDACT_ERROR_NULL_POINTER, "out is NULL");
    simdact_params copy;
    const simdact_params* p;
    if (simdact_status s = resolve_params(a, given, &copy, &p)) return s;
    // One load of the table: kernels and isa name agree even if simdact_set_isa runs meanwhile.
    const kernel_table& t = active_table();
    const kernel_set& k = t.act[a];
    const activation_info& info = activation_infos[a];
    const bool from_output = info.has_from_output && !info.invalid_for_output(*p);
    *out = simdact_kernel{k.forward, k.backward, from_output ? k.backward_from_output : nullptr, *p, t.isa};
    return SIMDACT_OK;
}

simdact_status simdact_prelu_forward(const float* x, const float* weight, size_t channels, size_t inner, float* y,
                                     size_t n) {
    if (simdact_status s = check_prelu_shape(channels, inner, n)) return s;
    if (n == 0) return SIMDACT_OK;
    if (!x || !weight || !y)
        return fail(SIMDACT_ERROR_NULL_POINTER, "%s", !x ? "x is NULL" : !weight ? "weight is NULL" : "y is NULL");
    if (!fits(x, n) || !fits(y, n) || !fits(weight, channels)) return too_long(n);
    if (partially_overlaps(y, x, n)) return fail(SIMDACT_ERROR_OVERLAP, "y partially overlaps x");
    if (overlaps(weight, channels, y, n)) return fail(SIMDACT_ERROR_OVERLAP, "weight overlaps y");
    if (simdact_status s = check_prelu_weight(weight, channels)) return s;
    active_table().prelu_forward(x, weight, channels, inner, y, n);
    return SIMDACT_OK;
}

simdact_status simdact_prelu_backward(const float* x, const float* weight, size_t channels, size_t inner,
                                      const float* dy, float* dx, float* dweight, size_t n) {
    if (simdact_status s = check_prelu_shape(channels, inner, n)) return s;
    if (n == 0) {
        // The gradient of an empty sum: zeros, if there is somewhere to put them.
        if (dweight && channels > 0) {
            if (!fits(dweight, channels) || (weight && !fits(weight, channels)))
                return fail(SIMDACT_ERROR_INVALID_ARGUMENT, "prelu: %zu channels cannot be a buffer", channels);
            if (overlaps(dweight, channels, weight, channels)) return fail(SIMDACT_ERROR_OVERLAP, "dweight overlaps weight");
            for (size_t c = 0; c < channels; ++c) dweight[c] = 0.0f;
        }
        return SIMDACT_OK;
    }
    if (!x || !weight || !dy || !dx || !dweight)
        return fail(SIMDACT_ERROR_NULL_POINTER, "%s",
                    !x ? "x is NULL" : !weight ? "weight is NULL" : !dy ? "dy is NULL" : !dx ? "dx is NULL" : "dweight is NULL");
    if (!fits(x, n) || !fits(dy, n) || !fits(dx, n) || !fits(weight, channels) || !fits(dweight, channels))
        return too_long(n);
    if (partially_overlaps(dx, x, n)) return fail(SIMDACT_ERROR_OVERLAP, "dx partially overlaps x");
    if (partially_overlaps(dx, dy, n)) return fail(SIMDACT_ERROR_OVERLAP, "dx partially overlaps dy");
    if (overlaps(weight, channels, dx, n)) return fail(SIMDACT_ERROR_OVERLAP, "weight overlaps dx");
    if (overlaps(dweight, channels, x, n) || overlaps(dweight, channels, dy, n) || overlaps(dweight, channels, dx, n) ||
        overlaps(dweight, channels, weight, channels))
        return fail(SIMDACT_ERROR_OVERLAP, "dweight overlaps another buffer");
    if (simdact_status s = check_prelu_weight(weight, channels)) return s;
    active_table().prelu_backward(x, weight, channels, inner, dy, dx, dweight, n);
    return SIMDACT_OK;
}

const char* simdact_active_isa(void) { return active_isa_name(); }

simdact_status simdact_set_isa(const char* name) {
    const char* why = nullptr;
    simdact_status s = set_active(name, &why);
    if (s != SIMDACT_OK) return name ? fail(s, "%s: %s", why, name) : fail(s, "%s", why);
    return s;
}

size_t simdact_supported_isa_count(void) { return supported_count(); }
const char* simdact_supported_isa(size_t i) { return supported_name(i); }

const char* simdact_status_string(simdact_status s) {
    switch (s) {
        case SIMDACT_OK: return "ok";
        case SIMDACT_ERROR_NULL_POINTER: return "null pointer";
        case SIMDACT_ERROR_INVALID_ARGUMENT: return "invalid argument";
        case SIMDACT_ERROR_OVERLAP: return "buffers overlap";
        case SIMDACT_ERROR_UNSUPPORTED: return "unsupported";
    }
    return "unknown status";
}

const char* simdact_last_error(void) { return last_error; }

const char* simdact_activation_name(simdact_activation a) { return known(a) ? activation_infos[a].name : nullptr; }
size_t simdact_activation_count(void) { return activation_count; }

simdact_status simdact_default_params(simdact_activation a, simdact_params* out) {
    if (!known(a)) return fail(SIMDACT_ERROR_INVALID_ARGUMENT, "unknown activation %d", int(a));
    if (!out) return fail(SIMDACT_ERROR_NULL_POINTER, "out is NULL");
    if (activation_infos[a].params_required)
        return fail(SIMDACT_ERROR_INVALID_ARGUMENT, "%s has no default parameters", activation_infos[a].name);
    *out = activation_infos[a].defaults;
    return SIMDACT_OK;
}

const char* simdact_isa_reason(void) {
    thread_local char reason[reason_capacity];
    copy_active_reason(reason, sizeof reason);
    return reason;
}

const char* simdact_cpu_features(void) {
    struct text_buffer {
        char s[160] = {};
        void add(bool on, const char* name) {
            if (!on) return;
            const std::size_t used = std::strlen(s);
            std::snprintf(s + used, sizeof s - used, "%s%s", used ? " " : "", name);
        }
    };
    static const text_buffer text = [] {
        const cpu_features& f = detected_cpu();
        text_buffer t;
        t.add(f.avx, "avx");
        t.add(f.avx2, "avx2");
        t.add(f.fma, "fma");
        t.add(f.avx512f, "avx512f");
        t.add(f.avx512cd, "avx512cd");
        t.add(f.avx512dq, "avx512dq");
        t.add(f.avx512bw, "avx512bw");
        t.add(f.os_ymm, "os-ymm-state");
        t.add(f.os_zmm, "os-zmm-state");
        t.add(f.neon, "neon");
        if (!t.s[0]) t.add(true, "(none of interest)");
        return t;
    }();
    return text.s;
}

}  // extern "C"
