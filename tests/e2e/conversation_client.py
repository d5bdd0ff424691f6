#!/usr/bin/env python3
"""A pupil's long conversations, in the pupil's namespace: several DNS queries on one socket, and several
HTTP/1.1 requests on one keep-alive connection. Says what came back, which is all that matters.

usage: conversation_client.py dns-udp RESOLVER NAME...     one UDP socket, the queries in turn (NAME*N: N times)
       conversation_client.py dns-tcp RESOLVER NAME...     one TCP connection; if it is cut, the names
                                                           after the cut are asked again on a new one
       conversation_client.py http-keepalive SERVER HOST...  one connection, a request per host in turn
       conversation_client.py http-pipelined SERVER HOST...  one connection, every request in one write
       conversation_client.py dns-burst RESOLVER NAME...   one UDP socket, every query sent (20 ms apart) without
                                                           waiting, then the answers gathered for 1.5 s
       conversation_client.py http-crlf SERVER HOST          one request after two empty lines (CRLF CRLF GET)
       conversation_client.py connect-crlf SERVER HOST       CRLF CRLF, then CONNECT HOST:443 to an HTTP proxy
Prints one JSON line. dns-burst: {"sent", "answered", "sport"}. DNS: {"answers": {name: rcode or null}, "cut": bool, "retried": {name: rcode or null}}.
HTTP: {"responses": {host: status or null}, "cut": bool, "sport": client port}. Exit 0 whatever the outcome.
"""
import json
import socket
import struct
import sys

WAIT = 1.5  # seconds to wait for each answer: the resolver and the origin answer in milliseconds


def dns_query(name, query_id):
    question = b"".join(bytes([len(label)]) + label.encode() for label in name.split(".")) + b"\0"
    return struct.pack("!HHHHHH", query_id, 0x0100, 1, 0, 0, 0) + question + struct.pack("!HH", 1, 1)


def rcode_if_answer(message, query_id):
    if len(message) < 12:
        return None
    got_id, flags = struct.unpack("!HH", message[:4])
    return flags & 0x0F if got_id == query_id and flags & 0x8000 else None


def dns_udp(resolver, names):
    answers = {}
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(WAIT)
    sock.connect((resolver, 53))  # one socket, one source port: one 5-tuple for every query
    for index, name in enumerate(names):
        query_id = (0x100 + index) & 0xFFFF
        sock.send(dns_query(name, query_id))
        try:
            answer = rcode_if_answer(sock.recv(4096), query_id)
        except socket.timeout:
            answer = None
        answers[name] = answer if answers.get(name, answer) == answer else "mixed"  # a repeated name: all alike?
    return {"answers": answers, "cut": False, "retried": {}}


def dns_burst(resolver, names):
    """A single-socket tunnel's shape (iodine, dnscat2): many queries, no waiting for each answer."""
    import time
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.connect((resolver, 53))
    for index, name in enumerate(names):
        sock.send(dns_query(name, (0x400 + index) & 0xFFFF))
        time.sleep(0.02)
    answered, deadline = set(), time.monotonic() + WAIT
    sock.settimeout(0.1)
    while time.monotonic() < deadline:
        try:
            message = sock.recv(4096)
        except socket.timeout:
            continue
        if len(message) >= 12 and message[2] & 0x80:
            answered.add(struct.unpack("!H", message[:2])[0])
    return {"sent": len(names), "answered": len(answered), "sport": sock.getsockname()[1]}


def read_framed(sock):
    head = b""
    while len(head) < 2:
        chunk = sock.recv(2 - len(head))
        if not chunk:
            raise ConnectionError("closed")
        head += chunk
    (length,) = struct.unpack("!H", head)
    body = b""
    while len(body) < length:
        chunk = sock.recv(length - len(body))
        if not chunk:
            raise ConnectionError("closed")
        body += chunk
    return body


def ask_tcp(sock, name, query_id):
    query = dns_query(name, query_id)
    sock.sendall(struct.pack("!H", len(query)) + query)
    return rcode_if_answer(read_framed(sock), query_id)


def dns_tcp(resolver, names):
    answers, retried, cut_at = {}, {}, None
    sock = socket.create_connection((resolver, 53), timeout=WAIT)
    for index, name in enumerate(names):
        try:
            answers[name] = ask_tcp(sock, name, (0x200 + index) & 0xFFFF)
        except (OSError, ConnectionError):
            answers[name], cut_at = None, index
            break
    sock.close()
    if cut_at is not None:  # a stub resolver opens a new connection and asks the rest there
        for index, name in enumerate(names[cut_at + 1:]):
            try:
                with socket.create_connection((resolver, 53), timeout=WAIT) as again:
                    retried[name] = ask_tcp(again, name, 0x300 + index)
            except (OSError, ConnectionError):
                retried[name] = None
    return {"answers": answers, "cut": cut_at is not None, "retried": retried}


def request(host):
    return f"GET /page HTTP/1.1\r\nHost: {host}\r\nUser-Agent: pupil\r\n\r\n".encode()


def crlf_request(mode, host):
    """GoodbyeDPI -k style and zapret --methodeol style: empty lines a server skips, then the request."""
    if mode == "connect-crlf":
        return f"\r\n\r\nCONNECT {host}:443 HTTP/1.1\r\nHost: {host}:443\r\n\r\n".encode()
    return b"\r\n\r\n" + request(host)


def read_response(sock, buffered):
    """One response (status line, headers, Content-Length body); returns (status, rest of the buffer)."""
    data = buffered
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next((int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")), 0)
    while len(rest) < length:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed")
        rest += chunk
    return int(lines[0].split()[1]), rest[length:]


def http(server, hosts, pipelined, mode="http"):
    responses, cut, buffered = {host: None for host in hosts}, False, b""
    sock = socket.create_connection((server, 80), timeout=WAIT)
    sport = sock.getsockname()[1]
    try:
        if pipelined:
            sock.sendall(b"".join(request(host) for host in hosts))
        for host in hosts:
            if mode.endswith("-crlf"):
                sock.sendall(crlf_request(mode, host))
            elif not pipelined:
                sock.sendall(request(host))
            status, buffered = read_response(sock, buffered)
            responses[host] = status if responses[host] in (None, status) else "mixed"
    except (OSError, ConnectionError):
        cut = True
    sock.close()
    return {"responses": responses, "cut": cut, "sport": sport}


def main():
    mode, peer = sys.argv[1], sys.argv[2]
    names = []
    for arg in sys.argv[3:]:  # NAME*N: the same name N times in a row (a long conversation before the rest)
        name, _, count = arg.partition("*")
        names += [name] * int(count or 1)
    if mode == "dns-udp":
        result = dns_udp(peer, names)
    elif mode == "dns-burst":
        result = dns_burst(peer, names)
    elif mode == "dns-tcp":
        result = dns_tcp(peer, names)
    elif mode in ("http-keepalive", "http-pipelined"):
        result = http(peer, names, mode == "http-pipelined")
    elif mode in ("http-crlf", "connect-crlf"):
        result = http(peer, names, False, mode)
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
