#!/usr/bin/env python3
"""Writes a pcap (Ethernet, microsecond timestamps) with many concurrent flows, for bench/flows.

  make_flows_pcap.py OUT.pcap --tcp N --udp M [--flood K] [--legit L] [--span-s S] [--seed X]

- N TCP flows: SYN, SYN-ACK, ACK, then a TLS ClientHello with an SNI (siteNNNN.example.net), from clients
  spread over 10.20.0.0/16 (the Hillside pupil network) and 10.30.0.0/16 to servers in 100.64.0.0/10.
- M UDP flows: a DNS query and its answer (clients over 10.40.0.0/16, resolvers 100.127.x.x:53).
- K flood packets: random 5-tuples (random source/destination addresses and ports); half TCP SYNs, half
  UDP datagrams with 32 random bytes. Each is its own flow.
- L legitimate TLS flows to www.facebook.com / www.instagram.com / x.com from pupils (blocked by the
  Hillside policy during lessons, so each is a verdict event), spread evenly through the capture.
Every packet falls within S seconds of packet time (default 20 s), shorter than the idle timeouts, so all
flows are live at the end. Bytes are written directly (no scapy): IPv4 header checksums are computed, TCP/UDP
checksums are left zero (nothing on the replay path checks them). Deterministic for a given seed.
"""

import argparse
import random
import struct
import sys

ETH_HDR = bytes.fromhex("020000000002" "020000000001" "0800")  # dst, src, IPv4
ETH_HDR_REV = bytes.fromhex("020000000001" "020000000002" "0800")


def ip_checksum(hdr):
    s = sum(struct.unpack("!10H", hdr))
    s = (s & 0xFFFF) + (s >> 16)
    s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ipv4(src, dst, proto, payload_len, ident):
    hdr = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + payload_len, ident & 0xFFFF, 0x4000, 64, proto, 0,
                                src, dst))
    struct.pack_into("!H", hdr, 10, ip_checksum(bytes(hdr)))
    return bytes(hdr)


def tcp(sport, dport, seq, ack, flags):
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 64240, 0, 0)


def udp(sport, dport, payload_len):
    return struct.pack("!HHHH", sport, dport, 8 + payload_len, 0)


def client_hello(sni):
    name = sni.encode()
    sni_ext = struct.pack("!HHHBH", 0, len(name) + 5, len(name) + 3, 0, len(name)) + name
    alpn_list = b"\x02h2\x08http/1.1"
    alpn_ext = struct.pack("!HHH", 16, len(alpn_list) + 2, len(alpn_list)) + alpn_list
    groups = struct.pack("!HHH", 10, 4, 2) + struct.pack("!H", 0x001D)
    versions = struct.pack("!HHB", 43, 3, 2) + struct.pack("!H", 0x0304)
    sigalgs = struct.pack("!HHH", 13, 4, 2) + struct.pack("!H", 0x0804)
    keyshare_key = bytes(range(32))
    keyshare = struct.pack("!HHHHH", 51, 2 + 4 + 32, 4 + 32, 0x001D, 32) + keyshare_key
    exts = sni_ext + alpn_ext + groups + versions + sigalgs + keyshare
    body = (struct.pack("!H", 0x0303) + bytes(range(32)) + b"\x20" + bytes(range(32, 64)) +
            struct.pack("!H", 6) + struct.pack("!HHH", 0x1301, 0x1302, 0x1303) + b"\x01\x00" +
            struct.pack("!H", len(exts)) + exts)
    hs = b"\x01" + struct.pack("!I", len(body))[1:] + body
    return b"\x16\x03\x01" + struct.pack("!H", len(hs)) + hs


def dns_query(qid, name):
    q = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\x00" + struct.pack("!HH", 1, 1)
    return struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0) + q


def dns_answer(qid, name, addr):
    q = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\x00" + struct.pack("!HH", 1, 1)
    ans = struct.pack("!HHHIH", 0xC00C, 1, 1, 300, 4) + addr
    return struct.pack("!HHHHHH", qid, 0x8180, 1, 1, 0, 0) + q + ans


