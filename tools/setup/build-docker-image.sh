#!/bin/bash
# Builds the project's Dockerfile where no Docker engine runs, with podman (Debian's; daemonless, rootful, vfs
# storage, the build's RUN steps with chroot isolation), from a debian:bookworm base made locally by debootstrap
# (no registry is needed), then runs containers from the image (runc): the default command (the demo replay),
# `schoolgate --version`, `id`, and the packaged console's --check.
#
#   tools/setup/build-docker-image.sh [options] SCRATCH_DIR
#
#   SCRATCH_DIR          work space outside the project: the cached rootfs tarball (made by
#                        verify-fresh-bookworm.sh if missing), podman's storage (SCRATCH_DIR/podman, 3-4 GB),
#                        the build context and the logs
#   --include-worktree   build context = committed files plus uncommitted work tree changes and untracked files
#                        (default: committed files only, i.e. what `docker build .` sees in a clean clone)
#   --no-cache           rebuild every layer
#   --tag NAME           image name (default localhost/schoolgate:dev)
#   --checks-only        do not build; only run the checks on the image already built
#   --runtime-from DIR   build only the Dockerfile's runtime stage (its text, taken from the Dockerfile), with the
#                        packages tools/setup/build-deb.sh built in DIR in place of the build stage's (the same
#                        dpkg-buildpackage command): the image without compiling everything again uncached
#
# With a Docker engine this whole script is just:  docker build -t schoolgate . && docker run --rm schoolgate
# On this machine podman needs three settings (docs/docker.md): runc, not crun (crun refuses cgroups in hybrid
# mode), the cgroupfs manager (no systemd), and rlimits no higher than root's own (root lacks CAP_SYS_RESOURCE,
# so podman's defaults fail with "setrlimit RLIMIT_NOFILE: Operation not permitted").
# Exit status: 0 when the image built and every check passed, 1 otherwise, 2 on a usage or set-up error.
set -euo pipefail

project=$(cd "$(dirname "$0")/../.." && pwd)
include_worktree=0 no_cache="" tag=localhost/schoolgate:dev checks_only=0 scratch="" runtime_from=""
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --include-worktree) include_worktree=1 ;;
    --no-cache) no_cache=--no-cache ;;
    --checks-only) checks_only=1 ;;
    --runtime-from) [ $# -ge 2 ] || usage; runtime_from=$(cd "$2" && pwd); shift ;;
    --tag) [ $# -ge 2 ] || usage; tag=$2; shift ;;
    -h|--help) usage ;;
    -*) echo "build-docker-image: unknown option $1" >&2; usage ;;
    *) [ -z "$scratch" ] || usage; scratch=$1 ;;
  esac
  shift
