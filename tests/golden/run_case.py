#!/usr/bin/env python3
"""Runs one golden case (tests/golden/<case>/case.yaml): replays its capture with its policy at its school
time and checks each `expect` filter (count of matching events, and the fields every match must have).
A case may give a lease file (`leases`, optionally `leases_format`) for replay --leases.
A case may also expect an exit code (`expect_exit`, default 0) and text in the summary or error on stderr
(`expect_stderr`: a substring or a list of them).

Usage: run_case.py SCHOOLGATE_BINARY CASE_DIR
"""
import os
import sys

import yaml

from sg_replay import ROOT, matches, replay


def main():
    binary, case_dir = sys.argv[1], sys.argv[2]
    with open(os.path.join(case_dir, "case.yaml")) as f:
        case = yaml.safe_load(f)
    capture = os.path.join(ROOT, case["pcap"])
    policy = os.path.join(ROOT, case.get("policy", "config/examples/demo-policy.yaml"))
    clock = case.get("clock", {})
    extra = []
    if "leases" in case:  # identity: a DHCP server's lease file of the capture's day
        extra += ["--leases", os.path.join(ROOT, case["leases"])]
    if "leases_format" in case:
        extra += ["--leases-format", case["leases_format"]]
    code, events, stderr = replay(binary, capture, policy, clock.get("school_time"), case.get("all_flows", True), extra)
    failures = []
    expected_exit = case.get("expect_exit", 0)
    if code != expected_exit:
        failures.append(f"exit code {code}, expected {expected_exit}; stderr: {stderr.strip()}")
    wanted = case.get("expect_stderr", [])
    for text in [wanted] if isinstance(wanted, str) else wanted:
        if text not in stderr:
            failures.append(f"stderr lacks {text!r}; got: {stderr.strip()}")
    for expectation in case.get("expect", []):
        selected = [e for e in events if matches(e, expectation.get("match", {}))]
        if "count" in expectation and len(selected) != expectation["count"]:
            failures.append(f"{expectation.get('match')}: {len(selected)} events, expected {expectation['count']}")
        for event in selected:
            wrong = {k: event.get(k) for k, v in expectation.get("fields", {}).items() if event.get(k) != v}
            if wrong:
                failures.append(f"{expectation.get('match')}: expected {expectation['fields']}, got {wrong}")
    print(f"{case_dir}: {case['doc']}")
    for failure in failures:
        print(f"  - {failure}")
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
