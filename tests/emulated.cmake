# Programs for the cross-architecture and emulated-CPU checks (tests/emulated.sh),
# also registered as ordinary tests: natively they compare the tiers of this CPU,
# in a cross build ctest runs them through CMAKE_CROSSCOMPILING_EMULATOR.
# Included from tests/CMakeLists.txt:  include(${CMAKE_CURRENT_LIST_DIR}/emulated.cmake)
# Needs only the library (no doctest).
include_guard(GLOBAL)

# simdact-golden: per-kernel digests of the golden inputs (digest), every tier
# against scalar (check), raw outputs of one kernel (values).
add_executable(simdact-golden ${CMAKE_CURRENT_LIST_DIR}/golden_tool.cpp)
target_link_libraries(simdact-golden PRIVATE simdact::simdact)

# simdact-dispatch-check: tier selection, refusals, and bits of every tier on 1e4 inputs.
add_executable(simdact-dispatch-check ${CMAKE_CURRENT_LIST_DIR}/dispatch_check.cpp)
target_link_libraries(simdact-dispatch-check PRIVATE simdact::simdact)

# Both build tier-independent code only: no ISA flags, default contraction is harmless.
add_test(NAME golden_tiers_equal_scalar COMMAND simdact-golden check)
add_test(NAME dispatch_check COMMAND simdact-dispatch-check)
