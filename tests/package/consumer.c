/* C99 consumer: the README's C example. */
#include <stdio.h>
#include <simdact/simdact.h>

int main(void) {
    float x[5] = {-2.0f, -0.5f, 0.0f, 0.5f, 2.0f}, y[5], dy[5] = {1, 1, 1, 1, 1}, dx[5];
    simdact_params slope = {0.2f, 0.0f};
    if (simdact_forward(SIMDACT_SIGMOID, NULL, x, y, 5) != SIMDACT_OK) return 1;
    if (simdact_backward_from_output(SIMDACT_SIGMOID, NULL, y, dy, dx, 5) != SIMDACT_OK) return 1;
    if (y[2] != 0.5f || dx[2] != 0.25f) return 1;
    if (simdact_forward(SIMDACT_LEAKY_RELU, &slope, x, x, 5) != SIMDACT_OK || x[0] != -0.4f) return 1; /* in place */
    if (simdact_forward(SIMDACT_TANH, NULL, x, x + 1, 4) != SIMDACT_ERROR_OVERLAP) return 1;
    printf("consumer_c ok on %s\n", simdact_active_isa());
    return 0;
}
