// Buffer handling on the tier under test, for every activation, parameter set
// and direction: every length 0..300 and a large one, misaligned pointers, in
// place, no write outside [p, p + n), and the same bits as the scalar tier.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>

#include "reference.hpp"
#include "sweep.hpp"
#include "test_util.hpp"

namespace {

using ref::direction;

// Runs kernel (c, d) on the tier `tier` (the active one if empty).
void run(const ref::reference_case& c, direction d, const float* in, const float* dy, float* out, std::size_t n) {
    simdact_status s = SIMDACT_OK;
    switch (d) {
        case direction::forward: s = simdact_forward(c.act, &c.params, in, out, n); break;
        case direction::backward: s = simdact_backward(c.act, &c.params, in, dy, out, n); break;
        case direction::from_output: s = simdact_backward_from_output(c.act, &c.params, in, dy, out, n); break;
    }
    REQUIRE(s == SIMDACT_OK);
}

const direction all_directions[] = {direction::forward, direction::backward, direction::from_output};

std::string name(const ref::reference_case& c, direction d) {
    return std::string(c.label) + " " + ref::direction_name(d) + " on " + testutil::tier();
}

// Reference outputs for the whole input, computed one element at a time (n = 1:
// the tail path), so the vector body is compared with the tail path too.
std::vector<float> one_by_one(const ref::reference_case& c, direction d, const std::vector<float>& in,
                              const std::vector<float>& dy) {
    std::vector<float> out(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) run(c, d, &in[i], &dy[i], &out[i], 1);
    return out;
}

}  // namespace

TEST_CASE("every length 0..300 and 100003, misaligned, guarded against stray writes") {
    const std::size_t big = 100003;
    const std::vector<float> in = testutil::varied_inputs(big + 16, 1);
    const std::vector<float> dy = testutil::varied_inputs(big + 16, 2);
    const float guard = -1234.5f;
    for (const ref::reference_case& c : ref::cases())
        for (direction d : all_directions) {
            if (!ref::has_direction(c, d)) continue;
            const std::vector<float> expected = one_by_one(c, d, in, dy);
            std::vector<std::size_t> lengths;
            for (std::size_t n = 0; n <= 300; ++n) lengths.push_back(n);
            lengths.push_back(big);
            bool ok = true;
            for (std::size_t n : lengths)
                for (std::size_t offset : {0u, 1u, 3u}) {  // 4-, 8- and 16-byte misalignment relative to 64
                    // out[0..pad) and out[pad+n..) are guards.
                    const std::size_t pad = 16;
                    std::vector<float> out(n + 2 * pad, guard);
                    run(c, d, in.data() + offset, dy.data() + offset, out.data() + pad + offset % 2, n);
                    for (std::size_t i = 0; i < n && ok; ++i)
                        if (!testutil::same(out[pad + offset % 2 + i], expected[offset + i])) {
                            FAIL_CHECK(name(c, d), ": n=", n, " offset=", offset, " element ", i, " differs from n=1");
                            ok = false;
                        }
                    for (std::size_t i = 0; i < out.size() && ok; ++i)
                        if ((i < pad + offset % 2 || i >= pad + offset % 2 + n) && testutil::bits(out[i]) != testutil::bits(guard)) {
                            FAIL_CHECK(name(c, d), ": n=", n, " wrote outside its buffer at ", i);
                            ok = false;
                        }
                }
            CHECK_MESSAGE(ok, name(c, d));
        }
}

TEST_CASE("in place: y == x, dx == dy, dx == x") {
    const std::size_t n = 1037;
    const std::vector<float> in = testutil::varied_inputs(n, 3);
    const std::vector<float> dy = testutil::varied_inputs(n, 4);
    for (const ref::reference_case& c : ref::cases())
        for (direction d : all_directions) {
            if (!ref::has_direction(c, d)) continue;
            std::vector<float> expected(n);
            run(c, d, in.data(), dy.data(), expected.data(), n);
            std::vector<float> a = in, g = dy;
            if (d == direction::forward) {
                run(c, d, a.data(), nullptr, a.data(), n);
                CHECK_MESSAGE(std::equal(a.begin(), a.end(), expected.begin(), testutil::same), name(c, d), " y == x");
                continue;
            }
            run(c, d, a.data(), g.data(), g.data(), n);
            CHECK_MESSAGE(std::equal(g.begin(), g.end(), expected.begin(), testutil::same), name(c, d), " dx == dy");
            g = dy;
            run(c, d, a.data(), g.data(), a.data(), n);
            CHECK_MESSAGE(std::equal(a.begin(), a.end(), expected.begin(), testutil::same), name(c, d), " dx == in");
        }
}

