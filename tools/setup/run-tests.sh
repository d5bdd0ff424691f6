#!/bin/sh
# README command 2: on a fresh Debian 12 machine (as root), install what schoolgate needs, build it and run
# the whole test suite with ctest (unit, golden, layering). Exits non-zero if any test fails.
set -eu
cd "$(dirname "$0")/../.."
tools/setup/install-debian-deps.sh
# Warnings are errors here (CI and developers), not in a plain build.
tools/setup/build.sh -DSG_WARNINGS_AS_ERRORS=ON
cd "${SG_BUILD_DIR:-build}"
ctest --output-on-failure -j"$(nproc)"
