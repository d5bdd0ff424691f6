#!/usr/bin/env python3
"""`schoolgate explain` gives the engine's answer: every flow that `schoolgate replay --all-flows` decides in
the golden cases and the manifest's captures is asked of explain with the same inputs the flow gave the engine
(who, server, port, transport, classifier, name and where it came from, ALPN, ECH, techniques with their
confidence, nDPI's reading, school time), and explain must give the same verdict and rule, every time.

Usage: explain_agrees.py SCHOOLGATE_BINARY
"""
import json
import os
import subprocess
import sys

import yaml

from sg_replay import ROOT, replay

MANIFEST_POLICY = os.path.join(ROOT, "config", "examples", "demo-policy.yaml")


def runs():
    """(label, capture, policy, school time or None) for every golden case with a capture, then every
    capture of the manifest as run_manifest.py replays it."""
    cases = os.path.join(ROOT, "tests", "golden", "cases")
    for name in sorted(os.listdir(cases)):
        with open(os.path.join(cases, name, "case.yaml")) as f:
            case = yaml.safe_load(f)
        if case.get("expect_exit", 0) != 0:
            continue
        clock = case.get("clock") or {}
        yield name, os.path.join(ROOT, case["pcap"]), os.path.join(ROOT, case["policy"]), clock.get("first_packet_at")
    with open(os.path.join(ROOT, "pcaps", "manifest.yaml")) as f:
        manifest = yaml.safe_load(f)
    for entry in manifest["captures"]:
        yield entry["file"], os.path.join(ROOT, "pcaps", entry["file"]), MANIFEST_POLICY, None


def explain_args(event, policy):
    """The explain command line for one decided flow, from its event."""
    args = ["explain", "--policy", policy, "--format", "json", "--at", event["school_time"][:19]]
    if event.get("device"):
        args += ["--device", event["device"]]
    else:
        args += ["--ip", event["src_ip"]]
    if event.get("vlan"):
        args += ["--vlan", str(event["vlan"])]
    args += ["--server", event["dst_ip"], "--port", str(event["dst_port"]), "--transport", event["transport"]]
    args += ["--classifier", event.get("classifier") or "none"]
    if event.get("host"):
        args += ["--host", event["host"], "--host-source", event["host_source"]]
        if event.get("other_host"):
            args += ["--other-host", event["other_host"]]
    tls = event.get("tls") or {}
    for protocol in tls.get("alpn", []):
        args += ["--alpn", protocol]
    if tls.get("ech"):
        args.append("--ech")
    for technique in event.get("technique_evidence", []):
        args += ["--technique", f"{technique['technique']}:{technique['confidence']}"]
    if event.get("ndpi"):
        args += ["--ndpi", event["ndpi"]["protocol"]]
    return args


def main():
    binary = sys.argv[1]
    env = dict(os.environ, TZ="UTC", LC_ALL="C")
    asked = 0
    failures = []
    for label, capture, policy, school_time in runs():
        code, events, stderr = replay(binary, capture, policy, school_time)
        if code != 0:
            failures.append(f"{label}: replay exit code {code}: {stderr.strip()}")
            continue
        for event in events:
            if event["event"] not in ("verdict", "circumvention"):
                continue
            args = explain_args(event, policy)
            proc = subprocess.run([binary] + args, capture_output=True, text=True, env=env, timeout=60)
            asked += 1
            if proc.returncode != 0:
                failures.append(f"{label}: flow {event['flow_id']}: explain exit {proc.returncode}: {proc.stderr.strip()}\n"
                                f"  schoolgate {' '.join(args)}")
                continue
            answer = json.loads(proc.stdout)
            engine = (event["verdict"], event["rule"])
            explained = (answer["verdict"], answer["rule"])
            if engine != explained:
                failures.append(f"{label}: flow {event['flow_id']} ({event.get('host') or event['dst_ip']}): engine said "
                                f"{engine}, explain said {explained}\n  schoolgate {' '.join(args)}")
    for failure in failures:
        print(failure)
    print(f"explain_agrees: {asked} flows asked, {len(failures)} disagreements")
    if asked == 0:
        print("explain_agrees: no flow was asked: the test would prove nothing")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
