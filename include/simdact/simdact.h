/* simdact: SIMD kernels for neural-network activations and their gradients.
 *
 * C API (C99). Every function is safe to call from any thread; none throws.
 * Semantics, parameters and accuracy of each activation: see README.md.
 *
 * Buffers: n floats each, any alignment. Outputs may be exactly an input (in
 * place); an output that partially overlaps an input is SIMDACT_ERROR_OVERLAP.
 * n == 0 succeeds whatever the pointers. On any error nothing is written.
 * Large calls: where a call's buffers add up to 64 MiB or more and the output
 * overlaps no input, the x86 vector tiers write the output with streaming
 * (non-temporal) stores, which bypass the caches, and fence them before
 * returning: the results are visible as after plain stores, but not cached.
 *
 * Precedence when several errors apply (the first one in this order is returned):
 * forward / backward / backward_from_output: unknown activation, then NULL params
 * where they are required or a bad parameter (SIMDACT_ERROR_INVALID_ARGUMENT), then,
 * for backward_from_output, no such form for the activation and parameters
 * (SIMDACT_ERROR_UNSUPPORTED) -- these hold even for n == 0 -- then n == 0 succeeds,
 * then a NULL buffer (SIMDACT_ERROR_NULL_POINTER), then a length no buffer can have
 * (SIMDACT_ERROR_INVALID_ARGUMENT), then a partial overlap (SIMDACT_ERROR_OVERLAP). simdact_get_kernel: NULL out first, then as above.
 * PReLU: a bad shape (SIMDACT_ERROR_INVALID_ARGUMENT, n > 0 only), then n == 0
 * succeeds (prelu_backward: SIMDACT_ERROR_OVERLAP if a non-NULL dweight overlaps
 * weight, else dweight is zeroed), then a NULL buffer, then an overlap, and last a
 * NaN weight (SIMDACT_ERROR_INVALID_ARGUMENT: weights are read only once the
 * buffers are known to be valid).
 */
#ifndef SIMDACT_H
#define SIMDACT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SIMDACT_VERSION_MAJOR 0
#define SIMDACT_VERSION_MINOR 1
#define SIMDACT_VERSION_PATCH 0

#if defined(_WIN32) && defined(SIMDACT_SHARED)
#  ifdef SIMDACT_BUILDING
#    define SIMDACT_API __declspec(dllexport)
#  else
#    define SIMDACT_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define SIMDACT_API __attribute__((visibility("default")))
#else
#  define SIMDACT_API
#endif

typedef enum simdact_status {
    SIMDACT_OK = 0,
    SIMDACT_ERROR_NULL_POINTER,     /* a buffer is NULL while n > 0 */
    SIMDACT_ERROR_INVALID_ARGUMENT, /* unknown activation, a bad parameter (NaN, ...), or a length no
                                       buffer can have (see simdact_forward) */
    SIMDACT_ERROR_OVERLAP,          /* an output partially overlaps an input */
    SIMDACT_ERROR_UNSUPPORTED       /* no such form (backward from output), or ISA not on this CPU */
} simdact_status;

/* Append only: the values are part of the ABI. */
typedef enum simdact_activation {
    SIMDACT_SIGMOID,
    SIMDACT_TANH,
    SIMDACT_RELU,
    SIMDACT_LEAKY_RELU,
    SIMDACT_ELU,         /* alpha = alpha (1) */
    SIMDACT_SELU,
    SIMDACT_CELU,        /* alpha = alpha (1), alpha != 0 */
    SIMDACT_GELU,        /* erf form */
    SIMDACT_GELU_TANH,
    SIMDACT_SILU,        /* alpha = beta (1) */
    SIMDACT_MISH,
    SIMDACT_SOFTPLUS,    /* alpha = beta (1, > 0), beta = threshold (20) */
    SIMDACT_LOGSIGMOID,
    SIMDACT_HARDSIGMOID,
    SIMDACT_HARDSWISH,
    SIMDACT_HARDTANH,    /* alpha = min (-1), beta = max (1), min <= max */
    SIMDACT_RELU6,
    SIMDACT_SOFTSIGN,
    SIMDACT_TANHSHRINK,
    SIMDACT_THRESHOLD,   /* alpha = threshold, beta = value: no defaults, params required */
    SIMDACT_HARDSHRINK,  /* alpha = lambda (0.5), >= 0 */
    SIMDACT_SOFTSHRINK,  /* alpha = lambda (0.5), >= 0 */
    SIMDACT_EXP,
    /* Not activations: these make every int a valid value of the type, so that an
       unknown value from C is SIMDACT_ERROR_INVALID_ARGUMENT, not undefined
       behaviour inside the (C++) library. */
    SIMDACT_ACTIVATION_RANGE_MIN_ = -2147483647 - 1,
    SIMDACT_ACTIVATION_RANGE_MAX_ = 2147483647
} simdact_activation;

/* Parameters; NULL means PyTorch's defaults. leaky_relu: alpha = slope (0.01);
 * the others as noted beside each activation above. */
typedef struct simdact_params {
    float alpha;
    float beta;
} simdact_params;

/* Lengths: a buffer of n floats must be a possible object. n > PTRDIFF_MAX / sizeof(float),
 * or a non-NULL buffer whose n floats would run past the end of the address space, is
 * SIMDACT_ERROR_INVALID_ARGUMENT (checked after the NULL checks, before the overlap
 * checks; for PReLU the same holds for weight and dweight with channels floats, also
 * when n == 0), so n * sizeof(float) never overflows. A NULL buffer with such an n
 * is SIMDACT_ERROR_NULL_POINTER. */
/* y = f(x) */
SIMDACT_API simdact_status simdact_forward(simdact_activation act, const simdact_params* params,
                                           const float* x, float* y, size_t n);