done
[ -n "$scratch" ] || usage
if [ "$(id -u)" -ne 0 ]; then echo "build-docker-image: run as root (rootful podman)" >&2; exit 2; fi
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
case "$scratch/" in "$project"/*)
  echo "build-docker-image: SCRATCH_DIR must be outside the project ($project)" >&2; exit 2 ;;
esac

for tool in podman runc; do
  if ! command -v $tool >/dev/null; then
    echo "== installing $tool"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $tool >/dev/null
  fi
done
P=(podman --root "$scratch/podman/storage" --runroot "$scratch/podman/run" --storage-driver vfs
   --cgroup-manager cgroupfs --runtime runc)
limits=(--ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit "nproc=4096:4096")
echo "== $(podman --version), $(runc --version | head -n 1)"

# --- the base image: the cached debootstrap rootfs under the name the Dockerfile's FROM uses ---
base=docker.io/library/debian:bookworm
pristine=$scratch/rootfs-bookworm-minbase.tar
if ! "${P[@]}" image exists "$base"; then
  if [ ! -s "$pristine" ]; then
    "$project/tools/setup/verify-fresh-bookworm.sh" --rootfs-only "$scratch"
  fi
  echo "== importing $pristine as $base"
  start=$SECONDS
  "${P[@]}" import --change 'CMD ["/bin/bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$pristine" "$base" >/dev/null
  echo "   imported in $((SECONDS - start)) s"
else
  echo "== base image $base already present"
fi

bud_seconds=-
if [ "$checks_only" = 0 ]; then
# --- the build context ---
ctx=$scratch/context
rm -rf "$ctx"; mkdir -p "$ctx"
head=$(git -C "$project" rev-parse --short HEAD)
if [ "$include_worktree" = 1 ]; then
  ( cd "$project" && git ls-files -z --cached --others --exclude-standard \
      | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
      | tar --null --no-recursion -T - -cf - ) | tar -C "$ctx" -xf -
  what="HEAD $head plus uncommitted work tree files"
else
  git -C "$project" archive --format=tar HEAD | tar -C "$ctx" -xf -
  what="HEAD $head (committed files only)"
fi
echo "== build context: $what"
dockerfile=Dockerfile
if [ -n "$runtime_from" ]; then
  # The runtime stage alone: its text from the Dockerfile, the build stage's packages from build-deb.sh.
  mkdir -p "$ctx/src"
  cp "$runtime_from"/schoolgate_*.deb "$runtime_from"/schoolgate-console_*.deb "$ctx/src/"
  sed -n '/^FROM debian:bookworm AS runtime/,$p' "$ctx/Dockerfile" \
    | sed '/^COPY --from=build /{s/--from=build //; s| /src/| src/|g}' > "$ctx/Containerfile.runtime"
  grep -q '^COPY src/schoolgate_' "$ctx/Containerfile.runtime" \
    || { echo "build-docker-image: the Dockerfile's runtime stage no longer copies /src/*.deb from the build stage" >&2; exit 2; }
  dockerfile=Containerfile.runtime
  what="$what; runtime stage only, packages from $runtime_from: $(cd "$ctx/src" && echo *.deb)"
  echo "== $what"
fi

# --- build ---
mkdir -p "$scratch/logs"
log=$scratch/logs/podman-build.log
echo "== podman build --pull=never --isolation chroot --layers $no_cache -f $dockerfile -t $tag ."
start=$SECONDS
set +e
# Each log line starts with the seconds since the build started, to see where the time goes.
( cd "$ctx" && "${P[@]}" build --pull=never --isolation chroot "${limits[@]}" --layers $no_cache -f "$dockerfile" -t "$tag" . ) 2>&1 \
  | awk -v t0="$(date +%s)" '{ printf "[%4ds] %s\n", systime() - t0, $0; fflush() }' > "$log"
rc=${PIPESTATUS[0]}
set -e
bud_seconds=$((SECONDS - start))
if [ "$rc" != 0 ]; then
  tail -n 40 "$log" | sed 's/^/   | /'
  echo "== podman build FAILED (exit $rc) after $bud_seconds s; log: $log"
  exit 1
fi
grep -E '\] (STEP|COMMIT)|tests passed|Total Test time' "$log" | cut -c1-160 | sed 's/^/   | /'
echo "== built $tag in $bud_seconds s; log: $log"
fi

# --- run checks in containers from the image (podman run: runc, no network) ---
failures=0
check() {  # NAME PODMAN-RUN-ARGS... ; runs a container from the image, prints its output
  local name=$1 out err rc; shift
  echo
  echo "== [$name] podman run --rm --network none $*"
  set +e
  out=$("${P[@]}" run --rm --network none "${limits[@]}" "$@" 2>"$scratch/logs/check.err")
  rc=$?
  set -e
  err=$(cat "$scratch/logs/check.err")
  [ -z "$out" ] || printf '%s\n' "$out" | tail -n 12 | cut -c1-200 | sed 's/^/   stdout | /'
  [ -z "$err" ] || printf '%s\n' "$err" | tail -n 12 | cut -c1-200 | sed 's/^/   stderr | /'
  if [ "$rc" = 0 ]; then echo "== [$name] PASS"; else echo "== [$name] FAIL (exit $rc)"; failures=$((failures + 1)); fi
  last_out=$out
}
user=$("${P[@]}" image inspect --format '{{.Config.User}}' "$tag")
check "default command" "$tag"
check "version" "$tag" --version
check "console --check (the packaged console.yaml, HTTPS with the certificate made at install)" \
  --entrypoint schoolgate-console "$tag" --config /etc/schoolgate/console.yaml --check
check "user" --entrypoint id "$tag"
case $last_out in
  uid=0\(*) echo "== [user] FAIL: the image runs as root"; failures=$((failures + 1)) ;;
  *) echo "== [user] runs as the non-root user '$user'" ;;
esac

echo
echo "== images (vfs storage in $scratch/podman):"
"${P[@]}" images --format '   {{.Repository}}:{{.Tag}}  {{.ID}}  {{.Size}}'
size=$("${P[@]}" images --format '{{.Size}}' "$tag")
if [ "$checks_only" = 1 ]; then built="not rebuilt"; else built="built in ${bud_seconds} s"; fi
echo "== $tag: $size ($built), $failures failed check(s)"
[ "$failures" = 0 ]
