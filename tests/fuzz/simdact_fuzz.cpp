// Differential fuzzer of the C API (libFuzzer entry point; tests/fuzz/run.sh).
//
// One input = one API call, decoded from the bytes (layout: see `decode` below;
// tests/fuzz/make_corpus.py writes the seeds):
//   operation  forward / backward / backward_from_output / prelu_forward /
//              prelu_backward / get_kernel
//   activation any int, including out-of-range and negative values
//   params     NULL or two floats (a table of interesting values, or raw bits)
//   tier       simdact_set_isa(name) first: known, unknown, "best" or NULL
//   n          0..300, or huge (then some pointer is NULL or an error comes first)
//   buffers    each NULL, its own allocation (exactly n floats, so ASan sees an
//              overrun), or placed in a sentinel-filled arena: misaligned by 0..15
//              floats, exactly on another buffer (in place) or k floats off it
//   data       input floats: interesting values, raw bits, then a PRNG
// Checks (abort() with a description on failure, ASan/UBSan for the rest):
//   1. the status equals an independent model of the documented rules, with the
//      precedence documented in include/simdact/simdact.h;
//   2. on error not one byte changed (arena and allocations hold sentinels); on
//      success only [out, out + n) (and dweight[0, channels)) changed;
//   3. every tier the CPU supports gives the scalar tier's bits (NaN == NaN), and
//      the call with the fuzzed aliasing gives the same bits as on disjoint copies;
//   4. NaN in -> NaN out, the limits at +-inf and the spec's ULP bounds against the
//      long double references (tests/reference.hpp) for moderate parameters;
//      PReLU exactly (y = x or w * x) and dweight to within a relative tolerance;
//      and, whatever the valid parameters, no NaN out of a non-NaN forward input.
// Activations are passed from C (c_calls.c): out-of-range values are legal there.
#include <algorithm>
#include <cfloat>
#include <cinttypes>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "reference.hpp"
#include "simdact/simdact.h"
#include "sweep.hpp"

extern "C" {  // c_calls.c: activation passed as a C int
simdact_status fuzz_forward(int act, const simdact_params* p, const float* x, float* y, size_t n);
simdact_status fuzz_backward(int act, const simdact_params* p, const float* x, const float* dy, float* dx, size_t n);
simdact_status fuzz_backward_from_output(int act, const simdact_params* p, const float* y, const float* dy, float* dx,
                                         size_t n);
simdact_status fuzz_get_kernel(int act, const simdact_params* p, simdact_kernel* out);
}

