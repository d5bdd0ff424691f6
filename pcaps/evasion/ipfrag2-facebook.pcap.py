#!/usr/bin/python3
"""From tls/facebook-www.pcap: the TCP segment that carries the ClientHello for www.facebook.com is sent as two
IPv4 fragments, as zapret's --dpi-desync=ipfrag2 does (cut at 32 bytes of IP payload, its default
--dpi-desync-ipfrag-pos-tcp=32: the first holds the TCP header and the record's first 12 bytes, the second the rest
with the name), the second fragment first. A filter that does not reassemble IP never sees the name; the server's
IP stack does. Everything else is unchanged."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403

CUT = 32  # bytes of IP payload in the first fragment (a multiple of 8)


def ipv4_fragment(p, data, offset, more):
    """p's IPv4 header (a fixed identification) over `data`, at byte `offset` of the datagram."""
    ip = p[IP].copy()
    ip.remove_payload()
    ip.id, ip.frag, ip.flags = 0x5A17, offset // 8, "MF" if more else 0
    del ip.len, ip.chksum
    return Ether(bytes(Ether(src=p.src, dst=p.dst, type=0x0800) / ip / Raw(data)))


def build():
    tls = load("tls/facebook-www.pcap")
    i = client_hello_index(tls)
    out = []
    for k, p in enumerate(tls):
        if k != i:
            out.append(p)
            continue
        segment = bytes(p[IP].payload)         # the whole TCP segment, its checksum as the server will check it
        tail, head = ipv4_fragment(p, segment[CUT:], CUT, False), ipv4_fragment(p, segment[:CUT], 0, True)
        tail.time, head.time = p.time - 0.000001, p.time
        out += [tail, head]
    return out


if __name__ == "__main__":
    main(__file__, build)
