#!/usr/bin/python3
"""A valid Ethernet pcap whose packets are broken one by one (frames taken from tls/facebook-www.pcap and
dns/dig-facebook-a.pcap, then damaged). Frame by frame:
  1  a valid TCP SYN (control);
  2  an IPv4 header cut to 12 bytes (the frame ends before the 20-byte minimum);
  3  IPv4 with IHL = 3 (a 12-byte header, below the minimum of 5 words);
  4  TCP data offset 15 (60-byte header) in a segment that has only 20 TCP bytes;
  5  the ClientHello segment captured with snaplen 120: caplen 120 < wire length 583, so the TLS record is cut;
  6  a DNS query whose UDP length field says 512 bytes, more than the datagram carries;
  7  IPv4 total length 1400 in a 60-byte frame;
  8  a valid TCP ACK (control, the stream goes on after the broken frames)."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403


def broken(p, raw_bytes):
    q = Ether(raw_bytes)
    q.time = p.time
    return q


def build():
    tls = load("tls/facebook-www.pcap")
    dns = load("dns/dig-facebook-a.pcap")
    syn, ack = tls[0], tls[2]
    ch = tls[client_hello_index(tls)]
    query = dns[0]
    t = syn.time
    out = [syn]

    b = bytes(syn)
    out.append(broken(syn, b[:14 + 12]))                                   # 2: IPv4 header too short

    ip = bytearray(bytes(syn))
    ip[14] = 0x43                                                          # 3: version 4, IHL 3
    out.append(broken(syn, bytes(ip)))

    seg = syn.copy()
    seg[TCP].options = []
    seg[TCP].dataofs = 15                                                  # 4: header claims 60 bytes
    seg = Ether(bytes(rebuild_keep_dataofs(seg)))
    out.append(seg)

    cut = ch.copy()                                                        # 5: snaplen-truncated record
    cut = Ether(bytes(cut)[:120])
    cut.wirelen = len(ch)
    out.append(cut)

    u = query.copy()                                                       # 6: UDP length > datagram
    u[UDP].len = 512
    del u[UDP].chksum
    out.append(Ether(bytes(u)))

    big = syn.copy()                                                       # 7: IPv4 total length > frame
    big[IP].len = 1400
    del big[IP].chksum
    out.append(Ether(bytes(big)))

    out.append(ack)
    for k, p in enumerate(out):
        p.time = t + k * 0.001
    return out


def rebuild_keep_dataofs(p):
    q = p.copy()
    del q[IP].len
    del q[IP].chksum
    del q[TCP].chksum
    return q


if __name__ == "__main__":
    main(__file__, build)
