#!/usr/bin/python3
"""Writes the seed corpora in fuzz/corpus/<target>/ from real inputs: the captures in pcaps/ (and a few of
the nDPI test captures in /work/shared/pcaps/ndpi for QUIC and SOCKS, when present), the RFC 9001 test
vectors the unit tests use, and the example policies in config/examples/. Each seed is named after what it
is. Re-running rewrites the generated seeds; hand-written ones (regression-*: inputs that crashed a
target once; the loaders' hand-edited files) are kept.

Needs scapy (offline dissection only; nothing is sent).  Usage: /usr/bin/python3 fuzz/make_seeds.py
Input layouts of each target are described in fuzz/README.md.
"""
import re
import struct
import sys
from pathlib import Path

from scapy.all import IP, TCP, UDP, IPv6, Raw, conf, rdpcap  # noqa: F401

conf.verb = 0
ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "fuzz" / "corpus"
PCAPS = ROOT / "pcaps"
NDPI = Path("/work/shared/pcaps/ndpi")
written = []


def seed(target, name, data):
    path = CORPUS / target / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(data))
    written.append((target, name, len(data)))


# ------------------------------------------------------------------ reading captures
def packets(path):
    return list(rdpcap(str(path)))


def linktype(path):
    """The capture's link type from its header (classic pcap) or first interface block (pcapng)."""
    head = Path(path).read_bytes()[:64]
    if head[:4] == b"\x0a\x0d\x0d\x0a":
        block_len = struct.unpack("<I", head[4:8])[0]
        return struct.unpack("<H", head[block_len + 8:block_len + 10])[0]
    endian = "<" if head[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    return struct.unpack(endian + "I", head[20:24])[0]


def tcp_payload(p):
    """The segment's data, without the Ethernet padding of short frames."""
    if TCP not in p:
        return b""
    segment = bytes(p[TCP])
    header = p[TCP].dataofs * 4
    if IP in p:
        length = p[IP].len - p[IP].ihl * 4 - header
    else:  # the IPv6 captures used here have no extension headers before TCP
        length = p[IPv6].plen - header
    return segment[header:header + length]


def client_stream(pkts, dport):
    """The first client's TCP segments to `dport` as (relative offset, bytes), its ISN and the stream
    (first copy of each byte wins, as in the engine)."""
    syn = next(p for p in pkts if TCP in p and p[TCP].dport == dport and p[TCP].flags.S and not p[TCP].flags.A)
    sport, isn = syn[TCP].sport, syn[TCP].seq
    pieces = [(((p[TCP].seq - isn - 1) & 0xFFFFFFFF), tcp_payload(p)) for p in pkts
              if TCP in p and p[TCP].sport == sport and p[TCP].dport == dport and tcp_payload(p)]
    size = max(off + len(d) for off, d in pieces)
    stream = bytearray(size)
    filled = [False] * size
    for off, data in pieces:
        for i, b in enumerate(data):
            if not filled[off + i]:
                stream[off + i], filled[off + i] = b, True
    return pieces, isn, bytes(stream)


def udp_payloads(pkts, dport):
    return [bytes(p[UDP].payload) for p in pkts if UDP in p and p[UDP].dport == dport]


def udp_answers(pkts, sport):
    return [bytes(p[UDP].payload) for p in pkts if UDP in p and p[UDP].sport == sport]


# ------------------------------------------------------------------ seed layouts (fuzz/README.md)
def weights_for(cuts, length):
    """Cut weights w with length*w//255 landing on (or just before) each wanted cut."""
    return bytes(min(255, (cut * 255 + length - 1) // length) for cut in cuts)


def stream_seed(stream, cuts, isn, order=0, syn=True, invert_first=False):
    weights = weights_for(cuts, len(stream)) or b"\x00"
    flags = (len(weights) - 1) | (0x10 if syn else 0) | (0x20 if invert_first else 0)
    return bytes([flags]) + struct.pack("!I", isn) + weights + bytes([order]) + stream


def framed(chunks, mode):
    return bytes([mode]) + b"".join(struct.pack("!H", len(c)) + c for c in chunks)


def client_hello_body(stream):
    """The ClientHello body from a TLS stream whose records may split it."""
    handshake, at = b"", 0
    while at + 5 <= len(stream) and stream[at] == 0x16:
        length = struct.unpack("!H", stream[at + 3:at + 5])[0]
        handshake += stream[at + 5:at + 5 + length]
        at += 5 + length
        if len(handshake) >= 4 and len(handshake) >= 4 + int.from_bytes(handshake[1:4], "big"):
            break
    return handshake[4:4 + int.from_bytes(handshake[1:4], "big")]


def rfc9001(name):
    text = (ROOT / "tests/unit/classifiers/quic/rfc9001_vectors.h").read_text()
    match = re.search(r"%s\s*=\s*((?:\s*\"[0-9a-f]*\")+);" % name, text)
    return bytes.fromhex("".join(re.findall(r"\"([0-9a-f]*)\"", match.group(1))))


# ------------------------------------------------------------------ the targets
def packet_decoder():
    link_byte = {1: 0, 113: 1, 276: 2, 101: 3, 228: 3, 229: 3, 12: 3, 0: 4, 108: 4}
    sources = {
        "ethernet-ipv4-tcp-clienthello-facebook.bin": ("tls/facebook-www.pcap", "ch"),
        "ethernet-ipv6-tcp-clienthello-x-com.bin": ("ip/ipv6-tls-x-com.pcap", "ch"),
        "ethernet-ipv6-extension-headers.bin": ("link/ipv6-extension-headers-x-com.pcap", "ch"),
        "ethernet-ipv4-options.bin": ("link/ipv4-options-facebook.pcap", "ch"),
        "ethernet-vlan-8021q.bin": ("link/vlan-8021q-facebook.pcap", "ch"),
        "ethernet-qinq-8021ad.bin": ("link/qinq-instagram.pcap", "ch"),
        "linux-cooked-v1.bin": ("link/sll-v1-instagram.pcap", "ch"),
        "linux-cooked-v2.bin": ("link/sll-v2-facebook.pcap", "ch"),
        "raw-ip.bin": ("link/raw-ip-x-com.pcap", "ch"),
        "ethernet-ipv4-first-fragment.bin": ("link/ipv4-fragments.pcap", 3),
        "ethernet-udp-dns-query.bin": ("dns/dig-facebook-a.pcap", 0),
        "ethernet-tcp-syn.bin": ("tls/facebook-www.pcap", 0),
    }
    for name, (rel, which) in sources.items():
        pkts = packets(PCAPS / rel)
        index = which if isinstance(which, int) else next(
            i for i, p in enumerate(pkts) if tcp_payload(p)[:1] == b"\x16")
        seed("packet_decoder", name, bytes([link_byte[linktype(PCAPS / rel)]]) + bytes(pkts[index]))
    # BSD loopback (no capture of ours has one): AF_INET6 = 30 on macOS, host byte order, then the IPv6 packet.
    v6 = packets(PCAPS / "ip/ipv6-tls-x-com.pcap")
    seed("packet_decoder", "bsd-loopback-ipv6.bin", b"\x04" + struct.pack("<I", 30) + bytes(v6[0][IPv6]))
    for i, p in enumerate(packets(PCAPS / "bad/malformed-packets.pcap")):
        seed("packet_decoder", f"malformed-packets-{i + 1}.bin", b"\x00" + bytes(p))


def ip_reassembler():
    """Small hand-made fragment trains (scapy builds them; a few bytes of TCP payload each), one per path."""
    from scapy.all import IPv6ExtHdrFragment, IPv6ExtHdrHopByHop

    def record(packet, later=False):
        raw = bytes(packet)
        return bytes([1 if later else 0]) + struct.pack(">H", len(raw)) + raw

    segment = bytes(TCP(sport=50000, dport=443, flags="PA") / Raw(b"\x16\x03\x01" + bytes(range(29))))  # 52 bytes

    def v4(begin, end, more, ident=7, data=None, src="192.0.2.15"):
        return IP(src=src, dst="198.51.100.20", id=ident, proto=6, flags="MF" if more else 0,
                  frag=begin // 8) / Raw(data if data is not None else segment[begin:end])

    def v6(begin, end, more, ident=0x1234, data=None):
        return (IPv6(src="2001:db8::15", dst="2001:db8::20") / IPv6ExtHdrHopByHop() /
                IPv6ExtHdrFragment(nh=6, offset=begin // 8, m=int(more), id=ident) /
                Raw(data if data is not None else segment[begin:end]))

    cases = {
        "ipv4-in-order.bin": (0, [v4(0, 24, True), v4(24, 52, False)]),
        "ipv4-reverse-tiny-first.bin": (0, [v4(8, 52, False), v4(0, 8, True)]),
        "ipv4-overlap-disagree.bin": (0, [v4(0, 24, True), v4(16, 24, True, data=b"X" * 8), v4(24, 52, False)]),
        "ipv6-hop-by-hop-in-order.bin": (0, [v6(0, 24, True), v6(24, 52, False)]),
        "ipv6-overlap.bin": (0, [v6(0, 24, True), v6(16, 32, True), v6(32, 52, False)]),
        "timeout.bin": (0, [v4(0, 24, True), (v4(24, 52, False), True)]),
        "evict-and-share.bin": (0x05, [v4(0, 24, True, 1), v4(0, 24, True, 2), v4(0, 24, True, 3, src="192.0.2.16"),
                                       v4(24, 52, False, 3, src="192.0.2.16")]),
        "too-many-fragments.bin": (0x10, [v4(0, 8, True), v4(8, 16, True), v4(16, 24, True), v4(24, 52, False)]),
        "too-large.bin": (0x40, [v4(0, 24, True), v4(208, 216, False, data=b"\0" * 8)]),
    }
    for name, (limits, packets_) in cases.items():
        data = bytes([limits])
        for item in packets_:
            packet, later = item if isinstance(item, tuple) else (item, False)
            data += record(packet, later)
        seed("ip_reassembler", name, data)


def tls():
    cases = {
        "curl-facebook-www": "tls/facebook-www.pcap",
        "chromium-pq-mlkem-ech-grease-facebook": "tls/large-client-hello-pq.pcap",
        "ech-grease-facebook": "tls/ech-grease-facebook.pcap",
        "no-sni": "tls/tls-no-sni.pcap",
        "upper-case-trailing-dot-sni": "tls/upper-case-trailing-dot-sni.pcap",
    }
    for name, rel in cases.items():
        _, _, stream = client_stream(packets(PCAPS / rel), 443)
        seed("tls_client_hello", f"{name}.bin", client_hello_body(stream))
    seed("tls_client_hello", "rfc9001-quic-example-com.bin", client_hello_body(
        b"\x16\x03\x01" + struct.pack("!H", 241 + 4) + rfc9001("kClientCryptoFrame")[4:]))

    # The stream target: the client's bytes as the capture cut them, with its real ISN.
    shaped = {
        "chromium-clienthello-two-segments.bin": "tls/large-client-hello-pq.pcap",
        "clienthello-split-mid-sni.bin": "tls/client-hello-split-mid-sni.pcap",
        "clienthello-two-records.bin": "tls/client-hello-two-records.pcap",
        "curl-facebook-one-segment.bin": "tls/facebook-www.pcap",
    }
    for name, rel in shaped.items():
        pieces, isn, stream = client_stream(packets(PCAPS / rel), 443)
        cuts = sorted({off for off, _ in pieces if 0 < off < len(stream)})[:16]
        seed("tls_stream", name, stream_seed(stream, cuts, isn))
    pieces, isn, stream = client_stream(packets(PCAPS / "tls/client-hello-out-of-order.pcap"), 443)
    cuts = sorted({off for off, _ in pieces if 0 < off < len(stream)})[:16]
    seed("tls_stream", "clienthello-out-of-order.bin", stream_seed(stream, cuts, isn, order=7))
    pieces, isn, stream = client_stream(packets(PCAPS / "tls/client-hello-1-byte-segments.pcap"), 443)
    sni = stream.find(b"www.")
    seed("tls_stream", "clienthello-1-byte-segments-around-sni.bin",
         stream_seed(stream, list(range(sni, sni + 16)), isn))
    seed("tls_stream", "clienthello-mid-stream-no-syn-isn-wraps.bin",
         stream_seed(stream, [len(stream) // 2], 0xFFFFFF00, syn=False))
    seed("tls_stream", "clienthello-retransmission-rewrites-first-piece.bin",
         stream_seed(stream, [sni + 3], isn, invert_first=True))


def quic():
    rfc = rfc9001("kProtectedClientInitial")
    seed("quic_initial", "quic-v1-rfc9001-initial.bin", framed([rfc], 0))
    crypto = rfc9001("kClientCryptoFrame")
    seed("quic_initial", "sealed-v1-rfc9001-crypto-frame.bin", framed([crypto + b"\x00" * 900], 1))
    # The ClientHello in two CRYPTO frames, second half first, among PING and PADDING (as Chromium sends).
    hello = crypto[4:]  # type 06, offset 00, length 40f1 -> the handshake message
    half = len(hello) // 2

    def frame(offset, data):
        return b"\x06" + bytes([0x40 | (offset >> 8), offset & 0xFF]) + bytes([0x40 | (len(data) >> 8), len(data) & 0xFF]) + data
    for version, mode in (("v1", 1), ("v2", 3), ("draft29", 5)):
        seed("quic_initial", f"sealed-{version}-clienthello-two-initials-reversed.bin",
             framed([b"\x01" + frame(half, hello[half:]) + b"\x00" * 40, b"\x01\x01" + frame(0, hello[:half])], mode))
    seed("quic_initial", "sealed-v1-ack-and-connection-close.bin",
         framed([b"\x02\x00\x00\x00\x00" + b"\x1c\x00\x00\x00" + frame(0, hello[:64])], 1))
    seed("quic_initial", "version-negotiation.bin", framed([b"\xc0\x00\x00\x00\x00\x08" + b"\x11" * 8 + b"\x00" + b"\x00" * 16], 0))
    ndpi = {  # the client's first datagrams (server port 443 or 4443)
        "quic-draft29-ndpi.bin": ("quic-29.pcap", 443, 1),
        "quic-v2-ndpi.bin": ("quic-v2.pcapng", 4443, 1),
        "clienthello-in-two-initials-ndpi.bin": ("quic_frags_ch_in_multiple_packets.pcapng", 4443, 2),
    }
    for name, (file, port, count) in ndpi.items():
        if (NDPI / file).exists():
            seed("quic_initial", name, framed(udp_payloads(packets(NDPI / file), port)[:count], 0))


def dns():
    for rel, stem in (("dns/dig-facebook-a.pcap", "dig-facebook-a"), ("dns/dig-instagram-aaaa.pcap", "dig-instagram-aaaa")):
        pkts = packets(PCAPS / rel)
        seed("dns_message", f"{stem}-query.bin", udp_payloads(pkts, 53)[0])
        seed("dns_message", f"{stem}-answer.bin", udp_answers(pkts, 53)[0])
    _, _, stream = client_stream(packets(PCAPS / "dns/dig-tcp-x-com.pcap"), 53)
    seed("dns_message", "dig-tcp-x-com-query.bin", stream[2:])
    answer = [tcp_payload(p) for p in packets(PCAPS / "dns/dig-tcp-x-com.pcap") if TCP in p and p[TCP].sport == 53 and tcp_payload(p)]
    if answer:
        seed("dns_message", "dig-tcp-x-com-answer.bin", answer[0][2:])
    header = struct.pack("!HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0)
    seed("dns_message", "compression-loop.bin", header + b"\xc0\x0c" + b"\x00\x01\x00\x01")
    seed("dns_message", "name-longer-than-255.bin", header + (b"\x3f" + b"a" * 63) * 5 + b"\x00\x00\x01\x00\x01")
    seed("dns_message", "control-bytes-and-quote-in-label.bin", header + b"\x07ev\"\n\x00\\l\x03com\x00\x00\x01\x00\x01")


def http():
    for rel, name in (("http/host-header-facebook.pcap", "host-header-facebook.bin"),
                      ("http/connect-proxy-x-com.pcap", "connect-proxy-x-com.bin"),
                      ("http/absolute-uri-proxy-instagram.pcap", "absolute-uri-proxy-instagram.bin")):
        pkts = packets(PCAPS / rel)
        dport = next(p[TCP].dport for p in pkts if TCP in p and p[TCP].flags.S and not p[TCP].flags.A)
        _, _, stream = client_stream(pkts, dport)
        seed("http_request", name, b"\x00" + stream)
    _, _, stream = client_stream(packets(PCAPS / "http/host-header-facebook.pcap"), 80)
    host = stream.find(b"Host:")
    seed("http_request", "host-header-facebook-split-in-host-line.bin",
         b"\x03" + weights_for([host + 2, host + 9, host + 12], len(stream)) + stream)


def policies():
    for path in sorted((ROOT / "config/examples").glob("*.yaml")):
        target = "exemptions_loader" if path.name.endswith("-exemptions.yaml") else "policy_loader"
        seed(target, path.name, path.read_bytes())
    seed("policy_loader", "golden-bad-policy-example.yaml", (ROOT / "tests/golden/bad-policy-example.yaml").read_bytes())


def captures():
    for rel in ("tls/facebook-www.pcap", "tls/client-hello-out-of-order.pcap", "dns/dig-facebook-a.pcap",
                "dns/dig-tcp-x-com.pcap", "http/connect-proxy-x-com.pcap", "link/pcapng-instagram.pcapng",
                "link/sll-v2-facebook.pcap", "link/ipv4-fragments.pcap", "ip/ipv6-tls-x-com.pcap",
                "bad/truncated-file.pcap", "bad/corrupt-header.pcap", "bad/malformed-packets.pcap", "bad/empty.pcap"):
        seed("pcap_file", rel.replace("/", "-"), (PCAPS / rel).read_bytes())


def socks():
    if not (ROOT / "fuzz/socks_request_fuzz.cc").exists():
        return
    # As curl --socks5-hostname / --socks4a / --socks5 --proxy-user send them (RFC 1928, RFC 1929).
    seed("socks_request", "socks5-connect-name-www-facebook-com.bin",
         b"\x05\x01\x00" + b"\x05\x01\x00\x03\x10www.facebook.com\x01\xbb")
    seed("socks_request", "socks5-user-password-then-connect-ipv6.bin",
         b"\x05\x02\x00\x02" + b"\x01\x05pupil\x06secret" + b"\x05\x01\x00\x04" + bytes(15) + b"\x01\x01\xbb")
    seed("socks_request", "socks4a-connect-name-x-com.bin", b"\x04\x01\x01\xbb\x00\x00\x00\x01pupil\x00x.com\x00")
    seed("socks_request", "socks4-connect-ipv4.bin", b"\x04\x01\x01\xbb\xcb\x00\x71\x0apupil\x00")
    if not (NDPI / "socks.pcap").exists():
        return
    pkts = packets(NDPI / "socks.pcap")
    syns = [p for p in pkts if TCP in p and p[TCP].flags.S and not p[TCP].flags.A]
    for i, syn in enumerate(syns[:3]):
        sport = syn[TCP].sport
        data = b"".join(tcp_payload(p) for p in pkts if TCP in p and p[TCP].sport == sport)
        if data:
            seed("socks_request", f"ndpi-socks-client-{i + 1}.bin", data)



# ------------------------------------------------------------------ identity: RADIUS and lease files
def radius_request(identifier, status, user, addresses, calling_station, secret, extra=b""):
    """An RFC 2866 Accounting-Request with its Request Authenticator, as a Wi-Fi controller sends it."""
    import hashlib
    import ipaddress
    attrs = bytes([40, 6]) + status.to_bytes(4, "big")
    if user:
        attrs += bytes([1, len(user) + 2]) + user.encode()
    for address in addresses:
        packed = ipaddress.ip_address(address).packed
        attrs += bytes([8 if len(packed) == 4 else 168, len(packed) + 2]) + packed
    if calling_station:
        attrs += bytes([31, len(calling_station) + 2]) + calling_station.encode()
    attrs += extra
    header = bytes([4, identifier]) + (20 + len(attrs)).to_bytes(2, "big")
    authenticator = hashlib.md5(header + bytes(16) + attrs + secret).digest()
    return header + authenticator + attrs


def identity():
    secret = b"testing123"
    seed("radius_packet", "start-jo-ipv4-ipv6-mac", radius_request(1, 1, "jo.bloggs", ["10.20.0.50", "2001:db8::50"], "02-00-5E-14-00-32", secret))
    seed("radius_packet", "interim-update-realm-user", radius_request(2, 3, "ms.khan@school.example", ["10.30.0.60"], "", secret))
    seed("radius_packet", "stop-jo", radius_request(3, 2, "jo.bloggs", ["10.20.0.50"], "02:00:5e:14:00:32", secret))
    # Acct-Session-Id (44) and NAS-IP-Address (4), attributes read past, and Accounting-On (7).
    seed("radius_packet", "accounting-on-with-other-attributes",
         radius_request(4, 7, "", [], "", secret, bytes([44, 10]) + b"8000001A" + bytes([4, 6, 192, 0, 2, 10])))
    seed("radius_packet", "truncated-attribute", radius_request(5, 1, "jo", [], "", secret)[:-1])
    golden = ROOT / "tests" / "golden" / "identity"
    seed("dnsmasq_leases", "golden-dnsmasq", (golden / "dnsmasq.leases").read_bytes())
    seed("dnsmasq_leases", "ipv6-with-duid",
         b"duid 00:01:00:01:2c:5e:9a:11:02:00:5e:10:00:01\n1796626800 1234 2001:db8::50 pupil-laptop 00:01:00:01:aa\n")
    seed("kea_leases", "golden-kea-lease4", (golden / "kea-leases4.csv").read_bytes())
    seed("kea_leases", "lease6-header",
         b"address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,"
         b"hostname,hwaddr,state,user_context\n"
         b"2001:db8::50,00:01:00:01,3600,1796626800,1,1800,0,1,128,0,0,pupil-laptop,02:00:5e:14:00:32,0,\n")
    seed("isc_leases", "golden-dhcpd", (golden / "dhcpd.leases").read_bytes())
    seed("isc_leases", "epoch-never-and-failover",
         b'failover peer "p" state {\n my state normal at 1 2026/12/07 05:00:00;\n}\n'
         b"lease 10.20.0.51 {\n  starts epoch 1796619600;\n  ends never;\n  binding state active;\n}\n")


def main():
    generated = ["packet_decoder", "tls_client_hello", "tls_stream", "quic_initial", "dns_message", "http_request",
                 "pcap_file", "socks_request", "ip_reassembler", "radius_packet", "dnsmasq_leases", "kea_leases",
                 "isc_leases"]
    for target in generated:  # generated seeds are rewritten; regression-* seeds (crashes found) are kept
        for old in (CORPUS / target).glob("*"):
            if not old.name.startswith("regression-"):
                old.unlink()
    packet_decoder()
    ip_reassembler()
    tls()
    quic()
    dns()
    http()
    policies()
    captures()
    socks()
    identity()
    for target, name, size in written:
        print(f"{size:7d}  {target}/{name}")
    print(f"{sum(size for _, _, size in written)} bytes in {len(written)} seeds")


if __name__ == "__main__":
    sys.exit(main())
