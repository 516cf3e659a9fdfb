// Special values and kinks from the spec table, checked bit for bit (any NaN
// equals any NaN) on the tier under test. One row per (activation, params,
// direction, input, dy) with the exact expected result.
#include <doctest/doctest.h>

#include <cfloat>
#include <cmath>
#include <limits>

#include "test_util.hpp"

namespace {

constexpr float inf = std::numeric_limits<float>::infinity();
const float nan = std::numeric_limits<float>::quiet_NaN();

enum dir { fwd, bwd, from_y };

struct row {
    simdact_activation act;
    const simdact_params* params;  // nullptr = defaults
    dir d;
    float in;                       // x (fwd, bwd) or y (from_y)
    float dy;                       // ignored for fwd
    float expected;
};

const simdact_params slope02 = {0.2f, 0};
const simdact_params beta0 = {0.0f, 0};
const simdact_params beta_neg = {-0.5f, 0};
const simdact_params ht_m2_05 = {-2.0f, 0.5f};   // hardtanh(min=-2, max=0.5)
const simdact_params ht_eq = {0.75f, 0.75f};     // hardtanh(min=max=0.75)
const simdact_params th_1_m5 = {1.0f, -5.0f};    // threshold(threshold=1, value=-5)
const simdact_params th_m0 = {-0.0f, 9.0f};      // threshold(threshold=-0, value=9)
const simdact_params lambda2 = {2.0f, 0};
const simdact_params lambda0 = {0.0f, 0};
// elu, selu, celu, softplus, logsigmoid, exp
const simdact_params alpha05 = {0.5f, 0}, alpha2 = {2.0f, 0};
const simdact_params softplus_t2 = {1.0f, 2.0f};  // beta 1, threshold 2: the kink at x = 2
const float selu_sa = float(double(1.0507010f) * double(1.6732632f));
const float ln2f = 0.693147182f;

const row rows[] = {
    // sigmoid
    {SIMDACT_SIGMOID, nullptr, fwd, 0.0f, 0, 0.5f},
    {SIMDACT_SIGMOID, nullptr, fwd, -0.0f, 0, 0.5f},
    {SIMDACT_SIGMOID, nullptr, fwd, inf, 0, 1.0f},
    {SIMDACT_SIGMOID, nullptr, fwd, -inf, 0, 0.0f},
    {SIMDACT_SIGMOID, nullptr, fwd, nan, 0, nan},
    {SIMDACT_SIGMOID, nullptr, fwd, 100.0f, 0, 1.0f},
    {SIMDACT_SIGMOID, nullptr, fwd, -104.0f, 0, 0.0f},
    {SIMDACT_SIGMOID, nullptr, bwd, 0.0f, 1, 0.25f},
    {SIMDACT_SIGMOID, nullptr, bwd, inf, 1, 0.0f},
    {SIMDACT_SIGMOID, nullptr, bwd, -inf, 1, 0.0f},
    {SIMDACT_SIGMOID, nullptr, bwd, nan, 1, nan},
    {SIMDACT_SIGMOID, nullptr, bwd, 1.0f, nan, nan},
    {SIMDACT_SIGMOID, nullptr, from_y, 0.5f, 1, 0.25f},
    {SIMDACT_SIGMOID, nullptr, from_y, 1.0f, 1, 0.0f},
    {SIMDACT_SIGMOID, nullptr, from_y, nan, 1, nan},
    // tanh
    {SIMDACT_TANH, nullptr, fwd, 0.0f, 0, 0.0f},
    {SIMDACT_TANH, nullptr, fwd, -0.0f, 0, -0.0f},
    {SIMDACT_TANH, nullptr, fwd, inf, 0, 1.0f},
    {SIMDACT_TANH, nullptr, fwd, -inf, 0, -1.0f},
    {SIMDACT_TANH, nullptr, fwd, nan, 0, nan},
    {SIMDACT_TANH, nullptr, fwd, FLT_TRUE_MIN, 0, FLT_TRUE_MIN},
    {SIMDACT_TANH, nullptr, fwd, -1e-30f, 0, -1e-30f},
    {SIMDACT_TANH, nullptr, bwd, 0.0f, 1, 1.0f},
    {SIMDACT_TANH, nullptr, bwd, inf, 1, 0.0f},
    {SIMDACT_TANH, nullptr, bwd, -inf, 1, 0.0f},
    {SIMDACT_TANH, nullptr, bwd, nan, 1, nan},
    {SIMDACT_TANH, nullptr, from_y, 0.0f, 2, 2.0f},
    {SIMDACT_TANH, nullptr, from_y, -1.0f, 1, 0.0f},
    {SIMDACT_TANH, nullptr, from_y, nan, 1, nan},
    // relu: relu'(0) = 0; -0 and NaN pass through; masked zero gives +0 even for dy NaN/inf
    {SIMDACT_RELU, nullptr, fwd, -0.0f, 0, -0.0f},
    {SIMDACT_RELU, nullptr, fwd, -1.0f, 0, 0.0f},
    {SIMDACT_RELU, nullptr, fwd, -inf, 0, 0.0f},
    {SIMDACT_RELU, nullptr, fwd, inf, 0, inf},
    {SIMDACT_RELU, nullptr, fwd, nan, 0, nan},
    {SIMDACT_RELU, nullptr, fwd, 2.5f, 0, 2.5f},
    {SIMDACT_RELU, nullptr, bwd, 0.0f, 3, 0.0f},
    {SIMDACT_RELU, nullptr, bwd, -0.0f, 3, 0.0f},
    {SIMDACT_RELU, nullptr, bwd, -2.0f, nan, 0.0f},
    {SIMDACT_RELU, nullptr, bwd, -2.0f, inf, 0.0f},
    {SIMDACT_RELU, nullptr, bwd, -inf, 1, 0.0f},
    {SIMDACT_RELU, nullptr, bwd, 2.0f, 3, 3.0f},
    {SIMDACT_RELU, nullptr, bwd, inf, 3, 3.0f},
    {SIMDACT_RELU, nullptr, bwd, nan, 3, nan},
    {SIMDACT_RELU, nullptr, from_y, 0.0f, 3, 0.0f},
    {SIMDACT_RELU, nullptr, from_y, 0.0f, nan, 0.0f},
    {SIMDACT_RELU, nullptr, from_y, 1.0f, 3, 3.0f},
    {SIMDACT_RELU, nullptr, from_y, nan, 3, nan},
    // leaky_relu: leaky'(0) = slope
    {SIMDACT_LEAKY_RELU, nullptr, fwd, -0.0f, 0, -0.0f},
    {SIMDACT_LEAKY_RELU, nullptr, fwd, -100.0f, 0, -1.0f},
    {SIMDACT_LEAKY_RELU, nullptr, fwd, -inf, 0, -inf},
    {SIMDACT_LEAKY_RELU, nullptr, fwd, nan, 0, nan},
    {SIMDACT_LEAKY_RELU, &slope02, fwd, -5.0f, 0, -1.0f},
    {SIMDACT_LEAKY_RELU, &slope02, bwd, 0.0f, 10, 2.0f},
    {SIMDACT_LEAKY_RELU, &slope02, bwd, 1e-30f, 10, 10.0f},
    {SIMDACT_LEAKY_RELU, &slope02, bwd, nan, 10, nan},
    {SIMDACT_LEAKY_RELU, &slope02, from_y, -1.0f, 10, 2.0f},
    {SIMDACT_LEAKY_RELU, &slope02, from_y, 0.0f, 10, 2.0f},
    {SIMDACT_LEAKY_RELU, &slope02, from_y, nan, 10, nan},
    // softsign: odd, +-1 at +-inf and for huge |x|
    {SIMDACT_SOFTSIGN, nullptr, fwd, 0.0f, 0, 0.0f},
    {SIMDACT_SOFTSIGN, nullptr, fwd, -0.0f, 0, -0.0f},
    {SIMDACT_SOFTSIGN, nullptr, fwd, inf, 0, 1.0f},
    {SIMDACT_SOFTSIGN, nullptr, fwd, -inf, 0, -1.0f},
    {SIMDACT_SOFTSIGN, nullptr, fwd, FLT_MAX, 0, 1.0f},
    {SIMDACT_SOFTSIGN, nullptr, fwd, -1e30f, 0, -1.0f},
    {SIMDACT_SOFTSIGN, nullptr, fwd, 1.0f, 0, 0.5f},
    {SIMDACT_SOFTSIGN, nullptr, fwd, -3.0f, 0, -0.75f},
    {SIMDACT_SOFTSIGN, nullptr, fwd, FLT_TRUE_MIN, 0, FLT_TRUE_MIN},
    {SIMDACT_SOFTSIGN, nullptr, fwd, nan, 0, nan},
    {SIMDACT_SOFTSIGN, nullptr, bwd, 0.0f, 3, 3.0f},
    {SIMDACT_SOFTSIGN, nullptr, bwd, -0.0f, 3, 3.0f},
    {SIMDACT_SOFTSIGN, nullptr, bwd, 1.0f, 1, 0.25f},
    {SIMDACT_SOFTSIGN, nullptr, bwd, inf, 1, 0.0f},
    {SIMDACT_SOFTSIGN, nullptr, bwd, -inf, 1, 0.0f},
    {SIMDACT_SOFTSIGN, nullptr, bwd, 0x1p70f, 1, 0x1p-140f},  // subnormal f', d^2 would overflow
    {SIMDACT_SOFTSIGN, nullptr, bwd, nan, 1, nan},
    {SIMDACT_SOFTSIGN, nullptr, bwd, 1.0f, nan, nan},
    {SIMDACT_SOFTSIGN, nullptr, from_y, 0.0f, 2, 2.0f},
    {SIMDACT_SOFTSIGN, nullptr, from_y, -0.5f, 1, 0.25f},
    {SIMDACT_SOFTSIGN, nullptr, from_y, 1.0f, 1, 0.0f},
    {SIMDACT_SOFTSIGN, nullptr, from_y, -1.0f, 1, 0.0f},
    {SIMDACT_SOFTSIGN, nullptr, from_y, nan, 1, nan},
    // gelu (erf form): limits at +-inf, -0 at -0, f'(0) = 1/2, accurate tail
    {SIMDACT_GELU, nullptr, fwd, 0.0f, 0, 0.0f},
    {SIMDACT_GELU, nullptr, fwd, -0.0f, 0, -0.0f},
    {SIMDACT_GELU, nullptr, fwd, inf, 0, inf},
    {SIMDACT_GELU, nullptr, fwd, -inf, 0, -0.0f},
    {SIMDACT_GELU, nullptr, fwd, FLT_MAX, 0, FLT_MAX},
    {SIMDACT_GELU, nullptr, fwd, -FLT_MAX, 0, -0.0f},
    {SIMDACT_GELU, nullptr, fwd, -30.0f, 0, -0.0f},
    {SIMDACT_GELU, nullptr, fwd, 30.0f, 0, 30.0f},
    {SIMDACT_GELU, nullptr, fwd, nan, 0, nan},
    {SIMDACT_GELU, nullptr, fwd, 2 * FLT_TRUE_MIN, 0, FLT_TRUE_MIN},
    {SIMDACT_GELU, nullptr, bwd, 0.0f, 2, 1.0f},
    {SIMDACT_GELU, nullptr, bwd, -0.0f, 2, 1.0f},
    {SIMDACT_GELU, nullptr, bwd, inf, 3, 3.0f},
    {SIMDACT_GELU, nullptr, bwd, -inf, 3, -0.0f},  // f' -> 0 from below
    {SIMDACT_GELU, nullptr, bwd, FLT_MAX, 3, 3.0f},
    {SIMDACT_GELU, nullptr, bwd, nan, 1, nan},
    {SIMDACT_GELU, nullptr, bwd, 1.0f, nan, nan},
    // gelu_tanh: limits at +-inf, -0 at -0, f'(0) = 1/2
    {SIMDACT_GELU_TANH, nullptr, fwd, 0.0f, 0, 0.0f},
    {SIMDACT_GELU_TANH, nullptr, fwd, -0.0f, 0, -0.0f},
    {SIMDACT_GELU_TANH, nullptr, fwd, inf, 0, inf},
    {SIMDACT_GELU_TANH, nullptr, fwd, -inf, 0, -0.0f},
    {SIMDACT_GELU_TANH, nullptr, fwd, FLT_MAX, 0, FLT_MAX},
    {SIMDACT_GELU_TANH, nullptr, fwd, -FLT_MAX, 0, -0.0f},
    {SIMDACT_GELU_TANH, nullptr, fwd, 1e30f, 0, 1e30f},
    {SIMDACT_GELU_TANH, nullptr, fwd, nan, 0, nan},
    {SIMDACT_GELU_TANH, nullptr, fwd, 2 * FLT_TRUE_MIN, 0, FLT_TRUE_MIN},
    {SIMDACT_GELU_TANH, nullptr, bwd, 0.0f, 2, 1.0f},
    {SIMDACT_GELU_TANH, nullptr, bwd, -0.0f, 2, 1.0f},
    {SIMDACT_GELU_TANH, nullptr, bwd, inf, 3, 3.0f},
    {SIMDACT_GELU_TANH, nullptr, bwd, -inf, 3, -0.0f},  // f' -> 0 from below
    {SIMDACT_GELU_TANH, nullptr, bwd, FLT_MAX, 3, 3.0f},
    {SIMDACT_GELU_TANH, nullptr, bwd, nan, 1, nan},
    {SIMDACT_GELU_TANH, nullptr, bwd, 1.0f, nan, nan},
    // mish: limits at +-inf, -0 at -0, f'(0) = 0.6
    {SIMDACT_MISH, nullptr, fwd, 0.0f, 0, 0.0f},
    {SIMDACT_MISH, nullptr, fwd, -0.0f, 0, -0.0f},
    {SIMDACT_MISH, nullptr, fwd, inf, 0, inf},
    {SIMDACT_MISH, nullptr, fwd, -inf, 0, -0.0f},
    {SIMDACT_MISH, nullptr, fwd, FLT_MAX, 0, FLT_MAX},
    {SIMDACT_MISH, nullptr, fwd, -FLT_MAX, 0, -0.0f},
    {SIMDACT_MISH, nullptr, fwd, 20.0f, 0, 20.0f},
    {SIMDACT_MISH, nullptr, fwd, nan, 0, nan},
    {SIMDACT_MISH, nullptr, fwd, -2 * FLT_TRUE_MIN, 0, -FLT_TRUE_MIN},
    {SIMDACT_MISH, nullptr, bwd, 0.0f, 5, 3.0f},
    {SIMDACT_MISH, nullptr, bwd, -0.0f, 5, 3.0f},
    {SIMDACT_MISH, nullptr, bwd, inf, 3, 3.0f},
    {SIMDACT_MISH, nullptr, bwd, -inf, 3, -0.0f},  // f' -> 0 from below
    {SIMDACT_MISH, nullptr, bwd, 30.0f, 3, 3.0f},
    {SIMDACT_MISH, nullptr, bwd, nan, 1, nan},
    {SIMDACT_MISH, nullptr, bwd, 1.0f, nan, nan},
    // tanhshrink: odd, x - 1 +... at +-inf, x^3/3 near 0 (no cancellation to 0)
    {SIMDACT_TANHSHRINK, nullptr, fwd, 0.0f, 0, 0.0f},
    {SIMDACT_TANHSHRINK, nullptr, fwd, -0.0f, 0, -0.0f},
    {SIMDACT_TANHSHRINK, nullptr, fwd, inf, 0, inf},
    {SIMDACT_TANHSHRINK, nullptr, fwd, -inf, 0, -inf},
    {SIMDACT_TANHSHRINK, nullptr, fwd, 0x1p-20f, 0, 0x1.555556p-62f},  // x^3/3 - 2x^5/15, correctly rounded
    {SIMDACT_TANHSHRINK, nullptr, fwd, -0x1p-40f, 0, -0x1.555556p-122f},
    {SIMDACT_TANHSHRINK, nullptr, fwd, FLT_TRUE_MIN, 0, 0.0f},
    {SIMDACT_TANHSHRINK, nullptr, fwd, -1e-30f, 0, -0.0f},
    {SIMDACT_TANHSHRINK, nullptr, fwd, 100.0f, 0, 99.0f},
    {SIMDACT_TANHSHRINK, nullptr, fwd, nan, 0, nan},
    {SIMDACT_TANHSHRINK, nullptr, bwd, 0.0f, 2, 0.0f},
    {SIMDACT_TANHSHRINK, nullptr, bwd, -0.0f, 2, 0.0f},
    {SIMDACT_TANHSHRINK, nullptr, bwd, 0x1p-40f, 0x1p16f, 0x1p-64f},  // dy x^2, no underflow on the way
    {SIMDACT_TANHSHRINK, nullptr, bwd, inf, 3, 3.0f},
    {SIMDACT_TANHSHRINK, nullptr, bwd, -inf, 3, 3.0f},
    {SIMDACT_TANHSHRINK, nullptr, bwd, nan, 1, nan},
    {SIMDACT_TANHSHRINK, nullptr, bwd, 1.0f, nan, nan},
    // silu, gelu_tanh, mish: dy = +-inf or +-0 against f' of either sign gives the
    // product's sign, not the NaN of inf * 0 or a zero of the wrong sign (mul_dd_rn)
    {SIMDACT_SILU, nullptr, bwd, 1.0f, inf, inf},
    {SIMDACT_SILU, nullptr, bwd, 1.0f, -inf, -inf},
    {SIMDACT_SILU, nullptr, bwd, -1.5f, inf, -inf},  // f'(-1.5) < 0
    {SIMDACT_SILU, nullptr, bwd, 1.0f, -0.0f, -0.0f},
    {SIMDACT_SILU, nullptr, bwd, -1.5f, 0.0f, -0.0f},
    {SIMDACT_SILU, nullptr, bwd, -1.5f, -0.0f, 0.0f},
    {SIMDACT_SILU, nullptr, bwd, -200.0f, 0.0f, -0.0f},  // f' tiny, below 0: zero of its sign
    {SIMDACT_GELU_TANH, nullptr, bwd, 1.0f, inf, inf},
    {SIMDACT_GELU_TANH, nullptr, bwd, 1.0f, -inf, -inf},
    {SIMDACT_GELU_TANH, nullptr, bwd, -1.5f, inf, -inf},  // f'(-1.5) < 0
    {SIMDACT_GELU_TANH, nullptr, bwd, 1.0f, -0.0f, -0.0f},
    {SIMDACT_GELU_TANH, nullptr, bwd, -1.5f, 0.0f, -0.0f},
    {SIMDACT_GELU_TANH, nullptr, bwd, -1.5f, -0.0f, 0.0f},
    {SIMDACT_GELU_TANH, nullptr, bwd, -200.0f, 0.0f, -0.0f},  // f' tiny, below 0: zero of its sign
    {SIMDACT_MISH, nullptr, bwd, 1.0f, inf, inf},
    {SIMDACT_MISH, nullptr, bwd, 1.0f, -inf, -inf},
    {SIMDACT_MISH, nullptr, bwd, -1.5f, inf, -inf},  // f'(-1.5) < 0
    {SIMDACT_MISH, nullptr, bwd, 1.0f, -0.0f, -0.0f},
    {SIMDACT_MISH, nullptr, bwd, -1.5f, 0.0f, -0.0f},
    {SIMDACT_MISH, nullptr, bwd, -1.5f, -0.0f, 0.0f},
    {SIMDACT_MISH, nullptr, bwd, -200.0f, 0.0f, -0.0f},  // f' tiny, below 0: zero of its sign
    // silu: silu(-inf) = -0, silu(+inf) = +inf, odd-like at 0, subnormal tail
    {SIMDACT_SILU, nullptr, fwd, 0.0f, 0, 0.0f},
    {SIMDACT_SILU, nullptr, fwd, -0.0f, 0, -0.0f},
    {SIMDACT_SILU, nullptr, fwd, inf, 0, inf},
    {SIMDACT_SILU, nullptr, fwd, -inf, 0, -0.0f},
    {SIMDACT_SILU, nullptr, fwd, nan, 0, nan},
    {SIMDACT_SILU, nullptr, fwd, -200.0f, 0, -0.0f},
    {SIMDACT_SILU, nullptr, fwd, FLT_TRUE_MIN, 0, 0.0f},  // 2^-149 / 2 rounds to even (0)
    {SIMDACT_SILU, nullptr, fwd, 2 * FLT_TRUE_MIN, 0, FLT_TRUE_MIN},
    {SIMDACT_SILU, nullptr, bwd, 0.0f, 2, 1.0f},
    {SIMDACT_SILU, nullptr, bwd, -0.0f, 2, 1.0f},
    {SIMDACT_SILU, nullptr, bwd, inf, 3, 3.0f},
    {SIMDACT_SILU, nullptr, bwd, -inf, 3, -0.0f},  // f' -> 0 from below
    {SIMDACT_SILU, nullptr, bwd, nan, 1, nan},
    {SIMDACT_SILU, nullptr, bwd, 1.0f, nan, nan},
    {SIMDACT_SILU, &beta0, fwd, inf, 0, inf},  // x / 2, no 0 * inf
    {SIMDACT_SILU, &beta0, fwd, -inf, 0, -inf},
    {SIMDACT_SILU, &beta0, fwd, 3.0f, 0, 1.5f},
    {SIMDACT_SILU, &beta0, bwd, -inf, 2, 1.0f},
    {SIMDACT_SILU, &beta_neg, fwd, inf, 0, 0.0f},
    {SIMDACT_SILU, &beta_neg, fwd, -inf, 0, -inf},
    {SIMDACT_SILU, &beta_neg, bwd, -inf, 2, 2.0f},
    // hardsigmoid: clamp((x+3)/6, 0, 1); derivative 1/6 strictly inside, 0 at +-3
    {SIMDACT_HARDSIGMOID, nullptr, fwd, 0.0f, 0, 0.5f},
    {SIMDACT_HARDSIGMOID, nullptr, fwd, -0.0f, 0, 0.5f},
    {SIMDACT_HARDSIGMOID, nullptr, fwd, 3.0f, 0, 1.0f},
    {SIMDACT_HARDSIGMOID, nullptr, fwd, -3.0f, 0, 0.0f},
    {SIMDACT_HARDSIGMOID, nullptr, fwd, -4.0f, 0, 0.0f},
    {SIMDACT_HARDSIGMOID, nullptr, fwd, 1.5f, 0, 0.75f},
    {SIMDACT_HARDSIGMOID, nullptr, fwd, -1.5f, 0, 0.25f},
    {SIMDACT_HARDSIGMOID, nullptr, fwd, 1.0f, 0, 0x1.555556p-1f},             // 2/3 rounded
    {SIMDACT_HARDSIGMOID, nullptr, fwd, -2.999999761581421f, 0, 0x1.555556p-25f},  // (2^-22)/6 rounded, no cancellation
    {SIMDACT_HARDSIGMOID, nullptr, fwd, inf, 0, 1.0f},
    {SIMDACT_HARDSIGMOID, nullptr, fwd, -inf, 0, 0.0f},
    {SIMDACT_HARDSIGMOID, nullptr, fwd, FLT_MAX, 0, 1.0f},
    {SIMDACT_HARDSIGMOID, nullptr, fwd, nan, 0, nan},
    {SIMDACT_HARDSIGMOID, nullptr, bwd, 0.0f, 6, 1.0f},
    {SIMDACT_HARDSIGMOID, nullptr, bwd, 3.0f, 6, 0.0f},
    {SIMDACT_HARDSIGMOID, nullptr, bwd, -3.0f, 6, 0.0f},
    {SIMDACT_HARDSIGMOID, nullptr, bwd, 2.9999998f, 6, 1.0f},
    {SIMDACT_HARDSIGMOID, nullptr, bwd, -3.0f, nan, 0.0f},
    {SIMDACT_HARDSIGMOID, nullptr, bwd, 5.0f, inf, 0.0f},
    {SIMDACT_HARDSIGMOID, nullptr, bwd, inf, 1, 0.0f},
    {SIMDACT_HARDSIGMOID, nullptr, bwd, -inf, 1, 0.0f},
    {SIMDACT_HARDSIGMOID, nullptr, bwd, 1.0f, inf, inf},
    {SIMDACT_HARDSIGMOID, nullptr, bwd, nan, 1, nan},
    {SIMDACT_HARDSIGMOID, nullptr, from_y, 0.5f, 6, 1.0f},
    {SIMDACT_HARDSIGMOID, nullptr, from_y, 0.0f, 6, 0.0f},
    {SIMDACT_HARDSIGMOID, nullptr, from_y, 1.0f, 6, 0.0f},
    {SIMDACT_HARDSIGMOID, nullptr, from_y, 1.0f, nan, 0.0f},
    {SIMDACT_HARDSIGMOID, nullptr, from_y, nan, 1, nan},
    // hardswish: 0 at x <= -3 (+0), x at x >= 3 (no overflow), f(-0) = -0; f'(-3) = -1/2, f'(3) = 1
    {SIMDACT_HARDSWISH, nullptr, fwd, 0.0f, 0, 0.0f},
    {SIMDACT_HARDSWISH, nullptr, fwd, -0.0f, 0, -0.0f},
    {SIMDACT_HARDSWISH, nullptr, fwd, 3.0f, 0, 3.0f},
    {SIMDACT_HARDSWISH, nullptr, fwd, -3.0f, 0, 0.0f},
    {SIMDACT_HARDSWISH, nullptr, fwd, -5.0f, 0, 0.0f},
    {SIMDACT_HARDSWISH, nullptr, fwd, 1.5f, 0, 1.125f},
    {SIMDACT_HARDSWISH, nullptr, fwd, -1.5f, 0, -0.375f},
    {SIMDACT_HARDSWISH, nullptr, fwd, FLT_MAX, 0, FLT_MAX},
    {SIMDACT_HARDSWISH, nullptr, fwd, -FLT_MAX, 0, 0.0f},
    {SIMDACT_HARDSWISH, nullptr, fwd, inf, 0, inf},
    {SIMDACT_HARDSWISH, nullptr, fwd, -inf, 0, 0.0f},
    {SIMDACT_HARDSWISH, nullptr, fwd, 0x1p-140f, 0, 0x1p-141f},    // subnormal result kept
    {SIMDACT_HARDSWISH, nullptr, fwd, -0x1p-140f, 0, -0x1p-141f},
    // subnormal x: x/2 + x^2/6, a tie of x/2 (odd x) rounds up, not to even
    {SIMDACT_HARDSWISH, nullptr, fwd, 0x1p-149f, 0, 0x1p-149f},
    {SIMDACT_HARDSWISH, nullptr, fwd, -0x1p-149f, 0, -0.0f},
    {SIMDACT_HARDSWISH, nullptr, fwd, 5 * 0x1p-149f, 0, 3 * 0x1p-149f},
    {SIMDACT_HARDSWISH, nullptr, fwd, -5 * 0x1p-149f, 0, -2 * 0x1p-149f},
    {SIMDACT_HARDSWISH, nullptr, fwd, 0x7fffffp-149f, 0, 0x400000p-149f},
    {SIMDACT_HARDSWISH, nullptr, fwd, -0x7fffffp-149f, 0, -0x3fffffp-149f},
    {SIMDACT_HARDSWISH, nullptr, fwd, nan, 0, nan},
    {SIMDACT_HARDSWISH, nullptr, bwd, -3.0f, 2, -1.0f},
    {SIMDACT_HARDSWISH, nullptr, bwd, 3.0f, 2, 2.0f},
    {SIMDACT_HARDSWISH, nullptr, bwd, 0.0f, 2, 1.0f},
    {SIMDACT_HARDSWISH, nullptr, bwd, -1.5f, 2, 0.0f},
    {SIMDACT_HARDSWISH, nullptr, bwd, 1.5f, 2, 2.0f},
    {SIMDACT_HARDSWISH, nullptr, bwd, -3.0000002f, 2, 0.0f},
    {SIMDACT_HARDSWISH, nullptr, bwd, -4.0f, nan, 0.0f},
    {SIMDACT_HARDSWISH, nullptr, bwd, -inf, 1, 0.0f},
    {SIMDACT_HARDSWISH, nullptr, bwd, inf, 5, 5.0f},
    {SIMDACT_HARDSWISH, nullptr, bwd, FLT_MAX, 5, 5.0f},
    {SIMDACT_HARDSWISH, nullptr, bwd, nan, 1, nan},
    // hardtanh: clamp(x, min, max), derivative 0 at both kinks
    {SIMDACT_HARDTANH, nullptr, fwd, -0.0f, 0, -0.0f},
    {SIMDACT_HARDTANH, nullptr, fwd, 0.0f, 0, 0.0f},
    {SIMDACT_HARDTANH, nullptr, fwd, 0.25f, 0, 0.25f},
    {SIMDACT_HARDTANH, nullptr, fwd, 2.0f, 0, 1.0f},
    {SIMDACT_HARDTANH, nullptr, fwd, -2.0f, 0, -1.0f},
    {SIMDACT_HARDTANH, nullptr, fwd, inf, 0, 1.0f},
    {SIMDACT_HARDTANH, nullptr, fwd, -inf, 0, -1.0f},
    {SIMDACT_HARDTANH, nullptr, fwd, nan, 0, nan},
    {SIMDACT_HARDTANH, &ht_m2_05, fwd, 0.7f, 0, 0.5f},
    {SIMDACT_HARDTANH, &ht_m2_05, fwd, -3.0f, 0, -2.0f},
    {SIMDACT_HARDTANH, &ht_eq, fwd, -3.0f, 0, 0.75f},
    {SIMDACT_HARDTANH, &ht_eq, fwd, nan, 0, nan},
    {SIMDACT_HARDTANH, nullptr, bwd, 1.0f, 3, 0.0f},
    {SIMDACT_HARDTANH, nullptr, bwd, -1.0f, 3, 0.0f},
    {SIMDACT_HARDTANH, nullptr, bwd, 0.999999940f, 3, 3.0f},
    {SIMDACT_HARDTANH, nullptr, bwd, -0.0f, 3, 3.0f},
    {SIMDACT_HARDTANH, nullptr, bwd, 5.0f, nan, 0.0f},
    {SIMDACT_HARDTANH, nullptr, bwd, inf, 1, 0.0f},
    {SIMDACT_HARDTANH, nullptr, bwd, nan, 1, nan},
    {SIMDACT_HARDTANH, &ht_m2_05, bwd, 0.5f, 1, 0.0f},
    {SIMDACT_HARDTANH, &ht_m2_05, bwd, -2.0f, 1, 0.0f},
    {SIMDACT_HARDTANH, &ht_m2_05, bwd, -1.9f, 1, 1.0f},
    {SIMDACT_HARDTANH, &ht_eq, bwd, 0.75f, 1, 0.0f},
    {SIMDACT_HARDTANH, nullptr, from_y, 1.0f, 3, 0.0f},
    {SIMDACT_HARDTANH, nullptr, from_y, -1.0f, nan, 0.0f},
    {SIMDACT_HARDTANH, nullptr, from_y, 0.5f, 3, 3.0f},
    {SIMDACT_HARDTANH, nullptr, from_y, nan, 3, nan},
    // relu6: hardtanh(x, 0, 6)
    {SIMDACT_RELU6, nullptr, fwd, -0.0f, 0, -0.0f},
    {SIMDACT_RELU6, nullptr, fwd, -1.0f, 0, 0.0f},
    {SIMDACT_RELU6, nullptr, fwd, 6.0f, 0, 6.0f},
    {SIMDACT_RELU6, nullptr, fwd, 7.0f, 0, 6.0f},
    {SIMDACT_RELU6, nullptr, fwd, 5.5f, 0, 5.5f},
    {SIMDACT_RELU6, nullptr, fwd, FLT_TRUE_MIN, 0, FLT_TRUE_MIN},
    {SIMDACT_RELU6, nullptr, fwd, inf, 0, 6.0f},
    {SIMDACT_RELU6, nullptr, fwd, -inf, 0, 0.0f},
    {SIMDACT_RELU6, nullptr, fwd, nan, 0, nan},
    {SIMDACT_RELU6, nullptr, bwd, 0.0f, 3, 0.0f},
    {SIMDACT_RELU6, nullptr, bwd, 6.0f, 3, 0.0f},
    {SIMDACT_RELU6, nullptr, bwd, FLT_TRUE_MIN, 3, 3.0f},
    {SIMDACT_RELU6, nullptr, bwd, -1.0f, nan, 0.0f},
    {SIMDACT_RELU6, nullptr, bwd, 7.0f, inf, 0.0f},
    {SIMDACT_RELU6, nullptr, bwd, nan, 3, nan},
    {SIMDACT_RELU6, nullptr, from_y, 0.0f, 3, 0.0f},
    {SIMDACT_RELU6, nullptr, from_y, 6.0f, 3, 0.0f},
    {SIMDACT_RELU6, nullptr, from_y, 3.0f, 3, 3.0f},
    {SIMDACT_RELU6, nullptr, from_y, nan, 3, nan},
    // threshold (params required): x > threshold ? x : value, derivative 0 at the threshold
    {SIMDACT_THRESHOLD, &th_1_m5, fwd, 1.0f, 0, -5.0f},
    {SIMDACT_THRESHOLD, &th_1_m5, fwd, 1.0000001f, 0, 1.0000001f},
    {SIMDACT_THRESHOLD, &th_1_m5, fwd, -inf, 0, -5.0f},
    {SIMDACT_THRESHOLD, &th_1_m5, fwd, inf, 0, inf},
    {SIMDACT_THRESHOLD, &th_1_m5, fwd, nan, 0, nan},
    {SIMDACT_THRESHOLD, &th_m0, fwd, 0.0f, 0, 9.0f},
    {SIMDACT_THRESHOLD, &th_m0, fwd, FLT_TRUE_MIN, 0, FLT_TRUE_MIN},
    {SIMDACT_THRESHOLD, &th_1_m5, bwd, 1.0f, 3, 0.0f},
    {SIMDACT_THRESHOLD, &th_1_m5, bwd, 1.0f, nan, 0.0f},
    {SIMDACT_THRESHOLD, &th_1_m5, bwd, 2.0f, 3, 3.0f},
    {SIMDACT_THRESHOLD, &th_1_m5, bwd, inf, 3, 3.0f},
    {SIMDACT_THRESHOLD, &th_1_m5, bwd, nan, 3, nan},
    // hardshrink: |x| > lambda ? x : 0 (+0), derivative 0 at +-lambda
    {SIMDACT_HARDSHRINK, nullptr, fwd, 0.5f, 0, 0.0f},
    {SIMDACT_HARDSHRINK, nullptr, fwd, -0.5f, 0, 0.0f},
    {SIMDACT_HARDSHRINK, nullptr, fwd, -0.50000006f, 0, -0.50000006f},
    {SIMDACT_HARDSHRINK, nullptr, fwd, -0.0f, 0, 0.0f},
    {SIMDACT_HARDSHRINK, nullptr, fwd, -inf, 0, -inf},
    {SIMDACT_HARDSHRINK, nullptr, fwd, nan, 0, nan},
    {SIMDACT_HARDSHRINK, &lambda0, fwd, -0.0f, 0, 0.0f},
    {SIMDACT_HARDSHRINK, &lambda0, fwd, -FLT_TRUE_MIN, 0, -FLT_TRUE_MIN},
    {SIMDACT_HARDSHRINK, nullptr, bwd, 0.5f, 3, 0.0f},
    {SIMDACT_HARDSHRINK, nullptr, bwd, -0.5f, 3, 0.0f},
    {SIMDACT_HARDSHRINK, nullptr, bwd, 0.0f, nan, 0.0f},
    {SIMDACT_HARDSHRINK, nullptr, bwd, 0.6f, 3, 3.0f},
    {SIMDACT_HARDSHRINK, nullptr, bwd, -inf, 3, 3.0f},
    {SIMDACT_HARDSHRINK, nullptr, bwd, nan, 3, nan},
    {SIMDACT_HARDSHRINK, &lambda2, bwd, -2.0f, 3, 0.0f},
    // softshrink: x -+ lambda outside, +0 inside, NaN -> NaN, derivative 0 at +-lambda
    {SIMDACT_SOFTSHRINK, nullptr, fwd, 0.5f, 0, 0.0f},
    {SIMDACT_SOFTSHRINK, nullptr, fwd, -0.5f, 0, 0.0f},
    {SIMDACT_SOFTSHRINK, nullptr, fwd, 0.25f, 0, 0.0f},
    {SIMDACT_SOFTSHRINK, nullptr, fwd, -0.0f, 0, 0.0f},
    {SIMDACT_SOFTSHRINK, nullptr, fwd, 1.0f, 0, 0.5f},
    {SIMDACT_SOFTSHRINK, nullptr, fwd, -1.0f, 0, -0.5f},
    {SIMDACT_SOFTSHRINK, nullptr, fwd, 0.50000006f, 0, 0x1p-24f},
    {SIMDACT_SOFTSHRINK, nullptr, fwd, inf, 0, inf},
    {SIMDACT_SOFTSHRINK, nullptr, fwd, -inf, 0, -inf},
    {SIMDACT_SOFTSHRINK, nullptr, fwd, nan, 0, nan},
    {SIMDACT_SOFTSHRINK, &lambda2, fwd, 5.0f, 0, 3.0f},
    {SIMDACT_SOFTSHRINK, &lambda2, fwd, -2.0f, 0, 0.0f},
    {SIMDACT_SOFTSHRINK, &lambda0, fwd, -0.0f, 0, 0.0f},
    {SIMDACT_SOFTSHRINK, &lambda0, fwd, FLT_TRUE_MIN, 0, FLT_TRUE_MIN},
    {SIMDACT_SOFTSHRINK, nullptr, bwd, 0.5f, 3, 0.0f},
    {SIMDACT_SOFTSHRINK, nullptr, bwd, -0.5f, 3, 0.0f},
    {SIMDACT_SOFTSHRINK, nullptr, bwd, 0.1f, nan, 0.0f},
    {SIMDACT_SOFTSHRINK, nullptr, bwd, 0.6f, 3, 3.0f},
    {SIMDACT_SOFTSHRINK, nullptr, bwd, inf, 3, 3.0f},
    {SIMDACT_SOFTSHRINK, nullptr, bwd, nan, 3, nan},
    // elu: elu(-0) = -0, elu'(0) = alpha, tiny x exact (expm1, not exp - 1)
    {SIMDACT_ELU, nullptr, fwd, -0.0f, 0, -0.0f},
    {SIMDACT_ELU, nullptr, fwd, 0.0f, 0, 0.0f},
    {SIMDACT_ELU, nullptr, fwd, -1e-20f, 0, -1e-20f},
    {SIMDACT_ELU, nullptr, fwd, -FLT_TRUE_MIN, 0, -FLT_TRUE_MIN},
    {SIMDACT_ELU, nullptr, fwd, -inf, 0, -1.0f},
    {SIMDACT_ELU, nullptr, fwd, inf, 0, inf},
    {SIMDACT_ELU, nullptr, fwd, nan, 0, nan},
    {SIMDACT_ELU, &alpha05, fwd, -inf, 0, -0.5f},
    {SIMDACT_ELU, &alpha05, fwd, -200.0f, 0, -0.5f},
    {SIMDACT_ELU, &alpha05, fwd, 3.0f, 0, 3.0f},
    {SIMDACT_ELU, nullptr, bwd, 0.0f, 3, 3.0f},
    {SIMDACT_ELU, &alpha05, bwd, 0.0f, 10, 5.0f},
    {SIMDACT_ELU, &alpha05, bwd, -0.0f, 10, 5.0f},
    {SIMDACT_ELU, &alpha05, bwd, 1e-30f, 10, 10.0f},
    {SIMDACT_ELU, &alpha05, bwd, -inf, 10, 0.0f},
    {SIMDACT_ELU, &alpha05, bwd, inf, 10, 10.0f},
    {SIMDACT_ELU, &alpha05, bwd, nan, 10, nan},
    {SIMDACT_ELU, &alpha05, from_y, 0.0f, 10, 5.0f},
    {SIMDACT_ELU, &alpha05, from_y, -0.5f, 10, 0.0f},
    {SIMDACT_ELU, &alpha05, from_y, 2.0f, 10, 10.0f},
    {SIMDACT_ELU, &alpha05, from_y, nan, 10, nan},
    // selu: selu(-0) = -0, selu'(0) = scale*alpha
    {SIMDACT_SELU, nullptr, fwd, -0.0f, 0, -0.0f},
    {SIMDACT_SELU, nullptr, fwd, -inf, 0, -selu_sa},
    {SIMDACT_SELU, nullptr, fwd, inf, 0, inf},
    {SIMDACT_SELU, nullptr, fwd, 2.0f, 0, 2.0f * 1.0507010f},
    {SIMDACT_SELU, nullptr, fwd, nan, 0, nan},
    {SIMDACT_SELU, nullptr, bwd, 0.0f, 1, selu_sa},
    {SIMDACT_SELU, nullptr, bwd, 1.0f, 1, 1.0507010f},
    {SIMDACT_SELU, nullptr, bwd, -inf, 1, 0.0f},
    {SIMDACT_SELU, nullptr, bwd, inf, 1, 1.0507010f},
    {SIMDACT_SELU, nullptr, bwd, nan, 1, nan},
    {SIMDACT_SELU, nullptr, from_y, 0.0f, 1, selu_sa},
    {SIMDACT_SELU, nullptr, from_y, -selu_sa, 1, float(double(1.0507010f) * double(1.6732632f) - double(selu_sa))},
    {SIMDACT_SELU, nullptr, from_y, 1.0f, 1, 1.0507010f},
    {SIMDACT_SELU, nullptr, from_y, nan, 1, nan},
    // celu: celu(-0) = -0, celu'(0) = 1
    {SIMDACT_CELU, nullptr, fwd, -0.0f, 0, -0.0f},
    {SIMDACT_CELU, &alpha2, fwd, -0.0f, 0, -0.0f},
    {SIMDACT_CELU, &alpha2, fwd, -1e-20f, 0, -1e-20f},
    {SIMDACT_CELU, &alpha2, fwd, -1e-40f, 0, -1e-40f},
    {SIMDACT_CELU, &alpha2, fwd, -inf, 0, -2.0f},
    {SIMDACT_CELU, &alpha2, fwd, inf, 0, inf},
    {SIMDACT_CELU, &alpha2, fwd, 1.5f, 0, 1.5f},
    {SIMDACT_CELU, &alpha2, fwd, nan, 0, nan},
    {SIMDACT_CELU, &alpha2, bwd, 0.0f, 3, 3.0f},
    {SIMDACT_CELU, &alpha2, bwd, -0.0f, 3, 3.0f},
    {SIMDACT_CELU, &alpha2, bwd, -inf, 3, 0.0f},
    {SIMDACT_CELU, &alpha2, bwd, inf, 3, 3.0f},
    {SIMDACT_CELU, &alpha2, bwd, nan, 3, nan},
    {SIMDACT_CELU, &alpha2, from_y, 0.0f, 3, 3.0f},
    {SIMDACT_CELU, &alpha2, from_y, -2.0f, 3, 0.0f},
    {SIMDACT_CELU, &alpha2, from_y, -1.0f, 3, 1.5f},
    {SIMDACT_CELU, &alpha2, from_y, 1.0f, 3, 3.0f},
    {SIMDACT_CELU, &alpha2, from_y, nan, 3, nan},
    // softplus: softplus(0) = ln2, beta*x == threshold takes the log branch
    {SIMDACT_SOFTPLUS, nullptr, fwd, 0.0f, 0, ln2f},
    {SIMDACT_SOFTPLUS, nullptr, fwd, -0.0f, 0, ln2f},
    {SIMDACT_SOFTPLUS, nullptr, fwd, -inf, 0, 0.0f},
    {SIMDACT_SOFTPLUS, nullptr, fwd, -200.0f, 0, 0.0f},
    {SIMDACT_SOFTPLUS, nullptr, fwd, inf, 0, inf},
    {SIMDACT_SOFTPLUS, nullptr, fwd, 30.0f, 0, 30.0f},
    {SIMDACT_SOFTPLUS, nullptr, fwd, FLT_MAX, 0, FLT_MAX},
    {SIMDACT_SOFTPLUS, nullptr, fwd, nan, 0, nan},
    {SIMDACT_SOFTPLUS, &softplus_t2, fwd, 2.0f, 0, 2.12692809f},  // log1p(e^2), not 2
    {SIMDACT_SOFTPLUS, &softplus_t2, fwd, 2.00000024f, 0, 2.00000024f},
    {SIMDACT_SOFTPLUS, nullptr, bwd, 0.0f, 3, 1.5f},
    {SIMDACT_SOFTPLUS, nullptr, bwd, -inf, 3, 0.0f},
    {SIMDACT_SOFTPLUS, nullptr, bwd, inf, 3, 3.0f},
    {SIMDACT_SOFTPLUS, nullptr, bwd, nan, 3, nan},
    {SIMDACT_SOFTPLUS, &softplus_t2, bwd, 2.0f, 1, 0.880797088f},  // sigmoid(2), not 1
    {SIMDACT_SOFTPLUS, &softplus_t2, bwd, 2.00000024f, 3, 3.0f},
    {SIMDACT_SOFTPLUS, nullptr, from_y, 0.0f, 3, 0.0f},
    {SIMDACT_SOFTPLUS, nullptr, from_y, ln2f, 2, 1.0f},
    {SIMDACT_SOFTPLUS, nullptr, from_y, inf, 3, 3.0f},
    {SIMDACT_SOFTPLUS, nullptr, from_y, nan, 3, nan},
    // logsigmoid
    {SIMDACT_LOGSIGMOID, nullptr, fwd, 0.0f, 0, -ln2f},
    {SIMDACT_LOGSIGMOID, nullptr, fwd, -0.0f, 0, -ln2f},
    {SIMDACT_LOGSIGMOID, nullptr, fwd, inf, 0, 0.0f},
    {SIMDACT_LOGSIGMOID, nullptr, fwd, 200.0f, 0, 0.0f},  // min(x,0) - log1p(e^-x) = 0 - 0, as PyTorch
    {SIMDACT_LOGSIGMOID, nullptr, fwd, -inf, 0, -inf},
    {SIMDACT_LOGSIGMOID, nullptr, fwd, -30.0f, 0, -30.0f},
    {SIMDACT_LOGSIGMOID, nullptr, fwd, -FLT_MAX, 0, -FLT_MAX},
    {SIMDACT_LOGSIGMOID, nullptr, fwd, nan, 0, nan},
    {SIMDACT_LOGSIGMOID, nullptr, bwd, 0.0f, 3, 1.5f},
    {SIMDACT_LOGSIGMOID, nullptr, bwd, inf, 3, 0.0f},
    {SIMDACT_LOGSIGMOID, nullptr, bwd, -inf, 3, 3.0f},
    {SIMDACT_LOGSIGMOID, nullptr, bwd, nan, 3, nan},
    {SIMDACT_LOGSIGMOID, nullptr, from_y, -ln2f, 2, 1.0f},
    {SIMDACT_LOGSIGMOID, nullptr, from_y, 0.0f, 3, 0.0f},
    {SIMDACT_LOGSIGMOID, nullptr, from_y, -inf, 3, 3.0f},
    {SIMDACT_LOGSIGMOID, nullptr, from_y, nan, 3, nan},
    // exp
    {SIMDACT_EXP, nullptr, fwd, 0.0f, 0, 1.0f},
    {SIMDACT_EXP, nullptr, fwd, -0.0f, 0, 1.0f},
    {SIMDACT_EXP, nullptr, fwd, -inf, 0, 0.0f},
    {SIMDACT_EXP, nullptr, fwd, -200.0f, 0, 0.0f},
    {SIMDACT_EXP, nullptr, fwd, inf, 0, inf},
    {SIMDACT_EXP, nullptr, fwd, 89.0f, 0, inf},
    {SIMDACT_EXP, nullptr, fwd, nan, 0, nan},
    {SIMDACT_EXP, nullptr, bwd, 0.0f, 3, 3.0f},
    {SIMDACT_EXP, nullptr, bwd, -inf, 3, 0.0f},
    {SIMDACT_EXP, nullptr, bwd, inf, 3, inf},
    {SIMDACT_EXP, nullptr, bwd, nan, 3, nan},
    {SIMDACT_EXP, nullptr, from_y, 2.0f, 3, 6.0f},
    {SIMDACT_EXP, nullptr, from_y, 0.0f, 3, 0.0f},
    {SIMDACT_EXP, nullptr, from_y, nan, 3, nan},
};

float run(const row& r) {
    float out = 12345.0f;
    simdact_status s = SIMDACT_OK;
    switch (r.d) {
        case fwd: s = simdact_forward(r.act, r.params, &r.in, &out, 1); break;
        case bwd: s = simdact_backward(r.act, r.params, &r.in, &r.dy, &out, 1); break;
        case from_y: s = simdact_backward_from_output(r.act, r.params, &r.in, &r.dy, &out, 1); break;
    }
    REQUIRE(s == SIMDACT_OK);
    return out;
}

}  // namespace

