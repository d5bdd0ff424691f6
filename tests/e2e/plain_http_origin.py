"""A plain-HTTP origin on ADDRESS:80 (IPv4 or IPv6) for the conversation tests: answers every request with 200 and a small
body, keeps connections alive (HTTP/1.1), and appends each request's Host header to LOG as it arrives, so the
test can tell which requests the server really received. Like nginx and Apache it skips empty lines before a
request line (RFC 9112 2.2), and it answers CONNECT as an HTTP proxy would (logged as "CONNECT target", then
200 and the connection closed: no tunnel is needed to tell that the request arrived)."""
import http.server
import socket
import sys

address, log = sys.argv[1], sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        with open(log, "a") as out:
            out.write(self.headers.get("Host", "") + "\n")
        body = f"hello from {self.headers.get('Host', '')}\n".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_CONNECT(self):
        with open(log, "a") as out:
            out.write("CONNECT " + self.path + "\n")
        self.send_response(200, "Connection established")
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.close_connection = True

    def parse_request(self):
        while self.raw_requestline in (b"\r\n", b"\n"):
            self.raw_requestline = self.rfile.readline(65537)
        return super().parse_request()

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    address_family = socket.AF_INET6 if ":" in address else socket.AF_INET


Server((address, 80), Handler).serve_forever()
