// The portable tier: the same algorithms one lane at a time, no SIMD flags.
#define SIMDACT_TIER_NS scalar
#define SIMDACT_TIER_NAME "scalar"
#define SIMDACT_SCALAR_ONLY 1
#include "kernels/simd/ops.hpp"
#define SIMDACT_VEC ::simdact::scalar::scalar_f32
#include "kernels/isa/tier.inl"
