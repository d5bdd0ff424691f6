#!/bin/bash
# Regenerates the circumvention and benign captures (pcaps/circumvention/, pcaps/benign/) with the real tools
# (OpenVPN, wireguard-go, strongSwan, tor, obfs4proxy, Dante, shadowsocks-libev, iodine, kdig, curl, ngtcp2,
# Chromium...) running inside two private network namespaces, then trims each capture to the first packets of
# every flow (trim_flows.py) and runs check_manifest.py.
#
# Run as root on Debian 12:   pcaps/generate-circumvention.sh [NAME...]     (no NAME: every capture)
# Tools:                      pcaps/generate-deps.sh installs them (only needed to regenerate, never by tests)
# Names:                      pcaps/generate-circumvention.sh --list
#
# Network rules kept here (the same as generate.sh): every packet stays inside the namespaces sgcv_<pid>_c
# (clients: pupil 10.20.0.50, staff 10.30.0.60) and sgcv_<pid>_s (servers only in 203.0.113.0/24,
# 198.51.100.0/24 and 192.0.2.0/24), joined by one veth pair created directly inside them. There is no uplink,
# no NAT and no default route, so a tool that tries to reach a real address (tor's directory authorities, for
# one) gets "network unreachable" and sends nothing. Tunnel inner addresses are 10.x inside the namespaces.
# The namespaces and the scratch directory are deleted on exit.
set -euo pipefail
export LC_ALL=C PYTHONDONTWRITEBYTECODE=1

HERE="$(cd "$(dirname "$0")" && pwd)"
PY=/usr/bin/python3
O="$HERE"

ALL=(openvpn-udp openvpn-tcp openvpn-tls-crypt wireguard ipsec-ikev2-natt l2tp pptp tor-bridge obfs4
     socks5-hostname socks4a socks4 shadowsocks dns-tcp-external external-resolver dot doh-dns-google
     doh-bare-address doq iodine quic-v1 quic-v2draft quic-draft29 quic-chromium
     benign-bbc repeated-attempts)
