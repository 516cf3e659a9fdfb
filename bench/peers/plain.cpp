// Peer "plain": the textbook std:: formula in a scalar loop, built -O3 -march=native
// (no -ffast-math, so libm calls stay scalar; branch-free parts auto-vectorize).
// Formulas follow ../shared/spec/semantics.md (PyTorch's). Parameters: the
// simdact_params every implementation gets, mapped as in simdact.h (alpha = slope,
// alpha, silu/softplus beta, hardtanh min, threshold, lambda; beta = softplus
// threshold, hardtanh max, threshold value); selu, gelu, ... have none.
#include <cmath>

#include "bench/peers/peer.hpp"

namespace bench {
namespace {

template <class F>
inline void map1(const float* x, float* y, std::size_t n, F f) {
    for (std::size_t i = 0; i < n; ++i) y[i] = f(x[i]);
}
template <class F>
inline void map2(const float* a, const float* b, float* o, std::size_t n, F f) {
    for (std::size_t i = 0; i < n; ++i) o[i] = f(a[i], b[i]);
}

inline float sigm(float x) { return 1.0f / (1.0f + std::exp(-x)); }
inline float softplus(float x) { return x > 20.0f ? x : std::log1p(std::exp(x)); }
inline float softplus(float x, float b, float thr) { return b * x > thr ? x : std::log1p(std::exp(b * x)) / b; }

constexpr float kSeluAlpha = 1.6732632f, kSeluScale = 1.0507010f;
constexpr float kSqrt1_2 = 0.70710678118654752f, kInvSqrt2Pi = 0.39894228040143268f;
constexpr float kGeluK = 0.79788456080286536f, kGeluC = 0.044715f;

#define FWD(...)                                                                       \
    [](const float* xp, float* yp, std::size_t n, const simdact_params* p) {           \
        const float alpha = p ? p->alpha : 0.0f, beta = p ? p->beta : 0.0f;           \
        (void)alpha, (void)beta;                                                       \
        map1(xp, yp, n, [alpha, beta](float x) __VA_ARGS__);                                 \
    }
#define BWD(...)                                                                       \
    [](const float* ip, const float* dyp, float* dxp, std::size_t n, const simdact_params* p) { \
        const float alpha = p ? p->alpha : 0.0f, beta = p ? p->beta : 0.0f;           \
        (void)alpha, (void)beta;                                                       \
        map2(ip, dyp, dxp, n, [alpha, beta](float x, float dy) __VA_ARGS__);                 \
    }
#define BWDY(...)                                                                      \
    [](const float* ip, const float* dyp, float* dxp, std::size_t n, const simdact_params* p) { \
        const float alpha = p ? p->alpha : 0.0f, beta = p ? p->beta : 0.0f;           \
        (void)alpha, (void)beta;                                                       \
        map2(ip, dyp, dxp, n, [alpha, beta](float y, float dy) __VA_ARGS__);                 \
    }

const PeerKernel kKernels[] = {
    {"sigmoid", FWD({ return sigm(x); }), BWD({ float s = sigm(x); return dy * s * (1.0f - s); }),
     BWDY({ return dy * y * (1.0f - y); })},
    {"tanh", FWD({ return std::tanh(x); }), BWD({ float t = std::tanh(x); return dy * (1.0f - t * t); }),
     BWDY({ return dy * (1.0f - y * y); })},
    {"relu", FWD({ return x < 0.0f ? 0.0f : x; }), BWD({ return x > 0.0f ? dy : 0.0f; }),
     BWDY({ return y > 0.0f ? dy : 0.0f; })},
    {"leaky_relu", FWD({ return x > 0.0f ? x : alpha * x; }), BWD({ return x > 0.0f ? dy : alpha * dy; }),
     BWDY({ return y > 0.0f ? dy : alpha * dy; })},
    {"elu", FWD({ return x > 0.0f ? x : alpha * std::expm1(x); }),
     BWD({ return x > 0.0f ? dy : dy * alpha * std::exp(x); }), BWDY({ return y > 0.0f ? dy : dy * (y + alpha); })},
    {"selu", FWD({ return x > 0.0f ? kSeluScale * x : kSeluScale * kSeluAlpha * std::expm1(x); }),
     BWD({ return x > 0.0f ? dy * kSeluScale : dy * kSeluScale * kSeluAlpha * std::exp(x); }),
     BWDY({ return y > 0.0f ? dy * kSeluScale : dy * (y + kSeluScale * kSeluAlpha); })},
    {"celu", FWD({ return x > 0.0f ? x : alpha * std::expm1(x / alpha); }),
     BWD({ return x > 0.0f ? dy : dy * std::exp(x / alpha); }), BWDY({ return y > 0.0f ? dy : dy * (y / alpha + 1.0f); })},
    {"gelu", FWD({ return 0.5f * x * std::erfc(-x * kSqrt1_2); }),
     BWD({
         float cdf = 0.5f * std::erfc(-x * kSqrt1_2);
         float pdf = kInvSqrt2Pi * std::exp(-0.5f * x * x);
         return dy * (cdf + x * pdf);
     }),
     nullptr},
    {"gelu_tanh", FWD({ return 0.5f * x * (1.0f + std::tanh(kGeluK * (x + kGeluC * x * x * x))); }),
     BWD({
         float t = std::tanh(kGeluK * (x + kGeluC * x * x * x));
         float du = kGeluK * (1.0f + 3.0f * kGeluC * x * x);
         return dy * (0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * du);
     }),
     nullptr},
    {"silu", FWD({ return x * sigm(alpha * x); }),
     BWD({ float s = sigm(alpha * x); return dy * (s + alpha * x * s * (1.0f - s)); }), nullptr},
    {"mish", FWD({ return x * std::tanh(softplus(x)); }),
     BWD({
         float t = std::tanh(softplus(x));
         return dy * (t + x * (1.0f - t * t) * sigm(x));
     }),
     nullptr},
    {"softplus", FWD({ return softplus(x, alpha, beta); }), BWD({ return alpha * x > beta ? dy : dy * sigm(alpha * x); }),
     BWDY({ return alpha * y > beta ? dy : dy * -std::expm1(-alpha * y); })},
    {"logsigmoid", FWD({ return -softplus(-x); }), BWD({ return dy * sigm(-x); }),
     BWDY({ return dy * -std::expm1(y); })},
    {"hardsigmoid", FWD({ return std::fmin(std::fmax(x / 6.0f + 0.5f, 0.0f), 1.0f); }),
     BWD({ return (x > -3.0f && x < 3.0f) ? dy / 6.0f : 0.0f; }),
     BWDY({ return (y > 0.0f && y < 1.0f) ? dy / 6.0f : 0.0f; })},
    {"hardswish", FWD({ return x <= -3.0f ? 0.0f : x >= 3.0f ? x : x * (x + 3.0f) / 6.0f; }),
     BWD({ return x < -3.0f ? 0.0f : x < 3.0f ? dy * (x / 3.0f + 0.5f) : dy; }), nullptr},
    {"hardtanh", FWD({ return std::fmin(std::fmax(x, alpha), beta); }),
     BWD({ return (x > alpha && x < beta) ? dy : 0.0f; }), BWDY({ return (y > alpha && y < beta) ? dy : 0.0f; })},
    {"relu6", FWD({ return std::fmin(std::fmax(x, 0.0f), 6.0f); }),
     BWD({ return (x > 0.0f && x < 6.0f) ? dy : 0.0f; }), BWDY({ return (y > 0.0f && y < 6.0f) ? dy : 0.0f; })},
    {"softsign", FWD({ return x / (1.0f + std::fabs(x)); }),
     BWD({ float d = 1.0f + std::fabs(x); return dy / (d * d); }),
     BWDY({ float d = 1.0f - std::fabs(y); return dy * d * d; })},
    {"tanhshrink", FWD({ return x - std::tanh(x); }), BWD({ float t = std::tanh(x); return dy * t * t; }), nullptr},
    {"threshold", FWD({ return x > alpha ? x : beta; }), BWD({ return x > alpha ? dy : 0.0f; }), nullptr},
    {"hardshrink", FWD({ return std::fabs(x) > alpha ? x : 0.0f; }), BWD({ return std::fabs(x) > alpha ? dy : 0.0f; }),
     nullptr},
    {"softshrink", FWD({ return x > alpha ? x - alpha : x < -alpha ? x + alpha : 0.0f; }),
     BWD({ return std::fabs(x) > alpha ? dy : 0.0f; }), nullptr},
    {"exp", FWD({ return std::exp(x); }), BWD({ return dy * std::exp(x); }), BWDY({ return dy * y; })},
};

}  // namespace

PeerTable plain_peer() { return PeerTable{"plain", kKernels, sizeof(kKernels) / sizeof(kKernels[0])}; }

}  // namespace bench
