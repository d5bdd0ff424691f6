#!/bin/bash
# Builds schoolgate's Debian packages (debian/, debhelper) the one way they are built: `dpkg-buildpackage
# -us -uc -b` on a clean copy of the source, then lintian on the result.
#
#   tools/setup/build-deb.sh [options] [OUT_DIR]
#
#   OUT_DIR              where the packages go (default build/deb); the source copy is OUT_DIR/src/schoolgate
#   --include-worktree   build from the committed files plus uncommitted changes and untracked files (default:
#                        committed files only, what a clean clone has)
#   --version V          build as version V (a changelog entry is added to the copy only)
#   --rebuild-as V       build the last copy again as version V, without cleaning: the compiled programs are
#                        reused, the packages are made afresh (verify-deb.sh's upgrade test); results go to
#                        OUT_DIR/rebuild/
#   --no-lintian         skip lintian
#
# Needs the build dependencies (debian/control's Build-Depends, all in tools/setup/install-debian-deps.sh);
# does not need root. Prints the packages built and lintian's findings; exit status 0 when the build passed
# and lintian reported no error or warning, 1 otherwise, 2 on a usage error.
set -euo pipefail

project=$(cd "$(dirname "$0")/../.." && pwd)
include_worktree=0 version="" rebuild="" lintian=1 out=""
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --include-worktree) include_worktree=1 ;;
    --version) [ $# -ge 2 ] || usage; version=$2; shift ;;
    --rebuild-as) [ $# -ge 2 ] || usage; rebuild=$2; shift ;;
    --no-lintian) lintian=0 ;;
    -h|--help) usage ;;
    -*) echo "build-deb: unknown option $1" >&2; usage ;;
    *) [ -z "$out" ] || usage; out=$1 ;;
  esac
  shift
done
out=${out:-$project/build/deb}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# A clean copy: a package is built from the source as a clean clone has it, never from a developer's
# build tree. The same path every time, so the compiler cache (ccache) can serve a rebuild.
src=$out/src/schoolgate
buildpackage=(dpkg-buildpackage -us -uc -b)
if [ -n "$rebuild" ]; then
  [ -d "$src/debian" ] || { echo "build-deb: --rebuild-as needs an earlier build in $src" >&2; exit 2; }
  version=$rebuild buildpackage+=(-nc)
  echo "== source: the copy in $src, built before, rebuilt as $version"
else
  rm -rf "$src"; mkdir -p "$src"
  if [ "$include_worktree" = 1 ]; then
    ( cd "$project" && git ls-files -z --cached --others --exclude-standard \
        | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
        | tar --null --no-recursion -T - -cf - ) | tar -C "$src" -xf -
    echo "== source: HEAD $(git -C "$project" rev-parse --short HEAD) plus uncommitted work tree files"
  else
    git -C "$project" archive --format=tar HEAD | tar -C "$src" -xf -
    echo "== source: HEAD $(git -C "$project" rev-parse --short HEAD) (committed files only)"
  fi
fi
if [ -n "$version" ]; then
  ( cd "$src" && DEBFULLNAME="schoolgate developers" DEBEMAIL=schoolgate@example.org \
      dch --newversion "$version" --distribution unstable --force-distribution \
        "Rebuilt as $version by tools/setup/build-deb.sh." )
fi
rm -f "$out"/src/*.deb "$out"/src/*.ddeb "$out"/src/*.buildinfo "$out"/src/*.changes

# debhelper builds with one job unless told: as many as there are cores (DEB_BUILD_OPTIONS=parallel=N wins).
case " ${DEB_BUILD_OPTIONS:-} " in
  *" parallel="*) ;;
  *) export DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:+$DEB_BUILD_OPTIONS }parallel=$(nproc)" ;;
esac
echo "== ${buildpackage[*]} (DEB_BUILD_OPTIONS=$DEB_BUILD_OPTIONS; log: $out/build.log)"
start=$SECONDS
if ! ( cd "$src" && "${buildpackage[@]}" ) > "$out/build.log" 2>&1; then
  tail -n 30 "$out/build.log" | sed 's/^/   | /'
  echo "== build-deb: dpkg-buildpackage FAILED after $((SECONDS - start)) s; log: $out/build.log"
  exit 1
fi
echo "   built in $((SECONDS - start)) s"
[ -z "$rebuild" ] || { out=$out/rebuild; mkdir -p "$out"; }
rm -f "$out"/*.deb "$out"/*.ddeb "$out"/*.buildinfo "$out"/*.changes
mv "${src%/schoolgate}"/*.deb "${src%/schoolgate}"/*.buildinfo "${src%/schoolgate}"/*.changes "$out"/
for deb in "$out"/*.deb; do
  echo "   $(basename "$deb")  $(du -h "$deb" | cut -f1)"
done

status=0
if [ "$lintian" = 1 ]; then
  echo "== lintian --display-info --pedantic on the .changes (source-less: the binary packages)"
  changes=$(ls "$out"/*.changes)
  lintian --display-info --pedantic --fail-on error,warning "$changes" > "$out/lintian.log" 2>&1 || status=1
  if [ -s "$out/lintian.log" ]; then sed 's/^/   | /' "$out/lintian.log"; else echo "   (no findings)"; fi
  [ "$status" = 0 ] && echo "== lintian: no errors, no warnings" || echo "== lintian: errors or warnings (above)"
fi
exit $status
