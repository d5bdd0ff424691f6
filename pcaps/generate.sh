#!/bin/bash
# Regenerates every capture under pcaps/ with real clients and servers inside private network namespaces,
# then derives the reshaped variants offline with scapy (pcaps/reshape.py runs every X.pcap.py).
#
# Run as root on Debian 12:   pcaps/generate.sh
# Needs these Debian packages (it installs nothing itself, it only checks):
#   iproute2 ethtool tcpdump openssl curl dnsutils dnsmasq-base tinyproxy python3 python3-scapy chromium
#   tshark wireshark-common (editcap, capinfos)
#
# Network rules kept here: every packet stays inside the namespaces sgcap_<pid>_c (clients: pupil
# 10.20.0.50, staff 10.30.0.60, 2001:db8:20::50) and sgcap_<pid>_s (servers in 203.0.113.0/24,
# 198.51.100.0/24, 192.0.2.0/24, 2001:db8:113::/64), joined by one veth pair created directly inside them.
# There is no uplink, no NAT and no default route; the namespaces are deleted on exit.
set -euo pipefail
export LC_ALL=C PYTHONDONTWRITEBYTECODE=1

HERE="$(cd "$(dirname "$0")" && pwd)"
PY=/usr/bin/python3

[ "$(id -u)" = 0 ] || { echo "generate.sh: run as root" >&2; exit 1; }
missing=()
for tool in ip ethtool tcpdump openssl curl dig dnsmasq tinyproxy chromium tshark editcap capinfos unshare; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
$PY -c 'import scapy' 2>/dev/null || missing+=("python3-scapy")
if [ ${#missing[@]} -gt 0 ]; then
  echo "generate.sh: missing: ${missing[*]}" >&2
  echo "  apt-get install -y iproute2 ethtool tcpdump openssl curl dnsutils dnsmasq-base tinyproxy python3-scapy chromium tshark" >&2
  exit 1
fi

C="sgcap_$$_c"          # client namespace
S="sgcap_$$_s"          # server namespace
W="$(mktemp -d /tmp/sgcap.XXXXXX)"   # scratch: cert, configs, raw captures
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

# ---------------------------------------------------------------- topology
ip netns add "$C"
ip netns add "$S"
ip -n "$C" link set lo up
ip -n "$S" link set lo up
ip link add c0 netns "$C" type veth peer name s0 netns "$S"
ip -n "$C" link set c0 address 02:00:0a:14:00:32
ip -n "$S" link set s0 address 02:00:cb:00:71:0a
ip -n "$C" addr add 10.20.0.50/24 dev c0                 # pupil
ip -n "$C" addr add 10.30.0.60/24 dev c0                 # staff
ip -n "$C" addr add 2001:db8:20::50/64 dev c0 nodad
SERVER_V4="203.0.113.10 203.0.113.12 203.0.113.13 203.0.113.20 203.0.113.30 203.0.113.40 203.0.113.53 198.51.100.80 192.0.2.66"
for a in $SERVER_V4; do ip -n "$S" addr add "$a/32" dev s0; done
ip -n "$S" addr add 2001:db8:113::10/64 dev s0 nodad
ip -n "$S" addr add 2001:db8:113::12/64 dev s0 nodad
# no checksum offload and no segmentation offload: captured checksums are final and every captured packet
# is a real wire-sized segment (no 64 KB GSO super-packets)
inc ethtool -K c0 tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
ins ethtool -K s0 tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
ip -n "$C" link set c0 up
ip -n "$S" link set s0 up
for n in 203.0.113.0/24 198.51.100.0/24 192.0.2.0/24; do ip -n "$C" route add "$n" dev c0; done
ip -n "$C" -6 route add 2001:db8:113::/64 dev c0
ip -n "$S" route add 10.20.0.0/24 dev s0
ip -n "$S" route add 10.30.0.0/24 dev s0
ip -n "$S" -6 route add 2001:db8:20::/64 dev s0
ins sysctl -qw net.ipv6.conf.all.disable_ipv6=0
inc sysctl -qw net.ipv6.conf.all.disable_ipv6=0
# fewer stray packets: no IPv6 router solicitations
inc sysctl -qw net.ipv6.conf.c0.router_solicitations=0 || true

# ---------------------------------------------------------------- servers (server namespace only)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
  -keyout "$W/key.pem" -out "$W/cert.pem" -subj "/CN=schoolgate-test" \
  -addext "subjectAltName=DNS:facebook.com,DNS:*.facebook.com,DNS:instagram.com,DNS:*.instagram.com,DNS:x.com,DNS:twitter.com,DNS:*.bbc.co.uk,DNS:notfacebook.com,DNS:myfacebook.com,DNS:facebook.com.evil.example" \
  2>/dev/null

ip netns exec "$S" $PY "$HERE/servers.py" https "$W/cert.pem" "$W/key.pem" & PIDS+=($!)
ip netns exec "$S" $PY "$HERE/servers.py" http & PIDS+=($!)

# DNS: a real dnsmasq, authoritative-style answers from --address, nothing forwarded anywhere
ip netns exec "$S" dnsmasq --no-daemon --conf-file=/dev/null --no-resolv --no-hosts --no-poll --user=root --pid-file= \
  --listen-address=203.0.113.53 --bind-interfaces --port=53 \
  --address=/facebook.com/203.0.113.10 --address=/facebook.com/2001:db8:113::10 \
  --address=/instagram.com/203.0.113.20 --address=/instagram.com/2001:db8:113::20 \
  --address=/x.com/203.0.113.12 --address=/x.com/2001:db8:113::12 \
  --address=/twitter.com/203.0.113.13 --address=/bbc.co.uk/198.51.100.80 \
  >/dev/null 2>&1 & PIDS+=($!)

# CONNECT / forward proxy: a real tinyproxy on 203.0.113.30:3128; it resolves names from a private hosts file
cat > "$W/hosts" <<'HOSTS'
127.0.0.1 localhost
203.0.113.10 www.facebook.com facebook.com
203.0.113.20 www.instagram.com instagram.com
203.0.113.12 x.com
HOSTS
cat > "$W/tinyproxy.conf" <<'CONF'
User nobody
Group nogroup
Port 3128
Listen 203.0.113.30
Timeout 10
MaxClients 20
LogLevel Error
Allow 10.20.0.0/24
Allow 10.30.0.0/24
ConnectPort 443
DisableViaHeader Yes
CONF
ip netns exec "$S" unshare -m sh -c "mount --bind '$W/hosts' /etc/hosts && exec tinyproxy -d -c '$W/tinyproxy.conf'" \
  >/dev/null 2>&1 & PIDS+=($!)

# wait for every server to listen
for i in $(seq 50); do
  if ins ss -ltn | grep -q ':443 ' && ins ss -ltn | grep -q ':80 ' && ins ss -ltn | grep -q ':3128 ' \
     && ins ss -lun | grep -q '203.0.113.53:53 '; then break; fi
  sleep 0.1
done

# ---------------------------------------------------------------- capture helpers
TCPDUMP_PID=""
# cap_start OUTFILE [tcpdump options...]   (default: -i c0, Ethernet; filter: tcp or udp)
cap_start() {
  local out="$1"; shift
  mkdir -p "$(dirname "$out")"
  rm -f "$out"
  local opts=("$@"); [ ${#opts[@]} -gt 0 ] || opts=(-i c0)
  ip netns exec "$C" tcpdump -nn -U --immediate-mode -s 0 -Z root "${opts[@]}" -w "$out" 'tcp or udp' \
    >/dev/null 2>"$W/tcpdump.err" &
  TCPDUMP_PID=$!
  for i in $(seq 50); do grep -q 'listening on' "$W/tcpdump.err" 2>/dev/null && break; sleep 0.1; done
  sleep 0.2
}
cap_stop() {
  sleep 0.5
  kill -TERM "$TCPDUMP_PID"; wait "$TCPDUMP_PID" || true
}

PUPIL=10.20.0.50
STAFF=10.30.0.60
CURL=(curl -sS -k -m 10 -o /dev/null --http1.1)
# tls_get SRC NAME IP [PATH]
tls_get() { inc "${CURL[@]}" --interface "$1" --resolve "$2:443:$3" "https://$2${4:-/}"; }
http_get() { inc "${CURL[@]}" --interface "$1" --resolve "$2:80:$3" "http://$2${4:-/}"; }
# sclient IP SERVERNAME|- HOSTHEADER   (sends one HTTP request, waits for the server to close)
sclient() {
  local sn=(-servername "$2"); [ "$2" = "-" ] && sn=(-noservername)
  printf 'GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$3" |
    inc timeout 10 openssl s_client -quiet -connect "$1:443" "${sn[@]}" >/dev/null 2>&1 || true
}
dig_() { inc dig +tries=1 +time=3 -b "$1" @203.0.113.53 "${@:2}" >/dev/null; }
chromium_get() {   # chromium_get NAME IP  (headless, one page load, names resolved only by the rule)
  local prof; prof="$(mktemp -d "$W/chr.XXXXXX")"
  inc timeout 20 chromium --headless --no-sandbox --disable-gpu --disable-quic --ignore-certificate-errors \
    --host-resolver-rules="MAP $1 $2, MAP * ~NOTFOUND" --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$prof" \
    --dump-dom "https://$1/" >/dev/null 2>&1 || true
}

O="$HERE"
echo "== live captures"
# ---- tls/
cap_start "$O/tls/facebook-www.pcap";  tls_get $PUPIL www.facebook.com 203.0.113.10;  cap_stop
cap_start "$O/tls/instagram-www.pcap"; tls_get $PUPIL www.instagram.com 203.0.113.20; cap_stop
cap_start "$O/tls/x-com.pcap";         tls_get $PUPIL x.com 203.0.113.12;             cap_stop
cap_start "$O/tls/twitter-com.pcap";   tls_get $PUPIL twitter.com 203.0.113.13;       cap_stop
cap_start "$O/tls/bbc-news.pcap";      tls_get $PUPIL www.bbc.co.uk 198.51.100.80 /news; cap_stop
cap_start "$O/tls/not-facebook-lookalikes.pcap"
for n in notfacebook.com myfacebook.com facebook.com.evil.example; do tls_get $PUPIL $n 192.0.2.66; sleep 0.2; done
cap_stop
cap_start "$O/tls/upper-case-trailing-dot-sni.pcap"; sclient 203.0.113.10 'WWW.FaceBook.COM.' 'WWW.FaceBook.COM.'; cap_stop
cap_start "$O/tls/tls-no-sni.pcap";    sclient 203.0.113.40 - 203.0.113.40;            cap_stop
cap_start "$W/chromium-instagram.pcap"; chromium_get www.instagram.com 203.0.113.20;    cap_stop
cap_start "$W/chromium-facebook.pcap";  chromium_get www.facebook.com 203.0.113.10;     cap_stop
# ---- dns/
cap_start "$O/dns/dig-facebook-a.pcap";     dig_ $PUPIL A www.facebook.com;      cap_stop
cap_start "$O/dns/dig-instagram-aaaa.pcap"; dig_ $PUPIL AAAA www.instagram.com;  cap_stop
cap_start "$O/dns/dig-tcp-x-com.pcap";      dig_ $PUPIL +tcp A x.com;            cap_stop
cap_start "$O/dns/dns-then-no-sni-connection.pcap"
dig_ $PUPIL A www.instagram.com; sleep 0.2; sclient 203.0.113.20 - 203.0.113.20
cap_stop
# ---- http/
cap_start "$O/http/host-header-facebook.pcap"; http_get $PUPIL www.facebook.com 203.0.113.10; cap_stop
cap_start "$O/http/connect-proxy-x-com.pcap"
inc "${CURL[@]}" --interface $PUPIL -x http://203.0.113.30:3128 https://x.com/
cap_stop
cap_start "$O/http/absolute-uri-proxy-instagram.pcap"
inc "${CURL[@]}" --interface $PUPIL -x http://203.0.113.30:3128 http://www.instagram.com/
cap_stop
# ---- ip/
cap_start "$O/ip/ipv6-tls-facebook.pcap"
inc "${CURL[@]}" -6 --resolve 'facebook.com:443:[2001:db8:113::10]' https://facebook.com/
cap_stop
cap_start "$O/ip/ipv6-tls-x-com.pcap"
inc "${CURL[@]}" -6 --resolve 'x.com:443:[2001:db8:113::12]' https://x.com/
cap_stop
# ---- link/ (live ones)
cap_start "$O/link/sll-v1-instagram.pcap" -i any -y LINUX_SLL;  tls_get $PUPIL www.instagram.com 203.0.113.20; cap_stop
cap_start "$O/link/sll-v2-facebook.pcap"  -i any -y LINUX_SLL2; tls_get $PUPIL www.facebook.com 203.0.113.10; cap_stop
# ---- demo/
cap_start "$O/demo/school-morning.pcap"
dig_ $PUPIL A www.instagram.com;                          sleep 0.3
tls_get $PUPIL www.instagram.com 203.0.113.20;            sleep 0.3
tls_get $STAFF www.bbc.co.uk 198.51.100.80 /news;         sleep 0.3
tls_get $PUPIL www.facebook.com 203.0.113.10;             sleep 0.3
http_get $PUPIL www.bbc.co.uk 198.51.100.80 /bitesize;    sleep 0.3
dig_ $STAFF A x.com;                                      sleep 0.3
tls_get $STAFF x.com 203.0.113.12;                        sleep 0.3
tls_get $PUPIL x.com 203.0.113.12;                        sleep 0.3
tls_get $PUPIL www.bbc.co.uk 198.51.100.80 /news
cap_stop

# pcapng: the same kind of real capture, converted by editcap (no scapy)
editcap -F pcapng "$O/tls/instagram-www.pcap" "$O/link/pcapng-instagram.pcapng"

echo "== offline reshaping (scapy)"
SGCAP_RAW="$W" $PY "$HERE/reshape.py"

echo "== sizes"
find "$O" -name '*.pcap' -o -name '*.pcapng' | sort | while read -r f; do
  printf '%7d  %s\n' "$(stat -c %s "$f")" "${f#$O/}"
done

echo "== manifest check (tshark)"
$PY "$HERE/check_manifest.py"
