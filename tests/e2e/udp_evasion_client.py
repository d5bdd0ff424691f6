#!/usr/bin/env python3
"""A pupil's UDP and IP-protocol evasion, in the client's namespace: what zapret's `fake` for QUIC and
WireGuard, ByeDPI's --udp-fake and SpoofDPI's --udp-fake-count put on the wire before the real datagrams,
and VPN protocols that are neither TCP nor UDP. Says which source port it used; the test asks the server
what it received.

usage: udp_evasion_client.py quic SERVER NAME PRELUDE...  the real QUIC client (ngtcp2's gtlsclient) for
           https://NAME/, through a relay on 127.0.0.1:443 (NAME must resolve there: the caller's /etc/hosts)
           that sends PRELUDE to SERVER:443 first, then every datagram the client sends, all from one socket
       udp_evasion_client.py wireguard SERVER PRELUDE...  PRELUDE, then two WireGuard handshake initiations
           (type 1, 148 bytes, as wg-quick's first packet) to SERVER:51820
       udp_evasion_client.py ip-protocol SERVER esp|gre   four ESP (IPsec, protocol 50) or GRE (PPTP's enhanced
           GRE, protocol 47) packets to SERVER over a raw socket
  PRELUDE  junk          one byte (0x00): an unrecognised first datagram
           fake:NAME     a QUIC v1 Initial whose ClientHello names NAME (its own connection id and keys)
Prints one JSON line {"mode", "sport", "sent"}. Exit 0 whatever the outcome.
"""
import json
import os
import random
import select
import socket
import struct
import subprocess
import sys
import time

QUIC_PORT, WIREGUARD_PORT = 443, 51820
sys.dont_write_bytecode = True


def quic_initial_for(name):
    """A QUIC v1 Initial for NAME, made by the replay captures' generator (RFC 9001 keys, AES-GCM)."""
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(here, "..", "..", "pcaps", "evasion"))
    import make_tcp_evasion as made  # noqa: E402 (scapy's TLS layer and python3-cryptography)
    return made.quic_initial(made.client_hello_message(name, quic=True))


def prelude(items):
    datagrams = []
    for item in items:
        if item == "junk":
            datagrams.append(b"\x00")
        elif item.startswith("fake:"):
            datagrams.append(quic_initial_for(item[5:]))
        else:
            raise SystemExit(f"unknown prelude {item}")
    return datagrams


def quic(server, name, items):
    """gtlsclient -> relay (127.0.0.1:443) -> SERVER:443 from one source port: the prelude, then the client."""
    first = prelude(items)
    listen = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listen.bind(("127.0.0.1", QUIC_PORT))
    upstream = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    upstream.connect((server, QUIC_PORT))
    client = subprocess.Popen(["gtlsclient", "--timeout=2s", "-q", name, str(QUIC_PORT), f"https://{name}/"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sent, primed = 0, False
    while client.poll() is None:
        ready, _, _ = select.select([listen], [], [], 0.1)
        if not ready:
            continue
        data, _ = listen.recvfrom(65535)
        if not primed:
            for datagram in first:
                upstream.send(datagram)
                time.sleep(0.05)
            primed = True
        upstream.send(data)
        sent += 1
    return {"mode": "quic", "sport": upstream.getsockname()[1], "sent": sent}


def wireguard(server, items):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.connect((server, WIREGUARD_PORT))
    for datagram in prelude(items):
        sock.send(datagram)
        time.sleep(0.05)
    for _ in range(2):
        # Type 1, three reserved zero bytes, sender index, then ephemeral, static, timestamp, mac1, mac2.
        sock.send(b"\x01\x00\x00\x00" + struct.pack("<I", random.getrandbits(32)) + os.urandom(140))
        time.sleep(0.2)
    return {"mode": "wireguard", "sport": sock.getsockname()[1], "sent": 2}


def ip_protocol(server, which):
    number = {"esp": 50, "gre": 47}[which]
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, number)
    spi, call_id = random.getrandbits(32) | 0x100, random.getrandbits(16)
    for seq in range(1, 5):
        payload = os.urandom(64)
        if which == "esp":
            packet = struct.pack("!II", spi, seq) + payload  # RFC 4303: SPI, sequence number, encrypted payload
        else:  # RFC 2637 enhanced GRE: key and sequence present, version 1, PPP
            packet = struct.pack("!HHHHI", 0x3001, 0x880B, len(payload), call_id, seq) + payload
        sock.sendto(packet, (server, 0))
        time.sleep(0.05)
    return {"mode": which, "sport": 0, "sent": 4}


def main():
    mode = sys.argv[1]
    if mode == "quic":
        result = quic(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif mode == "wireguard":
        result = wireguard(sys.argv[2], sys.argv[3:])
    elif mode == "ip-protocol":
        result = ip_protocol(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
