#!/usr/bin/env python3
"""Golden test for `schoolgate report`: replays the two demo captures with the Hillside policy at
2026-03-04T10:15:00 (as the demo does), then checks the text, CSV and HTML reports against the events
themselves (counted here independently), one person's timeline (a copy of the policy names the pupil on
10.20.0.50 'amira'), the time window, broken and hostile event files, and the exit codes.

Usage: run_report.py SCHOOLGATE_BINARY
"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from sg_replay import ROOT, validator  # noqa: E402

POLICY = os.path.join(ROOT, "config", "examples", "hillside.yaml")
AT = "2026-03-04T10:15:00"
CAPTURES = [os.path.join(ROOT, "pcaps", "demo", "hillside-circumvention.pcap"),
            os.path.join(ROOT, "pcaps", "demo", "school-morning.pcap")]
CSV_HEADER = ["ts", "school_time", "period", "event", "user", "device", "role", "src_ip", "dst_ip", "dst_port",
              "transport", "host", "service", "verdict", "rule", "techniques", "reason"]
ENV = dict(os.environ, TZ="UTC", LC_ALL="C")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def run(binary, *args):
    """Runs the binary; output is decoded as is (no newline translation: the CSV's CRLF is checked)."""
    proc = subprocess.run([binary, *args], capture_output=True, timeout=120, env=ENV)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def replay(binary, capture, policy, out):
    code, _, stderr = run(binary, "replay", capture, "--policy", policy, "--school-time", AT, "--quiet", "--events", out)
    check(code == 0, f"replay {capture}: exit {code}: {stderr}")
    events = []
    with open(out) as f:
        for number, line in enumerate(f, 1):
            event = json.loads(line)
            errors = list(validator().iter_errors(event))
            check(not errors, f"{out}:{number}: breaks the schema: {errors[:1]}")
            events.append(event)
    return events


def named_policy(tmp):
    """A copy of the Hillside policy that names the pupil on 10.20.0.50, for a --user timeline."""
    shutil.copy(os.path.join(ROOT, "config", "examples", "hillside-exemptions.yaml"), tmp)
    shutil.copy(os.path.join(ROOT, "config", "examples", "hillside-timetable.yaml"), tmp)
    with open(POLICY) as f:
        text = f.read()
    text = text.replace("users:\n", "users:\n  amira: {display_name: Amira (Year 9), role: pupil}\n", 1)
    text = text.replace("devices:\n", "devices:\n  - {name: amira-tablet, ip: 10.20.0.50, user: amira}\n", 1)
    path = os.path.join(tmp, "hillside-named.yaml")
    with open(path, "w") as f:
        f.write(text)
    return path


def check_text(binary, files, events):
    code, text, stderr = run(binary, "report", *files, "--policy", POLICY)
    check(code == 0, f"report text: exit {code}: {stderr}")
    blocked = [e for e in events if e.get("verdict") == "block" and e["event"] != "alert"]
    check(f"{len(blocked)} connections were blocked" in text, f"text lacks '{len(blocked)} connections were blocked'")
    circumvention = [e for e in events if e["event"] == "circumvention"]
    check(f"{len(circumvention)} attempts to get round the filter" in text, "text lacks the circumvention count")
    check(len(blocked) >= 20 and len(circumvention) >= 5, f"demo captures gave {len(blocked)} blocks, {len(circumvention)} circumvention")
    by_service = {}
    for e in blocked:
        by_service[e.get("service", "(not a listed service)")] = by_service.get(e.get("service", "(not a listed service)"), 0) + 1
    section = text.split("Blocked, by service\n", 1)[-1].split("\n\n", 1)[0]
    for service, count in by_service.items():
        check(any(line.split()[:1] == [service.split()[0]] and line.split()[-1] == str(count) for line in section.splitlines()),
              f"text 'Blocked, by service' lacks {service} {count}:\n{section}")
    for title in ["OpenVPN VPN (vpn.openvpn)", "WireGuard VPN (vpn.wireguard)", "Tor (tor)", "SOCKS proxy (proxy.socks)",
                  "DNS over HTTPS (dns.doh)"]:
        check(title in text, f"text lacks technique {title!r}")
    check("Hillside Academy: schoolgate report, whole school" in text, "text lacks its heading")
    check("Blocked, by timetable period\n  P2 (lesson)" in text, "text lacks blocks in P2 (lesson)")
    check("repeated_attempts, 5 attempts (facebook)" in text, "text lacks the repeated_attempts alert")
    check("10.20.0.50 (no device label)" in text, "text lacks the pupil's device among most attempts")
    check("No evidence was lost." in text, "text does not say no evidence was lost")
    check("Read: 2 files," in text and "0 lines skipped" in text, "text does not say what it read")


def check_csv(binary, files, events):
    code, text, stderr = run(binary, "report", *files, "--format", "csv")
    check(code == 0, f"report csv: exit {code}: {stderr}")
    check(text.startswith(",".join(CSV_HEADER) + "\r\n"), f"csv header: {text[:200]!r}")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    check(len(rows) == len(events), f"csv has {len(rows)} rows for {len(events)} events")
    check([r["ts"] for r in rows] == sorted(r["ts"] for r in rows), "csv rows are not in time order")
    blocks = sum(1 for r in rows if r["verdict"] == "block")
    check(blocks == sum(1 for e in events if e.get("verdict") == "block"), "csv block count differs from the events")
    openvpn = [r for r in rows if "vpn.openvpn" in r["techniques"].split(";")]
    check(len(openvpn) == 1 and openvpn[0]["event"] == "circumvention", f"csv OpenVPN rows: {openvpn}")
    check(any(r["event"] == "alert" and r["rule"] == "repeated_attempts" for r in rows), "csv lacks the alert row")


def check_html(binary, files, tmp):
    out = os.path.join(tmp, "report.html")
    code, _, stderr = run(binary, "report", *files, "--policy", POLICY, "--format", "html", "--output", out)
    check(code == 0, f"report html: exit {code}: {stderr}")
    with open(out, encoding="utf-8") as f:
        html = f.read()
    check('<meta http-equiv="Content-Security-Policy" content="default-src \'none\';' in html, "html lacks its CSP")
    check("<script" not in html.lower(), "html has a script")
    check(html.count("<svg ") >= 4, "html has fewer than four charts")
    check("OpenVPN VPN" in html and "Blocked, by service" in html, "html lacks content")
    check("https://" not in html and "src=" not in html, "html refers to something external")
    check(oct(os.stat(out).st_mode & 0o777) == "0o640", "report file is not 0640 (it holds personal data)")
    return out


def check_timeline(binary, tmp):
    policy = named_policy(tmp)
    events_path = os.path.join(tmp, "named.jsonl")
    events = replay(binary, CAPTURES[0], policy, events_path)
    amira = [e for e in events if e.get("user") == "amira"]
    check(len(amira) >= 10, f"only {len(amira)} events name amira")
    code, text, stderr = run(binary, "report", events_path, "--policy", policy, "--user", "amira")
    check(code == 0, f"report --user: exit {code}: {stderr}")
    check("schoolgate report, user amira" in text, "timeline heading")
    lines = [l for l in text.split("Timeline (", 1)[-1].splitlines()[1:] if l.startswith("  2026-")]
    check(len(lines) == len(amira), f"timeline has {len(lines)} lines for {len(amira)} of amira's events")
    check(lines == sorted(lines, key=lambda l: l[2:21]), "timeline is not chronological")
    check(all("P2 (lesson)" in l for l in lines), "timeline lines lack the period")
    check(any("BLOCK" in l and "www.facebook.com (facebook)" in l and "rule pupils-never" in l for l in lines),
          "timeline lacks a blocked Facebook visit")
    check(any("[OpenVPN VPN]" in l for l in lines), "timeline lacks the OpenVPN attempt")
    check(any("ALERT" in l and "repeated_attempts" in l for l in lines), "timeline lacks amira's alert")
    check(all("10.30.0.60" not in l for l in lines), "timeline names the member of staff")
    code, text, _ = run(binary, "report", events_path, "--user", "amira", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    check(rows and all(r["user"] == "amira" for r in rows), "csv --user has another person's rows")
    # The window: school-local with --policy; --until is exclusive.
    code, text, _ = run(binary, "report", events_path, "--policy", policy, "--user", "amira", "--since", "2026-03-04T10:16")
    later = [e for e in amira if e["ts"] >= "2026-03-04T10:16:00"]
    shown = [l for l in text.splitlines() if l.startswith("  2026-")]
    check(len(shown) == len(later), f"--since 10:16 shows {len(shown)} events, expected {len(later)}")


def check_bad_files(binary, tmp):
    good = json.dumps({"schema_version": 1, "ts": "2026-03-04T10:15:00.000Z", "event": "verdict", "verdict": "block",
                       "host": "<script>alert(1)</script>.example", "user": "=HYPERLINK(\"http://x\")",
                       "school_time": "2026-03-04T10:15:00.000+00:00", "service": "facebook"})
    path = os.path.join(tmp, "broken.jsonl")
    with open(path, "w") as f:
        f.write(good + "\n" + "garbage\n" + json.dumps({"ts": "2026-03-04T10:15:00.000Z", "event": "anomaly"}) + "\n"
                + "x" * 200000 + "\n" + good[:40])
    code, text, stderr = run(binary, "report", path)
    check(code == 0, f"report on a broken file: exit {code}: {stderr}")
    check(f"warning: {path}:2: skipped: not valid JSON" in stderr, f"no warning for line 2: {stderr}")
    check(f"warning: {path}:4: skipped: longer than 65536 bytes" in stderr, f"no warning for line 4: {stderr}")
    check(f"{path}:5: skipped: not valid JSON" in stderr and "no newline" in stderr, f"no warning for the cut line: {stderr}")
    check("3 lines skipped as unreadable; 1 event of kinds this report does not know ignored (anomaly: 1)" in text,
          f"text does not count skipped lines: {text[:400]}")
    code, html, _ = run(binary, "report", path, "--format", "html")
    check("<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;.example" in html, "crafted host not escaped")
    code, text, _ = run(binary, "report", path, "--format", "csv")
    check(',"\'=HYPERLINK(""http://x"")",' in text, f"formula in a user name not guarded: {text}")


def check_exit_codes(binary, files, tmp):
    code, _, stderr = run(binary, "report", os.path.join(tmp, "missing.jsonl"))
    check(code == 1 and "cannot read events" in stderr, f"missing file: exit {code}: {stderr}")
    code, _, stderr = run(binary, "report", *files, "--since", "last week")
    check(code == 64 and "--since: 'last week' is neither a time nor a window (did you mean 'last-week'?" in stderr,
          f"bad --since: exit {code}: {stderr}")
    code, _, stderr = run(binary, "report", *files, "--since", "2026-13-01")
    check(code == 64 and "--since: '2026-13-01' is not a UTC time" in stderr, f"bad --since date: exit {code}: {stderr}")
    code, _, stderr = run(binary, "report", *files, "--format", "pdf")
    check(code == 64, f"bad --format: exit {code}")
    code, _, stderr = run(binary, "report", *files, "--user", "a", "--device", "b")
    check(code == 64, f"--user with --device: exit {code}")
    code, _, stderr = run(binary, "report", *files, "--output", os.path.join(tmp, "no", "such", "dir", "r.txt"))
    check(code == 1 and "cannot write the report" in stderr, f"unwritable output: exit {code}: {stderr}")
    code, _, _ = run(binary, "report", *files, "--policy", os.path.join(ROOT, "tests", "golden", "bad-policy-example.yaml"))
    check(code == 2, f"bad policy: exit {code}")


def main():
    binary = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix="sg-report-")
    try:
        files, events = [], []
        for capture in CAPTURES:
            path = os.path.join(tmp, os.path.basename(capture) + ".jsonl")
            events += replay(binary, capture, POLICY, path)
            files.append(path)
        check_text(binary, files, events)
        check_csv(binary, files, events)
        check_html(binary, files, tmp)
        check_timeline(binary, tmp)
        check_bad_files(binary, tmp)
        check_exit_codes(binary, files, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for failure in failures:
        print(f"  - {failure}")
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
