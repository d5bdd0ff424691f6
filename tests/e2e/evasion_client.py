#!/usr/bin/env python3
"""A pupil's evasion tool, crafted with scapy (Debian's python3-scapy) in the pupil's namespace: opens a TCP
connection by hand, shapes it as the DPI-evasion tools do, sends a real TLS ClientHello for NAME, and says
whether the *server* answered it (a ServerHello came back), which is the only thing that matters.

usage: evasion_client.py TECHNIQUE NAME SERVER [PORT]
  TECHNIQUE  plain        the ClientHello as a browser sends it (the harness's control)
             ack-padding  60 empty ACKs and 10 duplicates of the hello's first bytes before the hello
             syn-data     the ClientHello's first 30 bytes in the SYN (TCP Fast Open style, data at ISN+1)
Prints one JSON line: {"technique", "name", "server_answered", "reset"}. Exit 0 whatever the outcome.
The kernel must not answer for the crafted socket: the caller drops the namespace's outgoing RSTs.
"""
import json
import random
import ssl
import sys

from scapy.all import IP, TCP, Raw, conf, send, sr1, sniff  # noqa: E402

conf.verb = 0


def client_hello(name):
    """The ClientHello Python's own TLS stack would send to NAME (real extensions, SNI, ALPN)."""
    context = ssl.create_default_context()
    context.set_alpn_protocols(["h2", "http/1.1"])
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = context.wrap_bio(incoming, outgoing, server_hostname=name)
    try:
        tls.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


def main():
    technique, name, server = sys.argv[1], sys.argv[2], sys.argv[3]
    port = int(sys.argv[4]) if len(sys.argv) > 4 else 443
    hello = client_hello(name)
    sport = random.randint(40000, 60000)
    isn = random.randint(1, 2**31)
    ip = IP(dst=server, ttl=64)
    syn_data = hello[:30] if technique == "syn-data" else b""
    syn = ip / TCP(sport=sport, dport=port, flags="S", seq=isn) / Raw(syn_data) if syn_data else \
        ip / TCP(sport=sport, dport=port, flags="S", seq=isn)
    synack = sr1(syn, timeout=3)
    if synack is None or not synack.haslayer(TCP) or (synack[TCP].flags & 0x12) != 0x12:
        print(json.dumps({"technique": technique, "name": name, "server_answered": False, "reset": False,
                          "error": "no SYN-ACK"}))
        return 0
    # RFC 7413: a server without Fast Open acknowledges only the SYN and the client sends the data again;
    # what the server keeps is what it acknowledged. Either way the hello goes on from what was acked.
    acked = synack[TCP].ack - (isn + 1)
    seq = isn + 1 + acked
    ack = synack[TCP].seq + 1
    rest = hello[acked:]
    if technique == "ack-padding":
        for _ in range(60):
            send(ip / TCP(sport=sport, dport=port, flags="A", seq=seq, ack=ack))
        for _ in range(10):
            send(ip / TCP(sport=sport, dport=port, flags="PA", seq=seq, ack=ack) / Raw(rest[:20]))
    elif technique not in ("plain", "syn-data"):
        raise SystemExit(f"unknown technique {technique}")
    else:
        send(ip / TCP(sport=sport, dport=port, flags="A", seq=seq, ack=ack))
    replies = []

    def from_server(packet):
        return packet.haslayer(TCP) and packet[IP].src == server and packet[TCP].dport == sport

    # Listen while the hello goes out: a ServerHello (a TLS handshake record) from the server means it read it.
    import threading
    sniffer = threading.Thread(target=lambda: replies.extend(sniff(lfilter=from_server, timeout=3)))
    sniffer.start()
    import time
    time.sleep(0.3)
    send(ip / TCP(sport=sport, dport=port, flags="PA", seq=seq, ack=ack) / Raw(rest))
    sniffer.join()
    answered = any(p.haslayer(Raw) and bytes(p[Raw].load)[:1] == b"\x16" for p in replies)
    reset = any(p[TCP].flags & 0x04 for p in replies)
    print(json.dumps({"technique": technique, "name": name, "server_answered": answered, "reset": reset}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
