#!/usr/bin/python3
"""Writes the TCP (and two neighbouring) evasion captures of pcaps/evasion/, one small capture per technique
of docs/threat-model.md, each made from nothing with scapy (offline: nothing here is ever sent).

    /usr/bin/python3 pcaps/evasion/make_tcp_evasion.py          # every capture below, byte for byte the same each run
    /usr/bin/python3 pcaps/evasion/make_tcp_evasion.py --out /tmp tcp-decoy-before-syn   # one held back (HELD_BACK)

Each is the pupil 10.20.0.50 connecting to 157.240.1.35 (in the shipped catalogue's Facebook ranges, as
ip/ip-literal-meta-range.pcap) with a real TLS 1.3 ClientHello for www.facebook.com, built with scapy's TLS
layer (fixed random, session id and key share, padded to 517 bytes as OpenSSL pads), shaped the way the tool
named shapes it. Linux's handshake: MSS 1460, SACK permitted, timestamps, window scale 7; valid IPv4 and TCP
checksums except where the technique is a bad one. Everything is fixed (times, ports, initial sequence numbers,
IP ids, TSvals), so the files do not change from run to run. The fakes for www.bbc.co.uk are the same size as
the real hello, so each covers exactly the bytes the real one then sends.

  tcp-decoy-short-ttl      GoodbyeDPI --set-ttl, zapret fake --dpi-desync-ttl: fake hello TTL 3 at the real seq
  tcp-decoy-bad-checksum   GoodbyeDPI --wrong-chksum, zapret badsum: fake hello with a wrong TCP checksum
  tcp-decoy-md5            zapret md5sig: fake hello with a TCP MD5 signature option (kind 19, 18 bytes)
  tcp-decoy-no-ack         zapret datanoack: fake hello without the ACK flag
  tcp-decoy-bad-ack        zapret badack: fake hello acknowledging 66000 bytes before the real ack
  tcp-decoy-bad-seq        zapret badseq: fake hello 10000 bytes before the real sequence number
  tcp-decoy-old-timestamp  zapret ts: fake hello with TSval 600000 below the connection's
  tcp-decoy-rst-before     zapret rst: an RST with TTL 3 at the real seq before the real hello
  tcp-decoy-rst-bad-seq    an RST at seq+5 (not the next expected byte, RFC 5961) before the real hello
  tcp-decoy-before-syn     a fake hello for www.bbc.co.uk, TTL 3, on the 5-tuple before the SYN (held back)
  tcp-padding              60 empty ACKs and 10 duplicates of the hello's first 20 bytes before it
  tcp-syn-data             zapret syndata / TCP Fast Open: the hello's first 30 bytes in the SYN
  tcp-split-disorder       zapret multidisorder, GoodbyeDPI --reverse-frag: the hello in 3 segments, last first
  http-leading-crlf        zapret tpws --methodeol style: CRLF CRLF before GET / HTTP/1.1 on port 80
  udp-junk-first-quic      zapret fake for QUIC, ByeDPI --udp-fake: a 1-byte datagram, then a QUIC v1 Initial
  tcp-decoy-fin-before     zapret fake FIN: a FIN with TTL 3 at the real seq before the real hello
  tcp-overlap-differing-copies  zapret seqovl: a fake held ahead of a gap, then the real hello over the same bytes
  http-keepalive-second-request  GET www.bbc.co.uk answered, then GET facebook.com on the same connection
  http-pipelined           both requests in one segment
  http-leading-crlf-connect  CRLF CRLF before CONNECT www.facebook.com:443 to a proxy on port 3128
  tls-domain-fronting      SNI www.bbc.co.uk, then a.b, to 157.240.1.35 (Facebook's ranges)
  dns-several-queries-one-socket  www.bbc.co.uk, then facebook.com, on one UDP socket
  quic-mixed-names         a QUIC Initial for www.bbc.co.uk, then the real one, on one 5-tuple
  udp-junk-first-wireguard a 1-byte datagram, then a WireGuard handshake initiation and its response
(The conversations, the overlap and the mixed QUIC names go to 203.0.113.10, in no listed range: names decide.)

The QUIC Initial is built here too (RFC 9001 §5: initial keys from the destination connection id, AES-128-GCM
payload protection and AES header protection, with python3-cryptography), carrying a ClientHello for
www.facebook.com with ALPN h3 and QUIC transport parameters, padded to a 1200-byte datagram.
"""
import hashlib
import struct
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import write  # noqa: E402

