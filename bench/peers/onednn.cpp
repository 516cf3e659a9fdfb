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

// Where each oneDNN (alpha, beta) comes from: a constant, or simdact's params.
enum Src { kZero, kSix, kP_alpha, kP_beta };

struct Mapping {
    const char* activation;
    alg forward;      // also the backward-from-input algorithm
    alg from_output;  // alg::undef: no such form in oneDNN 2.6
    Src alpha, beta;
};

// oneDNN 2.6 has no hardsigmoid, selu, celu, softsign, tanhshrink, threshold,
// hard/softshrink: those are left out. soft_relu is log(1+e^x) with no beta and no
// threshold: used only when simdact's beta is 1 (a threshold of 20 does not change
// float results). clip_v2 has derivative 0 at both kinks, like hardtanh.
const Mapping kMappings[] = {
    {"sigmoid", alg::eltwise_logistic, alg::eltwise_logistic_use_dst_for_bwd, kZero, kZero},
    {"tanh", alg::eltwise_tanh, alg::eltwise_tanh_use_dst_for_bwd, kZero, kZero},
    {"relu", alg::eltwise_relu, alg::eltwise_relu_use_dst_for_bwd, kZero, kZero},
    {"leaky_relu", alg::eltwise_relu, alg::eltwise_relu_use_dst_for_bwd, kP_alpha, kZero},
    {"elu", alg::eltwise_elu, alg::eltwise_elu_use_dst_for_bwd, kP_alpha, kZero},
    {"exp", alg::eltwise_exp, alg::eltwise_exp_use_dst_for_bwd, kZero, kZero},
    {"gelu", alg::eltwise_gelu_erf, alg::undef, kZero, kZero},
    {"gelu_tanh", alg::eltwise_gelu_tanh, alg::undef, kZero, kZero},
    {"silu", alg::eltwise_swish, alg::undef, kP_alpha, kZero},  // swish alpha = silu beta
    {"mish", alg::eltwise_mish, alg::undef, kZero, kZero},
    {"softplus", alg::eltwise_soft_relu, alg::undef, kZero, kZero},
    {"logsigmoid", alg::eltwise_logsigmoid, alg::undef, kZero, kZero},
    {"hardswish", alg::eltwise_hardswish, alg::undef, kZero, kZero},
    {"hardtanh", alg::eltwise_clip_v2, alg::eltwise_clip_v2_use_dst_for_bwd, kP_alpha, kP_beta},
    {"relu6", alg::eltwise_clip_v2, alg::eltwise_clip_v2_use_dst_for_bwd, kZero, kSix},
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
    auto value = [p](Src src) {
        switch (src) {
            case kZero: return 0.0f;
            case kSix: return 6.0f;
            case kP_alpha: return p ? p->alpha : 0.0f;
            case kP_beta: return p ? p->beta : 0.0f;
        }
        return 0.0f;
    };
    const float alpha = value(m->alpha), beta = value(m->beta);
    if (a == alg::eltwise_soft_relu && p && p->alpha != 1.0f) return nullptr;  // no beta in 2.6
    if (dir == kBackwardFromOutput && (a == alg::eltwise_relu_use_dst_for_bwd || a == alg::eltwise_elu_use_dst_for_bwd) &&
        alpha < 0.f)
        return nullptr;

    using dnnl::memory;
    memory::desc md({static_cast<memory::dim>(n)}, memory::data_type::f32, memory::format_tag::a);
    auto* op = new OnednnOp;
    try {
        // Forward primitive (for backward: the hint, with the same algorithm).
        dnnl::eltwise_forward::desc fd(dnnl::prop_kind::forward_training, a, md, alpha, beta);
        dnnl::eltwise_forward::primitive_desc fpd(fd, engine());
        if (dir == kForward) {
            op->prim = dnnl::eltwise_forward(fpd);
            op->args[DNNL_ARG_SRC] = memory(md, engine(), const_cast<float*>(in));
            op->args[DNNL_ARG_DST] = memory(md, engine(), out);
        } else {
            dnnl::eltwise_backward::desc bd(a, md, md, alpha, beta);
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
