#!/bin/sh
# The whole test suite again under AddressSanitizer and UndefinedBehaviorSanitizer (CMake preset "sanitize").
# Leaves out the two cross-checks that only compare against tshark's reading of captures (no engine code
# differs between builds there, and they are the slowest). Run after install-debian-deps.sh.
set -eu
cd "$(dirname "$0")/../.."
cmake --preset sanitize >/dev/null
cmake --build --preset sanitize -j"$(nproc)"
ctest --preset sanitize -j"$(nproc)"