from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes  # noqa: E402
from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402
from cryptography.hazmat.primitives.hmac import HMAC  # noqa: E402
from scapy.all import IP, TCP, UDP, Ether, Raw  # noqa: E402
from scapy.layers.tls.extensions import (ProtocolName, ServerName, TLS_Ext_ALPN, TLS_Ext_ExtendedMasterSecret,  # noqa: E402
                                         TLS_Ext_Padding, TLS_Ext_PSKKeyExchangeModes, TLS_Ext_RenegotiationInfo,
                                         TLS_Ext_ServerName, TLS_Ext_SessionTicket, TLS_Ext_SignatureAlgorithms,
                                         TLS_Ext_SupportedGroups, TLS_Ext_SupportedPointFormat,
                                         TLS_Ext_SupportedVersion_CH, TLS_Ext_Unknown)
from scapy.layers.tls.handshake import TLSClientHello  # noqa: E402
from scapy.layers.tls.keyexchange_tls13 import KeyShareEntry, TLS_Ext_KeyShare_CH  # noqa: E402
from scapy.layers.tls.record import TLS  # noqa: E402

OUT = Path(__file__).resolve().parent
PUPIL, SERVER = "10.20.0.50", "157.240.1.35"
PUPIL_MAC, GATEWAY_MAC = "02:00:0a:14:00:32", "02:00:9d:f0:01:23"
T0 = 1772619300          # Wednesday 4 March 2026, 10:15:00 UTC (period 2)
CLIENT_ISN, SERVER_ISN = 0x2C5E1A00, 0x7D10B000
CLIENT_TS, SERVER_TS = 3_000_000_000, 1_200_000_000
REAL, FAKE = "www.facebook.com", "www.bbc.co.uk"
HELLO_SIZE = 517         # OpenSSL pads its ClientHello record to 517 bytes


# ------------------------------------------------------------------ TLS ClientHello
def seed(label):
    return hashlib.sha256(b"schoolgate pcaps/evasion: " + label.encode()).digest()


def hello_extensions(name, quic):
    key = seed("key share " + name)
    exts = [TLS_Ext_ServerName(servernames=[ServerName(servername=name.encode())])]
    if not quic:
        exts += [TLS_Ext_SupportedPointFormat(ecpl=[0, 1, 2])]
    exts += [TLS_Ext_SupportedGroups(groups=[29, 23, 30, 25, 24]),
             TLS_Ext_ALPN(protocols=[ProtocolName(protocol=p) for p in ([b"h3"] if quic else [b"h2", b"http/1.1"])])]
    if not quic:
        exts += [TLS_Ext_SessionTicket(), TLS_Ext_ExtendedMasterSecret()]
    exts += [TLS_Ext_SignatureAlgorithms(sig_algs=[0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805,
                                                   0x0806, 0x0401, 0x0501, 0x0601]),
             TLS_Ext_SupportedVersion_CH(versions=[0x0304] if quic else [0x0304, 0x0303]),
             TLS_Ext_PSKKeyExchangeModes(kxmodes=[1]),
             TLS_Ext_KeyShare_CH(client_shares=[KeyShareEntry(group=29, key_exchange=key)])]
    if quic:
        # initial_max_data, initial_max_stream_data_bidi_local/remote, initial_max_streams_bidi, max_idle_timeout,
        # initial_source_connection_id (RFC 9000 §18.2)
        params = (bytes.fromhex("0404" + "80100000") + bytes.fromhex("0504" + "80040000")
                  + bytes.fromhex("0604" + "80040000") + bytes.fromhex("08024064") + bytes.fromhex("0104" + "80007530")
                  + bytes([0x0F, len(QUIC_SCID)]) + QUIC_SCID)
        exts.append(TLS_Ext_Unknown(type=0x39, val=params))
    else:
        exts.insert(1, TLS_Ext_RenegotiationInfo(renegotiated_connection=b""))
    return exts


