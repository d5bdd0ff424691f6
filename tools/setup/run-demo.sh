#!/bin/sh
# README command 1: on a fresh Debian 12 machine (as root), install what schoolgate needs, build it, and
# replay the demo capture (pcaps/demo/school-morning.pcap: a pupil and a member of staff browsing) with the
# Hillside demo policy, as if it happened on Wednesday 4 March 2026 at 10:15 (period 2, a lesson).
# Prints one readable line per flow, then the replay summary; the same events as JSON lines (the format
# the e-safety officer's tools read, docs/schema/events.schema.json) go to build/demo-events.jsonl.
set -eu
cd "$(dirname "$0")/../.."
tools/setup/install-debian-deps.sh
tools/setup/build.sh >/dev/null
capture=pcaps/demo/school-morning.pcap
policy=config/examples/hillside.yaml
at=2026-03-04T10:15:00
echo "== schoolgate replay $capture --policy $policy --school-time $at =="
./build/bin/schoolgate replay "$capture" --policy "$policy" --school-time "$at" --all-flows --format text --quiet
./build/bin/schoolgate replay "$capture" --policy "$policy" --school-time "$at" --all-flows --events build/demo-events.jsonl
echo "== JSON events: build/demo-events.jsonl (first line below) =="
head -n 1 build/demo-events.jsonl
# The same school a little later: a pupil tries Facebook again and again, then a VPN, a proxy, encrypted DNS,
# another resolver and Tor; a member of staff uses a VPN. Circumvention events and the alert, for the
# e-safety officer (docs/circumvention.md), then `schoolgate report` on them: text on the terminal,
# build/demo-report.csv and build/demo-report.html.
circumvention=pcaps/demo/hillside-circumvention.pcap
echo "== schoolgate replay $circumvention --policy $policy --school-time $at =="
./build/bin/schoolgate replay "$circumvention" --policy "$policy" --school-time "$at" --format text
./build/bin/schoolgate replay "$circumvention" --policy "$policy" --school-time "$at" --quiet \
  --events build/demo-circumvention-events.jsonl
echo "== circumvention and alert events (build/demo-circumvention-events.jsonl) =="
grep -E '"event":"(circumvention|alert)"' build/demo-circumvention-events.jsonl
# The e-safety officer's report on those events: plain text here, and the same as a spreadsheet and a page.
echo "== schoolgate report build/demo-circumvention-events.jsonl --policy $policy =="
./build/bin/schoolgate report build/demo-circumvention-events.jsonl --policy "$policy"
./build/bin/schoolgate report build/demo-circumvention-events.jsonl --policy "$policy" --format csv \
  --output build/demo-report.csv
./build/bin/schoolgate report build/demo-circumvention-events.jsonl --policy "$policy" --format html \
  --output build/demo-report.html
echo "== the same report for a spreadsheet: build/demo-report.csv; as one page with charts: build/demo-report.html =="