TEST_CASE("same bits as the scalar tier") {
    // A dense sample of all floats and the special inputs, dy varied.
    std::vector<float> in;
    for (std::uint64_t b = 0; b < (std::uint64_t(1) << 32); b += 65521) in.push_back(testutil::from_bits(std::uint32_t(b)));
    in.insert(in.end(), ref::special_inputs().begin(), ref::special_inputs().end());
    const std::vector<float> more = testutil::varied_inputs(20000, 5);
    in.insert(in.end(), more.begin(), more.end());
    const std::vector<float> dy = testutil::varied_inputs(in.size(), 6);
    const std::string tier = testutil::tier();
    for (const ref::reference_case& c : ref::cases())
        for (direction d : all_directions) {
            if (!ref::has_direction(c, d)) continue;
            std::vector<float> here(in.size()), scalar(in.size());
            run(c, d, in.data(), dy.data(), here.data(), in.size());
            {
                testutil::tier_scope s("scalar");
                run(c, d, in.data(), dy.data(), scalar.data(), in.size());
            }
            std::size_t differ = 0, first = 0;
            for (std::size_t i = 0; i < in.size(); ++i)
                if (!testutil::same(here[i], scalar[i]) && differ++ == 0) first = i;
            CHECK_MESSAGE(differ == 0, name(c, d), ": ", differ, " outputs differ from scalar, first at in = ",
                          ref::describe(in[first]), " dy = ", ref::describe(dy[first]), ": ", ref::describe(here[first]),
                          " vs ", ref::describe(scalar[first]));
        }
}

TEST_CASE("a subnormal at any position hands the call over with the same bits") {
    // The loops (kernels/loops.hpp) test two vectors at a time for subnormal
    // inputs and, at the first hit, finish the call in a second loop that takes
    // the tiny paths: put one subnormal at every position of every length up to
    // three pairs of the widest vector plus a tail (in the first or second
    // vector of a pair, the single vector after the pairs, the tail), and
    // compare each element with its result alone (n = 1), also in place.
    const std::size_t max_n = 6 * 16 + 15;
    std::vector<float> base(max_n), dy(max_n);
    std::mt19937 rng(17);
    std::uniform_real_distribution<float> ordinary(-6.0f, 6.0f);
    for (float& v : base) v = ordinary(rng);
    for (float& g : dy) g = ordinary(rng);
    const float tiny[] = {0x1p-149f, -0x1.3p-130f, 0x1.fffffcp-127f, -0x0.5p-126f};
    for (const ref::reference_case& c : ref::cases())
        for (direction d : all_directions) {
            if (!ref::has_direction(c, d)) continue;
            // each element alone: the ordinary input, and each subnormal, with dy[i]
            const std::vector<float> alone = one_by_one(c, d, base, dy);
            std::vector<std::vector<float>> alone_tiny;
            for (float t : tiny) alone_tiny.push_back(one_by_one(c, d, std::vector<float>(max_n, t), dy));
            bool ok = true;
            for (std::size_t n = 1; n <= max_n && ok; ++n)
                for (std::size_t p = 0; p < n && ok; ++p) {
                    std::vector<float> in(base.begin(), base.begin() + n);
                    in[p] = tiny[(n + p) % 4];
                    std::vector<float> out(n), same_buffer = in;
                    run(c, d, in.data(), dy.data(), out.data(), n);
                    run(c, d, same_buffer.data(), dy.data(), same_buffer.data(), n);  // y == x, dx == in
                    for (std::size_t i = 0; i < n && ok; ++i) {
                        const float expected = i == p ? alone_tiny[(n + p) % 4][i] : alone[i];
                        if (!testutil::same(out[i], expected) || !testutil::same(same_buffer[i], expected)) {
                            FAIL_CHECK(name(c, d), ": n=", n, " subnormal at ", p, ": element ", i, " differs from n=1");
                            ok = false;
                        }
                    }
                }
            CHECK_MESSAGE(ok, name(c, d));
        }
}

