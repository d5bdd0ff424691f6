#!/usr/bin/env python3
"""schoolgate end-to-end: real clients through schoolgated inline in network namespaces.

usage: run_e2e.py BIN_DIR SCENARIO      (SCENARIO: one of SCENARIOS below, or 'all')
Exit 0 pass, 1 fail, 77 skip (CTest SKIP_RETURN_CODE), with the reason printed.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gateway_daemon import GatewayDaemon  # noqa: E402
from school_network import SERVER as SERVER_ADDRESS, SchoolNetwork, can_run  # noqa: E402
import identity_e2e  # noqa: E402

LESSON = "2026-03-04T10:15:00"   # Wednesday P2
LUNCH = "2026-03-04T12:40:00"
SOCIAL = ["facebook.com", "www.instagram.com", "x.com"]

failures = []


def check(condition, what):
    print(("ok    " if condition else "FAIL  ") + what)
    if not condition:
        failures.append(what)


def inline_school(network, binaries, school_time=LESSON, **kw):
    daemon = GatewayDaemon(network, binaries, **kw)
    daemon.firewall("install")
    daemon.start(school_time)
    return daemon


def pupil_blocked(network, binaries):
    daemon = inline_school(network, binaries)
    for name in SOCIAL:
        ok, seconds, detail = network.fetch("pupil", name)
        check(not ok and seconds < 2.0, f"pupil cannot reach {name} (failed in {seconds:.2f} s: {detail})")
    ok, seconds, detail = network.fetch("pupil", "www.bbc.co.uk")
    check(ok, f"pupil reaches www.bbc.co.uk ({seconds:.2f} s {detail})")
    check_confined(daemon)
    daemon.stop()


def check_confined(daemon):
    """The running daemon is user nobody, holds CAP_NET_ADMIN alone, and runs under its seccomp filter."""
    children = open(f"/proc/{daemon.process.pid}/task/{daemon.process.pid}/children").read().split()
    pid = children[0] if children else str(daemon.process.pid)  # `ip netns exec` execs, or forks once
    status = dict(line.split(":", 1) for line in open(f"/proc/{pid}/status").read().splitlines() if ":" in line)
    uid = status["Uid"].split()[1]
    cap_net_admin = 1 << 12
    check(uid == str(__import__("pwd").getpwnam("nobody").pw_uid), f"schoolgated runs as nobody (uid {uid})")
    check(int(status["CapEff"], 16) == cap_net_admin, f"only CAP_NET_ADMIN is effective ({status['CapEff'].strip()})")
    check(int(status["CapBnd"], 16) == 0, "the bounding set is empty")
    check(status["Seccomp"].strip() == "2" and status["NoNewPrivs"].strip() == "1",
          f"a seccomp filter and no_new_privs (Seccomp {status['Seccomp'].strip()})")


def staff_lesson_and_lunch(network, binaries):
    daemon = inline_school(network, binaries, LESSON)
    ok, _, detail = network.fetch("staff", "facebook.com")
    check(not ok, f"staff blocked from facebook.com in a lesson ({detail})")
    ok, _, detail = network.fetch("head", "facebook.com")
    check(ok, f"the headteacher reaches facebook.com in a lesson ({detail})")
    ok, _, detail = network.fetch("office", "facebook.com")
    check(ok, f"the office PC reaches facebook.com in a lesson (exemption) ({detail})")
    ok, _, detail = network.fetch("office", "www.instagram.com")
    check(not ok, f"the office PC cannot reach www.instagram.com in a lesson ({detail})")
    daemon.stop()
    daemon.start(LUNCH)
    ok, _, detail = network.fetch("staff", "facebook.com")
    check(ok, f"staff reach facebook.com at lunch ({detail})")
    # An exemptions file anyone could edit is a way round the whole filter: refused at start and at reload.
    exemptions = os.path.join(daemon.dir, "hillside-exemptions.yaml")
    os.chmod(exemptions, 0o666)
    daemon.reload()
    time.sleep(0.5)
    check(daemon.stats()["policy"]["generation"] == 1, "a reload with a world-writable exemptions file is refused")
    daemon.stop()
    result = network.run_in("gw", daemon.schoolgated, "--config", daemon.config, "--check")
    check(result.returncode == 2 and "writable by every user" in result.stdout + result.stderr,
          f"schoolgated refuses to start on it (exit {result.returncode})")
    # Writable by a group, or in a directory others can write: refused the same way, naming the fix.
    os.chmod(exemptions, 0o664)
    result = network.run_in("gw", daemon.schoolgated, "--config", daemon.config, "--check")
    check(result.returncode == 2 and "(fix: chmod g-w " + exemptions + ")" in result.stdout + result.stderr,
          f"a group-writable exemptions file is refused with the fix (exit {result.returncode})")
    os.chmod(exemptions, 0o644)
    os.chmod(daemon.dir, 0o777)
    result = network.run_in("gw", daemon.schoolgated, "--config", daemon.config, "--check")
    check(result.returncode == 2 and "(fix: chmod go-w " + daemon.dir + ")" in result.stdout + result.stderr,
          f"a policy directory anyone can write is refused with the fix (exit {result.returncode})")
    os.chmod(daemon.dir, 0o755)


def exemption_reload(network, binaries):
    daemon = inline_school(network, binaries, LESSON)
    ok, _, _ = network.fetch("staff", "www.instagram.com")
    check(not ok, "staff blocked from www.instagram.com before the exemption")
    # A long download already open while the policy changes: it must carry on.
    drip = network.start_in("staff", "curl", "-sk", "--max-time", "20", "--resolve", "www.bbc.co.uk:443:203.0.113.10",
                            "-o", os.path.join(network.scratch, "drip.out"), "-w", "%{http_code}",
                            "https://www.bbc.co.uk/drip/40", log=os.path.join(network.scratch, "drip.log"))
    time.sleep(0.5)
    result = network.run_in("gw", daemon.schoolgate, "exempt", "add", "--policy", daemon.policy, "--id", "staff-lesson",
                            "--network", "staff-wifi", "--services", "instagram", "--from", "2026-01-05", "--until", "2036-07-31",
                            "--reason", "a lesson on the school's Instagram", "--approved-by", "head", "--by", "esafety")
    check(result.returncode == 0, f"schoolgate exempt add ({result.stderr.strip() or result.stdout.strip()})")
    check(daemon.wait_for_generation(2), "the daemon reloaded the exemptions by itself (generation 2)")
    ok, _, detail = network.fetch("staff", "www.instagram.com")
    check(ok, f"staff reach www.instagram.com after the reload, no restart ({detail})")
    drip.wait(timeout=25)
    body = open(os.path.join(network.scratch, "drip.out")).read() if os.path.exists(os.path.join(network.scratch, "drip.out")) else ""
    check(drip.returncode == 0 and body == "." * 40, f"the download open across the reload finished whole ({len(body)} of 40 bytes)")
    # A broken policy: the reload is refused and generation 2 stays.
    with open(daemon.policy, "a") as f:
        f.write("rules_typo: [\n")
    daemon.reload()
    time.sleep(1.0)
    stats = daemon.stats()
    check(stats["policy"]["generation"] == 2 and stats["policy"]["reloads_failed"] >= 1,
          f"a broken policy keeps the old one (generation {stats['policy']['generation']}, failed {stats['policy']['reloads_failed']})")
    ok, _, _ = network.fetch("pupil", "facebook.com")
    check(not ok, "pupils still blocked under the old policy")
    check("stays in force" in daemon.daemon_log(), "the daemon logged the refused reload")
    daemon.stop()


def quic_and_doh(network, binaries):
    daemon = inline_school(network, binaries, LESSON)
    hosts = os.path.join(network.scratch, "hosts")
    with open(hosts, "w") as f:
        f.write("203.0.113.10 www.instagram.com\n")
    started = time.monotonic()
    network.run_in("pupil", "unshare", "-m", "sh", "-c",
                   f"mount --bind {hosts} /etc/hosts && gtlsclient --timeout=2s -q www.instagram.com 443 "
                   "https://www.instagram.com/", timeout=15)
    print(f"      gtlsclient ran {time.monotonic() - started:.1f} s")
    result = network.run_in("pupil", "curl", "-sSk", "--max-time", "3", "--doh-url", "https://dns.google/dns-query",
                            "--resolve", "dns.google:443:203.0.113.10", "https://www.bbc.co.uk/")
    print(f"      curl --doh-url exit {result.returncode}")
    daemon.stop()
    events = daemon.events()
    quic = [e for e in events if e.get("transport") == "udp" and e.get("host") == "www.instagram.com"]
    check(any(e.get("verdict") == "block" and "quic" in e.get("techniques", []) for e in quic),
          f"the pupil's QUIC Initial to www.instagram.com was blocked and logged ({len(quic)} events)")
    doh = [e for e in events if "dns.doh" in e.get("techniques", [])]
    check(bool(doh) and doh[0].get("src_ip") == "10.20.0.50", f"the pupil's DoH attempt was logged ({len(doh)} events)")


def fail_open_and_closed(network, binaries):
    daemon = inline_school(network, binaries, LESSON)
    daemon.kill()
    ok, _, detail = network.fetch("pupil", "www.bbc.co.uk")
    check(ok, f"with the daemon killed, traffic still flows (fail-open) ({detail})")
    daemon.start(LESSON)
    stats = daemon.stats()
    check((stats.get("bypassed_packets") or 0) > 0, f"the bypass is counted once the daemon is back ({stats.get('bypassed_packets')} packets)")
    daemon.stop()
    daemon.firewall("remove")
    closed = GatewayDaemon(network, binaries, fail_closed=["pupil-wifi"])
    closed.firewall("install")
    ok, _, _ = network.fetch("pupil", "www.bbc.co.uk")
    check(not ok, "fail-closed on pupil-wifi: with no daemon, pupils get no new connections")
    ok, _, _ = network.fetch("staff", "www.bbc.co.uk")
    check(ok, "staff-wifi stays fail-open")
    closed.firewall("remove")


def queue_overflow_keeps_each_networks_failure_mode(network, binaries):
    """A queue that overflows (the daemon stopped or far behind) keeps each network's failure mode: the kernel
    drops the fail-closed pupil network's packets and passes (and counts) the fail-open staff network's. Every
    network used to share queues bound with NFQA_CFG_F_FAIL_OPEN, so an overflow let pupils through."""
    import signal as signals
    daemon = inline_school(network, binaries, fail_closed=["pupil-wifi"])
    ok, _, detail = network.fetch("pupil", "www.bbc.co.uk")
    check(ok, f"the pupil reaches www.bbc.co.uk while the daemon keeps up ({detail})")
    bypassed = daemon.bypass_counter()
    flood = ("import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
             f"for port in range(10000, 20000): s.sendto(b'x', ('{SERVER_ADDRESS}', port))\n")
    os.kill(daemon.process.pid, signals.SIGSTOP)  # behind for good: nothing is read from the queues
    try:
        for host in ("pupil", "staff"):  # 10,000 new flows each: more than a queue holds (8,192)
            network.run_in(host, sys.executable, "-c", flood, check=True)
        queues = network.run_in("gw", "cat", "/proc/net/netfilter/nfnetlink_queue").stdout.strip()
        print("      /proc/net/netfilter/nfnetlink_queue:", queues.replace("\n", " | "))
        ok, _, detail = network.fetch("pupil", "www.bbc.co.uk")
        check(not ok, f"with its queue full, fail-closed pupil-wifi gets no new connection ({detail or 'no answer'})")
        ok, _, detail = network.fetch("staff", "www.bbc.co.uk")
        check(ok, f"with its queue full, fail-open staff-wifi passes ({detail})")
        after = daemon.bypass_counter()
        check(after > bypassed, f"and the kernel counts the bypass (queue_bypassed {bypassed} -> {after})")
    finally:
        os.kill(daemon.process.pid, signals.SIGCONT)
    deadline, ok = time.monotonic() + 20, False
    while not ok and time.monotonic() < deadline:
        ok, _, detail = network.fetch("pupil", "www.bbc.co.uk")
    check(ok, f"once the daemon catches up the pupil reaches www.bbc.co.uk again ({detail})")
    ok, _, _ = network.fetch("pupil", "facebook.com")
    check(not ok, "and facebook.com is still blocked for the pupil")
    daemon.stop()
    daemon.firewall("remove")


class NotifySocket:
    """The service manager's end of sd_notify, as systemd gives it to a Type=notify unit: a datagram socket the
    test binds (open to the daemon once it is user nobody), named by NOTIFY_SOCKET, with WATCHDOG_USEC."""

    def __init__(self, network, watchdog_seconds=2):
        import socket
        self.path = os.path.join(network.scratch, "notify.sock")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        os.chmod(self.path, 0o777)
        self.sock.settimeout(0.2)
        self.env = {"NOTIFY_SOCKET": self.path, "WATCHDOG_USEC": str(watchdog_seconds * 1_000_000)}

    def messages(self, seconds):
        """Every datagram that arrives within `seconds`."""
        seen, deadline = [], time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                seen.append(self.sock.recv(4096).decode())
            except OSError:
                pass
        return seen


def crash_and_restart(network, binaries, signum):
    """A crash (SIGKILL, or SIGSEGV as a bug would) leaves the rules as they were: the fail-closed pupil network
    stays closed, the fail-open staff network passes uninspected and the kernel counts the bypass; a restarted
    daemon enforces again. The daemon also speaks sd_notify for real: READY=1, then WATCHDOG=1."""
    import signal as signals
    name = signals.Signals(signum).name
    daemon = GatewayDaemon(network, binaries, fail_closed=["pupil-wifi"])
    daemon.firewall("install")
    notify = NotifySocket(network)
    daemon.start(LESSON, env=notify.env)
    told = notify.messages(2.5)
    check(bool(told) and told[0].startswith("READY=1"), f"sd_notify: READY=1 first ({told[:1]})")
    check(any(m == "WATCHDOG=1" for m in told), f"sd_notify: WATCHDOG=1 while it runs ({len(told)} messages)")
    ok, _, detail = network.fetch("pupil", "www.bbc.co.uk")
    check(ok, f"before the crash the pupil reaches www.bbc.co.uk ({detail})")
    ok, _, _ = network.fetch("pupil", "facebook.com")
    check(not ok, "before the crash the pupil cannot reach facebook.com")
    bypassed = daemon.bypass_counter()
    ended = daemon.crash(signum)
    check(ended == -signum, f"the daemon ended by {name} (return code {ended})")
    ran = daemon.run_unit_after_stop()  # what systemd does next, as schoolgated.service says
    print(f"      after the crash systemd would run: {ran or 'nothing'}")
    check(daemon.rules_installed(), f"after {name} the firewall rules are still installed")
    ok, _, detail = network.fetch("pupil", "www.bbc.co.uk")
    check(not ok, f"after {name} fail-closed pupil-wifi stays closed: a new connection to an allowed site fails ({detail})")
    ok, _, detail = network.fetch("staff", "www.bbc.co.uk")
    check(ok, f"after {name} fail-open staff-wifi passes uninspected ({detail})")
    after = daemon.bypass_counter()
    check(after > bypassed, f"and the kernel counts the bypass (queue_bypassed {bypassed} -> {after})")
    daemon.start(LESSON)
    ok, _, detail = network.fetch("pupil", "www.bbc.co.uk")
    check(ok, f"a restarted daemon serves pupil-wifi again ({detail})")
    ok, _, _ = network.fetch("pupil", "facebook.com")
    check(not ok, "a restarted daemon blocks facebook.com for the pupil again")
    ok, _, _ = network.fetch("staff", "facebook.com")
    check(not ok, "a restarted daemon blocks facebook.com for staff in a lesson again")
    stats = daemon.stats()
    check((stats.get("bypassed_packets") or 0) >= after, f"its stats show the bypass ({stats.get('bypassed_packets')})")
    daemon.stop()
    daemon.firewall("remove")


def watchdog_hung_worker(network, binaries):
    """A hung packet worker stops the watchdog's pings, so systemd (WatchdogSec) kills and restarts the daemon.
    The worker is hung by the daemon's test-only --test-only-hang-workers-after-rounds; the test plays systemd:
    it reads the notify socket, then sends the SIGABRT systemd sends at the watchdog's timeout."""
    import signal as signals
    daemon = GatewayDaemon(network, binaries, fail_closed=["pupil-wifi"])
    daemon.firewall("install")
    notify = NotifySocket(network, watchdog_seconds=2)
    daemon.start(LESSON, env=notify.env, extra=("--test-only-hang-workers-after-rounds", "40"))
    told = notify.messages(2.0)
    check(bool(told) and told[0].startswith("READY=1") and "WATCHDOG=1" in told,
          f"READY=1, then WATCHDOG=1 while the worker goes round ({len(told)} messages)")
    notify.messages(4.0)  # the worker hangs after about 4 s of idle rounds; found stuck 1 s later
    late = notify.messages(3.0)
    check("WATCHDOG=1" not in late, f"no WATCHDOG=1 for 3 s once the worker hangs, longer than WATCHDOG_USEC ({late})")
    check("packet worker 0 has made no progress" in daemon.daemon_log(), "the daemon logs which worker is stuck")
    ok, _, _ = network.fetch("pupil", "www.bbc.co.uk")
    check(not ok, "while the worker hangs, fail-closed pupil-wifi gets no new connection")
    ended = daemon.crash(signals.SIGABRT)  # systemd's watchdog action
    check(ended == -signals.SIGABRT and daemon.rules_installed(), f"killed by the watchdog's SIGABRT ({ended}), the rules stay")
    daemon.start(LESSON)
    ok, _, detail = network.fetch("pupil", "www.bbc.co.uk")
    check(ok, f"the restarted daemon serves pupil-wifi again ({detail})")
    daemon.stop()
    daemon.firewall("remove")


