#!/usr/bin/python3
"""From tls/instagram-www.pcap: two VLAN tags are inserted in every frame, an 802.1ad service tag
(TPID 0x88a8, VLAN 100) outside an 802.1Q customer tag (TPID 0x8100, VLAN 20)."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403
from scapy.all import Dot1AD, Dot1Q  # noqa: E402


def build():
    out = []
    for p in load("tls/instagram-www.pcap"):
        q = (Ether(src=p.src, dst=p.dst, type=0x88A8) / Dot1AD(vlan=100, type=0x8100)
             / Dot1Q(vlan=20, type=p.type) / p[Ether].payload.copy())
        q = rebuild(q)
        q.time = p.time
        out.append(q)
    return out


if __name__ == "__main__":
    main(__file__, build)
