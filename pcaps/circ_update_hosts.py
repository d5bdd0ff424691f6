#!/usr/bin/python3
"""Refreshes the two manifest host names that the tools make up anew on every run (offline, tshark only).

  circ_update_hosts.py

tor's link handshake sends a random SNI (www.<random>.com) and iodine's first query name carries random
characters; generate-circumvention.sh calls this after regenerating, so the manifest's `host:` line of those
flows names what the new capture carries. Only those lines of those two entries are touched.
"""
import subprocess
import sys
from pathlib import Path

PCAPS = Path(__file__).resolve().parent
MANIFEST = PCAPS / "manifest.yaml"
RANDOM_NAMES = {   # capture -> (tshark display filter, field): the first value is the flow's name
    "circumvention/tor-bridge-handshake.pcap": ("tls.handshake.type == 1", "tls.handshake.extensions_server_name"),
    "circumvention/iodine-dns-tunnel.pcap": ("dns.flags.response == 0", "dns.qry.name"),
}


def first_value(path, display_filter, field):
    out = subprocess.run(["tshark", "-r", str(path), "-Y", display_filter, "-T", "fields", "-e", field],
                         capture_output=True, text=True, check=True).stdout
    return next((v.strip().rstrip(".").lower() for v in out.splitlines() if v.strip()), None)


def main():
    lines = MANIFEST.read_text().split("\n")
    current = None
    changed = 0
    for i, line in enumerate(lines):
        if line.startswith("  - file: "):
            current = line.split("file: ", 1)[1].strip()
        elif current in RANDOM_NAMES and line.startswith("        host: ") and (PCAPS / current).exists():
            name = first_value(PCAPS / current, *RANDOM_NAMES[current])
            if name and line != f"        host: {name}":
                lines[i] = f"        host: {name}"
                print(f"  manifest: {current} host -> {name}")
                changed += 1
    if changed:
        MANIFEST.write_text("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