def crash_sigkill(network, binaries):
    import signal as signals
    crash_and_restart(network, binaries, signals.SIGKILL)


def crash_sigsegv(network, binaries):
    import signal as signals
    crash_and_restart(network, binaries, signals.SIGSEGV)


def events_exact(network, binaries):
    daemon = inline_school(network, binaries, LESSON)
    network.fetch("pupil", "facebook.com")
    network.fetch("pupil", "www.bbc.co.uk")
    network.fetch("staff", "x.com")
    network.fetch("office", "facebook.com")
    time.sleep(0.5)  # workers publish their counters every 100 ms
    metrics = network.run_in("gw", "curl", "-s", "--max-time", "3", "http://127.0.0.1:9469/metrics").stdout
    check("schoolgate_verdicts_total{verdict=\"block\"} 2" in metrics,
          "Prometheus metrics on the gateway's 127.0.0.1 count the two blocks: "
          + " ".join(l for l in metrics.splitlines() if l.startswith("schoolgate_verdicts")))
    outside = network.run_in("staff", "curl", "-s", "--max-time", "2", "http://10.30.0.1:9469/metrics")
    check(outside.returncode != 0, "the metrics port does not answer on the school's network")
    daemon.stop()
    seen = sorted((e["event"], e.get("src_ip"), e.get("host"), e.get("verdict"), tuple(e.get("techniques", [])))
                  for e in daemon.events() if e["event"] in ("verdict", "circumvention", "alert"))
    expected = sorted([("verdict", "10.20.0.50", "facebook.com", "block", ()),
                       ("verdict", "10.30.0.60", "x.com", "block", ())])
    check(seen == expected, f"the events file holds exactly the blocked flows (allowed ones are not logged): {seen}")
    modes = {oct(os.stat(p).st_mode & 0o777) for p in __import__("glob").glob(daemon.events_dir + "/events-*.jsonl")}
    check(modes == {"0o640"}, f"event files are 0640 ({modes})")