TEST_CASE("special values and kinks, bit for bit") {
    const char* dir_names[] = {"forward", "backward", "backward_from_output"};
    for (const row& r : rows) {
        // Alone and inside a full vector with ordinary neighbours (the body path, not only the tail).
        const float got = run(r);
        std::vector<float> in(67, 0.75f), dy(67, r.dy), out(67);
        in[33] = r.in;
        simdact_status s = r.d == fwd ? simdact_forward(r.act, r.params, in.data(), out.data(), in.size())
                           : r.d == bwd ? simdact_backward(r.act, r.params, in.data(), dy.data(), out.data(), in.size())
                                        : simdact_backward_from_output(r.act, r.params, in.data(), dy.data(), out.data(), in.size());
        REQUIRE(s == SIMDACT_OK);
        const std::string what = std::string(simdact_activation_name(r.act)) + " " + dir_names[r.d] + " in=" +
                                 std::to_string(r.in) + " dy=" + std::to_string(r.dy) + " on " + testutil::tier();
        CHECK_MESSAGE(testutil::same(got, r.expected), what, ": got ", got, " expected ", r.expected);
        CHECK_MESSAGE(testutil::same(out[33], r.expected), what, " (in a vector): got ", out[33]);
    }
}

TEST_CASE("silu keeps subnormal results") {
    // exact silu(-100) = -100 e^-100 / (1 + e^-100) = -3.7200759760208e-42 (subnormal)
    const float x = -100.0f;
    float y = 0;
    REQUIRE(simdact_forward(SIMDACT_SILU, nullptr, &x, &y, 1) == SIMDACT_OK);
    CHECK(std::fabs(double(y) + 3.7200759760208e-42) <= 2 * 0x1p-149);
}

