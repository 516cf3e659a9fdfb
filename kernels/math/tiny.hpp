// Subnormal inputs without microcode assists.
//
// On Intel cores a multiply, FMA or divide that reads a subnormal operand, and
// any arithmetic (an add too) whose result rounds into the subnormals, takes a
// microcode assist: on the Xeon of bench/report, ~41 ns per AVX-512
// instruction against 1.4-2.5 ns (adds reading subnormals, compares, selects
// and bit operations run at full speed). A vector holding a subnormal x ran
// the smooth kernels at 0.02-0.07x their ordinary speed.
//
// For |x| < 2^-126 every activation here is f(0) + f'(0) x far below float
// precision. So where an activation declares it (kernels/activation.hpp,
// tiny_x / tiny_dx / tiny_y), the loops (kernels/loops.hpp) run the kernel on
// the normal stand-in +-2^-40 in those lanes, which rounds to the same f(0)
// and f'(0), and where f(0) = 0 put in c x from mul_tiny, correctly rounded.
#pragma once
#include "kernels/math/dd.hpp"
#include "kernels/math/exp.hpp"  // pow2i, ldexp_i

namespace simdact {
namespace SIMDACT_TIER_NS {

// +-2^-40 with v's sign: the kernels' stand-in for a subnormal v. Small enough
// that f(0) + f'(0) 2^-40 and f'(0) + f''(0) 2^-40 round like f(0) and f'(0)
// here; large enough that no power or error term the kernels form from it
// underflows (2^-40 cubed is 2^-120): an underflowing multiply is an assist too.
template <class F> inline F tiny_stand_in(F v) { return with_sign_of(F(0x1p-40f), v); }

// The subnormal (or 2^-126) whose bit pattern is the mantissa field of s in
// [2^-37, 2^-36]: s = 2^-37 + n 2^-60 gives n 2^-149.
template <class F> inline F subnormal_of_grid(F s) { return as_f32(as_i32(s) - as_i32(F(0x1p-37f))); }
// |x| 2^149 for |x| < 2^-126, exactly (the mantissa bits as an integer).
template <class F> inline F abs_mantissa_scaled(F x) {
    using I = decltype(as_i32(x));
    return as_f32((as_i32(x) & I(0x7fffff)) | as_i32(F(0x1p23f))) - F(0x1p23f);
}

// c x for |x| < 2^-126 and finite c, with no multiply that reads x or
// rounds into the subnormals:
//   am = |x| 2^149 exactly: x's mantissa bits as an integer, made a float by
//        the 2^23 shifter;
//   a subnormal result: s = |c| 2^-60 am + 2^-37, one FMA, rounds |c x| 2^89
//        to the grid 2^-60 (2^-149 scaled) once, and s's mantissa field is
//        then the result's bit pattern (2^23 of it is 2^-126, the same);
//   a normal result (s >= 2^-36): |c| 2^-60 am 2^-89, exact scaling.
// |c| < 2^-66 (c 2^-60 not normal) gives c x < 2^-192: a zero either way.
// For c = ch + cl (a pair, |cl| <= ulp(ch)) the FMA's residual plus cl's
// share moves the subnormal result one step where it passes half a step;
// that is exact but for a double rounding in a near-tie (c irrational: never
// an exact tie), and the normal result is the FMA of both parts.
// An infinite or NaN c gives an infinite or NaN result.
template <class F> inline F mul_tiny(F ch, F cl, F x) {
    using I = decltype(as_i32(x));
    const F am = abs_mantissa_scaled(x);
    const F ac = vabs(ch) * F(0x1p-60f);
    const F acl = as_f32(as_i32(cl) ^ as_i32(sign_bit(ch))) * F(0x1p-60f);  // cl relative to |ch|
    const F s = vfma(ac, am, F(0x1p-37f));
    const F rest = vfma(ac, am, F(0x1p-37f) - s) + acl * am;  // |c x| 2^89 + 2^-37 - s
    const I step = vselect(rest > F(0x1p-61f), I(1), vselect(rest < F(-0x1p-61f), I(-1), I(0)));
    const auto sub = s < F(0x1p-36f);
    const F mag = vselect(sub, as_f32(as_i32(subnormal_of_grid(s)) + step),
                          vselect(sub, F(1.0f), vfma(ac, am, acl * am)) * F(0x1p-89f));
    return as_f32(as_i32(mag) | (as_i32(sign_bit(ch)) ^ as_i32(sign_bit(x))));
}
// A float c: the pair form with cl = 0 (same bits), where the residual never
// passes half a step (s is then c x's one rounding), so the result is correctly
// rounded. Written out without the residual: half the instructions, and the
// cheap kernels' subnormal vectors (leaky_relu, prelu, dy y) run at ~2x.
template <class F> inline F mul_tiny(F c, F x) {
    const F am = abs_mantissa_scaled(x);
    const F ac = vabs(c) * F(0x1p-60f);
    const F s = vfma(ac, am, F(0x1p-37f));
    const auto sub = s < F(0x1p-36f);
    const F sign = as_f32(as_i32(sign_bit(c)) ^ as_i32(sign_bit(x)));
    // |c| <= 1 (leaky_relu's slope, most weights) keeps every result subnormal:
    // the normal path only where needed (the cheap kernels' subnormal rows
    // are near their 0.5x target)
    if (all(sub)) return as_f32(as_i32(subnormal_of_grid(s)) | as_i32(sign));
    const F mag = vselect(sub, subnormal_of_grid(s), vselect(sub, F(1.0f), ac * am) * F(0x1p-89f));
    return as_f32(as_i32(mag) | as_i32(sign));
}
template <class F> inline F mul_tiny(const dd_pair<F>& c, F x) { return mul_tiny(c.hi, c.lo, x); }

// ldexp_i(m, k) for m > 0 normal, m >= 2^-62, k in [-252, 254], with the same
// bits, but a subnormal result is built as in mul_tiny (one FMA rounds
// m 2^-64 2^(k+153) + 2^-37 to the grid, its mantissa field is the result)
// instead of by a multiply that rounds into the subnormals. k is capped at -26
// there (2^(k+153) must be a float); above it m 2^k >= 2^-88 is normal, and
// so is the capped s.
template <class F, class I> inline F ldexp_no_assist(F m, I k) {
    const F s = vfma(m * F(0x1p-64f), pow2i<F>(vmin(k, I(-26)) + I(153)), F(0x1p-37f));
    const auto sub = s < F(0x1p-36f);
    const F normal = ldexp_i(vselect(sub, F(1.0f), m), vselect(sub, I(0), k));
    return vselect(sub, subnormal_of_grid(s), normal);
}

}  // namespace SIMDACT_TIER_NS
}  // namespace simdact
