#!/bin/sh
# Configures and builds schoolgate into ./build (or $SG_BUILD_DIR). Extra arguments go to cmake's configure
# step, e.g. -DCMAKE_BUILD_TYPE=Debug.
set -eu
cd "$(dirname "$0")/../.."
build_dir=${SG_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=${SG_BUILD_TYPE:-RelWithDebInfo} "$@"
cmake --build "$build_dir" -j"$(nproc)"
