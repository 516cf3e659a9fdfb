#include "reference.hpp"

#include <cmath>

namespace ref {
namespace {

real sigmoid(real x) { return 1.0L / (1.0L + std::exp(-x)); }

real sigmoid_f(real x, const simdact_params&) { return sigmoid(x); }
// s(x)(1 - s(x)) = s(x) s(-x): no cancellation in the tails.
real sigmoid_d(real x, const simdact_params&) { return sigmoid(x) * sigmoid(-x); }
real sigmoid_y(float y, const simdact_params&) { return real(y) * (1.0L - real(y)); }

real tanh_f(real x, const simdact_params&) { return std::tanh(x); }
real tanh_d(real x, const simdact_params&) {
    const real c = std::cosh(x);
    return 1.0L / (c * c);  // 1 - tanh^2 without cancellation
}
real tanh_y(float y, const simdact_params&) { return 1.0L - real(y) * real(y); }

real relu_f(real x, const simdact_params&) { return x < 0 ? 0.0L : x; }
real relu_d(real x, const simdact_params&) { return x > 0 ? 1.0L : 0.0L; }
real relu_y(float y, const simdact_params&) { return y > 0 ? 1.0L : 0.0L; }

real leaky_f(real x, const simdact_params& p) { return x > 0 ? x : real(p.alpha) * x; }
real leaky_d(real x, const simdact_params& p) { return x > 0 ? 1.0L : real(p.alpha); }
real leaky_y(float y, const simdact_params& p) { return y > 0 ? 1.0L : real(p.alpha); }

// Piecewise activations (hardsigmoid .. softshrink), straight from the spec table.
// (x + 3) / 6 is exact to long double precision for |x| <= 3 (x + 3 is exact).
real clampl(real v, real lo, real hi) { return v < lo ? lo : v > hi ? hi : v; }

real hardsigmoid_f(real x, const simdact_params&) { return clampl((x + 3.0L) / 6.0L, 0.0L, 1.0L); }
real hardsigmoid_d(real x, const simdact_params&) { return (x > -3 && x < 3) ? 1.0L / 6.0L : 0.0L; }
real hardsigmoid_y(float y, const simdact_params&) { return (y > 0 && y < 1) ? 1.0L / 6.0L : 0.0L; }

real hardswish_f(real x, const simdact_params&) {
    if (x <= -3) return 0.0L;
    if (x >= 3) return x;
    return x * (x + 3.0L) / 6.0L;
}
// f'(-3) = -1/2, f'(3) = 1 (the spec's kink choices).
real hardswish_d(real x, const simdact_params&) {
    if (x < -3) return 0.0L;
    if (x < 3) return x / 3.0L + 0.5L;
    return 1.0L;
}

real hardtanh_f(real x, const simdact_params& p) { return clampl(x, p.alpha, p.beta); }
real hardtanh_d(real x, const simdact_params& p) { return (x > p.alpha && x < p.beta) ? 1.0L : 0.0L; }
real hardtanh_y(float y, const simdact_params& p) { return (y > p.alpha && y < p.beta) ? 1.0L : 0.0L; }

real relu6_f(real x, const simdact_params&) { return clampl(x, 0.0L, 6.0L); }
real relu6_d(real x, const simdact_params&) { return (x > 0 && x < 6) ? 1.0L : 0.0L; }
real relu6_y(float y, const simdact_params&) { return (y > 0 && y < 6) ? 1.0L : 0.0L; }

real threshold_f(real x, const simdact_params& p) { return x > p.alpha ? x : real(p.beta); }
real threshold_d(real x, const simdact_params& p) { return x > p.alpha ? 1.0L : 0.0L; }

real hardshrink_f(real x, const simdact_params& p) { return std::fabs(x) > p.alpha ? x : 0.0L; }
real shrink_d(real x, const simdact_params& p) { return std::fabs(x) > p.alpha ? 1.0L : 0.0L; }

real softshrink_f(real x, const simdact_params& p) {
    const real l = p.alpha;
    return x > l ? x - l : x < -l ? x + l : 0.0L;
}


// elu, selu, celu: expm1l keeps tiny and -0-adjacent x exact; e^x via expl.
real elu_f(real x, const simdact_params& p) { return x > 0 ? x : real(p.alpha) * std::expm1(x); }
real elu_d(real x, const simdact_params& p) { return x > 0 ? 1.0L : real(p.alpha) * std::exp(x); }
real elu_y(float y, const simdact_params& p) { return y > 0 ? 1.0L : real(y) + real(p.alpha); }

constexpr float selu_alpha = 1.6732632f, selu_scale = 1.0507010f;
real selu_f(real x, const simdact_params&) {
    return x > 0 ? real(selu_scale) * x : real(selu_scale) * real(selu_alpha) * std::expm1(x);
}
real selu_d(real x, const simdact_params&) {
    return x > 0 ? real(selu_scale) : real(selu_scale) * real(selu_alpha) * std::exp(x);
}
real selu_y(float y, const simdact_params&) {
    return y > 0 ? real(selu_scale) : real(y) + real(selu_scale) * real(selu_alpha);
}

real celu_f(real x, const simdact_params& p) { return x > 0 ? x : real(p.alpha) * std::expm1(x / real(p.alpha)); }
real celu_d(real x, const simdact_params& p) { return x > 0 ? 1.0L : std::exp(x / real(p.alpha)); }
real celu_y(float y, const simdact_params& p) { return y > 0 ? 1.0L : (real(y) + real(p.alpha)) / real(p.alpha); }

// softplus: beta = alpha, threshold = beta. The branch is decided on the float
// product beta*x, as PyTorch does; the value uses the exact product.
// log(1 + e^z) = max(z, 0) + log1p(e^-|z|): no overflow, no cancellation.
real log1pexp(real z) { return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }
bool softplus_linear(real x, const simdact_params& p) { return p.alpha * float(x) > p.beta; }
real softplus_f(real x, const simdact_params& p) {
    return softplus_linear(x, p) ? x : log1pexp(real(p.alpha) * x) / real(p.alpha);
}
real softplus_d(real x, const simdact_params& p) {
    return softplus_linear(x, p) ? 1.0L : 1.0L / (1.0L + std::exp(-real(p.alpha) * x));
}
real softplus_y(float y, const simdact_params& p) {
    return softplus_linear(y, p) ? 1.0L : -std::expm1(-real(p.alpha) * real(y));
}

// logsigmoid(x) = -log(1 + e^-x)
real logsigmoid_f(real x, const simdact_params&) { return -log1pexp(-x); }
real logsigmoid_d(real x, const simdact_params&) { return 1.0L / (1.0L + std::exp(x)); }
real logsigmoid_y(float y, const simdact_params&) { return -std::expm1(real(y)); }

real exp_f(real x, const simdact_params&) { return std::exp(x); }
real exp_y(float y, const simdact_params&) { return real(y); }

}  // namespace

const std::vector<reference_case>& cases() {
    static const std::vector<reference_case> all = {
        {"sigmoid", SIMDACT_SIGMOID, {0, 0}, sigmoid_f, sigmoid_d, sigmoid_y},
        {"tanh", SIMDACT_TANH, {0, 0}, tanh_f, tanh_d, tanh_y},
        {"relu", SIMDACT_RELU, {0, 0}, relu_f, relu_d, relu_y},
        {"leaky_relu", SIMDACT_LEAKY_RELU, {0.01f, 0}, leaky_f, leaky_d, leaky_y},
        {"leaky_relu(slope=0.2)", SIMDACT_LEAKY_RELU, {0.2f, 0}, leaky_f, leaky_d, leaky_y},
        {"leaky_relu(slope=-0.5)", SIMDACT_LEAKY_RELU, {-0.5f, 0}, leaky_f, leaky_d, nullptr},
        {"hardsigmoid", SIMDACT_HARDSIGMOID, {0, 0}, hardsigmoid_f, hardsigmoid_d, hardsigmoid_y},
        {"hardswish", SIMDACT_HARDSWISH, {0, 0}, hardswish_f, hardswish_d, nullptr},
        {"hardtanh", SIMDACT_HARDTANH, {-1.0f, 1.0f}, hardtanh_f, hardtanh_d, hardtanh_y},
        {"hardtanh(min=-2.5,max=0.3)", SIMDACT_HARDTANH, {-2.5f, 0.3f}, hardtanh_f, hardtanh_d, hardtanh_y},
        {"hardtanh(min=max=0.75)", SIMDACT_HARDTANH, {0.75f, 0.75f}, hardtanh_f, hardtanh_d, hardtanh_y},
        {"relu6", SIMDACT_RELU6, {0, 0}, relu6_f, relu6_d, relu6_y},
        {"threshold(threshold=0.5,value=-2)", SIMDACT_THRESHOLD, {0.5f, -2.0f}, threshold_f, threshold_d, nullptr},
        {"threshold(threshold=-1,value=7.5)", SIMDACT_THRESHOLD, {-1.0f, 7.5f}, threshold_f, threshold_d, nullptr},
        {"hardshrink", SIMDACT_HARDSHRINK, {0.5f, 0}, hardshrink_f, shrink_d, nullptr},
        {"hardshrink(lambda=2)", SIMDACT_HARDSHRINK, {2.0f, 0}, hardshrink_f, shrink_d, nullptr},
        {"hardshrink(lambda=0)", SIMDACT_HARDSHRINK, {0.0f, 0}, hardshrink_f, shrink_d, nullptr},
        {"softshrink", SIMDACT_SOFTSHRINK, {0.5f, 0}, softshrink_f, shrink_d, nullptr},
        {"softshrink(lambda=2)", SIMDACT_SOFTSHRINK, {2.0f, 0}, softshrink_f, shrink_d, nullptr},
        {"softshrink(lambda=0)", SIMDACT_SOFTSHRINK, {0.0f, 0}, softshrink_f, shrink_d, nullptr},
        {"elu", SIMDACT_ELU, {1.0f, 0}, elu_f, elu_d, elu_y},
        {"elu(alpha=0.3)", SIMDACT_ELU, {0.3f, 0}, elu_f, elu_d, elu_y},
        {"elu(alpha=2.5)", SIMDACT_ELU, {2.5f, 0}, elu_f, elu_d, elu_y},
        {"elu(alpha=-0.7)", SIMDACT_ELU, {-0.7f, 0}, elu_f, elu_d, nullptr},
        {"exp", SIMDACT_EXP, {0, 0}, exp_f, exp_f, exp_y},
        {"selu", SIMDACT_SELU, {0, 0}, selu_f, selu_d, selu_y},
        {"celu", SIMDACT_CELU, {1.0f, 0}, celu_f, celu_d, celu_y},
        {"celu(alpha=0.3)", SIMDACT_CELU, {0.3f, 0}, celu_f, celu_d, celu_y},
        {"celu(alpha=3.7)", SIMDACT_CELU, {3.7f, 0}, celu_f, celu_d, celu_y},
        {"celu(alpha=-0.7)", SIMDACT_CELU, {-0.7f, 0}, celu_f, celu_d, celu_y},
        {"softplus", SIMDACT_SOFTPLUS, {1.0f, 20.0f}, softplus_f, softplus_d, softplus_y},
        {"softplus(beta=0.7,threshold=10)", SIMDACT_SOFTPLUS, {0.7f, 10.0f}, softplus_f, softplus_d, softplus_y},
        {"softplus(beta=3,threshold=5)", SIMDACT_SOFTPLUS, {3.0f, 5.0f}, softplus_f, softplus_d, softplus_y},
        {"logsigmoid", SIMDACT_LOGSIGMOID, {0, 0}, logsigmoid_f, logsigmoid_d, logsigmoid_y},
    };
    return all;
}

}  // namespace ref
