#!/usr/bin/env python3
"""Bad files (issue 7, item 3): truncated, corrupt and huge captures; policy files that are binary, huge,
deeply nested or alias bombs; exemptions files edited by hand into nonsense. Each case builds its file in a
temporary directory (nothing large or hostile is committed), runs the real `schoolgate` command on it and
checks: the exit code, the message (naming the file, and the line and column where there is one), that the
process ended by itself (no signal, no sanitizer report) within its time limit, and its peak memory.

docs/bad-input.md lists every case with the command, the exit code and the exact message; it is generated
here and compared on every run (a changed message fails the test), except its hand-written sections from
"## Fuzzing runs" on, which are kept as they are:
    SG_UPDATE_GOLDEN=1 run_bad_inputs.py SCHOOLGATE_BINARY      # rewrite docs/bad-input.md, then read the diff

Usage: run_bad_inputs.py SCHOOLGATE_BINARY [CASE_NAME...]
"""
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap_writer import SYN, pcap, tcp_frame  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(ROOT, "docs", "bad-input.md")
HILLSIDE = os.path.join(ROOT, "config", "examples", "hillside.yaml")
FACEBOOK = os.path.join(ROOT, "pcaps", "tls", "facebook-www.pcap")
PCAPNG = os.path.join(ROOT, "pcaps", "link", "pcapng-instagram.pcapng")
# Under AddressSanitizer (the `sanitize` preset sets ASAN_OPTIONS) the allocator's quarantine alone can hold
# 256 MB; the limit is there to catch runaway growth (gigabytes), not to measure.
SANITIZED = "ASAN_OPTIONS" in os.environ
MAX_RSS_MB = 1024 if SANITIZED else 256
TIME_LIMIT_S = 300 if SANITIZED else 60


def random_bytes(size, seed, low=0):
    """Deterministic noise (SHA-256 in counter mode), bytes below `low` dropped."""
    out = bytearray()
    counter = 0
    while len(out) < size:
        block = hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        out += bytes(b for b in block if b >= low)
        counter += 1
    return bytes(out[:size])


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(tmp, name, data):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


# ------------------------------------------------------------------ captures
def replay(capture, all_flows=True, extra=()):
    return (["replay", capture, "--policy", HILLSIDE] + (["--all-flows"] if all_flows else []) +
            ["--events", "$TMP/events.jsonl", "--school-time", "2026-03-04T10:15:00"] + list(extra))


def pcap_header(linktype=1, snaplen=262144):
    return struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, linktype)


def record(frame, caplen=None, wire=None, seconds=1772619300):
    caplen = len(frame) if caplen is None else caplen
    return struct.pack("<IIII", seconds, 0, caplen, len(frame) if wire is None else wire) + frame


def pcapng_block(kind, body):
    length = 12 + len(body)
    return struct.pack("<II", kind, length) + body + struct.pack("<I", length)


SHB = pcapng_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
IDB = pcapng_block(1, struct.pack("<HHI", 1, 0, 262144))


def epb(frame, ts=1772619300_000000, interface=0):
    padded = frame + b"\0" * (-len(frame) % 4)
    return pcapng_block(6, struct.pack("<IIIII", interface, ts >> 32, ts & 0xFFFFFFFF, len(frame), len(frame)) + padded)


def syn_frame(i):
    return tcp_frame(f"10.20.{(i >> 16) & 0xFF}.{(i >> 8) & 0xFF}", 1024 + (i & 0xFF) * 200 + (i >> 24),
                     "203.0.113.10", 443, i, 0, SYN)


