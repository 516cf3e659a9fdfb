// simdact-peers: simdact (every supported tier) against oneDNN, Eigen, SLEEF, a plain
// std:: loop and the copy roofline, in one process so that ratios come from one run.
// Names: <impl>/<activation>/<direction>/<n>, impl = simdact/<tier>, onednn, eigen,
// sleef_avx512, sleef_avx2, plain; copy/<forward|backward>/<n>.
#include <benchmark/benchmark.h>

#include <cstring>
#include <memory>
#include <tuple>

#include "bench/driver.hpp"

namespace {

using bench::Call;
using bench::Dir;
using bench::Op;

const bench::PeerKernel* find(const bench::PeerTable& t, const std::string& name) {
    for (std::size_t i = 0; i < t.count; ++i)
        if (name == t.kernels[i].activation) return &t.kernels[i];
    return nullptr;
}

// simdact's validated default parameters of an op, so that peers use the same ones.
simdact_params params_of(const Op& op) {
    simdact_params p{};
    simdact_default_params(op.act, &p);
    return p;
}

bench::Impl table_impl(const bench::PeerTable& t) {
    bench::Impl impl;
    impl.prefix = t.peer;
    impl.make = [t](const Op& op, Dir dir) -> Call {
        const bench::PeerKernel* k = find(t, op.name);
        if (!k) return {};
        simdact_params p = params_of(op);
        if (dir == bench::kForward && k->forward)
            return [f = k->forward, p](const float* in, const float*, float* out, std::size_t n) { f(in, out, n, &p); };
        bench::bwd_fn b = dir == bench::kBackward ? k->backward : dir == bench::kBackwardFromOutput ? k->backward_from_output : nullptr;
        if (b) return [b, p](const float* in, const float* dy, float* out, std::size_t n) { b(in, dy, out, n, &p); };
        return {};
    };
    return impl;
}

// oneDNN: the primitive is bound to buffers, so it is (re)built on the first call
// with new buffers or size, which the driver makes outside the timed loop.
struct OnednnState {
    std::string act;
    Dir dir;
    simdact_params p;
    bench::OnednnOp* op = nullptr;
    std::tuple<const float*, const float*, float*, std::size_t> key{};
    ~OnednnState() {
        if (op) bench::onednn_destroy(op);
    }
};

bench::Impl onednn_impl() {
    bench::Impl impl;
    impl.prefix = "onednn";
    impl.make = [](const Op& op, Dir dir) -> Call {
        simdact_params p = params_of(op);
        static float probe_in[64], probe_dy[64], probe_out[64];
        bench::OnednnOp* probe = bench::onednn_create(op.name.c_str(), dir, 64, &p, probe_in, probe_dy, probe_out);
        if (!probe) return {};
        bench::onednn_destroy(probe);
        auto st = std::make_shared<OnednnState>();
        st->act = op.name;
        st->dir = dir;
        st->p = p;
        return [st](const float* in, const float* dy, float* out, std::size_t n) {
            auto key = std::make_tuple(in, dy, out, n);
            if (!st->op || st->key != key) {
                if (st->op) bench::onednn_destroy(st->op);
                st->op = bench::onednn_create(st->act.c_str(), st->dir, n, &st->p, in, dy, out);
                st->key = key;
            }
            bench::onednn_run(st->op);
        };
    };
    return impl;
}

}  // namespace

int main(int argc, char** argv) {
    bench::onednn_init();
    benchmark::AddCustomContext("onednn_version", bench::onednn_version());

    std::vector<bench::Impl> impls = bench::simdact_impls();
    impls.push_back(onednn_impl());
    impls.push_back(table_impl(bench::eigen_peer()));
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq"))
        impls.push_back(table_impl(bench::sleef_avx512_peer()));
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        impls.push_back(table_impl(bench::sleef_avx2_peer()));
    impls.push_back(table_impl(bench::plain_peer()));

    bench::Impl copy;
    copy.prefix = "copy";
    copy.make = [](const Op&, Dir dir) -> Call {
        if (dir == bench::kForward)
            return [](const float* in, const float*, float* out, std::size_t n) { bench::copy_forward(in, out, n); };
        if (dir == bench::kBackward) return bench::copy_backward;
        return {};
    };
    return bench::run_benchmarks(argc, argv, impls, &copy);
}