def passive_mirror(network, binaries):
    # The gateway's uplink as a mirror: nothing queued, verdicts logged, blocked TCP reset (racy by design).
    daemon = GatewayDaemon(network, binaries, passive_interface="up0")
    daemon.start(LESSON)
    results = [network.fetch("pupil", "facebook.com") for _ in range(3)]
    ok, _, detail = network.fetch("pupil", "www.bbc.co.uk")
    check(ok, f"passive: the pupil reaches www.bbc.co.uk ({detail})")
    daemon.stop()
    blocked = [e for e in daemon.events() if e.get("host") == "facebook.com" and e.get("verdict") == "block"]
    check(len(blocked) == 3, f"passive: the three facebook.com connections are logged as blocked ({len(blocked)})")
    reset = sum(1 for ok, _, detail in results if not ok and "reset" in detail)
    check(reset >= 2, f"passive tcp_reset: the reset won the race {reset} of 3 times")




def crafted(network, technique, name):
    """Runs the crafted evasion client in the pupil's namespace; returns its JSON answer."""
    import json
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "evasion_client.py")
    result = network.run_in("pupil", "/usr/bin/python3", script, technique, name, SERVER_ADDRESS, timeout=60)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"evasion_client.py {technique} {name}: {result.stdout} {result.stderr}")
    return json.loads(lines[-1])


