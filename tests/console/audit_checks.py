"""The exemptions and audit pages, for console_security (run on annual_review_checks' console, whose policy
names the pupil zquinn in an exemption written with the CLI, id zquinn-ipad). A governor's exemptions page says
whom an exemption is for by role, with no hand-written id and no reason or decision text; a governor's audit
page names no one in its "what" column (a timeline viewed, a hand-written exemption id revoked, a refused
path), the dsl's does; and an exemption change whose console audit record cannot be written is made and says
so, never silently."""

import json
import sqlite3

from annual_review_checks import csrf_of


def revoke(client, exemption_id):
    digest = json.loads(client.request("GET", "/api/v1/exemptions")[2])["digest"]
    token = csrf_of(client.request("GET", "/exemptions")[2])
    return client.request("POST", f"/exemptions/{exemption_id}/revoke", form={"csrf": token, "digest": digest})


def failing_audit(console, check, dsl):
    """A trigger in the console's own store refuses the revocation's audit row: the store is real, only full."""
    check("id: console-1" in (console.dir / "hillside-exemptions.yaml").read_text(), "console-1 was not approved before")
    db = sqlite3.connect(console.dir / "console.db", timeout=10)
    db.execute("CREATE TRIGGER audit_full BEFORE INSERT ON audit WHEN NEW.action = 'exemption_revoked' "
               "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    db.commit()
    try:
        status, headers, _ = revoke(dsl, "console-1")
        check(status == 303 and "audit=failed" in headers.get("location", ""),
              f"a revocation whose audit cannot be written does not say so ({status} {headers.get('location')})")
        page = dsl.request("GET", headers.get("location", "/exemptions"))[2]
        check("audit record of it could not be written" in page, "the exemptions page does not say the audit record is missing")
        exemptions = (console.dir / "hillside-exemptions.yaml").read_text()
        check("id: console-1" not in exemptions, "the revocation was not made when its console audit failed")
    finally:
        db.execute("DROP TRIGGER audit_full")
        db.commit()
        db.close()


def run(console, check):
    dsl, governor = console.client(), console.client()
    dsl.login("esafety")
    governor.login("governor")
    gov_exemptions, dsl_exemptions = governor.request("GET", "/exemptions")[2], dsl.request("GET", "/exemptions")[2]
    check("zquinn-ipad" in dsl_exemptions and "hearing aid" in dsl_exemptions and "agreed" in dsl_exemptions,
          "the dsl's exemptions page does not show the exemption, its reason and the decision")
    check("exemption 1" in gov_exemptions and "a person with the role pupil" in gov_exemptions and "console-1" in gov_exemptions,
          "the governor's exemptions page does not say what is exempted")
    for private in ("zquinn", "zelda", "hearing aid", "office", "school's", "agreed"):
        check(private not in gov_exemptions.lower(), f"the governor's exemptions page names someone or their reason ('{private}')")
    check(dsl.request("GET", "/people/zquinn/timeline")[0] == 200, "the dsl cannot open zquinn's timeline")
    status, headers, _ = revoke(dsl, "zquinn-ipad")
    check(status == 303, f"the dsl cannot revoke zquinn-ipad ({status} {headers.get('location')})")
    governor.request("GET", "/people/zquinn/timeline")  # refused (403) and audited with its path
    failing_audit(console, check, dsl)
    dsl_audit = dsl.request("GET", "/audit")[2]
    check("timeline_viewed" in dsl_audit and "zquinn-ipad" in dsl_audit and "/people/zquinn/timeline" in dsl_audit,
          "the dsl's audit page does not say whose timeline was viewed and which exemption was revoked")
    gov_audit = governor.request("GET", "/audit")[2]
    check("timeline_viewed" in gov_audit and "exemption_revoked" in gov_audit and "an exemption" in gov_audit,
          "the governor's audit page does not show who did what and when")
    check("zquinn" not in gov_audit.lower(), "the governor's audit page names the pupil (a timeline, an exemption id or a path)")
