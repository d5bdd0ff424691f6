#!/usr/bin/env python3
"""A pupil's evasion tool, crafted with scapy (Debian's python3-scapy) in the pupil's namespace: opens a TCP
connection by hand, shapes it as the DPI-evasion tools do, sends a real TLS ClientHello for NAME, and says
whether the *server* answered it (a ServerHello came back), which is the only thing that matters.

usage: evasion_client.py TECHNIQUE NAME SERVER [PORT]
  TECHNIQUE  plain        the ClientHello as a browser sends it (the harness's control)
             ack-padding  60 empty ACKs and 10 duplicates of the hello's first bytes before the hello
             syn-data     the ClientHello's first 30 bytes in the SYN (TCP Fast Open style, data at ISN+1)
             DECOY        a fake ClientHello for www.bbc.co.uk (or a FIN or RST) the server drops, then the
                          real hello; DECOY is one of DECOYS below (GoodbyeDPI, zapret, ByeDPI options)
             ipfrag2      the ClientHello's segment as two IPv4 fragments, zapret --dpi-desync=ipfrag2 style: cut
                          at 32 bytes of IP payload (the TCP header and 12 bytes of the record, before the name),
                          the second fragment sent first
Prints one JSON line: {"technique", "name", "server_answered", "reset"}. Exit 0 whatever the outcome.
The kernel must not answer for the crafted socket: the caller drops the namespace's outgoing RSTs.
"""
import json
import random
import ssl
import sys

from scapy.all import IP, TCP, Raw, conf, send, sr1, sniff  # noqa: E402

conf.verb = 0
IPFRAG_POS = 32  # zapret's default --dpi-desync-ipfrag-pos-tcp: bytes of IP payload in the first fragment


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


FAKE_NAME = "www.bbc.co.uk"
# Linux's SYN options (MSS, SACK, timestamps, window scale 7): the connection agrees timestamps, so an old
# TSval is dropped by PAWS (zapret's `ts`).
TSVAL = 1_000_000
# Linux's windows too: 64240 in the SYN, 502 << 7 after it. The server accepts an old acknowledgement within
# the largest window the client offered, so a tool's -66000 only works against windows like these.
SYN_WINDOW, WINDOW = 64240, 502


def syn_options():
    return [("MSS", 1460), ("SAckOK", b""), ("Timestamp", (TSVAL, 0)), ("NOP", None), ("WScale", 7)]


def data_options(tsecr, tsval=TSVAL + 10):
    return [("NOP", None), ("NOP", None), ("Timestamp", (tsval, tsecr))]


def md5_option():
    return ("MD5", b"\x00" * 16)  # RFC 2385 kind 19: Linux drops it when no key is configured


def decoys(technique, ip, sport, dport, seq, ack, tsecr, fake):
    """The packets each tool sends before the real hello, none of which the server keeps."""
    tcp = dict(sport=sport, dport=dport, seq=seq, ack=ack, flags="PA", window=WINDOW, options=data_options(tsecr))
    short = IP(dst=ip.dst, ttl=2)  # reaches the gateway (TTL 1 after it), dies at the router after it
    table = {
        "ttl-decoy": [short / TCP(**tcp) / Raw(fake)],                      # GoodbyeDPI --set-ttl, zapret ttl
        "badsum-decoy": [ip / TCP(**tcp, chksum=0xbad0) / Raw(fake)],      # --wrong-chksum, zapret badsum
        "md5-decoy": [ip / TCP(**{**tcp, "options": data_options(tsecr) + [md5_option()]}) / Raw(fake)],
        "noack-decoy": [ip / TCP(**{**tcp, "flags": "P", "ack": 0}) / Raw(fake)],  # zapret datanoack
        "badack-decoy": [ip / TCP(**{**tcp, "ack": (ack - 66000) % 2**32}) / Raw(fake)],  # zapret badack
        "badseq-decoy": [ip / TCP(**{**tcp, "seq": (seq - 10000) % 2**32}) / Raw(fake)],  # zapret badseq
        "ts-decoy": [ip / TCP(**{**tcp, "options": data_options(tsecr, TSVAL - 600000)}) / Raw(fake)],  # zapret ts
        "fin-decoy": [short / TCP(**{**tcp, "flags": "FA"})],                # zapret fake FIN
        "rst-decoy": [short / TCP(**{**tcp, "flags": "R"})],                 # zapret rst
        "rst-badseq-decoy": [ip / TCP(**{**tcp, "flags": "R", "seq": seq + 5})],  # RFC 5961: not acted on
    }
    return table[technique]


