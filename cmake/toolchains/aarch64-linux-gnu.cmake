# Cross toolchain: aarch64 Linux with Debian's g++-aarch64-linux-gnu, tests run
# under qemu-user.
#
#   cmake -S . -B build-aarch64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake
#   cmake --build build-aarch64 && ctest --test-dir build-aarch64
#
# Needs: apt-get install g++-aarch64-linux-gnu qemu-user (tests/emulated.sh does it).
# Debian ships no aarch64 Google Benchmark, so benchmarks are off by default here;
# xsimd is header-only and found in /usr/include by the top-level CMakeLists.txt;
# doctest (header-only) is found on the build host (see tests/).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(SIMDACT_CROSS_TRIPLE aarch64-linux-gnu)
set(CMAKE_C_COMPILER ${SIMDACT_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${SIMDACT_CROSS_TRIPLE}-g++)

# Target libraries and headers live in the multiarch sysroot /usr/aarch64-linux-gnu.
set(CMAKE_FIND_ROOT_PATH /usr/${SIMDACT_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)   # build tools come from the host
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)    # never link a host (x86) library
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# ctest (and add_test/doctest_discover_tests) run target programs through qemu-user;
# -L gives qemu the dynamic loader and libstdc++ of the aarch64 sysroot.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64;-L;/usr/${SIMDACT_CROSS_TRIPLE} CACHE STRING
    "how to run aarch64 programs on the build host")

# No aarch64 libbenchmark in Debian: benchmarks off unless asked for explicitly.
set(SIMDACT_BUILD_BENCH OFF CACHE BOOL "Build the Google Benchmark programs")

# doctest is header-only, so the build host's package serves any target. The
# find-root re-rooting above would hide /usr/lib/cmake/doctest from a plain
# find_package(doctest); pointing doctest_DIR at it makes that call work (as does
# find_package(doctest PATHS /usr/lib/cmake/doctest NO_CMAKE_FIND_ROOT_PATH)).
if(EXISTS /usr/lib/cmake/doctest/doctestConfig.cmake)
  set(doctest_DIR /usr/lib/cmake/doctest CACHE PATH "doctest's CMake package (host, header-only)")
endif()