def evasion_padding_and_syn_data(network, binaries):
    """Tools that beat DPI pad a connection with empty or duplicate ACKs (to use up a filter's packet window)
    or put the ClientHello's start in the SYN. Judged by what the server received: a ServerHello back means
    the server read the ClientHello."""
    try:
        __import__("scapy")
    except ImportError:
        raise RuntimeError("python3-scapy is missing (tools/setup/install-debian-deps.sh installs it)")
    daemon = inline_school(network, binaries)
    # The crafted socket is not the kernel's: keep the pupil's kernel from resetting it.
    network.run_in("pupil", "iptables", "-A", "OUTPUT", "-p", "tcp", "--tcp-flags", "RST", "RST", "-j", "DROP", check=True)
    control = crafted(network, "plain", "www.bbc.co.uk")
    check(control["server_answered"], f"control: a crafted ClientHello for www.bbc.co.uk is answered by the server ({control})")
    attempts = {}
    for technique in ("plain", "ack-padding", "syn-data"):
        answer = crafted(network, technique, "www.facebook.com")
        check(not answer["server_answered"], f"{technique}: the server never answers the pupil's facebook hello ({answer})")
        attempts[technique] = answer["sport"]
        allowed = crafted(network, technique, "www.bbc.co.uk")
        check(allowed["server_answered"], f"{technique}: the same shape to www.bbc.co.uk is answered ({allowed})")
    time.sleep(0.5)
    events = daemon.events()
    blocked = [e for e in events if e.get("host") == "www.facebook.com" and e.get("verdict") == "block"]
    check(len(blocked) >= 3, f"each facebook attempt is a block event ({len(blocked)} events)")
    # 70 packets of padding are far below the padding safety net (no `padding`): what the engine names is the
    # hello's pieces, the duplicates and the SYN's 30 bytes (as in the replay captures tcp-padding, tcp-syn-data).
    for technique in ("ack-padding", "syn-data"):
        mine = [e for e in blocked if e.get("src_port") == attempts[technique]]
        check(any("tls.fragmented_client_hello" in e.get("techniques", []) for e in mine),
              f"{technique}: the block event names tls.fragmented_client_hello ({[e.get('techniques') for e in mine]})")
    stats = daemon.stats()
    check(stats.get("bypassed_packets", 0) == 0, f"no packet bypassed the daemon ({stats.get('bypassed_packets')})")
    daemon.stop()


def decoys_never_decide(network, binaries, techniques):
    """Each tool's fake goes first (a ClientHello for www.bbc.co.uk, a FIN or an RST the server drops: a TTL that
    dies at the router after the gateway, a wrong checksum, an MD5 option...), then the real hello. Judged by
    what the server received: it answers the real hello for www.bbc.co.uk after the same fakes (so the fakes
    did not break the connection and were not what it read), and never answers the pupil's www.facebook.com."""
    __import__("scapy")
    daemon = inline_school(network, binaries)
    network.run_in("pupil", "iptables", "-A", "OUTPUT", "-p", "tcp", "--tcp-flags", "RST", "RST", "-j", "DROP", check=True)
    attempts = {}
    for technique in techniques:
        answer = crafted(network, technique, "www.facebook.com")
        check(not answer["server_answered"], f"{technique}: the server never answers the pupil's facebook hello ({answer})")
        attempts[technique] = answer["sport"]
        allowed = crafted(network, technique, "www.bbc.co.uk")
        check(allowed["server_answered"], f"{technique}: after the same fakes the server answers a real www.bbc.co.uk hello ({allowed})")
    time.sleep(0.5)
    events = daemon.events()
    for technique, sport in attempts.items():
        mine = [e for e in events if e.get("src_port") == sport]
        check(any(e.get("host") == "www.facebook.com" and e.get("verdict") == "block" for e in mine),
              f"{technique}: the facebook attempt is a block event ({[(e.get('host'), e.get('verdict')) for e in mine]})")
        check(all(e.get("host") != "www.bbc.co.uk" for e in mine), f"{technique}: the fake's name is never taken")
        if technique != "before-syn":  # the fake sent before the SYN belongs to the connection it started first
            check(any("tcp.decoy" in e.get("techniques", []) for e in mine), f"{technique}: an event names tcp.decoy")


def conversation(network, mode, peer, *names, host="pupil"):
    """Runs conversation_client.py in HOST's namespace (the pupil's); returns its JSON answer."""
    import json
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conversation_client.py")
    result = network.run_in(host, "/usr/bin/python3", script, mode, peer, *names, timeout=60)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"conversation_client.py {mode}: {result.stdout} {result.stderr}")
    return json.loads(lines[-1])


