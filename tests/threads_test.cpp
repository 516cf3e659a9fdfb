// Concurrency: 8 threads start together before anything has initialised the
// dispatch (no simdact call precedes them), then each runs every kernel through
// the C API (one-shot calls and fetched simdact_kernel pointers, PReLU too) on
// its own buffers while the threads switch tiers under each other with
// simdact_set_isa, query the active tier, and check that simdact_last_error is
// per thread. Afterwards every output is compared with a single-threaded run
// on the scalar tier (same bits; any NaN equals any NaN). Built plainly (ctest "threads") and
// with -fsanitize=thread by tests/sanitize.sh.
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

#include "simdact/simdact.h"
#include "test_util.hpp"

namespace {

constexpr int thread_count = 8;
constexpr int rounds = 3;
constexpr std::size_t channels = 3, inner = 5;

// Spin barrier: the threads leave it together (as close as the scheduler allows).
class spin_barrier {
public:
    explicit spin_barrier(int n) : n_(n) {}
    void wait() {
        const int gen = generation_.load(std::memory_order_acquire);
        if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == n_) {
            arrived_.store(0, std::memory_order_relaxed);
            generation_.fetch_add(1, std::memory_order_acq_rel);
        } else {
            while (generation_.load(std::memory_order_acquire) == gen) std::this_thread::yield();
        }
    }

private:
    const int n_;
    std::atomic<int> arrived_{0};
    std::atomic<int> generation_{0};
};

std::vector<float> inputs(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> ordinary(-12.0f, 12.0f);
    std::vector<float> v(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (i % 4 == 0) {
            const std::uint32_t b = static_cast<std::uint32_t>(rng());
            std::memcpy(&v[i], &b, 4);
        } else {
            v[i] = ordinary(rng);
        }
    }
    return v;
}

std::atomic<int> failures{0};
void failed(const char* what, int thread, int detail) {
    failures.fetch_add(1);
    std::fprintf(stderr, "FAIL: thread %d: %s (%d)\n", thread, what, detail);
}

// Same bits, or both NaN (the tiers agree on bits except NaN payloads, as the suites check).
bool same(float a, float b) {
    std::uint32_t ab, bb;
    std::memcpy(&ab, &a, 4);
    std::memcpy(&bb, &b, 4);
    return ab == bb || (a != a && b != b);
}

bool is_supported(const char* name) { return name && testutil::tier_supported(name); }

