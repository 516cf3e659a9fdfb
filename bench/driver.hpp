// Benchmark driver shared by simdact-bench and simdact-peers: input buffers,
// sizes, and programmatic registration of `impl/activation/direction/n` rows.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "bench/peers/peer.hpp"
#include "simdact/simdact.h"

namespace bench {

const char* dir_name(Dir d);  // "forward", "backward", "backward_from_output"

// One timed call on the shared buffers: in = x (forward, backward) or y = f(x)
// (backward from the output); dy unused by forward.
using Call = std::function<void(const float* in, const float* dy, float* out, std::size_t n)>;

// An operation benchmarked across implementations: every simdact activation (from
// simdact_activation_count(), so new ones are picked up without touching bench/).
//
// Adding PReLU (own entry points simdact_prelu_forward/backward, weights per channel):
//  1. ops(): append Op{"prelu", {}, {}, false};
//  2. simdact_impls(): for !op.registry, build the Call from the PReLU functions with a
//     weight buffer and a [outer][channels][inner] layout (e.g. channels = 64, inner =
//     n / 64); if those functions dispatch on the active tier rather than a fetched
//     kernel, have the Call switch simdact_set_isa(tier) when the tier differs from the
//     last one set (the first call is the untimed warm-up, so the switch is not timed);
//  3. peers: a "prelu" row in the plain/eigen tables (w[c] read through params or a
//     side buffer) and oneDNN's prelu primitive. The report needs no change.
struct Op {
    std::string name;               // "sigmoid"
    simdact_activation act;         // its enum value, when registry is true
    simdact_params params;          // what every implementation gets: simdact's defaults, or
                                    // bench_params() where there are none (threshold)
    bool registry = true;           // false: an op with its own entry points (PReLU)
};
// Parameters for activations without defaults: threshold = 0.1, value = 20 (the example
// of PyTorch's nn.Threshold docs). False when the bench knows no values for it.
bool bench_params(const std::string& name, simdact_params* out);
std::vector<Op> ops();

// Sizes: SIMDACT_BENCH_SIZES="4096,65536" overrides the default 4096, 65536, 16777216.
std::vector<std::size_t> sizes();

// An implementation: a name prefix ("simdact/avx512", "onednn") and a factory that
// returns an empty Call where it has no such activation or direction.
struct Impl {
    std::string prefix;
    std::function<Call(const Op& op, Dir dir)> make;
    bool big_sizes = true;  // also run n >= 16M
};

// simdact: one Impl per tier this CPU supports ("simdact/avx512", "simdact/avx2", ...),
// best first; kernels are fetched with simdact_set_isa(tier) then simdact_get_kernel.
std::vector<Impl> simdact_impls();

// Registers op x direction x size x impl (in that nesting, so inputs are reused),
// then the copy rows if copy_impl is given. Adds the tiers to the JSON context.
void register_all(const std::vector<Impl>& impls, const Impl* copy_impl);

// Standard main body: registers, then runs with Google Benchmark's flags.
int run_benchmarks(int argc, char** argv, const std::vector<Impl>& impls, const Impl* copy_impl);

}  // namespace bench