namespace {

// ---- input decoding --------------------------------------------------------------

struct reader {
    const uint8_t* p;
    size_t left;
    uint64_t rng;  // for data past the end of the input
    uint8_t byte() {
        if (left == 0) return 0;
        --left;
        return *p++;
    }
    uint32_t u32() {
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v |= uint32_t(byte()) << (8 * i);
        return v;
    }
    uint64_t next_rng() {
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        return rng;
    }
};

float from_bits(uint32_t b) {
    float f;
    std::memcpy(&f, &b, 4);
    return f;
}
uint32_t bits(float f) {
    uint32_t b;
    std::memcpy(&b, &f, 4);
    return b;
}

const float interesting[] = {
    0.0f, -0.0f, 1.0f, -1.0f, 0.5f, -0.5f, 2.0f, -2.0f, 3.0f, -3.0f, 6.0f, 20.0f, -20.0f, 0.01f, 0.25f, 1.702f,
    INFINITY, -INFINITY, NAN, -NAN, from_bits(0x7f800001u) /* sNaN */, from_bits(0x7fc12345u),
    FLT_MIN, -FLT_MIN, from_bits(1) /* smallest subnormal */, -from_bits(1), from_bits(0x007fffffu), FLT_MAX, -FLT_MAX,
    88.72f, 88.73f, -87.33f, -103.98f, -104.0f, 1e-8f, -1e-8f, 1e30f, -1e30f, 4.0f, -5.0f, 10.0f, -10.0f, 0.1f,
    1.0f / 3, 2.0f / 3, 5.0f, 9.0f, -9.0f, 0.75f, -0.7f, 3.7f, 0.3f};
constexpr size_t n_interesting = sizeof interesting / sizeof interesting[0];

// A float: < 0xa0 picks from the table, else raw bits (4 more bytes).
float take_float(reader& r) {
    const uint8_t k = r.byte();
    if (k < 0xa0) return interesting[k % n_interesting];
    return from_bits(r.u32());
}
// Data: the same while input lasts, then the PRNG (mostly moderate, some specials).
float take_data(reader& r) {
    if (r.left > 0) return take_float(r);
    const uint64_t v = r.next_rng();
    if ((v & 15) == 0) return interesting[(v >> 8) % n_interesting];
    if ((v & 15) == 1) return from_bits(uint32_t(v >> 32));
    return float(int64_t(v >> 40) - (int64_t(1) << 23)) / float(1 << 20);  // [-8, 8)
}

const int odd_activations[] = {-1, 23, 24, 100, -23, INT_MIN, INT_MAX, 255};
const char* const tier_names[] = {"best", "scalar", "avx2", "avx512", "neon", nullptr, "", "AVX2", "sse2", "scalar ", "bestest", "avx"};
const size_t huge_n[] = {size_t(1) << 31, (size_t(1) << 32) + 1, size_t(1) << 40, SIZE_MAX / 8, SIZE_MAX / 4 + 1, SIZE_MAX};
const size_t odd_sizes[] = {0, 1, 2, 3, 4, 7, 8, 16, size_t(1) << 32, SIZE_MAX, SIZE_MAX / 2 + 1, (size_t(1) << 33) + 1};

enum op_kind { op_forward, op_backward, op_from_output, op_prelu_forward, op_prelu_backward, op_get_kernel, op_count };
const char* const op_names[] = {"forward", "backward", "backward_from_output", "prelu_forward", "prelu_backward", "get_kernel"};

// Buffer roles: inputs first (filled with data in this order), then outputs.
enum role { r_in, r_dy, r_weight, r_out, r_dweight, r_count };
const char* const role_names[] = {"in", "dy", "weight", "out", "dweight"};

constexpr size_t max_n = 300;
constexpr size_t slot = max_n + 64;   // arena floats per role
constexpr size_t arena_floats = 64 + r_count * slot + 64;

struct call {
    op_kind op = op_forward;
    int act = 0;
    bool has_params = false;
    simdact_params params{};
    const char* tier = "best";
    size_t n = 0, channels = 0, inner = 0;
    bool huge = false;
    bool kernel_out_null = false;
};

[[noreturn]] void fail(const call& c, const std::string& what) {
    std::fprintf(stderr,
                 "\nsimdact-fuzz FINDING: %s\n  op=%s act=%d params=%s{%a (0x%08" PRIx32 "), %a (0x%08" PRIx32 ")} set_isa(%s) n=%zu"
                 " channels=%zu inner=%zu\n",
                 what.c_str(), op_names[c.op], c.act, c.has_params ? "" : "NULL ", double(c.params.alpha),
                 bits(c.params.alpha), double(c.params.beta), bits(c.params.beta), c.tier ? c.tier : "(NULL)", c.n,
                 c.channels, c.inner);
    std::abort();
}

std::string fmt(float f) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a (0x%08" PRIx32 ")", double(f), bits(f));
    return buf;
}

// ---- the documented rules, written from simdact.h / README / the spec -------------

bool uses_alpha(int a) {
    switch (a) {
        case SIMDACT_LEAKY_RELU: case SIMDACT_ELU: case SIMDACT_CELU: case SIMDACT_SILU: case SIMDACT_SOFTPLUS:
        case SIMDACT_HARDTANH: case SIMDACT_THRESHOLD: case SIMDACT_HARDSHRINK: case SIMDACT_SOFTSHRINK: return true;
        default: return false;
    }
}
bool uses_beta(int a) { return a == SIMDACT_SOFTPLUS || a == SIMDACT_HARDTANH || a == SIMDACT_THRESHOLD; }

simdact_params default_params(int a) {
    switch (a) {
        case SIMDACT_LEAKY_RELU: return {0.01f, 0};
        case SIMDACT_ELU: case SIMDACT_CELU: case SIMDACT_SILU: return {1.0f, 0};
        case SIMDACT_SOFTPLUS: return {1.0f, 20.0f};
        case SIMDACT_HARDTANH: return {-1.0f, 1.0f};
        case SIMDACT_HARDSHRINK: case SIMDACT_SOFTSHRINK: return {0.5f, 0};
        default: return {0, 0};
    }
}

bool params_ok(int a, simdact_params p) {
    if (uses_alpha(a) && std::isnan(p.alpha)) return false;
    if (uses_beta(a) && std::isnan(p.beta)) return false;
    switch (a) {
        case SIMDACT_LEAKY_RELU: case SIMDACT_ELU: case SIMDACT_SILU: return std::isfinite(p.alpha);
        case SIMDACT_CELU: return std::isfinite(p.alpha) && p.alpha != 0.0f;
        case SIMDACT_SOFTPLUS: return std::isfinite(p.alpha) && p.alpha > 0.0f;
        case SIMDACT_HARDTANH: return p.alpha <= p.beta;
        case SIMDACT_HARDSHRINK: case SIMDACT_SOFTSHRINK: return p.alpha >= 0.0f;
        default: return true;
    }
}