// Everything one thread computes, in a fixed order: the outputs to compare.
// concurrent: switch tiers and check errors between rounds (the reference run on
// the scalar tier does neither).
std::vector<std::vector<float>> work(int id, bool concurrent, spin_barrier* barrier) {
    std::vector<std::vector<float>> out;
    const std::size_t n = channels * inner * (40 + id);  // differs per thread: other tails
    const std::vector<float> x = inputs(n, 100 + id), dy = inputs(n, 200 + id);
    const simdact_params threshold_params = {0.5f, -2.0f};
    for (int r = 0; r < rounds; ++r) {
        if (concurrent) {
            // Switch the process-wide tier while the other threads compute.
            const std::size_t count = simdact_supported_isa_count();
            const char* name = (id + r) % 4 == 3 ? "best" : simdact_supported_isa(std::size_t(id + r) % count);
            if (simdact_set_isa(name) != SIMDACT_OK) failed("set_isa", id, r);
            if (!is_supported(simdact_active_isa())) failed("active_isa is not a supported tier", id, r);
            if (simdact_isa_reason()[0] == '\0') failed("empty isa_reason", id, r);
        }
        for (std::size_t ai = 0; ai < simdact_activation_count(); ++ai) {
            const auto a = static_cast<simdact_activation>(ai);
            const simdact_params* p = a == SIMDACT_THRESHOLD ? &threshold_params : nullptr;
            std::vector<float> y(n), dx(n), dxy(n);
            if (simdact_forward(a, p, x.data(), y.data(), n) != SIMDACT_OK) failed("forward", id, int(ai));
            if (simdact_backward(a, p, x.data(), dy.data(), dx.data(), n) != SIMDACT_OK) failed("backward", id, int(ai));
            const simdact_status s = simdact_backward_from_output(a, p, y.data(), dy.data(), dxy.data(), n);
            if (s != SIMDACT_OK && s != SIMDACT_ERROR_UNSUPPORTED) failed("backward_from_output", id, int(ai));
            out.push_back(y);
            out.push_back(dx);
            if (s == SIMDACT_OK) out.push_back(dxy);
            // The same through a fetched kernel (on whatever tier was active then).
            simdact_kernel k;
            if (simdact_get_kernel(a, p, &k) != SIMDACT_OK) {
                failed("get_kernel", id, int(ai));
                continue;
            }
            if (!is_supported(k.isa)) failed("kernel isa is not a supported tier", id, int(ai));
            std::vector<float> ky(n), kdx(n), kdxy(n);
            k.forward(x.data(), ky.data(), n, &k.params);
            k.backward(x.data(), dy.data(), kdx.data(), n, &k.params);
            out.push_back(ky);
            out.push_back(kdx);
            if ((k.backward_from_output != nullptr) != (s == SIMDACT_OK)) failed("from-output forms disagree", id, int(ai));
            if (k.backward_from_output) {
                k.backward_from_output(ky.data(), dy.data(), kdxy.data(), n, &k.params);
                out.push_back(kdxy);
            }
        }
        const std::vector<float> w = {0.25f, -1.5f, 3.0f};
        std::vector<float> y(n), dx(n), dw(channels);
        if (simdact_prelu_forward(x.data(), w.data(), channels, inner, y.data(), n) != SIMDACT_OK)
            failed("prelu_forward", id, r);
        if (simdact_prelu_backward(x.data(), w.data(), channels, inner, dy.data(), dx.data(), dw.data(), n) != SIMDACT_OK)
            failed("prelu_backward", id, r);
        out.push_back(y);
        out.push_back(dx);
        out.push_back(dw);

        if (concurrent) {
            // A deliberate error with a message of this thread's own; after every
            // thread has made its own, each must still read its own.
            const auto unknown = static_cast<simdact_activation>(-1000 - 10 * id - r);
            float v = 1.0f;
            if (simdact_forward(unknown, nullptr, &v, &v, 1) != SIMDACT_ERROR_INVALID_ARGUMENT) failed("no error", id, r);
            char expected[64];
            std::snprintf(expected, sizeof expected, "unknown activation %d", int(unknown));
            barrier->wait();
            if (std::strcmp(simdact_last_error(), expected) != 0) {
                std::fprintf(stderr, "thread %d reads \"%s\", expected \"%s\"\n", id, simdact_last_error(), expected);
                failed("last_error is not per thread", id, r);
            }
            barrier->wait();
        }
    }
    return out;
}

}  // namespace

int main() {
    std::vector<std::vector<std::vector<float>>> results(thread_count);
    spin_barrier start(thread_count), sync(thread_count);
    {
        std::vector<std::thread> threads;
        for (int id = 0; id < thread_count; ++id)
            threads.emplace_back([&, id] {
                start.wait();  // all at once, into a dispatch nobody has initialised yet
                results[id] = work(id, true, &sync);
            });
        for (std::thread& t : threads) t.join();
    }
    if (simdact_set_isa("scalar") != SIMDACT_OK) return 1;
    std::size_t compared = 0;
    for (int id = 0; id < thread_count; ++id) {
        const std::vector<std::vector<float>> expected = work(id, false, nullptr);
        if (expected.size() != results[id].size()) {
            failed("different number of outputs", id, int(results[id].size()));
            continue;
        }
        for (std::size_t i = 0; i < expected.size(); ++i) {
            if (expected[i].size() != results[id][i].size()) {
                failed("output of another length", id, int(i));
                continue;
            }
            for (std::size_t j = 0; j < expected[i].size(); ++j)
                if (!same(expected[i][j], results[id][i][j])) {
                    failed("output differs from the scalar tier", id, int(i));
                    break;
                }
            compared += expected[i].size();
        }
    }
    if (failures.load() != 0) {
        std::printf("threads test: %d FAILURES\n", failures.load());
        return 1;
    }
    std::printf("threads test ok: %d threads x %d rounds, %zu outputs equal to the scalar tier's\n",
                thread_count, rounds, compared);
    return 0;
}
