#!/usr/bin/python3
"""From tls/facebook-www.pcap (curl, SNI www.facebook.com): the ClientHello segment is split into
two segments, the cut falling inside the SNI bytes ("www.f" | "acebook.com")."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403


def build():
    pkts = load("tls/facebook-www.pcap")
    i = client_hello_index(pkts)
    ch = payload(pkts[i])
    cut = sni_offset(ch, "www.facebook.com") + 5
    return replace_segment(pkts, i, [(0, ch[:cut]), (cut, ch[cut:])], gap=0.0002)


if __name__ == "__main__":
    main(__file__, build)
