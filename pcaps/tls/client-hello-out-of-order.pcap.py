#!/usr/bin/python3
"""From tls/facebook-www.pcap (curl, SNI www.facebook.com): the ClientHello is cut into three segments
P1 = bytes [0, a), P2 = [a, b) which holds the whole SNI, P3 = [b, end), and delivered in the order

    P3, P2, P2', P1

where P2' is a retransmission of P2 (same sequence range) whose SNI bytes differ: it says "abcd.example.org"
(same length) instead of "www.facebook.com". The FIRST copy (P2, frame 5 of the capture) must win, so the
reassembled ClientHello names www.facebook.com; an engine where the later copy (P2', frame 6) wins would wrongly see
abcd.example.org."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403


def build():
    pkts = load("tls/facebook-www.pcap")
    i = client_hello_index(pkts)
    ch = payload(pkts[i])
    s = sni_offset(ch, "www.facebook.com")
    a, b = s - 20, s + 40
    p2_fake = ch[a:s] + b"abcd.example.org" + ch[s + 16:b]
    assert len(p2_fake) == b - a
    pieces = [(b, ch[b:]), (a, ch[a:b]), (a, p2_fake), (0, ch[:a])]
    return replace_segment(pkts, i, pieces, gap=0.0005)


if __name__ == "__main__":
    main(__file__, build)
