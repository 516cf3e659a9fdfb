// Peer "sleef_avx2": SLEEF 3.5 u10 (erfc: u15) 8-wide loops. Built with -mavx2 -mfma.
#include <immintrin.h>
#include <sleef.h>

#include "bench/peers/peer.hpp"

namespace {
typedef __m256 V;
constexpr std::size_t W = 8;
inline V vload(const float* p) { return _mm256_loadu_ps(p); }
inline void vstore(float* p, V v) { _mm256_storeu_ps(p, v); }
inline V s_exp(V x) { return Sleef_expf8_u10(x); }
inline V s_expm1(V x) { return Sleef_expm1f8_u10(x); }
inline V s_tanh(V x) { return Sleef_tanhf8_u10(x); }
inline V s_log1p(V x) { return Sleef_log1pf8_u10(x); }
inline V s_erfc(V x) { return Sleef_erfcf8_u15(x); }
}  // namespace

#define PEER_NAME "sleef_avx2"
#define PEER_FN sleef_avx2_peer
#include "bench/peers/sleef_kernels.inc"
