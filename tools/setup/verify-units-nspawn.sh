#!/bin/bash
# The packages' systemd units run under a real systemd: a fresh `debootstrap --variant=minbase bookworm` root
# with systemd from Debian and both packages installed with apt, booted with `systemd-nspawn -b` in a private
# network namespace (the firewall rules it installs never touch this machine's). Inside it: schoolgated and
# schoolgate-console enabled and started by systemd, both active, the daemon as user schoolgate with only
# CAP_NET_ADMIN, the stats socket root:schoolgate, the console over HTTPS reading the daemon's status through
# the socket, an exemption requested and approved through the console under its sandbox and the daemon's
# reload (generation 2), `systemctl reload`, `systemd-analyze security` on the running units, and a clean stop.
#
#   tools/setup/verify-units-nspawn.sh [--keep] SCRATCH_DIR
#
#   SCRATCH_DIR   work space outside the project: the cached pristine root filesystem (verify-deb.sh's),
#                 the container's root and the log. The packages tested are SCRATCH_DIR/v1/*.deb (verify-deb.sh
#                 puts them there), else build/deb/*.deb.
#   --keep        keep the container's root afterwards (SCRATCH_DIR/nspawn-root)
#
# Needs root and systemd-nspawn (Debian's systemd-container; not run by CI: minutes). This machine has no
# systemd of its own, so nspawn runs with --register=no --keep-unit (no machined, no scope).
# Exit status: 0 when every check passed, 1 when one failed, 2 on a usage or set-up error.
set -euo pipefail

project=$(cd "$(dirname "$0")/../.." && pwd)
keep=0 scratch=""
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --keep) keep=1 ;;
    -h|--help) usage ;;
    -*) echo "verify-units-nspawn: unknown option $1" >&2; usage ;;
    *) [ -z "$scratch" ] || usage; scratch=$1 ;;
  esac
  shift
done
[ -n "$scratch" ] || usage
if [ "$(id -u)" -ne 0 ]; then echo "verify-units-nspawn: run as root" >&2; exit 2; fi
command -v systemd-nspawn >/dev/null || { echo "verify-units-nspawn: needs systemd-nspawn (apt-get install systemd-container)" >&2; exit 2; }
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
debs=$scratch/v1
ls "$debs"/schoolgate_*.deb "$debs"/schoolgate-console_*.deb >/dev/null 2>&1 || debs=$project/build/deb
ls "$debs"/schoolgate_*.deb "$debs"/schoolgate-console_*.deb >/dev/null \
  || { echo "verify-units-nspawn: no packages (tools/setup/build-deb.sh)" >&2; exit 2; }
pristine=$scratch/rootfs-bookworm-minbase.tar
[ -s "$pristine" ] || "$project/tools/setup/verify-fresh-bookworm.sh" --rootfs-only "$scratch"

root=$scratch/nspawn-root
log=$scratch/verify-units-nspawn.log
rm -rf "$root"; mkdir -p "$root"
tar -C "$root" -xf "$pristine"
cp /etc/resolv.conf "$root/etc/resolv.conf"
echo sgunits > "$root/etc/hostname"
mkdir -p "$root/root/debs"
cp "$debs"/schoolgate_*.deb "$debs"/schoolgate-console_*.deb "$root/root/debs/"
exec > >(tee "$log") 2>&1

failures=0
check() {  # DESCRIPTION COMMAND...: passes when the command exits 0; its output is shown indented
  local what=$1 out; shift
  if out=$("$@" 2>&1); then echo "PASS $what"; else echo "FAIL $what (exit $?)"; failures=$((failures + 1)); fi
  [ -z "$out" ] || printf '%s\n' "$out" | tail -n 15 | cut -c1-200 | sed 's/^/     | /'
}