def client_hello_message(name, quic=False):
    """The ClientHello handshake message (no record header) for NAME."""
    rand = seed("random " + name)
    ciphers = [0x1301, 0x1302, 0x1303] + ([] if quic else [0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0xC02B, 0xC02F, 0x00FF])
    hello = TLSClientHello(version=0x0303, gmt_unix_time=int.from_bytes(rand[:4], "big"), random_bytes=rand[4:],
                           sid=b"" if quic else seed("session id " + name), ciphers=ciphers, comp=[0],
                           ext=hello_extensions(name, quic))
    return bytes(hello)


def client_hello_record(name, size=HELLO_SIZE):
    """The ClientHello as one TLS record, padded (RFC 7685) to `size` bytes (HELLO_SIZE, as OpenSSL pads)."""
    bare = bytes(TLS(type=22, version=0x0301, msg=[TLSClientHello(client_hello_message(name))]))
    pad = size - len(bare) - 4
    assert pad >= 0, f"{name}: ClientHello of {len(bare)} bytes"
    hello = TLSClientHello(client_hello_message(name))
    hello.ext = hello.ext + [TLS_Ext_Padding(padding=b"\0" * pad)]
    hello.extlen = hello.msglen = None
    record = bytes(TLS(type=22, version=0x0301, msg=[TLSClientHello(bytes(hello))]))
    assert len(record) == size and name.encode() in record
    return record


# ------------------------------------------------------------------ one TCP connection, packet by packet
class Connection:
    """The pupil's side and the server's side of one TCP connection, with Linux's options and fixed numbers."""

    def __init__(self, sport, dport=443, t=T0, server=SERVER):
        self.sport, self.dport, self.t, self.server_ip = sport, dport, float(t), server
        self.seq, self.ack = CLIENT_ISN, SERVER_ISN
        self.ts_c, self.ts_s = CLIENT_TS, SERVER_TS
        self.ip_id_c, self.ip_id_s = 0x4A00, 0
        self.packets = []

    def _emit(self, frame, gap):
        self.t += gap
        frame.time = round(self.t, 6)
        self.packets.append(frame)
        return frame

    def client(self, flags, data=b"", seq=None, ack=None, ttl=64, options=None, gap=0.0002, bad_checksum=False):
        self.ts_c += 1
        tcp = TCP(sport=self.sport, dport=self.dport, flags=flags, seq=self.seq if seq is None else seq,
                  ack=(self.ack if "A" in flags else 0) if ack is None else ack, window=64240 if "S" in flags else 502,
                  options=options if options is not None else [("NOP", None), ("NOP", None),
                                                               ("Timestamp", (self.ts_c, self.ts_s))])
        self.ip_id_c += 1
        frame = Ether(src=PUPIL_MAC, dst=GATEWAY_MAC) / IP(src=PUPIL, dst=self.server_ip, ttl=ttl, id=self.ip_id_c,
                                                           flags="DF") / tcp
        if data:
            frame = frame / Raw(data)
        frame = Ether(bytes(frame))
        if bad_checksum:
            frame[TCP].chksum ^= 0x5A5A
            frame = Ether(bytes(frame))
        return self._emit(frame, gap)

    def server(self, flags, data=b"", options=None, gap=0.012):
        self.ts_s += 12
        tcp = TCP(sport=self.dport, dport=self.sport, flags=flags, seq=self.ack, ack=self.seq, window=65160 if
                  "S" in flags else 501, options=options if options is not None else
                  [("NOP", None), ("NOP", None), ("Timestamp", (self.ts_s, self.ts_c))])
        frame = Ether(src=GATEWAY_MAC, dst=PUPIL_MAC) / IP(src=self.server_ip, dst=PUPIL, ttl=57, id=self.ip_id_s,
                                                           flags="DF") / tcp
        if data:
            frame = frame / Raw(data)
        return self._emit(Ether(bytes(frame)), gap)

    def syn_options(self):
        return [("MSS", 1460), ("SAckOK", b""), ("Timestamp", (self.ts_c + 1, 0)), ("NOP", None), ("WScale", 7)]

    def handshake(self, syn_data=b""):
        self.client("S", data=syn_data, options=self.syn_options(), gap=0)
        self.seq = (CLIENT_ISN + 1) & 0xFFFFFFFF   # a server without Fast Open acknowledges the SYN only
        self.server("SA", options=[("MSS", 1400), ("SAckOK", b""), ("Timestamp", (self.ts_s + 12, self.ts_c)),
                                   ("NOP", None), ("WScale", 7)])
        self.ack = (SERVER_ISN + 1) & 0xFFFFFFFF
        self.client("A")

    def send(self, data, **kw):
        """Client data at the current sequence number; the stream moves on."""
        self.client("PA", data=data, **kw)
        self.seq = (self.seq + len(data)) & 0xFFFFFFFF

    def server_acks(self):
        self.server("A")

    def server_sends(self, data):
        """Server data at its current sequence number, acknowledged by the client."""
        self.server("PA", data=data)
        self.ack = (self.ack + len(data)) & 0xFFFFFFFF
        self.client("A", gap=0.0003)


