#!/usr/bin/env python3
"""Writes the captures of bench/under-attack: the same work in a hostile shape and in a benign one.

  make_attack_pcaps.py quic OUT.pcap --flows N --shape dense|sparse|far
      N QUIC v1 client Initials (one per flow, each from its own port, clients over the Hillside pupil
      network 10.20.0.0/16, to 443), encrypted as RFC 9001 §5 says so that the engine decrypts them:
      dense  - a whole ClientHello in one CRYPTO frame at offset 0 (a real first flight);
      sparse - the same bytes in one CRYPTO frame at offset 7,000: inside the reassembly window, so the
               flow waits for the missing start (the most a flow can be made to hold);
      far    - the same frame at offset 60,000 (the reported attack: beyond the window).
  make_attack_pcaps.py dns OUT.pcap --queries Q --addresses A
      Q DNS queries for www.facebook.com (blocked for pupils and visitors by hillside.yaml) to the school
      resolver, from A distinct client addresses taken over 10.20.0.0/16 and 10.40.0.0/16, each query its
      own flow (its own source port), sources taken round-robin.
  make_attack_pcaps.py flood OUT.pcap --flood F --legit L --gap G --shape one|many
      F TCP SYNs, each a new flow that never sends data (stays in inspection), from one pupil address
      (one) or from F distinct addresses over 10.30.0.0/16 and 10.40.0.0/16 (many); interleaved with L
      ordinary TLS connections by other pupils (10.20.254.x) to www.facebook.com at 198.51.100.20 (an
      address no catalogue names, so only the ClientHello can name them), started evenly through the
      flood, whose ClientHello comes G flood packets after their handshake (a slow client, or a flood
      fast enough that G new flows come in between).
Bytes are written directly (Ethernet, microsecond pcap); IPv4 checksums computed, TCP/UDP checksums zero.
Deterministic. Needs python3-cryptography (AES-GCM, AES-ECB, HKDF) for QUIC.
"""

import argparse
import hashlib
import hmac
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_flows_pcap import ETH_HDR, ETH_HDR_REV, Writer, a4, client_hello, dns_query, ipv4, tcp, udp  # noqa: E402

SCHOOL_RESOLVER = bytes([203, 0, 113, 53])
FACEBOOK = bytes([157, 240, 1, 35])
UNLISTED_SERVER = bytes([198, 51, 100, 20])


# --- QUIC v1 Initial protection (RFC 9001 §5) --------------------------------------------------------------

V1_SALT = bytes.fromhex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a")


def hkdf_extract(salt, ikm):
    return hmac.new(salt, ikm, hashlib.sha256).digest()


def hkdf_expand_label(secret, label, length):
    full = b"tls13 " + label.encode()
    info = struct.pack("!HB", length, len(full)) + full + b"\x00"
    out, block, i = b"", b"", 1
    while len(out) < length:
        block = hmac.new(secret, block + info + bytes([i]), hashlib.sha256).digest()
        out += block
        i += 1
    return out[:length]


def client_keys(dcid):
    secret = hkdf_expand_label(hkdf_extract(V1_SALT, dcid), "client in", 32)
    return (hkdf_expand_label(secret, "quic key", 16), hkdf_expand_label(secret, "quic iv", 12),
            hkdf_expand_label(secret, "quic hp", 16))


def varint(n):
    if n < 0x40:
        return bytes([n])
    if n < 0x4000:
        return struct.pack("!H", 0x4000 | n)
    if n < 0x40000000:
        return struct.pack("!I", 0x80000000 | n)
    return struct.pack("!Q", 0xC000000000000000 | n)


def quic_initial(dcid, scid, pn, frames):
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    key, iv, hp = client_keys(dcid)
    payload = frames + bytes(max(0, 1162 - len(frames)))  # PADDING: datagram of at least 1,200 bytes (§14.1)
    pn_bytes = struct.pack("!I", pn)
    length = varint(len(pn_bytes) + len(payload) + 16)
    header = (bytes([0xC3]) + struct.pack("!I", 1) + bytes([len(dcid)]) + dcid + bytes([len(scid)]) + scid +
              varint(0) + length + pn_bytes)
    nonce = bytes(a ^ b for a, b in zip(iv, bytes(4) + struct.pack("!Q", pn)))
    sealed = AESGCM(key).encrypt(nonce, payload, header)
    pn_offset = len(header) - 4
    sample = sealed[:16]  # pn_offset + 4 - len(header): the sample starts right after a 4-byte number
    enc = Cipher(algorithms.AES(hp), modes.ECB()).encryptor()
    mask = enc.update(sample) + enc.finalize()
    first = bytes([header[0] ^ (mask[0] & 0x0F)])
    masked_pn = bytes(a ^ b for a, b in zip(pn_bytes, mask[1:5]))
    return first + header[1:pn_offset] + masked_pn + sealed


