#!/bin/bash
# Builds the project's Dockerfile where no Docker engine runs, with buildah (daemonless, rootful, vfs storage,
# chroot isolation), from a debian:bookworm base made locally by debootstrap (no registry is needed), then runs
# the image's default command (the demo replay), `schoolgate --version` and `id` in a container from the image.
#
#   tools/setup/build-docker-image.sh [options] SCRATCH_DIR
#
#   SCRATCH_DIR          work space outside the project: the cached rootfs tarball (made by
#                        verify-fresh-bookworm.sh if missing), buildah's storage (SCRATCH_DIR/buildah, 3-4 GB),
#                        the build context and the logs
#   --include-worktree   build context = committed files plus uncommitted work tree changes and untracked files
#                        (default: committed files only, i.e. what `docker build .` sees in a clean clone)
#   --no-cache           rebuild every layer
#   --tag NAME           image name (default localhost/schoolgate:dev)
#   --checks-only        do not build; only run the checks on the image already built
#
# With a Docker engine this whole script is just:  docker build -t schoolgate . && docker run --rm schoolgate
# Exit status: 0 when the image built and every check passed, 1 otherwise, 2 on a usage or set-up error.
set -euo pipefail

project=$(cd "$(dirname "$0")/../.." && pwd)
include_worktree=0 no_cache="" tag=localhost/schoolgate:dev checks_only=0 scratch=""
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --include-worktree) include_worktree=1 ;;
    --no-cache) no_cache=--no-cache ;;
    --checks-only) checks_only=1 ;;
    --tag) [ $# -ge 2 ] || usage; tag=$2; shift ;;
    -h|--help) usage ;;
    -*) echo "build-docker-image: unknown option $1" >&2; usage ;;
    *) [ -z "$scratch" ] || usage; scratch=$1 ;;
  esac
  shift
done
[ -n "$scratch" ] || usage
if [ "$(id -u)" -ne 0 ]; then echo "build-docker-image: run as root (rootful buildah)" >&2; exit 2; fi
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
case "$scratch/" in "$project"/*)
  echo "build-docker-image: SCRATCH_DIR must be outside the project ($project)" >&2; exit 2 ;;
esac

if ! command -v buildah >/dev/null; then
  echo "== installing buildah"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q buildah >/dev/null
fi
B=(buildah --storage-driver vfs --root "$scratch/buildah/storage" --runroot "$scratch/buildah/run")
echo "== $(buildah --version)"

# --- the base image: the cached debootstrap rootfs under the name the Dockerfile's FROM uses ---
base=docker.io/library/debian:bookworm
pristine=$scratch/rootfs-bookworm-minbase.tar
if ! "${B[@]}" inspect --type image "$base" >/dev/null 2>&1; then
  if [ ! -s "$pristine" ]; then
    "$project/tools/setup/verify-fresh-bookworm.sh" --rootfs-only "$scratch"
  fi
  echo "== importing $pristine as $base"
  start=$SECONDS
  c=$("${B[@]}" from scratch)
  "${B[@]}" add "$c" "$pristine" / >/dev/null
  "${B[@]}" config --cmd /bin/bash --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$c"
  "${B[@]}" commit --rm -q "$c" "$base" >/dev/null
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

# --- build ---
mkdir -p "$scratch/logs"
log=$scratch/logs/buildah-bud.log
echo "== buildah bud --pull-never --isolation chroot --layers $no_cache -t $tag ."
start=$SECONDS
set +e
# Each log line starts with the seconds since the build started, to see where the time goes.
( cd "$ctx" && "${B[@]}" bud --pull-never --isolation chroot --layers $no_cache -t "$tag" . ) 2>&1 \
  | awk -v t0="$(date +%s)" '{ printf "[%4ds] %s\n", systime() - t0, $0; fflush() }' > "$log"
rc=${PIPESTATUS[0]}
set -e
bud_seconds=$((SECONDS - start))
if [ "$rc" != 0 ]; then
  tail -n 40 "$log" | sed 's/^/   | /'
  echo "== buildah bud FAILED (exit $rc) after $bud_seconds s; log: $log"
  exit 1
fi
grep -E '\] (STEP|COMMIT)|tests passed|Total Test time' "$log" | cut -c1-160 | sed 's/^/   | /'
echo "== built $tag in $bud_seconds s; log: $log"
fi

# --- run checks in a container from the image (chroot isolation; this machine cannot run OCI containers) ---
c=$("${B[@]}" from --pull-never "$tag")
trap '"${B[@]}" rm "$c" >/dev/null 2>&1 || true' EXIT
mapfile -d '' -t entrypoint < <("${B[@]}" inspect --type image \
  --format '{{range .OCIv1.Config.Entrypoint}}{{printf "%s\x00" .}}{{end}}' "$tag")
mapfile -d '' -t cmd < <("${B[@]}" inspect --type image \
  --format '{{range .OCIv1.Config.Cmd}}{{printf "%s\x00" .}}{{end}}' "$tag")
user=$("${B[@]}" inspect --type image --format '{{.OCIv1.Config.User}}' "$tag")

failures=0
check() {  # NAME COMMAND... ; runs the command in the container, prints its output
  local name=$1 out err rc; shift
  echo
  echo "== [$name] buildah run --isolation chroot CONTAINER -- $*"
  set +e
  out=$("${B[@]}" run --isolation chroot "$c" -- "$@" 2>"$scratch/logs/check.err")
  rc=$?
  set -e
  err=$(cat "$scratch/logs/check.err")
  [ -z "$out" ] || printf '%s\n' "$out" | tail -n 12 | cut -c1-200 | sed 's/^/   stdout | /'
  [ -z "$err" ] || printf '%s\n' "$err" | tail -n 12 | cut -c1-200 | sed 's/^/   stderr | /'
  if [ "$rc" = 0 ]; then echo "== [$name] PASS"; else echo "== [$name] FAIL (exit $rc)"; failures=$((failures + 1)); fi
  last_out=$out
}
check "default command" "${entrypoint[@]}" "${cmd[@]}"
check "version" schoolgate --version
check "user" id
case $last_out in
  uid=0\(*) echo "== [user] FAIL: the image runs as root"; failures=$((failures + 1)) ;;
  *) echo "== [user] runs as the non-root user '$user'" ;;
esac

echo
echo "== images (vfs storage in $scratch/buildah):"
"${B[@]}" images --format '   {{.Name}}:{{.Tag}}  {{.ID}}  {{.Size}}'
size=$("${B[@]}" images --format '{{.Size}}' "$tag")
if [ "$checks_only" = 1 ]; then built="not rebuilt"; else built="built in ${bud_seconds} s"; fi
echo "== $tag: $size ($built), $failures failed check(s)"
[ "$failures" = 0 ]
