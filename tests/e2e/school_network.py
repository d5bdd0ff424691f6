"""A school in network namespaces, for schoolgate's end-to-end tests.

Hosts (all namespaces are made here and deleted at the end; no uplink, no NAT, no default route out):
  pupil   10.20.0.50   on the pupil bridge   (Hillside's pupil-wifi, 10.20.0.0/16)
  staff   10.30.0.60   on the staff bridge   (staff-wifi, 10.30.0.0/16)
  head    10.30.0.10   the headteacher's laptop (a device in the policy)
  office  10.30.0.12   the office PC (exempt for Facebook and X)
  gw      10.20.0.1 / 10.30.0.1 / 198.51.100.1, forwarding, runs schoolgated inline
  rtr     198.51.100.2 / 203.0.113.1: one router hop after the gateway, as every school has (its ISP), so that a
          packet sent with a TTL that only reaches the gateway dies before the server (an evasion tool's decoy)
  inet    203.0.113.10 TLS for facebook.com, www.instagram.com, x.com, www.bbc.co.uk, dns.google;
          a UDP sink on 443 (QUIC); 203.0.113.53 dnsmasq, the school's resolver
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HOSTS = {"pupil": ("10.20.0.50", "pupil"), "staff": ("10.30.0.60", "staff"),
         "head": ("10.30.0.10", "staff"), "office": ("10.30.0.12", "staff")}
SERVER = "203.0.113.10"
RESOLVER = "203.0.113.53"
NAMES = ["facebook.com", "www.facebook.com", "www.instagram.com", "x.com", "www.bbc.co.uk", "dns.google"]
HERE = os.path.dirname(os.path.abspath(__file__))


def sh(*args, check=True, **kw):
    return subprocess.run(list(args), check=check, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def can_run():
    """None when this machine can run the tests, else why not (the caller prints SKIP and the reason)."""
    if os.geteuid() != 0:
        return "needs root (network namespaces, the firewall)"
    for tool in ("ip", "nft", "iptables", "dnsmasq", "curl", "openssl"):
        if not shutil.which(tool):
            return f"{tool} is not installed (tools/setup/install-debian-deps.sh installs it)"
    probe = f"sgprobe{os.getpid()}"
    if sh("ip", "netns", "add", probe, check=False).returncode != 0:
        return "cannot create network namespaces here"
    sh("ip", "netns", "del", probe, check=False)
    return None


class SchoolNetwork:
    def __init__(self):
        self.prefix = f"sge{os.getpid() % 100000}"
        self.scratch = tempfile.mkdtemp(prefix="schoolgate-e2e-")
        os.chmod(self.scratch, 0o755)
        self.processes = []
        self.ns = {name: f"{self.prefix}{name}" for name in list(HOSTS) + ["gw", "rtr", "inet"]}

    # --- building -------------------------------------------------------------------------------
    def __enter__(self):
        try:
            self._build()
        except Exception:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()

    def ip(self, ns, *args):
        return sh("ip", "-n", self.ns[ns], *args)

    def run_in(self, ns, *args, check=False, timeout=30, **kw):
        return subprocess.run(["ip", "netns", "exec", self.ns[ns], *args], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, check=check, timeout=timeout, **kw)

    def start_in(self, ns, *args, log=None, **kw):
        out = open(log, "w") if log else subprocess.DEVNULL
        process = subprocess.Popen(["ip", "netns", "exec", self.ns[ns], *args], stdout=out, stderr=subprocess.STDOUT, **kw)
        self.processes.append(process)
        return process

    def _build(self):
        for ns in self.ns.values():
            sh("ip", "netns", "add", ns)
            sh("ip", "-n", ns, "link", "set", "lo", "up")
        for bridge, address in (("brp", "10.20.0.1/16"), ("brs", "10.30.0.1/16")):
            self.ip("gw", "link", "add", bridge, "type", "bridge")
            self.ip("gw", "addr", "add", address, "dev", bridge)
            self.ip("gw", "link", "set", bridge, "up")
        for index, (host, (address, network)) in enumerate(HOSTS.items()):
            gw_end = f"h{index}"
            sh("ip", "link", "add", "eth0", "netns", self.ns[host], "type", "veth", "peer", "name", gw_end,
               "netns", self.ns["gw"])
            self.ip(host, "addr", "add", address + "/16", "dev", "eth0")
            self.ip(host, "link", "set", "eth0", "up")
            self.ip(host, "route", "add", "default", "via", "10.20.0.1" if network == "pupil" else "10.30.0.1")
            self.ip("gw", "link", "set", gw_end, "master", "brp" if network == "pupil" else "brs")
            self.ip("gw", "link", "set", gw_end, "up")
        sh("ip", "link", "add", "eth0", "netns", self.ns["rtr"], "type", "veth", "peer", "name", "up0", "netns", self.ns["gw"])
        self.ip("gw", "addr", "add", "198.51.100.1/24", "dev", "up0")
        self.ip("gw", "link", "set", "up0", "up")
        self.ip("rtr", "addr", "add", "198.51.100.2/24", "dev", "eth0")
        self.ip("rtr", "link", "set", "eth0", "up")
        sh("ip", "link", "add", "eth0", "netns", self.ns["inet"], "type", "veth", "peer", "name", "eth1", "netns", self.ns["rtr"])
        self.ip("rtr", "addr", "add", "203.0.113.1/24", "dev", "eth1")
        self.ip("rtr", "link", "set", "eth1", "up")
        self.ip("inet", "addr", "add", SERVER + "/24", "dev", "eth0")
        self.ip("inet", "addr", "add", RESOLVER + "/24", "dev", "eth0")
        self.ip("inet", "link", "set", "eth0", "up")
        self.ip("inet", "route", "add", "10.0.0.0/8", "via", "203.0.113.1")
        self.ip("inet", "route", "add", "198.51.100.0/24", "via", "203.0.113.1")
        self.ip("rtr", "route", "add", "10.0.0.0/8", "via", "198.51.100.1")
        self.ip("gw", "route", "add", "203.0.113.0/24", "via", "198.51.100.2")
        self.run_in("gw", "sysctl", "-q", "-w", "net.ipv4.ip_forward=1", check=True)
        self.run_in("rtr", "sysctl", "-q", "-w", "net.ipv4.ip_forward=1", check=True)
        # No offloads on the veths would hide GSO; keep the kernel's defaults (GSO on), as a gateway has.
        self._servers()

    def _servers(self):
        cert, key = os.path.join(self.scratch, "cert.pem"), os.path.join(self.scratch, "key.pem")
        san = ",".join("DNS:" + n for n in NAMES)
        sh("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
           "-subj", "/CN=schoolgate-e2e", "-addext", "subjectAltName=" + san)
        self.start_in("inet", sys.executable, os.path.join(HERE, "origin_server.py"), SERVER, cert, key,
                      log=os.path.join(self.scratch, "origin.log"))
        args = ["dnsmasq", "--keep-in-foreground", "--no-resolv", "--no-hosts", "--bind-interfaces",
                f"--listen-address={RESOLVER}", "--pid-file=", "--user=root", "--log-facility=-"]
        args += [f"--address=/{name}/{SERVER}" for name in NAMES]
        self.start_in("inet", *args, log=os.path.join(self.scratch, "dnsmasq.log"))
        deadline = time.time() + 10
        while time.time() < deadline:
            if self.run_in("inet", "curl", "-sk", "--max-time", "1", "--resolve", f"x.com:443:{SERVER}",
                           "https://x.com/").returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError("the origin server did not start: " + open(os.path.join(self.scratch, "origin.log")).read())

    def close(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
        for ns in self.ns.values():
            subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
        if os.environ.get("SG_E2E_KEEP"):
            print("kept", self.scratch)
        else:
            shutil.rmtree(self.scratch, ignore_errors=True)

    # --- clients ---------------------------------------------------------------------------------
    def fetch(self, host, name, timeout=2.0, extra=()):
        """curl https://NAME/ from HOST; returns (ok, seconds, detail)."""
        started = time.monotonic()
        result = self.run_in(host, "curl", "-sSk", "--max-time", str(timeout), "--resolve", f"{name}:443:{SERVER}",
                             *extra, f"https://{name}/", timeout=timeout + 5)
        elapsed = time.monotonic() - started
        return result.returncode == 0 and f"hello from {name}" in result.stdout, elapsed, (result.stderr or result.stdout).strip()
