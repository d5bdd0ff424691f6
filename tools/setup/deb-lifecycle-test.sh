#!/bin/sh
# Runs INSIDE the fresh bookworm chroot that tools/setup/verify-deb.sh makes (never on a real machine: it
# installs, edits and purges the schoolgate package). One phase per call:
#   online     apt-get update; the package's dependencies from Debian (apt-get satisfy); the file list before
#   lifecycle  (private network namespace) install, check, run, upgrade, remove, purge, compare
#   unit       systemd from Debian, the package again, systemd-analyze verify and security on its unit
# Each check prints PASS or FAIL and what it saw; the phase fails when one check failed.
set -u
v1=$(ls /root/debs/v1/schoolgate_*.deb) v2=$(ls /root/debs/v2/schoolgate_*.deb)
config=/etc/schoolgate/schoolgated.yaml
failures=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
check() {  # DESCRIPTION COMMAND...: passes when the command exits 0; its output is shown indented
  what=$1; shift
  if out=$("$@" 2>&1); then pass "$what"; else fail "$what (exit $?)"; fi
  [ -z "$out" ] || printf '%s\n' "$out" | tail -n 15 | sed 's/^/     | /'
}
apt_get() { apt-get -q -y -o DPkg::Lock::Timeout=60 -o Dpkg::Options::=--force-confdef "$@"; }
# Every file and directory (type, owner, group, mode), but what apt, dpkg and the kernel change by themselves
# and the shadow files' backups (piuparts ignores the same).
snapshot() {
  find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /tmp -o -path /run -o -path /root \
       -o -path /var/cache -o -path /var/lib/apt -o -path /var/log/apt -o -path /var/lib/dpkg \) -prune \
       -o -printf '%y %u:%g %m %p\n' \
    | grep -vE ' (/var/log/(dpkg|alternatives)\.log|/etc/(passwd|group|shadow|gshadow)-|/etc/ld\.so\.cache)$' \
    | sort
}

phase_online() {
  echo "== apt-get update; the package's dependencies from Debian"
  apt_get update >/dev/null
  deps=$(dpkg-deb -f "$v1" Depends)
  echo "   Depends: $deps"
  check "apt-get satisfy installs the package's dependencies from Debian" apt_get --no-install-recommends satisfy "$deps"
  snapshot > /root/files-before.txt
  echo "   recorded $(wc -l < /root/files-before.txt) files and directories before the package"
}

