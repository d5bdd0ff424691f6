#!/bin/sh
# Runs INSIDE the fresh bookworm chroot that tools/setup/verify-deb.sh makes (never on a real machine: it
# installs, edits and purges the schoolgate and schoolgate-console packages). One phase per call:
#   online     apt-get update; both packages' dependencies from Debian (apt-get satisfy), and the test's own
#              tools (curl, iproute2); the file list before
#   lifecycle  (private network namespace) install both, check, run the daemon, drive the console over its
#              JSON API (an exemption requested and approved), upgrade, remove, purge, compare
#   unit       systemd from Debian, the packages again, systemd-analyze verify and security on both units,
#              and a purge of the console alone that keeps a school's own certificate
# Each check prints PASS or FAIL and what it saw; the phase fails when one check failed.
set -u
v1=$(ls /root/debs/v1/schoolgate_*.deb) v2=$(ls /root/debs/v2/schoolgate_*.deb)
c1=$(ls /root/debs/v1/schoolgate-console_*.deb) c2=$(ls /root/debs/v2/schoolgate-console_*.deb)
config=/etc/schoolgate/schoolgated.yaml
console_config=/etc/schoolgate/console.yaml
exemptions=/var/lib/schoolgate/exemptions.yaml
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
  echo "== apt-get update; the packages' dependencies from Debian"
  apt_get update >/dev/null
  # The console's Depends without schoolgate itself (not in any archive: it is installed from its file).
  deps="$(dpkg-deb -f "$v1" Depends), $(dpkg-deb -f "$c1" Depends | sed 's/schoolgate ([^)]*)//; s/, *,/,/g; s/^, *//; s/, *$//')"
  echo "   Depends: $deps"
  check "apt-get satisfy installs both packages' dependencies from Debian" apt_get --no-install-recommends satisfy "$deps"
  check "the test's own tools: curl (the console's API), iproute2 (loopback up)" \
    apt_get --no-install-recommends install curl ca-certificates iproute2
  snapshot > /root/files-before.txt
  echo "   recorded $(wc -l < /root/files-before.txt) files and directories before the packages"
}