# ------------------------------------------------------------------ the captures
def decoy(sport, **fake):
    """Handshake, a fake hello for www.bbc.co.uk shaped by `fake`, then the real hello for www.facebook.com."""
    c = Connection(sport)
    c.handshake()
    c.client(fake.pop("flags", "PA"), data=client_hello_record(FAKE), **fake)
    c.send(client_hello_record(REAL), gap=0.001)
    c.server_acks()
    return c.packets


def short_ttl():
    return decoy(41001, ttl=3)


def bad_checksum():
    return decoy(41002, bad_checksum=True)


def md5():
    c = Connection(41003)
    c.handshake()
    c.client("PA", data=client_hello_record(FAKE),
             options=[("NOP", None), ("NOP", None), ("Timestamp", (c.ts_c + 1, c.ts_s)),
                      (19, seed("md5 signature")[:16]), ("NOP", None), ("NOP", None)])
    c.send(client_hello_record(REAL), gap=0.001)
    c.server_acks()
    return c.packets


def no_ack():
    return decoy(41004, flags="P", ack=0)


def bad_ack():
    return decoy(41005, ack=(SERVER_ISN + 1 - 66000) & 0xFFFFFFFF)


def bad_seq():
    return decoy(41006, seq=(CLIENT_ISN + 1 - 10000) & 0xFFFFFFFF)


def old_timestamp():
    c = Connection(41007)
    c.handshake()
    c.client("PA", data=client_hello_record(FAKE),
             options=[("NOP", None), ("NOP", None), ("Timestamp", (c.ts_c + 1 - 600000, c.ts_s))])
    c.send(client_hello_record(REAL), gap=0.001)
    c.server_acks()
    return c.packets


def rst_before():
    c = Connection(41008)
    c.handshake()
    c.client("R", ttl=3, ack=0)
    c.send(client_hello_record(REAL), gap=0.001)
    c.server_acks()
    return c.packets


def rst_bad_seq():
    c = Connection(41009)
    c.handshake()
    c.client("R", seq=(c.seq + 5) & 0xFFFFFFFF, ack=0)
    c.send(client_hello_record(REAL), gap=0.001)
    c.server_acks()
    return c.packets


def before_syn():
    c = Connection(41010)
    c.client("PA", data=client_hello_record(FAKE), seq=0x0BADF00D, ack=0x0DDBA11, ttl=3, gap=0)
    c.t += 0.005
    c.handshake()
    c.send(client_hello_record(REAL), gap=0.001)
    c.server_acks()
    return c.packets


def padding():
    c = Connection(41011)
    c.handshake()
    hello = client_hello_record(REAL)
    for _ in range(60):
        c.client("A", gap=0.0001)
    for _ in range(10):
        c.client("PA", data=hello[:20], gap=0.0001)
    c.send(hello, gap=0.001)
    c.server_acks()
    return c.packets


def syn_data():
    c = Connection(41012)
    hello = client_hello_record(REAL)
    c.handshake(syn_data=hello[:30])
    c.send(hello, gap=0.001)              # the server acknowledged the SYN only: the whole hello follows
    c.server_acks()
    return c.packets


def split_disorder():
    c = Connection(41013)
    c.handshake()
    hello = client_hello_record(REAL)
    cuts = [(0, 60), (60, 200), (200, len(hello))]
    for start, end in reversed(cuts):
        c.client("PA", data=hello[start:end], seq=(c.seq + start) & 0xFFFFFFFF, gap=0.0005)
    c.seq = (c.seq + len(hello)) & 0xFFFFFFFF
    c.server_acks()
    return c.packets