TEST_CASE("calls of 64 MiB and more (streaming stores): same bits, misaligned, guarded, subnormal hand-over") {
    // kernels/loops.hpp writes the output of a call whose buffers add up to
    // 64 MiB with streaming stores (the avx2 and avx512 tiers; the others have
    // none and skip this) from the output's first 64-byte boundary on, the head
    // before it and the remainder as usual. The expected bits come from the
    // same inputs in calls below 2^15 floats (no prefetch, no streaming: the
    // path the other cases here check); calls of 2^15 + 37 and 2^20 + 37 check
    // the prefetching loop that does not stream. Outputs at 0, 1, 7 and 15 floats from a
    // 64-byte boundary; at 7 with a subnormal late in the call (the hand-over
    // to the tiny loop then happens mid-stream). One activation per kind of
    // loop body: the loop is one template for all.
    const std::string tier = testutil::tier();
    if (tier != "avx2" && tier != "avx512") return;
    const std::size_t n_forward = (std::size_t(64) << 20) / 8 + 21, n_backward = (std::size_t(64) << 20) / 12 + 21;
    const std::size_t near_max = (std::size_t(1) << 15) - 16;  // below prefetch_from: the ordinary loop
    const std::size_t cap = n_forward + 64;
    std::vector<float> in = testutil::varied_inputs(cap, 7), dy = testutil::varied_inputs(cap, 8);
    for (std::vector<float>* v : {&in, &dy})  // subnormals only where placed below
        for (float& f : *v)
            if (std::fpclassify(f) == FP_SUBNORMAL) f = 0.75f;
    const std::string labels[] = {"relu", "sigmoid", "elu(alpha=0.3)", "hardswish"};
    const float guard = -1234.5f;
    std::vector<float> out_buffer(cap + 2 * 64);
    // a 64-byte aligned base inside out_buffer
    float* const base = out_buffer.data() + (64 - reinterpret_cast<std::uintptr_t>(out_buffer.data()) % 64) % 64 / sizeof(float);
    for (const ref::reference_case& c : ref::cases()) {
        if (std::find(std::begin(labels), std::end(labels), c.label) == std::end(labels)) continue;
        for (direction d : all_directions) {
            if (!ref::has_direction(c, d)) continue;
            const std::size_t n = d == direction::forward ? n_forward : n_backward;
            for (bool with_subnormal : {false, true}) {
                std::vector<float> x(in.begin() + 3, in.begin() + 3 + n);  // misaligned inputs
                if (with_subnormal) x[n - 1000] = -0x1.3p-140f;
                std::vector<float> expected(n);
                for (std::size_t i = 0; i < n; i += near_max)
                    run(c, d, &x[i], &dy[5 + i], &expected[i], std::min(n - i, near_max));
                for (int log2_n : {15, 20}) {  // calls that prefetch but do not stream
                    const std::size_t m = (std::size_t(1) << log2_n) + 37;
                    std::vector<float> far(m);
                    run(c, d, x.data(), &dy[5], far.data(), m);
                    CHECK_MESSAGE(std::equal(far.begin(), far.end(), expected.begin(), testutil::same), name(c, d),
                                  ": n = 2^", log2_n, " + 37 differs");
                }
                for (std::size_t offset : with_subnormal ? std::vector<std::size_t>{7} : std::vector<std::size_t>{0, 1, 15}) {
                    float* out = base + 16 + offset;
                    std::fill(base, base + n + 48, guard);
                    run(c, d, x.data(), &dy[5], out, n);
                    std::size_t differ = 0, first = 0;
                    for (std::size_t i = 0; i < n; ++i)
                        if (!testutil::same(out[i], expected[i]) && differ++ == 0) first = i;
                    CHECK_MESSAGE(differ == 0, name(c, d), ": offset ", offset, ": ", differ, " outputs differ, first at ",
                                  first);
                    bool guards = true;
                    for (const float* g = base; g < out; ++g) guards &= testutil::bits(*g) == testutil::bits(guard);
                    for (const float* g = out + n; g < base + n + 48; ++g) guards &= testutil::bits(*g) == testutil::bits(guard);
                    CHECK_MESSAGE(guards, name(c, d), ": offset ", offset, ": wrote outside its buffer");
                }
            }
        }
    }
}