phase_install() {
  echo "== install $(basename "$v1") and $(basename "$c1") with apt"
  check "apt-get install ./schoolgate.deb ./schoolgate-console.deb" apt_get install "$v1" "$c1"
  check "dpkg says both installed" sh -c \
    "dpkg-query -W -f='\${Status} \${Version}\n' schoolgate schoolgate-console | grep -c -x 'install ok installed .*' | grep -x 2"
  for f in /usr/bin/schoolgate /usr/sbin/schoolgated /lib/systemd/system/schoolgated.service \
           /usr/share/schoolgate/catalogue/services.yaml /usr/share/doc/schoolgate/copyright \
           /usr/share/man/man1/schoolgate.1.gz /usr/share/man/man8/schoolgated.8.gz \
           /usr/share/man/man5/schoolgate-policy.5.gz /usr/bin/schoolgate-console \
           /lib/systemd/system/schoolgate-console.service /usr/share/man/man1/schoolgate-console.1.gz \
           /usr/share/doc/schoolgate-console/copyright; do
    check "installed: $f" test -e "$f"
  done
  check "conffiles: schoolgated.yaml and hillside.yaml; console.yaml" sh -c \
    "dpkg-query -W -f='\${Conffiles}\n' schoolgate | grep -c /etc/schoolgate/ | grep -x 2 &&
     dpkg-query -W -f='\${Conffiles}\n' schoolgate-console | grep -c /etc/schoolgate/console.yaml | grep -x 1"
  check "the exemptions and timetable files are no conffiles, and the shipped policy names them" sh -c \
    "! dpkg-query -W -f='\${Conffiles}\n' schoolgate | grep -E 'exemptions|timetable' &&
     grep '^exemptions: /var/lib/schoolgate/exemptions.yaml' /etc/schoolgate/hillside.yaml &&
     grep '^timetable: /var/lib/schoolgate/timetable.yaml' /etc/schoolgate/hillside.yaml"
  check "the system user schoolgate (system uid, nologin, home /var/lib/schoolgate)" sh -c \
    'getent passwd schoolgate | awk -F: '\''$3 < 1000 && $6 == "/var/lib/schoolgate" && $7 == "/usr/sbin/nologin" { ok = 1; print } END { exit !(ok) }'\'
  check "owners and modes: /etc/schoolgate root:schoolgate 750, its yaml 640, /var/{log,lib}/schoolgate schoolgate 750" sh -c \
    'stat -c "%U:%G %a %n" /etc/schoolgate /etc/schoolgate/*.yaml /var/log/schoolgate /var/lib/schoolgate | tee /dev/stderr | awk '\''
       /\/etc\/schoolgate$/ && $1 == "root:schoolgate" && $2 == 750 { n++ }
       /\/etc\/schoolgate\/.*yaml$/ && $1 == "root:schoolgate" && $2 == 640 { n++ }
       /\/var\/(log|lib)\/schoolgate$/ && $1 == "schoolgate:schoolgate" && $2 == 750 { n++ }
       END { exit n != 6 }'\'
  for file in $exemptions /var/lib/schoolgate/timetable.yaml; do
    check "$file, its lock, audit log and backup: schoolgate's (640, lock 600)" sh -c \
      "stat -c '%U:%G %a %n' $file*; stat -c '%U:%G %a' $file $file.audit.jsonl $file.bak $file.lock | tr '\n' ' ' |
       grep -x 'schoolgate:schoolgate 640 schoolgate:schoolgate 640 schoolgate:schoolgate 640 schoolgate:schoolgate 600 '"
  done
  check "the console's store: /var/lib/schoolgate-console schoolgate 700" sh -c \
    "stat -c '%U:%G %a' /var/lib/schoolgate-console | grep -x 'schoolgate:schoolgate 700'"
  check "a self-signed certificate was made: key root:schoolgate 640, certificate 644, for this machine" sh -c \
    "stat -c '%U:%G %a %n' /etc/schoolgate/console.key /etc/schoolgate/console.crt | tee /dev/stderr | tr '\n' ' ' |
       grep -q '^root:schoolgate 640 /etc/schoolgate/console.key root:schoolgate 644 /etc/schoolgate/console.crt' &&
     openssl x509 -in /etc/schoolgate/console.crt -noout -subject -ext subjectAltName -enddate &&
     test \"\$(openssl x509 -in /etc/schoolgate/console.crt -noout -pubkey)\" = \"\$(openssl pkey -in /etc/schoolgate/console.key -pubout)\""
  check "neither unit is enabled by the install (the shipped policy is the demo school's)" sh -c \
    '! test -e /etc/systemd/system/multi-user.target.wants/schoolgated.service &&
     ! test -e /etc/systemd/system/multi-user.target.wants/schoolgate-console.service'
  check "schoolgated --check passes on the installed configuration" schoolgated --config "$config" --check
  check "schoolgate-console --check passes on the installed configuration (as user schoolgate)" \
    runuser -u schoolgate -- schoolgate-console --config "$console_config" --check
  check "schoolgate finds the installed catalogue (catalogue list)" sh -c \
    'schoolgate catalogue list | head -n 3; schoolgate catalogue list | grep -q facebook'
  check "schoolgate check on the installed policy" schoolgate check /etc/schoolgate/hillside.yaml
  check "man schoolgated renders" sh -c 'zcat /usr/share/man/man8/schoolgated.8.gz | grep -q "SIGHUP"'

  echo "== maintainer scripts run twice"
  state() { stat -c '%U:%G %a %n' /etc/schoolgate /etc/schoolgate/* /var/log/schoolgate /var/lib/schoolgate/* \
              /var/lib/schoolgate-console; sha256sum /etc/schoolgate/console.* $exemptions; getent passwd schoolgate; }
  before=$(state)
  version=$(dpkg-query -W -f='${Version}' schoolgate)
  check "postinst configure, run again (both)" sh -c "/var/lib/dpkg/info/schoolgate.postinst configure $version &&
    /var/lib/dpkg/info/schoolgate-console.postinst configure $version"
  check "postinst configure, a third time (both)" sh -c "/var/lib/dpkg/info/schoolgate.postinst configure $version &&
    /var/lib/dpkg/info/schoolgate-console.postinst configure $version"
  after=$(state)
  check "... and nothing changed (no new certificate, no new exemptions file)" test "$before" = "$after"
}

phase_daemon() {
  echo "== the installed daemon runs (inline, private network namespace) and the rules go in"
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
}

api() {  # COOKIES CSRF PATH [JSON]: a request to the console over HTTPS, checked against the made certificate
  if [ $# -ge 4 ]; then
    curl -sS --fail-with-body --resolve localhost:18443:127.0.0.1 --cacert /etc/schoolgate/console.crt -b "/root/$1" -c "/root/$1" \
      -H "X-CSRF-Token: $2" -H 'Content-Type: application/json' -d "$4" "https://localhost:18443$3"
  else
    curl -sS --fail-with-body --resolve localhost:18443:127.0.0.1 --cacert /etc/schoolgate/console.crt -b "/root/$1" -c "/root/$1" "https://localhost:18443$3"
  fi
}
login() {  # COOKIES NAME: signs in, prints the session's CSRF token
  api "$1" "" /api/v1/login "{\"username\":\"$2\",\"password\":\"correct horse battery\"}" \
    | sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p'
}

phase_console() {
  echo "== the installed console: accounts, started as schoolgate on loopback over HTTPS, an exemption approved"
  for account in "head headteacher" "esafety dsl"; do
    set -- $account
    check "schoolgate console user add $1 --role $2 (as user schoolgate)" sh -c \
      "echo 'correct horse battery' | runuser -u schoolgate -- schoolgate console user add $1 --role $2 --config $console_config"
  done
  check "the store is the console's: schoolgate:schoolgate 600" sh -c \
    "stat -c '%U:%G %a' /var/lib/schoolgate-console/console.db | grep -x 'schoolgate:schoolgate 600'"
  # setpriv execs the console itself (runuser would stay as its root parent): $! is the console.
  setpriv --reuid schoolgate --regid schoolgate --clear-groups \
    schoolgate-console --config "$console_config" --listen 127.0.0.1:18443 > /root/console.log 2>&1 &
  console=$!
  i=0; while [ $i -lt 50 ] && ! curl -s -o /dev/null --resolve localhost:18443:127.0.0.1 --cacert /etc/schoolgate/console.crt https://localhost:18443/login; do
    sleep 0.2; i=$((i + 1)); done
  check "the console serves HTTPS with the made certificate (curl --cacert, no -k)" \
    curl -sS -o /dev/null -w '%{http_code} %{ssl_verify_result}\n' --resolve localhost:18443:127.0.0.1 --cacert /etc/schoolgate/console.crt https://localhost:18443/login
  check "the console runs as user schoolgate" sh -c "grep '^Uid:' /proc/$console/status; awk '/^Uid:/ { exit \$2 != $(id -u schoolgate) }' /proc/$console/status"
  dsl=$(login dsl.cookies esafety)
  check "the e-safety officer signs in (dsl)" test -n "$dsl"
  answer=$(api dsl.cookies "$dsl" /api/v1/exemption-requests \
    '{"who":{"user":"office"},"services":["instagram"],"until":"2027-07-31","reason":"the school account"}' 2>&1)
  check "she asks for an exemption (POST /api/v1/exemption-requests): request 1" \
    sh -c 'echo "$0"; echo "$0" | grep -q "\"id\":1"' "$answer"
  head=$(login head.cookies head)
  check "the headteacher signs in" test -n "$head"
  answer=$(api head.cookies "$head" /api/v1/exemption-requests/1/approve '{"reason":"agreed"}' 2>&1)
  check "the headteacher approves it (POST /api/v1/exemption-requests/1/approve)" \
    sh -c 'echo "$0"; echo "$0" | grep -q exemption_id' "$answer"
  kill -TERM "$console"; wait "$console"
  sed 's/^/     console | /' /root/console.log | tail -n 5
  check "the installed exemptions file holds it, approved by the head, created by esafety" sh -c \
    "grep -A8 'id: console-1' $exemptions | tee /dev/stderr | grep -q 'approved_by: head' &&
     grep -A8 'id: console-1' $exemptions | grep -q 'created_by: esafety' &&
     grep -A8 'id: console-1' $exemptions | grep -q instagram"
  check "... still schoolgate's 640, the change in its audit log" sh -c \
    "stat -c '%U:%G %a' $exemptions | grep -x 'schoolgate:schoolgate 640' && grep -c console-1 $exemptions.audit.jsonl"
  check "schoolgated --check still passes (the daemon trusts the file the console wrote)" schoolgated --config "$config" --check
  check "schoolgate explain: office may use instagram now" sh -c \
    'schoolgate explain --policy /etc/schoolgate/hillside.yaml --user office --service instagram --at 2026-12-08T10:15 |
       tee /dev/stderr | grep -q "decided by: exemption .console-1."'
}

phase_upgrade() {
  echo "== upgrade to $(basename "$v2") and $(basename "$c2") with a locally edited conffile"
  sed -i 's/^  retention_days: 30 /  retention_days: 45 /' "$config"
  check "the edit is made" grep -q 'retention_days: 45' "$config"
  crt=$(sha256sum /etc/schoolgate/console.crt)
  check "apt-get install ./schoolgate ./schoolgate-console (newer versions)" apt_get install "$v2" "$c2"
  check "the new versions are installed" sh -c \
    "dpkg-query -W -f='\${Version}\n' schoolgate schoolgate-console | grep -c -x '.*+verify1' | grep -x 2"
  check "the local edit is kept" grep -q 'retention_days: 45' "$config"
  check "owners and modes kept: $config root:schoolgate 640" sh -c "stat -c '%U:%G %a' $config | grep -x 'root:schoolgate 640'"
  check "the console-written exemption is kept" grep -q 'id: console-1' "$exemptions"
  check "the timetable file is kept" test -s /var/lib/schoolgate/timetable.yaml
  check "the certificate is kept (not made again)" test "$crt" = "$(sha256sum /etc/schoolgate/console.crt)"
  check "the console's accounts are kept" sh -c "stat -c '%U:%G %a %s' /var/lib/schoolgate-console/console.db"
  check "schoolgated --check still passes" schoolgated --config "$config" --check
  check "schoolgate-console --check still passes" runuser -u schoolgate -- schoolgate-console --config "$console_config" --check
}

phase_remove_purge() {
  echo "== remove"
  check "apt-get remove schoolgate schoolgate-console (prints what happens to fail-closed networks)" \
    apt_get remove schoolgate schoolgate-console
  check "the programs are gone" sh -c \
    '! test -e /usr/bin/schoolgate && ! test -e /usr/sbin/schoolgated && ! test -e /usr/bin/schoolgate-console'
  check "the configuration, the exemptions, the log, the console's store and certificate and the user stay" sh -c \
    "test -e $config && test -e $exemptions && test -e /var/log/schoolgate/events-2026-12-07.jsonl &&
     test -e /var/lib/schoolgate-console/console.db && test -e /etc/schoolgate/console.key && getent passwd schoolgate"
  check "the firewall rules stay (fail-closed networks stay closed)" sh -c \
    'nft list table inet schoolgate >/dev/null && iptables -w -S SCHOOLGATE | head -n 3'
  cp /var/lib/dpkg/info/schoolgate.postrm /root/postrm.saved
  cp /var/lib/dpkg/info/schoolgate-console.postrm /root/console-postrm.saved

  echo "== purge"
  check "apt-get purge schoolgate schoolgate-console (prints what it removed)" apt_get purge schoolgate schoolgate-console
  check "the firewall rules are gone" sh -c '! nft list table inet schoolgate 2>/dev/null && ! iptables -w -S SCHOOLGATE 2>/dev/null'
  check "the user and group are gone" sh -c '! getent passwd schoolgate && ! getent group schoolgate'
  check "the made certificate, the console's store and the exemptions are gone" sh -c \
    '! test -e /etc/schoolgate/console.crt && ! test -e /etc/schoolgate/console.key &&
     ! test -e /var/lib/schoolgate-console && ! test -e /var/lib/schoolgate'
  check "no dpkg-statoverride is left" sh -c '! dpkg-statoverride --list | grep schoolgate'
  snapshot > /root/files-after.txt
  check "purge leaves nothing behind: the file list equals the one before the install" \
    diff /root/files-before.txt /root/files-after.txt
  check "postrm purge, run again after the purge (both)" sh -c 'sh /root/console-postrm.saved purge && sh /root/postrm.saved purge'
}

phase_lifecycle() {
  ip link set lo up 2>/dev/null || true
  phase_install
  phase_daemon
  phase_console
  phase_upgrade
  phase_remove_purge
  [ "$failures" = 0 ]
}

phase_unit() {
  echo "== the units under systemd's own tools (systemd from Debian, the packages installed again)"
  check "apt-get install systemd man-db (systemd-analyze; verify follows the unit's man: link)" apt_get --no-install-recommends install systemd man-db
  check "apt-get install ./schoolgate.deb ./schoolgate-console.deb" apt_get install "$v1" "$c1"
  for unit in schoolgated schoolgate-console; do
    check "systemd-analyze verify $unit.service" systemd-analyze verify /lib/systemd/system/$unit.service
    check "systemd-analyze security $unit.service (offline)" sh -c \
      "systemd-analyze security --offline=true /lib/systemd/system/$unit.service | tail -n 1"
  done
  echo "== a school's own certificate survives purging the console"
  check "the school puts its own certificate in place" sh -c \
    'openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj /CN=school-own \
       -keyout /etc/schoolgate/console.key -out /etc/schoolgate/console.crt 2>&1 | tail -n 1'
  check "apt-get purge schoolgate-console keeps it (and says so)" sh -c \
    'apt_out=$(apt-get -q -y purge schoolgate-console 2>&1); echo "$apt_out" | grep "schoolgate-console purge"
     test -e /etc/schoolgate/console.crt && test -e /etc/schoolgate/console.key && ! test -e /var/lib/schoolgate-console'
  [ "$failures" = 0 ]
}

case ${1:-} in
  online) phase_online ;;
  lifecycle) phase_lifecycle ;;
  unit) phase_unit ;;
  *) echo "usage: deb-lifecycle-test.sh online|lifecycle|unit" >&2; exit 2 ;;
esac
