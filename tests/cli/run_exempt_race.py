#!/usr/bin/env python3
"""Concurrent `schoolgate exempt add` runs on one school: every change lands (none lost, the file always
valid), and every change has its audit line, written before the change, with the operator's uid and login
beside --by. Before the lock, changes were lost in 10 of 10 races and an invalid file was committed once.

Usage: run_exempt_race.py SCHOOLGATE_BINARY
"""
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RACERS = 12


def main():
    binary = sys.argv[1]
    env = dict(os.environ, TZ="UTC", LC_ALL="C")
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("hillside.yaml", "hillside-exemptions.yaml", "hillside-timetable.yaml"):
            shutil.copy(os.path.join(ROOT, "config", "examples", name), os.path.join(tmp, name))
        policy = os.path.join(tmp, "hillside.yaml")
        exemptions = os.path.join(tmp, "hillside-exemptions.yaml")
        before = subprocess.run([binary, "exempt", "list", "--policy", policy], capture_output=True, text=True, env=env)
        count_before = int(before.stdout.split()[0])
        racers = [subprocess.Popen([binary, "exempt", "add", "--policy", policy, "--id", f"race-{i}", "--role", "staff",
                                    "--services", "facebook", "--until", "2036-07-31", "--reason", f"race {i}",
                                    "--approved-by", "head", "--by", f"officer-{i}"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                  for i in range(RACERS)]
        for i, racer in enumerate(racers):
            out, err = racer.communicate(timeout=120)
            if racer.returncode != 0:
                failures.append(f"race-{i}: exit {racer.returncode}: {err.strip()}")
        after = subprocess.run([binary, "exempt", "list", "--policy", policy], capture_output=True, text=True, env=env)
        if after.returncode != 0:
            failures.append(f"the exemptions file is no longer valid: {after.stderr.strip()}")
        else:
            count_after = int(after.stdout.split()[0])
            if count_after != count_before + RACERS:
                failures.append(f"{count_before} + {RACERS} changes, {count_after} exemptions: changes were lost")
            for i in range(RACERS):
                if f"race-{i} " not in after.stdout:
                    failures.append(f"race-{i} is missing from the file")
        login = pwd.getpwuid(os.getuid()).pw_name
        with open(exemptions + ".audit.jsonl") as f:
            audits = [json.loads(line) for line in f if line.strip()]
        added = [a for a in audits if a.get("action") == "added"]
        if len(added) != RACERS:
            failures.append(f"{len(added)} audit lines for {RACERS} changes")
        for a in added:
            operator = a.get("operator", {})
            if operator.get("uid") != os.getuid() or operator.get("login") != login:
                failures.append(f"audit line for {a.get('id')} lacks the operator ({operator})")
    for failure in failures:
        print("FAIL", failure)
    print(f"exempt race: {RACERS} concurrent changes, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