TEST_CASE("mish keeps subnormal results") {
    // exact mish(-100) = -100 tanh(log1p(e^-100)) = -3.7200759760208e-42 (to 12 digits)
    const float x = -100.0f;
    float y = 0;
    REQUIRE(simdact_forward(SIMDACT_MISH, nullptr, &x, &y, 1) == SIMDACT_OK);
    CHECK(std::fabs(double(y) + 3.7200759760208e-42) <= 2 * 0x1p-149);
}

TEST_CASE("gelu keeps its tail down to subnormal results") {
    // exact gelu(x) = x erfc(-x/sqrt2)/2 (long double erfc, rounded by hand):
    //   gelu(-10) = -7.619853024160526e-23, gelu(-13) = -7.9523137194148435e-38,
    //   gelu(-14) = -1.091095154686992e-43 (subnormal)
    struct { float x; double y; } cases[] = {
        {-10.0f, -7.6198530241605260e-23}, {-13.0f, -7.9523137194148435e-38}, {-14.0f, -1.091095154686992e-43}};
    for (auto c : cases) {
        float y = 0;
        REQUIRE(simdact_forward(SIMDACT_GELU, nullptr, &c.x, &y, 1) == SIMDACT_OK);
        const double ulp = std::fabs(c.y) < 0x1p-126 ? 0x1p-149 : std::ldexp(1.0, std::ilogb(c.y) - 23);
        CHECK_MESSAGE(std::fabs(double(y) - c.y) <= 2 * ulp, "gelu(", c.x, ") = ", y);
    }
}

