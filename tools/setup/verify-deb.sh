#!/bin/bash
# The Debian packages' (schoolgate, schoolgate-console) install, upgrade, removal and purge, tested as
# piuparts would, in a fresh `debootstrap --variant=minbase bookworm` chroot: piuparts' install, upgrade and
# purge checks, step by step, each one said, plus what piuparts cannot know (the daemon's --check and run,
# the console driven over its JSON API, the firewall rules' fate).
#
#   tools/setup/verify-deb.sh [options] SCRATCH_DIR
#
#   SCRATCH_DIR          work space outside the project: the cached pristine root filesystem (shared with
#                        verify-fresh-bookworm.sh), the chroot, the packages tested and the log
#   --include-worktree   build the packages from the committed files plus uncommitted changes (build-deb.sh)
#   --no-build           test the packages already in SCRATCH_DIR/v1 and SCRATCH_DIR/v2
#   --keep               keep the chroot afterwards (SCRATCH_DIR/root)
#
# It builds the packages with tools/setup/build-deb.sh (into build/deb, lintian included), then packages the
# same build again as version 0.1.0+verify1 (build-deb.sh --rebuild-as: dpkg-buildpackage -nc, the upgrade).
# In the chroot, tools/setup/deb-lifecycle-test.sh then: installs both packages' dependencies from Debian
# with apt and records every file; installs both packages with apt; runs `schoolgated --check` and
# `schoolgate-console --check` on the installed configuration, the daemon itself and the CLI; runs the
# postinsts twice (no second certificate or exemptions file); installs the firewall rules (in a private
# network namespace); makes console accounts, starts the console as user schoolgate on loopback over HTTPS
# (the certificate its postinst made) and drives its JSON API: the e-safety officer asks for an exemption,
# the headteacher approves, the installed exemptions file holds it and the daemon's --check still passes;
# edits a conffile and upgrades (the edit, the console-written exemption, the certificate, owners and modes
# stay); removes (the configuration, exemptions, log, store and rules stay, and it says how to open
# fail-closed networks); purges (rules, log, user, certificate, stores gone, said so) and compares the file
# list with the first; runs the purges again; checks both units with `systemd-analyze verify` and
# `security`; and purges the console alone after a school put its own certificate in place (kept).
# Too slow for CI (a debootstrap, a package build, apt: many minutes). Needs root, debootstrap, unshare, chroot.
# Exit status: 0 when every check passed, 1 when one failed, 2 on a usage or set-up error.
set -euo pipefail

project=$(cd "$(dirname "$0")/../.." && pwd)
include_worktree="" build=1 keep=0 scratch=""
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --include-worktree) include_worktree=--include-worktree ;;
    --no-build) build=0 ;;
    --keep) keep=1 ;;
    -h|--help) usage ;;
    -*) echo "verify-deb: unknown option $1" >&2; usage ;;
    *) [ -z "$scratch" ] || usage; scratch=$1 ;;
  esac
  shift
done
[ -n "$scratch" ] || usage
if [ "$(id -u)" -ne 0 ]; then echo "verify-deb: run as root (debootstrap, chroot)" >&2; exit 2; fi
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
case "$scratch/" in "$project"/*) echo "verify-deb: SCRATCH_DIR must be outside the project" >&2; exit 2 ;; esac

# --- the packages: the one tested, then the same build packaged again as a newer version (the upgrade) ---
if [ "$build" = 1 ]; then
  rm -rf "$scratch/v1" "$scratch/v2"; mkdir -p "$scratch/v1" "$scratch/v2"
  base=$(dpkg-parsechangelog -l "$project/debian/changelog" -S Version)
  "$project/tools/setup/build-deb.sh" $include_worktree "$project/build/deb"
  cp "$project"/build/deb/schoolgate_*.deb "$project"/build/deb/schoolgate-console_*.deb "$scratch/v1/"
  "$project/tools/setup/build-deb.sh" --no-lintian --rebuild-as "$base+verify1" "$project/build/deb"
  cp "$project"/build/deb/rebuild/schoolgate_*.deb "$project"/build/deb/rebuild/schoolgate-console_*.deb "$scratch/v2/"
fi
ls "$scratch"/v1/schoolgate_*.deb "$scratch"/v2/schoolgate_*.deb \
   "$scratch"/v1/schoolgate-console_*.deb "$scratch"/v2/schoolgate-console_*.deb >/dev/null \
  || { echo "verify-deb: no packages in $scratch/v1 and $scratch/v2" >&2; exit 2; }

# --- a fresh chroot from the pristine bookworm root filesystem ---
pristine=$scratch/rootfs-bookworm-minbase.tar
[ -s "$pristine" ] || "$project/tools/setup/verify-fresh-bookworm.sh" --rootfs-only "$scratch"
root=$scratch/root
rm -rf "$root"; mkdir -p "$root"
tar -C "$root" -xf "$pristine"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$root/root/debs"
cp -r "$scratch/v1" "$scratch/v2" "$root/root/debs/"
cp "$project/tools/setup/deb-lifecycle-test.sh" "$root/root/"

# PHASE runs in the chroot, in a private mount namespace (mounts vanish with it); with --net also in a
# private network namespace, so the firewall rules it installs never touch this machine's.
chroot_run() {  # [--net] PHASE
  local net=""; [ "$1" != --net ] || { net=--net; shift; }
  unshare --mount $net --fork /bin/bash -c '
    set -e; r=$1
    mount --make-rprivate /
    mount -t proc proc "$r/proc"
    mount --rbind /dev "$r/dev"
    mount -t sysfs sys "$r/sys"
    mount -t tmpfs tmpfs "$r/tmp"
    exec chroot "$r" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      HOME=/root LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive /bin/sh /root/deb-lifecycle-test.sh "$2"' \
    _ "$root" "$1"
}

log=$scratch/verify-deb.log
echo "== chroot $root; log: $log"
start=$SECONDS
set +e
{
  chroot_run online && chroot_run --net lifecycle && chroot_run unit
} 2>&1 | awk -v t0="$(date +%s)" '{ printf "[%4ds] %s\n", systime() - t0, $0; fflush() }' | tee "$log" \
  | grep -E '^\[ *[0-9]+s\] (==|PASS|FAIL|  )' | cut -c1-220
rc=${PIPESTATUS[0]}
set -e
[ "$keep" = 1 ] || rm -rf "$root"
passed=$(grep -c '\] PASS' "$log" || true) failed=$(grep -c '\] FAIL' "$log" || true)
echo "== verify-deb: $passed checks passed, $failed failed, in $((SECONDS - start)) s (log: $log)"
[ "$rc" = 0 ] && [ "$failed" = 0 ]
