#!/usr/bin/env bash
# Installs simdact (static and shared) into a temporary prefix and builds the
# consumer project against it with find_package, with pkg-config, and with
# add_subdirectory; runs each consumer.
set -euo pipefail
src="$1"; work="$2"
rm -rf "$work"; mkdir -p "$work"
for kind in static shared; do
  shared=OFF; [ "$kind" = shared ] && shared=ON
  cmake -S "$src" -B "$work/build-$kind" -DBUILD_SHARED_LIBS=$shared -DSIMDACT_BUILD_TESTS=OFF \
        -DSIMDACT_BUILD_BENCH=OFF -DCMAKE_INSTALL_PREFIX="$work/prefix-$kind" >/dev/null
  cmake --build "$work/build-$kind" -j2 >/dev/null
  cmake --install "$work/build-$kind" >/dev/null
  cmake -S "$src/tests/package" -B "$work/consumer-$kind" -DCMAKE_PREFIX_PATH="$work/prefix-$kind" >/dev/null
  cmake --build "$work/consumer-$kind" >/dev/null
  LD_LIBRARY_PATH="$work/prefix-$kind/lib" "$work/consumer-$kind/consumer_c"
  LD_LIBRARY_PATH="$work/prefix-$kind/lib" "$work/consumer-$kind/consumer_cpp"
  # pkg-config, by hand as a Makefile user would
  pc="$(find "$work/prefix-$kind" -name simdact.pc)"
  flags="$(PKG_CONFIG_PATH="$(dirname "$pc")" pkg-config --cflags --libs $([ $kind = static ] && echo --static) simdact)"
  cc -std=c99 "$src/tests/package/consumer.c" $flags -o "$work/pc-$kind"
  LD_LIBRARY_PATH="$work/prefix-$kind/lib" "$work/pc-$kind"
  "$work/prefix-$kind/bin/simdact-info" >/dev/null 2>&1 || LD_LIBRARY_PATH="$work/prefix-$kind/lib" "$work/prefix-$kind/bin/simdact-info" | head -1
done
cmake -S "$src/tests/package" -B "$work/consumer-subdir" -DSIMDACT_USE=subdirectory -DSIMDACT_SOURCE_DIR="$src" >/dev/null
cmake --build "$work/consumer-subdir" -j2 >/dev/null
"$work/consumer-subdir/consumer_c"
"$work/consumer-subdir/consumer_cpp"
echo "package test ok"