// The spec's "from y" column (and README's conditions on the parameters).
bool from_output_ok(int a, simdact_params p) {
    switch (a) {
        case SIMDACT_SIGMOID: case SIMDACT_TANH: case SIMDACT_RELU: case SIMDACT_SELU: case SIMDACT_CELU:
        case SIMDACT_SOFTPLUS: case SIMDACT_LOGSIGMOID: case SIMDACT_HARDSIGMOID: case SIMDACT_HARDTANH:
        case SIMDACT_RELU6: case SIMDACT_SOFTSIGN: case SIMDACT_EXP: return true;
        case SIMDACT_LEAKY_RELU: case SIMDACT_ELU: return p.alpha > 0.0f;
        default: return false;
    }
}

struct span {
    const void* p;
    size_t floats;
};
// Any byte in common (exact 128-bit arithmetic: no wrap for huge n).
bool touch(span a, span b) {
    if (!a.p || !b.p || a.floats == 0 || b.floats == 0) return false;
    const unsigned __int128 pa = uintptr_t(a.p), pb = uintptr_t(b.p);
    return pa < pb + (unsigned __int128)b.floats * 4 && pb < pa + (unsigned __int128)a.floats * 4;
}
bool partial(span out, span in) { return out.p != in.p && touch(out, in); }

bool prelu_shape_ok(size_t channels, size_t inner, size_t n) {
    if (n == 0) return true;
    if (channels == 0 || inner == 0) return false;
    const unsigned __int128 ci = (unsigned __int128)channels * inner;
    return ci <= n && n % size_t(ci) == 0;
}

// ---- buffers ---------------------------------------------------------------------

constexpr uint32_t sentinel = 0xA5A5A5A5u;

struct region {
    float* base;
    size_t floats;
    std::vector<float> saved;
};

struct layout {
    float* ptr[r_count] = {};
    size_t len[r_count] = {};  // floats owned by the role (what the API may touch)
    std::vector<region> regions;
    std::vector<float*> owned;
    float* arena = nullptr;
    bool use_arena = false;
    ~layout() {
        for (float* f : owned) std::free(f);
    }
    float* alloc(size_t floats) {
        float* f = static_cast<float*>(std::malloc(std::max<size_t>(floats, 1) * 4));
        owned.push_back(f);
        return f;
    }
    void fill_sentinels() {
        for (region& g : regions)
            for (size_t i = 0; i < g.floats; ++i) std::memcpy(g.base + i, &sentinel, 4);
    }
    void save() {
        for (region& g : regions) g.saved.assign(g.base, g.base + g.floats);
    }
    void restore() {
        for (region& g : regions) std::memcpy(g.base, g.saved.data(), g.floats * 4);
    }
    // The first changed float outside the allowed [ptr, ptr + len) of the given roles.
    bool changed_outside(const bool writable[r_count], std::string& where) const {
        for (const region& g : regions)
            for (size_t i = 0; i < g.floats; ++i) {
                if (std::memcmp(g.base + i, &g.saved[i], 4) == 0) continue;
                const float* at = g.base + i;
                bool ok = false;
                for (int r = 0; r < r_count; ++r)
                    if (writable[r] && ptr[r] && at >= ptr[r] && at < ptr[r] + len[r]) ok = true;
                if (ok) continue;
                char buf[160];
                std::snprintf(buf, sizeof buf, "float at region offset %zu (of %zu) changed from 0x%08" PRIx32 " to 0x%08" PRIx32,
                              i, g.floats, bits(g.saved[i]), bits(g.base[i]));
                where = buf;
                return true;
            }
        return false;
    }
};

bool same_bits_or_nan(float a, float b) { return bits(a) == bits(b) || (std::isnan(a) && std::isnan(b)); }

// ---- running an operation ------------------------------------------------------------

simdact_status run(const call& c, const simdact_params* params, float* const* p, simdact_kernel* kout) {
    const int act = c.act;
    switch (c.op) {
        case op_forward: return fuzz_forward(act, params, p[r_in], p[r_out], c.n);
        case op_backward: return fuzz_backward(act, params, p[r_in], p[r_dy], p[r_out], c.n);
        case op_from_output: return fuzz_backward_from_output(act, params, p[r_in], p[r_dy], p[r_out], c.n);
        case op_prelu_forward: return simdact_prelu_forward(p[r_in], p[r_weight], c.channels, c.inner, p[r_out], c.n);
        case op_prelu_backward:
            return simdact_prelu_backward(p[r_in], p[r_weight], c.channels, c.inner, p[r_dy], p[r_out], p[r_dweight], c.n);
        default: return fuzz_get_kernel(act, params, kout);
    }
}

