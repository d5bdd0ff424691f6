#!/bin/sh
# README command 1: on a fresh Debian 12 machine (as root), install what schoolgate needs, build it, and
# replay the demo capture (pcaps/demo/school-morning.pcap: a pupil and a member of staff browsing) with the
# Hillside demo policy, as if it happened on Wednesday 4 March 2026 at 10:15 (period 2, a lesson).
# Prints one readable line per flow, then the replay summary; the same events as JSON lines (the format
# the e-safety officer's tools read, docs/schema/events.schema.json) go to build/demo-events.jsonl.
# Last, it prepares the school's web console (docs/console.md) for the demo: an account per role and the demo's
# events indexed, and prints how to start it.
#   tools/setup/run-demo.sh --console    the same, then the console in the foreground on http://127.0.0.1:8080/
set -eu
cd "$(dirname "$0")/../.."
console_config=config/examples/console.yaml
demo_password=hillside-demo-2026
if [ "${1:-}" = "--console" ] && [ -f build/console-demo.db ] && [ -x build/bin/schoolgate-console ]; then
  echo "== schoolgate-console --config $console_config: http://127.0.0.1:8080/ (accounts head, esafety, netman," \
    "governor; password $demo_password); Ctrl-C stops it =="
  exec ./build/bin/schoolgate-console --config "$console_config"
fi
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
# The console: the demo's events where the console's example config reads the event log, one account per role
# (headteacher, dsl, network-manager, governor), and the event index brought up to date.
mkdir -p build/demo-events
cp build/demo-events.jsonl build/demo-events/events-2026-03-04.jsonl
cp build/demo-circumvention-events.jsonl build/demo-events/events-2026-03-04.1.jsonl
for account in head:headteacher esafety:dsl netman:network-manager governor:governor; do
  echo "$demo_password" | ./build/bin/schoolgate console user add "${account%%:*}" --role "${account#*:}" \
    --config "$console_config" >/dev/null
done
echo "== the school's console (docs/console.md) =="
./build/bin/schoolgate-console --config "$console_config" --ingest
echo "start it: tools/setup/run-demo.sh --console   then open http://127.0.0.1:8080/"
echo "accounts: head (headteacher), esafety (dsl), netman (network-manager), governor (governor); password: $demo_password"
if [ "${1:-}" = "--console" ]; then
  exec ./build/bin/schoolgate-console --config "$console_config"
fi
