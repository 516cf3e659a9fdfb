// The memory roofline (built -O3 -march=native): the cheapest kernels of each shape.
#include <cstring>

#include "bench/peers/peer.hpp"

namespace bench {

void copy_forward(const float* x, float* y, std::size_t n) { std::memcpy(y, x, n * sizeof(float)); }

void copy_backward(const float* in, const float* dy, float* dx, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * in[i];
}

}  // namespace bench