bool role_used(op_kind op, int r) {
    switch (op) {
        case op_forward: return r == r_in || r == r_out;
        case op_backward: case op_from_output: return r == r_in || r == r_dy || r == r_out;
        case op_prelu_forward: return r == r_in || r == r_weight || r == r_out;
        case op_prelu_backward: return true;
        default: return false;
    }
}

simdact_status model(const call& c, const layout& L) {
    auto sp = [&](int r) { return span{L.ptr[r], L.len[r]}; };
    const size_t n = c.n;
    if (c.op == op_prelu_forward || c.op == op_prelu_backward) {
        if (!prelu_shape_ok(c.channels, c.inner, n)) return SIMDACT_ERROR_INVALID_ARGUMENT;
        const span w{L.ptr[r_weight], c.channels};
        if (n == 0) {
            if (c.op == op_prelu_backward && L.ptr[r_dweight] && c.channels > 0 && touch(span{L.ptr[r_dweight], c.channels}, w))
                return SIMDACT_ERROR_OVERLAP;
            return SIMDACT_OK;
        }
        for (int r = 0; r < r_count; ++r)
            if (role_used(c.op, r) && !L.ptr[r]) return SIMDACT_ERROR_NULL_POINTER;
        const span x{L.ptr[r_in], n}, out{L.ptr[r_out], n}, dy{L.ptr[r_dy], n}, dw{L.ptr[r_dweight], c.channels};
        if (c.op == op_prelu_forward) {
            if (partial(out, x) || touch(w, out)) return SIMDACT_ERROR_OVERLAP;
        } else {
            if (partial(out, x) || partial(out, dy) || touch(w, out) || touch(dw, x) || touch(dw, dy) || touch(dw, out) ||
                touch(dw, w))
                return SIMDACT_ERROR_OVERLAP;
        }
        for (size_t i = 0; i < c.channels; ++i)
            if (!std::isfinite(L.ptr[r_weight][i])) return SIMDACT_ERROR_INVALID_ARGUMENT;
        return SIMDACT_OK;
    }
    if (c.op == op_get_kernel && c.kernel_out_null) return SIMDACT_ERROR_NULL_POINTER;
    if (c.act < 0 || c.act >= 23) return SIMDACT_ERROR_INVALID_ARGUMENT;
    if (!c.has_params && c.act == SIMDACT_THRESHOLD) return SIMDACT_ERROR_INVALID_ARGUMENT;
    const simdact_params p = c.has_params ? c.params : default_params(c.act);
    if (!params_ok(c.act, p)) return SIMDACT_ERROR_INVALID_ARGUMENT;
    if (c.op == op_get_kernel) return SIMDACT_OK;
    if (c.op == op_from_output && !from_output_ok(c.act, p)) return SIMDACT_ERROR_UNSUPPORTED;
    if (n == 0) return SIMDACT_OK;
    for (int r = 0; r < r_count; ++r)
        if (role_used(c.op, r) && !L.ptr[r]) return SIMDACT_ERROR_NULL_POINTER;
    const span in = sp(r_in), out = sp(r_out);
    if (partial(out, in)) return SIMDACT_ERROR_OVERLAP;
    if (c.op != op_forward && partial(out, sp(r_dy))) return SIMDACT_ERROR_OVERLAP;
    return SIMDACT_OK;
}

// ---- the references ----------------------------------------------------------------

const ref::reference_case* reference_of(int act) {
    for (const ref::reference_case& rc : ref::cases())
        if (rc.act == act) return &rc;
    return nullptr;
}

// Parameters where the long double references and the spec's bounds apply:
// zero or a magnitude in [2^-6, 2^6] (thresholds and values: any finite up to 2^20).
bool moderate(float v) { return v == 0.0f || (std::fabs(v) >= 0x1p-6f && std::fabs(v) <= 0x1p6f); }
bool moderate_params(int a, simdact_params p) {
    if (uses_alpha(a)) {
        if (a == SIMDACT_THRESHOLD || a == SIMDACT_HARDTANH || a == SIMDACT_HARDSHRINK || a == SIMDACT_SOFTSHRINK) {
            if (!(std::fabs(p.alpha) <= 0x1p20f)) return false;
        } else if (!moderate(p.alpha))
            return false;
    }
    if (uses_beta(a) && !(std::fabs(p.beta) <= 0x1p20f)) return false;
    return true;
}

// dy where the bound on dy * f'(x) is checked: the documented domain |dy| in [2^-100, 2^40]
// (README, "Huge dy").
bool moderate_dy(float dy) { return std::isfinite(dy) && (dy == 0.0f || (std::fabs(dy) >= 0x1p-100f && std::fabs(dy) <= 0x1p40f)); }