if [ "${1:-}" = "--list" ]; then printf '%s\n' "${ALL[@]}"; exit 0; fi
WANT=("$@"); [ ${#WANT[@]} -gt 0 ] || WANT=("${ALL[@]}")

[ "$(id -u)" = 0 ] || { echo "generate-circumvention.sh: run as root" >&2; exit 1; }
missing=()
for tool in ip ethtool tcpdump openssl curl dig dnsmasq tshark unshare openvpn wg wireguard-go kdig iodine \
            iodined ss-server ss-local danted tor obfs4proxy gtlsclient gtlsserver stunnel4 swanctl xl2tpd \
            pptpd pptp chromium; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ -x /usr/lib/ipsec/charon ] || missing+=(strongswan-charon)
$PY -c 'import scapy, dnslib, yaml' 2>/dev/null || missing+=("python3-scapy/python3-dnslib/python3-yaml")
if [ ${#missing[@]} -gt 0 ]; then
  echo "generate-circumvention.sh: missing: ${missing[*]}  (run pcaps/generate-deps.sh)" >&2
  exit 1
fi

C="sgcv_$$_c"          # client namespace
S="sgcv_$$_s"          # server namespace
W="$(mktemp -d /tmp/sgcv.XXXXXX)"   # scratch: keys, configs, raw captures, logs
PIDS=()
FAILED=()

cleanup() {
  set +e
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  ip netns pids "$S" 2>/dev/null | xargs -r kill 2>/dev/null
  ip netns pids "$C" 2>/dev/null | xargs -r kill 2>/dev/null
  sleep 0.5
  ip netns pids "$S" 2>/dev/null | xargs -r kill -9 2>/dev/null
  ip netns pids "$C" 2>/dev/null | xargs -r kill -9 2>/dev/null
  ip netns del "$C" 2>/dev/null
  ip netns del "$S" 2>/dev/null
  rm -f /var/run/wireguard/wgc0.sock /var/run/wireguard/wgs0.sock
  [ -n "${SGCV_KEEP:-}" ] && echo "scratch kept in $W" || rm -rf "$W"
}
trap cleanup EXIT INT TERM

inc() { ip netns exec "$C" "$@"; }
ins() { ip netns exec "$S" "$@"; }
# prefix: run the command in its own mount namespace with a private /etc/hosts and /etc/resolv.conf
HOSTS=(unshare -m sh -c 'mount --bind "$0" /etc/hosts && mount --bind "$1" /etc/resolv.conf && shift && exec "$@"'
       "$W/hosts" "$W/resolv.conf")

# ---------------------------------------------------------------- topology
PUPIL=10.20.0.50
STAFF=10.30.0.60
ip netns add "$C"
ip netns add "$S"
ip -n "$C" link set lo up
ip -n "$S" link set lo up
ip link add c0 netns "$C" type veth peer name s0 netns "$S"
ip -n "$C" link set c0 address 02:00:0a:14:00:32
ip -n "$S" link set s0 address 02:00:cb:00:71:0a
ip -n "$C" addr add $PUPIL/24 dev c0
ip -n "$C" addr add $STAFF/24 dev c0
# 203.0.113.10 facebook, .20 instagram, .53 the school's resolver; 198.51.100.7 OpenVPN, .8 SOCKS (Dante),
# .9 WireGuard, .11 "dns.google" (DoH/DoT/DoQ), .12 Shadowsocks, .21 IPsec, .22 L2TP, .23 PPTP,
# .53 an outside resolver, .54 iodined, .80 www.bbc.co.uk, .90 a Tor bridge, .91 an obfs4 bridge
SERVER_V4="203.0.113.10 203.0.113.20 203.0.113.53 198.51.100.7 198.51.100.8 198.51.100.9 198.51.100.11
           198.51.100.12 198.51.100.21 198.51.100.22 198.51.100.23 198.51.100.53 198.51.100.54 198.51.100.80
           198.51.100.90 198.51.100.91"
for a in $SERVER_V4; do ip -n "$S" addr add "$a/32" dev s0; done
inc ethtool -K c0 tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
ins ethtool -K s0 tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
ip -n "$C" link set c0 up
ip -n "$S" link set s0 up
for n in 203.0.113.0/24 198.51.100.0/24 192.0.2.0/24; do ip -n "$C" route add "$n" dev c0 src $PUPIL; done
ip -n "$S" route add 10.20.0.0/24 dev s0
ip -n "$S" route add 10.30.0.0/24 dev s0
# no IPv6 at all here: no router solicitations or MLD reports in the captures
ins sysctl -qw net.ipv6.conf.all.disable_ipv6=1
inc sysctl -qw net.ipv6.conf.all.disable_ipv6=1

# ---------------------------------------------------------------- shared material
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
  -keyout "$W/key.pem" -out "$W/cert.pem" -subj "/CN=schoolgate-test" \
  -addext "subjectAltName=DNS:facebook.com,DNS:*.facebook.com,DNS:instagram.com,DNS:*.instagram.com,DNS:*.bbc.co.uk,DNS:dns.google,IP:198.51.100.11" \
  2>/dev/null
cat > "$W/hosts" <<'HOSTS'
127.0.0.1 localhost
203.0.113.10 www.facebook.com facebook.com
203.0.113.20 www.instagram.com instagram.com
198.51.100.80 www.bbc.co.uk
198.51.100.11 dns.google
HOSTS
echo "nameserver 203.0.113.53" > "$W/resolv.conf"

DNSMASQ_MAP=(--address=/facebook.com/203.0.113.10 --address=/instagram.com/203.0.113.20
             --address=/x.com/203.0.113.12 --address=/bbc.co.uk/198.51.100.80)
# The school's resolver (203.0.113.53): dnsmasq, fixed answers, and the iodine domain delegated to iodined
# (198.51.100.54) as a real recursive resolver would; and an "outside" resolver (198.51.100.53 and 127.0.0.53
# for stunnel's DoT) with the same answers. Neither forwards anything else anywhere.
ins dnsmasq --no-daemon --conf-file=/dev/null --no-resolv --no-hosts --no-poll --user=root --pid-file= \
  --listen-address=203.0.113.53 --bind-interfaces --port=53 "${DNSMASQ_MAP[@]}" \
  --server=/tn.example.net/198.51.100.54 --no-negcache --cache-size=0 >"$W/dnsmasq-school.log" 2>&1 & PIDS+=($!)
ins dnsmasq --no-daemon --conf-file=/dev/null --no-resolv --no-hosts --no-poll --user=root --pid-file= \
  --listen-address=198.51.100.53,127.0.0.53 --bind-interfaces --port=53 "${DNSMASQ_MAP[@]}" \
  >"$W/dnsmasq-outside.log" 2>&1 & PIDS+=($!)
# HTTPS origin servers (servers.py's handler) on facebook, instagram and bbc only; plain HTTP everywhere
ins $PY "$HERE/circ_servers.py" https "$W/cert.pem" "$W/key.pem" 203.0.113.10 203.0.113.20 198.51.100.80 \
  >"$W/https.log" 2>&1 & PIDS+=($!)
ins $PY "$HERE/servers.py" http >"$W/http.log" 2>&1 & PIDS+=($!)

wait_for() {   # wait_for SECONDS CMD...   (polls CMD every 0.1 s)
  local n=$(( $1 * 10 )); shift
  for _ in $(seq "$n"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}
listening() { ins ss -Hlntu | grep -q " $1 "; }    # listening ADDR:PORT
wait_for 10 listening 203.0.113.53:53
wait_for 10 listening 198.51.100.53:53
wait_for 10 listening 203.0.113.10:443
wait_for 10 listening '\*:80'

# ---------------------------------------------------------------- capture helpers
TCPDUMP_PID=""
CUR=""
LOCAL=()     # processes started for the current capture
# bgc/bgs CMD...: start CMD in the background in the client/server namespace (ip netns exec execs it, so $! is
# the tool's own pid and stop_local ends exactly the processes started for the current capture)
bgc() { ip netns exec "$C" "$@" & LOCAL+=($!); PIDS+=($!); }
bgs() { ip netns exec "$S" "$@" & LOCAL+=($!); PIDS+=($!); }
cap_start() {   # cap_start NAME
  CUR="$1"
  rm -f "$W/$CUR.raw.pcap"
  inc tcpdump -nn -U --immediate-mode -s 0 -Z root -i c0 -w "$W/$CUR.raw.pcap" 'tcp or udp' \
    >/dev/null 2>"$W/$CUR.tcpdump.err" &
  TCPDUMP_PID=$!
  wait_for 5 grep -q 'listening on' "$W/$CUR.tcpdump.err" || true
  sleep 0.2
}
cap_stop() {
  sleep 0.5
  kill -TERM "$TCPDUMP_PID"; wait "$TCPDUMP_PID" || true
}
stop_local() {
  local p
  for p in "${LOCAL[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${LOCAL[@]}"; do wait "$p" 2>/dev/null || true; done
  LOCAL=()
}
# keep OUT: trim the raw capture of the current step to the first N packets of each flow
keep() {   # keep RELPATH PER_FLOW
  $PY "$HERE/trim_flows.py" "$W/$CUR.raw.pcap" "$O/$1" --per-flow "$2"
}
CURL=(curl -sS -k -m 10 -o /dev/null --http1.1)
log_wait() {   # log_wait SECONDS FILE PATTERN
  wait_for "$1" grep -q "$3" "$2"
}

# ---------------------------------------------------------------- OpenVPN: a throwaway PKI
pki() {
  [ -f "$W/pki/ta.key" ] && return 0
  mkdir -p "$W/pki"; local d="$W/pki"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -keyout "$d/ca.key" -out "$d/ca.crt" -subj "/CN=schoolgate test CA" 2>/dev/null
  local n usage
  for n in server client; do
    usage=serverAuth; [ $n = client ] && usage=clientAuth
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$d/$n.key" -out "$d/$n.csr" \
      -subj "/CN=sg-$n" 2>/dev/null
    openssl x509 -req -in "$d/$n.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 3650 \
      -out "$d/$n.crt" -extfile <(printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=%s\n' $usage) 2>/dev/null
  done
  openvpn --genkey tls-crypt "$d/ta.key" >/dev/null
}
openvpn_run() {   # openvpn_run PROTO PORT [extra options for both ends...]
  local proto="$1" port="$2"; shift 2
  local sp=udp4 cp=udp4; [ "$proto" = tcp ] && { sp=tcp-server; cp=tcp-client; }
  local common=(--dev-type tun --ca "$W/pki/ca.crt" --data-ciphers AES-256-GCM --verb 3 --ping 2 "$@")
  pki
  bgs openvpn --mode p2p --tls-server --dev ovs0 --proto $sp --local 198.51.100.7 --lport "$port" \
    --ifconfig 10.8.0.1 10.8.0.2 --cert "$W/pki/server.crt" --key "$W/pki/server.key" --dh none "${common[@]}" \
    >"$W/$CUR.ovpn-s.log" 2>&1
  wait_for 10 listening "198.51.100.7:$port"
  cap_start "$CUR"
  bgc openvpn --tls-client --dev ovc0 --proto $cp --remote 198.51.100.7 "$port" --nobind \
    --ifconfig 10.8.0.2 10.8.0.1 --cert "$W/pki/client.crt" --key "$W/pki/client.key" --remote-cert-tls server \
    "${common[@]}" >"$W/$CUR.ovpn-c.log" 2>&1
  if log_wait 20 "$W/$CUR.ovpn-c.log" 'Initialization Sequence Completed'; then
    inc ping -c 3 -i 0.3 -W 1 10.8.0.1 >/dev/null || true
  else
    echo "  $CUR: tunnel did not come up (see below)"; tail -5 "$W/$CUR.ovpn-c.log"; FAILED+=("$CUR")
  fi
  cap_stop; stop_local
}

cap_openvpn-udp()       { openvpn_run udp 1194;                          keep circumvention/openvpn-udp.pcap 25; }
cap_openvpn-tcp()       { openvpn_run tcp 443;                           keep circumvention/openvpn-tcp-443.pcap 30; }
cap_openvpn-tls-crypt() { openvpn_run udp 1194 --tls-crypt "$W/pki/ta.key"; keep circumvention/openvpn-udp-tls-crypt.pcap 25; }

# ---------------------------------------------------------------- WireGuard (wireguard-go + wg)
cap_wireguard() {
  export WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1
  local d="$W/wg"; mkdir -p "$d"
  (umask 077; wg genkey > "$d/s.key"; wg genkey > "$d/c.key")
  wg pubkey < "$d/s.key" > "$d/s.pub"; wg pubkey < "$d/c.key" > "$d/c.pub"
  bgs wireguard-go -f wgs0 >"$W/wg-s.log" 2>&1
  bgc wireguard-go -f wgc0 >"$W/wg-c.log" 2>&1
  wait_for 10 test -S /var/run/wireguard/wgs0.sock; wait_for 10 test -S /var/run/wireguard/wgc0.sock
  ins wg set wgs0 listen-port 51820 private-key "$d/s.key" peer "$(cat "$d/c.pub")" allowed-ips 10.9.0.2/32
  ins ip addr add 10.9.0.1/24 dev wgs0; ins ip link set wgs0 up
  inc wg set wgc0 private-key "$d/c.key" peer "$(cat "$d/s.pub")" endpoint 198.51.100.9:51820 allowed-ips 10.9.0.0/24
  inc ip addr add 10.9.0.2/24 dev wgc0; inc ip link set wgc0 up
  cap_start wireguard
  inc ping -c 3 -i 0.3 -W 2 10.9.0.1 >/dev/null || { echo "  wireguard: no reply through the tunnel"; FAILED+=(wireguard); }
  cap_stop; stop_local
  keep circumvention/wireguard.pcap 20
}

# ---------------------------------------------------------------- SOCKS (Dante) and Shadowsocks
dante_start() {
  cat > "$W/danted.conf" <<'CONF'
logoutput: stderr
internal: 198.51.100.8 port = 1080
external: 198.51.100.8
socksmethod: none
clientmethod: none
user.privileged: root
user.unprivileged: nobody
client pass { from: 0.0.0.0/0 to: 0.0.0.0/0 }
socks pass { from: 0.0.0.0/0 to: 0.0.0.0/0 protocol: tcp }
CONF
  bgs "${HOSTS[@]}" danted -f "$W/danted.conf" -N 1 >>"$W/danted.log" 2>&1
  wait_for 10 listening 198.51.100.8:1080
}
cap_socks5-hostname() {
  dante_start; cap_start socks5-hostname
  inc "${CURL[@]}" --socks5-hostname 198.51.100.8:1080 https://www.instagram.com/ || FAILED+=(socks5-hostname)
  cap_stop; stop_local; keep circumvention/socks5-hostname-instagram.pcap 30
}
cap_socks4a() {
  dante_start; cap_start socks4a
  # Dante has no SOCKS4a: it rejects the request (91), which is already on the wire with the name in it
  inc "${CURL[@]}" --socks4a 198.51.100.8:1080 https://www.facebook.com/ 2>/dev/null || echo "  socks4a: rejected by Dante, as expected"
  cap_stop; stop_local; keep circumvention/socks4a-facebook.pcap 30
}
cap_socks4() {
  dante_start; cap_start socks4
  inc "${CURL[@]}" --resolve www.facebook.com:443:203.0.113.10 --socks4 198.51.100.8:1080 https://www.facebook.com/ \
    || FAILED+=(socks4)
  cap_stop; stop_local; keep circumvention/socks4-facebook.pcap 30
}
cap_shadowsocks() {
  local ss=(-k schoolgate-test-password -m chacha20-ietf-poly1305)
  bgs "${HOSTS[@]}" ss-server -s 198.51.100.12 -p 8388 "${ss[@]}" >"$W/ss-server.log" 2>&1
  bgc ss-local -s 198.51.100.12 -p 8388 -b 127.0.0.1 -l 1081 "${ss[@]}" >"$W/ss-local.log" 2>&1
  wait_for 10 listening 198.51.100.12:8388
  wait_for 10 inc sh -c 'ss -Hlnt | grep -q 127.0.0.1:1081'
  cap_start shadowsocks
  inc "${CURL[@]}" --socks5-hostname 127.0.0.1:1081 https://www.instagram.com/ || FAILED+=(shadowsocks)
  cap_stop; stop_local; keep circumvention/shadowsocks-instagram.pcap 30
}

# ---------------------------------------------------------------- DNS: outside resolvers, DoT, DoH, DoQ
cap_external-resolver() {
  cap_start external-resolver
  inc dig +tries=1 +time=3 @198.51.100.53 A www.x.com >/dev/null || FAILED+=(external-resolver)
  cap_stop; keep circumvention/dns-external-resolver.pcap 10
}
cap_dns-tcp-external() {
  cap_start dns-tcp-external
  inc dig +tcp +tries=1 +time=3 @198.51.100.53 A www.facebook.com >/dev/null || FAILED+=(dns-tcp-external)
  cap_stop; keep circumvention/dns-tcp-external-resolver.pcap 20
}
cap_dot() {
  cat > "$W/stunnel.conf" <<CONF
foreground = yes
pid =
[dot]
accept = 198.51.100.11:853
connect = 127.0.0.53:53
cert = $W/cert.pem
key = $W/key.pem
CONF
  bgs stunnel4 "$W/stunnel.conf" >"$W/stunnel.log" 2>&1
  wait_for 10 listening 198.51.100.11:853
  cap_start dot
  inc kdig +tls +tls-sni=dns.google +time=3 +retry=0 @198.51.100.11 A www.instagram.com >"$W/kdig-dot.out" 2>&1 \
    || FAILED+=(dot)
  cap_stop; stop_local; keep circumvention/dot-kdig-dns-google.pcap 30
}
cap_doq() {
  # kdig's DoQ client; no DoQ server here, so the capture is the client's Initial packets (and retries)
  cap_start doq
  inc kdig +quic +time=2 +retry=0 @198.51.100.11 A www.instagram.com >"$W/kdig-doq.out" 2>&1 || true
  cap_stop; keep circumvention/doq-kdig.pcap 6
}
doh_start() {
  bgs $PY "$HERE/circ_servers.py" doh "$W/cert.pem" "$W/key.pem" 198.51.100.11
  wait_for 10 listening 198.51.100.11:443
}
cap_doh-dns-google() {
  doh_start; cap_start doh-dns-google
  inc "${HOSTS[@]}" "${CURL[@]}" --doh-url https://dns.google/dns-query --doh-insecure -4 https://www.instagram.com/ \
    || FAILED+=(doh-dns-google)
  cap_stop; stop_local; keep circumvention/doh-curl-dns-google.pcap 30
}
cap_doh-bare-address() {
  doh_start; cap_start doh-bare-address
  inc "${CURL[@]}" --doh-url https://198.51.100.11/dns-query --doh-insecure -4 https://www.facebook.com/ \
    || FAILED+=(doh-bare-address)
  cap_stop; stop_local; keep circumvention/doh-curl-bare-address.pcap 30
}

# ---------------------------------------------------------------- iodine through the school's resolver
cap_iodine() {
  bgs iodined -f -c -P schoolgate-test -l 198.51.100.54 -p 53 10.53.0.1 tn.example.net >"$W/iodined.log" 2>&1
  wait_for 10 listening 198.51.100.54:53
  cap_start iodine
  bgc iodine -f -r -P schoolgate-test -d dns0 203.0.113.53 tn.example.net >"$W/iodine.log" 2>&1
  if wait_for 30 inc ip addr show dns0 2>/dev/null; then
    # some traffic through the tunnel: 25 pings, each an upstream query and a downstream answer
    sleep 1; inc ping -c 25 -i 0.2 -W 2 10.53.0.1 >/dev/null || echo "  iodine: no ping reply"
  else
    echo "  iodine: the tunnel did not come up"; FAILED+=(iodine)
  fi
  cap_stop; stop_local; keep circumvention/iodine-dns-tunnel.pcap 240
}

# ---------------------------------------------------------------- QUIC: ngtcp2's GnuTLS client/server, Chromium
quic_server() {
  mkdir -p "$W/www"
  bgs gtlsserver -q -d "$W/www" 203.0.113.20 443 "$W/key.pem" "$W/cert.pem" >>"$W/gtlsserver.log" 2>&1
  wait_for 10 listening 203.0.113.20:443
}
quic_client() {   # quic_client NAME VERSION OUT
  quic_server; cap_start "$1"
  # the host is given by name (resolved from the private hosts file): with an IP address this gtlsclient
  # sends SNI "localhost" and ignores --sni
  inc "${HOSTS[@]}" timeout 10 gtlsclient -q --exit-on-all-streams-close --timeout=3s --handshake-timeout=3s \
    -v "$2" www.instagram.com 443 https://www.instagram.com/ >"$W/$1.out" 2>&1 || true
  cap_stop; stop_local; keep "$3" 8
}
cap_quic-v1()      { quic_client quic-v1 v1 circumvention/quic-v1-ngtcp2-instagram.pcap; }
cap_quic-v2draft() { quic_client quic-v2draft v2draft circumvention/quic-v2draft-ngtcp2-instagram.pcap; }
cap_quic-draft29() { quic_client quic-draft29 0xff00001d circumvention/quic-draft29-ngtcp2-instagram.pcap; }
cap_quic-chromium() {
  quic_server
  local prof; prof="$(mktemp -d "$W/chr.XXXXXX")"
  cap_start quic-chromium
  inc timeout 20 chromium --headless --no-sandbox --disable-gpu --enable-quic \
    --origin-to-force-quic-on=www.instagram.com:443 --ignore-certificate-errors \
    --host-resolver-rules="MAP www.instagram.com 203.0.113.20, MAP * ~NOTFOUND" --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$prof" \
    --dump-dom "https://www.instagram.com/" >/dev/null 2>&1 || true
  cap_stop; stop_local; keep circumvention/quic-chromium-instagram.pcap 6
}

# ---------------------------------------------------------------- IPsec: strongSwan IKEv2, ESP in UDP (NAT-T)
# The kernel here has XFRM but no ESP, so both charons use the kernel-libipsec plugin (ESP in user space through a
# TUN device), which only does UDP-encapsulated ESP: "encap = yes" makes IKE move to 4500 after IKE_SA_INIT and
# carry ESP there, exactly as behind a NAT. Each charon runs in its own mount namespace (a private /run) with its
# own strongswan.conf (STRONGSWAN_CONF) and VICI socket.
ipsec_conf() {   # ipsec_conf DIR LOCAL REMOTE LOCAL_TS REMOTE_TS LOCAL_ID REMOTE_ID
  local d="$1"; mkdir -p "$d"
  cat > "$d/strongswan.conf" <<CONF
charon {
  load_modular = no
  load = random nonce pem pkcs1 x509 pubkey aes sha1 sha2 hmac kdf gmp kernel-libipsec kernel-netlink socket-default vici
  port = 500
  port_nat_t = 4500
  plugins {
    vici { socket = unix://$d/charon.vici }
  }
  filelog { main { path = $d/charon.log
                   default = 1
                   ike = 2 } }
}
CONF
  cat > "$d/swanctl.conf" <<CONF
connections {
  sg {
    version = 2
    local_addrs = $2
    remote_addrs = $3
    encap = yes
    proposals = aes128-sha256-modp2048
    local { auth = psk
            id = $6 }
    remote { auth = psk
             id = $7 }
    children { sg { local_ts = $4
                    remote_ts = $5
                    esp_proposals = aes128-sha256 } }
  }
}
secrets { ike-sg { id-a = vpn.example.net
                   id-b = pupil.example.net
                   secret = schoolgate-test-psk } }
CONF
}
charon_start() {   # charon_start c|s DIR
  local ns="$S"; [ "$1" = c ] && ns="$C"
  ip netns exec "$ns" env STRONGSWAN_CONF="$2/strongswan.conf" unshare -m sh -c \
    'mount -t tmpfs tmpfs /run && exec /usr/lib/ipsec/charon' >"$2/stdout" 2>&1 & LOCAL+=($!); PIDS+=($!)
  wait_for 10 test -S "$2/charon.vici"
  ip netns exec "$ns" env STRONGSWAN_CONF="$2/strongswan.conf" swanctl --load-all --file "$2/swanctl.conf" \
    --uri "unix://$2/charon.vici" >"$2/load.log" 2>&1
}
cap_ipsec-ikev2-natt() {
  local ds="$W/ipsec-s" dc="$W/ipsec-c"
  ipsec_conf "$ds" 198.51.100.21 %any 10.99.0.1/32 10.99.0.2/32 vpn.example.net pupil.example.net
  ipsec_conf "$dc" $PUPIL 198.51.100.21 10.99.0.2/32 10.99.0.1/32 pupil.example.net vpn.example.net
  ins ip addr add 10.99.0.1/32 dev lo; inc ip addr add 10.99.0.2/32 dev lo
  charon_start s "$ds"; charon_start c "$dc"
  cap_start ipsec-ikev2-natt
  if inc env STRONGSWAN_CONF="$dc/strongswan.conf" timeout 20 swanctl --initiate --child sg \
       --uri "unix://$dc/charon.vici" >"$dc/initiate.log" 2>&1; then
    sleep 0.5; inc ping -c 3 -i 0.3 -W 2 -I 10.99.0.2 10.99.0.1 >/dev/null || echo "  ipsec: no ping reply through ESP"
  else
    echo "  ipsec: initiate failed"; tail -5 "$dc/initiate.log"; FAILED+=(ipsec-ikev2-natt)
  fi
  cap_stop; stop_local
  ins ip addr del 10.99.0.1/32 dev lo; inc ip addr del 10.99.0.2/32 dev lo
  keep circumvention/ipsec-ikev2-natt.pcap 20
}

# ---------------------------------------------------------------- L2TP (xl2tpd) and PPTP (pptpd, pptp-linux)
# This kernel has no PPP, L2TP or PPTP support (no /dev/ppp), so pppd cannot start and no session carries data:
# what is captured is the real control protocol of each, which is what identifies them on the wire (L2TP:
# SCCRQ/SCCRP/SCCCN and the incoming-call exchange on UDP 1701; PPTP: the control connection on TCP 1723).
cap_l2tp() {
  local d="$W/l2tp"; mkdir -p "$d/s" "$d/c"
  printf 'noauth\nnodetach\n' > "$d/options"
  cat > "$d/s/xl2tpd.conf" <<CONF
[global]
listen-addr = 198.51.100.22
port = 1701
[lns default]
ip range = 10.98.0.10-10.98.0.20
local ip = 10.98.0.1
require authentication = no
pppoptfile = $d/options
CONF
  cat > "$d/c/xl2tpd.conf" <<CONF
[global]
port = 1701
[lac sg]
lns = 198.51.100.22
autodial = yes
redial = no
require authentication = no
pppoptfile = $d/options
CONF
  bgs xl2tpd -D -c "$d/s/xl2tpd.conf" -p "$d/s/pid" -C "$d/s/control" >"$d/s/log" 2>&1
  wait_for 10 listening 198.51.100.22:1701
  cap_start l2tp
  bgc xl2tpd -D -c "$d/c/xl2tpd.conf" -p "$d/c/pid" -C "$d/c/control" >"$d/c/log" 2>&1
  sleep 4
  cap_stop; stop_local
  grep -iE "connection established|call established|ppp|error" "$d/c/log" | head -4 | sed 's/^/    xl2tpd: /'
  keep circumvention/l2tp-xl2tpd-control.pcap 20
}
cap_pptp() {
  local d="$W/pptp"; mkdir -p "$d"
  printf 'noauth\nnodetach\n' > "$d/options"
  printf 'option %s\nlisten 198.51.100.23\nlocalip 10.97.0.1\nremoteip 10.97.0.10-20\n' "$d/options" > "$d/pptpd.conf"
  bgs pptpd -f -c "$d/pptpd.conf" -o "$d/options" -p "$d/pid" >"$d/server.log" 2>&1
  wait_for 10 listening 198.51.100.23:1723
  cap_start pptp
  # without pppd: pptp speaks the control protocol itself and would hand the call's GRE to stdin/stdout
  bgc sh -c "sleep 6 | pptp 198.51.100.23 --nolaunchpppd --loglevel 2" >"$d/client.log" 2>&1
  sleep 4
  cap_stop; stop_local
  grep -iE "outgoing call|established|error" "$d/client.log" | head -4 | sed 's/^/    pptp: /'
  keep circumvention/pptp-control.pcap 20
}

# ---------------------------------------------------------------- Tor: a private bridge, a client that uses it
# The bridge (198.51.100.90:9001, and obfs4 on 198.51.100.91:443 through obfs4proxy) publishes nothing and the
# client is told to use only it; neither can reach any real Tor relay or directory authority (no route), so
# the capture is the client's Tor link handshake with the bridge (TLS, then VERSIONS/CERTS/NETINFO cells inside
# it) and its first directory requests.
tor_bridge_start() {
  local d="$W/tor-bridge"
  [ -f "$d/torrc" ] && return 0
  mkdir -p "$d/data"; chmod 700 "$d/data"
  cat > "$d/torrc" <<CONF
DataDirectory $d/data
SocksPort 0
ORPort 198.51.100.90:9001
Address 198.51.100.90
BridgeRelay 1
PublishServerDescriptor 0
AssumeReachable 1
ExitRelay 0
ServerTransportPlugin obfs4 exec /usr/bin/obfs4proxy
ServerTransportListenAddr obfs4 198.51.100.91:443
ExtORPort auto
Log notice file $d/log
CONF
  ip netns exec "$S" tor -f "$d/torrc" --RunAsDaemon 0 >/dev/null 2>&1 & PIDS+=($!)   # kept for obfs4 too
  wait_for 60 test -s "$d/data/pt_state/obfs4_bridgeline.txt"
  wait_for 30 listening 198.51.100.90:9001
  wait_for 30 listening 198.51.100.91:443
}
tor_client() {   # tor_client NAME BRIDGE-LINES...
  local name="$1"; shift
  local d="$W/tor-client-$name"; mkdir -p "$d/data"; chmod 700 "$d/data"
  { echo "DataDirectory $d/data"; echo "SocksPort 127.0.0.1:9050"; echo "UseBridges 1"
    echo "ClientTransportPlugin obfs4 exec /usr/bin/obfs4proxy"; echo "Log notice file $d/log"
    for b in "$@"; do echo "Bridge $b"; done; } > "$d/torrc"
  cap_start "$name"
  bgc tor -f "$d/torrc" --RunAsDaemon 0 >/dev/null 2>&1
  log_wait 30 "$d/log" 'Bootstrapped [1-9][0-9]' || true
  sleep 3
  cap_stop; stop_local
  grep -E 'Bootstrapped|bridge' "$d/log" | tail -3 | sed 's/^/    tor: /'
}
cap_tor-bridge() {
  tor_bridge_start
  tor_client tor-bridge "198.51.100.90:9001 $(awk '{print $2}' "$W/tor-bridge/data/fingerprint")"
  keep circumvention/tor-bridge-handshake.pcap 30
}
cap_obfs4() {
  tor_bridge_start
  local fp cert
  fp="$(awk '{print $2}' "$W/tor-bridge/data/fingerprint")"
  cert="$(grep -o 'cert=[^ ]*' "$W/tor-bridge/data/pt_state/obfs4_bridgeline.txt")"
  tor_client obfs4 "obfs4 198.51.100.91:443 $fp $cert iat-mode=0"
  keep circumvention/obfs4-tor-bridge.pcap 20
}

# ---------------------------------------------------------------- benign and repeated attempts
cap_benign-bbc() {
  cap_start benign-bbc
  inc dig +tries=1 +time=3 @203.0.113.53 A www.bbc.co.uk >/dev/null
  sleep 0.2
  inc "${CURL[@]}" --resolve www.bbc.co.uk:443:198.51.100.80 https://www.bbc.co.uk/news
  sleep 0.2
  inc "${CURL[@]}" --resolve www.bbc.co.uk:80:198.51.100.80 http://www.bbc.co.uk/bitesize
  cap_stop; keep benign/bbc-dns-https-http.pcap 30
}
cap_repeated-attempts() {
  # six tries in 55 s, 11 s apart: an engine that folds connections to one target within a few seconds into
  # one attempt (parallel connections of one page load) still sees six separate attempts
  cap_start repeated-attempts
  local i
  for i in 1 2 3 4 5 6; do
    inc "${CURL[@]}" --resolve facebook.com:443:203.0.113.10 https://facebook.com/ || true
    [ $i = 6 ] || sleep 11
  done
  cap_stop; keep circumvention/repeated-attempts-facebook.pcap 30
}

# ---------------------------------------------------------------- run
for name in "${WANT[@]}"; do
  if ! declare -F "cap_$name" >/dev/null; then echo "unknown capture: $name (see --list)" >&2; exit 2; fi
  echo "== $name"
  "cap_$name" || { echo "  $name: FAILED"; FAILED+=("$name"); stop_local; }
done

echo "== sizes"
for d in circumvention benign; do
  for f in "$O/$d"/*.pcap; do [ -e "$f" ] && printf '%7d  %s\n' "$(stat -c %s "$f")" "${f#$O/}"; done
done
$PY "$HERE/circ_update_hosts.py"
echo "== manifest check (tshark)"
rc=0
$PY "$HERE/check_manifest.py" || rc=1
if [ ${#FAILED[@]} -gt 0 ]; then echo "== problems: ${FAILED[*]}"; rc=1; fi
exit $rc
