// Guard pages: every buffer of every call sits flush against a PROT_NONE page,
// so a kernel that reads or writes past its buffer on the guarded side dies of
// SIGSEGV (ctest then reports the test as failed). Runs the tier named by
// SIMDACT_TEST_TIER (exit 77 if this CPU lacks it), else the active one.
//
// Each buffer role (x, dy, out, prelu weight, prelu dweight) has one mapping,
// made once: [PROT_NONE page][read-write page][PROT_NONE page]. Layouts:
//  (a) end-flush:  the buffer ends exactly at the following guard page: any read
//      or write of a byte at or after p + n faults. The page end is 64-byte
//      aligned, so the start misalignment (in floats, modulo 64 bytes) is
//      (16 - n % 16) % 16, fixed by n: over n = 0..256 every misalignment
//      0..15 occurs (16 or 17 sizes each), always paired with the tail
//      length that makes the buffer end on a page. One call per n.
//  (b) start-guarded: the buffer starts m floats (m = 0..15) after the
//      preceding guard page, every buffer of the call at the same m: with
//      m = 0 any access before p faults; with m > 0 the m floats before p are
//      sentinels. Every (n, m).
//  (c) start-guarded, mixed: the same with the buffers of one call at
//      different misalignments (x at m, dy at (m + 5) % 16, out at
//      (m + 11) % 16; prelu weight at (m + 3) % 16, dweight at (m + 9) % 16), so
//      no kernel can rely on the inputs and output sharing an alignment. Out of
//      place calls only (in place, the aliased buffers share one alignment).
// On the side of each buffer that is not guarded, the 64 floats next to it (and
// the m floats before it in (b)/(c)) are sentinels that must still hold their
// bits after the call; after each kernel the whole read-write page of every
// role must hold sentinels again (each call's buffers are reset to them).
// Inputs must be unchanged by a call (unless in place). Outputs must equal, bit
// for bit (NaN == NaN), the same call on plain heap buffers.
//
// Calls: every activation (defaults; threshold with explicit parameters) plus
// a non-default parameter set for each parametrised one; forward, backward and
// backward_from_output where it exists; out of place and in place (y == x;
// dx == x or y; dx == dy); PReLU forward and backward over several
// channel/inner shapes (n = every multiple of channels * inner up to 256), also
// in place. Sizes n = 0..256.
//
// Environment: SIMDACT_GUARD_MAX_N (default 256) and SIMDACT_GUARD_MISALIGN
// (default 16) shrink the sweep (for emulated runs).
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "simdact/simdact.h"
#include "test_util.hpp"

namespace {

constexpr std::uint32_t sentinel_bits = 0xDEADBEEFu;  // -6.26e18: never an output of these inputs' kernels
constexpr std::size_t window = 64;                    // sentinel floats checked beside each buffer
constexpr std::size_t max_misalign = 16;

std::size_t max_n = 256;
std::size_t misaligns = max_misalign;
unsigned long long failures = 0;

using testutil::bits;
using testutil::from_bits;
using testutil::same;

void fail(const std::string& what) {
    if (failures < 50) std::printf("FAIL: %s\n", what.c_str());
    std::fflush(stdout);
    ++failures;
}

// The call in progress, named by the SIGSEGV handler before the default action.
const std::string* current_call = nullptr;
extern "C" void on_segv(int) {
    const char head[] = "FAIL: SIGSEGV (a guard page was touched) in ";
    ssize_t r = write(2, head, sizeof head - 1);
    if (current_call) r = write(2, current_call->data(), current_call->size());
    r = write(2, "\n", 1);
    (void)r;
    // SA_RESETHAND: returning re-executes the faulting access, which now kills the process.
}

// One role's mapping: guard page, read-write page, guard page.
struct guarded_page {
    std::size_t page = 0;
    char* base = nullptr;
    float* data = nullptr;  // the read-write page
    std::size_t floats = 0;

