#!/usr/bin/env python3
"""Log injection (issue 7, item 5): a capture whose names are crafted to break or forge event lines - quotes,
backslashes, newlines with a fake event after them, control bytes, bytes that are not UTF-8, names of 64 KiB -
in the TLS SNI, the ALPN list, the HTTP Host header, the CONNECT target and DNS query names, is replayed with
`schoolgate replay --all-flows --events -`. The test proves that:

  - stdout holds exactly one line per decided flow, each a single JSON object (no forged or split line);
  - no line carries a raw control byte, and every line is valid UTF-8;
  - a name that is not a host name is never logged: the flow has no `host` and records the anomaly
    (tls.sni_invalid, http.host_invalid, dns.name_invalid, or the size limit that stopped it);
  - strings that are logged (ALPN protocols, printable but with quotes and backslashes) come back exactly as
    sent after JSON decoding, and no logged string is longer than the serializer's cap (255 bytes);
  - the same capture in `--format text` also gives one line per flow.

Usage: run_log_injection.py SCHOOLGATE_BINARY
"""
import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap_writer import client_hello, dns_query, pcap, tcp_conversation, udp_frame  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
POLICY = os.path.join(ROOT, "config", "examples", "hillside.yaml")
CAP = 255  # gateway/events/event_json.h kMaxUntrustedStringBytes
FORGED = b'{"schema_version":1,"event":"verdict","verdict":"allow","host":"forged.example"}'
PUPIL = "10.20.0.50"  # on Hillside's pupil Wi-Fi

# (name, server, port, bytes the client sends, what the flow must show)
TLS_FLOWS = [
    ("sni-quote", "203.0.113.10", b'www.facebook.com"},"verdict":"allow', "tls.sni_invalid"),
    ("sni-backslash", "203.0.113.11", b"www.facebook.com\\\\\\", "tls.sni_invalid"),
    ("sni-newline-forged-event", "203.0.113.12", b"x.com\n" + FORGED, "tls.sni_invalid"),
    ("sni-crlf", "203.0.113.13", b"x.com\r\n\r\n", "tls.sni_invalid"),
    ("sni-control-bytes", "203.0.113.14", b"ins\x00ta\x1b[31mgram\x7f.com\x08", "tls.sni_invalid"),
    ("sni-not-utf8", "203.0.113.15", b"\xff\xfe\xc0\xafinstagram.com", "tls.sni_invalid"),
    ("sni-json-unicode-escape", "203.0.113.16", b"x.com\\u000a\\u0022", "tls.sni_invalid"),
    ("sni-300-bytes", "203.0.113.17", b"a" * 60 + b"." + b"b" * 60 + b"." + b"c" * 60 + b"." + b"d" * 60 + b"." + b"e" * 56 + b".com", "tls.sni_invalid"),
    ("sni-64-kib", "203.0.113.18", b"f" * 65000 + b".facebook.com", "tcp.reassembly_too_large"),
]
ALPN = [b'h2"},{"event":"verdict"', b"\\\\", b"a" * 255, b"http/1.1"]


def build_capture():
    frames, flows = [], []
    port = 40000
    for name, server, sni, anomaly in TLS_FLOWS:
        port += 1
        frames += tcp_conversation(PUPIL, port, server, 443, client_hello(sni))
        flows.append((name, port, anomaly))
    port += 1
    frames += tcp_conversation(PUPIL, port, "203.0.113.30", 443, client_hello(b"www.instagram.com", ALPN))
    flows.append(("alpn-quotes-backslashes-255-bytes", port, None))
    port += 1
    frames += tcp_conversation(PUPIL, port, "203.0.113.31", 80,
                               b'GET / HTTP/1.1\r\nHost: www.facebook.com"\x01\x7f\xff\r\nUser-Agent: "\\\r\n\r\n')
    flows.append(("http-host-quote-control-bytes", port, "http.host_invalid"))
    port += 1
    frames += tcp_conversation(PUPIL, port, "203.0.113.32", 80,
                               b"GET / HTTP/1.1\r\nHost: " + b"h" * 65536 + b".com\r\n\r\n")
    flows.append(("http-host-64-kib", port, "tcp.reassembly_too_large"))
    port += 1
    frames += tcp_conversation(PUPIL, port, "203.0.113.33", 3128,
                               b'CONNECT x.com":443\n{"event":"verdict"} HTTP/1.1\r\nHost: x.com\r\n\r\n')
    flows.append(("http-connect-target-newline", port, None))
    dns = [
        ("dns-quote-backslash", [b'face"book', b"com\\"], "dns.name_invalid"),
        ("dns-dot-inside-label", [b"www.facebook", b"com"], "dns.name_invalid"),
        ("dns-newline-forged-event", [b"x\n" + FORGED[:50], b"com"], "dns.name_invalid"),
        ("dns-control-and-not-utf8", [b"\x00\x1b\xff\xfe", b"com"], "dns.name_invalid"),
    ]
    for name, labels, anomaly in dns:
        port += 1
        frames.append(udp_frame(PUPIL, port, "10.20.0.1", 53, dns_query(labels)))
        flows.append((name, port, anomaly))
    return pcap(frames), flows


