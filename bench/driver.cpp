#include "bench/driver.hpp"

#if SIMDACT_BENCH_LIMITS
#include "bench/limits.hpp"
#endif

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace bench {
namespace {

constexpr std::size_t kAlign = 64;

struct AlignedFree {
    void operator()(float* p) const { std::free(p); }
};
using Buffer = std::unique_ptr<float[], AlignedFree>;

Buffer aligned_floats(std::size_t n) {
    std::size_t bytes = (n * sizeof(float) + kAlign - 1) / kAlign * kAlign;
    void* p = std::aligned_alloc(kAlign, bytes ? bytes : kAlign);
    if (!p) throw std::bad_alloc();
    std::memset(p, 0, bytes);  // fault the pages in outside the timed loops
    return Buffer(static_cast<float*>(p));
}

// Deterministic uniform floats in [lo, hi) (xorshift64*, fast enough for 16M).
void fill_uniform(float* p, std::size_t n, float lo, float hi, std::uint64_t seed) {
    std::uint64_t s = seed;
    for (std::size_t i = 0; i < n; ++i) {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        std::uint64_t r = s * 0x2545F4914F6CDD1DULL;
        float u = static_cast<float>(r >> 40) * (1.0f / 16777216.0f);  // [0, 1)
        p[i] = lo + (hi - lo) * u;
    }
}

// Special inputs (see register_all in driver.hpp): random bits from the same generator.
enum Input { kOrdinary = 0, kSubnormal, kHuge, kNaN, kInputCount };
const char* const kInputName[kInputCount] = {"ordinary", "subnormal", "huge", "nan"};

void fill_special(float* p, std::size_t n, Input kind, std::uint64_t seed) {
    std::uint64_t s = seed;
    for (std::size_t i = 0; i < n; ++i) {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        const std::uint64_t r = s * 0x2545F4914F6CDD1DULL;
        const std::uint32_t sign = static_cast<std::uint32_t>(r >> 63) << 31;
        std::uint32_t bits = 0;
        float v = 0.0f;
        switch (kind) {
            case kSubnormal:  // exponent 0, mantissa in [1, 2^23)
                bits = sign | (1u + static_cast<std::uint32_t>((r >> 8) % 0x7FFFFFu));
                std::memcpy(&v, &bits, sizeof v);
                break;
            case kHuge: {  // |x| = 10^e, e uniform in [30, 38]
                const double u = static_cast<double>(r >> 11 & 0xFFFFFFFFFFFull) / 17592186044416.0;  // [0, 1)
                v = static_cast<float>(std::pow(10.0, 30.0 + 8.0 * u));
                if (sign) v = -v;
                break;
            }
            case kNaN:  // quiet NaN, random payload
                bits = sign | 0x7FC00000u | static_cast<std::uint32_t>((r >> 20) & 0x3FFFFFu);
                std::memcpy(&v, &bits, sizeof v);
                break;
            default: break;
        }
        p[i] = v;
    }
}

// Buffers of the largest size, shared by every row (smaller sizes use a prefix).
// x in [-8, 8), dy in [-1, 1); y = f(x) of the current op, computed on demand.
struct Arena {
    std::size_t cap = 0;
    Buffer x, dy, y, out;
    int y_act = -1;
    std::size_t y_valid = 0;
    Buffer special[kInputCount];
    std::size_t special_cap[kInputCount] = {};

    const float* special_input(Input kind, std::size_t n) {
        if (special_cap[kind] < n) {
            special[kind] = aligned_floats(n);
            fill_special(special[kind].get(), n, kind, 0xA0761D6478BD642FULL + kind);
            special_cap[kind] = n;
        }
        return special[kind].get();
    }

    void reserve(std::size_t n) {
        if (n <= cap) return;
        x = aligned_floats(n);
        dy = aligned_floats(n);
        y = aligned_floats(n);
        out = aligned_floats(n);
        fill_uniform(x.get(), n, -8.0f, 8.0f, 0x9E3779B97F4A7C15ULL);
        fill_uniform(dy.get(), n, -1.0f, 1.0f, 0xD1B54A32D192ED03ULL);
        cap = n;
        y_act = -1;
        y_valid = 0;
    }
    const float* forward_output(const Op& op, std::size_t n) {
        if (!op.registry) throw std::runtime_error(op.name + ": no backward from the output");
        if (y_act != static_cast<int>(op.act) || y_valid < n) {
            simdact_status s = simdact_forward(op.act, &op.params, x.get(), y.get(), n);
            if (s != SIMDACT_OK) throw std::runtime_error(simdact_last_error());
            y_act = static_cast<int>(op.act);
            y_valid = n;
        }
        return y.get();
    }
};

Arena& arena() {
    static Arena a;
    return a;
}

void run_call(benchmark::State& st, const Call& call, const Op* op, Dir dir, std::size_t n, Input input = kOrdinary) {
    Arena& a = arena();
    a.reserve(n);
    const float* in = a.x.get();
    if (input != kOrdinary) in = a.special_input(input, n);  // x, or y for backward from the output
    else if (dir == kBackwardFromOutput) in = a.forward_output(*op, n);
    const float* dy = a.dy.get();
    float* out = a.out.get();
    call(in, dy, out, n);  // warm-up (and first touch of the prefix in cache)
    for (auto _ : st) {
        call(in, dy, out, n);
        benchmark::DoNotOptimize(out);
        benchmark::ClobberMemory();
    }
    std::int64_t streams = dir == kForward ? 2 : 3;
    st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(n));
    st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(n) * streams *
                         static_cast<std::int64_t>(sizeof(float)));
}

