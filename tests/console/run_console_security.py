#!/usr/bin/env python3
"""console_security: the console's route table, roles, CSRF, session fixation, login throttling, escaping,
stale edits and oversized bodies, against the real schoolgate-console on loopback (tests/console/console_fixture.py).

Usage: run_console_security.py BIN_DIR

The authorisation checks are generated from the console's own route table (`schoolgate-console --routes`):
every route is requested by nobody and by each role, so a route added without the right access fails here.
"""

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from console_fixture import ACCOUNTS, ConsoleUnderTest  # noqa: E402
import annual_review_checks  # noqa: E402
import store_owner_checks  # noqa: E402
from console_timetable_checks import timetable_checks  # noqa: E402

# What each access level allows (tools/console/routes.cc role_may), written out again here on purpose.
ALLOWED = {
    "public": set(ACCOUNTS.values()),
    "signed-in": set(ACCOUNTS.values()),
    "people": {"headteacher", "dsl"},
    "request": {"headteacher", "dsl"},
    "approve": {"headteacher"},
    "oversight": {"headteacher", "dsl", "governor"},
}
# The boundaries, checked by name too (not only through the table above).
MUST_REFUSE = [("dsl", "POST", "/api/v1/exemption-requests/1/approve"), ("governor", "POST", "/api/v1/exemption-requests/1/approve"),
               ("dsl", "POST", "/exemption-requests/1/approve"), ("governor", "POST", "/exemption-requests/1/decline"),
               ("network-manager", "GET", "/people/office/timeline"), ("governor", "GET", "/people/office/timeline"),
               ("governor", "GET", "/api/v1/events"), ("network-manager", "GET", "/api/v1/events"),
               ("governor", "GET", "/reports/annual/incidents"), ("governor", "POST", "/reports/annual/incidents/0123456789abcdef/action"),
               ("network-manager", "GET", "/reports/annual"), ("network-manager", "GET", "/reports/annual/incidents"),
               ("governor", "POST", "/timetable/edit"), ("network-manager", "POST", "/timetable/edit"),
               ("governor", "POST", "/timetable/import/apply"), ("network-manager", "POST", "/timetable/import")]
problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


