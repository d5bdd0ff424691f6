# Sourced by the bench/ scripts. Sets root (the repository), shared (../shared beside it), cache
# (bench/.cache, git-ignored) and results (bench/results), and provides the build steps they share.
# Nothing here is run by CTest or .ci/run: benchmarks are run by hand.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
shared=${SG_SHARED:-$root/../shared}
cache=${SG_BENCH_CACHE:-$root/bench/.cache}
results=${SG_BENCH_RESULTS:-$root/bench/results}
bench_build=${SG_BENCH_BUILD_DIR:-$root/build-bench}
mkdir -p "$cache" "$results"

need_shared() {
  if [ ! -x "$shared/bench/make-big-capture.sh" ] || [ ! -d "$shared/pcaps/ndpi" ]; then
    echo "bench: $shared/bench/make-big-capture.sh or $shared/pcaps/ndpi is missing." >&2
    echo "bench: the reference capture is built from the shared nDPI captures; check out shared/ beside" >&2
    echo "bench: the repository (../shared) or point SG_SHARED at it." >&2
    exit 2
  fi
}

# The Release build the benchmarks use (its own directory; never build/).
ensure_release_build() {
  # Only the targets the benchmarks run are built: other engineers' work in progress elsewhere in the tree
  # (the daemon, say) need not compile for a benchmark to run. Same flags as
  # SG_BUILD_DIR=build-bench SG_BUILD_TYPE=Release tools/setup/build.sh -DSG_BUILD_TESTS=OFF.
  if [ ! -f "$bench_build/CMakeCache.txt" ] || [ "${SG_BENCH_REBUILD:-0}" = 1 ]; then
    echo "bench: configuring the Release build in $bench_build" >&2
    cmake -S "$root" -B "$bench_build" -DCMAKE_BUILD_TYPE=Release -DSG_BUILD_TESTS=OFF >&2
  fi
  grep -q '^CMAKE_BUILD_TYPE:STRING=Release' "$bench_build/CMakeCache.txt" || {
    echo "bench: $bench_build is not a Release build (remove it or set SG_BENCH_REBUILD=1)" >&2; exit 2; }
  cmake --build "$bench_build" -j"$(nproc)" --target schoolgate >&2
  schoolgate=$bench_build/bin/schoolgate
}

# The reference capture: 2.0 M packets, 98.8 k flows, built once and kept in the cache.
ensure_big_capture() {
  big=$cache/big-mix.pcap
  if [ ! -s "$big" ]; then
    need_shared
    echo "bench: building the reference capture $big (about 1 GB, once)" >&2
    "$shared/bench/make-big-capture.sh" "$big.tmp" >&2
    mv "$big.tmp" "$big"
  fi
}

ensure_floor() {
  floor=$cache/pcaploop
  if [ ! -x "$floor" ] || [ "$shared/bench/pcaploop.c" -nt "$floor" ]; then
    need_shared
    gcc -O2 -Wall -o "$floor" "$shared/bench/pcaploop.c" -lpcap
  fi
}

# The peers and tools come from Debian only (bench/deps.txt; not part of the CI or test dependencies).
ensure_bench_deps() {
  local missing=""
  command -v ndpiReader >/dev/null || missing="$missing libndpi-bin"
  [ -x /usr/bin/time ] || missing="$missing time"
  command -v taskset >/dev/null || missing="$missing util-linux"
  command -v valgrind >/dev/null || missing="$missing valgrind"
  command -v python3 >/dev/null || missing="$missing python3"
  if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $missing >&2
    else
      echo "bench: missing Debian packages:$missing (see bench/deps.txt)" >&2; exit 2
    fi
  fi
}
