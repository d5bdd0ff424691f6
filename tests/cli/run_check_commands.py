#!/usr/bin/env python3
"""Checks that check everything (issue 15, item 5), on the real binaries: each case runs `schoolgate` or
`schoolgated` in a temporary directory holding copies of the Hillside files and compares the exit code and the
whole of stderr (the lines, with the directory written as $TMP) with what is expected here.

- `schoolgated --check`, `schoolgate firewall print|install` and the daemon's start share one setup check: a
  fail-closed network the policy lacks, a passive interface the machine lacks, the event log directory;
- `schoolgate check` on a daemon config or an exemptions file says in one line what it is and what checks it;
- a school-local time the clocks skip or repeat is refused with its two real choices (check, explain, replay);
- hints name this school's own things (twitter -> x);
- a wrong user or device for `report` and `explain` gets the one meant, by id or display name; `report --since`
  takes today, this-week and last-week; an exemption whose end is past is refused; replay says when no flow
  came from the policy's networks (issue 17, item 4);
- `schoolgate catalogue show` suggests the service meant; `catalogue check` checks the catalogue, a trust's
  additions (conflicts with the catalogue, sources naming undefined references or other services' entries) and a
  plain list file (issue 16).

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
IPV6_ELSEWHERE = os.path.join(ROOT, "pcaps", "link", "ipv6-extension-headers-x-com.pcap")
# One event of the office's member of staff (user office, device office-pc), as the engine writes it.
OFFICE_EVENT = ('{"classifier":"tls","device":"office-pc","dst_ip":"203.0.113.20","dst_port":443,"event":"verdict",'
                '"flow_id":"000000000000000c","host":"www.instagram.com","host_source":"tls","packets":4,'
                '"period":"P2 (lesson)","policy_generation":1,"reason":"Staff may not use personal social media during '
                'timetabled lessons.","role":"staff","rule":"staff-not-in-lessons","schema_version":1,'
                '"school_time":"2026-03-04T10:15:03.408+00:00","service":"instagram","service_source":"name",'
                '"src_ip":"10.30.0.12","src_port":40032,"transport":"tcp","ts":"2026-03-04T10:15:03.408Z",'
                '"user":"office","verdict":"block"}\n')
EVENTS = {"events.jsonl": OFFICE_EVENT}
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
    # Valid, with a warning: the fail-closed network lists no IPv6 prefix (what happens, how to list one).
    ("daemon-check-good", (1, ["--config", "$TMP/schoolgated.yaml", "--check"]), {"schoolgated.yaml": GOOD_DAEMON}, 0,
     ["warning: $TMP/schoolgated.yaml:6:26: inline.fail_closed_networks[0]: 'pupil-wifi' lists no IPv6 prefix: its "
      "devices' IPv6 is queued (all IPv6 is, failing closed) and each device is placed on the network of its own IPv4 "
      "traffic (by MAC), or, when nothing places it (a router between, no IPv4 seen lately), decided as the strictest "
      "of the policy's networks; to place its IPv6 by address, add a network with its prefix to the policy (e.g. "
      "{name: pupil-wifi-v6, cidr: 2001:db8:20::/64, role: pupil}) and list it here"]),
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
    # Names that are wrong get an error with the name meant, never an empty answer (issue 17, item 4): a subject
    # access request must not come back "no events" because of a typo.
    ("report-user-typo", (0, ["report", "$TMP/events.jsonl", "--user", "ofice"]), EVENTS, 64,
     ["report --user: 'ofice' is not a known user id (did you mean 'office'? only the events were searched; give "
      "--policy to search the school's users too)"]),
    ("report-user-by-display-name", (0, ["report", "$TMP/events.jsonl", "--user", "School office", "--policy",
                                         "$TMP/hillside.yaml"]), EVENTS, 64,
     ["report --user: 'School office' is not a known user id (did you mean 'office' (School office)? the events and "
      "the policy's users were searched)"]),
    ("report-user-of-the-policy-with-no-events", (0, ["report", "$TMP/events.jsonl", "--user", "head", "--policy",
                                                      "$TMP/hillside.yaml"]), EVENTS, 0, []),
    ("report-device-typo", (0, ["report", "$TMP/events.jsonl", "--device", "offce-pc"]), EVENTS, 64,
     ["report --device: 'offce-pc' is not a device label the events name, nor an address (did you mean 'office-pc'? "
      "only the events were searched; give --policy to search the school's devices too)"]),
    ("report-device-address-with-no-events", (0, ["report", "$TMP/events.jsonl", "--device", "10.20.0.99"]), EVENTS, 0, []),
    ("report-since-window-typo", (0, ["report", "$TMP/events.jsonl", "--since", "thisweek"]), EVENTS, 64,
     ["--since: 'thisweek' is neither a time nor a window (did you mean 'this-week'? name one of today, this-week or "
      "last-week, or give a date such as 2026-03-02)"]),
    ("report-since-last-week", (0, ["report", "$TMP/events.jsonl", "--since", "last-week", "--policy",
                                    "$TMP/hillside.yaml"]), EVENTS, 0, []),
    ("explain-user-by-display-name", (0, ["explain", "--policy", "$TMP/hillside.yaml", "--user", "Headteachr",
                                          "--service", "x"]), {}, 2,
     ["explain: 'Headteachr' is not a user in the policy (did you mean 'head' (Headteacher)? users are listed under "
      "users:)"]),
    ("exempt-add-until-past", (0, ["exempt", "add", "--policy", "$TMP/hillside.yaml", "--id", "late", "--user",
                                   "office", "--services", "facebook", "--until", "2020-01-31", "--reason", "r",
                                   "--approved-by", "head", "--by", "esafety"]), {}, 2,
     ["exempt add: --until 2020-01-31 is already past (the exemption would have ended at 2020-02-01T00:00:00.000+00:00, "
      "and it is now ..."]),
    ("replay-nobody-in-the-policy-networks", (0, ["replay", IPV6_ELSEWHERE, "--policy", "$TMP/hillside.yaml",
                                                  "--events", "$TMP/out.jsonl", "--quiet"]), {}, 0,
     ["warning: none of the 1 flows came from an address in the policy's networks (pupil-wifi, staff-wifi, guest-wifi) "
      "or a listed device, so every one was decided as role 'unknown'; check that the capture was taken on this "
      "school's network and that networks: in the policy lists its address ranges"]),
    ("catalogue-show-typo", (0, ["catalogue", "show", "tiktk"]), {}, 2,
     ["catalogue show: 'tiktk' is not a service in the catalogue (did you mean 'tiktok'? services: facebook, instagram, "
      "x, threads, whatsapp, tiktok, snapchat, telegram, ... (22 in all))"]),
    ("catalogue-show-alias", (0, ["catalogue", "show", "twitter"]), {}, 2,
     ["catalogue show: 'twitter' is not a service in the catalogue (did you mean 'x'? the catalogue calls twitter 'x'; "
      "services: facebook, instagram, "
      "x, threads, whatsapp, tiktok, snapchat, telegram, ... (22 in all))"]),
    ("catalogue-show-a-schools-own", (0, ["catalogue", "show", "roblox", "--policy", "$TMP/policy.yaml"]),
     {"policy.yaml": "school: {name: S}\nservices:\n  roblox: {domains: [roblox.com]}\n"
                     "rules:\n  - {name: r, services: [roblox], action: block, reason: x}\n"}, 0, []),
    ("catalogue-check-shipped", (0, ["catalogue", "check"]), {}, 0, []),
    ("catalogue-check-trust-good", (0, ["catalogue", "check", "$TMP/trust.yaml"]),
     {"trust.yaml": "references: {trust: the trust's list}\nservices:\n  roblox:\n    display_name: Roblox\n"
                    "    domains: [roblox.com, rbxcdn.com]\n    sources: {trust: [roblox.com, rbxcdn.com]}\n"
                    "groups:\n  gaming: [roblox, twitch]\n"}, 0, []),
    ("catalogue-check-trust-mistakes", (0, ["catalogue", "check", "$TMP/trust.yaml"]),
     {"trust.yaml": "services:\n  gaming:\n    domains: [twitch.tv, roblox.com]\n"
                    "    sources: {list: [roblox.com, www.roblox.com]}\ngroups:\n  games: [gaming, robloxx]\n"}, 2,
     ["$TMP/trust.yaml: services: domain twitch.tv is listed for twitch and gaming (list each domain and range once)",
      "$TMP/trust.yaml:2:3: services.gaming.sources.list: 'list' is not under references: (define it there, with where it is)",
      "$TMP/trust.yaml:2:3: services.gaming.sources.list: 'www.roblox.com' is not one of gaming's domains or ranges "
      "(a source supports the service's own entries)",
      "$TMP/trust.yaml:6:3: groups.games: unknown service 'robloxx' (services are defined under 'services:')"]),
    ("catalogue-check-list-file", (0, ["catalogue", "check", "$TMP/extra.txt"]),
     {"extra.txt": "# a trust's extra names\nwww.tiktok.com\nnewapp.example\n"}, 0, []),
    ("catalogue-check-bad-list-file", (0, ["catalogue", "check", "$TMP/extra.txt"]),
     {"extra.txt": "newapp.example\nhttps://other.example/\n"}, 2,
     ["$TMP/extra.txt:2:1: $TMP/extra.txt: 'https://other.example/' is not a domain name (write it as example.com: no "
      "scheme, path or wildcard)"]),
]


def matches(expected, actual):
    if len(expected) != len(actual):
        return False
    return all(a.startswith(e[:-3]) if e.endswith("...") else a == e for e, a in zip(expected, actual))


def run_case(binaries, case):
    name, (which, argv), files, want_code, want_lines = case
    with tempfile.TemporaryDirectory(prefix="sg-cli-") as tmp:
        os.chmod(tmp, 0o755)
        for example in ("hillside.yaml", "hillside-exemptions.yaml", "hillside-timetable.yaml"):
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