def leading_crlf():
    c = Connection(41014, dport=80)
    c.handshake()
    c.send(b"\r\n\r\nGET / HTTP/1.1\r\nHost: www.facebook.com\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n",
           gap=0.001)
    c.server_acks()
    return c.packets


# ------------------------------------------------------------------ QUIC v1 Initial (RFC 9001 §5)
QUIC_V1_SALT = bytes.fromhex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a")
QUIC_DCID, QUIC_SCID = seed("quic dcid")[:8], seed("quic scid")[:8]


def hkdf_extract(salt, ikm):
    h = HMAC(salt, hashes.SHA256())
    h.update(ikm)
    return h.finalize()


def hkdf_expand_label(secret, label, length):
    full = b"tls13 " + label.encode()
    info = struct.pack("!HB", length, len(full)) + full + b"\x00"
    out, block, counter = b"", b"", 1
    while len(out) < length:
        h = HMAC(secret, hashes.SHA256())
        h.update(block + info + bytes([counter]))
        block = h.finalize()
        out += block
        counter += 1
    return out[:length]


def quic_initial(hello_message, datagram_size=1200, dcid=None):
    dcid = dcid or QUIC_DCID
    secret = hkdf_expand_label(hkdf_extract(QUIC_V1_SALT, dcid), "client in", 32)
    key, iv = hkdf_expand_label(secret, "quic key", 16), hkdf_expand_label(secret, "quic iv", 12)
    hp = hkdf_expand_label(secret, "quic hp", 16)
    crypto = b"\x06\x00" + struct.pack("!H", 0x4000 | len(hello_message)) + hello_message   # CRYPTO, offset 0
    pn, pn_len = 0, 4
    head_wo_len = (bytes([0xC0 | (pn_len - 1)]) + struct.pack("!I", 1) + bytes([len(dcid)]) + dcid
                   + bytes([len(QUIC_SCID)]) + QUIC_SCID + b"\x00")                        # token length 0
    payload_len = datagram_size - len(head_wo_len) - 2 - pn_len - 16
    plain = crypto + b"\x00" * (payload_len - len(crypto))                                  # PADDING frames
    header = head_wo_len + struct.pack("!H", 0x4000 | (pn_len + len(plain) + 16)) + struct.pack("!I", pn)
    nonce = bytes(a ^ b for a, b in zip(iv, (b"\0" * 8 + struct.pack("!I", pn))))
    sealed = AESGCM(key).encrypt(nonce, plain, header)
    pn_offset = len(header) - pn_len
    sample = sealed[4 - pn_len:4 - pn_len + 16]
    mask = Cipher(algorithms.AES(hp), modes.ECB()).encryptor().update(sample)
    out = bytearray(header + sealed)
    out[0] ^= mask[0] & 0x0F
    for i in range(pn_len):
        out[pn_offset + i] ^= mask[1 + i]
    assert len(out) == datagram_size
    return bytes(out)


def junk_first_quic():
    frames, t = [], float(T0)
    for k, data in enumerate([b"\x00", quic_initial(client_hello_message(REAL, quic=True))]):
        frame = Ether(src=PUPIL_MAC, dst=GATEWAY_MAC) / IP(src=PUPIL, dst=SERVER, ttl=64, id=0x5100 + k,
                                                           flags="DF") / UDP(sport=51015, dport=443) / Raw(data)
        frame = Ether(bytes(frame))
        frame.time = round(t + k * 0.0003, 6)
        frames.append(frame)
    return frames


# ------------------------------------------------------------------ more techniques (docs/threat-model.md)
NEUTRAL = "203.0.113.10"      # in no listed service's ranges: the names alone decide these flows
RESOLVER = "203.0.113.53"     # the demo network's resolver
VPN_SERVER = "198.51.100.7"   # a WireGuard server somewhere


def fin_before():
    """zapret fake FIN: a FIN with TTL 3 at the real sequence number, then the real hello."""
    c = Connection(41015)
    c.handshake()
    c.client("FA", ttl=3)
    c.send(client_hello_record(REAL), gap=0.001)
    c.server_acks()
    return c.packets


