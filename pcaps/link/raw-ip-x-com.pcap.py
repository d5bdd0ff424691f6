#!/usr/bin/python3
"""From tls/x-com.pcap: the Ethernet headers are removed and the file is written with link type
LINKTYPE_RAW (101): every record starts with the IPv4 header."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403

LINKTYPE = 101


def build():
    out = []
    for p in load("tls/x-com.pcap"):
        q = Raw(bytes(p[IP]))          # the bare IPv4 packet, as raw bytes for the LINKTYPE_RAW file
        q.time = p.time
        out.append(q)
    return out


if __name__ == "__main__":
    main(__file__, build)