constexpr std::size_t kBig = 16777216;

}  // namespace

const char* dir_name(Dir d) {
    switch (d) {
        case kForward: return "forward";
        case kBackward: return "backward";
        case kBackwardFromOutput: return "backward_from_output";
    }
    return "?";
}

bool bench_params(const std::string& name, simdact_params* out) {
    if (name == "threshold") {
        *out = simdact_params{0.1f, 20.0f};
        return true;
    }
    return false;
}

std::vector<Op> ops() {
    std::vector<Op> v;
    for (std::size_t i = 0; i < simdact_activation_count(); ++i) {
        auto act = static_cast<simdact_activation>(i);
        const char* name = simdact_activation_name(act);  // NULL: not registered (yet)
        if (!name) continue;
        simdact_params p{};
        if (simdact_default_params(act, &p) != SIMDACT_OK && !bench_params(name, &p)) {
            std::fprintf(stderr, "simdact-bench: %s has no default parameters and the bench knows none: skipped\n",
                         name);
            continue;
        }
        v.push_back(Op{name, act, p, true});
    }
    v.push_back(Op{"prelu", static_cast<simdact_activation>(0), simdact_params{}, false});
    return v;
}

const float* prelu_weights() {
    static const struct W {
        float w[kPreluChannels];
        W() {
            for (std::size_t c = 0; c < kPreluChannels; ++c) w[c] = 0.05f + 0.4f * static_cast<float>(c) / (kPreluChannels - 1);
        }
    } weights;
    return weights.w;
}

namespace {
const char* g_tier = nullptr;  // the tier set_tier made active; nullptr: unknown
}

void set_tier(const char* tier) {
    if (tier == g_tier) return;
    if (simdact_set_isa(tier) != SIMDACT_OK) {
        std::fprintf(stderr, "simdact_set_isa(%s) failed: %s\n", tier, simdact_last_error());
        std::abort();
    }
    g_tier = tier;
}

std::vector<std::size_t> sizes() {
    std::vector<std::size_t> v;
    const char* env = std::getenv("SIMDACT_BENCH_SIZES");
    if (env && *env) {
        const char* p = env;
        while (*p) {
            char* end = nullptr;
            unsigned long long n = std::strtoull(p, &end, 10);
            if (end == p) break;
            if (n) v.push_back(static_cast<std::size_t>(n));
            p = end;
            while (*p == ',' || *p == ' ') ++p;
        }
    }
    if (v.empty()) v = {4096, 65536, kBig};
    return v;
}

