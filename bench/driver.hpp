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
// simdact_activation_count(), so new ones are picked up without touching bench/),
// then PReLU (own entry points simdact_prelu_forward/backward, one weight per
// channel): its rows use the layout [channels = kPreluChannels][inner = n / 64]
// and the weights of prelu_weights(); backward computes dx and dweight. The simdact
// PReLU functions dispatch on the active tier: each tier's Call switches tier with
// set_tier() (a no-op when it is already active; the first call of a row is the
// untimed warm-up, so a switch is never timed). PReLU rows exist where n % 64 == 0.
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

constexpr std::size_t kPreluChannels = 64;
// 64 weights in [0.05, 0.45] (PyTorch's default init is 0.25), the same for every implementation.
const float* prelu_weights();
// Makes tier (a pointer from simdact_supported_isa) the active one if it is not already.
void set_tier(const char* tier);

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
// then the copy rows if copy_impl is given, then (unless SIMDACT_BENCH_EXTRAS=0):
//  - small-call latency, n = 16 (and 15, 100: a partial last vector), best tier,
//    forward of relu, sigmoid, tanh, gelu:
//      latency/simdact_api/<tier>/<act>/forward/16     simdact_forward(act, NULL, x, y, 16)
//      latency/simdact_kernel/<tier>/<act>/forward/16  k.forward(x, y, 16, &k.params)
//  - special inputs, n = SIMDACT_BENCH_SPECIAL_N (65536), the first simdact Impl of
//    impls (the best tier), every op and direction:
//      special/<kind>/simdact/<tier>/<act>/<dir>/<n>, kind = subnormal, huge, nan:
//    the input (x, or y for backward from the output) is all random-sign subnormals
//    (random nonzero mantissa), |x| log-uniform in [1e30, 1e38], or quiet NaNs
//    (random payload and sign); dy stays ordinary.
//  - x86-64: limits/divide/<tier> for avx512 and avx2 where the CPU has them, the
//    divider's throughput in floats per second (bench/limits.hpp).
// Adds the tiers to the JSON context.
void register_all(const std::vector<Impl>& impls, const Impl* copy_impl);

// Standard main body: registers, then runs with Google Benchmark's flags.
int run_benchmarks(int argc, char** argv, const std::vector<Impl>& impls, const Impl* copy_impl);

}  // namespace bench
