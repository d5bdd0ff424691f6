#!/usr/bin/env python3
"""Checks that check everything (issue 15, item 5), on the real binaries: each case runs `schoolgate` or
`schoolgated` in a temporary directory holding copies of the Hillside files and compares the exit code and the
whole of stderr (the lines, with the directory written as $TMP) with what is expected here.

- `schoolgated --check`, `schoolgate firewall print|install` and the daemon's start share one setup check: a
  fail-closed network the policy lacks, a passive interface the machine lacks, the event log directory;
- `schoolgate check` on a daemon config or an exemptions file says in one line what it is and what checks it;
- a school-local time the clocks skip or repeat is refused with its two real choices (check, explain, replay);
- hints name this school's own things (twitter -> x).

Usage: run_check_commands.py SCHOOLGATE_BINARY SCHOOLGATED_BINARY [CASE_NAME...]
"""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(ROOT, "config", "examples")
FACEBOOK = os.path.join(ROOT, "pcaps", "tls", "facebook-www.pcap")
GOOD_DAEMON = """mode: inline
policy: hillside.yaml
user: ""
events: {directory: $TMP/events}
inline:
  fail_closed_networks: [pupil-wifi]
"""
SKIPPED = ("that time does not exist in Europe/London (the clocks go forward at 01:00); use 2026-03-29T00:59 GMT "
           "or 2026-03-29T02:00 BST")
REPEATED = ("that time happens twice in Europe/London (the clocks go back at 02:00); say 2026-10-25T01:30+01:00 (BST) "
            "or 2026-10-25T01:30+00:00 (GMT)")
FAIL_CLOSED_TYPO = ("$TMP/schoolgated.yaml:6:26: inline.fail_closed_networks[0]: 'pupil-wifii' is not a network of the "
                    "policy $TMP/hillside.yaml (did you mean 'pupil-wifi'? the policy's networks are pupil-wifi, "
                    "staff-wifi or guest-wifi)")

