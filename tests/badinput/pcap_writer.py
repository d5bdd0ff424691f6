"""Writes small pcap files with plain Python (no scapy): Ethernet / IPv4 / TCP or UDP frames with correct
lengths and checksums, whole TCP conversations (handshake, client segments, FIN), and TLS ClientHellos with
any server_name bytes. Used by the bad-input and log-injection tests to build their captures in a temporary
directory, so no large or hostile file is committed."""
import struct

LINKTYPE_ETHERNET = 1


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def ip4(text):
    return bytes(int(part) for part in text.split("."))


def ethernet_ipv4(src, dst, protocol, transport):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(transport), 0x1234, 0x4000, 64, protocol, 0,
                         ip4(src), ip4(dst))
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return b"\x02\x00\x00\x00\x00\x01" + b"\x02\x00\x00\x00\x00\x02" + b"\x08\x00" + header + transport


def tcp_frame(src, sport, dst, dport, seq, ack, flags, payload=b""):
    segment = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, flags, 65535, 0, 0)
    pseudo = ip4(src) + ip4(dst) + struct.pack("!BBH", 0, 6, len(segment) + len(payload))
    segment = segment[:16] + struct.pack("!H", checksum(pseudo + segment + payload)) + segment[18:]
    return ethernet_ipv4(src, dst, 6, segment + payload)


def udp_frame(src, sport, dst, dport, payload):
    datagram = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    pseudo = ip4(src) + ip4(dst) + struct.pack("!BBH", 0, 17, len(datagram))
    datagram = datagram[:6] + struct.pack("!H", checksum(pseudo + datagram) or 0xFFFF) + datagram[8:]
    return ethernet_ipv4(src, dst, 17, datagram)


SYN, FIN, ACK, PSH = 0x02, 0x01, 0x10, 0x08


def tcp_conversation(client, sport, server, dport, client_bytes, mss=1400):
    """Frames of one TCP connection: handshake, the client's bytes in MSS-sized segments (each ACKed),
    then FIN from both sides."""
    cseq, sseq = 1000, 500000
    frames = [tcp_frame(client, sport, server, dport, cseq, 0, SYN),
              tcp_frame(server, dport, client, sport, sseq, cseq + 1, SYN | ACK),
              tcp_frame(client, sport, server, dport, cseq + 1, sseq + 1, ACK)]
    seq = cseq + 1
    for at in range(0, len(client_bytes), mss):
        piece = client_bytes[at:at + mss]
        frames.append(tcp_frame(client, sport, server, dport, seq, sseq + 1, PSH | ACK, piece))
        seq += len(piece)
        frames.append(tcp_frame(server, dport, client, sport, sseq + 1, seq, ACK))
    frames.append(tcp_frame(client, sport, server, dport, seq, sseq + 1, FIN | ACK))
    frames.append(tcp_frame(server, dport, client, sport, sseq + 1, seq + 1, FIN | ACK))
    return frames


def pcap(frames, start=1772619300.0, step=0.001, linktype=LINKTYPE_ETHERNET, snaplen=262144):
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, linktype)]
    for i, frame in enumerate(frames):
        usec = int(round((start + i * step) * 1e6))
        out.append(struct.pack("<IIII", usec // 1000000, usec % 1000000, len(frame), len(frame)) + frame)
    return b"".join(out)


def client_hello(server_name=None, alpn=()):
    """A TLS 1.3-style ClientHello handshake message, split into TLS records of at most 16384 bytes."""
    extensions = b""
    if server_name is not None:
        entry = b"\x00" + struct.pack("!H", len(server_name)) + server_name
        body = struct.pack("!H", len(entry)) + entry
        extensions += struct.pack("!HH", 0, len(body)) + body
    if alpn:
        names = b"".join(bytes([len(p)]) + p for p in alpn)
        body = struct.pack("!H", len(names)) + names
        extensions += struct.pack("!HH", 16, len(body)) + body
    versions = b"\x04\x03\x04\x03\x03"  # supported_versions: TLS 1.3, 1.2
    extensions += struct.pack("!HH", 43, len(versions)) + versions
    hello = (b"\x03\x03" + bytes(range(32)) + b"\x20" + bytes(32) + b"\x00\x04\x13\x01\x13\x02" + b"\x01\x00"
             + struct.pack("!H", len(extensions)) + extensions)
    message = b"\x01" + len(hello).to_bytes(3, "big") + hello
    records = b""
    for at in range(0, len(message), 16384):
        chunk = message[at:at + 16384]
        records += b"\x16\x03\x01" + struct.pack("!H", len(chunk)) + chunk
    return records


def dns_query(labels, qid=0x4242, qtype=1):
    """A DNS query whose question name is the given raw labels (bytes each, no escaping)."""
    name = b"".join(bytes([len(label)]) + label for label in labels) + b"\0"
    return struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0) + name + struct.pack("!HH", qtype, 1)
