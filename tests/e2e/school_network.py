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
          a UDP sink on 443 (QUIC) and 51820 (WireGuard) that logs what it received (udp_received());
          203.0.113.53 dnsmasq, the school's resolver
On request (a scenario's own): more server addresses on inet (add_server), and IPv6 on the pupil's network,
the gateway, the router and inet (add_ipv6: 2001:db8:20::50 -> 2001:db8:113::10), a dual-stack school.
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
SERVER6 = "2001:db8:113::10"
PUPIL6 = "2001:db8:20::50"
NAMES = ["facebook.com", "www.facebook.com", "www.instagram.com", "x.com", "www.bbc.co.uk", "dns.google"]
HERE = os.path.dirname(os.path.abspath(__file__))


def sh(*args, check=True, **kw):
    return subprocess.run(list(args), check=check, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def bracketed(address):
    return f"[{address}]" if ":" in address else address


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
        self.udp_log = os.path.join(self.scratch, "udp-received.log")
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
        self.add_server(SERVER, wait=False)
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

    def add_server(self, address, wait=True):
        """The origin (HTTPS on 443, the UDP sinks) on ADDRESS of inet too (an IPv4 one is added to its link)."""
        if address != SERVER and ":" not in address:
            self.ip("inet", "addr", "add", address + "/24", "dev", "eth0")
        log = os.path.join(self.scratch, f"origin-{address.replace(':', '_')}.log" if address != SERVER else "origin.log")
        self.start_in("inet", sys.executable, os.path.join(HERE, "origin_server.py"), address,
                      os.path.join(self.scratch, "cert.pem"), os.path.join(self.scratch, "key.pem"), self.udp_log, log=log)
        deadline = time.time() + 10
        while wait and time.time() < deadline:
            if self.run_in("inet", "curl", "-sk", "--max-time", "1", "--resolve", f"x.com:443:{bracketed(address)}",
                           "https://x.com/").returncode == 0:
                return
            time.sleep(0.1)
        if wait:
            raise RuntimeError(f"the origin server on {address} did not start: " + open(log).read())

    def add_ipv6(self):
        """A dual-stack school: the pupil gets PUPIL6 (2001:db8:20::/64 on the pupil bridge), the gateway and the
        router forward IPv6 (2001:db8:51::/64 between them), inet serves on SERVER6. The policy is unchanged."""
        for ns, address, dev in (("pupil", PUPIL6 + "/64", "eth0"), ("gw", "2001:db8:20::1/64", "brp"),
                                 ("gw", "2001:db8:51::1/64", "up0"), ("rtr", "2001:db8:51::2/64", "eth0"),
                                 ("rtr", "2001:db8:113::1/64", "eth1"), ("inet", SERVER6 + "/64", "eth0")):
            self.ip(ns, "addr", "add", address, "dev", dev, "nodad")
        self.ip("pupil", "-6", "route", "add", "default", "via", "2001:db8:20::1")
        self.ip("gw", "-6", "route", "add", "2001:db8:113::/64", "via", "2001:db8:51::2")
        self.ip("rtr", "-6", "route", "add", "2001:db8:20::/64", "via", "2001:db8:51::1")
        self.ip("inet", "-6", "route", "add", "2001:db8:20::/64", "via", "2001:db8:113::1")
        for ns in ("gw", "rtr"):
            self.run_in(ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1", check=True)
        self.add_server(SERVER6)

    def udp_received(self):
        """What the UDP sinks received: a list of (src_ip, src_port, dst_port, length, first_byte, quic_dcid)."""
        if not os.path.exists(self.udp_log):
            return []
        rows = [line.split() for line in open(self.udp_log).read().splitlines() if line.strip()]
        return [(r[0], int(r[1]), int(r[2]), int(r[3]), r[4], r[5]) for r in rows]

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
    def fetch(self, host, name, timeout=2.0, extra=(), server=SERVER):
        """curl https://NAME/ from HOST (to SERVER, or another of inet's addresses); returns (ok, seconds, detail)."""
        started = time.monotonic()
        result = self.run_in(host, "curl", "-sSk", "--max-time", str(timeout), "--resolve", f"{name}:443:{bracketed(server)}",
                             *extra, f"https://{name}/", timeout=timeout + 5)
        elapsed = time.monotonic() - started
        return result.returncode == 0 and f"hello from {name}" in result.stdout, elapsed, (result.stderr or result.stdout).strip()
