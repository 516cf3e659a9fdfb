// AVX2 + FMA tier (compiled with -mavx2 -mfma).
#define SIMDACT_TIER_NS avx2
#define SIMDACT_TIER_NAME "avx2"
#include "kernels/simd/ops.hpp"
#define SIMDACT_VEC ::xsimd::batch<float, ::xsimd::fma3<::xsimd::avx2>>
#include "kernels/isa/tier.inl"
