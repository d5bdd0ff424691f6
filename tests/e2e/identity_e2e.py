"""Issue 17's end-to-end scenario: who is who from a real DHCP exchange and real RADIUS Accounting.

In the test school (school_network.py), the gateway namespace also runs dnsmasq as the pupil Wi-Fi's DHCP
server (its lease file watched by schoolgated), the pupil's namespace asks for a lease with ISC dhclient
(sending the host name pupil-ipad-17), and FreeRADIUS's radclient, in the office PC's namespace (the listed
RADIUS client, standing in for the Wi-Fi controller), sends Accounting to the daemon on 10.30.0.1:1813.
"""
import os
import subprocess
import time

from gateway_daemon import GatewayDaemon

SECRET = "e2e-shared-secret"
DIRECTORY = """username,display_name,role,devices
jo.bloggs,"Bloggs, Jo (9B)",pupil,pupil-ipad-17
ms.khan,Aisha Khan,staff,02:00:5e:1e:00:3c
"""


def wait_for(predicate, timeout=5.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def new_event(daemon, before, src_ip):
    """The first event for src_ip written after the first `before` events (the writer is asynchronous)."""
    found = []

    def written():
        found[:] = [e for e in daemon.events()[before:] if e.get("src_ip") == src_ip]
        return bool(found)
    wait_for(written)
    return found[0] if found else {}


def radclient(network, host, status, user, address, secret=SECRET):
    """radclient sends one Accounting-Request from HOST; True when an Accounting-Response came back."""
    attributes = (f'User-Name = "{user}"\nAcct-Status-Type = {status}\nFramed-IP-Address = {address}\n'
                  'Calling-Station-Id = "02-00-5E-1E-00-3C"\nAcct-Session-Id = "e2e-1"\n')
    result = network.run_in(host, "radclient", "-D", "/usr/share/freeradius", "-t", "1", "-r", "1",
                            "10.30.0.1:1813", "acct", secret, input=attributes, timeout=10)
    return result.returncode == 0 and "Received Accounting-Response" in result.stdout + result.stderr


def dhclient(network, release=False):
    scratch = network.scratch
    conf = os.path.join(scratch, "dhclient.conf")
    with open(conf, "w") as f:
        f.write('send host-name "pupil-ipad-17";\n')
    args = ["dhclient", "-r" if release else "-1", "-cf", conf, "-sf", "/bin/true", "-lf",
            os.path.join(scratch, "dhclient.leases"), "-pf", os.path.join(scratch, "dhclient.pid"), "eth0"]
    return network.run_in("pupil", *args, timeout=15)


def start_dhcp_server(network):
    dhcp = os.path.join(network.scratch, "dhcp")
    os.makedirs(dhcp, exist_ok=True)
    os.chmod(dhcp, 0o755)
    leases = os.path.join(dhcp, "dnsmasq.leases")
    # The pupil keeps its address (10.20.0.50, the range's one address): --no-ping, so dnsmasq offers it.
    network.start_in("gw", "dnsmasq", "--keep-in-foreground", "--port=0", "--interface=brp", "--bind-interfaces",
                     "--no-ping", "--dhcp-range=10.20.0.50,10.20.0.50,255.255.0.0,2m", f"--dhcp-leasefile={leases}",
                     "--dhcp-authoritative", "--pid-file=", "--user=root", "--log-dhcp", "--log-facility=-",
                     log=os.path.join(network.scratch, "dhcp-server.log"))
    return leases


def configure(daemon, leases):
    with open(os.path.join(daemon.dir, "directory.csv"), "w") as f:
        f.write(DIRECTORY)
    secret = os.path.join(daemon.dir, "radius-secret")
    with open(secret, "w") as f:
        f.write(SECRET + "\n")
    os.chmod(secret, 0o600)
    with open(daemon.policy, "a") as f:
        f.write(f"""
identity:
  dhcp_leases:
    - {{format: dnsmasq, path: {leases}}}
  radius_accounting:
    listen: 10.30.0.1:1813
    secret_file: radius-secret
    clients: [10.30.0.12/32]
  directory:
    csv: directory.csv
""")


def identity_dhcp_radius(network, binaries, check, school_time):
    leases = start_dhcp_server(network)
    daemon = GatewayDaemon(network, binaries)
    configure(daemon, leases)
    daemon.firewall("install")
    daemon.start(school_time)
    identity = lambda: daemon.stats()["identity"]  # noqa: E731

    # A real DHCP exchange: the lease lands in dnsmasq's file, the daemon reads it (inotify) and the
    # directory names the device's owner.
    got = dhclient(network)
    check(got.returncode == 0 and "pupil-ipad-17" in open(leases).read(),
          f"dhclient got a lease from dnsmasq ({open(leases).read().strip()})")
    check(wait_for(lambda: identity()["bindings"]["dhcp"] == 1), f"the daemon bound the lease: {identity()}")
    before = len(daemon.events())
    ok, _, _ = network.fetch("pupil", "facebook.com")
    event = new_event(daemon, before, "10.20.0.50")
    check(not ok and event.get("verdict") == "block", "the pupil is blocked from facebook.com")
    check(event.get("user") == "jo.bloggs" and event.get("identity_source") == "dhcp" and
          event.get("device") == "pupil-ipad-17" and isinstance(event.get("binding_age_s"), int),
          f"the event names the directory's user, by DHCP: {dict((k, event.get(k)) for k in ('user', 'device', 'identity_source', 'binding_age_s'))}")
    events = sorted(os.path.join(daemon.events_dir, n) for n in os.listdir(daemon.events_dir))
    report = subprocess.run([daemon.schoolgate, "report", *events, "--policy", daemon.policy, "--user", "jo.bloggs"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=30)
    check(report.returncode == 0 and "jo.bloggs (Bloggs, Jo (9B))" in report.stdout,
          "schoolgate report --user jo.bloggs shows her display name: " +
          next((line for line in report.stdout.splitlines() if "jo.bloggs" in line), report.stderr.strip()))
    check("Bloggs" not in open(events[0]).read(), "the event log itself holds no display name")

    # RADIUS Accounting Start from the listed client: answered, and the staff laptop's address is Ms Khan's.
    check(radclient(network, "office", "Start", "ms.khan", "10.30.0.60"), "radclient Start is answered")
    check(wait_for(lambda: identity()["bindings"]["radius"] == 1), "the RADIUS session is bound")
    before = len(daemon.events())
    network.fetch("staff", "facebook.com")
    event = new_event(daemon, before, "10.30.0.60")
    check(event.get("user") == "ms.khan" and event.get("identity_source") == "radius",
          f"the staff laptop's event names ms.khan by RADIUS ({event.get('user')}, {event.get('identity_source')})")

    # Forgeries change nothing: a Stop with the wrong secret, and one from an address not in clients.
    check(not radclient(network, "office", "Stop", "ms.khan", "10.30.0.60", secret="guessed-secret"),
          "a Stop with the wrong secret gets no answer")
    check(not radclient(network, "staff", "Stop", "ms.khan", "10.30.0.60"), "a Stop from an unlisted client gets no answer")
    radius = identity()["radius"]
    check(radius["bad_authenticator"] >= 1 and radius["refused_client"] >= 1 and identity()["bindings"]["radius"] == 1,
          f"both were dropped and counted, the session stays: {radius}")
    before = len(daemon.events())
    network.fetch("staff", "facebook.com")
    check(new_event(daemon, before, "10.30.0.60").get("user") == "ms.khan", "the next event still names ms.khan")

    # A real Stop ends the session: the address is the staff network's again.
    check(radclient(network, "office", "Stop", "ms.khan", "10.30.0.60"), "radclient Stop is answered")
    check(wait_for(lambda: identity()["bindings"]["radius"] == 0), "the Stop removed the binding")
    before = len(daemon.events())
    network.fetch("staff", "facebook.com")
    event = new_event(daemon, before, "10.30.0.60")
    check(event.get("identity_source") == "network" and "user" not in event,
          f"after the Stop the event names nobody ({event.get('identity_source')})")

    # The lease ends (DHCPRELEASE): dnsmasq rewrites its file, the daemon drops the binding.
    released = dhclient(network, release=True)
    check(released.returncode == 0 and "10.20.0.50" not in open(leases).read(), "dhclient released the lease")
    check(wait_for(lambda: identity()["bindings"]["dhcp"] == 0), f"the ended lease removed the binding: {identity()}")
    before = len(daemon.events())
    network.fetch("pupil", "facebook.com")
    event = new_event(daemon, before, "10.20.0.50")
    check(event.get("identity_source") == "network" and "user" not in event and event.get("role") == "pupil",
          f"after the release the pupil's event names nobody ({event.get('identity_source')})")
    daemon.stop()