TEST_CASE("sigmoid keeps subnormal results") {
    // exact sigmoid(-100) = 3.7200759760208e-44, a subnormal that peers flush to 0;
    // within the spec's 2 ULP of 2^-149.
    const float x = -100.0f;
    float y = 0;
    REQUIRE(simdact_forward(SIMDACT_SIGMOID, nullptr, &x, &y, 1) == SIMDACT_OK);
    CHECK(std::fabs(double(y) - 3.7200759760208e-44) <= 2 * 0x1p-149);
}

TEST_CASE("elu/celu/selu/softplus/logsigmoid/exp keep subnormal results") {
    // The exact values are subnormal; the spec asks for them within 2 ULP of 2^-149, not 0.
    struct sub {
        simdact_activation act;
        float x;
        double exact;
    };
    const sub cases[] = {
        {SIMDACT_EXP, -100.0f, 3.7200759760208361e-44},
        {SIMDACT_SOFTPLUS, -100.0f, 3.7200759760208361e-44},  // log1p(e^-100) = e^-100 (1 - e^-100/2)
        {SIMDACT_LOGSIGMOID, 100.0f, -3.7200759760208361e-44},
        {SIMDACT_EXP, -90.0f, 8.1940126239905153e-40},
        {SIMDACT_SOFTPLUS, -90.0f, 8.1940126239905153e-40},
        {SIMDACT_LOGSIGMOID, 90.0f, -8.1940126239905153e-40},
    };
    for (const sub& c : cases) {
        float y = 0;
        REQUIRE(simdact_forward(c.act, nullptr, &c.x, &y, 1) == SIMDACT_OK);
        CHECK_MESSAGE(std::fabs(double(y) - c.exact) <= 2 * 0x1p-149, simdact_activation_name(c.act), " at ", c.x,
                      ": ", y);
    }
    // Backward: dy * e^x with e^x subnormal but the product normal.
    const float x = -100.0f, dy = 0x1p60f;
    float dx = 0;
    for (simdact_activation a : {SIMDACT_EXP, SIMDACT_SOFTPLUS}) {
        REQUIRE(simdact_backward(a, nullptr, &x, &dy, &dx, 1) == SIMDACT_OK);
        CHECK(std::fabs(double(dx) / (3.7200759760208361e-44 * 0x1p60) - 1) < 1e-6);
    }
}

