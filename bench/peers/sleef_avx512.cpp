// Peer "sleef_avx512": SLEEF 3.5 u10 (erfc: u15) 16-wide loops. Built with AVX-512 flags.
#include <immintrin.h>
#include <sleef.h>

#include "bench/peers/peer.hpp"

namespace {
typedef __m512 V;
constexpr std::size_t W = 16;
inline V vload(const float* p) { return _mm512_loadu_ps(p); }
inline void vstore(float* p, V v) { _mm512_storeu_ps(p, v); }
inline V s_exp(V x) { return Sleef_expf16_u10(x); }
inline V s_expm1(V x) { return Sleef_expm1f16_u10(x); }
inline V s_tanh(V x) { return Sleef_tanhf16_u10(x); }
inline V s_log1p(V x) { return Sleef_log1pf16_u10(x); }
inline V s_erfc(V x) { return Sleef_erfcf16_u15(x); }
}  // namespace

#define PEER_NAME "sleef_avx512"
#define PEER_FN sleef_avx512_peer
#include "bench/peers/sleef_kernels.inc"