void check_values(const call& c, const simdact_params& p, const float* in, const float* dy, const float* out) {
    const ref::reference_case* rc = reference_of(c.act);
    const ref::direction d = c.op == op_forward ? ref::direction::forward
                             : c.op == op_backward ? ref::direction::backward
                                                   : ref::direction::from_output;
    const bool accurate = rc && moderate_params(c.act, p) && (d != ref::direction::from_output || rc->from_output);
    ref::reference_case with = rc ? *rc : ref::reference_case{};
    with.params = p;
    for (size_t i = 0; i < c.n; ++i) {
        const float x = in[i];
        // NaN in x (or y) gives NaN, in every direction, for every activation.
        if (std::isnan(x) && !std::isnan(out[i]))
            fail(c, "NaN input " + fmt(x) + " gave non-NaN " + fmt(out[i]) + " at i=" + std::to_string(i));
        // Never a NaN made by inf * 0 or inf - inf (the spec's rule for infinities), whatever
        // the (valid) parameters.
        if (d == ref::direction::forward && !std::isnan(x) && std::isnan(out[i]))
            fail(c, "non-NaN input " + fmt(x) + " gave NaN at i=" + std::to_string(i) +
                        (accurate ? "" : " (parameters outside the reference's range)"));
        // The same for the backward from x with a finite dy.
        if (d == ref::direction::backward && !std::isnan(x) && std::isfinite(dy[i]) && std::isnan(out[i]))
            fail(c, "non-NaN input " + fmt(x) + " with dy " + fmt(dy[i]) + " gave NaN at i=" + std::to_string(i) +
                        (accurate ? "" : " (parameters outside the reference's range)"));
        if (!accurate) continue;
        if (d != ref::direction::forward && !moderate_dy(dy[i])) continue;
        const float g = d == ref::direction::forward ? 1.0f : dy[i];
        // Out of scope: the kernels round f'(x) (or g(y)) to float before multiplying by dy,
        // so an f' that overflows float with |dy| <= 1 (exp near 88.7, g(y) of a y outside
        // the function's range), or an f' in the subnormal range scaled up by |dy| > 1,
        // is not held to the bound; nor is an input where the reference itself is NaN.
        const ref::real unscaled = ref::exact_value(with, d, x, 1.0f);
        if (std::isnan(unscaled)) continue;
        if (d != ref::direction::forward && std::fabs(g) <= 1 && !(std::fabs(unscaled) <= ref::real(FLT_MAX))) continue;
        if (d != ref::direction::forward && std::fabs(g) > 1 && std::fabs(unscaled) < 0x1p-100L) continue;
        const ref::real exact = ref::exact_value(with, d, x, g);
        const double e = ref::ulp_error(out[i], exact);
        if (!(e <= ref::bound(*rc, d))) {
            char buf[256];
            std::snprintf(buf, sizeof buf, "%.3g ULP (bound %.0f) at i=%zu: in %s dy %s got %s exact %.12Lg", e,
                          ref::bound(*rc, d), i, fmt(x).c_str(), fmt(g).c_str(), fmt(out[i]).c_str(), exact);
            fail(c, buf);
        }
    }
}

void check_prelu(const call& c, const float* x, const float* w, const float* dy, const float* out, const float* dweight) {
    for (size_t i = 0; i < c.n; ++i) {
        const float wc = w[(i / c.inner) % c.channels];
        float want;
        if (c.op == op_prelu_forward)
            want = x[i] > 0 ? x[i] : std::isnan(x[i]) ? x[i] : wc * x[i];
        else
            want = x[i] > 0 ? dy[i] : std::isnan(x[i]) ? x[i] : wc * dy[i];
        if (!same_bits_or_nan(out[i], want) || std::isnan(out[i]) != std::isnan(want))
            fail(c, "prelu at i=" + std::to_string(i) + ": x " + fmt(x[i]) + " w " + fmt(wc) + " got " + fmt(out[i]) +
                        " want " + fmt(want));
    }
    if (c.op != op_prelu_backward) return;
    for (size_t ch = 0; ch < c.channels; ++ch) {
        long double sum = 0, mag = 0;
        bool finite = true;
        for (size_t i = 0; i < c.n; ++i) {
            if ((i / c.inner) % c.channels != ch || x[i] > 0) continue;
            const long double t = (long double)x[i] * dy[i];
            if (!std::isfinite(t)) finite = false;
            sum += t, mag += std::fabs(t);
        }
        if (!finite || mag > 0x1p120L) continue;  // NaN/inf terms: order-dependent; near overflow: skip
        const long double err = std::fabs((long double)dweight[ch] - sum);
        if (!(err <= mag * 0x1p-22L + 0x1p-149L))
            fail(c, "prelu dweight[" + std::to_string(ch) + "] = " + fmt(dweight[ch]) + ", exact sum " +
                        std::to_string(double(sum)));
    }
}

