#!/bin/bash
# Captures of every catalogue service besides the first three (pcaps/services/): real clients (curl, dig,
# ngtcp2's gtlsclient) to local servers (servers.py, dnsmasq, gtlsserver) inside two private network
# namespaces, as pcaps/generate.sh does; the flows come from pcaps/services-list.py, which also writes their
# manifest entries. Then check_manifest.py checks the manifest against the captures with tshark.
#
# Run as root on Debian 12:   pcaps/generate-services.sh      (about a minute)
# Needs: iproute2 ethtool tcpdump openssl curl dnsutils dnsmasq-base ngtcp2-client ngtcp2-server python3
#        python3-yaml tshark (it installs nothing, it only checks)
#
# Network rules kept here: every packet stays inside the namespaces sgsv_<pid>_c (the pupil 10.20.0.50) and
# sgsv_<pid>_s (servers in 203.0.113.0/24 and 192.0.2.66), joined by one veth pair; no uplink, no NAT, no
# default route; no real site is contacted (every name is answered by the local servers). Deleted on exit.
set -euo pipefail
export LC_ALL=C PYTHONDONTWRITEBYTECODE=1

HERE="$(cd "$(dirname "$0")" && pwd)"
PY=/usr/bin/python3
O="$HERE/services"

[ "$(id -u)" = 0 ] || { echo "generate-services.sh: run as root" >&2; exit 1; }
missing=()
for tool in ip ethtool tcpdump openssl curl dig dnsmasq gtlsclient gtlsserver tshark unshare; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "generate-services.sh: missing: ${missing[*]}" >&2
  echo "  apt-get install -y iproute2 ethtool tcpdump openssl curl dnsutils dnsmasq-base ngtcp2-client ngtcp2-server tshark" >&2
  exit 1
fi

C="sgsv_$$_c"
S="sgsv_$$_s"
W="$(mktemp -d /tmp/sgsv.XXXXXX)"
PIDS=()
cleanup() {
  set +e
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  ip netns pids "$S" 2>/dev/null | xargs -r kill 2>/dev/null
  ip netns pids "$C" 2>/dev/null | xargs -r kill 2>/dev/null
  sleep 0.2
  ip netns del "$C" 2>/dev/null
  ip netns del "$S" 2>/dev/null
  rm -rf "$W"
}
trap cleanup EXIT INT TERM
inc() { ip netns exec "$C" "$@"; }
ins() { ip netns exec "$S" "$@"; }

$PY "$HERE/services-list.py" shell > "$W/flows"
SERVER_V4="$(awk '{print $3}' "$W/flows" | sort -u) 203.0.113.53"

# ---------------------------------------------------------------- topology
ip netns add "$C"
ip netns add "$S"
ip -n "$C" link set lo up
ip -n "$S" link set lo up
ip link add c0 netns "$C" type veth peer name s0 netns "$S"
ip -n "$C" link set c0 address 02:00:0a:14:00:32
ip -n "$S" link set s0 address 02:00:cb:00:71:0a
ip -n "$C" addr add 10.20.0.50/24 dev c0
for a in $SERVER_V4; do ip -n "$S" addr add "$a/32" dev s0; done
inc ethtool -K c0 tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
ins ethtool -K s0 tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
ip -n "$C" link set c0 up
ip -n "$S" link set s0 up
for n in 203.0.113.0/24 192.0.2.0/24; do ip -n "$C" route add "$n" dev c0; done
ip -n "$S" route add 10.20.0.0/24 dev s0
inc sysctl -qw net.ipv6.conf.all.disable_ipv6=1

# ---------------------------------------------------------------- servers (server namespace only)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
  -keyout "$W/key.pem" -out "$W/cert.pem" -subj "/CN=schoolgate-test" 2>/dev/null
ip netns exec "$S" $PY "$HERE/servers.py" https "$W/cert.pem" "$W/key.pem" & PIDS+=($!)
ip netns exec "$S" $PY "$HERE/servers.py" http & PIDS+=($!)
DNSMASQ_ADDRESSES=()
while read -r kind service address name; do
  [ "$kind" = dns ] && DNSMASQ_ADDRESSES+=("--address=/$name/$address")
