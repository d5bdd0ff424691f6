#!/bin/sh
# Checks the one-way module layering: common <- classifiers <- config <- gateway <- tools. A file may
# include project headers only from its own module or modules to its left. Also keeps third-party
# libraries in their adapters (yaml-cpp in config/yaml, libpcap in gateway/capture, nDPI in classifiers/ndpi)
# and the real clock in gateway/time/system_clock.cc. Prints each offending line and fails.
set -eu
root=${1:-.}
cd "$root"
status=0
rank() { case "$1" in common) echo 1;; classifiers) echo 2;; config) echo 3;; gateway) echo 4;; tools) echo 5;; *) echo 0;; esac; }

for dir in common classifiers config gateway; do
  mine=$(rank "$dir")
  for hit in $(grep -rnoE '#include *"[a-z_]+/' "$dir" --include='*.h' --include='*.cc' | tr -d ' ' || true); do
    module=$(printf '%s' "$hit" | sed -E 's/.*#include"([a-z_]+)\/.*/\1/')
    theirs=$(rank "$module")
    if [ "$theirs" -gt "$mine" ] || [ "$theirs" -eq 0 ]; then
      echo "layering: $hit ($dir/ may not include $module/)"; status=1
    fi
  done
done

check_confined() {  # pattern, allowed path prefix, what
  offenders=$(grep -rlE "$1" common classifiers config gateway tools --include='*.h' --include='*.cc' | grep -v "^$2" || true)
  for f in $offenders; do echo "layering: $f uses $3 outside $2"; status=1; done
}
check_confined '#include *<yaml-cpp' 'config/yaml/' 'yaml-cpp'
check_confined '#include *<pcap' 'gateway/capture/' 'libpcap'
check_confined '#include *<(ndpi|libndpi)' 'classifiers/ndpi/' 'nDPI'
check_confined '#include *<(libnetfilter_queue|libmnl|libnftnl)' 'gateway/enforce/' 'netfilter libraries'
check_confined '(system_clock|steady_clock)::now' 'gateway/time/system_clock.cc' 'the real clock'

# Parsers read packet bytes through wire::ByteReader only.
casts=$(grep -rnE 'reinterpret_cast' classifiers gateway/decode --include='*.cc' --include='*.h' | grep -v 'NOLINT' || true)
if [ -n "$casts" ]; then echo "layering: reinterpret_cast on packet data (use wire::ByteReader):"; echo "$casts"; status=1; fi

# One file owns the flow table: every flow (TCP, UDP, other IP protocols) lives in the engine's FlowTable, and
# no second, improvised table of flows (a set of address strings, a map of tunnels) grows beside it.
owners=$(grep -rlE '^\s+(flow::)?FlowTable [a-z_]+_;' gateway tools --include='*.h' | grep -v '^gateway/engine/inspection_engine.h$' || true)
for f in $owners; do echo "layering: $f holds a FlowTable (only gateway/engine/inspection_engine.h may)"; status=1; done
side_tables=$(grep -rnE 'unordered_(set|map)<std::string' gateway/engine --include='*.h' --include='*.cc' | grep -v 'attempt_tracker' || true)
if [ -n "$side_tables" ]; then echo "layering: a table keyed by strings beside the flow table:"; echo "$side_tables"; status=1; fi

[ $status -eq 0 ] && echo "layering: ok"
exit $status
