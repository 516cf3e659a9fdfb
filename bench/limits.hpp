// Machine limits measured beside the kernels (report.py, "Machine limits"):
// how many floats a second this CPU's divider gives when each vector of floats
// takes one divide, so that a speed target above it can be recognised as out of
// reach for any kernel that divides once per vector.
#pragma once

#include <cstddef>

namespace bench {

// Runs `rounds` rounds of 8 independent vector divides (vdivps on zmm for
// avx512, on ymm for avx2) and returns the floats divided (rounds * 8 * lanes).
// Call it only for a tier divide_limit_supported says this CPU has.
std::size_t divide_limit_run(const char* tier, std::size_t rounds);
bool divide_limit_supported(const char* tier);

}  // namespace bench
