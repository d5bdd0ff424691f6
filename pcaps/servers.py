#!/usr/bin/python3
"""Tiny test servers used by generate.sh inside the server network namespace only.

  servers.py https CERT KEY   -- TLS on [::]:443 (dual stack), answers one HTTP/1.1 request per connection
  servers.py http             -- plain HTTP on [::]:80, answers "hello from HOST"

Each connection is handled in its own thread (the handshake too), so a stalled client never blocks others.
"""
import socket
import ssl
import sys
import threading


def answer(conn, label):
    conn.settimeout(5)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                return
            data += chunk
        host = b"-"
        for line in data.split(b"\r\n")[1:]:
            if line.lower().startswith(b"host:"):
                host = line.split(b":", 1)[1].strip()
        body = b"hello from " + host + b" (" + label.encode() + b")\n"
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n"
                     b"Connection: close\r\n\r\n" % len(body) + body)
    except (OSError, ssl.SSLError):
        pass


def serve(port, handler):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.bind(("::", port))
    s.listen(64)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=handler, args=(conn,), daemon=True).start()


def main():
    mode = sys.argv[1]
    if mode == "https":
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[2], sys.argv[3])
        ctx.num_tickets = 0  # keep captures small: no session tickets after the handshake

        def handle(conn):
            try:
                conn.settimeout(5)
                tls = ctx.wrap_socket(conn, server_side=True)
            except (OSError, ssl.SSLError):
                conn.close()
                return
            try:
                answer(tls, "tls")
                try:
                    tls.unwrap()
                except (OSError, ssl.SSLError):
                    pass
            finally:
                tls.close()

        serve(443, handle)
    elif mode == "http":
        def handle(conn):
            try:
                answer(conn, "http")
            finally:
                conn.close()

        serve(80, handle)
    else:
        sys.exit("usage: servers.py https CERT KEY | http")


if __name__ == "__main__":
    main()
