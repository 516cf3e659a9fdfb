# simdact_add_tier(<name> <source> <flags>)
# Compiles one tier translation unit as an object library simdact_tier_<name>
# with its instruction-set flags. Kernel code is always built at -O2 with
# -ffp-contract=off: -O2 even in Debug so that no arch-independent inline
# function is left out of line with ISA encodings (the ODR hazard of per-ISA
# builds), and no contraction so every tier rounds the same (FMA only where
# the source says vfma).
set(SIMDACT_TIERS "" CACHE INTERNAL "tiers built for this target")
# The tiers among them built with instruction-set flags (not the neon tier on
# aarch64, nor scalar): only their objects can hold an ISA-specific copy of a
# shared inline function, so only they need the weak-symbol check.
set(SIMDACT_FLAGGED_TIERS "" CACHE INTERNAL "tiers built with ISA flags")
function(simdact_add_tier name source flags)
  add_library(simdact_tier_${name} OBJECT ${source})
  target_include_directories(simdact_tier_${name} PRIVATE
    ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/include ${SIMDACT_XSIMD_INCLUDE_DIR})
  target_compile_options(simdact_tier_${name} PRIVATE ${flags} -O2 -ffp-contract=off)
  set_target_properties(simdact_tier_${name} PROPERTIES
    POSITION_INDEPENDENT_CODE ON CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  set(SIMDACT_TIERS ${SIMDACT_TIERS} ${name} CACHE INTERNAL "tiers built for this target")
  if(NOT "${flags}" STREQUAL "")
    set(SIMDACT_FLAGGED_TIERS ${SIMDACT_FLAGGED_TIERS} ${name} CACHE INTERNAL "tiers built with ISA flags")
  endif()
endfunction()
