#!/bin/bash
# Proves the README's two set-up commands work on a fresh Debian 12 machine, without a VM or a Docker engine:
# each command runs as root in its own fresh `debootstrap --variant=minbase bookworm` root filesystem (chroot),
# on the project's committed files only (what a clean clone has), and must install everything it needs itself.
#
#   tools/setup/verify-fresh-bookworm.sh [options] SCRATCH_DIR
#
#   SCRATCH_DIR          work space outside the project (about 1.5 GB per kept root); it holds the cached pristine
#                        root filesystem (rootfs-bookworm-minbase.tar), the fresh roots and the logs.
#   --include-worktree   also copy uncommitted changes and untracked (not ignored) files of the work tree
#   --only demo|tests    run just README command 1 (demo) or 2 (tests)
#   --keep               keep the roots after the run (SCRATCH_DIR/roots/{demo,tests}) for inspection
#   --tail N             lines of each command's output to print (default 25)
#   --rootfs-only        only make (or check) the cached pristine root filesystem tarball, then stop
#
# Environment: DEBIAN_MIRROR, DEBIAN_SECURITY_MIRROR override the mirrors read from this machine's apt sources.
# Needs root, debootstrap (installed with apt-get if missing), unshare and chroot. Every mount is made inside a
# private mount namespace (unshare --mount), so nothing stays mounted when a command ends or is interrupted.
# Exit status: 0 when every command run passed, 1 when one failed, 2 on a usage or set-up error.
set -euo pipefail

project=$(cd "$(dirname "$0")/../.." && pwd)
include_worktree=0 only="" keep=0 tail_lines=25 rootfs_only=0 scratch=""
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --include-worktree) include_worktree=1 ;;
    --only) [ $# -ge 2 ] || usage; only=$2; shift ;;
    --keep) keep=1 ;;
    --rootfs-only) rootfs_only=1 ;;
    --tail) [ $# -ge 2 ] || usage; tail_lines=$2; shift ;;
    -h|--help) usage ;;
    -*) echo "verify-fresh-bookworm: unknown option $1" >&2; usage ;;
    *) [ -z "$scratch" ] || usage; scratch=$1 ;;
  esac
  shift
