#!/usr/bin/env python3
"""Cross-checks schoolgate against third-party captures (nDPI's test set, ../shared/pcaps/ndpi), when present:
every TLS SNI that tshark finds in a capture must also be found by `schoolgate replay`, and facebook.pcap and
instagram.pcap must come out as Facebook and Instagram. Exits 77 (CTest: skipped) when the captures are absent.

Usage: run_ndpi_captures.py SCHOOLGATE_BINARY [CAPTURE_DIR]
"""
import glob
import os
import shutil
import subprocess
import sys

from sg_replay import ROOT, replay

POLICY = os.path.join(ROOT, "config", "examples", "demo-policy.yaml")
SKIP = 77


# QUIC versions schoolgate decrypts: v1, v2 and draft-29. tshark also reads older drafts (quic_0RTT.pcap's
# "abcd" is draft-28), which are out of scope.
QUIC_VERSIONS = "quic.version == 0x00000001 || quic.version == 0x6b3343cf || quic.version == 0xff00001d"


def tshark_snis(capture, display_filter="tcp && tls.handshake.type == 1"):
    proc = subprocess.run(["tshark", "-n", "-r", capture, "-Y", display_filter, "-T", "fields",
                           "-e", "tls.handshake.extensions_server_name"], capture_output=True, text=True, timeout=300)
    names = set()
    for line in proc.stdout.splitlines():
        for name in line.split(","):
            name = name.strip().lower().rstrip(".")
            if name:
                names.add(name)
    return names


def main():
    binary = sys.argv[1]
    capture_dir = sys.argv[2] if len(sys.argv) > 2 else os.environ.get(
        "SG_NDPI_PCAPS", os.path.join(ROOT, "..", "shared", "pcaps", "ndpi"))
    captures = sorted(glob.glob(os.path.join(capture_dir, "*.pcap*")))
    if not captures:
        print(f"SKIPPED: no third-party captures in {capture_dir} (set SG_NDPI_PCAPS to run this test)")
        return SKIP
    if not shutil.which("tshark"):
        print("SKIPPED: tshark is not installed (tools/setup/install-debian-deps.sh installs it)")
        return SKIP
    failures = 0
    services_by_capture = {}
    for capture in captures:
        code, events, stderr = replay(binary, capture, POLICY)
        name = os.path.basename(capture)
        if code not in (0, 1):
            print(f"FAIL {name}: exit code {code}: {stderr.strip()}")
            failures += 1
            continue
        found = {e["host"] for e in events if e.get("host_source") == "tls" and "host" in e}
        missing = tshark_snis(capture) - found
        found_quic = {e["host"] for e in events if e.get("host_source") == "quic" and "host" in e}
        missing |= tshark_snis(capture, f"quic && tls.handshake.type == 1 && ({QUIC_VERSIONS})") - found_quic
        services_by_capture[name] = [e.get("service") for e in events if e.get("transport") == "tcp" and e.get("host_source") == "tls"]
        if missing:
            print(f"FAIL {name}: SNIs tshark sees but schoolgate missed: {sorted(missing)}")
            failures += 1
        else:
            print(f"ok   {name}: {len(found)} TLS SNIs, {len(found_quic)} QUIC SNIs")
    for capture, service in (("facebook.pcap", "facebook"), ("instagram.pcap", "instagram")):
        seen = services_by_capture.get(capture)
        if seen is None:
            continue
        named = [s for s in seen if s]
        if not named or max(set(named), key=named.count) != service:
            print(f"FAIL {capture}: expected mostly {service} TLS flows, got {named}")
            failures += 1
        else:
            print(f"ok   {capture}: {named.count(service)} of {len(seen)} TLS flows are {service}")
    print(f"{len(captures)} captures, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
