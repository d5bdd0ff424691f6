#!/bin/bash
# Installs (Debian 12, as root) the tools that pcaps/generate-circumvention.sh runs to regenerate the
# circumvention and benign captures. Only needed to regenerate captures: no test and no CI job uses them.
# Installing must not start any service: the Debian packages of tor, openvpn, strongswan, shadowsocks-libev,
# xl2tpd, pptpd and stunnel4 ship system services, so this script installs under a policy-rc.d that refuses
# every start (if none is in place), and removes it afterwards.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "generate-deps.sh: run as root" >&2; exit 1; }
PACKAGES=(
  # what generate.sh needs too
  iproute2 ethtool tcpdump openssl curl dnsutils dnsmasq-base python3 python3-scapy python3-yaml tshark
  iputils-ping chromium
  # VPNs
  openvpn wireguard-tools wireguard-go strongswan-charon strongswan-swanctl libcharon-extra-plugins
  xl2tpd pptpd pptp-linux ppp
  # Tor and pluggable transports
  tor obfs4proxy
  # proxies and tunnels
  dante-server shadowsocks-libev iodine
  # encrypted DNS and QUIC
  knot-dnsutils stunnel4 python3-dnslib ngtcp2-client ngtcp2-server
)
guard=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; guard=1
fi
trap '[ -n "$guard" ] && rm -f /usr/sbin/policy-rc.d' EXIT
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${PACKAGES[@]}"