std::vector<Impl> simdact_impls() {
    std::vector<Impl> impls;
    const std::vector<Op> all = ops();
    for (std::size_t t = 0; t < simdact_supported_isa_count(); ++t) {
        const char* tier = simdact_supported_isa(t);
        if (simdact_set_isa(tier) != SIMDACT_OK) {
            std::fprintf(stderr, "simdact_set_isa(%s) failed: %s\n", tier, simdact_last_error());
            continue;
        }
        // Kernels keep the tier they were fetched on: fetch them all now.
        auto kernels = std::make_shared<std::vector<simdact_kernel>>(simdact_activation_count());
        for (const Op& op : all) {
            if (simdact_get_kernel(op.act, &op.params, &(*kernels)[op.act]) != SIMDACT_OK) {
                std::fprintf(stderr, "simdact_get_kernel(%s) failed: %s\n", op.name.c_str(), simdact_last_error());
                (*kernels)[op.act] = simdact_kernel{};
            }
        }
        Impl impl;
        impl.prefix = std::string("simdact/") + tier;
        impl.make = [kernels, tier](const Op& op, Dir dir) -> Call {
            if (!op.registry) {
                if (op.name != "prelu") return {};
                if (dir == kForward)
                    return [tier](const float* in, const float*, float* out, std::size_t n) {
                        set_tier(tier);
                        if (simdact_prelu_forward(in, prelu_weights(), kPreluChannels, n / kPreluChannels, out, n) !=
                            SIMDACT_OK) {
                            std::fprintf(stderr, "simdact_prelu_forward: %s\n", simdact_last_error());
                            std::abort();
                        }
                    };
                if (dir == kBackward) {
                    auto dw = std::make_shared<std::vector<float>>(kPreluChannels);
                    return [tier, dw](const float* in, const float* dy, float* out, std::size_t n) {
                        set_tier(tier);
                        if (simdact_prelu_backward(in, prelu_weights(), kPreluChannels, n / kPreluChannels, dy, out,
                                                   dw->data(), n) != SIMDACT_OK) {
                            std::fprintf(stderr, "simdact_prelu_backward: %s\n", simdact_last_error());
                            std::abort();
                        }
                    };
                }
                return {};
            }
            if (static_cast<std::size_t>(op.act) >= kernels->size()) return {};
            const simdact_kernel k = (*kernels)[op.act];
            switch (dir) {
                case kForward:
                    if (!k.forward) return {};
                    return [k](const float* in, const float*, float* out, std::size_t n) {
                        k.forward(in, out, n, &k.params);
                    };
                case kBackward:
                    if (!k.backward) return {};
                    return [k](const float* in, const float* dy, float* out, std::size_t n) {
                        k.backward(in, dy, out, n, &k.params);
                    };
                case kBackwardFromOutput:
                    if (!k.backward_from_output) return {};
                    return [k](const float* in, const float* dy, float* out, std::size_t n) {
                        k.backward_from_output(in, dy, out, n, &k.params);
                    };
            }
            return {};
        };
        impls.push_back(std::move(impl));
    }
    simdact_set_isa("best");
    g_tier = nullptr;
    // Forced lower tiers at 16M only when asked: there every tier meets the memory ceiling.
    const char* forced_big = std::getenv("SIMDACT_BENCH_FORCED_16M");
    bool big = forced_big && std::strcmp(forced_big, "0") != 0;
    for (std::size_t i = 1; i < impls.size(); ++i) impls[i].big_sizes = big;
    return impls;
}