    void init() {
        page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
        void* m = mmap(nullptr, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) {
            std::perror("mmap");
            std::exit(1);
        }
        base = static_cast<char*>(m);
        if (mprotect(base, page, PROT_NONE) != 0 || mprotect(base + 2 * page, page, PROT_NONE) != 0) {
            std::perror("mprotect");
            std::exit(1);
        }
        data = reinterpret_cast<float*>(base + page);
        floats = page / sizeof(float);
        if (floats < max_n + max_misalign + window) {
            std::printf("page of %zu bytes too small\n", page);
            std::exit(1);
        }
        reset_all();
    }
    void reset_all() {
        for (std::size_t i = 0; i < floats; ++i) data[i] = from_bits(sentinel_bits);
    }
    void reset(float* p, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) p[i] = from_bits(sentinel_bits);
    }
    float* end() { return data + floats; }
    // Where a buffer of n floats goes in layout (a) (misalign unused) or (b)/(c).
    float* place(bool end_flush, std::size_t n, std::size_t misalign) {
        return end_flush ? end() - n : data + misalign;
    }
    // The sentinels on the unguarded side of [p, p + n) still hold.
    bool sentinels_ok(const float* p, std::size_t n) const {
        const float* lo = p - window < data ? data : p - window;
        const float* hi = p + n + window > data + floats ? data + floats : p + n + window;
        for (const float* q = lo; q < hi; ++q)
            if ((q < p || q >= p + n) && bits(*q) != sentinel_bits) return false;
        return true;
    }
    bool all_sentinels() const {
        for (std::size_t i = 0; i < floats; ++i)
            if (bits(data[i]) != sentinel_bits) return false;
        return true;
    }
};

enum role { R_X, R_DY, R_OUT, R_W, R_DW, R_COUNT };
guarded_page pages[R_COUNT];
const char* role_names[R_COUNT] = {"x", "dy", "out", "weight", "dweight"};

// Misalignment of each role in layout (c).
constexpr std::size_t mixed_shift[R_COUNT] = {0, 5, 11, 3, 9};

enum class layout { end_flush, start, mixed };
const char* layout_name(layout l) { return l == layout::end_flush ? "end-flush" : l == layout::start ? "start" : "mixed"; }

float* place(role r, layout l, std::size_t n, std::size_t m) {
    if (l == layout::end_flush) return pages[r].place(true, n, 0);
    if (l == layout::start) return pages[r].place(false, n, m);
    return pages[r].place(false, n, (m + mixed_shift[r]) % max_misalign);
}

// Varied inputs: random bit patterns of every magnitude (NaN, inf, subnormals)
// and ordinary values, in a fixed order.
std::vector<float> varied(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> ordinary(-12.0f, 12.0f);
    std::vector<float> v(n);
    for (std::size_t i = 0; i < n; ++i) {
        v[i] = (i % 3 == 0) ? from_bits(static_cast<std::uint32_t>(rng())) : ordinary(rng);
        if (bits(v[i]) == sentinel_bits) v[i] = 1.0f;
    }
    return v;
}

enum class dir { forward, backward, from_output };
// How the output aliases an input.
enum class alias { none, in, dy };

struct counters {
    unsigned long long calls = 0, elements = 0, buffers = 0;
} count;

// One activation form: dir with params.
struct form {
    simdact_activation act;
    simdact_params params;
    dir d;
    std::string label;
};

simdact_status call(const form& f, const float* in, const float* dy, float* out, std::size_t n) {
    switch (f.d) {
        case dir::forward: return simdact_forward(f.act, &f.params, in, out, n);
        case dir::backward: return simdact_backward(f.act, &f.params, in, dy, out, n);
        case dir::from_output: return simdact_backward_from_output(f.act, &f.params, in, dy, out, n);
    }
    return SIMDACT_ERROR_INVALID_ARGUMENT;
}

const char* alias_name(const form& f, alias a) {
    if (a == alias::none) return "";
    if (f.d == dir::forward) return " in place (y == x)";
    if (a == alias::dy) return " in place (dx == dy)";
    return f.d == dir::backward ? " in place (dx == x)" : " in place (dx == y)";
}

std::string where(const form& f, alias a, layout l, std::size_t n, std::size_t m) {
    return f.label + alias_name(f, a) + " " + layout_name(l) + " n=" + std::to_string(n) +
           (l == layout::end_flush ? "" : " m=" + std::to_string(m));
}

bool check_out(const std::string& w, const float* got, const float* expected, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        if (!same(got[i], expected[i])) {
            char buf[128];
            std::snprintf(buf, sizeof buf, ": element %zu is %08x, heap call gives %08x", i, bits(got[i]),
                          bits(expected[i]));
            fail(w + buf);
            return false;
        }
    return true;
}

bool check_input(const std::string& w, const char* name, const float* p, const float* expected, std::size_t n) {
    if (n && std::memcmp(p, expected, n * sizeof(float)) != 0) {
        fail(w + ": input " + name + " was modified");
        return false;
    }
    return true;
}

