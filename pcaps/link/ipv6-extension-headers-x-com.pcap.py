#!/usr/bin/python3
"""From ip/ipv6-tls-x-com.pcap (curl over IPv6, SNI x.com): a Hop-by-Hop Options header and a
Destination Options header (each padding only) are inserted between the IPv6 header and TCP in every packet."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403
from scapy.all import IPv6ExtHdrDestOpt, IPv6ExtHdrHopByHop  # noqa: E402


def build():
    out = []
    for p in load("ip/ipv6-tls-x-com.pcap"):
        ip = p[IPv6]
        q = (Ether(src=p.src, dst=p.dst, type=0x86DD)
             / IPv6(src=ip.src, dst=ip.dst, hlim=ip.hlim, tc=ip.tc, fl=ip.fl)
             / IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() / ip.payload.copy())
        q = rebuild(q)
        q.time = p.time
        out.append(q)
    return out


if __name__ == "__main__":
    main(__file__, build)
