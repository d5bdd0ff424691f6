"""The Timetable page's checks for console_security (run_console_security.py calls timetable_checks): an edit
is written with its audit record; a mistake is refused with `schoolgate check`'s own words beside the field and
the file unchanged; a stale edit is refused ("changed since you opened it") with what was typed kept; a write
without the CSRF token changes nothing (form and file upload alike); names stay text; the ICS import previews,
refuses an oversized file and applies on confirm; a timetable inside the policy is read-only."""

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "term-dates" / "northshire-2027-28.ics"


def multipart(client, path, fields, files):
    boundary = "----schoolgate-test-boundary"
    body = b""
    for key, value in fields.items():
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
    for key, (name, data) in files.items():
        body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; filename="{name}"\r\n'
                 "Content-Type: text/calendar\r\n\r\n").encode() + data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return client.request("POST", path, body=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})


def check_words(bin_dir, console, bad_text):
    """What `schoolgate check` says about a copy of the policy whose timetable file is `bad_text`."""
    copy = console.dir / "check-copy"
    copy.mkdir(exist_ok=True)
    for name in ("hillside.yaml", "hillside-exemptions.yaml"):
        shutil.copy(console.dir / name, copy / name)
    (copy / "hillside-timetable.yaml").write_text(bad_text)
    result = subprocess.run([str(Path(bin_dir) / "schoolgate"), "check", str(copy / "hillside.yaml")], capture_output=True, text=True)
    shutil.rmtree(copy)
    return result.stderr


class Form:
    def __init__(self, client, digest):
        self.client, self.digest = client, digest

    def post(self, section, index="", op="save", csrf=True, **values):
        form = {"digest": self.digest, "section": section, "index": index, "term": "0", "day": "", "op": op, **values}
        if csrf:
            form["csrf"] = self.client.csrf
        return self.client.request("POST", "/timetable/edit", form=form)