bool check_sentinels(const std::string& w, role r, const float* p, std::size_t n) {
    if (!pages[r].sentinels_ok(p, n)) {
        fail(w + ": wrote outside " + role_names[r] + " (sentinel changed)");
        return false;
    }
    return true;
}

// One guarded call of form f, the expected outputs given.
void guarded_call(const form& f, alias a, layout l, std::size_t n, std::size_t m, const float* in, const float* dy,
                  const float* expected) {
    const bool two_inputs = f.d != dir::forward;
    float* pin = place(R_X, l, n, m);
    float* pdy = two_inputs ? place(R_DY, l, n, m) : nullptr;
    float* pout = a == alias::none ? place(R_OUT, l, n, m) : a == alias::in ? pin : pdy;
    if (n) std::memcpy(pin, in, n * sizeof(float));
    if (two_inputs && n) std::memcpy(pdy, dy, n * sizeof(float));
    const std::string w = where(f, a, l, n, m);
    current_call = &w;
    const simdact_status s = call(f, pin, pdy, pout, n);
    current_call = nullptr;
    if (s != SIMDACT_OK) {
        fail(w + ": status " + simdact_last_error());
    } else {
        check_out(w, pout, expected, n);
        if (pout != pin) check_input(w, "x", pin, in, n);
        if (two_inputs && pout != pdy) check_input(w, "dy", pdy, dy, n);
    }
    check_sentinels(w, R_X, pin, n);
    if (two_inputs) check_sentinels(w, R_DY, pdy, n);
    if (a == alias::none) check_sentinels(w, R_OUT, pout, n);
    pages[R_X].reset(pin, n);
    if (two_inputs) pages[R_DY].reset(pdy, n);
    if (a == alias::none) pages[R_OUT].reset(pout, n);
    ++count.calls;
    count.elements += n;
    count.buffers += two_inputs ? (a == alias::none ? 3 : 2) : (a == alias::none ? 2 : 1);
}

void whole_pages_ok(const std::string& what) {
    for (int r = 0; r < R_COUNT; ++r)
        if (!pages[r].all_sentinels()) {
            fail(what + ": a stray write somewhere in the " + role_names[r] + " page");
            pages[r].reset_all();
        }
}

void run_form(const form& f, const std::vector<float>& in, const std::vector<float>& dy) {
    std::vector<float> hin, hdy, expected;
    const alias aliases[] = {alias::none, alias::in, alias::dy};
    for (std::size_t n = 0; n <= max_n; ++n) {
        // The same call on plain heap buffers.
        hin.assign(in.begin(), in.begin() + n);
        hdy.assign(dy.begin(), dy.begin() + n);
        expected.assign(n + 1, 0.0f);
        if (call(f, hin.data(), hdy.data(), expected.data(), n) != SIMDACT_OK) {
            fail(f.label + ": heap call failed: " + simdact_last_error());
            return;
        }
        for (alias a : aliases) {
            if (a == alias::dy && f.d == dir::forward) continue;
            guarded_call(f, a, layout::end_flush, n, 0, in.data(), dy.data(), expected.data());
            for (std::size_t m = 0; m < misaligns; ++m) {
                guarded_call(f, a, layout::start, n, m, in.data(), dy.data(), expected.data());
                // In place, the aliased buffers share one alignment: mixed only out of place.
                if (a == alias::none) guarded_call(f, a, layout::mixed, n, m, in.data(), dy.data(), expected.data());
            }
        }
    }
    whole_pages_ok(f.label);
}

// ---- PReLU ----------------------------------------------------------------------

