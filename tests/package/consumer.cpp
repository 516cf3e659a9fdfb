// C++ consumer: the README's C++ example.
#include <cstdio>
#include <simdact/simdact.hpp>
#include <vector>

int main() {
    std::vector<float> x = {-2.0f, -0.5f, 0.0f, 0.5f, 2.0f}, y(5), dy(5, 1.0f), dx(5);
    simdact::forward(simdact::activation::tanh, x.data(), y.data(), x.size());
    const simdact::kernel k = simdact::get_kernel(simdact::activation::leaky_relu, simdact::leaky_relu_params(0.2f));
    k.backward(x.data(), dy.data(), dx.data(), x.size());
    if (y[2] != 0.0f || dx[0] != 0.2f || dx[4] != 1.0f) return 1;
    try {
        simdact::set_isa("no-such-isa");
        return 1;
    } catch (const simdact::error& e) {
        std::printf("expected error: %s\n", e.what());
    }
    std::printf("consumer_cpp ok on %s\n", k.isa());
    return 0;
}
