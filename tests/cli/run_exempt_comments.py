#!/usr/bin/env python3
"""`schoolgate exempt add|revoke` keeps the exemptions file's comments: the one entry is added or removed as
text, and the exact bytes written are validated. Comments above, between and after the entries (and on a
value) survive an add and a revoke; revoking what was added gives the file back byte for byte; an empty list
takes a first entry and gives it back; a shape the text editor does not know (a flow sequence) is written
afresh, validated, and the officer is told the comments were lost. Before, every change re-emitted the YAML
and every comment was lost.

Usage: run_exempt_comments.py SCHOOLGATE_BINARY
"""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COMMENTED = """\
# Hillside Academy exemptions (above the entries).
exemptions:
  # The office runs the official accounts: agreed by the governors in 2025.
  - id: office-official-accounts
    who: {user: office}
    services: [facebook, x]
    from: 2025-09-01
    until: 2027-07-31
    reason: runs the school's official accounts   # on a value
    approved_by: head
    created_by: esafety

  # Between the entries: the drama club's page.
  - id: drama-club
    who: {role: staff}
    services: [instagram]
    until: 2027-07-31
    reason: drama club page
    approved_by: head

# After the entries: review every September.
"""
COMMENTS = [line.strip() for line in COMMENTED.splitlines() if "#" in line]
failures = []


def check(condition, what):
    print(("ok    " if condition else "FAIL  ") + what)
    if not condition:
        failures.append(what)


def main():
    binary = sys.argv[1]
    env = dict(os.environ, TZ="UTC", LC_ALL="C")
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(os.path.join(ROOT, "config", "examples", "hillside.yaml"), os.path.join(tmp, "hillside.yaml"))
        shutil.copy(os.path.join(ROOT, "config", "examples", "hillside-timetable.yaml"), tmp)
        policy = os.path.join(tmp, "hillside.yaml")
        exemptions = os.path.join(tmp, "hillside-exemptions.yaml")

        def exempt(*args):
            return subprocess.run([binary, "exempt", *args, "--policy", policy], capture_output=True, text=True, env=env)

        def add(ident):
            return exempt("add", "--id", ident, "--role", "staff", "--services", "facebook", "--until", "2036-07-31",
                          "--reason", "a lesson on the school's page", "--approved-by", "head", "--by", "esafety")

        def text():
            with open(exemptions) as f:
                return f.read()

        def ids():
            listed = exempt("list")
            return [line.split()[0] for line in listed.stdout.splitlines()[1:]] if listed.returncode == 0 else None

        def kept(after, comments=COMMENTS):
            return [c for c in comments if c.split("#", 1)[1] not in after]

        with open(exemptions, "w") as f:
            f.write(COMMENTED)
        result = add("staff-lesson")
        check(result.returncode == 0, f"add on a commented file ({result.stderr.strip()})")
        check(not kept(text()), f"every comment is kept after an add (lost: {kept(text())})")
        check(ids() == ["office-official-accounts", "drama-club", "staff-lesson"], f"the entries after the add: {ids()}")
        check(text().rstrip().endswith("# After the entries: review every September."),
              "the new entry goes after the last entry, before the comment that follows the entries")
        result = exempt("revoke", "--id", "staff-lesson", "--by", "esafety")
        check(result.returncode == 0 and text() == COMMENTED, "revoking what was added gives the file back byte for byte")
        result = exempt("revoke", "--id", "office-official-accounts", "--by", "esafety")
        # A comment on one of the revoked entry's own lines goes with it; every other comment stays.
        outside = [c for c in COMMENTS if "# on a value" not in c]
        check(result.returncode == 0 and not kept(text(), outside),
              f"every comment outside the revoked entry is kept after a revoke (lost: {kept(text(), outside)})")
        check(ids() == ["drama-club"] and "id: office-official-accounts" not in text(), f"the entry is gone: {ids()}")

        empty = "# none yet\nexemptions: []  # filled in by schoolgate exempt\n# end\n"
        with open(exemptions, "w") as f:
            f.write(empty)
        result = add("first")
        check(result.returncode == 0 and ids() == ["first"] and not kept(text(), ["# none yet", "# filled in", "# end"]),
              f"an empty list takes a first entry, comments kept ({result.stderr.strip()})")
        result = exempt("revoke", "--id", "first", "--by", "esafety")
        check(result.returncode == 0 and text() == empty, "and revoking it gives the empty list back byte for byte")

        with open(exemptions, "w") as f:
            f.write("# flow style\nexemptions: [{id: f1, who: {role: staff}, services: [facebook], until: 2036-07-31, "
                    "reason: r, approved_by: head}]\n")
        result = add("second")
        check(result.returncode == 0 and ids() == ["f1", "second"], f"a flow sequence is written afresh ({ids()})")
        check("comments are gone" in result.stderr, f"and the officer is told its comments were lost ({result.stderr.strip()})")
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
