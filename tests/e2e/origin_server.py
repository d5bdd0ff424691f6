"""The 'internet' side of the e2e tests: HTTPS for every test name on ADDRESS:443 (one certificate), a
DoH-looking endpoint, a slow endpoint that keeps a connection open, and a UDP sink on 443 (QUIC) and 51820
(WireGuard).

usage: origin_server.py ADDRESS CERT KEY [UDP_LOG]
ADDRESS may be IPv6. With UDP_LOG, the sink appends a line per datagram it receives ("SRC_IP SRC_PORT DST_PORT
LENGTH FIRST_BYTE_HEX DCID_HEX", the last a QUIC long header's connection id or '-'), so a test can tell what the server really received."""
import http.server
import socket
import ssl
import sys
import threading
import time

address, cert, key = sys.argv[1], sys.argv[2], sys.argv[3]
udp_log = sys.argv[4] if len(sys.argv) > 4 else None
family = socket.AF_INET6 if ":" in address else socket.AF_INET


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path.startswith("/bytes/"):
            size = int(self.path.split("/")[2])
            self.send_response(200)
            self.send_header("Content-Length", str(size))
            self.end_headers()
            chunk = b"x" * 65536
            while size > 0:
                self.wfile.write(chunk[:min(size, 65536)])
                size -= 65536
            return
        if self.path.startswith("/drip/"):  # one byte every 100 ms: a connection that stays open
            count = int(self.path.split("/")[2])
            self.send_response(200)
            self.send_header("Content-Length", str(count))
            self.end_headers()
            for _ in range(count):
                self.wfile.write(b".")
                self.wfile.flush()
                time.sleep(0.1)
            return
        body = f"hello from {self.headers.get('Host', '').split(':')[0]}\n".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args):
        pass


context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)


class Server(http.server.ThreadingHTTPServer):
    address_family = family
    daemon_threads = True
    allow_reuse_address = True

    def finish_request(self, request, client_address):
        # The handshake runs in the connection's own thread: a blocked ClientHello never stalls the others.
        request.settimeout(10)
        try:
            tls = context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        self.RequestHandlerClass(tls, client_address, self)


def long_header_dcid(data):
    """A QUIC long header's destination connection id in hex (which Initial this is), else '-'."""
    if len(data) < 6 or not data[0] & 0x80 or len(data) < 6 + data[5]:
        return "-"
    return data[6:6 + data[5]].hex() or "-"


def udp_sink(port):
    sink = socket.socket(family, socket.SOCK_DGRAM)
    sink.bind((address, port))
    while True:
        data, peer = sink.recvfrom(65535)
        if udp_log:
            with open(udp_log, "a") as out:
                out.write(f"{peer[0]} {peer[1]} {port} {len(data)} {data[:1].hex()} {long_header_dcid(data)}\n")


for udp_port in (443, 51820):
    threading.Thread(target=udp_sink, args=(udp_port,), daemon=True).start()
Server((address, 443), Handler).serve_forever()
