// NEON tier (aarch64: Advanced SIMD is part of the base ISA, no flags).
#define SIMDACT_TIER_NS neon
#define SIMDACT_TIER_NAME "neon"
#include "kernels/simd/ops.hpp"
#define SIMDACT_VEC ::xsimd::batch<float, ::xsimd::neon64>
#include "kernels/isa/tier.inl"
