// The registry: one row per activation, X(ENUM suffix of simdact_activation,
// struct name in kernels/act/). Adding an activation = its file in kernels/act/,
// one row here (and its include below), and its name in the public enums.
#pragma once

#define SIMDACT_FOR_EACH_ACTIVATION(X) \
    X(SIGMOID, sigmoid)          \
    X(TANH, tanh)                \
    X(RELU, relu)                \
    X(LEAKY_RELU, leaky_relu)    \
    X(ELU, elu)                  \
    X(SELU, selu)                \
    X(CELU, celu)                \
    X(GELU, gelu)                \
    X(GELU_TANH, gelu_tanh)      \
    X(SILU, silu)                \
    X(MISH, mish)                \
    X(SOFTPLUS, softplus)        \
    X(LOGSIGMOID, logsigmoid)    \
    X(HARDSIGMOID, hardsigmoid)  \
    X(HARDSWISH, hardswish)      \
    X(HARDTANH, hardtanh)        \
    X(RELU6, relu6)              \
    X(SOFTSIGN, softsign)        \
    X(TANHSHRINK, tanhshrink)    \
    X(THRESHOLD, threshold)      \
    X(HARDSHRINK, hardshrink)    \
    X(SOFTSHRINK, softshrink)    \
    X(EXP, exp)

#ifdef SIMDACT_TIER_NS
#include "kernels/act/celu.hpp"
#include "kernels/act/elu.hpp"
#include "kernels/act/exp.hpp"
#include "kernels/act/gelu.hpp"
#include "kernels/act/gelu_tanh.hpp"
#include "kernels/act/hardshrink.hpp"
#include "kernels/act/hardsigmoid.hpp"
#include "kernels/act/hardswish.hpp"
#include "kernels/act/hardtanh.hpp"
#include "kernels/act/leaky_relu.hpp"
#include "kernels/act/logsigmoid.hpp"
#include "kernels/act/mish.hpp"
#include "kernels/act/relu.hpp"
#include "kernels/act/relu6.hpp"
#include "kernels/act/selu.hpp"
#include "kernels/act/sigmoid.hpp"
#include "kernels/act/silu.hpp"
#include "kernels/act/softplus.hpp"
#include "kernels/act/softshrink.hpp"
#include "kernels/act/softsign.hpp"
#include "kernels/act/tanh.hpp"
#include "kernels/act/tanhshrink.hpp"
#include "kernels/act/threshold.hpp"
#endif
