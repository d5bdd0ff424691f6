#!/usr/bin/python3
"""From dns/dig-facebook-a.pcap and tls/facebook-www.pcap: the DNS query and the DNS answer are each
sent as IPv4 fragments of 24 payload bytes (so no fragment holds the whole name), and the TCP segment that carries the
ClientHello is sent as IPv4 fragments of 64 payload bytes (the first holds the TCP header and 32 bytes of the record,
before the SNI). Everything else is unchanged. An engine that counts fragments but does not reassemble them sees
neither the DNS name nor the SNI."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403
from scapy.all import fragment  # noqa: E402


def fragments(p, size):
    """p as IPv4 fragments of `size` payload bytes; they end at p's own timestamp, 1 microsecond apart."""
    frags = fragment(p[IP].copy(), fragsize=size)
    out = []
    for k, f in enumerate(frags):
        q = Ether(src=p.src, dst=p.dst, type=0x0800) / f
        q = Ether(bytes(q))        # fragment() already set the lengths, offsets and the transport checksum
        q.time = p.time - (len(frags) - 1 - k) * 0.000001
        out.append(q)
    return out


def build():
    tls = load("tls/facebook-www.pcap")
    dns = load("dns/dig-facebook-a.pcap")
    shift = tls[0].time - 0.5 - dns[0].time       # the lookup half a second before the connection
    out = []
    for p in dns:
        p.time += shift
        out += fragments(p, 24)
    i = client_hello_index(tls)
    for k, p in enumerate(tls):
        out += fragments(p, 64) if k == i else [p]
    return out
