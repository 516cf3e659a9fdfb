#!/usr/bin/env bash
# Resumable full 2^32 accuracy sweep: runs simdact-accuracy --case LABEL (all
# 2^32 inputs, every tier) for each kernel ACCURACY.md still lists as "Not yet
# swept in full", one at a time at the lowest priority, and adds each finished
# run to ACCURACY.md (tests/compose_accuracy.py). Stop it any time; rerun to go on
# (finished runs are kept in the work folder). Several hours for all of them.
#   bash tests/full_sweep.sh [WORK_DIR]     (default: build-test/full-sweep)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-$root/build-test/full-sweep}"
tool="$root/build-test/tests/simdact-accuracy"
if [ ! -x "$tool" ]; then
  cmake -S "$root" -B "$root/build-test" -DCMAKE_BUILD_TYPE=Release -DSIMDACT_BUILD_BENCH=OFF >/dev/null
  cmake --build "$root/build-test" --target simdact-accuracy -j "$(nproc 2>/dev/null || echo 2)"
fi
mkdir -p "$work"
missing() {
  sed -n 's/^Not yet swept in full (covered by the stride-61 table below): \(.*\)\.$/\1/p' "$root/ACCURACY.md" |
    sed 's/, /\n/g'
}
while IFS= read -r label; do
  [ -n "$label" ] || continue
  out="$work/$label.md"
  if [ ! -f "$out" ]; then
    echo "full sweep: $label ($(date +%H:%M))"
    nice -n 19 "$tool" --case "$label" --out "$work/part.md"
    mv "$work/part.md" "$out"
  fi
  python3 "$root/tests/compose_accuracy.py" --readme "$root/README.md" "$root/ACCURACY.md" "$out"
done < <(missing)