void prelu_call(std::size_t channels, std::size_t inner, bool backward, alias a, layout l, std::size_t n,
                std::size_t m, const std::vector<float>& x, const std::vector<float>& dy, const std::vector<float>& w,
                const float* expected, const float* expected_dw) {
    float* px = place(R_X, l, n, m);
    float* pdy = backward ? place(R_DY, l, n, m) : nullptr;
    float* pout = a == alias::none ? place(R_OUT, l, n, m) : a == alias::in ? px : pdy;
    float* pw = place(R_W, l, channels, m);
    float* pdw = backward ? place(R_DW, l, channels, m) : nullptr;
    if (n) std::memcpy(px, x.data(), n * sizeof(float));
    if (backward && n) std::memcpy(pdy, dy.data(), n * sizeof(float));
    std::memcpy(pw, w.data(), channels * sizeof(float));
    char head[128];
    std::snprintf(head, sizeof head, "prelu %s (channels=%zu inner=%zu)%s %s n=%zu", backward ? "backward" : "forward",
                  channels, inner,
                  a == alias::none ? "" : a == alias::in ? (backward ? " in place (dx == x)" : " in place (y == x)")
                                                         : " in place (dx == dy)",
                  layout_name(l), n);
    const std::string w_ = std::string(head) + (l == layout::end_flush ? "" : " m=" + std::to_string(m));
    current_call = &w_;
    const simdact_status s = backward ? simdact_prelu_backward(px, pw, channels, inner, pdy, pout, pdw, n)
                                      : simdact_prelu_forward(px, pw, channels, inner, pout, n);
    current_call = nullptr;
    if (s != SIMDACT_OK) {
        fail(w_ + ": status " + simdact_last_error());
    } else {
        check_out(w_, pout, expected, n);
        if (backward) check_out(w_ + " dweight", pdw, expected_dw, channels);
        if (pout != px) check_input(w_, "x", px, x.data(), n);
        if (backward && pout != pdy) check_input(w_, "dy", pdy, dy.data(), n);
        check_input(w_, "weight", pw, w.data(), channels);
    }
    check_sentinels(w_, R_X, px, n);
    check_sentinels(w_, R_W, pw, channels);
    if (backward) check_sentinels(w_, R_DY, pdy, n), check_sentinels(w_, R_DW, pdw, channels);
    if (a == alias::none) check_sentinels(w_, R_OUT, pout, n);
    pages[R_X].reset(px, n);
    pages[R_W].reset(pw, channels);
    if (backward) pages[R_DY].reset(pdy, n), pages[R_DW].reset(pdw, channels);
    if (a == alias::none) pages[R_OUT].reset(pout, n);
    ++count.calls;
    count.elements += n;
    count.buffers += (backward ? 4 : 2) + (a == alias::none ? 1 : 0);
}

void run_prelu(std::size_t channels, std::size_t inner, const std::vector<float>& x, const std::vector<float>& dy) {
    std::vector<float> w(channels);
    for (std::size_t c = 0; c < channels; ++c) w[c] = c % 3 == 0 ? 0.25f : c % 3 == 1 ? -1.5f : 0.0f;
    w[0] = channels > 1 ? w[0] : 0.1f;
    const std::size_t row = channels * inner;
    std::vector<float> hx, hdy, expected, expected_dw(channels);
    for (int b = 0; b < 2; ++b) {
        const bool backward = b == 1;
        for (std::size_t n = 0; n <= max_n; n += row) {
            hx.assign(x.begin(), x.begin() + n);
            hdy.assign(dy.begin(), dy.begin() + n);
            expected.assign(n + 1, 0.0f);
            const simdact_status s =
                backward ? simdact_prelu_backward(hx.data(), w.data(), channels, inner, hdy.data(), expected.data(),
                                                  expected_dw.data(), n)
                         : simdact_prelu_forward(hx.data(), w.data(), channels, inner, expected.data(), n);
            if (s != SIMDACT_OK) {
                fail("prelu heap call failed: " + std::string(simdact_last_error()));
                return;
            }
            for (alias a : {alias::none, alias::in, alias::dy}) {
                if (a == alias::dy && !backward) continue;
                prelu_call(channels, inner, backward, a, layout::end_flush, n, 0, x, dy, w, expected.data(),
                           expected_dw.data());
                for (std::size_t m = 0; m < misaligns; ++m) {
                    prelu_call(channels, inner, backward, a, layout::start, n, m, x, dy, w, expected.data(),
                               expected_dw.data());
                    prelu_call(channels, inner, backward, a, layout::mixed, n, m, x, dy, w, expected.data(),
                               expected_dw.data());
                }
            }
        }
    }
    whole_pages_ok("prelu");
}

std::size_t env_size(const char* name, std::size_t fallback, std::size_t limit) {
    const char* s = std::getenv(name);
    if (!s || !*s) return fallback;
    const std::size_t v = std::strtoull(s, nullptr, 10);
    return v > limit ? limit : v;
}

}  // namespace

