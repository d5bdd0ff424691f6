#!/usr/bin/python3
"""From tls/instagram-www.pcap (curl, SNI www.instagram.com): the 517-byte ClientHello segment is
replaced by 517 TCP segments of one byte each, in order, 20 microseconds apart."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403


def build():
    pkts = load("tls/instagram-www.pcap")
    i = client_hello_index(pkts)
    ch = payload(pkts[i])
    return replace_segment(pkts, i, [(k, ch[k:k + 1]) for k in range(len(ch))], gap=0.00002)


if __name__ == "__main__":
    main(__file__, build)
