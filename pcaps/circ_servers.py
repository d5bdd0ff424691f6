#!/usr/bin/python3
"""Test servers for generate-circumvention.sh, run only inside its server network namespace.

  circ_servers.py https CERT KEY ADDR [ADDR...]   -- TLS on ADDR:443 (each address given), one HTTP/1.1 answer
  circ_servers.py doh CERT KEY ADDR               -- a small DNS-over-HTTPS responder (RFC 8484) on ADDR:443

The HTTPS server is servers.py's, bound to the listed addresses only (so other tools can use port 443 on the
namespace's other addresses). The DoH responder answers POST and GET /dns-query (application/dns-message) with
HTTP/1.1 keep-alive, from the same fixed table as the capture's dnsmasq (nothing is forwarded); names it does
not know get NXDOMAIN. Both handle each connection in its own thread.
"""
import base64
import socket
import ssl
import sys
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import answer  # noqa: E402

TABLE = {   # suffix -> (A, AAAA); the same answers as the dnsmasq of generate-circumvention.sh
    "facebook.com": ("203.0.113.10", "2001:db8:113::10"),
    "instagram.com": ("203.0.113.20", "2001:db8:113::20"),
    "x.com": ("203.0.113.12", "2001:db8:113::12"),
    "bbc.co.uk": ("198.51.100.80", None),
}


def tls_context(cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    ctx.num_tickets = 0
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx


def serve(addr, port, handler):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(64)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=handler, args=(conn,), daemon=True).start()


def dns_answer(query):
    from dnslib import AAAA, QTYPE, RCODE, RR, A, DNSRecord
    q = DNSRecord.parse(query)
    r = q.reply()
    name = str(q.q.qname).rstrip(".").lower()
    hit = next((v for k, v in TABLE.items() if name == k or name.endswith("." + k)), None)
    if hit is None:
        r.header.rcode = RCODE.NXDOMAIN
    elif q.q.qtype == QTYPE.A and hit[0]:
        r.add_answer(RR(q.q.qname, QTYPE.A, rdata=A(hit[0]), ttl=300))
    elif q.q.qtype == QTYPE.AAAA and hit[1]:
        r.add_answer(RR(q.q.qname, QTYPE.AAAA, rdata=AAAA(hit[1]), ttl=300))
    return r.pack()


def doh_session(tls):
    tls.settimeout(5)
    buf = b""
    while True:
        while b"\r\n\r\n" not in buf:
            chunk = tls.recv(4096)
            if not chunk:
                return
            buf += chunk
        head, buf = buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)}
        length = int(headers.get("content-length", "0"))
        while len(buf) < length:
            chunk = tls.recv(4096)
            if not chunk:
                return
            buf += chunk
        body, buf = buf[:length], buf[length:]
        url = urlsplit(target)
        if method == "GET":
            q = parse_qs(url.query).get("dns", [""])[0]
            body = base64.urlsafe_b64decode(q + "=" * (-len(q) % 4))
        try:
            if url.path != "/dns-query":
                raise ValueError("path")
            payload, status = dns_answer(body), b"200 OK"
        except Exception:   # noqa: BLE001 -- any bad request gets a 400
            payload, status = b"", b"400 Bad Request"
        tls.sendall(b"HTTP/1.1 " + status + b"\r\nContent-Type: application/dns-message\r\n"
                    b"Cache-Control: max-age=300\r\nContent-Length: %d\r\n\r\n" % len(payload) + payload)


def main():
    mode, cert, key, addrs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    ctx = tls_context(cert, key)

    def wrap(conn, work):
        try:
            conn.settimeout(5)
            tls = ctx.wrap_socket(conn, server_side=True)
        except (OSError, ssl.SSLError):
            conn.close()
            return
        try:
            work(tls)
        except (OSError, ssl.SSLError, ValueError):
            pass
        finally:
            tls.close()

    if mode == "https":
        work = lambda tls: answer(tls, "tls")  # noqa: E731
    elif mode == "doh":
        work = doh_session
    else:
        sys.exit(__doc__)
    threads = [threading.Thread(target=serve, args=(a, 443, lambda c: wrap(c, work)), daemon=True) for a in addrs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    main()
