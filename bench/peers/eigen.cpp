// Peer "eigen": Eigen 3.4 array expressions over the caller's buffers (Eigen::Map,
// no allocation), built -O3 -march=native. Where a formula needs f(x) twice, it is
// evaluated once into the output and reused (in place), as an Eigen user would.
#include <Eigen/Core>
#include <unsupported/Eigen/SpecialFunctions>

#include "bench/peers/peer.hpp"

namespace bench {
namespace {

using CA = Eigen::Map<const Eigen::ArrayXf, Eigen::Unaligned>;
using A = Eigen::Map<Eigen::ArrayXf, Eigen::Unaligned>;

constexpr float kSeluAlpha = 1.6732632f, kSeluScale = 1.0507010f;
constexpr float kSqrt1_2 = 0.70710678118654752f, kInvSqrt2Pi = 0.39894228040143268f;
constexpr float kGeluK = 0.79788456080286536f, kGeluC = 0.044715f;

#define EF(...)                                                                                   \
    [](const float* xp, float* yp, std::size_t n, const simdact_params* p) {                      \
        const float alpha = p ? p->alpha : 0.0f, beta = p ? p->beta : 0.0f;                      \
        (void)alpha, (void)beta;                                                                  \
        CA x(xp, Eigen::Index(n));                                                                \
        A y(yp, Eigen::Index(n));                                                                 \
        __VA_ARGS__;                                                                              \
    }
#define EB(...)                                                                                   \
    [](const float* ip, const float* dyp, float* dxp, std::size_t n, const simdact_params* p) {   \
        const float alpha = p ? p->alpha : 0.0f, beta = p ? p->beta : 0.0f;                      \
        (void)alpha, (void)beta;                                                                  \
        CA x(ip, Eigen::Index(n));                                                                \
        CA dy(dyp, Eigen::Index(n));                                                              \
        A dx(dxp, Eigen::Index(n));                                                               \
        __VA_ARGS__;                                                                              \
    }
#define EBY(...)                                                                                  \
    [](const float* ip, const float* dyp, float* dxp, std::size_t n, const simdact_params* p) {   \
        const float alpha = p ? p->alpha : 0.0f, beta = p ? p->beta : 0.0f;                      \
        (void)alpha, (void)beta;                                                                  \
        CA y(ip, Eigen::Index(n));                                                                \
        CA dy(dyp, Eigen::Index(n));                                                              \
        A dx(dxp, Eigen::Index(n));                                                               \
        __VA_ARGS__;                                                                              \
    }

const PeerKernel kKernels[] = {
    {"sigmoid", EF(y = x.logistic()), EB(dx = x.logistic(); dx = dy * dx * (1.0f - dx)),
     EBY(dx = dy * y * (1.0f - y))},
    {"tanh", EF(y = x.tanh()), EB(dx = x.tanh(); dx = dy * (1.0f - dx.square())), EBY(dx = dy * (1.0f - y.square()))},
    {"relu", EF(y = (x < 0.0f).select(0.0f, x)), EB(dx = (x > 0.0f).select(dy, 0.0f)),
     EBY(dx = (y > 0.0f).select(dy, 0.0f))},
    {"leaky_relu", EF(y = (x > 0.0f).select(x, alpha * x)), EB(dx = (x > 0.0f).select(dy, alpha * dy)),
     EBY(dx = (y > 0.0f).select(dy, alpha * dy))},
    {"elu", EF(y = (x > 0.0f).select(x, alpha * x.expm1())), EB(dx = (x > 0.0f).select(dy, alpha * dy * x.exp())),
     EBY(dx = (y > 0.0f).select(dy, dy * (y + alpha)))},
    {"selu", EF(y = kSeluScale * (x > 0.0f).select(x, kSeluAlpha * x.expm1())),
     EB(dx = kSeluScale * (x > 0.0f).select(dy, kSeluAlpha * dy * x.exp())),
     EBY(dx = (y > 0.0f).select(kSeluScale * dy, dy * (y + kSeluScale * kSeluAlpha)))},
    {"celu", EF(y = (x > 0.0f).select(x, alpha * (x / alpha).expm1())),
     EB(dx = (x > 0.0f).select(dy, dy * (x / alpha).exp())), EBY(dx = (y > 0.0f).select(dy, dy * (y / alpha + 1.0f)))},
    {"gelu", EF(y = 0.5f * x * (-kSqrt1_2 * x).erfc()),
     EB(dx = dy * (0.5f * (-kSqrt1_2 * x).erfc() + x * kInvSqrt2Pi * (-0.5f * x.square()).exp())), nullptr},
    {"gelu_tanh", EF(y = 0.5f * x * (1.0f + (kGeluK * (x + kGeluC * x.cube())).tanh())),
     EB(dx = (kGeluK * (x + kGeluC * x.cube())).tanh();
        dx = dy * (0.5f * (1.0f + dx) + 0.5f * x * (1.0f - dx.square()) * kGeluK * (1.0f + 3.0f * kGeluC * x.square()))),
     nullptr},
    {"silu", EF(y = x * (alpha * x).logistic()),
     EB(dx = (alpha * x).logistic(); dx = dy * (dx + alpha * x * dx * (1.0f - dx))), nullptr},
    {"mish", EF(y = x * (x > 20.0f).select(x, x.exp().log1p()).tanh()),
     EB(dx = (x > 20.0f).select(x, x.exp().log1p()).tanh(); dx = dy * (dx + x * (1.0f - dx.square()) * x.logistic())),
     nullptr},
    {"softplus", EF(y = (alpha * x > beta).select(x, (alpha * x).exp().log1p() / alpha)),
     EB(dx = (alpha * x > beta).select(dy, dy * (alpha * x).logistic())),
     EBY(dx = (alpha * y > beta).select(dy, -dy * (-alpha * y).expm1()))},
    {"logsigmoid", EF(y = -(-x > 20.0f).select(-x, (-x).exp().log1p())), EB(dx = dy * (-x).logistic()),
     EBY(dx = -dy * y.expm1())},
    {"hardsigmoid", EF(y = (x / 6.0f + 0.5f).max(0.0f).min(1.0f)),
     EB(dx = (x > -3.0f && x < 3.0f).select(dy / 6.0f, 0.0f)), EBY(dx = (y > 0.0f && y < 1.0f).select(dy / 6.0f, 0.0f))},
    {"hardswish", EF(y = x * (x / 6.0f + 0.5f).max(0.0f).min(1.0f)),
     EB(dx = (x < -3.0f).select(0.0f, (x < 3.0f).select(dy * (x / 3.0f + 0.5f), dy))), nullptr},
    {"hardtanh", EF(y = x.max(alpha).min(beta)), EB(dx = (x > alpha && x < beta).select(dy, 0.0f)),
     EBY(dx = (y > alpha && y < beta).select(dy, 0.0f))},
    {"relu6", EF(y = x.max(0.0f).min(6.0f)), EB(dx = (x > 0.0f && x < 6.0f).select(dy, 0.0f)),
     EBY(dx = (y > 0.0f && y < 6.0f).select(dy, 0.0f))},
    {"softsign", EF(y = x / (1.0f + x.abs())), EB(dx = dy / (1.0f + x.abs()).square()),
     EBY(dx = dy * (1.0f - y.abs()).square())},
    {"tanhshrink", EF(y = x - x.tanh()), EB(dx = dy * x.tanh().square()), nullptr},
    {"threshold", EF(y = (x > alpha).select(x, beta)), EB(dx = (x > alpha).select(dy, 0.0f)), nullptr},
    {"hardshrink", EF(y = (x.abs() > alpha).select(x, 0.0f)), EB(dx = (x.abs() > alpha).select(dy, 0.0f)), nullptr},
    {"softshrink", EF(y = (x > alpha).select(x - alpha, (x < -alpha).select(x + alpha, 0.0f))),
     EB(dx = (x.abs() > alpha).select(dy, 0.0f)), nullptr},
    {"exp", EF(y = x.exp()), EB(dx = dy * x.exp()), EBY(dx = dy * y)},
};

}  // namespace

PeerTable eigen_peer() { return PeerTable{"eigen", kKernels, sizeof(kKernels) / sizeof(kKernels[0])}; }

}  // namespace bench
