// Peer "onednn": oneDNN 2.6 eltwise primitives (JIT), one thread. A primitive is
// created once per (activation, direction, n) outside the timed loop, on memory
// objects wrapping the benchmark's buffers. Backward from the output uses the
// *_use_dst_for_bwd algorithms where 2.6 has them.
#include <omp.h>

#include <cstdio>
#include <cstring>
#include <unordered_map>

#include <oneapi/dnnl/dnnl.hpp>

#include "bench/peers/peer.hpp"

namespace bench {

struct OnednnOp {
    dnnl::primitive prim;
    std::unordered_map<int, dnnl::memory> args;
};

namespace {

using alg = dnnl::algorithm;

struct Mapping {
    const char* activation;
    alg forward;           // also the backward-from-input algorithm
    alg from_output;       // alg::undef: no such form in oneDNN 2.6
    float alpha, beta;     // fixed parameters (PyTorch's defaults)
    bool alpha_is_param;   // alpha = simdact params->alpha (leaky slope, elu alpha)
};

// oneDNN 2.6 has no hardsigmoid, selu, celu, softsign, tanhshrink, hard/softshrink:
// those are left out. soft_relu is log(1+e^x) (beta = 1, no threshold).
const Mapping kMappings[] = {
    {"sigmoid", alg::eltwise_logistic, alg::eltwise_logistic_use_dst_for_bwd, 0.f, 0.f, false},
    {"tanh", alg::eltwise_tanh, alg::eltwise_tanh_use_dst_for_bwd, 0.f, 0.f, false},
    {"relu", alg::eltwise_relu, alg::eltwise_relu_use_dst_for_bwd, 0.f, 0.f, false},
    {"leaky_relu", alg::eltwise_relu, alg::eltwise_relu_use_dst_for_bwd, 0.01f, 0.f, true},
    {"elu", alg::eltwise_elu, alg::eltwise_elu_use_dst_for_bwd, 1.f, 0.f, true},
    {"exp", alg::eltwise_exp, alg::eltwise_exp_use_dst_for_bwd, 0.f, 0.f, false},
    {"gelu", alg::eltwise_gelu_erf, alg::undef, 0.f, 0.f, false},
    {"gelu_tanh", alg::eltwise_gelu_tanh, alg::undef, 0.f, 0.f, false},
    {"silu", alg::eltwise_swish, alg::undef, 1.f, 0.f, false},  // swish alpha = silu beta (1)
    {"mish", alg::eltwise_mish, alg::undef, 0.f, 0.f, false},
    {"softplus", alg::eltwise_soft_relu, alg::undef, 0.f, 0.f, false},
    {"logsigmoid", alg::eltwise_logsigmoid, alg::undef, 0.f, 0.f, false},
    {"hardswish", alg::eltwise_hardswish, alg::undef, 0.f, 0.f, false},
    {"hardtanh", alg::eltwise_clip_v2, alg::eltwise_clip_v2_use_dst_for_bwd, -1.f, 1.f, false},  // 0 at both kinks
    {"relu6", alg::eltwise_clip_v2, alg::eltwise_clip_v2_use_dst_for_bwd, 0.f, 6.f, false},
};

dnnl::engine& engine() {
    static dnnl::engine e(dnnl::engine::kind::cpu, 0);
    return e;
}
dnnl::stream& stream() {
    static dnnl::stream s(engine());
    return s;
}

}  // namespace

void onednn_init() {
    omp_set_num_threads(1);  // Debian's libdnnl is OpenMP-threaded
    (void)stream();
}

const char* onednn_version() {
    static char buf[64];
    const dnnl_version_t* v = dnnl_version();
    std::snprintf(buf, sizeof buf, "%d.%d.%d", v->major, v->minor, v->patch);
    return buf;
}

OnednnOp* onednn_create(const char* activation, Dir dir, std::size_t n, const simdact_params* p, const float* in,
                        const float* dy, float* out) {
    const Mapping* m = nullptr;
    for (const Mapping& c : kMappings)
        if (std::strcmp(c.activation, activation) == 0) m = &c;
    if (!m) return nullptr;
    alg a = dir == kBackwardFromOutput ? m->from_output : m->forward;
    if (a == alg::undef) return nullptr;
    float alpha = m->alpha_is_param && p ? p->alpha : m->alpha;
    if (dir == kBackwardFromOutput && (a == alg::eltwise_relu_use_dst_for_bwd || a == alg::eltwise_elu_use_dst_for_bwd) &&
        alpha < 0.f)
        return nullptr;

    using dnnl::memory;
    memory::desc md({static_cast<memory::dim>(n)}, memory::data_type::f32, memory::format_tag::a);
    auto* op = new OnednnOp;
    try {
        // Forward primitive (for backward: the hint, with the same algorithm).
        dnnl::eltwise_forward::desc fd(dnnl::prop_kind::forward_training, a, md, alpha, m->beta);
        dnnl::eltwise_forward::primitive_desc fpd(fd, engine());
        if (dir == kForward) {
            op->prim = dnnl::eltwise_forward(fpd);
            op->args[DNNL_ARG_SRC] = memory(md, engine(), const_cast<float*>(in));
            op->args[DNNL_ARG_DST] = memory(md, engine(), out);
        } else {
            dnnl::eltwise_backward::desc bd(a, md, md, alpha, m->beta);
            dnnl::eltwise_backward::primitive_desc bpd(bd, engine(), fpd);
            op->prim = dnnl::eltwise_backward(bpd);
            op->args[dir == kBackwardFromOutput ? DNNL_ARG_DST : DNNL_ARG_SRC] =
                memory(md, engine(), const_cast<float*>(in));
            op->args[DNNL_ARG_DIFF_DST] = memory(md, engine(), const_cast<float*>(dy));
            op->args[DNNL_ARG_DIFF_SRC] = memory(md, engine(), out);
        }
    } catch (const dnnl::error& e) {
        std::fprintf(stderr, "onednn: no %s primitive for %s: %s\n", dir == kForward ? "forward" : "backward",
                     activation, e.what());
        delete op;
        return nullptr;
    }
    return op;
}

void onednn_run(OnednnOp* op) {
    op->prim.execute(stream(), op->args);
    stream().wait();
}

void onednn_destroy(OnednnOp* op) { delete op; }

}  // namespace bench
