// AVX-512 F/CD/DQ/BW tier (compiled with -mavx512f -mavx512cd -mavx512dq -mavx512bw -mfma).
#define SIMDACT_TIER_NS avx512
#define SIMDACT_TIER_NAME "avx512"
#include "kernels/simd/ops.hpp"
#define SIMDACT_VEC ::xsimd::batch<float, ::xsimd::avx512bw>
#include "kernels/isa/tier.inl"