// ---- one input ---------------------------------------------------------------------------

std::vector<std::string> supported_tiers() {
    std::vector<std::string> t;
    for (size_t i = 0; i < simdact_supported_isa_count(); ++i) t.push_back(simdact_supported_isa(i));
    return t;
}

void fuzz_one(const uint8_t* data, size_t size) {
    uint64_t h = 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < size; ++i) h = (h ^ data[i]) * 0x100000001B3ull;
    reader r{data, size, h | 1};
    call c;

    const uint8_t op_byte = r.byte();
    c.op = static_cast<op_kind>(op_byte % op_count);
    const uint8_t act_byte = r.byte();
    c.act = act_byte < 0xf0 ? act_byte % 23 : odd_activations[act_byte % 8];
    const uint8_t flags = r.byte();
    c.has_params = (flags & 3) != 0;
    c.kernel_out_null = (flags & 0x1c) == 0x1c;
    const bool use_arena = (flags & 0x20) != 0;
    const bool huge = (flags & 0xc0) == 0xc0;
    c.params.alpha = take_float(r);
    c.params.beta = take_float(r);
    const uint8_t tier_byte = r.byte();
    c.tier = tier_byte < 0xc0 ? tier_names[tier_byte % 5] : tier_names[tier_byte % 12];
    const uint16_t n_word = uint16_t(r.byte() | r.byte() << 8);
    c.n = n_word % (max_n + 1);
    if (c.op == op_prelu_forward || c.op == op_prelu_backward) {
        const uint8_t cb = r.byte(), ib = r.byte();
        c.channels = cb < 0xf0 ? 1 + cb % 8 : odd_sizes[cb % 12];
        c.inner = ib < 0xf0 ? 1 + ib % 8 : odd_sizes[ib % 12];
        // Mostly a valid shape: n = outer * channels * inner.
        if ((n_word & 0x8000) == 0 && c.channels > 0 && c.inner > 0 && c.channels <= max_n && c.inner <= max_n && c.channels * c.inner <= max_n)
            c.n = (c.n % (max_n / (c.channels * c.inner) + 1)) * c.channels * c.inner;
    }
    if (huge) c.n = huge_n[n_word % 6];
    c.huge = huge;

    // Buffers.
    layout L;
    L.use_arena = use_arena;
    std::vector<float> arena_store;
    if (use_arena) {
        arena_store.resize(arena_floats);
        L.arena = arena_store.data();
        L.regions.push_back({L.arena, arena_floats, {}});
    }
    const size_t data_n = huge ? 0 : c.n;
    for (int ro = 0; ro < r_count; ++ro) {
        size_t want = ro == r_weight || ro == r_dweight ? c.channels : data_n;
        const uint8_t b = r.byte();
        const bool used = c.op == op_get_kernel ? false : role_used(c.op, ro);
        if (!used) continue;
        L.len[ro] = ro == r_weight || ro == r_dweight ? c.channels : c.n;
        const uint8_t kind = b & 7;
        if (kind == 7 || want > max_n) {  // NULL (and huge weights are never allocated)
            L.ptr[ro] = nullptr;
            continue;
        }
        if (!use_arena) {
            const size_t mis = (b >> 3) & 3;  // a few floats before the buffer, sentinel-filled
            float* f = L.alloc(want + mis);
            L.regions.push_back({f, want + mis, {}});
            L.ptr[ro] = f + mis;
            continue;
        }
        const size_t mis = (b >> 3) & 15;
        float* own = L.arena + 64 + ro * slot + mis;
        if (kind >= 5 && ro > 0) {
            // Exactly on (kind 5) or k floats off (kind 6) an earlier non-NULL buffer.
            int other = -1;
            for (int k = 0; k < ro; ++k)
                if (L.ptr[k] && (other < 0 || ((b >> 3) % (k + 1)) == 0)) other = k;
            if (other >= 0) {
                if (kind == 5) {
                    L.ptr[ro] = L.ptr[other];
                } else {
                    const uint8_t kb = r.byte();
                    const long span_n = long(std::max<size_t>(want, 1));
                    long k = long(kb % (2 * span_n + 1)) - span_n;
                    if (k == 0) k = (kb & 1) ? 1 : -1;
                    float* p = L.ptr[other] + k;
                    if (p < L.arena + 16) p = L.arena + 16;
                    if (p + want > L.arena + arena_floats - 16) p = L.arena + arena_floats - 16 - want;
                    L.ptr[ro] = p;
                }
                continue;
            }
        }
        L.ptr[ro] = own;
    }
    // Huge n: nothing may be touched, so some pointer is NULL or an earlier error applies.
    if (huge) {
        bool any_null = false;
        for (int ro = 0; ro < r_count; ++ro)
            if (role_used(c.op, ro) && !L.ptr[ro]) any_null = true;
        // Beyond SIZE_MAX / 8 floats no buffer fits the address space: always a NULL.
        if (!any_null && c.op != op_get_kernel && (c.n > SIZE_MAX / 8 || model(c, L) == SIMDACT_OK))
            L.ptr[r_in] = nullptr;
        // PReLU backward with a valid shape never happens here (n huge, small channels*inner
        // divide it only by chance); when it does the NULL above covers it.
    }
    // PReLU backward n == 0 zeroes dweight[0, channels): only with room for it.
    if (c.op == op_prelu_backward && c.channels > max_n) L.ptr[r_dweight] = nullptr;

    L.fill_sentinels();
    // Inputs, in role order (an aliased later input overwrites an earlier one).
    for (int ro : {r_in, r_dy, r_weight})
        if (L.ptr[ro] && !huge)
            for (size_t i = 0; i < L.len[ro]; ++i) L.ptr[ro][i] = take_data(r);
    if (c.op == op_prelu_forward || c.op == op_prelu_backward)
        if (L.ptr[r_weight] && !huge)  // weights: mostly non-NaN
            for (size_t i = 0; i < L.len[r_weight]; ++i)
                if (!std::isfinite(L.ptr[r_weight][i]) && (r.next_rng() & 3)) L.ptr[r_weight][i] = 0.25f;
    L.save();

    // Tier: set, check, and remember the previous one to restore.
    const std::string before = simdact_active_isa();
    const std::vector<std::string> tiers = supported_tiers();
    simdact_status want_isa = SIMDACT_ERROR_INVALID_ARGUMENT;
    std::string want_active = before;
    if (c.tier && std::strcmp(c.tier, "best") == 0) {
        want_isa = SIMDACT_OK;
        want_active = tiers.at(0);
    } else if (c.tier) {
        for (const char* known : {"scalar", "avx2", "avx512", "neon"})
            if (std::strcmp(c.tier, known) == 0) {
                want_isa = std::find(tiers.begin(), tiers.end(), known) != tiers.end() ? SIMDACT_OK : SIMDACT_ERROR_UNSUPPORTED;
                if (want_isa == SIMDACT_OK) want_active = known;
            }
    }
    const simdact_status got_isa = simdact_set_isa(c.tier);
    if (got_isa != want_isa)
        fail(c, "simdact_set_isa returned " + std::to_string(got_isa) + ", expected " + std::to_string(want_isa));
    if (want_active != simdact_active_isa()) fail(c, "active tier is " + std::string(simdact_active_isa()) + ", expected " + want_active);
    const std::string active = simdact_active_isa();

    // The call.
    const simdact_status want = model(c, L);
    simdact_kernel kbuf;
    std::memset(&kbuf, 0xA5, sizeof kbuf);
    const simdact_params* params = c.has_params ? &c.params : nullptr;
    const simdact_status got = run(c, params, L.ptr, c.kernel_out_null ? nullptr : &kbuf);
    if (got != want)
        fail(c, std::string("status ") + simdact_status_string(got) + ", documented " + simdact_status_string(want) +
                    " (last error: " + simdact_last_error() + ")");
    if (got != SIMDACT_OK && std::strlen(simdact_last_error()) == 0) fail(c, "error without simdact_last_error()");

    bool writable[r_count] = {};
    if (got == SIMDACT_OK) {
        writable[r_out] = true;
        writable[r_dweight] = c.op == op_prelu_backward;
    }
    std::string where;
    if (L.changed_outside(writable, where))
        fail(c, std::string(got == SIMDACT_OK ? "wrote outside its outputs: " : "wrote on error: ") + where);

    const simdact_params p = c.has_params ? c.params : default_params(c.act);
    if (c.op == op_get_kernel) {
        if (got != SIMDACT_OK) {
            simdact_kernel untouched;
            std::memset(&untouched, 0xA5, sizeof untouched);
            if (!c.kernel_out_null && std::memcmp(&kbuf, &untouched, sizeof kbuf) != 0) fail(c, "get_kernel wrote on error");
        } else {
            if (!kbuf.forward || !kbuf.backward) fail(c, "get_kernel: NULL forward/backward");
            if ((kbuf.backward_from_output != nullptr) != from_output_ok(c.act, p))
                fail(c, "get_kernel: backward_from_output presence differs from the documented rule");
            if (bits(kbuf.params.alpha) != bits(p.alpha) || bits(kbuf.params.beta) != bits(p.beta)) {
                if (uses_alpha(c.act) || uses_beta(c.act) || c.has_params)
                    if ((uses_alpha(c.act) && bits(kbuf.params.alpha) != bits(p.alpha)) ||
                        (uses_beta(c.act) && bits(kbuf.params.beta) != bits(p.beta)))
                        fail(c, "get_kernel: params " + fmt(kbuf.params.alpha) + ", " + fmt(kbuf.params.beta));
            }
            if (!kbuf.isa || active != kbuf.isa) fail(c, "get_kernel: isa differs from the active tier");
            // The kernels compute what the checked calls compute, on 37 varied inputs.
            float x[37], y1[37], y2[37];
            for (float& v : x) v = take_data(r);
            kbuf.forward(x, y1, 37, &kbuf.params);
            if (fuzz_forward(c.act, &kbuf.params, x, y2, 37) != SIMDACT_OK)
                fail(c, "forward rejected get_kernel's params");
            for (int i = 0; i < 37; ++i)
                if (!same_bits_or_nan(y1[i], y2[i])) fail(c, "get_kernel forward differs from simdact_forward");
        }
    }

    if (got == SIMDACT_OK && c.n > 0 && c.op != op_get_kernel) {
        // Inputs as the call saw them, on disjoint copies: the scalar tier's bits there
        // are the expectation for every tier and for the fuzzed aliasing.
        const size_t n = c.n, ch = c.channels;
        auto copy_of = [&](int ro) {
            std::vector<float> v(L.len[ro]);
            if (L.ptr[ro]) std::memcpy(v.data(), L.ptr[ro], L.len[ro] * 4);
            return v;
        };
        const std::vector<float> got_out = copy_of(r_out), got_dw = copy_of(r_dweight);
        L.restore();
        std::vector<float> in = copy_of(r_in), dy = copy_of(r_dy), w = copy_of(r_weight);
        std::vector<float> expect(n), expect_dw(ch);
        float* disjoint[r_count] = {in.data(), dy.data(), w.data(), expect.data(), expect_dw.data()};
        if (simdact_set_isa("scalar") != SIMDACT_OK) fail(c, "scalar tier unavailable");
        if (run(c, params, disjoint, nullptr) != SIMDACT_OK) fail(c, "call on disjoint copies failed");
        for (size_t i = 0; i < n; ++i)
            if (!same_bits_or_nan(got_out[i], expect[i]))
                fail(c, "tier " + active + " with the fuzzed aliasing: out[" + std::to_string(i) + "] = " + fmt(got_out[i]) +
                            ", scalar on disjoint copies " + fmt(expect[i]));
        for (size_t i = 0; i < (c.op == op_prelu_backward ? ch : 0); ++i)
            if (!same_bits_or_nan(got_dw[i], expect_dw[i]))
                fail(c, "tier " + active + " with the fuzzed aliasing: dweight[" + std::to_string(i) + "] = " +
                            fmt(got_dw[i]) + ", scalar on disjoint copies " + fmt(expect_dw[i]));
        for (const std::string& t : tiers) {
            L.restore();
            if (simdact_set_isa(t.c_str()) != SIMDACT_OK) fail(c, "cannot select supported tier " + t);
            if (run(c, params, L.ptr, nullptr) != SIMDACT_OK) fail(c, "tier " + t + " failed a call that succeeded");
            if (L.changed_outside(writable, where)) fail(c, "tier " + t + " wrote outside its outputs: " + where);
            for (size_t i = 0; i < n; ++i)
                if (!same_bits_or_nan(L.ptr[r_out][i], expect[i]))
                    fail(c, "tier " + t + ": out[" + std::to_string(i) + "] = " + fmt(L.ptr[r_out][i]) + " but scalar " +
                                fmt(expect[i]) + " (in " + fmt(in[i]) + ")");
            for (size_t i = 0; i < (c.op == op_prelu_backward ? ch : 0); ++i)
                if (!same_bits_or_nan(L.ptr[r_dweight][i], expect_dw[i]))
                    fail(c, "tier " + t + ": dweight[" + std::to_string(i) + "] differs from scalar");
        }
        if (c.op == op_prelu_forward || c.op == op_prelu_backward)
            check_prelu(c, in.data(), w.data(), dy.data(), expect.data(), expect_dw.data());
        else
            check_values(c, p, in.data(), dy.data(), expect.data());
    }
    if (c.op == op_prelu_backward && got == SIMDACT_OK && c.n == 0 && L.ptr[r_dweight])
        for (size_t i = 0; i < c.channels; ++i)
            if (bits(L.ptr[r_dweight][i]) != 0) fail(c, "prelu_backward n == 0: dweight not zeroed");

    if (simdact_set_isa(before.c_str()) != SIMDACT_OK) fail(c, "cannot restore tier " + before);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzz_one(data, size);
    return 0;
}