def huge_capture(tmp):
    """About 70 MB: a million SYNs from different clients (a million flows against a bounded table), written
    in chunks so the test itself stays small."""
    path = os.path.join(tmp, "huge-1m-flows.pcap")
    with open(path, "wb") as f:
        f.write(pcap_header())
        chunk = []
        for i in range(1_000_000):
            frame = syn_frame(i)
            usec = 1772619300_000000 + i * 10
            chunk.append(struct.pack("<IIII", usec // 1000000, usec % 1000000, len(frame), len(frame)) + frame)
            if len(chunk) == 50_000:
                f.write(b"".join(chunk))
                chunk = []
        f.write(b"".join(chunk))
    return path


CAPTURES = [
    ("capture-empty-file", "A capture file of 0 bytes.",
     lambda t: replay(write(t, "empty.pcap", b""))),
    ("capture-random-bytes", "64 KiB of random bytes named .pcap.",
     lambda t: replay(write(t, "random.pcap", random_bytes(65536, 1)))),
    ("capture-truncated-global-header", "The first 12 of the 24 bytes of a pcap header.",
     lambda t: replay(write(t, "cut-header.pcap", read(FACEBOOK)[:12]))),
    ("capture-truncated-record-header", "A whole capture, then 9 bytes of a 16-byte packet record header.",
     lambda t: replay(write(t, "cut-record.pcap", read(FACEBOOK) + read(FACEBOOK)[24:33]))),
    ("capture-caplen-4-gib", "A packet record claiming 4 GiB of captured bytes.",
     lambda t: replay(write(t, "caplen-4gib.pcap", pcap_header() + struct.pack("<IIII", 1772619300, 0, 0xFFFFFFFF,
                                                                                0xFFFFFFFF) + b"\0" * 64))),
    ("capture-caplen-over-snaplen", "A packet of 70000 bytes in a file whose snap length is 65535.",
     lambda t: replay(write(t, "over-snaplen.pcap", pcap_header(snaplen=65535) + record(syn_frame(1) + b"\0" * 69946)))),
    ("capture-zero-length-records", "Ten packet records of 0 bytes each.",
     lambda t: replay(write(t, "zero-length.pcap", pcap_header() + record(b"") * 10))),
    ("capture-unsupported-link-type", "A valid pcap with link type 147 (DLT_USER0).",
     lambda t: replay(write(t, "user0.pcap", pcap_header(linktype=147) + record(syn_frame(1))))),
    ("capture-pcapng-huge-block-length", "A pcapng section header block claiming to be 4 GiB long.",
     lambda t: replay(write(t, "huge-block.pcapng", struct.pack("<II", 0x0A0D0D0A, 0xFFFFFFF0) + SHB[8:]))),
    ("capture-pcapng-truncated", "A real pcapng capture cut in half.",
     lambda t: replay(write(t, "half.pcapng", read(PCAPNG)[:len(read(PCAPNG)) // 2]))),
    ("capture-pcapng-packet-before-interface", "A pcapng packet block for interface 5, which was never described.",
     lambda t: replay(write(t, "no-interface.pcapng", SHB + IDB + epb(syn_frame(1), interface=5)))),
    ("capture-timestamp-far-future", "A pcapng packet stamped 2^64-1 microseconds after 1970.",
     lambda t: replay(write(t, "far-future.pcapng", SHB + IDB + epb(syn_frame(1), ts=2**64 - 1)))),
    ("capture-timestamps-backwards", "Packets whose timestamps go back an hour, then forward a year.",
     lambda t: replay(write(t, "backwards.pcap", pcap_header() + record(syn_frame(1), seconds=1772619300)
                            + record(syn_frame(2), seconds=1772615700) + record(syn_frame(3), seconds=1804155300)))),
    ("capture-huge-1m-flows", "About 70 MB: a million SYNs from a million clients (generated, not committed), "
     "replayed as in production (allowed flows not written) with a 65,536-flow table: memory stays bounded.",
     lambda t: replay(huge_capture(t), all_flows=False, extra=["--flow-capacity", "65536"])),
    ("capture-is-a-directory", "The capture path is a directory.",
     lambda t: replay(t)),
    ("capture-missing", "The capture path does not exist.",
     lambda t: replay(os.path.join(t, "missing.pcap"))),
]


# ------------------------------------------------------------------ policies
def check(policy):
    return ["check", policy, "--at", "2026-03-04T10:15"]


def policy_beside_exemptions(tmp, exemptions):
    """Hillside's policy in tmp with its exemptions file replaced by `exemptions` (bytes)."""
    shutil.copy(HILLSIDE, os.path.join(tmp, "hillside.yaml"))
    write(tmp, "hillside-exemptions.yaml", exemptions)
    return check(os.path.join(tmp, "hillside.yaml"))


def billion_laughs():
    text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    previous = "a"
    for name in "bcdefghi":
        text += f"{name}: &{name} [" + ", ".join(["*" + previous] * 10) + "]\n"
        previous = name
    return text


def huge_policy(tmp):
    path = os.path.join(tmp, "huge.yaml")
    line = b"# " + b"x" * 1021 + b"\n"
    with open(path, "wb") as f:
        f.write(read(HILLSIDE))
        for _ in range(50 * 1024):
            f.write(line)
    return check(path)


def hillside_text():
    return read(HILLSIDE).decode()


POLICIES = [
    ("policy-binary", "4 KiB of random bytes (NULs included) as the policy.",
     lambda t: check(write(t, "binary.yaml", random_bytes(4096, 2)))),
    ("policy-binary-without-nul", "4 KiB of random bytes with no NUL as the policy.",
     lambda t: check(write(t, "binary.yaml", random_bytes(4096, 3, low=1)))),
    ("policy-latin1", "Hillside's policy with one ISO-8859-1 byte (a school name with an acute accent).",
     lambda t: check(write(t, "latin1.yaml", read(HILLSIDE).replace(b"name: Hillside Academy", b"name: H\xe9l\xe8ne Academy")))),
    ("policy-utf16-with-bom", "Hillside's policy saved as UTF-16 with a byte-order mark (Windows Notepad's "
     "\"Unicode\"): YAML allows it, so it is read.",
     lambda t: check(write(t, "utf16.yaml", hillside_text().replace("exemptions: hillside-exemptions.yaml",
                                                                     "").encode("utf-16")))),
    ("policy-empty-file", "A policy file of 0 bytes.",
     lambda t: check(write(t, "empty.yaml", b""))),
    ("policy-not-a-mapping", "A policy that is a YAML list.",
     lambda t: check(write(t, "list.yaml", b"- school\n- rules\n"))),
    ("policy-huge-50-mib", "Hillside's policy followed by 50 MiB of comment lines.",
     huge_policy),
    ("policy-deep-nesting-10k-flow", "10,000 nested flow lists: school: [[[[...]]]].",
     lambda t: check(write(t, "deep.yaml", ("school: " + "[" * 10000 + "]" * 10000 + "\n").encode()))),
    ("policy-deep-nesting-10k-block", "10,000 nested block lists on one line: - - - - ... x.",
     lambda t: check(write(t, "deep.yaml", ("- " * 10000 + "x\n").encode()))),
    ("policy-deep-nesting-10k-mappings", "10,000 nested flow mappings: {a: {a: ...}}.",
     lambda t: check(write(t, "deep.yaml", ("school: " + "{a: " * 10000 + "1" + "}" * 10000 + "\n").encode()))),
    ("policy-deep-nesting-100", "Hillside's policy with 100 nested lists as a user's display name.",
     lambda t: check(write(t, "deep.yaml", hillside_text().replace(
         "display_name: Headteacher", "display_name: " + "[" * 100 + "]" * 100).encode()))),
    ("policy-billion-laughs", "The YAML 'billion laughs' alias bomb: 9 levels of 10 aliases (10^9 values).",
     lambda t: check(write(t, "laughs.yaml", billion_laughs().encode()))),
    ("policy-billion-laughs-in-a-list", "The alias bomb as the value of a list the reader walks (groups).",
     lambda t: check(write(t, "laughs.yaml", (billion_laughs() + hillside_text().replace(
         "social-media: [facebook, instagram, x]", "social-media: *i")).encode()))),
    ("policy-exemptions-dev-zero", "A policy whose exemptions file is /dev/zero (endless).",
     lambda t: check(write(t, "zero.yaml", hillside_text().replace(
         "exemptions: hillside-exemptions.yaml", "exemptions: /dev/zero").encode()))),
    ("policy-is-a-directory", "The policy path is a directory.",
     lambda t: check(t)),
    ("policy-missing", "The policy path does not exist.",
     lambda t: check(os.path.join(t, "missing.yaml"))),
]


# ------------------------------------------------------------------ exemptions edited by hand
EXEMPTION = """  - id: office-official-accounts
    who: {user: office}
    services: [facebook, x]
    from: 2025-09-01
    until: 2027-07-31
    reason: runs the school's official accounts
    approved_by: head
"""


def exemptions(text):
    return lambda t: policy_beside_exemptions(t, ("exemptions:\n" + text).encode())


EXEMPTIONS = [
    ("exemptions-wrong-types", "Every field of an exemption given the wrong type.",
     exemptions("""  - id: [1, 2]
    who: office
    services: facebook
    from: {year: 2025}
    until: [2027-07-31]
    reason: {why: accounts}
    approved_by: [head]
""")),
    ("exemptions-duplicated-ids", "Two exemptions with the same id.",
     exemptions(EXEMPTION + EXEMPTION.replace("services: [facebook, x]", "services: [instagram]"))),
    ("exemptions-impossible-date", "until: 2026-02-30 (there is no 30 February).",
     exemptions(EXEMPTION.replace("until: 2027-07-31", "until: 2026-02-30"))),
    ("exemptions-missing-approver", "An exemption without approved_by.",
     exemptions(EXEMPTION.replace("    approved_by: head\n", ""))),
    ("exemptions-missing-until", "An exemption without an end date.",
     exemptions(EXEMPTION.replace("    until: 2027-07-31\n", ""))),
    ("exemptions-until-before-from", "An exemption that ends before it starts.",
     exemptions(EXEMPTION.replace("from: 2025-09-01", "from: 2027-09-01"))),
    ("exemptions-unknown-user-and-service", "An exemption for a user and a service nobody defined.",
     exemptions(EXEMPTION.replace("user: office", "user: nobody").replace("[facebook, x]", "[facebok]"))),
    ("exemptions-two-subjects", "who names both a user and a role.",
     exemptions(EXEMPTION.replace("who: {user: office}", "who: {user: office, role: staff}"))),
    ("exemptions-not-a-list", "exemptions: is a mapping, not a list.",
     lambda t: policy_beside_exemptions(t, b"exemptions:\n  id: office-official-accounts\n  who: {user: office}\n")),
    ("exemptions-tab-indentation", "An exemption indented with tabs (YAML forbids them).",
     exemptions(EXEMPTION.replace("    who:", "\twho:"))),
    ("exemptions-cut-mid-entry", "The file cut in the middle of an entry, inside a flow list.",
     exemptions(EXEMPTION[:EXEMPTION.index("x]")])),
    ("exemptions-binary", "4 KiB of random bytes as the exemptions file.",
     lambda t: policy_beside_exemptions(t, random_bytes(4096, 4))),
    ("exemptions-huge-5-mib", "The exemptions file padded past 5 MiB with comments.",
     lambda t: policy_beside_exemptions(t, ("exemptions:\n" + EXEMPTION).encode() + (b"#" * 1023 + b"\n") * 5200)),
]

CASES = CAPTURES + POLICIES + EXEMPTIONS

# A command line the command refuses (here CLI11's ExistingFile check) exits 64, EX_USAGE, as the README says.
EXIT_USAGE = 64
SYNTAX = " (fix the YAML syntax here)"
NOT_TEXT = ": is not a text file: byte {} is not UTF-8 text (save the file as UTF-8 text; check this is the right file)"
TOO_DEEP = ": is nested more than 64 levels deep (a policy needs about 6; check this is the right file)"
TOO_MANY = (": holds more than 200000 values once its aliases (*name) are expanded (a policy has a few hundred; "
            "remove the repeated aliases)")
TOO_BIG = " bytes, more than the 4194304 a policy, exemptions or catalogue file may have (check this is the right file)"
REFUSED = "in the policy; nothing was changed."
EX = "$TMP/hillside-exemptions.yaml:"

# What each case must produce: exit code, and text the normalised stderr must contain ($TMP = its directory).
EXPECT = {
    "capture-empty-file": (1, ["$TMP/empty.pcap: cannot read capture: truncated dump file; tried to read 4 file "
                               "header bytes, only got 0"]),
    "capture-random-bytes": (1, ["$TMP/random.pcap: cannot read capture: unknown file format"]),
    "capture-truncated-global-header": (1, ["$TMP/cut-header.pcap: cannot read capture: truncated dump file; tried "
                                            "to read 24 file header bytes, only got 8"]),
    "capture-truncated-record-header": (1, ["packets: 15 ", "error: $TMP/cut-record.pcap: packet 16: truncated dump "
                                            "file; tried to read 16 header bytes, only got 9"]),
    "capture-caplen-4-gib": (1, ["packets: 0 ", "error: $TMP/caplen-4gib.pcap: packet 1: invalid packet capture "
                                 "length 4294967295, bigger than snaplen of 262144"]),
    "capture-caplen-over-snaplen": (0, ["packets: 1 (65535 bytes"]),
    "capture-zero-length-records": (0, ["packets: 10 ", "malformed 10", "anomalies: link.truncated=10"]),
    "capture-unsupported-link-type": (1, ["$TMP/user0.pcap: link type 147 (unknown) is not supported (use Ethernet, "
                                          "Linux cooked v1/v2, raw IP or BSD loopback)"]),
    "capture-pcapng-huge-block-length": (1, ["$TMP/huge-block.pcapng: cannot read capture: Section Header Block in "
                                             "pcapng dump file has invalid length"]),
    "capture-pcapng-truncated": (1, ["packets: 5 ", "error: $TMP/half.pcapng: packet 6: "]),
    "capture-pcapng-packet-before-interface": (1, ["error: $TMP/no-interface.pcapng: packet 1: a packet arrived on "
                                                   "interface 5, but there's no Interface Description Block for that "
                                                   "interface"]),
    "capture-timestamp-far-future": (1, ["error: $TMP/far-future.pcapng: packet 1: timestamp 18446744073709 s is not "
                                         "between 1970 and 9999 (the file is corrupt; packets before this one were "
                                         "processed)"]),
    "capture-timestamps-backwards": (0, ["packets: 3 ", "verdicts: allow=3"]),
    "capture-huge-1m-flows": (0, ["packets: 1000000 ", "flows: 1000000 (decided 1000000", "evicted 934464"]),
    "capture-is-a-directory": (EXIT_USAGE, ["capture: File is actually a directory: $TMP"]),
    "capture-missing": (EXIT_USAGE, ["capture: File does not exist: $TMP/missing.pcap"]),
    "policy-binary": (2, ["$TMP/binary.yaml:1:2" + NOT_TEXT.format("0xf6"), "1 error " + REFUSED]),
    "policy-binary-without-nul": (2, ["$TMP/binary.yaml:1:1" + NOT_TEXT.format("0xea"), "1 error " + REFUSED]),
    "policy-latin1": (2, ["$TMP/latin1.yaml:9:10" + NOT_TEXT.format("0xe9"), "1 error " + REFUSED]),
    "policy-utf16-with-bom": (0, []),
    "policy-empty-file": (2, ["$TMP/empty.yaml: is empty (a policy needs at least school: and rules:)"]),
    "policy-not-a-mapping": (2, ["$TMP/list.yaml:1:1: must be a mapping of keys to values"]),
    "policy-huge-50-mib": (2, [f"$TMP/huge.yaml: is {os.path.getsize(HILLSIDE) + 50 * 1024 * 1024}" + TOO_BIG]),
    "policy-deep-nesting-10k-flow": (2, ["$TMP/deep.yaml:1:20009" + TOO_DEEP]),
    "policy-deep-nesting-10k-block": (2, ["$TMP/deep.yaml:1:1000" + TOO_DEEP]),
    "policy-deep-nesting-10k-mappings": (2, ["$TMP/deep.yaml:1:2000" + TOO_DEEP]),
    "policy-deep-nesting-100": (2, ["$TMP/deep.yaml:18:85" + TOO_DEEP]),
    "policy-billion-laughs": (2, ["$TMP/laughs.yaml:9:4" + TOO_MANY]),
    "policy-billion-laughs-in-a-list": (2, ["$TMP/laughs.yaml:37:3" + TOO_MANY]),
    "policy-exemptions-dev-zero": (2, ["/dev/zero: cannot read the exemptions file (check the path in the policy's "
                                       "'exemptions:')"]),
    "policy-is-a-directory": (2, ["$TMP: cannot read the file (check the path and that it is a regular file)"]),
    "policy-missing": (2, ["$TMP/missing.yaml: cannot read the file (check the path and that it is a regular file)"]),
    "exemptions-wrong-types": (2, [EX + "2:9: exemptions[0].id: must be a text value",
                                   EX + "3:10: exemptions[0].who: must be a mapping of keys to values",
                                   EX + "4:15: exemptions[0].services: must be a list, e.g. [a, b]",
                                   EX + "5:11: exemptions[0].from: must be a text value",
                                   EX + "6:12: exemptions[0].until: must be a text value",
                                   EX + "7:13: exemptions[0].reason: must be a text value",
                                   EX + "8:18: exemptions[0].approved_by: must be a text value"]),
    "exemptions-duplicated-ids": (2, [EX + "9:5: exemptions[1].id: id 'office-official-accounts' is used twice "
                                           "(give each exemption its own id)"]),
    "exemptions-impossible-date": (2, [EX + "2:5: exemptions[0].until: '2026-02-30' is not a date (write it as "
                                            "2027-07-31)"]),
    "exemptions-missing-approver": (2, [EX + "2:5: exemptions[0].approved_by: is missing: every exemption needs the "
                                             "approver (add approved_by: head, the headteacher's user id)"]),
    "exemptions-missing-until": (2, [EX + "2:5: exemptions[0].until: is missing: every exemption needs an end date "
                                          "(add until: 2027-07-31)"]),
    "exemptions-until-before-from": (2, [EX + "2:5: exemptions[0].until: ends (2027-07-31) before it starts "
                                              "(2027-09-01) (put the end after the start)"]),
    "exemptions-unknown-user-and-service": (2, [EX + "2:5: exemptions[0].services[0]: unknown service or group "
                                                     "'facebok' (did you mean 'facebook'?",
                                                EX + "2:5: exemptions[0].who: 'nobody' is not a known user"]),
    "exemptions-two-subjects": (2, [EX + "3:10: exemptions[0].who: must name exactly one of user, device, role or "
                                         "network (e.g. who: {user: office})"]),
    "exemptions-not-a-list": (2, [EX + "2:3: exemptions: must be a list, each item starting with '- id:'"]),
    "exemptions-tab-indentation": (2, [EX + "3:1: illegal tab when looking for indentation" + SYNTAX]),
    "exemptions-cut-mid-entry": (2, [EX + "4:1: end of sequence flow not found" + SYNTAX]),
    "exemptions-binary": (2, [EX + "1:5" + NOT_TEXT.format("0xae")]),
    "exemptions-huge-5-mib": (2, [EX + " is 5325010" + TOO_BIG]),
}


def run(binary, argv, tmp):
    argv = [binary] + [a.replace("$TMP", tmp) for a in argv]
    with open(os.path.join(tmp, "stderr"), "wb") as err, open(os.path.join(tmp, "stdout"), "wb") as out:
        started = time.monotonic()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=dict(os.environ, TZ="UTC", LC_ALL="C"))
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > TIME_LIMIT_S:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        elapsed = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = read(os.path.join(tmp, "stderr")).decode("utf-8", "replace").replace(tmp, "$TMP")
    stdout = read(os.path.join(tmp, "stdout")).decode("utf-8", "replace").replace(tmp, "$TMP")
    return proc.returncode, stdout, stderr, usage.ru_maxrss // 1024, elapsed


def shown_lines(text):
    """The lines of a run's output the document quotes: every message, and from a replay's (indented) summary
    only the packet and anomaly counts, never timings."""
    keep = []
    for line in text.splitlines():
        if line.startswith(("schoolgate replay: ", "Run with --help")) or not line.strip():
            continue
        if line.startswith(" "):
            if line.lstrip().startswith(("anomalies:", "packets:")):
                keep.append(line.strip())
            continue
        keep.append(line.rstrip())
    return keep


def headline(lines):
    """The one line a table row shows: the first message, else the packet count."""
    for line in lines:
        if not line.startswith(("packets:", "anomalies:")):
            return line
    return lines[0] if lines else "(no message)"


def render(results):
    out = ["# Bad input: what schoolgate does with broken, hostile and huge files", "",
           "Generated by `tests/badinput/run_bad_inputs.py` (ctest `bad_inputs`), which builds each file in a",
           "temporary directory (`$TMP`), runs the command and checks the exit code, the message, that the process",
           f"ended by itself within {60} s ({300} s under ASan) and that its peak memory stayed under "
           f"{256} MB ({1024} MB under ASan).",
           "Regenerate with `SG_UPDATE_GOLDEN=1 ctest -R bad_inputs` and read the diff.", "",
           "Exit codes (README): 0 success, 1 capture or output error, 2 policy error, 64 usage error.",
           "Replays use `--policy config/examples/hillside.yaml --all-flows --events $TMP/events.jsonl "
           "--school-time 2026-03-04T10:15:00`; policy and exemptions cases run `schoolgate check POLICY "
           "--at 2026-03-04T10:15` (exemptions cases: Hillside's policy beside the broken "
           "`hillside-exemptions.yaml`).", ""]
    sections = [("Captures", CAPTURES), ("Policies", POLICIES), ("Exemptions edited by hand", EXEMPTIONS)]
    out += ["| case | exit | first line of the message |", "|---|---|---|"]
    for _, cases in sections:
        for name, _, _ in cases:
            if name in results:
                code, lines = results[name]
                shown = headline(lines).replace("|", "\\|")
                out.append(f"| [`{name}`](#{name}) | {code} | `{shown}` |")
    out.append("")
    for title, cases in sections:
        out += [f"## {title}", ""]
        for name, doc, _ in cases:
            if name not in results:
                continue
            code, lines = results[name]
            out.append(f"### `{name}`")
            out.append("")
            out.append(f"{doc} Exit code **{code}**.")
            out.append("")
            out.append("```")
            out += lines if lines else ["(no message)"]
            out.append("```")
            out.append("")
    return "\n".join(out)


# Sections from here to the end of docs/bad-input.md are written by hand (measured fuzzing runs, from
# bench/fuzz): kept as they are when the generated part is rewritten or compared.
HAND_WRITTEN_FROM = "## Fuzzing runs\n"


def hand_written(current):
    at = current.find("\n" + HAND_WRITTEN_FROM)
    return "" if at < 0 else current[at + 1:]


def main():
    binary = os.path.abspath(sys.argv[1])
    only = set(sys.argv[2:])
    failures, results = [], {}
    for name, doc, make in CASES:
        if only and name not in only:
            continue
        with tempfile.TemporaryDirectory(prefix="sg-bad-") as tmp:
            # Hillside's timetable is its own file (timetable: hillside-timetable.yaml): beside every copy.
            shutil.copy(os.path.join(os.path.dirname(HILLSIDE), "hillside-timetable.yaml"), tmp)
            argv = make(tmp)
            code, stdout, stderr, rss_mb, elapsed = run(binary, argv, tmp)
        problems = []
        if code < 0:
            problems.append(f"killed by signal {-code}")
        if "Sanitizer" in stderr or "runtime error" in stderr:
            problems.append("sanitizer report")
        if rss_mb > MAX_RSS_MB:
            problems.append(f"peak memory {rss_mb} MB > {MAX_RSS_MB} MB")
        if elapsed > TIME_LIMIT_S:
            problems.append(f"ran {elapsed:.0f} s > {TIME_LIMIT_S} s")
        expect = EXPECT.get(name)
        if expect is None:
            problems.append("no expectation recorded")
        else:
            expected_code, texts = expect
            if code != expected_code:
                problems.append(f"exit code {code}, expected {expected_code}")
            for text in texts:
                if text not in stderr:
                    problems.append(f"stderr lacks {text!r}")
        results[name] = (code, shown_lines(stderr + stdout if name.startswith("policy-utf16") else stderr))
        status = "ok" if not problems else "FAIL: " + "; ".join(problems)
        print(f"{name}: exit {code}, {rss_mb} MB, {elapsed:.1f} s: {status}")
        for line in stderr.splitlines()[:8]:
            print(f"    {line[:300]}")
        failures += [f"{name}: {p}" for p in problems]
    if not only:
        current = read(DOC).decode() if os.path.exists(DOC) else ""
        text = render(results) + "\n" + hand_written(current)
        if os.environ.get("SG_UPDATE_GOLDEN") == "1":
            with open(DOC, "w") as f:
                f.write(text)
            print(f"wrote {DOC}")
        elif text != current:
            failures.append("docs/bad-input.md is out of date (SG_UPDATE_GOLDEN=1 ctest -R bad_inputs, then read the diff)")
    for failure in failures:
        print(f"  - {failure}")
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
