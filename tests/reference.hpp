// Independent high-precision references: each activation's exact maths in long
// double (64-bit mantissa on x86), written from the spec table
// (../shared/spec/semantics.md), never from the kernels. One reference_case per
// activation and parameter set; the generic suites iterate over all of them.
#pragma once
#include <vector>

#include "simdact/simdact.h"

namespace ref {

using real = long double;

struct reference_case {
    const char* label;             // e.g. "leaky_relu(slope=0.2)"
    simdact_activation act;
    simdact_params params;         // passed explicitly (equal to the defaults for the default case)
    real (*forward)(real x, const simdact_params& p);
    real (*derivative)(real x, const simdact_params& p);          // f'(x)
    real (*from_output)(float y, const simdact_params& p);        // g(y), nullptr if none
    // Accepted max ULP (the spec's bounds unless the spec allows an exception).
    double forward_ulp = 2, backward_ulp = 4, from_output_ulp = 4;
};

const std::vector<reference_case>& cases();

}  // namespace ref