# name, (binary index, argv), files to write {name: text}, expected exit code, expected stderr lines
# (a line ending in "..." matches any line starting with the rest).
CASES = [
    ("check-at-skipped-time", (0, ["check", "$TMP/hillside.yaml", "--at", "2026-03-29T01:30"]), {}, 2,
     ["--at 2026-03-29T01:30: " + SKIPPED]),
    ("check-at-repeated-time", (0, ["check", "$TMP/hillside.yaml", "--at", "2026-10-25T01:30"]), {}, 2,
     ["--at 2026-10-25T01:30: " + REPEATED]),
    ("check-at-repeated-time-with-offset", (0, ["check", "$TMP/hillside.yaml", "--at", "2026-10-25T01:30+01:00"]), {}, 0, []),
    ("explain-at-skipped-time", (0, ["explain", "--policy", "$TMP/hillside.yaml", "--user", "head", "--service", "x",
                                     "--at", "2026-03-29T01:30"]), {}, 2, ["--at 2026-03-29T01:30: " + SKIPPED]),
    ("replay-school-time-repeated", (0, ["replay", FACEBOOK, "--policy", "$TMP/hillside.yaml", "--school-time",
                                         "2026-10-25T01:30", "--events", "$TMP/out.jsonl"]), {}, 2,
     ["--school-time 2026-10-25T01:30: " + REPEATED]),
    ("check-a-daemon-config", (0, ["check", "$TMP/schoolgated.yaml"]), {"schoolgated.yaml": GOOD_DAEMON}, 2,
     ["$TMP/schoolgated.yaml: this is a daemon config, not a policy: check it with "
      "`schoolgated --config $TMP/schoolgated.yaml --check`"]),
    ("check-an-exemptions-file", (0, ["check", "$TMP/hillside-exemptions.yaml"]), {}, 2,
     ["$TMP/hillside-exemptions.yaml: this is an exemptions file, not a policy: it is checked with the policy that "
      "names it: run `schoolgate check $TMP/hillside.yaml`"]),
    ("check-twitter", (0, ["check", "$TMP/policy.yaml"]),
     {"policy.yaml": "school: {name: S}\nrules:\n  - {name: r, services: [twitter], action: block, reason: x}\n"}, 2,
     ["$TMP/policy.yaml:3:26: rules[0].services[0]: unknown service or group 'twitter' (did you mean 'x'? the "
      "catalogue calls twitter 'x'; use a name from the catalogue, a group, or 'any')",
      "1 error in the policy; nothing was changed."]),
    ("daemon-check-good", (1, ["--config", "$TMP/schoolgated.yaml", "--check"]), {"schoolgated.yaml": GOOD_DAEMON}, 0, []),
    ("daemon-check-fail-closed-typo", (1, ["--config", "$TMP/schoolgated.yaml", "--check"]),
     {"schoolgated.yaml": GOOD_DAEMON.replace("[pupil-wifi]", "[pupil-wifii]")}, 2,
     [FAIL_CLOSED_TYPO, "1 error(s) in $TMP/schoolgated.yaml; schoolgated would not start."]),
    ("firewall-print-fail-closed-typo", (0, ["firewall", "print", "--config", "$TMP/schoolgated.yaml"]),
     {"schoolgated.yaml": GOOD_DAEMON.replace("[pupil-wifi]", "[pupil-wifii]")}, 2,
     [FAIL_CLOSED_TYPO, "1 error in $TMP/schoolgated.yaml; no firewall rules were changed."]),
    ("firewall-print-good", (0, ["firewall", "print", "--config", "$TMP/schoolgated.yaml"]),
     {"schoolgated.yaml": GOOD_DAEMON}, 0, []),
    ("daemon-check-passive-interface-missing", (1, ["--config", "$TMP/schoolgated.yaml", "--check"]),
     {"schoolgated.yaml": GOOD_DAEMON.replace("mode: inline", "mode: passive").replace("[pupil-wifi]", "[]")
      + "passive: {interface: lo0}\n"}, 2,
     ["$TMP/schoolgated.yaml:7:22: passive.interface: this machine has no interface 'lo0' (did you mean 'lo'? "
      "its interfaces are lo...", "1 error(s) in $TMP/schoolgated.yaml; schoolgated would not start."]),
    ("daemon-check-events-directory-missing", (1, ["--config", "$TMP/schoolgated.yaml", "--check"]),
     {"schoolgated.yaml": GOOD_DAEMON.replace("$TMP/events", "$TMP/no-events")}, 2,
     ["$TMP/schoolgated.yaml:4:21: events.directory: cannot use '$TMP/no-events': No such file or directory "
      "(create it: install -d -o root -m 0750 $TMP/no-events)",
      "1 error(s) in $TMP/schoolgated.yaml; schoolgated would not start."]),
]


def matches(expected, actual):
    if len(expected) != len(actual):
        return False
    return all(a.startswith(e[:-3]) if e.endswith("...") else a == e for e, a in zip(expected, actual))


def run_case(binaries, case):
    name, (which, argv), files, want_code, want_lines = case
    with tempfile.TemporaryDirectory(prefix="sg-cli-") as tmp:
        os.chmod(tmp, 0o755)
        for example in ("hillside.yaml", "hillside-exemptions.yaml"):
            shutil.copy(os.path.join(EXAMPLES, example), tmp)
            os.chmod(os.path.join(tmp, example), 0o640)
        os.mkdir(os.path.join(tmp, "events"), 0o750)
        for file_name, text in files.items():
            path = os.path.join(tmp, file_name)
            with open(path, "w") as out:
                out.write(text.replace("$TMP", tmp))
            os.chmod(path, 0o640)
        command = [binaries[which]] + [a.replace("$TMP", tmp) for a in argv]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60,
                                env=dict(os.environ, TZ="UTC", LC_ALL="C"))
        lines = [line.replace(tmp, "$TMP") for line in result.stderr.splitlines()]
    if result.returncode == want_code and matches(want_lines, lines):
        print(f"PASS {name}")
        return True
    print(f"FAIL {name}: exit {result.returncode} (want {want_code})")
    print("  stderr:\n    " + "\n    ".join(lines))
    print("  want:\n    " + "\n    ".join(want_lines))
    return False


def main():
    binaries = sys.argv[1:3]
    only = set(sys.argv[3:])
    results = [run_case(binaries, case) for case in CASES if not only or case[0] in only]
    print(f"{sum(results)} of {len(results)} passed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
