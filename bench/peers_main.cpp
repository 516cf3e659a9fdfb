// simdact-peers: simdact (every supported tier) against oneDNN, Eigen, SLEEF, a plain
// std:: loop and the copy roofline, in one process so that ratios come from one run.
// Names: <impl>/<activation>/<direction>/<n>, impl = simdact/<tier>, onednn, eigen,
// sleef_avx512, sleef_avx2, plain; copy/<forward|backward>/<n>.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <tuple>

#include "bench/driver.hpp"

namespace {

using bench::Call;
using bench::Dir;
using bench::Op;
using bench::bench_params;

const bench::PeerKernel* find(const bench::PeerTable& t, const std::string& name) {
    for (std::size_t i = 0; i < t.count; ++i)
        if (name == t.kernels[i].activation) return &t.kernels[i];
    return nullptr;
}

// The op's parameters (simdact's defaults), so that peers use the same ones.
simdact_params params_of(const Op& op) { return op.params; }

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

// --check: every peer against a reference on one buffer, so that a wrong formula
// (not only a slow one) shows. The reference is simdact where it has the
// activation, else the plain loop. Reports max |got - ref| / (|ref| + 1e-6).
int check(const std::vector<bench::PeerTable>& tables) {
    const std::size_t n = 4099;  // odd: exercises the tails
    std::vector<float> x(n), dy(n), y(n), ref(n), got(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = -8.0f + 16.0f * static_cast<float>((i * 2654435761u) % 65536u) / 65536.0f;
        dy[i] = -1.0f + 2.0f * static_cast<float>((i * 40503u + 7u) % 4096u) / 4096.0f;
    }
    x[0] = 0.0f, x[1] = -3.0f, x[2] = 3.0f, x[3] = 1.0f, x[4] = -1.0f;
    std::vector<std::string> names;
    for (const auto& t : tables)
        for (std::size_t i = 0; i < t.count; ++i) names.push_back(t.kernels[i].activation);
    std::vector<std::string> uniq;
    for (const auto& nm : names)
        if (std::find(uniq.begin(), uniq.end(), nm) == uniq.end()) uniq.push_back(nm);
    const std::vector<Op> all = bench::ops();
    const bench::PeerTable plain = bench::plain_peer();
    int bad = 0;
    std::printf("max relative error of each peer: bulk = where |ref| >= 1e-3, tails = all x in [-8, 8]\n");
    std::printf("%-12s %-21s %-13s %-10s %-10s %s\n", "activation", "direction", "peer", "bulk", "tails", "reference");
    for (const std::string& name : uniq) {
        const Op* sop = nullptr;
        for (const Op& o : all)
            if (o.name == name) sop = &o;
        simdact_params p{};
        if (sop) {
            p = params_of(*sop);
        } else if (!bench_params(name, &p)) {  // PyTorch's defaults, mapped as in simdact.h
            static const struct { const char* name; simdact_params p; } defaults[] = {
                {"leaky_relu", {0.01f, 0.f}}, {"elu", {1.f, 0.f}},        {"celu", {1.f, 0.f}},
                {"silu", {1.f, 0.f}},         {"softplus", {1.f, 20.f}},  {"hardtanh", {-1.f, 1.f}},
                {"hardshrink", {0.5f, 0.f}},  {"softshrink", {0.5f, 0.f}},
            };
            for (const auto& d : defaults)
                if (name == d.name) p = d.p;
        }
        simdact_kernel sk{};
        if (sop) simdact_get_kernel(sop->act, &p, &sk);
        const bench::PeerKernel* pk = find(plain, name);
        if (sop) sk.forward(x.data(), y.data(), n, &sk.params);
        else if (pk && pk->forward) pk->forward(x.data(), y.data(), n, &p);
        else continue;
        for (Dir d : {bench::kForward, bench::kBackward, bench::kBackwardFromOutput}) {
            const float* in = d == bench::kBackwardFromOutput ? y.data() : x.data();
            bool have_ref = false;
            if (sop) {
                if (d == bench::kForward) sk.forward(in, ref.data(), n, &sk.params), have_ref = true;
                if (d == bench::kBackward) sk.backward(in, dy.data(), ref.data(), n, &sk.params), have_ref = true;
                if (d == bench::kBackwardFromOutput && sk.backward_from_output)
                    sk.backward_from_output(in, dy.data(), ref.data(), n, &sk.params), have_ref = true;
            } else if (pk) {
                if (d == bench::kForward && pk->forward) pk->forward(in, ref.data(), n, &p), have_ref = true;
                if (d == bench::kBackward && pk->backward) pk->backward(in, dy.data(), ref.data(), n, &p), have_ref = true;
                if (d == bench::kBackwardFromOutput && pk->backward_from_output)
                    pk->backward_from_output(in, dy.data(), ref.data(), n, &p), have_ref = true;
            }
            if (!have_ref) continue;
            // bulk: elements with |ref| >= 1e-3 (a wrong formula shows there); tails:
            // all elements, relative to |ref| + 1e-6 (peers lose accuracy there, as
            // ../shared/notes/peers.md says); kinks: the planted x = 0, +-1, +-3.
            auto report = [&](const char* peer) {
                double bulk = 0, tail = 0;
                std::string kinks;
                for (std::size_t i = 0; i < n; ++i) {
                    double diff = std::fabs(double(got[i]) - double(ref[i]));
                    double r = std::fabs(double(ref[i]));
                    bool kink = i < 5;
                    if (kink) {
                        if (!(diff <= 1e-3 * (r + 1e-6)))
                            kinks += " x=" + std::to_string(x[i]).substr(0, 5) + ": " + std::to_string(got[i]).substr(0, 7) +
                                     " vs " + std::to_string(ref[i]).substr(0, 7) + ";";
                        continue;
                    }
                    double e = diff / (r + 1e-6);
                    if (!(e <= tail)) tail = e;
                    if (r >= 1e-3 && !(diff / r <= bulk)) bulk = diff / r;
                }
                bool ok = bulk <= 1e-3;
                bad += !ok;
                std::printf("%-12s %-21s %-13s %-10.2g %-10.2g %-8s %s%s%s\n", name.c_str(), bench::dir_name(d), peer,
                            bulk, tail, sop ? "simdact" : "plain", ok ? "" : "MISMATCH ",
                            kinks.empty() ? "" : "differs at a kink:", kinks.c_str());
            };
            for (const auto& t : tables) {
                const bench::PeerKernel* k = find(t, name);
                if (!k) continue;
                if (d == bench::kForward && k->forward) k->forward(in, got.data(), n, &p), report(t.peer);
                if (d == bench::kBackward && k->backward) k->backward(in, dy.data(), got.data(), n, &p), report(t.peer);
                if (d == bench::kBackwardFromOutput && k->backward_from_output)
                    k->backward_from_output(in, dy.data(), got.data(), n, &p), report(t.peer);
            }
            if (bench::OnednnOp* op = bench::onednn_create(name.c_str(), d, n, &p, in, dy.data(), got.data())) {
                bench::onednn_run(op);
                bench::onednn_destroy(op);
                report("onednn");
            }
        }
    }
    std::printf("%s\n", bad ? "check: MISMATCHES above" : "check: every peer agrees with the reference to 1e-3 (relative) where |ref| >= 1e-3");
    return bad ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    bench::onednn_init();
    __builtin_cpu_init();
    const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--check") == 0) {
            std::vector<bench::PeerTable> tables{bench::eigen_peer(), bench::plain_peer()};
            if (avx512) tables.push_back(bench::sleef_avx512_peer());
            if (avx2) tables.push_back(bench::sleef_avx2_peer());
            return check(tables);
        }
    }
    benchmark::AddCustomContext("onednn_version", bench::onednn_version());

    std::vector<bench::Impl> impls = bench::simdact_impls();
    impls.push_back(onednn_impl());
    impls.push_back(table_impl(bench::eigen_peer()));
    if (avx512) impls.push_back(table_impl(bench::sleef_avx512_peer()));
    if (avx2)
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
