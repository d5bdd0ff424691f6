"""schoolgated, inline, on the test school's gateway namespace: its config, firewall rules, process,
stats and events."""
import glob
import json
import os
import pwd
import shutil
import signal
import subprocess
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EXAMPLES = os.path.join(ROOT, "config", "examples")


class GatewayDaemon:
    def __init__(self, network, binaries, fail_closed=(), user="nobody", passive_interface=None):
        self.network = network
        self.schoolgate = os.path.join(binaries, "schoolgate")
        self.schoolgated = os.path.join(binaries, "schoolgated")
        self.dir = os.path.join(network.scratch, "etc")
        os.makedirs(self.dir, exist_ok=True)
        os.chmod(self.dir, 0o755)
        for name in ("hillside.yaml", "hillside-exemptions.yaml", "hillside-timetable.yaml"):
            shutil.copy(os.path.join(EXAMPLES, name), os.path.join(self.dir, name))
            os.chmod(os.path.join(self.dir, name), 0o644)
        self.policy = os.path.join(self.dir, "hillside.yaml")
        self.events_dir = os.path.join(network.scratch, "log")
        os.makedirs(self.events_dir, exist_ok=True)
        if user:
            account = pwd.getpwnam(user)
            os.chown(self.events_dir, account.pw_uid, account.pw_gid)
        os.chmod(self.events_dir, 0o750)
        self.socket = os.path.join(network.scratch, "stats.sock")
        self.config = os.path.join(self.dir, "schoolgated.yaml")
        closed = ", ".join(fail_closed)
        with open(self.config, "w") as out:
            if passive_interface:
                out.write(f"mode: passive\npassive: {{interface: {passive_interface}, tcp_reset: true}}\n")
            else:
                out.write("mode: inline\n")
            out.write(f"""policy: hillside.yaml
user: "{user}"
events: {{directory: {self.events_dir}, retention_days: 30}}
inline: {{first_queue: 0, queues: 1, inspect_packets: 600, fail_closed_networks: [{closed}]}}
stats: {{socket: {self.socket}, metrics_port: 9469}}
""")
        os.chmod(self.config, 0o644)
        self.process = None
        self.log = os.path.join(network.scratch, "schoolgated.log")

    def firewall(self, action):
        result = self.network.run_in("gw", self.schoolgate, "firewall", action, "--config", self.config)
        if result.returncode != 0:
            raise RuntimeError(f"schoolgate firewall {action}: {result.stderr}{result.stdout}")
        return result.stdout

    def start(self, school_time, env=None, extra=()):
        """env: extra environment for the daemon (NOTIFY_SOCKET and WATCHDOG_USEC, as systemd sets them);
        extra: more of its options (test-only ones)."""
        if os.path.exists(self.socket):
            os.unlink(self.socket)
        log = open(self.log, "a")
        self.process = subprocess.Popen(["ip", "netns", "exec", self.network.ns["gw"], self.schoolgated, "--config",
                                         self.config, "--test-only-school-time", school_time, *extra],
                                        stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, **(env or {})))
        self.network.processes.append(self.process)
        deadline = time.time() + 15
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("schoolgated exited: " + open(self.log).read())
            if os.path.exists(self.socket) and " mode, policy" in open(self.log).read():
                return
            time.sleep(0.05)
        raise RuntimeError("schoolgated did not start: " + open(self.log).read())

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=10)
        return self.process.returncode

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=10)

    def crash(self, signum):
        """Ends the daemon with `signum` (SIGKILL, SIGSEGV) as a crash would; returns how it ended."""
        self.process.send_signal(signum)
        self.process.wait(timeout=10)
        return self.process.returncode

    def run_unit_after_stop(self, unit=os.path.join(ROOT, "debian", "schoolgate.schoolgated.service")):
        """Runs what systemd runs once the daemon has ended, crash or not: the unit's ExecStopPost= lines (with
        this test's binaries and config). Returns the commands run."""
        ran = []
        for line in open(unit).read().splitlines():
            if not line.startswith("ExecStopPost="):
                continue
            words = line.split("=", 1)[1].lstrip("-+!@").split()
            words = [self.schoolgate if w == "/usr/bin/schoolgate" else self.config if w.endswith("schoolgated.yaml")
                     else w for w in words]
            self.network.run_in("gw", *words)
            ran.append(" ".join(words))
        return ran

    def bypass_counter(self):
        """The kernel's count of packets that passed uninspected while nobody answered the queue (read from nft
        itself, so it can be read while the daemon is down)."""
        result = self.network.run_in("gw", "nft", "list", "counter", "inet", "schoolgate", "queue_bypassed")
        if result.returncode != 0:
            raise RuntimeError("nft list counter inet schoolgate queue_bypassed: " + result.stderr)
        counted = __import__("re").search(r"\bpackets (\d+) bytes \d+", result.stdout)
        if not counted:
            raise RuntimeError("no count in: " + result.stdout)
        return int(counted.group(1))

    def rules_installed(self):
        """Both halves of the firewall rules are there: the nft table and the iptables queue chain."""
        table = self.network.run_in("gw", "nft", "list", "table", "inet", "schoolgate")
        chain = self.network.run_in("gw", "iptables", "-S", "SCHOOLGATE")
        return table.returncode == 0 and chain.returncode == 0 and "NFQUEUE" in chain.stdout

    def reload(self):
        self.process.send_signal(signal.SIGHUP)

    def stats(self):
        result = subprocess.run([self.schoolgate, "stats", "--socket", self.socket], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, timeout=10)
        if result.returncode != 0:
            raise RuntimeError("schoolgate stats: " + result.stderr)
        return json.loads(result.stdout)

    def wait_for_generation(self, generation, timeout=5):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.stats()["policy"]["generation"] >= generation:
                return True
            time.sleep(0.1)
        return False

    def events(self):
        lines = []
        for path in sorted(glob.glob(os.path.join(self.events_dir, "events-*.jsonl"))):
            with open(path) as f:
                lines += [json.loads(line) for line in f if line.strip()]
        return lines

    def daemon_log(self):
        return open(self.log).read()