def evasion_long_conversations(network, binaries):
    """Several messages on one flow: DNS queries on one UDP socket and on one TCP connection, HTTP/1.1
    requests on one keep-alive connection, one after another and pipelined. Each message is decided: the
    one for facebook.com gets no answer (and never reaches the origin), the allowed ones around it do."""
    from school_network import RESOLVER
    origin_log = start_plain_http_origin(network)
    daemon = inline_school(network, binaries)

    # 400 allowed queries first: 800 packets, past the kernel's 600-packet window (inspect_packets), so the
    # socket is still queued only because the daemon marked it watched.
    udp = conversation(network, "dns-udp", RESOLVER, "www.bbc.co.uk*400", "facebook.com", "x.www.bbc.co.uk")
    check(udp["answers"]["www.bbc.co.uk"] == 0, f"UDP: the first allowed query is answered ({udp})")
    check(udp["answers"]["facebook.com"] is None, f"UDP: facebook.com on the same socket is not answered ({udp})")
    check(udp["answers"]["x.www.bbc.co.uk"] == 0, f"UDP: the allowed query after it is answered ({udp})")

    tcp = conversation(network, "dns-tcp", RESOLVER, "www.bbc.co.uk", "facebook.com", "x.www.bbc.co.uk")
    check(tcp["answers"].get("www.bbc.co.uk") == 0, f"TCP: the first allowed query is answered ({tcp})")
    check(tcp["answers"].get("facebook.com") is None and tcp["cut"],
          f"TCP: facebook.com on the same connection is not answered, the connection is cut ({tcp})")
    check(tcp["retried"].get("x.www.bbc.co.uk") == 0, f"TCP: the allowed name is answered on a new connection ({tcp})")

    # iodine's shape on one socket: long random labels under one domain. The tunnel detector sees every query
    # on the socket (before, only the first was read): it fires and the socket's later queries go unanswered.
    import base64
    import random
    rng = random.Random(14)
    tunnel = [base64.b32encode(bytes(rng.getrandbits(8) for _ in range(30))).decode().lower().rstrip("=")
              + ".t.tunnel.example" for _ in range(45)]
    burst = conversation(network, "dns-burst", RESOLVER, *tunnel)
    check(burst["answered"] < burst["sent"] - 20, f"a single-socket DNS tunnel: most of its queries never answered ({burst})")

    for mode in ("http-keepalive", "http-pipelined"):
        # Keep-alive: 400 allowed requests first, past the kernel's window, as above.
        first = "www.bbc.co.uk*400" if mode == "http-keepalive" else "www.bbc.co.uk"
        http = conversation(network, mode, SERVER_ADDRESS, first, "facebook.com")
        if mode == "http-keepalive":
            check(http["responses"]["www.bbc.co.uk"] == 200, f"{mode}: the first request is answered ({http})")
        check(http["responses"]["facebook.com"] is None and http["cut"],
              f"{mode}: the facebook.com request is not answered and the connection is cut ({http})")
    time.sleep(0.5)
    received = [host for host in open(origin_log).read().split() if host != "probe.invalid"]
    check("www.bbc.co.uk" in received and "facebook.com" not in received,
          f"the origin received the allowed requests and never the facebook.com one "
          f"({dict(__import__('collections').Counter(received))})")

    events = daemon.events()
    tunnel_events = [e for e in events if e.get("src_port") == burst["sport"] and "dns.tunnel" in e.get("techniques", [])]
    check(any(e.get("verdict") == "block" for e in tunnel_events),
          f"the single-socket tunnel: a block event names dns.tunnel ({len(tunnel_events)} events)")
    for port, what in ((53, "DNS"), (80, "HTTP")):
        named = [e for e in events if e.get("host") == "facebook.com" and e.get("dst_port") == port
                 and e.get("verdict") == "block"]
        check(len(named) >= 2, f"{what}: block events name facebook.com, one per conversation ({len(named)})")
    stats = daemon.stats()
    check(stats.get("bypassed_packets", 0) == 0, f"no packet bypassed the daemon ({stats.get('bypassed_packets')})")
    daemon.stop()


def udp_evasion(network, host, *args):
    """Runs udp_evasion_client.py in HOST's namespace (QUIC with its /etc/hosts sending every test name to the
    relay on 127.0.0.1); returns its JSON answer."""
    import json
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "udp_evasion_client.py")
    command = ["/usr/bin/python3", script, *args]
    if args[0] == "quic":
        hosts = os.path.join(network.scratch, "hosts-relay")
        with open(hosts, "w") as f:
            f.write("127.0.0.1 localhost " + " ".join(n for n in __import__("school_network").NAMES) + "\n")
        command = ["unshare", "-m", "sh", "-c", f"mount --bind {hosts} /etc/hosts && exec " + " ".join(command)]
    result = network.run_in(host, *command, timeout=60)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"udp_evasion_client.py {args}: {result.stdout} {result.stderr}")
    return json.loads(lines[-1])


def inet_counters(network, addresses):
    """Counts, on the server's side (inet), ESP and GRE packets from each of ADDRESSES: what the server received."""
    network.run_in("inet", "nft", "add", "table", "inet", "sgrecv", check=True)
    network.run_in("inet", "nft", "add", "chain", "inet", "sgrecv", "in", "{ type filter hook input priority -300; }",
                   check=True)
    for address in addresses:
        for protocol in ("esp", "gre"):
            network.run_in("inet", "nft", "add", "rule", "inet", "sgrecv", "in", "ip", "saddr", address, "ip",
                           "protocol", protocol, "counter", "comment", f'"{address} {protocol}"', check=True)

    def read():
        import re
        listed = network.run_in("inet", "nft", "list", "chain", "inet", "sgrecv", "in", check=True).stdout
        return {(m.group(2), m.group(3)): int(m.group(1)) for m in
                re.finditer(r"counter packets (\d+) bytes \d+ comment \"(\S+) (\S+)\"", listed)}
    return read