def route_table(bin_dir):
    out = subprocess.run([str(Path(bin_dir) / "schoolgate-console"), "--config", "unused", "--routes"], capture_output=True,
                         text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def unauthenticated(console, routes):
    client = console.client()
    for route in routes:
        status, headers, _ = client.request(route["method"], route["example"], {} if route["method"] == "POST" else None)
        if route["access"] == "public":
            check(status != 401 and (route["method"] == "POST" or status == 200),
                  f"{route['method']} {route['example']}: public route refused ({status})")
            continue
        expected = 401 if route["api"] else 303
        check(status == expected and (route["api"] or headers.get("location") == "/login"),
              f"{route['method']} {route['example']} reachable without signing in ({status})")


def per_role(console, routes):
    role_of = {role: name for name, role in ACCOUNTS.items()}
    for role, name in role_of.items():
        client = console.client()
        check(client.login(name)[0] == 200, f"{name} cannot sign in")
        for route in routes:
            if route["access"] == "public" or "logout" in route["example"]:
                continue
            status, _, _ = client.write(route["example"]) if route["method"] == "POST" else client.request("GET", route["example"])
            if role in ALLOWED[route["access"]]:
                check(status not in (401, 403), f"{role}: {route['method']} {route['example']} refused ({status})")
            else:
                check(status == 403, f"{role}: {route['method']} {route['example']} not refused ({status})")
        for who, method, path in MUST_REFUSE:
            if who == role:
                status = (client.write(path) if method == "POST" else client.request(method, path))[0]
                check(status == 403, f"{role} may {method} {path} ({status})")


def csrf(console):
    client = console.client()
    client.login("esafety")
    request = {"who": {"user": "office"}, "services": ["facebook"], "until": "2027-07-31", "reason": "csrf test"}
    before = client.request("GET", "/api/v1/exemption-requests")[2]
    status = client.request("POST", "/api/v1/exemption-requests", request)[0]
    check(status == 403, f"a write without the CSRF token was not refused ({status})")
    status = client.request("POST", "/api/v1/exemption-requests", request, {"X-CSRF-Token": "0" * 64})[0]
    check(status == 403, f"a write with a wrong CSRF token was not refused ({status})")
    status = client.request("POST", "/exemptions/new", form={"kind": "user", "who": "office", "services": "facebook", "until": "2027-07-31",
                                                             "reason": "csrf form test"})[0]
    check(status == 403, f"a form without the CSRF field was not refused ({status})")
    check(client.request("GET", "/api/v1/exemption-requests")[2] == before, "a refused write changed the requests")


def fixation_and_logout(console):
    client = console.client()
    client.cookies["sg_session"] = "a" * 64  # planted by an attacker before the victim signs in
    client.login("head")
    check(client.cookies.get("sg_session") not in (None, "a" * 64), "the session id was not replaced at sign-in")
    attacker = console.client()
    attacker.cookies["sg_session"] = "a" * 64
    check(attacker.request("GET", "/api/v1/status")[0] == 401, "the planted session id works after the victim signed in")
    status, headers, _ = client.login("head")
    cookie = headers.get("set-cookie", "")
    for flag in ("HttpOnly", "SameSite=Strict", "Path=/"):
        check(flag in cookie, f"session cookie lacks {flag}: {cookie}")
    stolen = dict(client.cookies)
    check(client.write("/api/v1/logout")[0] == 200, "logout failed")
    thief = console.client()
    thief.cookies.update(stolen)
    check(thief.request("GET", "/api/v1/status")[0] == 401, "a session still works after logout")


def throttling(console):
    client = console.client()
    for _ in range(5):
        client.login("governor", "wrong password!")
    status = client.login("governor")[0]
    check(status == 429, f"the right password after 5 failures was not throttled ({status})")


def escaping(console):
    event = {"schema_version": 1, "ts": "2026-03-04T10:15:00Z", "event": "verdict", "src_ip": "10.20.0.66", "src_port": 5000,
             "dst_ip": "192.0.2.10", "dst_port": 443, "transport": "tcp", "user": "<script>alert(1)</script>", "role": "pupil",
             "host": "<img src=x onerror=alert(2)>.example", "service": "facebook", "verdict": "block", "rule": "pupils-never",
             "reason": "<b>bold</b>"}
    (console.dir / "events" / "events-2026-03-04.jsonl").write_text(json.dumps(event) + "\n")
    subprocess.run([str(console.bin_dir / "schoolgate-console"), "--config", str(console.config), "--ingest"], check=True,
                   capture_output=True)
    client = console.client()
    client.login("esafety")
    for path in ("/people?q=script", "/people/%3Cscript%3Ealert(1)%3C%2Fscript%3E/timeline", "/?week=2026-03-02"):
        status, headers, body = client.request("GET", path)
        check(status == 200, f"{path}: {status}")
        check("<script" not in body and "<img" not in body and "<b>" not in body, f"{path}: untrusted text became markup")
        check("&lt;script&gt;" in body, f"{path}: the name is not shown as text")
        check("script-src" not in headers.get("content-security-policy", "x") and
              "default-src 'none'" in headers.get("content-security-policy", ""), f"{path}: no strict CSP")


def display_names(console):
    """People are shown by the name the policy gives them, with the id the events carry (events keep ids)."""
    event = {"schema_version": 1, "ts": "2026-03-04T10:16:00Z", "event": "verdict", "src_ip": "10.30.0.12", "src_port": 5001,
             "dst_ip": "192.0.2.10", "dst_port": 443, "transport": "tcp", "user": "office", "role": "staff",
             "service": "instagram", "verdict": "block", "rule": "staff-not-in-lessons", "reason": "r"}
    (console.dir / "events" / "events-2026-03-04.1.jsonl").write_text(json.dumps(event) + "\n")
    subprocess.run([str(console.bin_dir / "schoolgate-console"), "--config", str(console.config), "--ingest"], check=True,
                   capture_output=True)
    client = console.client()
    client.login("esafety")
    status, _, body = client.request("GET", "/people/office/timeline")
    check(status == 200 and "School office (office)" in body, f"/people/office/timeline does not name the person: {status}")


def ingest_idempotent(console):
    """Each line indexed once: a second ingest adds nothing, a line still being written waits for its newline,
    a rotated file of the same day is read too."""
    def line(n):
        return json.dumps({"schema_version": 1, "ts": f"2026-03-05T09:0{n}:00Z", "event": "verdict", "src_ip": "10.20.0.77",
                           "src_port": 5000, "dst_ip": "192.0.2.10", "dst_port": 443, "transport": "tcp", "role": "pupil",
                           "service": "x", "verdict": "block", "rule": "pupils-never", "reason": "r"})
    events = console.dir / "events"
    (events / "events-2026-03-05.jsonl").write_text(line(1) + "\n" + line(2) + "\n" + line(3)[:40])
    (events / "events-2026-03-05.1.jsonl").write_text(line(4) + "\n")
    client = console.client()
    client.login("esafety")

    def count():
        subprocess.run([str(console.bin_dir / "schoolgate-console"), "--config", str(console.config), "--ingest"], check=True,
                       capture_output=True)
        return len(json.loads(client.request("GET", "/api/v1/events?person=10.20.0.77")[2])["events"])
    check(count() == 3, "the first ingest did not index the 3 whole lines of two files")
    check(count() == 3, "a second ingest indexed lines again")
    (events / "events-2026-03-05.jsonl").write_text(line(1) + "\n" + line(2) + "\n" + line(3) + "\n")
    check(count() == 4, "the line finished after the first ingest was not indexed exactly once")


def approval_and_stale_edit(console):
    dsl, head = console.client(), console.client()
    dsl.login("esafety")
    head.login("head")
    status, _, body = dsl.write("/api/v1/exemption-requests", {"who": {"user": "office"}, "services": ["instagram"],
                                                                "until": "2027-07-31", "reason": "the school's Instagram"})
    check(status == 201, f"request refused: {status} {body}")
    request_id = json.loads(body).get("id")
    status, _, body = dsl.write("/api/v1/exemption-requests", {"who": {"user": "nobody"}, "services": ["instagram"],
                                                                "until": "2027-07-31", "reason": "unknown user"})
    check(status == 400 and "nobody" in body, f"a request for an unknown user was not refused with the compiler's words: {body}")
    stale = head.write(f"/api/v1/exemption-requests/{request_id}/approve", {"reason": "ok", "digest": "0" * 64})
    check(stale[0] == 409 and "changed since you opened it" in stale[2], f"a stale approval was not refused: {stale}")
    digest = json.loads(head.request("GET", "/api/v1/exemptions")[2])["digest"]
    status, _, body = head.write(f"/api/v1/exemption-requests/{request_id}/approve", {"reason": "agreed", "digest": digest})
    check(status == 200, f"approval failed: {status} {body}")
    text = (console.dir / "hillside-exemptions.yaml").read_text()
    check(f"console-{request_id}" in text and "approved_by: head" in text, "the exemptions file does not hold the approval")
    audit = (console.dir / "hillside-exemptions.yaml.audit.jsonl").read_text().splitlines()
    check(any('"console_account":"head"' in line and "added" in line for line in audit), "no audit record names the head's account")
    again = head.write(f"/api/v1/exemption-requests/{request_id}/approve", {"reason": "twice"})
    check(again[0] == 409, f"a decided request was approved again ({again[0]})")
    # The API's approve as issue 18 specifies it ({"reason"} alone): the request names what is approved, so
    # the digest is optional there (only the timetable's position-named edits require one).
    status, _, body = dsl.write("/api/v1/exemption-requests", {"who": {"user": "office"}, "services": ["x"],
                                                                "until": "2027-07-31", "reason": "the school's X account"})
    status, _, body = head.write(f"/api/v1/exemption-requests/{json.loads(body).get('id')}/approve", {"reason": "agreed"})
    check(status == 200, f"an approval without a digest was refused: {status} {body}")


def oversized(console):
    client = console.client()
    client.login("esafety")
    status = client.write("/api/v1/exemption-requests", {"reason": "x" * 200000})[0]
    check(status == 413, f"an oversized body was not refused ({status})")


def plain_http_elsewhere(bin_dir, console):
    """Plain HTTP on any address but loopback is refused at start (the file's listen and --listen alike), with
    the reason; loopback and HTTPS elsewhere are accepted (so the refusals are about the address)."""
    binary = str(Path(bin_dir) / "schoolgate-console")
    bad = console.dir / "public.yaml"
    bad.write_text("listen: 192.0.2.1:80\npolicy: hillside.yaml\ndatabase: public.db\n")
    for args in (["--check"], []):  # without --check: the start itself, which must not serve
        try:
            result = subprocess.run([binary, "--config", str(bad), *args], capture_output=True, text=True, timeout=20)
        except subprocess.TimeoutExpired:
            check(False, f"plain HTTP on 192.0.2.1 started serving ({args})")
            continue
        check(result.returncode == 2 and "loopback" in result.stderr, f"plain HTTP off loopback was accepted {args}: {result.stderr}")
    for listen in ("0.0.0.0:8080", "[::]:8080", "192.0.2.1:8080", "[2001:db8::1]:8080"):
        result = subprocess.run([binary, "--config", str(console.config), "--listen", listen, "--check"], capture_output=True, text=True)
        check(result.returncode == 2 and "loopback" in result.stderr, f"--listen {listen} over plain HTTP was accepted: {result.stderr}")
    for listen in ("127.0.0.2:8080", "[::1]:8080", "localhost:8080"):
        result = subprocess.run([binary, "--config", str(console.config), "--listen", listen, "--check"], capture_output=True, text=True)
        check(result.returncode == 0, f"--listen {listen} (loopback) was refused: {result.stderr}")


def https_cookie(bin_dir):
    """Over HTTPS the session cookie is Secure, HttpOnly and SameSite=Strict (and so is the login form's)."""
    console = ConsoleUnderTest(bin_dir, tls=True)
    try:
        console.add_accounts()
        console.start()
        client = console.client()
        _, headers, _ = client.request("GET", "/login")
        login_cookie = headers.get("set-cookie", "")
        check(all(flag in login_cookie for flag in ("Secure", "HttpOnly", "SameSite=Strict")), f"the login cookie over HTTPS: {login_cookie}")
        _, headers, _ = client.login("head")
        cookie = headers.get("set-cookie", "")
        for flag in ("Secure", "HttpOnly", "SameSite=Strict"):
            check(flag in [part.strip() for part in cookie.split(";")], f"the session cookie over HTTPS lacks {flag}: {cookie}")
        check(client.request("GET", "/api/v1/status")[0] != 401, "the session does not work over HTTPS")
    finally:
        console.stop()


def main():
    bin_dir = sys.argv[1]
    routes = route_table(bin_dir)
    check(len(routes) >= 30, f"the route table has only {len(routes)} routes")
    console = ConsoleUnderTest(bin_dir)
    try:
        console.add_accounts()
        console.start()
        for step in (unauthenticated, per_role):
            step(console, routes)
        for step in (csrf, fixation_and_logout, escaping, display_names, ingest_idempotent, approval_and_stale_edit, oversized, throttling):
            step(console)
        timetable_checks(bin_dir, console, check)
        plain_http_elsewhere(bin_dir, console)
        store_owner_checks.run(bin_dir, console.dir, check)
    finally:
        console.stop()
    https_cookie(bin_dir)
    annual_review_checks.run(bin_dir, check)
    for problem in problems:
        print("console_security:", problem)
    if not problems:
        print(f"console_security: {len(routes)} routes x {len(ACCOUNTS)} roles, CSRF, fixation, throttling, escaping, stale edits: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
