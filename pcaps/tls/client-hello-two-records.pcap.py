#!/usr/bin/python3
"""From tls/x-com.pcap (curl, SNI x.com): the ClientHello handshake message is re-framed as two TLS
handshake records (the boundary falls inside the server_name extension, between "x." and "com"), each record in
its own TCP segment. The stream grows by 5 bytes (one more record header), so later client sequence numbers and
server acknowledgements are moved by 5. The handshake message bytes themselves are unchanged."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403


def build():
    pkts = load("tls/x-com.pcap")
    i = client_hello_index(pkts)
    data = payload(pkts[i])
    handshake = data[5:]                                  # the whole ClientHello handshake message
    cut = sni_offset(handshake, "x.com") + 2
    rec1 = tls_record(0x16, handshake[:cut])
    rec2 = tls_record(0x16, handshake[cut:])
    return replace_segment(pkts, i, [(0, rec1), (len(rec1), rec2)], gap=0.0002, seq_delta=5)


if __name__ == "__main__":
    main(__file__, build)