def overlap_differing_copies():
    """zapret --dpi-desync-split-seqovl style, copies that disagree: a fake (a hello for www.bbc.co.uk from its
    11th byte) held ahead of a gap, then the real hello for www.facebook.com in order over the same bytes. A
    filter that keeps the first copy to arrive reads the fake; the server (Linux trims a held piece to what it
    has read in order) reads the real one."""
    c = Connection(41016, server=NEUTRAL)
    c.handshake()
    # 1000-byte hellos: the held piece is as big as a real stack's segments (not a small piece of the hello)
    c.client("PA", data=client_hello_record(FAKE, 1000)[10:], seq=(c.seq + 10) & 0xFFFFFFFF)
    c.send(client_hello_record(REAL, 1000), gap=0.0005)
    c.server_acks()
    return c.packets


def http_request(host):
    return f"GET / HTTP/1.1\r\nHost: {host}\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n".encode()


def http_response(host):
    body = f"hello from {host}\n".encode()
    return b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body


def keepalive_second_request():
    """A keep-alive connection: www.bbc.co.uk asked and answered, then facebook.com on the same connection."""
    c = Connection(41017, dport=80, server=NEUTRAL)
    c.handshake()
    c.send(http_request(FAKE))
    c.server_sends(http_response(FAKE))
    c.send(http_request("facebook.com"), gap=0.01)
    c.server_acks()
    return c.packets


def pipelined():
    """Two pipelined requests in one segment: www.bbc.co.uk, then facebook.com."""
    c = Connection(41018, dport=80, server=NEUTRAL)
    c.handshake()
    c.send(http_request(FAKE) + http_request("facebook.com"))
    c.server_acks()
    return c.packets


def leading_crlf_connect():
    """Empty lines before CONNECT to an HTTP proxy (GoodbyeDPI -k, zapret --methodeol): servers skip them."""
    c = Connection(41019, dport=3128, server=NEUTRAL)
    c.handshake()
    c.send(b"\r\n\r\nCONNECT www.facebook.com:443 HTTP/1.1\r\nHost: www.facebook.com:443\r\n"
           b"User-Agent: curl/7.88.1\r\n\r\n", gap=0.001)
    c.server_acks()
    return c.packets


def domain_fronting():
    """TLS to 157.240.1.35 (Facebook's published ranges) with an SNI that lies: www.bbc.co.uk, then a.b."""
    packets = []
    for sport, name in ((41020, FAKE), (41021, "a.b")):
        c = Connection(sport, t=T0 + (sport - 41020) * 0.05)
        c.handshake()
        c.send(client_hello_record(name) if name == FAKE else hello_record_unpadded(name), gap=0.001)
        c.server_acks()
        packets += c.packets
    return packets


def hello_record_unpadded(name):
    return bytes(TLS(type=22, version=0x0301, msg=[TLSClientHello(client_hello_message(name))]))


def udp_frames(sport, server, dport, datagrams, t=T0):
    """Datagrams of one UDP flow: (who, bytes) with who 'c' (the pupil) or 's' (the server)."""
    frames = []
    for k, (who, data) in enumerate(datagrams):
        ends = (PUPIL, server, sport, dport) if who == "c" else (server, PUPIL, dport, sport)
        macs = (PUPIL_MAC, GATEWAY_MAC) if who == "c" else (GATEWAY_MAC, PUPIL_MAC)
        frame = Ether(src=macs[0], dst=macs[1]) / IP(src=ends[0], dst=ends[1], ttl=64 if who == "c" else 57,
                                                     id=0x5200 + k, flags="DF") / UDP(sport=ends[2], dport=ends[3]) / Raw(data)
        frame = Ether(bytes(frame))
        frame.time = round(t + k * 0.004, 6)
        frames.append(frame)
    return frames


def dns_message(query_id, name, answer=None):
    from scapy.layers.dns import DNS, DNSQR, DNSRR
    if answer is None:
        return bytes(DNS(id=query_id, rd=1, qd=DNSQR(qname=name, qtype="A")))
    return bytes(DNS(id=query_id, qr=1, rd=1, ra=1, qd=DNSQR(qname=name, qtype="A"),
                     an=DNSRR(rrname=name, type="A", ttl=300, rdata=answer)))


