#!/usr/bin/python3
"""From ip/ipv6-tls-facebook.pcap (curl -6, SNI facebook.com): the TCP segment that carries the ClientHello is sent
as two IPv6 fragments, zapret --dpi-desync=ipfrag2 style (cut at 32 bytes of the fragmentable part, its default
--dpi-desync-ipfrag-pos-tcp=32), each with a Hop-by-Hop Options header before the Fragment header (RFC 8200 §4.1
order), the second fragment first. A filter that does not reassemble never sees the name. Everything else is
unchanged."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403
from scapy.all import IPv6ExtHdrFragment, IPv6ExtHdrHopByHop  # noqa: E402

CUT = 32  # bytes of the fragmentable part in the first fragment (a multiple of 8)


def ipv6_fragment(p, data, offset, more):
    ip = p[IPv6]
    q = (Ether(src=p.src, dst=p.dst, type=0x86DD)
         / IPv6(src=ip.src, dst=ip.dst, hlim=ip.hlim, tc=ip.tc, fl=ip.fl)
         / IPv6ExtHdrHopByHop()
         / IPv6ExtHdrFragment(nh=6, offset=offset // 8, m=int(more), id=0x5A17F00D)
         / Raw(data))
    return Ether(bytes(q))


def build():
    pkts = load("ip/ipv6-tls-facebook.pcap")
    i = client_hello_index(pkts)
    out = []
    for k, p in enumerate(pkts):
        if k != i:
            out.append(p)
            continue
        segment = bytes(p[IPv6].payload)       # the whole TCP segment, its checksum as the server will check it
        tail, head = ipv6_fragment(p, segment[CUT:], CUT, False), ipv6_fragment(p, segment[:CUT], 0, True)
        tail.time, head.time = p.time - 0.000001, p.time
        out += [tail, head]
    return out


if __name__ == "__main__":
    main(__file__, build)
