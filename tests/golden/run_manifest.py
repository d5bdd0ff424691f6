#!/usr/bin/env python3
"""Golden test over pcaps/manifest.yaml: every flow of every capture must come out of `schoolgate replay`
with the expected host, host_source, service and handshake observations (and verdict, where the manifest gives
one, under the demo policy, with at least the techniques listed), and no flow may be unexplained;
a name a capture lists under never_named (a decoy's) may appear in no event.

Usage: run_manifest.py SCHOOLGATE_BINARY [MANIFEST]
"""
import json
import os
import sys

import yaml

from sg_replay import ROOT, replay

POLICY = os.path.join(ROOT, "config", "examples", "demo-policy.yaml")


def expected_fields(flow):
    fields = {
        "host": flow.get("host"),
        "host_source": flow.get("host_source"),
        "service": flow.get("service"),
        "observations": sorted(flow.get("observations", [])),
    }
    if "verdict" in flow:
        fields["verdict"] = flow["verdict"]
    return fields


def actual_fields(event, flow):
    fields = {
        "host": event.get("host"),
        "host_source": event.get("host_source"),
        "service": event.get("service"),
        "observations": sorted(event.get("observations", [])),
    }
    if "verdict" in flow:
        fields["verdict"] = event.get("verdict")
    return fields


def flow_selector(flow):
    selector = {"transport": flow["transport"], "dst_ip": flow["server"], "dst_port": flow["server_port"]}
    if "client" in flow:
        selector["src_ip"] = flow["client"]
    if "client_port" in flow:
        selector["src_port"] = flow["client_port"]
    return selector


def check_capture(binary, entry):
    path = os.path.join(ROOT, "pcaps", entry["file"])
    code, events, stderr = replay(binary, path, POLICY)
    failures = []
    if code != 0:
        return [f"exit code {code}: {stderr.strip()}"]
    # A flow is re-decided when a technique turns up later (a DNS flow that becomes a tunnel): its last
    # event is the engine's final word on it. Alerts are about people, not flows.
    last_by_flow = {}
    for event in events:
        if event.get("event") in ("verdict", "circumvention"):
            last_by_flow[event.get("flow_id")] = event
    unclaimed = list(last_by_flow.values())
    for flow in entry["flows"]:
        selector = flow_selector(flow)
        candidates = [e for e in unclaimed if all(e.get(k) == v for k, v in selector.items())]
        if not candidates:
            failures.append(f"no event for flow {selector}")
            continue
        # Several flows can share a selector (no client port given): take the one that matches best.
        best = next((e for e in candidates if actual_fields(e, flow) == expected_fields(flow)), candidates[0])
        unclaimed.remove(best)
        if actual_fields(best, flow) != expected_fields(flow):
            failures.append(f"flow {selector}: expected {expected_fields(flow)}, got {actual_fields(best, flow)}")
        # Techniques of the flows that give a verdict (the evasion captures); the others' depend on the school's
        # resolver and indicator lists, and detection_table.py checks them under the Hillside policy.
        missing = sorted(set(flow.get("techniques", [])) - set(best.get("techniques", []))) if "verdict" in flow else []
        if missing:
            failures.append(f"flow {selector}: techniques {missing} missing, got {best.get('techniques', [])}")
    # A decoy's name (a fake ClientHello the server never reads) must not turn up in any event at all.
    for name in entry.get("never_named", []):
        failures += [f"event {e.get('event')} names {name}, a decoy: {json.dumps(e)[:300]}" for e in events
                     if name in json.dumps(e)]
    for event in unclaimed:
        failures.append(f"unexpected flow {event['src_ip']}:{event['src_port']} -> {event['dst_ip']}:{event['dst_port']}"
                        f"/{event['transport']} host={event.get('host')}")
    return failures


def main():
    binary = sys.argv[1]
    manifest_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "pcaps", "manifest.yaml")
    with open(manifest_path) as f:
        manifest = yaml.safe_load(f)
    total_failures = 0
    for entry in manifest["captures"]:
        failures = check_capture(binary, entry)
        status = "ok" if not failures else "FAIL"
        print(f"{status:4} {entry['file']} ({len(entry['flows'])} flows)")
        for failure in failures:
            print(f"     - {failure}")
        total_failures += len(failures)
    print(f"{len(manifest['captures'])} captures, {total_failures} failures")
    return 1 if total_failures else 0


if __name__ == "__main__":
    sys.exit(main())
