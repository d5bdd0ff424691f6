#!/usr/bin/python3
"""From tls/facebook-www.pcap: the ClientHello segment as IPv4 fragments cut at 32 bytes of IP payload, with the
second fragment sent twice, before the first: a copy of 0xff bytes (the copy a filter that keeps the first copy
is meant to read), then the real one. Which copy a receiver keeps depends on its system (Linux
since 4.19 drops the whole datagram), so schoolgate reads neither and records technique ip.fragment_overlap on the
flow."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403

CUT = 32  # bytes of IP payload in the first fragment (a multiple of 8)


def ipv4_fragment(p, data, offset, more):
    ip = p[IP].copy()
    ip.remove_payload()
    ip.id, ip.frag, ip.flags = 0x0BAD, offset // 8, "MF" if more else 0
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
        segment = bytes(p[IP].payload)
        decoy = b"\xff" * (len(segment) - CUT)     # the same length, no name
        # Both copies of the second part before the first part, so neither makes the datagram whole alone.
        frames = [ipv4_fragment(p, decoy, CUT, False), ipv4_fragment(p, segment[CUT:], CUT, False),
                  ipv4_fragment(p, segment[:CUT], 0, True)]
        for n, frame in enumerate(frames):
            frame.time = p.time - (len(frames) - 1 - n) * 0.000001
        out += frames
    return out


if __name__ == "__main__":
    main(__file__, build)
