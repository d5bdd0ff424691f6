#!/usr/bin/python3
"""Writes hillside-circumvention.pcap: a morning at Hillside when pupils try to get round the filter.

Every flow is built here, byte by byte, from the protocols' published formats (nothing is sent, no tool
runs): the payloads are the opening messages of each protocol as the real clients send them, so the capture
is small, deterministic and needs nothing but Python. The captures made with the real tools are in
pcaps/circumvention/ and the shared third-party set; this one exists to show the demo and the report.

Who and what (school time is chosen at replay, e.g. --school-time 2026-03-04T10:15:00, period 2):
  pupil 10.20.0.50   tries www.facebook.com six times in three minutes (blocked; the fifth raises an alert),
                     then OpenVPN over UDP to 198.51.100.7:1194 (blocked),
                     a SOCKS5 proxy asking for www.instagram.com (blocked as instagram, proxy noted),
                     DNS over HTTPS to dns.google (blocked), DNS to 198.51.100.53 instead of the school's
                     resolver (blocked) and Tor (a relay handshake: blocked)
  staff 10.30.0.60   WireGuard to 198.51.100.9:51820 (logged, not blocked)
  pupil 10.20.0.51   an ordinary visit to www.bbc.co.uk (allowed, no event)

Run: /usr/bin/python3 pcaps/demo/hillside-circumvention.pcap.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "hillside-circumvention.pcap")
START = 1_772_619_300  # 2026-03-04T10:15:00Z; replay moves it anyway


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def ip4(text):
    return bytes(int(x) for x in text.split("."))


def mac_for(address):
    return b"\x02\x00" + ip4(address)


def frame(src, dst, protocol, transport):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(transport), 0, 0x4000, 64, protocol, 0, ip4(src), ip4(dst))
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return mac_for(dst) + mac_for(src) + b"\x08\x00" + header + transport


def pseudo(src, dst, protocol, length):
    return ip4(src) + ip4(dst) + struct.pack("!BBH", 0, protocol, length)


def tcp(src, sport, dst, dport, seq, ack, flags, payload=b""):
    header = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 64240, 0, 0)
    segment = header + payload
    value = checksum(pseudo(src, dst, 6, len(segment)) + segment)
    return frame(src, dst, 6, segment[:16] + struct.pack("!H", value) + segment[18:])


def udp(src, sport, dst, dport, payload):
    datagram = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    value = checksum(pseudo(src, dst, 17, len(datagram)) + datagram) or 0xFFFF
    return frame(src, dst, 17, datagram[:6] + struct.pack("!H", value) + datagram[8:])


SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01


class Capture:
    def __init__(self):
        self.packets = []

    def add(self, at, data):
        self.packets.append((at, data))

    def tcp_exchange(self, at, client, cport, server, sport, client_bytes, server_bytes=b""):
        """Handshake, the client's bytes, the server's answer, then a FIN from each side."""
        c, s = 1000, 500000
        self.add(at, tcp(client, cport, server, sport, c, 0, SYN))
        self.add(at + 0.010, tcp(server, sport, client, cport, s, c + 1, SYN | ACK))
        self.add(at + 0.011, tcp(client, cport, server, sport, c + 1, s + 1, ACK))
        self.add(at + 0.012, tcp(client, cport, server, sport, c + 1, s + 1, PSH | ACK, client_bytes))
        c += 1 + len(client_bytes)
        if server_bytes:
            self.add(at + 0.030, tcp(server, sport, client, cport, s + 1, c, PSH | ACK, server_bytes))
        s += 1 + len(server_bytes)
        self.add(at + 0.040, tcp(client, cport, server, sport, c, s, FIN | ACK))
        self.add(at + 0.050, tcp(server, sport, client, cport, s, c + 1, FIN | ACK))

    def write(self, path):
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
            for at, data in sorted(self.packets, key=lambda p: p[0]):
                seconds = int(at)
                micros = int(round((at - seconds) * 1_000_000))
                f.write(struct.pack("<IIII", seconds, micros, len(data), len(data)) + data)


def u16(value):
    return struct.pack("!H", value)


def client_hello(server_name, alpn=(b"h2", b"http/1.1")):
    """A TLS 1.3 ClientHello (RFC 8446 §4.1.2) with SNI, supported_versions, key_share and ALPN."""
    name = server_name.encode()
    sni = u16(0) + u16(len(name) + 5) + u16(len(name) + 3) + b"\0" + u16(len(name)) + name
    versions = u16(0x2B) + u16(3) + b"\x02\x03\x04"
    groups = u16(0x0A) + u16(4) + u16(2) + u16(0x1D)
    key_share = u16(0x33) + u16(38) + u16(36) + u16(0x1D) + u16(32) + bytes(range(32))
    signatures = u16(0x0D) + u16(4) + u16(2) + u16(0x0804)
    extensions = sni + versions + groups + key_share + signatures
    if alpn:
        names = b"".join(bytes([len(a)]) + a for a in alpn)
        extensions += u16(0x10) + u16(len(names) + 2) + u16(len(names)) + names
    body = b"\x03\x03" + bytes(range(100, 132)) + b"\x20" + bytes(range(32)) + u16(6) + u16(0x1301) + u16(0x1302) \
        + u16(0x1303) + b"\x01\x00" + u16(len(extensions)) + extensions
    handshake = b"\x01" + struct.pack("!I", len(body))[1:] + body
    return b"\x16\x03\x01" + u16(len(handshake)) + handshake


def dns_query(name, query_id, qtype=1):
    labels = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    return struct.pack("!HHHHHH", query_id, 0x0100, 1, 0, 0, 0) + labels + struct.pack("!HH", qtype, 1)


def dns_answer(name, query_id, address):
    question = dns_query(name, query_id)[12:]
    answer = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 300, 4) + ip4(address)
    return struct.pack("!HHHHHH", query_id, 0x8180, 1, 1, 0, 0) + question + answer


def openvpn_reset(opcode, session):
    # opcode/key id, session id, empty ack array, packet id 0 (OpenVPN ssl_pkt.h, no tls-auth).
    return bytes([opcode << 3]) + session + b"\0" + struct.pack("!I", 0)


def main():
    cap = Capture()
    t = float(START)
    pupil, pupil2, staff = "10.20.0.50", "10.20.0.51", "10.30.0.60"
    school_dns = "203.0.113.53"

    # Six tries at Facebook, half a minute apart: each a DNS lookup and a TLS connection.
    for attempt in range(6):
        at = t + attempt * 30
        cap.add(at, udp(pupil, 53000 + attempt, school_dns, 53, dns_query("www.facebook.com", 0x100 + attempt)))
        cap.add(at + 0.005, udp(school_dns, 53, pupil, 53000 + attempt,
                                dns_answer("www.facebook.com", 0x100 + attempt, "203.0.113.10")))
        cap.tcp_exchange(at + 0.02, pupil, 41000 + attempt, "203.0.113.10", 443, client_hello("www.facebook.com"))

    t += 190
    # OpenVPN over UDP: the client's hard reset and the server's answer.
    cap.add(t, udp(pupil, 42001, "198.51.100.7", 1194, openvpn_reset(7, bytes(range(0xA1, 0xA9)))))
    cap.add(t + 0.03, udp("198.51.100.7", 1194, pupil, 42001, openvpn_reset(8, bytes(range(0xB1, 0xB9)))))

    # A SOCKS5 proxy asked for www.instagram.com (RFC 1928): greeting, then the CONNECT request.
    t += 5
    name = b"www.instagram.com"
    socks = b"\x05\x01\x00" + b"\x05\x01\x00\x03" + bytes([len(name)]) + name + u16(443)
    cap.tcp_exchange(t, pupil, 42002, "198.51.100.8", 1080, socks, b"\x05\x00")

    # DNS over HTTPS to dns.google (the TLS hello names the resolver).
    t += 5
    cap.tcp_exchange(t, pupil, 42003, "198.51.100.11", 443, client_hello("dns.google"))

    # Plain DNS to a resolver that is not the school's.
    t += 5
    cap.add(t, udp(pupil, 42004, "198.51.100.53", 53, dns_query("www.x.com", 0x777)))
    cap.add(t + 0.02, udp("198.51.100.53", 53, pupil, 42004, dns_answer("www.x.com", 0x777, "203.0.113.12")))

    # Tor: a relay handshake, with Tor's random www.<base32>.com name and no ALPN.
    t += 5
    cap.tcp_exchange(t, pupil, 42005, "198.51.100.90", 9001, client_hello("www.k3nfq7xw2abq.com", alpn=()))

    # A member of staff's WireGuard: initiation (148 bytes) and response (92 bytes, echoing the index).
    t += 5
    initiation = b"\x01\0\0\0" + b"\x11\x22\x33\x44" + bytes((i * 7) & 0xFF for i in range(140))
    response = b"\x02\0\0\0" + b"\x55\x66\x77\x88" + b"\x11\x22\x33\x44" + bytes((i * 5) & 0xFF for i in range(80))
    cap.add(t, udp(staff, 42006, "198.51.100.9", 51820, initiation))
    cap.add(t + 0.03, udp("198.51.100.9", 51820, staff, 42006, response))

    # An ordinary visit: no event.
    t += 5
    cap.tcp_exchange(t, pupil2, 42007, "198.51.100.80", 443, client_hello("www.bbc.co.uk"))

    cap.write(OUTPUT)
    print(f"{OUTPUT}: {len(cap.packets)} packets")


if __name__ == "__main__":
    main()
