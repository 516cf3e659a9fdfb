// simdact-info: what simdact detected on this machine and which tier it uses.
#include <cstdio>

#include "simdact/simdact.h"

int main() {
    std::printf("simdact %d.%d.%d\n", SIMDACT_VERSION_MAJOR, SIMDACT_VERSION_MINOR, SIMDACT_VERSION_PATCH);
    std::printf("cpu features:    %s\n", simdact_cpu_features());
    std::printf("supported tiers:");
    for (size_t i = 0; i < simdact_supported_isa_count(); ++i) std::printf(" %s", simdact_supported_isa(i));
    std::printf("\nactive tier:     %s\n", simdact_active_isa());
    std::printf("why:             %s\n", simdact_isa_reason());
    return 0;
}
