#!/usr/bin/python3
"""From tls/tls-no-sni.pcap (openssl s_client -noservername to 203.0.113.40): the server address is
rewritten to 157.240.1.35 (a Meta/Facebook range) in both directions; checksums recomputed. No SNI, no DNS."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403

OLD, NEW = "203.0.113.40", "157.240.1.35"


def build():
    out = []
    for p in load("tls/tls-no-sni.pcap"):
        q = p.copy()
        if q[IP].src == OLD:
            q[IP].src = NEW
        if q[IP].dst == OLD:
            q[IP].dst = NEW
        out.append(rebuild(q))
    return out


if __name__ == "__main__":
    main(__file__, build)
