// Plain interface between the benchmark driver and the peer translation units.
// Only C types and function pointers cross it: the peer TUs are built with their
// own instruction-set flags (-march=native, -mavx512f, ...) and must not share
// inline functions with the driver (see ../shared/notes/toolchain-facts.md, ODR hazard).
#pragma once

#include <cstddef>

#include "simdact/simdact.h"

namespace bench {

enum Dir { kForward = 0, kBackward = 1, kBackwardFromOutput = 2 };

// Same shapes as simdact's resolved kernels: forward(x, y), backward(in, dy, dx)
// where `in` is x (backward) or y = f(x) (backward from the output).
using fwd_fn = void (*)(const float* x, float* y, std::size_t n, const simdact_params* p);
using bwd_fn = void (*)(const float* in, const float* dy, float* dx, std::size_t n, const simdact_params* p);

// One activation of a loop-style peer; a NULL pointer means "this peer has no such form".
struct PeerKernel {
    const char* activation;  // simdact's name ("sigmoid", "leaky_relu", ...)
    fwd_fn forward;
    bwd_fn backward;
    bwd_fn backward_from_output;
};

struct PeerTable {
    const char* peer;  // benchmark name prefix: "plain", "eigen", "sleef_avx512", ...
    const PeerKernel* kernels;
    std::size_t count;
};

// Loop-style peers (each in its own TU with its own flags).
PeerTable plain_peer();         // std:: scalar loops, -O3 -march=native
PeerTable eigen_peer();         // Eigen 3.4 array expressions, -O3 -march=native
PeerTable sleef_avx512_peer();  // SLEEF 3.5 u10 16-wide loops, AVX-512 flags
PeerTable sleef_avx2_peer();    // SLEEF 3.5 u10 8-wide loops, AVX2+FMA flags

// The memory roofline: y = x (forward shape), dx = dy * x (backward shape).
void copy_forward(const float* x, float* y, std::size_t n);
void copy_backward(const float* in, const float* dy, float* dx, std::size_t n);

// oneDNN eltwise: a primitive built once for fixed buffers, run many times.
struct OnednnOp;
void onednn_init();                 // one thread; call once before anything else
const char* onednn_version();
// NULL when oneDNN 2.6 has no such activation or form.
OnednnOp* onednn_create(const char* activation, Dir dir, std::size_t n, const simdact_params* p,
                        const float* in, const float* dy, float* out);
void onednn_run(OnednnOp* op);
void onednn_destroy(OnednnOp* op);

}  // namespace bench