/* dx = dy * f'(x) */
SIMDACT_API simdact_status simdact_backward(simdact_activation act, const simdact_params* params,
                                            const float* x, const float* dy, float* dx, size_t n);
/* dx = dy * g(y), from the forward output y = f(x); SIMDACT_ERROR_UNSUPPORTED where
 * the activation has no such form (or, for leaky_relu, slope <= 0). */
SIMDACT_API simdact_status simdact_backward_from_output(simdact_activation act, const simdact_params* params,
                                                        const float* y, const float* dy, float* dx, size_t n);

/* The tier in use: "scalar", "avx2", "avx512" or "neon". Chosen once, on first
 * use: the best this CPU (and OS) supports, or SIMDACT_ISA from the environment.
 *
 * Threads: the first use may happen on several threads at once (the choice is made
 * exactly once). The active tier is one process-wide atomic pointer: simdact_set_isa
 * switches it atomically for all threads, and each checked call loads it once, so a
 * call in flight finishes on the tier it started with (every tier gives the same
 * bits, NaN payloads aside). simdact_get_kernel returns kernels and isa name of the
 * same tier. simdact_isa_reason may describe a switch made just after the tier a
 * concurrent call ran on. Tests: tests/threads_test.cpp (also under ThreadSanitizer). */
SIMDACT_API const char* simdact_active_isa(void);
/* Switch tier: one of those names, or "best". SIMDACT_ERROR_UNSUPPORTED if this
 * CPU lacks it, SIMDACT_ERROR_INVALID_ARGUMENT for an unknown name or NULL.
 * Kernels fetched earlier with simdact_get_kernel keep their tier. */
SIMDACT_API simdact_status simdact_set_isa(const char* name);
/* Tiers this CPU supports, best first: index 0 .. count-1. */
SIMDACT_API size_t simdact_supported_isa_count(void);
SIMDACT_API const char* simdact_supported_isa(size_t index); /* NULL past the end */
/* Why the active tier was chosen ("best tier this CPU supports", "forced by SIMDACT_ISA=avx2", ...).
 * The string is per thread, valid until this thread's next call of this function. */
SIMDACT_API const char* simdact_isa_reason(void);
/* CPU features detected, space-separated ("avx2 fma ... os-ymm-state ..."). */
SIMDACT_API const char* simdact_cpu_features(void);

SIMDACT_API const char* simdact_status_string(simdact_status status);
/* Why the last failed call on this thread failed (more detail than the status); "" if
 * none has failed. Per thread (other threads' errors never show here), valid until
 * this thread's next failing call; successful calls leave it alone. Kept in a fixed
 * per-thread buffer (messages over 255 bytes are truncated): no C API function
 * allocates or can throw on an error path. */
SIMDACT_API const char* simdact_last_error(void);
/* Lowercase name of an activation ("leaky_relu"), NULL if unknown. */
SIMDACT_API const char* simdact_activation_name(simdact_activation act);
/* Number of activations (the enum's values are 0 .. count-1). */
SIMDACT_API size_t simdact_activation_count(void);
/* PyTorch's default parameters of an activation; SIMDACT_ERROR_INVALID_ARGUMENT for one
 * without defaults (threshold: NULL params are an error there too). */
SIMDACT_API simdact_status simdact_default_params(simdact_activation act, simdact_params* out);

/* PReLU: y = x > 0 ? x : weight[c] * x, one weight per channel, over n floats
 * laid out [outer][channels][inner]: the channel of element i is (i / inner) % channels
 * (channels = 1 is a single scalar weight). n must be a multiple of channels * inner,
 * and channels, inner > 0 when n > 0 (else SIMDACT_ERROR_INVALID_ARGUMENT); a NaN or
 * infinite weight is SIMDACT_ERROR_INVALID_ARGUMENT (as leaky_relu's slope: inf * 0
 * would give NaN at x = 0). y may be exactly x; weight must not overlap y. */
SIMDACT_API simdact_status simdact_prelu_forward(const float* x, const float* weight, size_t channels, size_t inner,
                                                 float* y, size_t n);
/* dx = x > 0 ? dy : weight[c] * dy (NaN x -> NaN); dweight[c] (channels floats,
 * overwritten) = sum over channel c's elements of (x > 0 ? 0 : x * dy), summed in
 * double in a fixed order: the same bits on every ISA, rounded once to float.
 * dx may be exactly x or dy; dweight must not overlap any buffer and weight must
 * not overlap dx or dweight. With n == 0, dweight (if not NULL) is set to zeros. */
SIMDACT_API simdact_status simdact_prelu_backward(const float* x, const float* weight, size_t channels, size_t inner,
                                                  const float* dy, float* dx, float* dweight, size_t n);

/* Resolved kernels for hot loops: no checks and no dispatch per call. The caller
 * guarantees non-NULL, non-partially-overlapping buffers; params points to
 * validated parameters (those in the simdact_kernel they came with). */
typedef void (*simdact_forward_fn)(const float* x, float* y, size_t n, const simdact_params* params);
typedef void (*simdact_backward_fn)(const float* in, const float* dy, float* dx, size_t n,
                                    const simdact_params* params);
typedef struct simdact_kernel {
    simdact_forward_fn forward;
    simdact_backward_fn backward;
    simdact_backward_fn backward_from_output; /* NULL where there is no from-output form */
    simdact_params params;                    /* validated, defaults filled in */
    const char* isa;                          /* tier these kernels run on */
} simdact_kernel;
/* Fetch the active tier's kernels for act with params (NULL = defaults),
 * validating params once. */
SIMDACT_API simdact_status simdact_get_kernel(simdact_activation act, const simdact_params* params,
                                              simdact_kernel* out);

#ifdef __cplusplus
}
#endif

#endif /* SIMDACT_H */