def dns_queries_one_socket():
    """One UDP socket, two queries: www.bbc.co.uk (answered), then facebook.com (blocked inline: no answer). Each
    query is decided, not only the first (the e2e test asks a third, answered, after the blocked one)."""
    return udp_frames(53022, RESOLVER, 53, [
        ("c", dns_message(0x1001, "www.bbc.co.uk")), ("s", dns_message(0x1001, "www.bbc.co.uk", "198.51.100.80")),
        ("c", dns_message(0x1002, "facebook.com"))])


def quic_mixed_names():
    """The bundle's fakes, zapret --dpi-desync-fake-quic: a QUIC Initial for www.bbc.co.uk (its own connection id),
    then the real one for www.facebook.com, on one 5-tuple."""
    fake = quic_initial(client_hello_message(FAKE, quic=True), dcid=seed("quic fake dcid")[:8])
    real = quic_initial(client_hello_message(REAL, quic=True))
    return udp_frames(51023, NEUTRAL, 443, [("c", fake), ("c", real)])


def junk_first_wireguard():
    """zapret fake for WireGuard, AmneziaWG's Jc junk: one byte, then a WireGuard handshake initiation (type 1,
    148 bytes) and the server's response (type 2, 92 bytes, echoing the sender index)."""
    sender = seed("wireguard sender")[:4]
    initiation = b"\x01\x00\x00\x00" + sender + seed("wireguard initiation")[:32] * 4 + seed("wg tail")[:12]
    response = b"\x02\x00\x00\x00" + seed("wireguard receiver")[:4] + sender + (seed("wireguard response") * 3)[:80]
    assert len(initiation) == 148 and len(response) == 92
    return udp_frames(51024, VPN_SERVER, 51820, [("c", b"\x00"), ("c", initiation), ("s", response)])


CAPTURES = {
    "tcp-decoy-short-ttl": short_ttl,
    "tcp-decoy-bad-checksum": bad_checksum,
    "tcp-decoy-md5": md5,
    "tcp-decoy-no-ack": no_ack,
    "tcp-decoy-bad-ack": bad_ack,
    "tcp-decoy-bad-seq": bad_seq,
    "tcp-decoy-old-timestamp": old_timestamp,
    "tcp-decoy-rst-before": rst_before,
    "tcp-decoy-rst-bad-seq": rst_bad_seq,
    "tcp-padding": padding,
    "tcp-syn-data": syn_data,
    "tcp-split-disorder": split_disorder,
    "http-leading-crlf": leading_crlf,
    "udp-junk-first-quic": junk_first_quic,
    "tcp-decoy-fin-before": fin_before,
    "tcp-overlap-differing-copies": overlap_differing_copies,
    "http-keepalive-second-request": keepalive_second_request,
    "http-pipelined": pipelined,
    "http-leading-crlf-connect": leading_crlf_connect,
    "tls-domain-fronting": domain_fronting,
    "dns-several-queries-one-socket": dns_queries_one_socket,
    "quic-mixed-names": quic_mixed_names,
    "udp-junk-first-wireguard": junk_first_wireguard,
}


# Made, but not kept in pcaps/ (and so not in the manifest): the engine does not yet give the expected result.
# tcp-decoy-before-syn: the fake before the SYN is replayed as a flow of its own, named www.bbc.co.uk and
# allowed, before the SYN starts the connection again (docs/threat-model.md, the short-TTL row).
HELD_BACK = {
    "tcp-decoy-before-syn": before_syn,
}


def main(argv):
    """No arguments: every capture of CAPTURES into pcaps/evasion/. `--out DIR NAME...`: only those (HELD_BACK
    ones too) into DIR."""
    out, names = OUT, list(CAPTURES)
    if argv[:1] == ["--out"]:
        out, names = Path(argv[1]), argv[2:] or list(CAPTURES)
    builders = {**CAPTURES, **HELD_BACK}
    for name in names:
        if name not in builders:
            sys.exit(f"{name}: no such capture (choose from {', '.join(builders)})")
        size = write(out / f"{name}.pcap", builders[name]())
        print(f"{size:7d}  {out / name}.pcap")


if __name__ == "__main__":
    main(sys.argv[1:])
