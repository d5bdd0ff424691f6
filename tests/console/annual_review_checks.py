"""The annual review pack (/reports/annual) and its records, for console_security: a console of its own whose
policy gives a member of staff a display name with markup, a pupil's alerts in the event index, a check and an
incident action recorded through the forms. Checks the roles (a governor reads the pack, never a person's
incidents; a network manager neither), the governor's copy names no one, names stay text, a bad year is refused
with the form expected, a write without the CSRF token changes nothing, and every record is audited."""

import datetime
import json
import re
import zoneinfo
import subprocess

from console_fixture import ConsoleUnderTest

PUPIL = "<script>alert('pupil')</script>"
STAFF_NAME = "Office <em>manager</em>"


def alert_event(ts, user, techniques, alert="circumvention"):
    return {"schema_version": 1, "ts": ts, "event": "alert", "alert": alert, "policy_generation": 1, "src_ip": "10.20.0.91",
            "user": user, "role": "pupil", "attempts": 5, "window_seconds": 600, "first_attempt": ts, "services": ["facebook"],
            "techniques": techniques, "reason": "<b>Pupils may not use VPNs</b>", "rule": "pupils-no-circumvention",
            "school_time": ts}


def prepare(console):
    policy = console.dir / "hillside.yaml"
    text = policy.read_text().replace("office: {display_name: School office,", f"office: {{display_name: \"{STAFF_NAME}\",")
    # A pupil the school names in a rule and in an exemption written with the CLI (id and reason are free text).
    text = text.replace("  office: {display_name:", "  zquinn: {display_name: Zelda Quinn, role: pupil}\n  office: {display_name:")
    text = text.replace("default_action: allow", "  - {name: one-pupil-app, who: {users: [zquinn]}, services: [instagram], action: allow,\n"
                                                  "     reason: An app one pupil needs.}\n\ndefault_action: allow")
    policy.write_text(text)
    subprocess.run([str(console.bin_dir / "schoolgate"), "exempt", "add", "--policy", str(policy), "--id", "zquinn-ipad", "--user",
                    "zquinn", "--services", "x", "--until", "2027-07-31", "--reason", "for Zelda Quinn, hearing aid app",
                    "--approved-by", "head", "--by", "esafety"], check=True, capture_output=True)
    events = [alert_event("2026-03-04T10:15:00.000Z", PUPIL, ["vpn.openvpn"]),
              alert_event("2026-03-05T11:00:00.000Z", PUPIL, ["vpn.openvpn"]),
              alert_event("2025-10-06T09:30:00.000Z", "pupil-2", ["repeated_attempts", "vpn.openvpn"], "repeated_attempts")]
    (console.dir / "events" / "events-2026-03-04.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events))
    subprocess.run([str(console.bin_dir / "schoolgate-console"), "--config", str(console.config), "--ingest"], check=True,
                   capture_output=True)


def csrf_of(body):
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', body)
    return found.group(1) if found else ""


def grant_exemption(console, check):
    dsl, head = console.client(), console.client()
    dsl.login("esafety")
    head.login("head")
    status, _, body = dsl.write("/api/v1/exemption-requests", {"who": {"user": "office"}, "services": ["instagram"],
                                                                "until": "2027-07-31", "reason": "the <b>school's</b> account"})
    request_id = json.loads(body).get("id")
    digest = json.loads(head.request("GET", "/api/v1/exemptions")[2])["digest"]
    status, _, body = head.write(f"/api/v1/exemption-requests/{request_id}/approve", {"reason": "agreed", "digest": digest})
    check(status == 200, f"annual review: the exemption was not approved ({status} {body})")


def years(console, check, dsl):
    status, _, body = dsl.request("GET", "/reports/annual?year=2025-27")
    check(status == 400 and "2025-26" in body and "1 September" in body, f"a bad year is not refused with the form expected ({status})")
    status, _, body = dsl.request("GET", "/reports/annual?year=%3Cb%3E")
    check(status == 400 and "<b>" not in body and "&lt;b&gt;" in body, "a bad year is not shown as text")
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/London")).date()  # the console runs on the real clock
    first = today.year if today.month >= 9 else today.year - 1
    current = f"{first}-{(first + 1) % 100:02d}"
    status, _, body = dsl.request("GET", "/reports/annual")
    check(status == 200 and f"academic year {current}" in body, f"the pack's default is not the current academic year ({current})")


def record_check(console, check, dsl):
    form = {"checked_on": "2026-03-10", "what": "SWGfL test site from a <i>pupil</i> laptop", "result": "failed",
            "action": "asked the provider to block it"}
    refused = dsl.request("POST", "/reports/annual/checks", form=form)[0]
    check(refused == 403, f"a check without the CSRF token was not refused ({refused})")
    check("SWGfL" not in dsl.request("GET", "/reports/annual?year=2025-26")[2], "a refused check was recorded")
    token = csrf_of(dsl.request("GET", "/reports/annual/checks/new")[2])
    for bad, why in (({"checked_on": "2026-02-30"}, "is not a day"), ({"checked_on": "2099-01-01"}, "in the future"),
                     ({"action": ""}, "did not pass"), ({"result": "great"}, "passed, partly or failed")):
        status, _, body = dsl.request("POST", "/reports/annual/checks", form={**form, **bad, "csrf": token})
        check(status == 400 and why in body, f"check {bad}: not refused with '{why}' ({status})")
    check("SWGfL" not in dsl.request("GET", "/reports/annual?year=2025-26")[2], "a refused check was recorded")
    status, headers, _ = dsl.request("POST", "/reports/annual/checks", form={**form, "csrf": token})
    check(status == 303 and headers.get("location", "").startswith("/reports/annual?year=2025-26"), f"the check was not recorded ({status})")


def record_action(console, check, dsl):
    status, _, body = dsl.request("GET", "/reports/annual/incidents?year=2025-26")
    keys = re.findall(r'id="incident-([0-9a-f]{16})"', body)
    check(status == 200 and len(keys) == 3, f"the incidents page does not list the year's 3 alerts ({status}, {len(keys)})")
    check("<script>alert" not in body and "&lt;script&gt;" in body and "<b>Pupils" not in body, "the incidents page is not escaped")
    if not keys:
        return
    refused = dsl.request("POST", f"/reports/annual/incidents/{keys[0]}/action", form={"action": "x"})[0]
    check(refused == 403, f"an incident action without the CSRF token was not refused ({refused})")
    status, _, _ = dsl.request("POST", f"/reports/annual/incidents/{keys[0]}/action",
                               form={"action": "spoke to <i>the pupil</i> and parents", "csrf": csrf_of(body), "year": "2025-26"})
    check(status == 303, f"the incident action was not recorded ({status})")
    status = dsl.request("POST", "/reports/annual/incidents/00000000000000ff/action", form={"action": "x", "csrf": csrf_of(body)})[0]
    check(status == 404, f"an action on no incident was not refused ({status})")


def packs(console, check):
    dsl, governor, netman = console.client(), console.client(), console.client()
    dsl.login("esafety")
    governor.login("governor")
    netman.login("netman")
    body = dsl.request("GET", "/reports/annual?year=2025-26")[2]
    for needed in ("Hillside Academy", "E-safety officer (esafety)", "Pupils may not use social media", "SWGfL test site",
                   "asked the provider", "spoke to &lt;i&gt;the pupil&lt;/i&gt;", "OpenVPN VPN", "Repeated blocked attempts"):
        check(needed in body, f"the dsl's pack lacks '{needed}'")
    check("<i>" not in body and "<em>manager" not in body, "the dsl's pack is not escaped")
    status, _, gov = governor.request("GET", "/reports/annual?year=2025-26")
    check(status == 200 and "SWGfL test site" in gov and "OpenVPN VPN" in gov, f"the governor cannot read the pack ({status})")
    for name in ("script", "pupil-2", "spoke to", "10.20.0.91"):
        check(name not in gov, f"the governor's pack names '{name}'")
    now_gov = governor.request("GET", "/reports/annual")[2]
    now_dsl = dsl.request("GET", "/reports/annual")[2]
    check("Office &lt;em&gt;manager&lt;/em&gt; (office)" in now_dsl and "&lt;b&gt;school" in now_dsl,
          "the dsl's pack does not name the exempted member of staff as text")
    check("Office &lt;em" not in now_gov and "(office)" not in now_gov and "a person with the role staff" in now_gov,
          "the governor's pack names the exempted person")
    check("Headteacher (head)" in now_gov, "the governor's pack does not name the approver")
    gov_policy = governor.request("GET", "/policy")[2]
    check("zquinn" not in gov_policy and "one named person" in gov_policy, "the governor's Policy page names the pupil of a user rule")
    check("user zquinn" in dsl.request("GET", "/policy")[2], "the dsl's Policy page does not name the user rule's pupil")
    for pupil in ("zquinn", "zelda"):
        check(pupil not in now_gov.lower(), f"the governor's pack names the pupil ('{pupil}': exemption id, reason or user rule)")
        check(pupil not in governor.request("GET", "/reports/annual.csv")[2].lower(), f"the governor's CSV names the pupil ('{pupil}')")
    check("one named person" in now_gov and "exemption 1" in now_gov, "the governor's pack does not say who the rule and exemption are for")
    now_csv = dsl.request("GET", "/reports/annual.csv")[2]
    for needed in ("zquinn-ipad", "for Zelda Quinn, hearing aid app", "user zquinn"):
        check(needed in now_dsl and needed in now_csv, f"the dsl's pack or CSV lacks '{needed}'")
    csv = governor.request("GET", "/reports/annual.csv?year=2025-26")[2]
    check("check,2026-03-10" in csv and "script" not in csv and "spoke to" not in csv, "the governor's CSV is wrong or names someone")
    for path in ("/reports/annual/incidents?year=2025-26", "/people/pupil-2/timeline"):
        check(governor.request("GET", path)[0] == 403, f"a governor may open {path}")
    for path in ("/reports/annual", "/reports/annual/incidents", "/reports/annual.csv"):
        check(netman.request("GET", path)[0] == 403, f"a network manager may open {path}")
    audit = dsl.request("GET", "/audit")[2]
    check("review_check_recorded" in audit and "incident_action_recorded" in audit, "the records are not audited")
    check("spoke to" in audit, "the dsl's audit page does not show the incident note")
    gov_audit = governor.request("GET", "/audit")[2]
    check("incident_action_recorded" in gov_audit and "spoke to" not in gov_audit
          and "shown to the headteacher and the dsl" in gov_audit, "the governor's audit page shows the before/after details")


def run(bin_dir, check):
    console = ConsoleUnderTest(bin_dir)
    try:
        prepare(console)
        console.add_accounts()
        console.start()
        grant_exemption(console, check)
        dsl = console.client()
        dsl.login("esafety")
        years(console, check, dsl)
        record_check(console, check, dsl)
        record_action(console, check, dsl)
        packs(console, check)
        import audit_checks  # after the packs, which read the exemptions it revokes
        audit_checks.run(console, check)
    finally:
        console.stop()
