#!/bin/sh
# Installs, from Debian 12's own archive only, everything schoolgate needs to build, run its demo and run its
# whole test suite. Idempotent; safe to run again. Needs root.
#   tools/setup/install-debian-deps.sh               build + run + test dependencies
#   tools/setup/install-debian-deps.sh --packaging   and the Debian packaging tools (tools/setup/build-deb.sh,
#                                                    verify-deb.sh; the Dockerfile's build stage)
#   tools/setup/install-debian-deps.sh --verify      and the packaging tools, and what runs the packages' units
#                                                    and the image here (verify-units-nspawn.sh,
#                                                    build-docker-image.sh)
set -eu
packaging=0 verify=0
case ${1:-} in
  "") ;;
  --packaging) packaging=1 ;;
  --verify) packaging=1 verify=1 ;;
  *) echo "usage: install-debian-deps.sh [--packaging|--verify]" >&2; exit 2 ;;
esac
if [ "$(id -u)" -ne 0 ]; then
  echo "install-debian-deps: run as root (it calls apt-get)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -o DPkg::Lock::Timeout=600 "$@"; }

build_packages="build-essential cmake pkg-config ca-certificates
  libpcap-dev libndpi-dev libyaml-cpp-dev libspdlog-dev libfmt-dev libboost-test-dev libssl-dev
  libhowardhinnant-date-dev nlohmann-json3-dev libcli11-dev tzdata
  libnetfilter-queue-dev libmnl-dev libnftnl-dev libcap-ng-dev libseccomp-dev libsystemd-dev ccache
  libcpp-httplib-dev libsqlite3-dev libargon2-dev libical-dev"
# The test suite replays captures, validates events against the JSON Schema and cross-checks SNIs with tshark.
# End-to-end tests (tests/e2e): network namespaces, the firewall, and real clients and servers.
# The crafted clients build QUIC Initials with python3-cryptography (RFC 9001 keys) and mount their own /etc/hosts
# (util-linux unshare). Identity (issue 17): dnsmasq serves DHCP, dhclient (isc-dhcp-client) asks for a lease and
# releases it, radclient (freeradius-utils) sends RADIUS Accounting.
e2e_packages="iproute2 nftables iptables dnsmasq-base curl openssl dnsutils ngtcp2-client python3-scapy
  python3-cryptography util-linux isc-dhcp-client freeradius-utils"
# schoolgate report --format html is rendered in headless Chromium (tests/golden/report); systemd-analyze checks
# the unit (tests/packaging). The console's end-to-end test drives Chromium through chromium-driver (python3-selenium).
test_packages="python3 python3-yaml python3-jsonschema tshark chromium chromium-driver python3-selenium systemd"
# The Debian package (debian/): debhelper builds it, help2man and pandoc make its man pages, dch (devscripts)
# versions a rebuild, lintian checks it, debootstrap makes the chroot verify-deb.sh installs it in.
packaging_packages="debhelper help2man pandoc devscripts lintian debootstrap"
[ "$packaging" = 1 ] || packaging_packages=""
# The units under a real systemd (systemd-nspawn -b, systemd-container) and the Dockerfile built and run
# without a Docker engine (podman, with runc: crun refuses this machine's hybrid cgroups).
verify_packages="systemd-container podman runc"
[ "$verify" = 1 ] || verify_packages=""

apt_get update -q
# shellcheck disable=SC2086
apt_get install -y -q --no-install-recommends $build_packages $test_packages $e2e_packages $packaging_packages $verify_packages