int main() {
    if (const int status = testutil::select_test_tier()) return status;
    max_n = env_size("SIMDACT_GUARD_MAX_N", 256, 256);
    misaligns = env_size("SIMDACT_GUARD_MISALIGN", max_misalign, max_misalign);
    if (misaligns == 0) misaligns = 1;
    std::printf("guard pages: tier %s, page %ld bytes, n = 0..%zu, misalignments 0..%zu\n", simdact_active_isa(),
                sysconf(_SC_PAGESIZE), max_n, misaligns - 1);
    std::fflush(stdout);
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_segv;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGSEGV, &sa, nullptr);
    sigaction(SIGBUS, &sa, nullptr);
    const auto t0 = std::chrono::steady_clock::now();
    for (guarded_page& g : pages) g.init();

    const std::vector<float> in = varied(max_n + 1, 11), dy = varied(max_n + 1, 12);

    // Parameter sets: the defaults of each activation, plus a non-default one
    // for the parametrised ones (threshold has no defaults: two explicit sets).
    struct extra {
        simdact_activation act;
        simdact_params p;
    };
    const extra extras[] = {
        {SIMDACT_LEAKY_RELU, {0.2f, 0}},   {SIMDACT_LEAKY_RELU, {-0.5f, 0}},  {SIMDACT_ELU, {0.3f, 0}},
        {SIMDACT_ELU, {-0.7f, 0}},         {SIMDACT_CELU, {3.7f, 0}},         {SIMDACT_SILU, {1.702f, 0}},
        {SIMDACT_SOFTPLUS, {0.7f, 10.0f}}, {SIMDACT_HARDTANH, {-2.5f, 0.3f}}, {SIMDACT_THRESHOLD, {0.5f, -2.0f}},
        {SIMDACT_THRESHOLD, {-1.0f, 7.5f}}, {SIMDACT_HARDSHRINK, {2.0f, 0}},  {SIMDACT_SOFTSHRINK, {2.0f, 0}},
    };
    std::vector<extra> sets;
    for (std::size_t a = 0; a < simdact_activation_count(); ++a) {
        extra e{static_cast<simdact_activation>(a), {0, 0}};
        if (simdact_default_params(e.act, &e.p) == SIMDACT_OK) sets.push_back(e);
    }
    for (const extra& e : extras) sets.push_back(e);

    std::size_t forms = 0, in_place_forms = 0;
    for (const extra& e : sets) {
        simdact_kernel k;
        if (simdact_get_kernel(e.act, &e.p, &k) != SIMDACT_OK) {
            fail(std::string("get_kernel ") + simdact_activation_name(e.act) + ": " + simdact_last_error());
            continue;
        }
        char label[96];
        std::snprintf(label, sizeof label, "%s(%g,%g)", simdact_activation_name(e.act), e.p.alpha, e.p.beta);
        for (dir d : {dir::forward, dir::backward, dir::from_output}) {
            if (d == dir::from_output && !k.backward_from_output) continue;
            const char* dn = d == dir::forward ? "forward" : d == dir::backward ? "backward" : "backward_from_output";
            run_form(form{e.act, e.p, d, std::string(label) + " " + dn}, in, dy);
            ++forms;
            in_place_forms += d == dir::forward ? 1 : 2;
        }
    }
    const auto t1 = std::chrono::steady_clock::now();

    const struct {
        std::size_t channels, inner;
    } shapes[] = {{1, 1}, {3, 1}, {7, 2}, {5, 3}, {2, 16}, {3, 17}, {1, 37}, {4, 64}};
    for (const auto& s : shapes) run_prelu(s.channels, s.inner, in, dy);
    const auto t2 = std::chrono::steady_clock::now();

    const double secs_act = std::chrono::duration<double>(t1 - t0).count();
    const double secs_prelu = std::chrono::duration<double>(t2 - t1).count();
    std::printf("guard pages: %zu parameter sets, %zu activation forms (+%zu in-place variants) x %zu sizes "
                "(n = 0..%zu) x (1 end-flush + %zu start-guarded [+ %zu mixed, out of place] misalignments), "
                "plus prelu (%zu shapes, forward/backward, out of place and in place)\n",
                sets.size(), forms, in_place_forms, max_n + 1, max_n, misaligns, misaligns,
                sizeof shapes / sizeof shapes[0]);
    std::printf("guard pages: tier %s: %llu calls, %llu guarded buffer placements, %llu elements; "
                "activations %.2f s, prelu %.2f s; %llu failures\n",
                simdact_active_isa(), count.calls, count.buffers, count.elements, secs_act, secs_prelu, failures);
    return failures ? 1 : 0;
}
