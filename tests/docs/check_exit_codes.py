#!/usr/bin/env python3
"""docs_exit_codes: every exit code the docs promise is the one the commands return, tried for real.

Usage: check_exit_codes.py REPO_ROOT BIN_DIR

Reads the codes from the README's "Exit codes" paragraph, docs/cli.md's "Exit codes" lines (the one for every
command and the one for `report`), and fails when a documented code has no case here (a code the docs promise
that nobody checks) or a case's code is not documented. Then runs every case: the usage errors for every
`schoolgate` subcommand (read from `schoolgate --help`, so a new subcommand is covered without editing this
file) and for `schoolgated`, `--help` and `--version`, and a real success, capture/output error, policy error
and OS error.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

USAGE = 64


def documented_codes(text, heading):
    """The codes of the paragraph that starts at `heading`: numbers followed by a word or '(' (0 success,
    71 (EX_OSERR)), up to the next blank line."""
    codes = []
    for match in re.finditer(re.escape(heading), text):
        paragraph = text[match.end():].split("\n\n", 1)[0]
        codes.append(sorted({int(n) for n in re.findall(r"(?<![\w.-])(\d{1,3})(?= (?:\(|[a-z]))", paragraph)}))
    return codes


def subcommands(schoolgate, env):
    help_text = subprocess.run([schoolgate, "--help"], capture_output=True, text=True, env=env).stdout
    parts = re.split(r"^subcommands:\s*$", help_text, maxsplit=1, flags=re.M | re.I)
    section = parts[1] if len(parts) == 2 else ""
    return [m.group(1) for m in re.finditer(r"^\s+([a-z]+)\s", section, re.M)]


def write(path, text, mode=0o644):
    path.write_text(text)
    path.chmod(mode)
    return str(path)


def main():
    root = Path(sys.argv[1]).resolve()
    bin_dir = Path(sys.argv[2]).resolve()
    schoolgate, schoolgated = str(bin_dir / "schoolgate"), str(bin_dir / "schoolgated")
    env = dict(os.environ, TZ="UTC", LC_ALL="C")
    problems = []

    readme = documented_codes((root / "README.md").read_text(), "Exit codes")
    cli = (root / "docs" / "cli.md").read_text()
    cli_codes = documented_codes(cli, "Exit codes")
    if len(readme) != 1:
        problems.append(f"README.md: expected one 'Exit codes' paragraph, found {len(readme)}")
    if len(cli_codes) < 2:
        problems.append(f"docs/cli.md: expected the 'Exit codes' line for every command and the report's, found {len(cli_codes)}")

    tmp = Path(tempfile.mkdtemp(prefix="sg-exit-codes-"))
    try:
        hillside = str(root / "config/examples/hillside.yaml")
        bad_policy = str(root / "tests/golden/bad-policy-example.yaml")
        pcap = str(root / "pcaps/demo/hillside-circumvention.pcap")
        empty_pcap = write(tmp / "empty.pcap", "")
        events = str(tmp / "events.jsonl")
        subprocess.run([schoolgate, "replay", pcap, "--policy", hillside, "--school-time", "2026-03-04T10:15:00",
                        "--quiet", "--events", events], env=env, check=True, capture_output=True)
        # A daemon config beside a copy of the demo policy; its stats socket is in a folder that does not exist.
        for name in ("hillside.yaml", "hillside-exemptions.yaml", "hillside-timetable.yaml"):
            shutil.copy(root / "config/examples" / name, tmp / name)
            (tmp / name).chmod(0o644)
        (tmp / "log").mkdir(mode=0o750)
        daemon_text = ("mode: inline\npolicy: hillside.yaml\nseccomp: false\nuser: nobody\n"
                       f"events:\n  directory: {tmp}/log\n"
                       f"stats:\n  socket: {tmp}/no-such-folder/stats.sock\n")
        daemon_config = write(tmp / "schoolgated.yaml", daemon_text)
        bad_daemon_config = write(tmp / "schoolgated-bad-policy.yaml",
                                  daemon_text.replace("policy: hillside.yaml", f"policy: {bad_policy}"))
        missing = str(tmp / "missing.yaml")

        cases = {0: [], 1: [], 2: [], USAGE: [], 71: []}
        # Usage errors and help, for every subcommand schoolgate has.
        subs = subcommands(schoolgate, env)
        if len(subs) < 8:
            problems.append(f"schoolgate --help lists only {subs}: cannot read its subcommands")
        cases[0] += [[schoolgate, "--help"], [schoolgate, "--version"], [schoolgated, "--help"], [schoolgated, "--version"]]
        cases[USAGE] += [[schoolgate], [schoolgate, "no-such-command"], [schoolgate, "--no-such-option"]]
        for sub in subs:
            cases[0].append([schoolgate, sub, "--help"])
            cases[USAGE].append([schoolgate, sub, "--no-such-option"])
            sub_help = subprocess.run([schoolgate, sub, "--help"], capture_output=True, text=True, env=env).stdout
            if "REQUIRED" in sub_help or re.search(r"^subcommands:", sub_help, re.M | re.I):
                cases[USAGE].append([schoolgate, sub])  # without what it requires (an argument or an action)
        cases[USAGE] += [
            [schoolgate, "replay", missing, "--policy", hillside],  # the capture must exist
            [schoolgate, "check", hillside, "surplus-argument"],
            [schoolgate, "explain", "--policy", hillside, "--ip", "10.20.0.50", "--user", "head", "--host", "x.com"],
            [schoolgate, "exempt", "add", "--policy", hillside, "--id", "x"],
            [schoolgate, "report", events, "--format", "pdf"],
            [schoolgate, "report", events, "--since", "last week"],
            [schoolgate, "report", events, "--user", "amira", "--device", "tablet"],
            [schoolgate, "firewall", "reload", "--config", daemon_config],
            [schoolgate, "firewall", "print", "--config", missing],
            [schoolgated], [schoolgated, "--no-such-option"], [schoolgated, "--config", missing],
        ]
        cases[0] += [
            [schoolgate, "check", hillside, "--at", "2026-03-04T10:15"],
            [schoolgate, "explain", "--policy", hillside, "--ip", "10.20.0.50", "--host", "www.instagram.com",
             "--at", "2026-03-04T10:15"],
            [schoolgate, "timetable", "--policy", hillside, "--week", "2026-11-25"],
            [schoolgate, "exempt", "list", "--policy", hillside, "--at", "2026-03-04T10:15"],
            [schoolgate, "replay", pcap, "--policy", hillside, "--quiet"],
            [schoolgate, "report", events, "--policy", hillside],
            [schoolgate, "firewall", "print", "--config", daemon_config],
            [schoolgated, "--config", daemon_config, "--check"],
        ]
        cases[1] += [
            [schoolgate, "replay", empty_pcap, "--policy", hillside, "--quiet"],  # capture error
            [schoolgate, "replay", pcap, "--policy", hillside, "--quiet", "--events", str(tmp / "no-such-folder/e.jsonl")],
            [schoolgate, "report", str(tmp / "missing.jsonl")],  # an events file cannot be read
            [schoolgate, "report", events, "--format", "html", "--output", str(tmp / "no-such-folder/r.html")],
            [schoolgate, "stats", "--socket", str(tmp / "no-such-folder/stats.sock")],
        ]
        cases[2] += [
            [schoolgate, "check", bad_policy],
            [schoolgate, "check", hillside, "--at", "not-a-time"],  # read in the policy's zone (README)
            [schoolgate, "explain", "--policy", bad_policy, "--ip", "10.20.0.50", "--host", "www.instagram.com"],
            [schoolgate, "timetable", "--policy", bad_policy],
            [schoolgate, "exempt", "list", "--policy", bad_policy],
            [schoolgate, "replay", pcap, "--policy", bad_policy, "--quiet"],
            [schoolgate, "report", events, "--policy", bad_policy],
            [schoolgate, "firewall", "print", "--config", bad_daemon_config],
            [schoolgated, "--config", bad_daemon_config, "--check"],
            [schoolgated, "--config", bad_daemon_config],
        ]
        cases[71] += [[schoolgated, "--config", daemon_config]]  # its stats socket cannot be made

        # The docs' codes and these cases must be the same set: a promise nobody checks fails here.
        exercised = sorted(code for code, runs in cases.items() if runs)
        for where, codes in [("README.md", readme[0] if readme else [])] + [
                (f"docs/cli.md 'Exit codes' #{i + 1}", c) for i, c in enumerate(cli_codes)]:
            for code in codes:
                if code not in exercised:
                    problems.append(f"{where} documents exit code {code}, which no case here exercises")
        for code in exercised:
            if readme and code not in readme[0]:
                problems.append(f"exit code {code} is returned (see the cases) but not in the README's 'Exit codes'")
        if cli_codes and cli_codes[0] != [0, 1, 2, USAGE]:
            problems.append(f"docs/cli.md's first 'Exit codes' line says {cli_codes[0]}, the commands use [0, 1, 2, 64]")

        for expected, runs in cases.items():
            for argv in runs:
                try:
                    proc = subprocess.run(argv, cwd=tmp, env=env, capture_output=True, text=True, timeout=60)
                    status, output = proc.returncode, (proc.stdout + proc.stderr).strip()
                except subprocess.TimeoutExpired:
                    status, output = None, "(still running after 60 s)"
                shown = " ".join(a.replace(str(tmp), "$TMP").replace(str(root) + "/", "") for a in argv)
                if status != expected:
                    problems.append(f"`{shown}` exits {status}, documented {expected}\n    {output[:400]}")
                print(f"{'ok' if status == expected else 'FAIL'}: exit {status} (documented {expected}): {shown}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
