#!/usr/bin/python3
"""From tls/facebook-www.pcap: every IPv4 header (both directions) gets 8 bytes of options, a NOP and
a Record Route option with one empty slot (IHL 7); lengths and checksums recomputed."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403
from scapy.all import IPOption_NOP, IPOption_RR  # noqa: E402


def build():
    out = []
    for p in load("tls/facebook-www.pcap"):
        q = p.copy()
        q[IP].options = [IPOption_NOP(), IPOption_RR(routers=["0.0.0.0"])]
        out.append(rebuild(q))
    return out


if __name__ == "__main__":
    main(__file__, build)