DECOYS = ("ttl-decoy", "badsum-decoy", "md5-decoy", "noack-decoy", "badack-decoy", "badseq-decoy", "ts-decoy",
          "fin-decoy", "rst-decoy", "rst-badseq-decoy")


def send_as_two_fragments(packet):
    """packet (checksums as the whole datagram's) as two IPv4 fragments, the second one first."""
    whole = IP(bytes(packet))
    data = bytes(whole.payload)
    ident = random.randint(1, 0xFFFF)
    head = IP(src=whole.src, dst=whole.dst, ttl=whole.ttl, proto=whole.proto, id=ident, flags="MF", frag=0)
    tail = IP(src=whole.src, dst=whole.dst, ttl=whole.ttl, proto=whole.proto, id=ident, frag=IPFRAG_POS // 8)
    send(tail / Raw(data[IPFRAG_POS:]))
    send(head / Raw(data[:IPFRAG_POS]))


def main():
    technique, name, server = sys.argv[1], sys.argv[2], sys.argv[3]
    port = int(sys.argv[4]) if len(sys.argv) > 4 else 443
    hello = client_hello(name)
    sport = random.randint(40000, 60000)
    isn = random.randint(1, 2**31)
    ip = IP(dst=server, ttl=64)
    syn_data = hello[:30] if technique == "syn-data" else b""
    syn = ip / TCP(sport=sport, dport=port, flags="S", seq=isn, window=SYN_WINDOW, options=syn_options())
    if syn_data:
        syn = syn / Raw(syn_data)
    if technique == "before-syn":
        # A fake hello on the 5-tuple before the SYN, with a TTL that dies after the gateway: it used to
        # name the flow and get the connection marked settled before the real one began.
        send(IP(dst=server, ttl=2) / TCP(sport=sport, dport=port, flags="PA", seq=isn + 1, ack=1) / Raw(client_hello(FAKE_NAME)))
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
    tsecr = dict((o[0], o[1]) for o in synack[TCP].options if isinstance(o, tuple)).get("Timestamp", (0, 0))[0]
    if technique == "ack-padding":
        for _ in range(60):
            send(ip / TCP(sport=sport, dport=port, flags="A", seq=seq, ack=ack, window=WINDOW, options=data_options(tsecr)))
        for _ in range(10):
            send(ip / TCP(sport=sport, dport=port, flags="PA", seq=seq, ack=ack, window=WINDOW,
                          options=data_options(tsecr)) / Raw(rest[:20]))
    elif technique in DECOYS:
        send(ip / TCP(sport=sport, dport=port, flags="A", seq=seq, ack=ack, window=WINDOW, options=data_options(tsecr)))
        for decoy in decoys(technique, ip, sport, port, seq, ack, tsecr, client_hello(FAKE_NAME)):
            send(decoy)
    elif technique not in ("plain", "syn-data", "before-syn", "ipfrag2"):
        raise SystemExit(f"unknown technique {technique}")
    else:
        send(ip / TCP(sport=sport, dport=port, flags="A", seq=seq, ack=ack, window=WINDOW, options=data_options(tsecr)))
    replies = []

    def from_server(packet):
        return packet.haslayer(TCP) and packet[IP].src == server and packet[TCP].dport == sport

    # Listen while the hello goes out: a ServerHello (a TLS handshake record) from the server means it read it.
    import threading
    sniffer = threading.Thread(target=lambda: replies.extend(sniff(lfilter=from_server, timeout=3)))
    sniffer.start()
    import time
    time.sleep(0.3)
    hello_segment = ip / TCP(sport=sport, dport=port, flags="PA", seq=seq, ack=ack, window=WINDOW,
                             options=data_options(tsecr, TSVAL + 20)) / Raw(rest)
    if technique == "ipfrag2":
        send_as_two_fragments(hello_segment)
    else:
        send(hello_segment)
    sniffer.join()
    answered = any(p.haslayer(Raw) and bytes(p[Raw].load)[:1] == b"\x16" for p in replies)
    reset = any(p[TCP].flags & 0x04 for p in replies)
    print(json.dumps({"technique": technique, "name": name, "server_answered": answered, "reset": reset,
                      "sport": sport}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