done < "$W/flows"
ip netns exec "$S" dnsmasq --no-daemon --conf-file=/dev/null --no-resolv --no-hosts --no-poll --user=root --pid-file= \
  --listen-address=203.0.113.53 --bind-interfaces --port=53 "${DNSMASQ_ADDRESSES[@]}" >/dev/null 2>&1 & PIDS+=($!)
for i in $(seq 50); do
  if ins ss -ltn | grep -q ':443 ' && ins ss -ltn | grep -q ':80 ' && ins ss -lun | grep -q '203.0.113.53:53 '; then break; fi
  sleep 0.1
done

# ---------------------------------------------------------------- capture helpers (as in generate.sh)
TCPDUMP_PID=""
cap_start() {
  mkdir -p "$(dirname "$1")"; rm -f "$1"
  ip netns exec "$C" tcpdump -nn -U --immediate-mode -s 0 -Z root -i c0 -w "$1" 'tcp or udp' >/dev/null 2>"$W/tcpdump.err" &
  TCPDUMP_PID=$!
  for i in $(seq 50); do grep -q 'listening on' "$W/tcpdump.err" 2>/dev/null && break; sleep 0.1; done
  sleep 0.2
}
cap_stop() { sleep 0.5; kill -TERM "$TCPDUMP_PID"; wait "$TCPDUMP_PID" || true; }
CURL=(curl -sS -k -m 10 -o /dev/null --http1.1 --interface 10.20.0.50)
flows() { awk -v k="$1" -v s="$2" '$1 == k && (s == "" || $2 == s) {print $3, $4}' "$W/flows"; }

echo "== services/ (TLS: web, app-API and CDN names)"
for service in $(awk '$1 == "tls" {print $2}' "$W/flows" | uniq); do
  cap_start "$O/$service.pcap"
  flows tls "$service" | while read -r address name; do inc "${CURL[@]}" --resolve "$name:443:$address" "https://$name/"; sleep 0.1; done
  cap_stop
done
echo "== services/lookalikes.pcap"
cap_start "$O/lookalikes.pcap"
flows trap "" | while read -r address name; do inc "${CURL[@]}" --resolve "$name:443:$address" "https://$name/"; sleep 0.1; done
cap_stop
echo "== services/dns-lookups.pcap"
cap_start "$O/dns-lookups.pcap"
flows dns "" | while read -r address name; do inc dig +tries=1 +time=3 -b 10.20.0.50 @203.0.113.53 A "$name" >/dev/null; done
cap_stop
echo "== services/http-host.pcap"
cap_start "$O/http-host.pcap"
flows http "" | while read -r address name; do inc "${CURL[@]}" --resolve "$name:80:$address" "http://$name/"; sleep 0.1; done
cap_stop
echo "== services/quic-*.pcap"
mkdir -p "$W/www"; echo hello > "$W/www/index.html"
while read -r kind service address name; do
  [ "$kind" = quic ] || continue
  ip netns exec "$S" gtlsserver -q -d "$W/www" "$address" 443 "$W/key.pem" "$W/cert.pem" >>"$W/gtlsserver.log" 2>&1 & QPID=$!
  for i in $(seq 50); do ins ss -lun | grep -q "$address:443 " && break; sleep 0.1; done
  printf '127.0.0.1 localhost\n%s %s\n' "$address" "$name" > "$W/hosts"
  cap_start "$O/quic-$service.pcap"
  # by name, from a private hosts file: given an address, this gtlsclient sends SNI "localhost"
  inc unshare -m sh -c 'mount --bind "$0" /etc/hosts && shift && exec "$@"' "$W/hosts" x \
    timeout 10 gtlsclient -q --exit-on-all-streams-close --timeout=3s --handshake-timeout=3s -v v1 \
    "$name" 443 "https://$name/" >"$W/quic-$service.out" 2>&1 || true
  cap_stop
  kill "$QPID" 2>/dev/null; wait "$QPID" 2>/dev/null || true
done < "$W/flows"

echo "== sizes"
find "$O" -name '*.pcap' | sort | while read -r f; do printf '%7d  %s\n' "$(stat -c %s "$f")" "${f#$HERE/}"; done
echo "== manifest check (tshark)"
$PY "$HERE/check_manifest.py"