def fake_quic_dcid():
    """The connection id of the fake Initials udp_evasion_client.py sends (the replay captures' generator's)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("made", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "..", "..", "pcaps", "evasion", "make_tcp_evasion.py"))
    made = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(made)
    return made.QUIC_DCID.hex()


def quic_behind_junk_and_fakes(network):
    """The real QUIC client behind a junk datagram or fake Initials: which Initials the server received.
    Returns {(host, name, prelude): source port} of the attempts that must be blocked."""
    from school_network import SERVER
    fake_dcid = fake_quic_dcid()

    def initials(sport, real_only=True):
        rows = [r for r in network.udp_received() if r[1] == sport and r[2] == 443 and r[3] >= 1200]
        return [r for r in rows if not real_only or r[5] != fake_dcid]
    blocked = {}
    for host, name, prelude, reaches in (("staff", "www.bbc.co.uk", ["junk"], True),
                                         ("staff", "www.facebook.com", ["junk"], False),
                                         ("staff", "www.facebook.com", ["fake:www.bbc.co.uk", "fake:www.bbc.co.uk"], False),
                                         ("pupil", "www.facebook.com", ["junk"], False)):
        answer = udp_evasion(network, host, "quic", SERVER, name, *prelude)
        time.sleep(0.3)
        got = initials(answer["sport"])
        check(answer["sent"] > 0 and bool(got) == reaches,
              f"QUIC from {host}, {'+'.join(prelude)} first, then the real client for {name}: the server "
              f"{'received' if reaches else 'never received'} the client's Initials ({len(got)} of {answer['sent']})")
        if not reaches:
            blocked[(host, name, "+".join(prelude))] = answer["sport"]
        if prelude[0].startswith("fake"):
            print(f"      the fake Initials for www.bbc.co.uk that reached the server: "
                  f"{len(initials(answer['sport'], real_only=False))}")
    return blocked


def wireguard_after_junk(network):
    """A WireGuard handshake after a junk datagram, from staff (logged) and the pupil (blocked)."""
    from school_network import SERVER
    sports = {}
    for host, reaches in (("staff", True), ("pupil", False)):
        answer = udp_evasion(network, host, "wireguard", SERVER, "junk")
        time.sleep(0.3)
        got = [r for r in network.udp_received() if r[1] == answer["sport"] and r[2] == 51820 and r[3] == 148]
        check(bool(got) == reaches, f"WireGuard from {host} after a junk datagram: the server "
              f"{'received' if reaches else 'never received'} the handshake ({len(got)} of 2)")
        sports[host] = answer["sport"]
    return sports


def esp_and_gre(network, daemon):
    """ESP and GRE from staff and the pupil, counted where the server receives them."""
    from school_network import SERVER
    received = inet_counters(network, ("10.20.0.50", "10.30.0.60"))
    for host in ("staff", "pupil"):
        udp_evasion(network, host, "ip-protocol", SERVER, "esp")
    time.sleep(0.5)
    before = daemon.stats()
    for host in ("staff", "pupil"):
        udp_evasion(network, host, "ip-protocol", SERVER, "gre")
    time.sleep(0.5)
    decided = daemon.stats().get("flows_decided", 0) - before.get("flows_decided", 0)
    check(decided == 2, f"GRE reached the engine inline: two more flows decided, one per client ({decided})")
    counted = received()
    check(counted.get(("10.30.0.60", "esp"), 0) == 4, f"ESP from staff (logged, not blocked) reaches the server ({counted})")
    check(counted.get(("10.20.0.50", "esp"), 0) == 0, f"ESP from the pupil never reaches the server ({counted})")
    check(counted.get(("10.20.0.50", "gre"), 0) == 4 and counted.get(("10.30.0.60", "gre"), 0) == 4,
          f"GRE (a low-confidence signal, logged and never blocked) reaches the server from both ({counted})")


def evasion_junk_first_and_other_protocols(network, binaries):
    """zapret's fake for QUIC and WireGuard, ByeDPI --udp-fake, SpoofDPI --udp-fake-count: a junk datagram, or
    fake QUIC Initials for an allowed name, on the flow's 5-tuple before the real client's datagrams (a real
    QUIC client, ngtcp2's gtlsclient, behind a relay that sends them first); and VPN protocols that are neither
    TCP nor UDP (ESP, GRE). Judged by what the server received: the UDP sinks log every datagram (a QUIC
    Initial by its connection id), and counters on the server's side count ESP and GRE. Staff in a lesson are
    the control: QUIC to www.bbc.co.uk and their VPNs (logged, not blocked) reach the server through the
    same shapes, facebook does not."""
    daemon = inline_school(network, binaries)
    quic = quic_behind_junk_and_fakes(network)
    wireguard = wireguard_after_junk(network)
    esp_and_gre(network, daemon)
    stats = daemon.stats()
    daemon.stop()
    events = daemon.events()

    def named(sport, technique, verdict=None, host=None):
        return [e for e in events if e.get("src_port") == sport and technique in e.get("techniques", [])
                and (verdict is None or e.get("verdict") == verdict) and (host is None or e.get("host") == host)]
    for (host, name, prelude), sport in quic.items():
        technique = "quic.mixed_names" if prelude.startswith("fake") else "quic"
        check(bool(named(sport, technique, "block", name)),
              f"QUIC from {host} behind {prelude}: a block event names {name} and {technique} "
              f"({[(e.get('host'), e.get('verdict'), e.get('techniques')) for e in events if e.get('src_port') == sport]})")
    check(bool(named(wireguard["pupil"], "vpn.wireguard", "block")), "the pupil's WireGuard: a block event names vpn.wireguard")
    check(bool(named(wireguard["staff"], "vpn.wireguard")), "staff WireGuard: an event names vpn.wireguard (logged)")
    esp = [e for e in events if e.get("transport") == "esp" and "vpn.ipsec" in e.get("techniques", [])]
    check({e.get("src_ip") for e in esp} == {"10.20.0.50", "10.30.0.60"} and
          any(e.get("src_ip") == "10.20.0.50" and e.get("verdict") == "block" for e in esp),
          f"ESP reached the engine inline: events name vpn.ipsec for both, the pupil's blocked "
          f"({[(e.get('src_ip'), e.get('verdict')) for e in esp]})")
    check(stats.get("bypassed_packets", 0) == 0, f"no packet bypassed the daemon ({stats.get('bypassed_packets')})")


def start_plain_http_origin(network, address=SERVER_ADDRESS, name="plain-http"):
    """plain_http_origin.py on ADDRESS:80 (logs each request's Host, or CONNECT and its target); returns the log."""
    origin_log = os.path.join(network.scratch, f"{name}-requests.log")
    open(origin_log, "w").close()
    network.start_in("inet", sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                     "plain_http_origin.py"), address, origin_log, log=os.path.join(network.scratch, f"{name}-origin.log"))
    url = f"http://[{address}]/" if ":" in address else f"http://{address}/"
    deadline = time.time() + 10
    while network.run_in("inet", "curl", "-s", "--max-time", "1", "-o", "/dev/null", "-H", "Host: probe.invalid",
                         url).returncode != 0:
        if time.time() > deadline:
            raise RuntimeError("the plain-HTTP origin did not start: " +
                               open(os.path.join(network.scratch, f"{name}-origin.log")).read())
        time.sleep(0.1)
    return origin_log


META = "203.0.113.35"  # the test's stand-in for a Meta address: the test policy lists 203.0.113.32/27 for facebook
TEST_POLICY_ADDITIONS = """
# e2e evasion_names_and_addresses: Facebook's published ranges are not routable in the test's namespaces, so a
# TEST-NET range stands in for one of them (a school may add ranges to a shipped service).
services:
  facebook: {ip_ranges: [203.0.113.32/27]}
"""
def evasion_names_and_addresses(network, binaries):
    """Empty lines before an HTTP request (GoodbyeDPI -k, zapret --methodeol): before GET and before CONNECT; a
    name that lies about the address (domain fronting, an SNI of www.bbc.co.uk or a.b to a Meta address); and a
    dual-stack pupil on IPv6 under the shipped policy (IPv4 networks only, no rule for role unknown): its IPv6
    is placed on the network of its own IPv4 traffic by MAC (NFQA_HWADDR). Judged by what the server received:
    the plain-HTTP origins (IPv4 and IPv6) log every request and CONNECT, curl says whether TLS was answered."""
    from school_network import SERVER6, PUPIL6
    origin_log = start_plain_http_origin(network)
    network.add_server(META)
    network.add_ipv6()
    origin6_log = start_plain_http_origin(network, SERVER6, "plain-http6")
    daemon = GatewayDaemon(network, binaries)
    with open(daemon.policy, "a") as f:
        f.write(TEST_POLICY_ADDITIONS)
    daemon.firewall("install")
    daemon.start(LESSON)

    ports = {}
    for mode, host, name, reaches in (("http-crlf", "pupil", "www.bbc.co.uk", True),
                                      ("http-crlf", "pupil", "facebook.com", False),
                                      ("connect-crlf", "staff", "www.bbc.co.uk", True),
                                      ("connect-crlf", "pupil", "facebook.com", False)):
        answer = conversation(network, mode, SERVER_ADDRESS, name, host=host)
        got = answer["responses"][name]
        check((got == 200) == reaches, f"{mode} from {host} for {name}: {'answered' if reaches else 'never answered'} "
              f"({answer})")
        ports[(mode, name)] = answer["sport"]
    time.sleep(0.3)
    received = open(origin_log).read().split("\n")
    for line, reaches in (("www.bbc.co.uk", True), ("facebook.com", False), ("CONNECT www.bbc.co.uk:443", True),
                          ("CONNECT facebook.com:443", False)):
        check((line in received) == reaches, f"the origin {'received' if reaches else 'never received'} '{line}' "
              f"after the empty lines ({[r for r in received if r and r != 'probe.invalid']})")

    for name in ("www.bbc.co.uk", "a.b"):
        ok, _, detail = network.fetch("pupil", name, server=META)
        check(not ok, f"an SNI of {name} to the Meta address {META}: the server never answers ({detail})")
    ok, _, detail = network.fetch("pupil", "www.bbc.co.uk")
    check(ok, f"control: www.bbc.co.uk at its own address is answered ({detail})")

    # The pupil's IPv4 connections above taught the gateway its MAC's network; its IPv6 is placed by it.
    ok, _, detail = network.fetch("pupil", "facebook.com", server=SERVER6)
    check(not ok, f"IPv6 from the dual-stack pupil network: facebook.com is never answered ({detail})")
    ok, _, detail = network.fetch("pupil", "www.bbc.co.uk", server=SERVER6)
    check(ok, f"IPv6 from the dual-stack pupil network: www.bbc.co.uk is answered ({detail})")
    for name, reaches in (("facebook.com", False), ("www.bbc.co.uk", True)):
        code = network.run_in("pupil", "curl", "-s", "--max-time", "2", "-o", "/dev/null", "-w", "%{http_code}",
                              "-H", f"Host: {name}", f"http://[{SERVER6}]/").stdout.strip()
        check((code == "200") == reaches, f"plain HTTP over IPv6 for {name}: {'answered' if reaches else 'never answered'} ({code})")
    time.sleep(0.3)
    received6 = [r for r in open(origin6_log).read().split("\n") if r and r != "probe.invalid"]
    check(received6 == ["www.bbc.co.uk"], f"the IPv6 origin received www.bbc.co.uk and nothing for facebook.com ({received6})")

    stats = daemon.stats()
    daemon.stop()
    events = daemon.events()

    def mine(**fields):
        return [e for e in events if all(e.get(k) == v for k, v in fields.items())]
    check(bool(mine(src_port=ports[("http-crlf", "facebook.com")], host="facebook.com", verdict="block")),
          "CRLF before GET: a block event names facebook.com")
    connect = mine(src_port=ports[("connect-crlf", "facebook.com")], verdict="block")
    check(any("proxy.http_connect" in e.get("techniques", []) for e in connect),
          f"CRLF before CONNECT: a block event names proxy.http_connect ({[(e.get('host'), e.get('techniques')) for e in connect]})")
    staff_connect = mine(src_port=ports[("connect-crlf", "www.bbc.co.uk")])
    check(any("proxy.http_connect" in e.get("techniques", []) for e in staff_connect),
          "CRLF before the staff CONNECT: an event names proxy.http_connect (logged)")
    for name in ("www.bbc.co.uk", "a.b"):
        front = mine(dst_ip=META, host=name, verdict="block")
        check(any("domain_fronting" in e.get("techniques", []) and e.get("service") == "facebook" for e in front),
              f"SNI {name} to {META}: a block event says facebook and domain_fronting "
              f"({[(e.get('service'), e.get('techniques')) for e in front]})")
    six = mine(src_ip=PUPIL6, host="facebook.com", verdict="block")
    check(len(six) >= 2 and all(e.get("role") == "pupil" and e.get("rule") == "pupils-never" and
                                "IPv6 client in no network" not in e.get("reason", "") for e in six),
          f"IPv6: TLS and HTTP for facebook.com are block events from {PUPIL6}, role pupil by its MAC's IPv4 network "
          f"({[(e.get('role'), e.get('rule'), e.get('reason')) for e in six]})")
    check(stats.get("ipv6_placed_by_link", 0) >= 2 and stats.get("ipv6_unplaced", 0) == 0,
          f"the queue carried the pupil's MAC: its IPv6 flows were placed by it (placed {stats.get('ipv6_placed_by_link')}, "
          f"unplaced {stats.get('ipv6_unplaced')})")
    check(stats.get("bypassed_packets", 0) == 0, f"no packet bypassed the daemon ({stats.get('bypassed_packets')})")


def evasion_decoys_that_die_on_the_way(network, binaries):
    """GoodbyeDPI --set-ttl, zapret fake/rst/fin with a short TTL, a fake before the SYN, an RST out of sequence."""
    decoys_never_decide(network, binaries, ("ttl-decoy", "fin-decoy", "rst-decoy", "before-syn", "rst-badseq-decoy"))


def evasion_decoys_the_server_drops(network, binaries):
    """GoodbyeDPI --wrong-chksum/--wrong-seq, zapret badsum, md5sig, datanoack, badack, badseq, ts."""
    decoys_never_decide(network, binaries, ("badsum-decoy", "md5-decoy", "noack-decoy", "badack-decoy", "badseq-decoy",
                                            "ts-decoy"))


def evasion_ip_fragments(network, binaries):
    """zapret --dpi-desync=ipfrag2: the ClientHello's segment as IPv4 fragments, cut before the name, so a filter
    that does not reassemble never sees it. Inline, netfilter's conntrack reassembles before the queue: the engine
    is handed whole datagrams (and counts no fragment), names the hello and blocks it; the kernel fragments what
    it forwards again, so an allowed server still gets (and answers) its fragmented hello."""
    try:
        __import__("scapy")
    except ImportError:
        raise RuntimeError("python3-scapy is missing (tools/setup/install-debian-deps.sh installs it)")
    daemon = inline_school(network, binaries)
    network.run_in("pupil", "iptables", "-A", "OUTPUT", "-p", "tcp", "--tcp-flags", "RST", "RST", "-j", "DROP", check=True)
    # Count the fragments arriving at the gateway before netfilter's defragmentation (priority -400), so the
    # test knows fragments went in.
    nft = ["nft", "add", "table", "ip", "sgfragtest"], \
        ["nft", "add", "chain", "ip", "sgfragtest", "pre", "{ type filter hook prerouting priority -450; }"], \
        ["nft", "add", "rule", "ip", "sgfragtest", "pre", "ip", "frag-off", "&", "0x3fff", "!=", "0", "counter"]
    for command in nft:
        network.run_in("gw", *command, check=True)
    answer = crafted(network, "ipfrag2", "www.facebook.com")
    check(not answer["server_answered"], f"ipfrag2: the server never answers the pupil's fragmented facebook hello ({answer})")
    allowed = crafted(network, "ipfrag2", "www.bbc.co.uk")
    check(allowed["server_answered"], f"ipfrag2: the same fragments for www.bbc.co.uk are answered ({allowed})")
    counted = network.run_in("gw", "nft", "list", "chain", "ip", "sgfragtest", "pre", check=True).stdout
    words = counted.split()
    fragments = int(words[words.index("packets") + 1]) if "packets" in words else 0
    check(fragments >= 4, f"the pupil's hellos reached the gateway as IP fragments ({fragments} fragments)")
    time.sleep(0.5)
    blocked = [e for e in daemon.events() if e.get("host") == "www.facebook.com" and e.get("verdict") == "block"]
    check(len(blocked) >= 1, f"the fragmented facebook hello is a block event naming it ({len(blocked)} events)")
    stats = daemon.stats()
    check(stats.get("packets_fragmented") == 0, f"the queue handed the engine no fragment: conntrack reassembled "
          f"them (packets_fragmented {stats.get('packets_fragmented')})")
    check(stats.get("bypassed_packets", 0) == 0, f"no packet bypassed the daemon ({stats.get('bypassed_packets')})")
    daemon.stop()


def evasion_ip_fragments_passive(network, binaries):
    """The same fragmented hello seen from a mirror port: nothing reassembles before the capture (no firewall, no
    conntrack on the gateway), so the engine is handed the fragments and must rebuild the datagram to name it."""
    try:
        __import__("scapy")
    except ImportError:
        raise RuntimeError("python3-scapy is missing (tools/setup/install-debian-deps.sh installs it)")
    daemon = GatewayDaemon(network, binaries, passive_interface="up0")
    daemon.start(LESSON)
    network.run_in("pupil", "iptables", "-A", "OUTPUT", "-p", "tcp", "--tcp-flags", "RST", "RST", "-j", "DROP", check=True)
    crafted(network, "ipfrag2", "www.facebook.com")
    time.sleep(0.5)
    stats = daemon.stats()
    daemon.stop()
    blocked = [e for e in daemon.events() if e.get("host") == "www.facebook.com" and e.get("verdict") == "block"]
    check(len(blocked) >= 1, f"passive: the fragmented facebook hello is a block event naming it ({len(blocked)} events)")
    check(stats.get("packets_fragmented", 0) >= 2 and stats.get("datagrams_reassembled", 0) >= 1,
          f"passive: the engine was handed the fragments and rebuilt the datagram (packets_fragmented "
          f"{stats.get('packets_fragmented')}, datagrams_reassembled {stats.get('datagrams_reassembled')})")


def identity_dhcp_radius(network, binaries):
    """Issue 17: a real DHCP lease and real RADIUS Accounting name the person in the event (identity_e2e.py)."""
    for tool in ("dhclient", "radclient"):
        if not __import__("shutil").which(tool):
            check(False, f"{tool} is not installed (tools/setup/install-debian-deps.sh installs it)")
            return
    identity_e2e.identity_dhcp_radius(network, binaries, check, LESSON)


def console_approval(network, binaries):
    """The console in headless Chromium beside the daemon inline (tests/e2e/console_browser.py)."""
    import console_browser
    daemon = inline_school(network, binaries, LESSON)
    console_browser.run(network, binaries, daemon, check)
    daemon.stop()


SCENARIOS = {f.__name__: f for f in (pupil_blocked, staff_lesson_and_lunch, exemption_reload, quic_and_doh,
                                     fail_open_and_closed, events_exact, passive_mirror,
                                     evasion_padding_and_syn_data, evasion_decoys_that_die_on_the_way,
                                     evasion_decoys_the_server_drops, crash_sigkill, crash_sigsegv,
                                     watchdog_hung_worker, evasion_ip_fragments, evasion_ip_fragments_passive,
                                     evasion_long_conversations, evasion_junk_first_and_other_protocols,
                                     evasion_names_and_addresses,
                                     queue_overflow_keeps_each_networks_failure_mode, identity_dhcp_radius,
                                     console_approval)}


def main():
    binaries, wanted = sys.argv[1], sys.argv[2]
    reason = can_run()
    if reason:
        print(f"SKIP: e2e {wanted}: {reason}")
        return 77
    for name in (SCENARIOS if wanted == "all" else [wanted]):
        print(f"== {name}")
        with SchoolNetwork() as network:
            try:
                SCENARIOS[name](network, binaries)
            except Exception as error:  # a scenario that cannot run is a failure, with the reason
                check(False, f"{name}: {error}")
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