done
[ -n "$scratch" ] || usage
case $only in ""|demo|tests) ;; *) echo "verify-fresh-bookworm: --only takes demo or tests" >&2; exit 2 ;; esac
if [ "$(id -u)" -ne 0 ]; then echo "verify-fresh-bookworm: run as root (debootstrap, chroot)" >&2; exit 2; fi
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
case "$scratch/" in "$project"/*)
  echo "verify-fresh-bookworm: SCRATCH_DIR must be outside the project ($project)" >&2; exit 2 ;;
esac

# --- mirrors: the first Debian archive in this machine's apt sources (deb822 or one-line format) ---
apt_uris() {
  { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{for (i = 2; i <= NF; i++) print $i}'
    grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | sed 's/\[[^]]*\]//' | awk '{print $2}'
  } | sed 's:/*$::'
}
mirror=${DEBIAN_MIRROR:-$(apt_uris | grep -E '/debian$' | head -n1 || true)}
mirror=${mirror:-http://deb.debian.org/debian}
security=${DEBIAN_SECURITY_MIRROR:-$(apt_uris | grep -E '/debian-security$' | head -n1 || true)}
security=${security:-http://deb.debian.org/debian-security}

# --- the pristine root filesystem, made once and cached as a tarball ---
pristine=$scratch/rootfs-bookworm-minbase.tar
if [ ! -s "$pristine" ]; then
  if ! command -v debootstrap >/dev/null; then
    echo "== installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null
  fi
  tmp=$scratch/debootstrap.tmp
  rm -rf "$tmp"
  echo "== debootstrap --variant=minbase bookworm $mirror"
  start=$SECONDS
  debootstrap --variant=minbase bookworm "$tmp" "$mirror" > "$scratch/debootstrap.log" 2>&1 \
    || { tail -n 20 "$scratch/debootstrap.log" >&2; echo "verify-fresh-bookworm: debootstrap failed" >&2; exit 2; }
  # The apt sources a fresh Debian 12 install has: the release, its updates and security.
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s bookworm-security main\n' \
    "$mirror" "$mirror" "$security" > "$tmp/etc/apt/sources.list"
  rm -rf "$tmp"/var/lib/apt/lists/* "$tmp"/var/cache/apt/archives/*.deb
  tar -C "$tmp" -cf "$pristine.part" . && mv "$pristine.part" "$pristine"
  rm -rf "$tmp"
  echo "   made $pristine ($(du -h "$pristine" | cut -f1)) in $((SECONDS - start)) s"
else
  echo "== reusing $pristine ($(du -h "$pristine" | cut -f1))"
fi
[ "$rootfs_only" = 0 ] || exit 0

# --- the project's files: HEAD as a clean clone has it, optionally plus the work tree's changes ---
src_tar=$scratch/schoolgate-src.tar
head=$(git -C "$project" rev-parse --short HEAD)
if [ "$include_worktree" = 1 ]; then
  ( cd "$project" && git ls-files -z --cached --others --exclude-standard \
      | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
      | tar --null --no-recursion -T - -cf "$src_tar" )
  what="HEAD $head plus uncommitted work tree files ($(git -C "$project" status --porcelain | wc -l) changed/untracked)"
else
  git -C "$project" archive --format=tar HEAD > "$src_tar"
  what="HEAD $head (committed files only)"
fi
echo "== project files: $what, $(tar -tf "$src_tar" | grep -vc '/$') files"

# --- run one command as root in a fresh root filesystem ---
# The mounts (/proc, /dev, /sys, a private /tmp) live in a private mount namespace and vanish with it.
chroot_run() {  # ROOT COMMAND
  unshare --mount --fork /bin/bash -c '
    set -e; r=$1
    mount --make-rprivate /
    mount -t proc proc "$r/proc"
    mount --rbind /dev "$r/dev"
    mount -t sysfs sys "$r/sys"
    mount -t tmpfs tmpfs "$r/tmp"
    exec chroot "$r" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      HOME=/root LANG=C.UTF-8 TERM=dumb /bin/sh -c "$2"' _ "$1" "$2"
}

declare -A results=() seconds=()
run_case() {  # NAME README-COMMAND
  local name=$1 cmd=$2 root=$scratch/roots/$1 log=$scratch/logs/$1.log rc start
  rm -rf "$root"; mkdir -p "$root" "$scratch/logs"
  tar -C "$root" -xf "$pristine"
  cp /etc/resolv.conf "$root/etc/resolv.conf"     # name resolution for apt, as a real machine would have
  mkdir -p "$root/root/schoolgate"
  tar -C "$root/root/schoolgate" -xf "$src_tar"
  echo
  echo "== [$name] fresh bookworm root, as root: cd /root/schoolgate && $cmd"
  start=$SECONDS
  set +e
  # Each log line starts with the seconds since the command started, to see where the time goes.
  chroot_run "$root" "cd /root/schoolgate && $cmd" 2>&1 \
    | awk -v t0="$(date +%s)" '{ printf "[%4ds] %s\n", systime() - t0, $0; fflush() }' > "$log"
  rc=${PIPESTATUS[0]}
  set -e
  seconds[$name]=$((SECONDS - start))
  if [ "$rc" = 0 ]; then results[$name]=PASS; else results[$name]="FAIL (exit $rc)"; fi
  echo "-- last $tail_lines lines of $log:"
  tail -n "$tail_lines" "$log" | sed 's/^/   | /'
  echo "== [$name] ${results[$name]} in ${seconds[$name]} s"
  if [ "$keep" = 0 ]; then rm -rf "$root"; fi
}

[ "$only" = tests ] || run_case demo  tools/setup/run-demo.sh
[ "$only" = demo ]  || run_case tests tools/setup/run-tests.sh

echo
echo "== summary (fresh Debian 12 minbase, $what)"
status=0
for name in demo tests; do
  [ -n "${results[$name]:-}" ] || continue
  case $name in demo) c="tools/setup/run-demo.sh " ;; tests) c="tools/setup/run-tests.sh" ;; esac
  printf '   %-5s %s  %-18s %4s s   log: %s\n' "$name" "$c" "${results[$name]}" "${seconds[$name]}" \
    "$scratch/logs/$name.log"
  [ "${results[$name]}" = PASS ] || status=1
done
exit $status
