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

// An operation benchmarked across implementations: today every simdact
// activation (from simdact_activation_count()). PReLU, with its own entry points
// (simdact_prelu_forward/backward and a channel layout), will be one more Op with
// its own Call builders: add it in ops() and in the simdact/peer factories.
struct Op {
    std::string name;        // "sigmoid"
    simdact_activation act;  // its enum value (y = f(x) for backward-from-output inputs)
};
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