phase_lifecycle() {
  echo "== install $(basename "$v1") with apt"
  check "apt-get install ./schoolgate.deb" apt_get install "$v1"
  check "dpkg says installed" sh -c "dpkg-query -W -f='\${Status} \${Version}\n' schoolgate | grep -x 'install ok installed .*'"
  for f in /usr/bin/schoolgate /usr/sbin/schoolgated /lib/systemd/system/schoolgated.service \
           /usr/share/schoolgate/catalogue/services.yaml /usr/share/doc/schoolgate/copyright \
           /usr/share/man/man1/schoolgate.1.gz /usr/share/man/man8/schoolgated.8.gz \
           /usr/share/man/man5/schoolgate-policy.5.gz; do
    check "installed: $f" test -e "$f"
  done
  check "conffiles: the three files in /etc/schoolgate" sh -c \
    "dpkg-query -W -f='\${Conffiles}\n' schoolgate | grep -c /etc/schoolgate/ | grep -x 3"
  check "the system user schoolgate (system uid, nologin, home /var/lib/schoolgate)" sh -c \
    'getent passwd schoolgate | awk -F: '\''$3 < 1000 && $6 == "/var/lib/schoolgate" && $7 == "/usr/sbin/nologin" { ok = 1; print } END { exit !ok }'\'
  check "owners and modes: /etc/schoolgate root:schoolgate 750, its files 640, the log schoolgate 750" sh -c \
    'stat -c "%U:%G %a %n" /etc/schoolgate /etc/schoolgate/* /var/log/schoolgate /var/lib/schoolgate | tee /dev/stderr | awk '\''
       /\/etc\/schoolgate$/ && $1 == "root:schoolgate" && $2 == 750 { n++ }
       /\/etc\/schoolgate\/.*yaml$/ && $1 == "root:schoolgate" && $2 == 640 { n++ }
       /\/var\/(log|lib)\/schoolgate$/ && $1 == "schoolgate:schoolgate" && $2 == 750 { n++ }
       END { exit n != 6 }'\'
  check "not enabled by the install (the shipped policy is the demo school's)" sh -c \
    '! test -e /etc/systemd/system/multi-user.target.wants/schoolgated.service'
  check "schoolgated --check passes on the installed configuration" schoolgated --config "$config" --check
  check "schoolgate finds the installed catalogue (catalogue list)" sh -c \
    'schoolgate catalogue list | head -n 3; schoolgate catalogue list | grep -q facebook'
  check "schoolgate check on the installed policy" schoolgate check /etc/schoolgate/hillside.yaml
  check "man schoolgated renders" sh -c 'zcat /usr/share/man/man8/schoolgated.8.gz | grep -q "SIGHUP"'

  echo "== maintainer scripts run twice"
  before=$(stat -c '%U:%G %a %n' /etc/schoolgate /etc/schoolgate/* /var/log/schoolgate; getent passwd schoolgate)
  version=$(dpkg-query -W -f='${Version}' schoolgate)
  check "postinst configure, run again" /var/lib/dpkg/info/schoolgate.postinst configure "$version"
  check "postinst configure, a third time" /var/lib/dpkg/info/schoolgate.postinst configure "$version"
  after=$(stat -c '%U:%G %a %n' /etc/schoolgate /etc/schoolgate/* /var/log/schoolgate; getent passwd schoolgate)
  check "... and nothing changed" test "$before" = "$after"

  echo "== the installed daemon runs (inline, private network namespace) and the rules go in"
  ip link set lo up 2>/dev/null || true
  check "schoolgate firewall install (the unit's ExecStartPre)" schoolgate firewall install --config "$config"
  schoolgated --config "$config" > /root/daemon.log 2>&1 &
  pid=$!
  i=0; while [ $i -lt 50 ] && ! [ -S /run/schoolgate/stats.sock ]; do sleep 0.2; i=$((i + 1)); done
  check "schoolgated is running, as user schoolgate with only CAP_NET_ADMIN" sh -c \
    "grep -E '^(Uid|CapEff|Seccomp):' /proc/$pid/status; awk '/^Uid:/ { u = \$2 } /^CapEff:/ { c = \$2 } END { exit !(u == $(id -u schoolgate) && c == \"0000000000001000\") }' /proc/$pid/status"
  check "schoolgate stats reads it" sh -c 'schoolgate stats | head -n 5'
  kill -TERM "$pid"; wait "$pid"; rc=$?
  check "SIGTERM: it exits 0" test "$rc" = 0
  sed 's/^/     daemon | /' /root/daemon.log | tail -n 5
  # Evidence in the log directory, as a running gateway would have.
  setpriv --reuid schoolgate --regid schoolgate --clear-groups sh -c \
    'echo "{}" > /var/log/schoolgate/events-2026-12-07.jsonl'

  echo "== upgrade to $(basename "$v2") with a locally edited conffile"
  sed -i 's/^  retention_days: 30 /  retention_days: 45 /' "$config"
  check "the edit is made" grep -q 'retention_days: 45' "$config"
  check "apt-get install ./schoolgate (newer version)" apt_get install "$v2"
  check "the new version is installed" sh -c "dpkg-query -W -f='\${Version}\n' schoolgate | grep -x '.*+verify1'"
  check "the local edit is kept" grep -q 'retention_days: 45' "$config"
  check "owners and modes kept: $config root:schoolgate 640" sh -c "stat -c '%U:%G %a' $config | grep -x 'root:schoolgate 640'"
  check "schoolgated --check still passes" schoolgated --config "$config" --check

  echo "== remove"
  check "apt-get remove schoolgate (prints what happens to fail-closed networks)" apt_get remove schoolgate
  check "the programs are gone" sh -c '! test -e /usr/bin/schoolgate && ! test -e /usr/sbin/schoolgated'
  check "the configuration, the log and the user stay" sh -c \
    'test -e /etc/schoolgate/schoolgated.yaml && test -e /var/log/schoolgate/events-2026-12-07.jsonl && getent passwd schoolgate'
  check "the firewall rules stay (fail-closed networks stay closed)" sh -c \
    'nft list table inet schoolgate >/dev/null && iptables -w -S SCHOOLGATE | head -n 3'
  cp /var/lib/dpkg/info/schoolgate.postrm /root/postrm.saved

  echo "== purge"
  check "apt-get purge schoolgate (prints what it removed)" apt_get purge schoolgate
  check "the firewall rules are gone" sh -c '! nft list table inet schoolgate 2>/dev/null && ! iptables -w -S SCHOOLGATE 2>/dev/null'
  check "the user and group are gone" sh -c '! getent passwd schoolgate && ! getent group schoolgate'
  check "no dpkg-statoverride is left" sh -c '! dpkg-statoverride --list | grep schoolgate'
  snapshot > /root/files-after.txt
  check "purge leaves nothing behind: the file list equals the one before the install" \
    diff /root/files-before.txt /root/files-after.txt
  check "postrm purge, run again after the purge" sh /root/postrm.saved purge
  [ "$failures" = 0 ]
}

phase_unit() {
  echo "== the unit under systemd's own tools (systemd from Debian, the package installed again)"
  check "apt-get install systemd man-db (systemd-analyze; verify follows the unit's man: link)" apt_get --no-install-recommends install systemd man-db
  check "apt-get install ./schoolgate.deb" apt_get install "$v1"
  check "systemd-analyze verify schoolgated.service" systemd-analyze verify /lib/systemd/system/schoolgated.service
  check "systemd-analyze security (offline)" sh -c \
    'systemd-analyze security --offline=true /lib/systemd/system/schoolgated.service | tail -n 1'
  [ "$failures" = 0 ]
}

case ${1:-} in
  online) phase_online ;;
  lifecycle) phase_lifecycle ;;
  unit) phase_unit ;;
  *) echo "usage: deb-lifecycle-test.sh online|lifecycle|unit" >&2; exit 2 ;;
esac
