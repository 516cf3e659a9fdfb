// e^x, the building block of every smooth activation.
//
// Algorithm (identical on every tier):
//   k = round(x / ln2) by the 1.5*2^23 shifter (round-to-nearest-even everywhere),
//   r = x - k*ln2 with ln2 split in two floats (Cody-Waite, each step one FMA),
//   e^r = 1 + r + r^2*q(r), q a degree-4 minimax fit on [-ln2/2, ln2/2]
//   (sollya fpminimax, relative error 2^-27.9), then e^x = e^r * 2^k1 * 2^k2 with
//   k1 = k>>1: the first scaling is exact, the second rounds once, so results
//   in the subnormal range are rounded once and overflow gives +inf.
// Measured: < 1 ULP over all floats (tests/accuracy_test.cpp).
#pragma once
#include "kernels/simd/ops.hpp"

namespace simdact {
namespace SIMDACT_TIER_NS {

// 2^k for integer lanes k in [-126, 127] (no range check).
template <class F, class I> inline F pow2i(I k) { return as_f32((k + I(127)) << 23); }

// e^x for every float x (NaN -> NaN, -inf -> 0, +inf -> +inf).
template <class F> inline F exp_f32(F x) {
    using I = decltype(as_i32(x));
    // Outside [-104, 89] the result is 0 or inf; clamping keeps k small.
    // Operand order keeps NaN: vmax(c, NaN) returns the NaN.
    const F xc = vmin(F(89.0f), vmax(F(-104.0f), x));
    const F shifter(0x1.8p23f);
    const F k_shifted = vfma(xc, F(0x1.715476p+0f), shifter);
    const F k = k_shifted - shifter;
    F r = vfma(k, F(-0x1.62e430p-1f), xc);
    r = vfma(k, F(0x1.05c610p-29f), r);

    F q = vfma(F(0x1.75c7bp-10f), r, F(0x1.123ab2p-7f));
    q = vfma(q, r, F(0x1.5548dp-5f));
    q = vfma(q, r, F(0x1.55549p-3f));
    q = vfma(q, r, F(0x1.000008p-1f));
    const F p = vfma(q, r * r, r) + F(1.0f);

    const I ki = as_i32(k_shifted) - as_i32(shifter);
    const I k1 = ki >> 1;
    return (p * pow2i<F>(k1)) * pow2i<F>(ki - k1);
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
