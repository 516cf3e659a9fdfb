// simdact-bench: every simdact activation x direction x supported tier x size,
// plus the copy roofline. Names: simdact/<tier>/<activation>/<direction>/<n>.
#include "bench/driver.hpp"

int main(int argc, char** argv) {
    std::vector<bench::Impl> impls = bench::simdact_impls();
    bench::Impl copy;
    copy.prefix = "copy";
    copy.make = [](const bench::Op&, bench::Dir dir) -> bench::Call {
        if (dir == bench::kForward)
            return [](const float* in, const float*, float* out, std::size_t n) { bench::copy_forward(in, out, n); };
        if (dir == bench::kBackward) return bench::copy_backward;
        return {};
    };
    return bench::run_benchmarks(argc, argv, impls, &copy);
}