def edits(bin_dir, console, check):
    file = console.dir / "hillside-timetable.yaml"
    dsl = console.client()
    dsl.login("esafety")
    digest = json.loads(dsl.request("GET", "/api/v1/timetable")[2])["digest"]
    form = Form(dsl, digest)
    before = file.read_bytes()
    closure = {"date": "2026-11-30", "until": "", "name": "Polling day", "kind": "closure"}

    status = form.post("closures", csrf=False, **closure)[0]
    check(status == 403 and file.read_bytes() == before, f"a timetable form without the CSRF field was not refused ({status})")

    status, _, page = form.post("closures", index="0", date="2026-13-01", until="", name="INSET day", kind="inset")
    words = check_words(bin_dir, console, before.decode().replace("{date: 2026-11-27, name: INSET day", "{date: 2026-13-01, name: INSET day"))
    said = re.search(r"timetable\.closures\[0\]\.date: (.*)", words)
    beside = re.search(r'<span class="error field-error" id="tt-closures-0-0-date-error" role="alert">(.*?)</span>', page)
    check(status == 422 and said and beside and html.unescape(beside.group(1)).strip() == said.group(1).strip(),
          f"a bad date was not refused beside its field in schoolgate check's words ({status}; check said {words!r})")
    check('value="2026-13-01"' in page and file.read_bytes() == before, "a refused edit lost what was typed or changed the file")

    status, headers, _ = form.post("closures", **dict(closure, name="<script>alert(1)</script> day"))
    check(status == 303 and "2026-11-30" in file.read_text(), f"a good edit was not written ({status})")
    audit = [json.loads(line) for line in (console.dir / "hillside-timetable.yaml.audit.jsonl").read_text().splitlines()]
    check(audit and audit[-1]["action"] == "added" and audit[-1]["operator"]["console_account"] == "esafety" and
          audit[-1]["before"] is None and audit[-1]["after"]["date"] == "2026-11-30", f"no audit record of the edit: {audit[-1:]}")
    page = dsl.request("GET", "/timetable")[2]
    check("<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page, "a closure's name reached the page unescaped")
    check("timetable_added" in dsl.request("GET", "/audit")[2], "the console's audit page does not show the timetable change")

    changed = file.read_bytes()
    status, _, page = form.post("closures", **dict(closure, date="2026-12-02"))  # the digest is from before the edit
    check(status == 409 and "changed since you opened it" in page and 'value="2026-12-02"' in page and file.read_bytes() == changed,
          f"a stale edit was not refused with what was typed kept ({status})")
    status, _, page = Form(dsl, "").post("closures", **dict(closure, date="2026-12-03"))  # a form that lost its digest
    check(status == 409 and "reopen the page" in page and file.read_bytes() == changed,
          f"an edit without the digest was not refused, or changed the file ({status})")

    fresh = Form(dsl, json.loads(dsl.request("GET", "/api/v1/timetable")[2])["digest"])
    status = fresh.post("closures", index="1", op="remove", **closure)[0]
    check(status == 303 and "2026-11-30" not in file.read_text(), f"removing the closure failed ({status})")
    audit = [json.loads(line) for line in (console.dir / "hillside-timetable.yaml.audit.jsonl").read_text().splitlines()]
    check(audit[-1]["action"] == "removed" and audit[-1]["after"] is None and audit[-1]["before"]["date"] == "2026-11-30",
          f"the removal's audit record lacks before/after: {audit[-1]}")


def ics_import(console, check):
    file = console.dir / "hillside-timetable.yaml"
    dsl = console.client()
    dsl.login("esafety")
    before = file.read_bytes()
    ics = FIXTURE.read_bytes()
    status = multipart(dsl, "/timetable/import", {}, {"ics": ("terms.ics", ics)})[0]
    check(status == 403 and file.read_bytes() == before, f"an upload without the CSRF token was not refused ({status})")
    status, _, page = multipart(dsl, "/timetable/import", {"csrf": dsl.csrf}, {"ics": ("big.ics", b"X" * 40000)})
    check(status == 422 and "over the 32 KiB" in page and file.read_bytes() == before, f"an oversized .ics was not refused ({status})")
    cp1252 = ics.replace(b"SUMMARY:INSET day", b"SUMMARY:INSET day caf\xe9", 1)  # Windows-1252's e-acute
    status, _, page = multipart(dsl, "/timetable/import", {"csrf": dsl.csrf}, {"ics": ("cp1252.ics", cp1252)})
    check(status == 422 and "the file is not UTF-8 text (it may be saved as Windows-1252)" in page and file.read_bytes() == before,
          f"a .ics not in UTF-8 was not refused when read ({status})")
    status, _, page = multipart(dsl, "/timetable/import", {"csrf": dsl.csrf}, {"ics": ("terms.ics", ics)})
    check(status == 200 and "add Summer term 2028-04-18 to 2028-07-21" in page and "Not imported" in page and
          "malformed: DTSTART" in page and file.read_bytes() == before, f"the import's preview is wrong or changed the file ({status})")
    plan = re.search(r'name="plan" value="([^"]*)"', page)
    digest = re.search(r'name="digest" value="([^"]*)"', page)
    check(plan and digest, "the preview has no confirm form")
    if plan and digest:
        form = {"csrf": dsl.csrf, "digest": digest.group(1), "plan": html.unescape(plan.group(1))}
        for missing in ({k: v for k, v in form.items() if k != "digest"}, {**form, "digest": ""}):
            status, _, page = dsl.request("POST", "/timetable/import/apply", form=missing)
            check(status == 409 and "reopen the page" in page and file.read_bytes() == before,
                  f"confirming an import without the digest was not refused ({status})")
        status = dsl.request("POST", "/timetable/import/apply", form=form)[0]
        check(status == 303 and "start: 2028-04-18" in file.read_text(), f"confirming the import did not write it ({status})")
        status = dsl.request("POST", "/timetable/import/apply", form=form)[0]
        check(status == 409, f"confirming the same preview twice was not refused as stale ({status})")


def inline_read_only(console, check):
    policy = console.dir / "hillside.yaml"
    original = policy.read_text()
    body = (console.dir / "hillside-timetable.yaml").read_text()
    policy.write_text(original.replace("timetable: hillside-timetable.yaml\n", body[body.index("timetable:\n"):]))
    try:
        dsl = console.client()
        dsl.login("esafety")
        page = dsl.request("GET", "/timetable")[2]
        check("Read only here" in page and 'action="/timetable/edit"' not in page, "an inline timetable is not shown read-only")
        status, _, page = Form(dsl, "").post("closures", date="2026-11-30", until="", name="x", kind="closure")
        check(status == 422 and "move it to" in page and policy.read_text() != original, f"an inline timetable was edited ({status})")
    finally:
        policy.write_text(original)


def timetable_checks(bin_dir, console, check):
    edits(bin_dir, console, check)
    ics_import(console, check)
    inline_read_only(console, check)