void register_all(const std::vector<Impl>& impls, const Impl* copy_impl) {
    const std::vector<std::size_t> ns = sizes();
    std::string tiers;
    for (std::size_t t = 0; t < simdact_supported_isa_count(); ++t)
        tiers += std::string(t ? "," : "") + simdact_supported_isa(t);
    benchmark::AddCustomContext("simdact_isas", tiers);
    benchmark::AddCustomContext("simdact_best_isa", simdact_supported_isa_count() ? simdact_supported_isa(0) : "");
    benchmark::AddCustomContext("simdact_version", std::to_string(SIMDACT_VERSION_MAJOR) + "." +
                                                       std::to_string(SIMDACT_VERSION_MINOR) + "." +
                                                       std::to_string(SIMDACT_VERSION_PATCH));

    static std::vector<Op> all;  // outlives registration: the lambdas point into it
    all = ops();
    for (const Op& op : all) {
        for (Dir dir : {kForward, kBackward, kBackwardFromOutput}) {
            std::vector<std::pair<std::string, Call>> calls;
            std::vector<bool> big;
            for (const Impl& impl : impls) {
                Call c = impl.make(op, dir);
                if (c) {
                    calls.emplace_back(impl.prefix, std::move(c));
                    big.push_back(impl.big_sizes);
                }
            }
            for (std::size_t n : ns) {
                if (!op.registry && n % kPreluChannels != 0) continue;  // PReLU: n = 64 * inner
                for (std::size_t i = 0; i < calls.size(); ++i) {
                    if (n >= kBig && !big[i]) continue;
                    std::string name = calls[i].first + "/" + op.name + "/" + dir_name(dir) + "/" + std::to_string(n);
                    const Op* opp = &op;
                    benchmark::RegisterBenchmark(name.c_str(), [call = calls[i].second, opp, dir, n](benchmark::State& st) {
                        run_call(st, call, opp, dir, n);
                    })->Unit(benchmark::kMicrosecond);
                }
            }
        }
    }
    if (copy_impl) {
        static const Op none{"copy", static_cast<simdact_activation>(0), simdact_params{}, false};
        for (Dir dir : {kForward, kBackward}) {
            Call c = copy_impl->make(none, dir);
            if (!c) continue;
            for (std::size_t n : ns) {
                std::string name = copy_impl->prefix + "/" + dir_name(dir) + "/" + std::to_string(n);
                benchmark::RegisterBenchmark(name.c_str(), [c, dir, n](benchmark::State& st) {
                    run_call(st, c, &none, dir, n);
                })->Unit(benchmark::kMicrosecond);
            }
        }
    }
    const char* extras = std::getenv("SIMDACT_BENCH_EXTRAS");
    if (extras && std::strcmp(extras, "0") == 0) return;
    if (simdact_supported_isa_count() == 0) return;
    const char* best = simdact_supported_isa(0);

    // Small-call latency: n = 16 through the C API (dispatch and checks per call) and
    // through a kernel fetched on the best tier; n = 15 and 100 add a partial last
    // vector (the tail: masked loads and stores on AVX2 and AVX-512).
    for (const std::size_t kSmall : {std::size_t(16), std::size_t(15), std::size_t(100)})
    for (const char* name : {"relu", "sigmoid", "tanh", "gelu"}) {
        const Op* opp = nullptr;
        for (const Op& op : all)
            if (op.registry && op.name == name) opp = &op;
        if (!opp) continue;
        const simdact_activation act = opp->act;
        const std::string suffix = std::string("/") + best + "/" + name + "/forward/" + std::to_string(kSmall);
        benchmark::RegisterBenchmark(("latency/simdact_api" + suffix).c_str(), [act, best, kSmall](benchmark::State& st) {
            Arena& a = arena();
            a.reserve(kSmall);
            const float* x = a.x.get();
            float* y = a.out.get();
            set_tier(best);
            if (simdact_forward(act, NULL, x, y, kSmall) != SIMDACT_OK) {
                st.SkipWithError(simdact_last_error());
                return;
            }
            for (auto _ : st) {
                simdact_forward(act, NULL, x, y, kSmall);
                benchmark::DoNotOptimize(y);
                benchmark::ClobberMemory();
            }
            st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(kSmall));
        })->Unit(benchmark::kNanosecond);
        set_tier(best);
        simdact_kernel k{};
        if (simdact_get_kernel(act, NULL, &k) != SIMDACT_OK || !k.forward) continue;
        benchmark::RegisterBenchmark(("latency/simdact_kernel" + suffix).c_str(), [k, kSmall](benchmark::State& st) {
            Arena& a = arena();
            a.reserve(kSmall);
            const float* x = a.x.get();
            float* y = a.out.get();
            k.forward(x, y, kSmall, &k.params);
            for (auto _ : st) {
                k.forward(x, y, kSmall, &k.params);
                benchmark::DoNotOptimize(y);
                benchmark::ClobberMemory();
            }
            st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(kSmall));
        })->Unit(benchmark::kNanosecond);
    }

#if SIMDACT_BENCH_LIMITS
    // The divider's throughput, one vector divide per vector of floats (limits.hpp).
    for (const char* tier : {"avx512", "avx2"}) {
        if (!divide_limit_supported(tier)) continue;
        benchmark::RegisterBenchmark((std::string("limits/divide/") + tier).c_str(), [tier](benchmark::State& st) {
            std::size_t lanes = 0;
            for (auto _ : st) lanes += divide_limit_run(tier, 1024);
            st.SetItemsProcessed(static_cast<std::int64_t>(lanes));
        })->Unit(benchmark::kMicrosecond);
    }
#endif

    // Special inputs on the best tier (the first simdact Impl), one size.
    const Impl* top = nullptr;
    for (const Impl& impl : impls)
        if (impl.prefix == std::string("simdact/") + best) top = &impl;
    if (!top) return;
    std::size_t sn = 65536;
    if (const char* e = std::getenv("SIMDACT_BENCH_SPECIAL_N"))
        if (unsigned long long v = std::strtoull(e, nullptr, 10)) sn = static_cast<std::size_t>(v);
    for (const Op& op : all) {
        if (!op.registry && sn % kPreluChannels != 0) continue;
        for (Dir dir : {kForward, kBackward, kBackwardFromOutput}) {
            Call c = top->make(op, dir);
            if (!c) continue;
            for (Input kind : {kSubnormal, kHuge, kNaN}) {
                std::string name = std::string("special/") + kInputName[kind] + "/" + top->prefix + "/" + op.name + "/" +
                                   dir_name(dir) + "/" + std::to_string(sn);
                const Op* opp = &op;
                benchmark::RegisterBenchmark(name.c_str(), [c, opp, dir, sn, kind](benchmark::State& st) {
                    run_call(st, c, opp, dir, sn, kind);
                })->Unit(benchmark::kMicrosecond);
            }
        }
    }
}

int run_benchmarks(int argc, char** argv, const std::vector<Impl>& impls, const Impl* copy_impl) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    register_all(impls, copy_impl);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

}  // namespace bench