class Writer:
    def __init__(self, path, span_s, total_packets):
        self.f = open(path, "wb", buffering=1 << 22)
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        self.t0 = 1772618100  # 2026-03-04T10:00:00Z (packet time; replay shifts it with --school-time)
        self.step_us = max(1, int(span_s * 1e6 / max(1, total_packets)))
        self.n = 0

    def packet(self, frame):
        us = self.n * self.step_us
        self.n += 1
        self.f.write(struct.pack("<IIII", self.t0 + us // 1000000, us % 1000000, len(frame), len(frame)))
        self.f.write(frame)

    def close(self):
        self.f.close()


def a4(n):
    return struct.pack("!I", n & 0xFFFFFFFF)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--tcp", type=int, default=0)
    ap.add_argument("--udp", type=int, default=0)
    ap.add_argument("--flood", type=int, default=0)
    ap.add_argument("--legit", type=int, default=0)
    ap.add_argument("--span-s", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)

    hellos = [client_hello(f"site{i:04d}.example.net") for i in range(1000)]
    legit_names = ["www.facebook.com", "www.instagram.com", "x.com"]
    legit_hellos = [client_hello(n) for n in legit_names]
    total = a.tcp * 4 + a.udp * 2 + a.flood + a.legit * 4
    w = Writer(a.out, a.span_s, total)
    ident = 0

    def tcp_flow(cli, srv, sport, hello):
        nonlocal ident
        iss, irs = 1000, 5000
        for frame in (
            ETH_HDR + ipv4(cli, srv, 6, 20, ident) + tcp(sport, 443, iss, 0, 0x02),
            ETH_HDR_REV + ipv4(srv, cli, 6, 20, ident + 1) + tcp(443, sport, irs, iss + 1, 0x12),
            ETH_HDR + ipv4(cli, srv, 6, 20, ident + 2) + tcp(sport, 443, iss + 1, irs + 1, 0x10),
            ETH_HDR + ipv4(cli, srv, 6, 20 + len(hello), ident + 3) + tcp(sport, 443, iss + 1, irs + 1, 0x18) + hello,
        ):
            w.packet(frame)
        ident += 4

    def udp_flow(cli, srv, sport, qid, name):
        nonlocal ident
        q = dns_query(qid, name)
        r = dns_answer(qid, name, a4(0x64400000 | (qid & 0x3FFFFF)))
        w.packet(ETH_HDR + ipv4(cli, srv, 17, 8 + len(q), ident) + udp(sport, 53, len(q)) + q)
        w.packet(ETH_HDR_REV + ipv4(srv, cli, 17, 8 + len(r), ident + 1) + udp(53, sport, len(r)) + r)
        ident += 2

    def flood_packet():
        nonlocal ident
        src, dst = a4(rng.getrandbits(32)), a4(rng.getrandbits(32))
        sport, dport = rng.getrandbits(16), rng.getrandbits(16)
        if rng.getrandbits(1):
            w.packet(ETH_HDR + ipv4(src, dst, 6, 20, ident) + tcp(sport, dport, rng.getrandbits(32), 0, 0x02))
        else:
            payload = rng.getrandbits(256).to_bytes(32, "big")
            w.packet(ETH_HDR + ipv4(src, dst, 17, 8 + len(payload), ident) + udp(sport, dport, len(payload)) + payload)
        ident += 1

    # Interleave the kinds in proportion, so legitimate flows sit among the flood.
    kinds = [("tcp", a.tcp), ("udp", a.udp), ("flood", a.flood), ("legit", a.legit)]
    done = {k: 0 for k, _ in kinds}
    units = sum(n for _, n in kinds)
    legit_log = []
    for i in range(units):
        # Pick the kind most behind its share (deterministic, evenly spread).
        k = min((k for k, n in kinds if done[k] < n), key=lambda k: done[k] / dict(kinds)[k])
        j = done[k]
        done[k] += 1
        if k == "tcp":
            cli = a4(0x0A140000 + (j % 65534) + 1) if j % 2 == 0 else a4(0x0A1E0000 + (j % 65534) + 1)
            srv = a4(0x64400000 + (j * 7919) % 0x3FFFFF)
            tcp_flow(cli, srv, 1024 + (j // 65534) % 64000, hellos[j % len(hellos)])
        elif k == "udp":
            cli = a4(0x0A280000 + (j % 65534) + 1)
            srv = a4(0x647F0000 + (j % 251) + 1)
            udp_flow(cli, srv, 1024 + (j // 65534) % 64000, j & 0xFFFF, f"host{j % 5000}.example.org")
        elif k == "flood":
            flood_packet()
        else:
            cli = a4(0x0A140000 + 0xFE00 + (j % 250) + 1)  # 10.20.254.x: pupils
            srv = a4(0x1F0D4000 + (j % 250) + 1)            # 31.13.64.x
            tcp_flow(cli, srv, 40000 + j % 20000, legit_hellos[j % len(legit_hellos)])
            legit_log.append(legit_names[j % len(legit_names)])
    w.close()
    print(f"wrote {w.n} packets: {a.tcp} TCP flows, {a.udp} UDP flows, {a.flood} flood packets, "
          f"{a.legit} legitimate flows", file=sys.stderr)


if __name__ == "__main__":
    main()