def crypto_frame(offset, data):
    return b"\x06" + varint(offset) + varint(len(data)) + data


def quic_capture(a):
    hello = client_hello("www.youtube.com")[5:]  # the handshake message, without the TLS record header
    offset = {"dense": 0, "sparse": 7000, "far": 60000}[a.shape]
    w = Writer(a.out, 20.0, a.flows)
    for i in range(a.flows):
        dcid = hashlib.sha256(b"dcid" + struct.pack("!I", i)).digest()[:8]
        datagram = quic_initial(dcid, b"\x01\x02\x03\x04", 0, crypto_frame(offset, hello))
        client = a4(0x0A140000 | (i % 60000 + 1))
        port = 20000 + i // 60000
        w.packet(ETH_HDR + ipv4(client, FACEBOOK, 17, 8 + len(datagram), i) + udp(port, 443, len(datagram)) + datagram)
    w.close()


def dns_capture(a):
    w = Writer(a.out, 20.0, a.queries)
    query = [dns_query(qid, "www.facebook.com") for qid in range(256)]
    for i in range(a.queries):
        n = i % a.addresses
        # 10.20.0.0/16 (pupils) then 10.40.0.0/16 (visitors): both blocked from facebook by hillside.yaml.
        client = a4((0x0A140000 if n < 65536 else 0x0A280000) | (n % 65536))
        port = 1024 + (i // a.addresses) % 64000
        q = query[i % 256]
        w.packet(ETH_HDR + ipv4(client, SCHOOL_RESOLVER, 17, 8 + len(q), i) + udp(port, 53, len(q)) + q)
    w.close()


def flood_capture(a):
    hello = client_hello("www.facebook.com")
    server = UNLISTED_SERVER
    per_legit = max(1, (a.flood - a.gap) // max(1, a.legit))
    w = Writer(a.out, 20.0, a.flood + 4 * a.legit)
    pending = []  # legit connections waiting for their ClientHello: (client, port, due flood index)
    ident = 0
    legit_started = 0
    for i in range(a.flood):
        if legit_started < a.legit and i % per_legit == 0:
            client = a4(0x0A14FE00 | (legit_started % 250 + 1))  # 10.20.254.x: other pupils
            port = 30000 + legit_started // 250
            w.packet(ETH_HDR + ipv4(client, server, 6, 20, ident) + tcp(port, 443, 1000, 0, 0x02))
            w.packet(ETH_HDR_REV + ipv4(server, client, 6, 20, ident) + tcp(443, port, 5000, 1001, 0x12))
            w.packet(ETH_HDR + ipv4(client, server, 6, 20, ident) + tcp(port, 443, 1001, 5001, 0x10))
            pending.append((client, port, i + a.gap))
            legit_started += 1
        while pending and pending[0][2] <= i:
            client, port, _ = pending.pop(0)
            w.packet(ETH_HDR + ipv4(client, server, 6, 20 + len(hello), ident) + tcp(port, 443, 1001, 5001, 0x18) + hello)
        if a.shape == "one":
            src, sport = a4(0x0A140A0A), 1024 + i % 64000  # 10.20.10.10
            dst = a4(0x64400000 | (i // 64000))
        else:
            src, sport = a4((0x0A1E0000 if i % 2 else 0x0A280000) | ((i // 2) % 65536)), 1024 + i // 131072
            dst = a4(0x64400000)
        w.packet(ETH_HDR + ipv4(src, dst, 6, 20, ident) + tcp(sport, 443, 7, 0, 0x02))
        ident += 1
    for client, port, _ in pending:
        w.packet(ETH_HDR + ipv4(client, server, 6, 20 + len(hello), ident) + tcp(port, 443, 1001, 5001, 0x18) + hello)
    w.close()


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="kind", required=True)
    q = sub.add_parser("quic")
    q.add_argument("out")
    q.add_argument("--flows", type=int, default=20000)
    q.add_argument("--shape", choices=["dense", "sparse", "far"], required=True)
    d = sub.add_parser("dns")
    d.add_argument("out")
    d.add_argument("--queries", type=int, default=262144)
    d.add_argument("--addresses", type=int, required=True)
    f = sub.add_parser("flood")
    f.add_argument("out")
    f.add_argument("--flood", type=int, default=200000)
    f.add_argument("--legit", type=int, default=1000)
    f.add_argument("--gap", type=int, default=50000)
    f.add_argument("--shape", choices=["one", "many"], required=True)
    a = ap.parse_args()
    {"quic": quic_capture, "dns": dns_capture, "flood": flood_capture}[a.kind](a)


if __name__ == "__main__":
    main()
