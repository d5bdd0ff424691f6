#!/bin/sh
# README command 1: on a fresh Debian 12 machine (as root), install what schoolgate needs, build it, and
# replay the demo capture (pcaps/demo/school-morning.pcap) with the Hillside demo policy during a lesson.
# Prints the verdict events (one JSON line each) and then the replay summary.
set -eu
cd "$(dirname "$0")/../.."
tools/setup/install-debian-deps.sh
tools/setup/build.sh >/dev/null
echo "== schoolgate replay pcaps/demo/school-morning.pcap (Wednesday 4 March 2026, 10:15, period 2) =="
./build/bin/schoolgate replay pcaps/demo/school-morning.pcap \
  --policy config/examples/hillside.yaml --school-time 2026-03-04T10:15:00 --all-flows --events -
