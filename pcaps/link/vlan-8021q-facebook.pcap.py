#!/usr/bin/python3
"""From tls/facebook-www.pcap: an 802.1Q tag (VLAN 20, the pupils' VLAN, priority 0) is inserted after
the Ethernet addresses of every frame."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403
from scapy.all import Dot1Q  # noqa: E402


def build():
    out = []
    for p in load("tls/facebook-www.pcap"):
        q = Ether(src=p.src, dst=p.dst, type=0x8100) / Dot1Q(vlan=20, type=p.type) / p[Ether].payload.copy()
        q = rebuild(q)
        q.time = p.time
        out.append(q)
    return out


if __name__ == "__main__":
    main(__file__, build)
