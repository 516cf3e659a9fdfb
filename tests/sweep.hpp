// ULP measurement against the references: shared by the doctest accuracy suite
// (a dense sample) and the exhaustive accuracy tool (all 2^32 inputs).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "reference.hpp"

namespace ref {

enum class direction { forward, backward, from_output };
const char* direction_name(direction d);
bool has_direction(const reference_case& c, direction d);
double bound(const reference_case& c, direction d);

// The spec's metric: |got - exact| / ulp(exact), ulp(v) = 2^(max(e,-126)-23).
// NaN must match NaN; an exact value beyond float range must be the same
// infinity. A mismatch of that kind counts as an infinite error.
double ulp_error(float got, real exact);

// The float outputs of the exact function for one input (rounding not applied).
real exact_value(const reference_case& c, direction d, float in, float dy);

struct stats {
    double max_ulp = 0;
    float worst_input = 0;
    float worst_got = 0;
    real worst_exact = 0;
    std::uint64_t over_1ulp = 0;
    std::uint64_t count = 0;
};
// Merges b into a (same kernel, disjoint inputs).
void merge(stats& a, const stats& b);

// Runs kernel (c, d) on the active tier over the inputs whose bit patterns are
// first, first+stride, ... < end (64-bit so that end = 2^32 is possible), with
// dy = 1, and measures the error of each output.
stats sweep(const reference_case& c, direction d, std::uint64_t first, std::uint64_t end, std::uint64_t stride);

// The same for several kernels of one activation (one per tier, fetched with
// simdact_get_kernel), computing the reference once per input.
std::vector<stats> sweep_kernels(const reference_case& c, direction d, const std::vector<simdact_kernel>& kernels,
                                 std::uint64_t first, std::uint64_t end, std::uint64_t stride);

// The same for a list of inputs.
stats sweep_values(const reference_case& c, direction d, const std::vector<float>& values);

// Special inputs every sweep must include.
const std::vector<float>& special_inputs();

std::string describe(float v);

}  // namespace ref
