#include "reference.hpp"

#include <cmath>

namespace ref {
namespace {
// e^x and erfc(x) in long double, short-cut where glibc's result is already
// decided: expl overflows to inf above 11357 and underflows to +0 below
// -11400 (the smallest subnormal is e^-11399.5); erfcl is +0 from 107 on. The
// values are the same as the library's, but the library reaches them through
// its errno path (feholdexcept/fesetenv, __kernel_standard), which made half
// of all float inputs (|x| huge) cost more than everything else in a 2^32 sweep.
real exp_l(real x) {
    if (x < -11500.0L) return 0.0L;
    if (x > 11400.0L) return HUGE_VALL;
    return std::exp(x);
}
real erfc_l(real x) { return x > 120.0L ? 0.0L : std::erfc(x); }

real sigmoid(real x) { return 1.0L / (1.0L + exp_l(-x)); }

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

// softsign: the limits at +-inf directly (inf / inf is NaN).
real softsign_f(real x, const simdact_params&) { return std::isinf(x) ? std::copysign(1.0L, x) : x / (1.0L + std::fabs(x)); }
real softsign_d(real x, const simdact_params&) {
    const real d = 1.0L + std::fabs(x);
    return 1.0L / (d * d);
}
real softsign_y(float y, const simdact_params&) {
    const real u = 1.0L - std::fabs(real(y));
    return u * u;
}

// silu: x sigmoid(beta x), beta = alpha; limits at +-inf written out (inf * 0).
real silu_f(real x, const simdact_params& p) {
    const real z = real(p.alpha) * x;
    if (std::isinf(x)) return p.alpha == 0 ? x / 2 : (z > 0 ? x : std::copysign(0.0L, x));
    return x * sigmoid(z);
}
// s + z s (1 - s) with 1 - s = sigmoid(-z).
real silu_d(real x, const simdact_params& p) {
    const real z = real(p.alpha) * x;
    if (std::isinf(x)) return p.alpha == 0 ? 0.5L : (z > 0 ? 1.0L : 0.0L);
    const real s = sigmoid(z);
    return s + z * s * sigmoid(-z);
}

// gelu_tanh: x/2 (1 + tanh u) = x sigmoid(2u) (1 + tanh u would cancel for x << 0).
const real sqrt_2_over_pi = std::sqrt(2.0L / 3.14159265358979323846264338327950288L);
real gelu_tanh_f(real x, const simdact_params&) {
    if (std::isinf(x)) return x > 0 ? x : -0.0L;
    const real z = 2 * sqrt_2_over_pi * (x + 0.044715L * x * x * x);
    return x * sigmoid(z);
}
// d/dx [x sigmoid(z)] = s + x s (1 - s) z', 1 - s = sigmoid(-z).
real gelu_tanh_d(real x, const simdact_params&) {
    if (std::isinf(x)) return x > 0 ? 1.0L : 0.0L;
    const real z = 2 * sqrt_2_over_pi * (x + 0.044715L * x * x * x);
    const real dz = 2 * sqrt_2_over_pi * (1 + 3 * 0.044715L * x * x);
    const real s = sigmoid(z), sm = sigmoid(-z);
    return s + x * s * sm * dz;
}

// mish: x tanh(softplus(x)); tanh(log1p(e^x)) = n / (n + 2), n = e^x (e^x + 2),
// written for x > 0 with t = e^-x as (1 + 2t) / (1 + 2t + 2t^2) (no overflow).
real mish_f(real x, const simdact_params&) {
    if (std::isinf(x)) return x > 0 ? x : -0.0L;
    if (x > 0) {
        const real t = exp_l(-x);
        return x * (1 + 2 * t) / (1 + 2 * t + 2 * t * t);
    }
    const real e = exp_l(x), n = e * (e + 2);
    return x * n / (n + 2);
}
// mish' = tanh(sp) + x sech^2(sp) sigmoid(x); sech^2(sp) = 1 - tanh^2(sp) = 4(n+1)/(n+2)^2.
real mish_d(real x, const simdact_params&) {
    if (std::isinf(x)) return x > 0 ? 1.0L : 0.0L;
    real th, sech2;
    if (x > 0) {
        const real t = exp_l(-x), d = 1 + 2 * t + 2 * t * t;
        th = (1 + 2 * t) / d;
        sech2 = 4 * t * t * (1 + t) * (1 + t) / (d * d);
    } else {
        const real e = exp_l(x), n = e * (e + 2);
        th = n / (n + 2);
        sech2 = 4 * (n + 1) / ((n + 2) * (n + 2));
    }
    return th + x * sech2 * sigmoid(x);
}

// tanhshrink: x - tanh x cancels near 0 even in long double: below |x| = 1/8
// use the Taylor series x^3/3 - 2x^5/15 + 17x^7/315 - 62x^9/2835 + 1382x^11/155925
// (next term < 2^-70 relative there).
real tanhshrink_f(real x, const simdact_params&) {
    if (std::isinf(x)) return x;
    if (std::fabs(x) < 0.125L) {
        const real y = x * x;
        return x * y * (1.0L / 3 + y * (-2.0L / 15 + y * (17.0L / 315 + y * (-62.0L / 2835 + y * (1382.0L / 155925)))));
    }
    return x - std::tanh(x);
}
real tanhshrink_d(real x, const simdact_params&) {
    const real t = std::tanh(x);
    return t * t;
}

// gelu (erf form): x Phi(x), Phi(x) = erfc(-x/sqrt2)/2 (erfc, not 1 + erf, so the
// tail x < -5 keeps its relative accuracy); gelu' = Phi(x) + x phi(x).
const real inv_sqrt2 = 0.70710678118654752440084436210484903928L;
const real inv_sqrt_2pi = 0.39894228040143267793994605993438186848L;
real gelu_f(real x, const simdact_params&) {
    if (std::isinf(x)) return x > 0 ? x : -0.0L;
    return x * erfc_l(-x * inv_sqrt2) / 2;
}
real gelu_d(real x, const simdact_params&) {
    if (std::isinf(x)) return x > 0 ? 1.0L : 0.0L;
    return erfc_l(-x * inv_sqrt2) / 2 + x * inv_sqrt_2pi * exp_l(-x * x / 2);
}

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
real elu_d(real x, const simdact_params& p) { return x > 0 ? 1.0L : real(p.alpha) * exp_l(x); }
real elu_y(float y, const simdact_params& p) { return y > 0 ? 1.0L : real(y) + real(p.alpha); }

constexpr float selu_alpha = 1.6732632f, selu_scale = 1.0507010f;
real selu_f(real x, const simdact_params&) {
    return x > 0 ? real(selu_scale) * x : real(selu_scale) * real(selu_alpha) * std::expm1(x);
}
real selu_d(real x, const simdact_params&) {
    return x > 0 ? real(selu_scale) : real(selu_scale) * real(selu_alpha) * exp_l(x);
}
real selu_y(float y, const simdact_params&) {
    return y > 0 ? real(selu_scale) : real(y) + real(selu_scale) * real(selu_alpha);
}

real celu_f(real x, const simdact_params& p) { return x > 0 ? x : real(p.alpha) * std::expm1(x / real(p.alpha)); }
real celu_d(real x, const simdact_params& p) { return x > 0 ? 1.0L : exp_l(x / real(p.alpha)); }
real celu_y(float y, const simdact_params& p) { return y > 0 ? 1.0L : (real(y) + real(p.alpha)) / real(p.alpha); }

// softplus: beta = alpha, threshold = beta. The branch is decided on the float
// product beta*x, as PyTorch does; the value uses the exact product.
// log(1 + e^z) = max(z, 0) + log1p(e^-|z|): no overflow, no cancellation.
real log1pexp(real z) { return z > 0 ? z + std::log1p(exp_l(-z)) : std::log1p(exp_l(z)); }
bool softplus_linear(real x, const simdact_params& p) { return p.alpha * float(x) > p.beta; }
real softplus_f(real x, const simdact_params& p) {
    return softplus_linear(x, p) ? x : log1pexp(real(p.alpha) * x) / real(p.alpha);
}
real softplus_d(real x, const simdact_params& p) {
    return softplus_linear(x, p) ? 1.0L : 1.0L / (1.0L + exp_l(-real(p.alpha) * x));
}
real softplus_y(float y, const simdact_params& p) {
    return softplus_linear(y, p) ? 1.0L : -std::expm1(-real(p.alpha) * real(y));
}

// logsigmoid(x) = -log(1 + e^-x)
real logsigmoid_f(real x, const simdact_params&) { return -log1pexp(-x); }
real logsigmoid_d(real x, const simdact_params&) { return 1.0L / (1.0L + exp_l(x)); }
real logsigmoid_y(float y, const simdact_params&) { return -std::expm1(real(y)); }

real exp_f(real x, const simdact_params&) { return exp_l(x); }
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
        {"softsign", SIMDACT_SOFTSIGN, {0, 0}, softsign_f, softsign_d, softsign_y},
        {"gelu", SIMDACT_GELU, {0, 0}, gelu_f, gelu_d, nullptr},
        {"gelu_tanh", SIMDACT_GELU_TANH, {0, 0}, gelu_tanh_f, gelu_tanh_d, nullptr},
        {"mish", SIMDACT_MISH, {0, 0}, mish_f, mish_d, nullptr},
        {"tanhshrink", SIMDACT_TANHSHRINK, {0, 0}, tanhshrink_f, tanhshrink_d, nullptr},
        {"silu", SIMDACT_SILU, {1.0f, 0}, silu_f, silu_d, nullptr},
        {"silu(beta=1.702)", SIMDACT_SILU, {1.702f, 0}, silu_f, silu_d, nullptr},
        {"silu(beta=-0.5)", SIMDACT_SILU, {-0.5f, 0}, silu_f, silu_d, nullptr},
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