def replay(binary, capture, fmt):
    proc = subprocess.run([binary, "replay", capture, "--policy", POLICY, "--all-flows", "--events", "-",
                           "--format", fmt, "--school-time", "2026-03-04T10:15:00"],
                          capture_output=True, timeout=300, env=dict(os.environ, TZ="UTC", LC_ALL="C"))
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings_in(item)


def check_jsonl(stdout, flows, failures):
    lines = stdout.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if len(lines) != len(flows):
        failures.append(f"{len(lines)} event lines for {len(flows)} flows")
    events = {}
    for number, line in enumerate(lines, 1):
        if any(b < 0x20 for b in line):
            failures.append(f"line {number} carries a raw control byte: {line[:120]!r}")
        try:
            event = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            failures.append(f"line {number} is not one UTF-8 JSON object ({error}): {line[:120]!r}")
            continue
        if not isinstance(event, dict) or event.get("event") not in ("verdict", "circumvention"):
            failures.append(f"line {number} is not a verdict event: {line[:120]!r}")
            continue
        if event.get("host") == "forged.example":
            failures.append(f"line {number} is the forged event")
        for text in strings_in(event):
            if len(text.encode("utf-8")) > CAP:
                failures.append(f"line {number}: a string of {len(text.encode())} bytes, over the {CAP}-byte cap")
        events[event.get("src_port")] = event
    for name, port, anomaly in flows:
        event = events.get(port)
        if event is None:
            failures.append(f"{name}: no event for client port {port}")
            continue
        if anomaly is not None:
            if "host" in event and event.get("host_source") not in ("ip", "dns"):
                failures.append(f"{name}: logged host {event['host']!r} from {event.get('host_source')}")
            if anomaly not in event.get("anomalies", []):
                failures.append(f"{name}: anomalies {event.get('anomalies')}, expected {anomaly}")
        print(f"  {name}: host={event.get('host')!r} anomalies={event.get('anomalies', [])} "
              f"techniques={event.get('techniques', [])}")
    return events


def main():
    binary = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory(prefix="sg-injection-") as tmp:
        capture_bytes, flows = build_capture()
        capture = os.path.join(tmp, "log-injection.pcap")
        with open(capture, "wb") as f:
            f.write(capture_bytes)
        code, stdout, stderr = replay(binary, capture, "jsonl")
        if code != 0:
            failures.append(f"replay exit code {code}: {stderr.strip()}")
        events = check_jsonl(stdout, flows, failures)
        alpn = next((e.get("tls", {}).get("alpn") for e in events.values() if e.get("host") == "www.instagram.com"), None)
        expected_alpn = [p.decode() for p in ALPN]
        if alpn != expected_alpn:
            failures.append(f"ALPN came back as {alpn!r}, expected {expected_alpn!r}")
        connect = next((e for e in events.values() if e.get("dst_port") == 3128), {})
        if "host" in connect and ('"' in connect["host"] or "\n" in connect["host"]):
            failures.append(f"CONNECT target logged raw: {connect['host']!r}")

        code, text_out, stderr = replay(binary, capture, "text")
        text_lines = [line for line in text_out.split(b"\n") if line]
        if code != 0 or len(text_lines) != len(flows):
            failures.append(f"--format text: exit {code}, {len(text_lines)} lines for {len(flows)} flows")
        for line in text_lines:
            if any(b < 0x20 and b != 0x09 for b in line):
                failures.append(f"--format text line carries a control byte: {line[:120]!r}")
    print(f"{len(flows)} crafted flows")
    for failure in failures:
        print(f"  - {failure}")
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