TEST_CASE("elu/celu: large |alpha| and alpha < 0 do not overflow early or make inf - inf") {
    struct big {
        simdact_activation act;
        float alpha, x;
    };
    const big cases[] = {
        {SIMDACT_CELU, -1e35f, -5e35f},   // q = 5: alpha (e^5 - 1) = -1.47e37, finite
        {SIMDACT_CELU, -1e35f, -3e36f},   // q = 30
        {SIMDACT_CELU, -1e37f, -1.5e38f}, // q = 15: alpha 2^(k-1) overflows, the result is -inf
        {SIMDACT_CELU, -0.7f, -62.1f},    // e^q > FLT_MAX but 0.7 e^q is not
        {SIMDACT_CELU, -0.5f, -50.0f},    // q = 100: -inf
        {SIMDACT_ELU, 3e38f, -0.6f},
        {SIMDACT_ELU, -3e38f, -30.0f},
    };
    for (const big& c : cases) {
        const simdact_params p = {c.alpha, 0};
        float y = 0;
        REQUIRE(simdact_forward(c.act, &p, &c.x, &y, 1) == SIMDACT_OK);
        const long double exact = c.act == SIMDACT_CELU ? c.alpha * std::expm1((long double)c.x / c.alpha)
                                                        : c.alpha * std::expm1((long double)c.x);
        if (std::fabs(exact) >= 0x1p128L * (1 - 0x1p-25L))
            CHECK_MESSAGE((std::isinf(y) && std::signbit(y) == std::signbit(exact)), c.x, " ", y);
        else
            CHECK_MESSAGE(std::fabs(y - exact) <= 2 * std::ldexp(1.0L, std::ilogb(exact) - 23), c.x, " ", y);
    }
}
