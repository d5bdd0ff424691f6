"""A running schoolgate-console for the tests: a scratch copy of the Hillside policy (so exemption changes
never touch the repository), a console.yaml beside it, one account per role, and small HTTP helpers that
keep cookies per client. Loopback only."""

import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
ACCOUNTS = {"head": "headteacher", "esafety": "dsl", "netman": "network-manager", "governor": "governor"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ConsoleUnderTest:
    def __init__(self, bin_dir, tls=False, extra_config=""):
        self.bin_dir = Path(bin_dir)
        self.dir = Path(tempfile.mkdtemp(prefix="sg-console-test-"))
        for name in ("hillside.yaml", "hillside-exemptions.yaml", "hillside-timetable.yaml"):
            shutil.copy(ROOT / "config" / "examples" / name, self.dir / name)
        (self.dir / "events").mkdir()
        self.port = free_port()
        self.tls = tls
        tls_lines = ""
        if tls:
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                            "-keyout", str(self.dir / "console.key"), "-out", str(self.dir / "console.pem")],
                           check=True, capture_output=True)
            tls_lines = "https: {certificate: console.pem, key: console.key}\n"
        self.config = self.dir / "console.yaml"
        self.config.write_text(f"listen: 127.0.0.1:{self.port}\n{tls_lines}policy: hillside.yaml\ndatabase: console.db\n"
                               f"events: {{directory: events, retention_days: 3660}}\nstats_socket: stats.sock\n{extra_config}")
        self.process = None

    def add_accounts(self):
        for name, role in ACCOUNTS.items():
            subprocess.run([str(self.bin_dir / "schoolgate"), "console", "user", "add", name, "--role", role, "--config",
                            str(self.config)], input=PASSWORD + "\n", text=True, check=True, capture_output=True)

    def start(self):
        self.process = subprocess.Popen([str(self.bin_dir / "schoolgate-console"), "--config", str(self.config)],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("schoolgate-console did not start")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)

    def client(self):
        return Client(self)


class Client:
    """One browser: its own cookies."""

    def __init__(self, console):
        self.console = console
        self.cookies = {}
        self.csrf = None

    def request(self, method, path, body=None, headers=None, form=None):
        if self.console.tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            conn = http.client.HTTPSConnection("127.0.0.1", self.console.port, timeout=30, context=context)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.console.port, timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif isinstance(body, (dict, list)):
            body = json.dumps(body)
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                cookie_value = rest.split(";")[0]
                if "Max-Age=0" in value:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = cookie_value
        conn.close()
        return response.status, dict((k.lower(), v) for k, v in response.getheaders()), data

    def login(self, name, password=PASSWORD):
        status, headers, data = self.request("POST", "/api/v1/login", {"username": name, "password": password})
        if status == 200:
            self.csrf = json.loads(data)["csrf"]
        return status, headers, data

    def write(self, path, body=None):
        return self.request("POST", path, body if body is not None else {}, {"X-CSRF-Token": self.csrf or ""})
