/* The calls that take a simdact_activation, made from C as a C caller makes them:
 * in C any int converts to the enum, so out-of-range values are legal arguments
 * (in C++ the cast itself would be undefined for values outside the enum's range). */
#include "simdact/simdact.h"

simdact_status fuzz_forward(int act, const simdact_params* p, const float* x, float* y, size_t n) {
    return simdact_forward((simdact_activation)act, p, x, y, n);
}
simdact_status fuzz_backward(int act, const simdact_params* p, const float* x, const float* dy, float* dx, size_t n) {
    return simdact_backward((simdact_activation)act, p, x, dy, dx, n);
}
simdact_status fuzz_backward_from_output(int act, const simdact_params* p, const float* y, const float* dy, float* dx,
                                         size_t n) {
    return simdact_backward_from_output((simdact_activation)act, p, y, dy, dx, n);
}
simdact_status fuzz_get_kernel(int act, const simdact_params* p, simdact_kernel* out) {
    return simdact_get_kernel((simdact_activation)act, p, out);
}