# --- set up in a chroot: systemd, the packages, two console accounts, both units enabled ---
echo "== the root: systemd from Debian, both packages with apt, console accounts, both units enabled"
setup=$(cat <<'SETUP'
set -e
export DEBIAN_FRONTEND=noninteractive
apt-get -q update >/dev/null
apt-get -q -y --no-install-recommends install systemd systemd-sysv dbus iproute2 curl ca-certificates >/dev/null
apt-get -q -y install /root/debs/*.deb | grep -E '^(schoolgate|  )' || true
for account in "head headteacher" "esafety dsl"; do
  set -- $account
  echo 'correct horse battery' | runuser -u schoolgate -- schoolgate console user add "$1" --role "$2" --config /etc/schoolgate/console.yaml
done
systemctl enable schoolgated.service schoolgate-console.service
SETUP
)
check "chroot: apt-get install systemd and ./schoolgate*.deb, accounts, systemctl enable" \
  unshare --mount --fork /bin/bash -c '
    set -e; r=$1; mount --make-rprivate /
    mount -t proc proc "$r/proc"; mount --rbind /dev "$r/dev"; mount -t sysfs sys "$r/sys"; mount -t tmpfs tmpfs "$r/tmp"
    chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 /bin/sh -c "$2"' _ "$root" "$setup"

# --- boot it (from here a failure is a FAIL line, not the end of the script) ---
set +e
echo "== systemd-nspawn -b (private network, no machined)"
systemd-nspawn -b -D "$root" --register=no --keep-unit --private-network -M sgunits --console=pipe \
  > "$scratch/nspawn-console.log" 2>&1 &
nspawn=$!
stop_container() {  # nspawn powers the container off on SIGTERM; SIGKILL if it has not within 20 s
  kill "$nspawn" 2>/dev/null || return 0
  for _ in $(seq 40); do kill -0 "$nspawn" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL "$nspawn" 2>/dev/null || true
}
trap stop_container EXIT
init=""
for _ in $(seq 100); do
  # The container's init is nspawn's child once it has become systemd (before that, nspawn's own helper).
  init=$(ps -o pid=,comm= --ppid "$nspawn" 2>/dev/null | awk '$2 == "systemd" { print $1; exit }' || true)
  [ -z "$init" ] || break
  sleep 0.2
done
[ -n "$init" ] || { echo "FAIL the container did not start"; cat "$scratch/nspawn-console.log"; exit 1; }
inside() { nsenter -t "$init" -a /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
settled() {
  local s=""
  for _ in $(seq 120); do
    s=$(inside systemctl is-system-running 2>/dev/null || true)
    case $s in running|degraded) echo "$s"; return 0 ;; esac
    sleep 0.5
  done
  echo "$s"; return 1
}
check "systemd in the container reaches a settled state" settled
check "schoolgated.service is active (Type=notify: READY=1 came, ExecStartPre installed the rules)" \
  inside systemctl is-active schoolgated.service
check "schoolgate-console.service is active" inside systemctl is-active schoolgate-console.service
inside systemctl --no-pager --failed | sed 's/^/     failed units | /'

daemon=$(inside systemctl show -p MainPID --value schoolgated.service)
console=$(inside systemctl show -p MainPID --value schoolgate-console.service)
uid=$(inside id -u schoolgate)
runs_as() {  # PID UID CAPEFF [SECCOMP]: the process (a PID in the container) runs as UID with CAPEFF
  local s; s=$(inside cat "/proc/$1/status") || return 1
  echo "$s" | grep -E '^(Uid|Gid|CapEff|CapBnd|Seccomp|NoNewPrivs):'
  echo "$s" | awk -v uid="$2" -v cap="$3" -v sec="${4:-}" \
    '/^Uid:/ { u = $2 } /^CapEff:/ { c = $2 } /^Seccomp:/ { s = $2 } END { exit !(u == uid && c == cap && (sec == "" || s == sec)) }'
}
check "the daemon runs as schoolgate with only CAP_NET_ADMIN, its seccomp filter on" runs_as "$daemon" "$uid" 0000000000001000 2
check "the console runs as schoolgate with no capabilities" runs_as "$console" "$uid" 0000000000000000
socket_modes() {
  local s; s=$(inside stat -c '%U:%G %a %n' /run/schoolgate /run/schoolgate/stats.sock); echo "$s"
  [ "$(echo "$s" | tr '\n' ' ')" = "root:schoolgate 750 /run/schoolgate root:schoolgate 660 /run/schoolgate/stats.sock " ]
}
check "the stats socket and its directory are root:schoolgate (750, 660)" socket_modes
check "the firewall rules are in (the container's own network namespace)" inside sh -c \
  'nft list table inet schoolgate | head -n 3 && iptables -w -S SCHOOLGATE | head -n 2'
check "schoolgate stats reads the running daemon" inside sh -c 'schoolgate stats | head -n 4'

# --- the console under its sandbox: status through the socket, an exemption written, the daemon's reload ---
curl_in() { inside curl -sS --fail-with-body --cacert /etc/schoolgate/console.crt "$@"; }
login() {  # NAME: signs in (cookies in /root/NAME.cookies), prints the CSRF token
  curl_in -c "/root/$1.cookies" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"correct horse battery\"}" https://localhost:8443/api/v1/login \
    | sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p'
}
head_csrf=$(login head) dsl_csrf=$(login esafety)
check "both sign in over HTTPS (the certificate made at install)" test -n "$head_csrf" -a -n "$dsl_csrf"
status=$(curl_in -b /root/head.cookies https://localhost:8443/api/v1/status 2>&1 || true)
check "the console reads the daemon's status through the stats socket (generation 1)" sh -c \
  'echo "$0" | cut -c1-300; echo "$0" | grep -q "\"generation\":1"' "$status"
answer=$(curl_in -b /root/esafety.cookies -H "X-CSRF-Token: $dsl_csrf" -H 'Content-Type: application/json' \
  -d '{"who":{"user":"office"},"services":["instagram"],"until":"2027-07-31","reason":"the school account"}' \
  https://localhost:8443/api/v1/exemption-requests 2>&1 || true)
check "the e-safety officer asks for an exemption" sh -c 'echo "$0"; echo "$0" | grep -q "\"id\":1"' "$answer"
answer=$(curl_in -b /root/head.cookies -H "X-CSRF-Token: $head_csrf" -H 'Content-Type: application/json' \
  -d '{"reason":"agreed"}' https://localhost:8443/api/v1/exemption-requests/1/approve 2>&1 || true)
check "the headteacher approves it: written under the unit's sandbox (ReadWritePaths=/var/lib/schoolgate)" \
  sh -c 'echo "$0"; echo "$0" | grep -q exemption_id' "$answer"
check "the exemptions file holds it, still schoolgate's" inside sh -c \
  'stat -c "%U:%G %a" /var/lib/schoolgate/exemptions.yaml; grep -A8 "id: console-1" /var/lib/schoolgate/exemptions.yaml | grep "approved_by: head"'
generation_becomes() {  # N: the console's status page shows policy generation N within 20 s
  local s=""
  for _ in $(seq 40); do
    s=$(curl_in -b /root/head.cookies https://localhost:8443/api/v1/status 2>&1 || true)
    if echo "$s" | grep -q "\"generation\":$1"; then echo "$s" | cut -c1-200; return 0; fi
    sleep 0.5
  done
  echo "$s" | cut -c1-300; return 1
}
check "the daemon reloaded by itself (the console's status: generation 2)" generation_becomes 2
inside systemctl reload schoolgated.service
check "systemctl reload schoolgated (SIGHUP): generation 3" generation_becomes 3

# --- systemd's own view of the running units ---
for unit in schoolgated schoolgate-console; do
  check "systemd-analyze security $unit.service (the running unit)" sh -c \
    'nsenter -t "$0" -a systemd-analyze security "$1" | tail -n 1' "$init" "$unit.service"
done
no_errors() {
  local out; out=$(inside journalctl --no-pager -p err -u schoolgated -u schoolgate-console); echo "$out"
  ! echo "$out" | grep -v -- '-- No entries --' | grep -q .
}
check "the journal has no error from either unit" no_errors
inside journalctl --no-pager -u schoolgated -u schoolgate-console | tail -n 12 | cut -c1-200 | sed 's/^/     journal | /'

stop_both() {
  inside systemctl stop schoolgate-console.service schoolgated.service || return 1
  local results; results=$(inside systemctl show -p Result --value schoolgated.service schoolgate-console.service)
  echo "Result: $(echo "$results" | tr '\n' ' ')"
  [ "$(echo "$results" | grep -v '^$' | sort -u)" = success ] && inside nft list table inet schoolgate >/dev/null
}
check "systemctl stop both: stopped cleanly, Result=success (the daemon's rules stay)" stop_both
stop_container
trap - EXIT
[ "$keep" = 1 ] || rm -rf "$root"
echo "== verify-units-nspawn: $failures failed (log: $log)"
[ "$failures" = 0 ]
