#!/usr/bin/env python3
"""firewall_script_rerun: the script `schoolgate firewall print` shows can be run twice, as docs/deploy.md says.

Usage: check_firewall_script.py REPO_ROOT BIN_DIR

In a private network namespace of its own (`unshare --net`: no name, so nothing another test or engineer
runs can collide with it, and the host's firewall is never touched), runs the printed script for
config/examples/schoolgated.yaml once, records the rules (nft table, iptables chain, FORWARD hook), runs it
again and checks that it succeeded and left exactly the same rules (one hook, one table); then
`schoolgate firewall remove` must leave no trace of schoolgate. Needs root and the nft and iptables tools;
without them it prints SKIP with the reason and exits 77.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SKIP = 77

# Everything schoolgate could have left: its nft table, and the whole iptables filter table (chains and rules).
STATE = "{ nft list tables | sort; nft list table inet schoolgate; iptables -w -S; }"

INSIDE = """
set -u
echo '--- first run'; sh "$1" || { echo "FIRST RUN FAILED: exit $?"; exit 1; }
{state} > "$2/first.txt" 2>&1
echo '--- second run'; sh "$1" || { echo "SECOND RUN FAILED: exit $?"; exit 1; }
{state} > "$2/second.txt" 2>&1
"$3" firewall remove --config "$4" || { echo "REMOVE FAILED: exit $?"; exit 1; }
{state} > "$2/removed.txt" 2>&1
""".replace("{state}", STATE)


def main():
    root = Path(sys.argv[1]).resolve()
    schoolgate = str(Path(sys.argv[2]).resolve() / "schoolgate")
    config = str(root / "config/examples/schoolgated.yaml")
    if os.geteuid() != 0:
        print("SKIP: needs root (a private network namespace and its firewall)")
        return SKIP
    for tool in ("unshare", "nft", "iptables"):
        if not shutil.which(tool):
            print(f"SKIP: {tool} is not installed")
            return SKIP
    probe = subprocess.run(["unshare", "--net", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        print(f"SKIP: cannot make a network namespace here: {probe.stderr.strip()}")
        return SKIP
    printed = subprocess.run([schoolgate, "firewall", "print", "--config", config], capture_output=True, text=True)
    if printed.returncode != 0:
        print(f"FAIL: schoolgate firewall print exits {printed.returncode}: {printed.stderr}")
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="sg-firewall-"))
    try:
        script = tmp / "rules.sh"
        script.write_text(printed.stdout)
        run = subprocess.run(["unshare", "--net", "sh", "-c", INSIDE, "inside", str(script), str(tmp), schoolgate, config],
                             capture_output=True, text=True, timeout=120)
        print(run.stdout + run.stderr)
        if run.returncode != 0:
            print("FAIL: the printed script cannot be run twice (docs/deploy.md says it can)")
            return 1
        first, second, removed = ((tmp / f"{n}.txt").read_text() for n in ("first", "second", "removed"))
        problems = []
        if "table inet schoolgate" not in first or "-N SCHOOLGATE" not in first:
            problems.append(f"after the first run the rules are not there:\n{first}")
        if first != second:
            problems.append(f"the second run changed the rules:\n--- after one run\n{first}\n--- after two\n{second}")
        if second.count("-A FORWARD -j SCHOOLGATE") != 1:
            problems.append(f"FORWARD should jump to SCHOOLGATE exactly once:\n{second}")
        if "SCHOOLGATE" in removed or re.search(r"^table inet schoolgate\b", removed, re.M):
            problems.append(f"schoolgate firewall remove left rules behind:\n{removed}")
        for problem in problems:
            print(f"FAIL: {problem}")
        if not problems:
            print("ok: the printed script ran twice with the same result; remove left nothing")
        return 1 if problems else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
