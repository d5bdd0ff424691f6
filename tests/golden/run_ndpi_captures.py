#!/usr/bin/env python3
"""Cross-checks schoolgate against third-party captures (nDPI's test set, ../shared/pcaps/ndpi), when present:
every TLS SNI that tshark finds in a capture must also be found by `schoolgate replay`, and facebook.pcap and
instagram.pcap must come out as Facebook and Instagram. Then the catalogue's services against nDPI's own reading
(expected/<capture>.out, what nDPI prints for each flow): every flow nDPI names as one of the catalogue's
services, by a name tshark also shows in the capture (TLS or QUIC SNI, DNS query), must come out of schoolgate
as that service; the captures where this happens are listed (docs/policy.md names them). Exits 77 (CTest:
skipped) when the captures are absent.

Usage: run_ndpi_captures.py SCHOOLGATE_BINARY [CAPTURE_DIR]
"""
import glob
import os
import re
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


# nDPI protocol name -> catalogue service: the shipped catalogue's `ndpi:` lists, and the names later nDPI
# versions (whose expected output is read here) give to services nDPI 4.2 has no name for.
def load_services():
    import yaml
    with open(os.path.join(ROOT, "config", "catalogue", "services.yaml")) as f:
        return yaml.safe_load(f)["services"]


def ndpi_names(services):
    names = {name: service for service, entry in services.items() for name in entry.get("ndpi", [])}
    names.update({"Threads": "threads", "Bluesky": "bluesky"})
    return names


def shared(services, host, wanted, named):
    """True when `host` is on infrastructure the catalogue says `wanted` shares with `named` (its `shares:`):
    Meta's CDN serves Instagram from fbcdn.net, which stays Facebook's."""
    for domain in services.get(wanted, {}).get("shares", {}).get(named, []):
        if host == domain or host.endswith("." + domain):
            return True
    return False


FLOW_LINE = re.compile(r"\[proto: [\d.]+/([\w.]+)\].*\[Hostname/SNI: ([^\]]+)\]")


def ndpi_named_flows(capture_dir, capture, names):
    """(host, service) for each flow nDPI's expected output names as a catalogue service, with its host."""
    path = os.path.join(capture_dir, "expected", capture + ".out")
    if not os.path.exists(path):
        return set()
    found = set()
    with open(path, errors="replace") as f:
        for line in f:
            match = FLOW_LINE.search(line)
            if match and match.group(1).split(".")[-1] in names:
                found.add((match.group(2).strip().lower().rstrip("."), names[match.group(1).split(".")[-1]]))
    return found


def tshark_names(capture):
    proc = subprocess.run(["tshark", "-n", "-r", capture, "-Y", "tls.handshake.type == 1 || dns.flags.response == 0",
                           "-T", "fields", "-e", "tls.handshake.extensions_server_name", "-e", "dns.qry.name"],
                          capture_output=True, text=True, timeout=300)
    return {n.strip().lower().rstrip(".") for line in proc.stdout.splitlines() for n in re.split("[,\t]", line) if n.strip()}


def cross_check_services(capture_dir, name, events, names, services):
    """Failures, and the services both name, for one capture."""
    expected = ndpi_named_flows(capture_dir, name, names)
    if not expected:
        return 0, set()
    shown = tshark_names(os.path.join(capture_dir, name))
    named = {}
    for e in events:
        if "host" in e:
            named.setdefault(e["host"], set()).add(e.get("service"))
    failures, agreed = 0, set()
    for host, service in sorted(expected):
        if host not in shown:
            continue  # nDPI read the name from something tshark does not show (an HTTP header, a certificate)
        if service in named.get(host, set()):
            agreed.add(service)
        elif any(shared(services, host, service, other) for other in named.get(host, set()) if other):
            print(f"ok   {name}: nDPI names {host} as {service}; schoolgate says {sorted(named[host])}, whose "
                  f"infrastructure {service} shares (catalogue shares:)")
        else:
            print(f"FAIL {name}: nDPI names {host} as {service}; schoolgate says {sorted(map(str, named.get(host, {None})))}")
            failures += 1
    return failures, agreed


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
    services = load_services()
    names = ndpi_names(services)
    agreed_by_capture = {}
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
        service_failures, agreed = cross_check_services(capture_dir, name, events, names, services)
        failures += service_failures
        if agreed:
            agreed_by_capture[name] = agreed
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
    for capture, agreed in sorted(agreed_by_capture.items()):
        print(f"ok   {capture}: nDPI and schoolgate both name {', '.join(sorted(agreed))}")
    print(f"{len(captures)} captures, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
