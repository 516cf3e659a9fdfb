// Deterministic inputs shared by golden_tool.cpp and dispatch_check.cpp.
//
// The same (x, dy) pairs on every machine and architecture: only integer
// arithmetic and bit patterns, no libm, no std::random distributions (whose
// results are implementation-defined).
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "simdact/simdact.h"
#include "test_util.hpp"

namespace simdact_test {

using testutil::from_bits;
inline uint32_t to_bits(float f) { return testutil::bits(f); }
// Every NaN as one pattern: QEMU (and different CPUs) may set NaN sign or
// payload bits differently, and the contract counts any NaN as equal to any NaN.
inline uint32_t canonical_bits(float f) { return f != f ? 0x7fc00000u : to_bits(f); }

// splitmix64: a fixed, portable stream of pseudo-random bits.
struct bit_stream {
    uint64_t s;
    explicit bit_stream(uint64_t seed) : s(seed) {}
    uint64_t next() {
        uint64_t z = (s += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    uint32_t next32() { return uint32_t(next() >> 32); }
};

struct input_set {
    std::vector<float> x, dy;
};

// Values every kernel must get right: zeros, infinities, NaNs, the ends of the
// normal and subnormal ranges, the kinks of the activations (0, +-0.5, +-1, +-3,
// +-6, +-20), the branch points of exp/tanh, each with its float neighbours.
inline std::vector<float> special_values() {
    const uint32_t bits[] = {
        0x00000000u,  // 0
        0x7f800000u,  // inf
        0x7fc00000u,  // quiet NaN
        0x7fa00000u,  // signalling NaN
        0x7fffffffu,  // NaN with full payload
        0x00800000u,  // FLT_MIN
        0x00000001u,  // smallest subnormal
        0x007fffffu,  // largest subnormal
        0x00400000u,  // a mid subnormal
        0x7f7fffffu,  // FLT_MAX
        0x34000000u,  // FLT_EPSILON
        0x33800000u,  // FLT_EPSILON / 2
    };
    const float kinks[] = {0.5f,  1.0f,   3.0f,  6.0f,   20.0f,  2.0f,   0.25f,  1e-3f, 1e-7f,
                           1e-20f, 1e-38f, 0.01f, 0.2f,  15.0f,  30.0f,  50.0f,  100.0f,
                           0x1.193ea8p-1f,                       // tanh's small/large switch
                           88.0f, 88.3762626647949f, 88.72283935546875f, 89.0f,  // exp overflow
                           87.33654022216797f, 103.97207708f, 104.0f, 126.0f, 150.0f,  // exp underflow
                           0.34657359f, 0.69314718f, 1e10f, 1e30f};
    std::vector<float> v;
    for (uint32_t b : bits) {
        v.push_back(from_bits(b));
        v.push_back(from_bits(b | 0x80000000u));
    }
    for (float k : kinks) {
        for (float s : {k, -k}) {
            v.push_back(s);
            v.push_back(std::nextafter(s, HUGE_VALF));
            v.push_back(std::nextafter(s, -HUGE_VALF));
        }
    }
    return v;
}

// Upstream gradients paired with every special x: ordinary values, zeros,
// infinities, NaN, a subnormal, a huge one.
inline std::vector<float> special_gradients() {
    return {1.0f, -1.0f, 0.5f, 3.75f, 0.0f, -0.0f, HUGE_VALF, -HUGE_VALF, from_bits(0x7fc00000u),
            from_bits(0x00000003u), 1e30f, -1e-30f};
}

// Every special x against every special dy.
inline input_set special_pairs() {
    input_set s;
    for (float x : special_values())
        for (float g : special_gradients()) {
            s.x.push_back(x);
            s.dy.push_back(g);
        }
    return s;
}

// dy for the samples: mostly uniform in [-2, 2) (exact from integers), every
// 16th a random bit pattern (any float, NaN and inf included).
inline float sample_dy(bit_stream& rng, std::size_t i) {
    const uint32_t r = rng.next32();
    if (i % 16 == 15) return from_bits(r);
    return float(int32_t(r >> 8) - (1 << 23)) * 0x1p-22f;
}

// The full golden set: the special pairs, then `dense` (2^18) bit patterns spread
// evenly over all 2^32 floats (the top 16 bits step evenly, the low 16 are
// pseudo-random: every sign, exponent and leading mantissa pattern), then a
// linear sweep of [-24, 24] where the activations bend. An odd total so every
// tier also runs its tail path.
inline input_set golden_inputs(std::size_t dense = std::size_t(1) << 18) {
    input_set s = special_pairs();
    bit_stream rng(0x5eed5eedull);
    for (std::size_t i = 0; i < dense; ++i) {
        const uint32_t hi = uint32_t(uint64_t(i) * 65536u / dense) << 16;
        s.x.push_back(from_bits(hi | (rng.next32() & 0xffffu)));
        s.dy.push_back(sample_dy(rng, i));
    }
    const int sweep = 12289;  // step 1/256: an exact grid on [-24, 24]
    for (int i = 0; i < sweep; ++i) {
        s.x.push_back(float(i - sweep / 2) * 0x1p-8f);
        s.dy.push_back(sample_dy(rng, std::size_t(i)));
    }
    if (s.x.size() % 2 == 0) {  // keep n odd: the tail path runs on every tier
        s.x.push_back(0.0f);
        s.dy.push_back(1.0f);
    }
    return s;
}

// A set of n pairs (n >= the special pairs) for slow emulation: the special
// pairs, then samples alternating any-float bit patterns and values in [-16, 16).
inline input_set small_inputs(std::size_t n) {
    input_set s = special_pairs();
    bit_stream rng(0xd15a7c4ull);
    for (std::size_t i = 0; s.x.size() < n; ++i) {
        const uint32_t r = rng.next32();
        s.x.push_back(i % 2 ? from_bits(r) : float(int32_t(r >> 8) - (1 << 23)) * 0x1p-19f);
        s.dy.push_back(sample_dy(rng, i));
    }
    return s;
}

// ---------------------------------------------------------------------------
// The kernels to check: every activation the library names, with its default
// parameters (fixed ones where it has none; plus leaky_relu with slope 0.2), in
// every direction the library offers.
enum direction { forward, backward, backward_from_output };
inline const char* direction_name(direction d) {
    return d == forward ? "forward" : d == backward ? "backward" : "backward_from_output";
}

struct kernel_case {
    simdact_activation act;
    simdact_params params;
    direction dir;
    std::string key;  // "leaky_relu(0x1.99999ap-3,0x0p+0) backward": the same on every machine
    std::size_t prelu_channels = 0, prelu_inner = 0;  // channels > 0: a PReLU case (act unused)
};

// PReLU's fixed weights (one per channel, cycling through these).
inline float prelu_weight(std::size_t c) {
    const float w[] = {0.25f, -0.5f, 1e-3f, 3.0f, 0.0f, -1e-30f, 0.125f};
    return w[c % 7];
}

inline std::vector<kernel_case> all_cases() {
    std::vector<kernel_case> cases;
    for (std::size_t a = 0; a < simdact_activation_count(); ++a) {
        const simdact_activation act = simdact_activation(a);
        const char* name = simdact_activation_name(act);
        if (!name) continue;  // in the enum but not implemented in this build
        std::vector<simdact_params> variants;
        simdact_params p{};
        if (simdact_default_params(act, &p) == SIMDACT_OK)
            variants.push_back(p);
        else
            variants.push_back({0.5f, -2.0f});  // no defaults (threshold): fixed ones
        if (std::string(name) == "leaky_relu") variants.push_back({0.2f, 0.0f});
        for (const simdact_params& v : variants) {
            char label[160];
            std::snprintf(label, sizeof label, "%s(%a,%a)", name, double(v.alpha), double(v.beta));
            for (direction d : {forward, backward, backward_from_output})
                cases.push_back({act, v, d, std::string(label) + " " + direction_name(d)});
        }
    }
    // PReLU (its own API): a per-element weight layout and a broadcast one; the
    // backward digest covers dx followed by dweight.
    const std::size_t shapes[][2] = {{7, 1}, {3, 40}};
    for (const auto& shape : shapes)
        for (direction d : {forward, backward}) {
            char label[64];
            std::snprintf(label, sizeof label, "prelu[%zux%zu] %s", shape[0], shape[1], direction_name(d));
            kernel_case c{simdact_activation(0), {0, 0}, d, label};
            c.prelu_channels = shape[0];
            c.prelu_inner = shape[1];
            cases.push_back(c);
        }
    return cases;
}

// Run one case on the kernels of `tier` fetched with simdact_get_kernel.
// Returns the status of the fetch (switching tier, then fetching); `available`
// is false where the library has no such kernel (backward_from_output is NULL).
inline simdact_status run_case(const kernel_case& c, const char* tier, const input_set& in,
                               std::vector<float>& out, bool& available) {
    available = false;
    simdact_status st = simdact_set_isa(tier);
    if (st != SIMDACT_OK) return st;
    if (c.prelu_channels) {
        const std::size_t block = c.prelu_channels * c.prelu_inner, n = in.x.size() / block * block;
        std::vector<float> w(c.prelu_channels);
        for (std::size_t i = 0; i < w.size(); ++i) w[i] = prelu_weight(i);
        out.assign(n, 0.0f);
        if (c.dir == forward) {
            st = simdact_prelu_forward(in.x.data(), w.data(), c.prelu_channels, c.prelu_inner, out.data(), n);
        } else {
            std::vector<float> dw(c.prelu_channels);
            st = simdact_prelu_backward(in.x.data(), w.data(), c.prelu_channels, c.prelu_inner, in.dy.data(),
                                        out.data(), dw.data(), n);
            out.insert(out.end(), dw.begin(), dw.end());
        }
        available = st == SIMDACT_OK;
        return st;
    }
    simdact_kernel k{};
    st = simdact_get_kernel(c.act, &c.params, &k);
    if (st != SIMDACT_OK) return st;
    out.assign(in.x.size(), 0.0f);
    const std::size_t n = in.x.size();
    switch (c.dir) {
    case forward: k.forward(in.x.data(), out.data(), n, &k.params); break;
    case backward: k.backward(in.x.data(), in.dy.data(), out.data(), n, &k.params); break;
    case backward_from_output:
        // y is fed the same inputs as x: the contract is same bits for every
        // float, not only for values f can produce.
        if (!k.backward_from_output) return SIMDACT_OK;
        k.backward_from_output(in.x.data(), in.dy.data(), out.data(), n, &k.params);
        break;
    }
    available = true;
    return SIMDACT_OK;
}

// 64-bit FNV-1a over the canonical bits of the results.
inline uint64_t digest(const std::vector<float>& v) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (float f : v) {
        uint32_t b = canonical_bits(f);
        for (int i = 0; i < 4; ++i) {
            h ^= (b >> (8 * i)) & 0xffu;
            h *= 0x100000001b3ull;
        }
    }
    return h;
}

}  // namespace simdact_test
