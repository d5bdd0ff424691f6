#!/usr/bin/env python3
"""docs_examples: every command example in docs/*.md and README.md runs as printed.

Usage: check_doc_examples.py REPO_ROOT BIN_DIR

For each Markdown file, the command blocks (tests/docs/doc_blocks.py says which) are run in order, each
command exactly as printed with `sh -c`, from a scratch directory that holds links to the repository's
top-level entries (so `config/...` and `pcaps/...` resolve; `build/bin` is BIN_DIR; files a doc makes, such as
`demo/`, stay out of the repository), with BIN_DIR first on PATH, TZ=UTC and LC_ALL=C. Checked:
- the exit status: 0, or the `<!-- doc-test: exit=N -->` before the block;
- for console blocks (docs/cli.md): that stdout and stderr together are exactly the lines shown, after the
  one documented normalisation: an audit line's write time "ts":"..." becomes "ts":"…", and the CR of CRLF
  line ends (CSV) is dropped, since Markdown cannot show it;
- for synopsis blocks (the README's usage): that each command exists and its --help names every option the
  synopsis shows;
- that docs/cli.md is exactly what docs/make-cli-examples.sh writes now.
Blocks marked `<!-- doc-test: skip: REASON -->` are listed with their reason and not run.
"""

import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from doc_blocks import COMMAND_LANGUAGES, read_blocks  # noqa: E402

TIMEOUT_SECONDS = 120


def normalise(text):
    text = re.sub(r'"ts":"[^"]*"', '"ts":"…"', text)
    return "\n".join(line.rstrip("\r") for line in text.split("\n")).rstrip("\n")


def scratch_directory(root, bin_dir):
    """Links to the repository's entries; `build/bin` is the binaries under test (whichever build made them)."""
    scratch = Path(tempfile.mkdtemp(prefix="sg-doc-examples-"))
    for entry in root.iterdir():
        if entry.name not in (".git", "build"):
            (scratch / entry.name).symlink_to(entry)
    (scratch / "build").mkdir()
    (scratch / "build" / "bin").symlink_to(bin_dir)
    return scratch


def run(command, cwd, env):
    try:
        proc = subprocess.run(["sh", "-c", command], cwd=cwd, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return None, f"(no answer within {TIMEOUT_SECONDS} s)"
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


def check_synopsis(block, cwd, env, problems):
    """Each `build/bin/schoolgate SUB ...` / `schoolgated ...` line: the command exists, its options are real."""
    entries = []
    for text in block.lines:
        if re.match(r"^\S", text):
            entries.append(text)
        elif entries and text.strip():
            entries[-1] += " " + text.strip()
    for entry in entries:
        entry = entry.split("#", 1)[0]
        words = entry.split()
        if not words:
            continue
        program = words[0]
        helps = []
        if program.endswith("/schoolgate"):
            sub = words[1]
            helps.append([program, sub, "--help"])
            if len(words) > 2 and "|" in words[2]:
                helps += [[program, sub, alternative, "--help"] for alternative in words[2].split("|")]
        else:
            helps.append([program, "--help"])
        text = ""
        for argv in helps:
            code, output = run(" ".join(argv), cwd, env)
            if code != 0:
                problems.append(f"{block.file}:{block.line}: synopsis `{entry.strip()}`: `{' '.join(argv)}` exits {code}")
            text += output
        for option in sorted(set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", entry))):
            if not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text):
                problems.append(f"{block.file}:{block.line}: synopsis `{entry.strip()}`: {option} is not in its --help")
        print(f"synopsis {block.file}:{block.line}: {' '.join(words[:2])}: checked against --help")


def main():
    root = Path(sys.argv[1]).resolve()
    bin_dir = Path(sys.argv[2]).resolve()
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}", TZ="UTC", LC_ALL="C")
    env.pop("SUDO_USER", None)  # exempt's audit names it when set; the page shows a plain root shell
    files = sorted((root / "docs").glob("*.md")) + [root / "README.md"]
    problems, ran, skipped = [], 0, 0
    for path in files:
        name = str(path.relative_to(root))
        blocks = [b for b in read_blocks(path, name) if b.language in COMMAND_LANGUAGES or b.marker]
        if not blocks:
            continue
        scratch = scratch_directory(root, bin_dir)
        try:
            for block in blocks:
                marker = block.marker
                if marker.startswith("skip:"):
                    skipped += 1
                    reason = marker[len("skip:"):].strip()
                    if not reason:
                        problems.append(f"{name}:{block.line}: a skip marker must say why")
                    print(f"SKIP {name}:{block.line}: {reason}")
                    continue
                if marker == "synopsis":
                    check_synopsis(block, scratch, env, problems)
                    continue
                expected_status = 0
                if marker:
                    m = re.fullmatch(r"exit=(\d+)", marker)
                    if not m:
                        problems.append(f"{name}:{block.line}: unknown doc-test marker '{marker}'")
                        continue
                    expected_status = int(m.group(1))
                if block.language not in COMMAND_LANGUAGES:
                    problems.append(f"{name}:{block.line}: a doc-test marker on a ```{block.language} block")
                    continue
                commands = block.commands()
                if not commands:
                    problems.append(f"{name}:{block.line}: a command block with no command")
                for command in commands:
                    ran += 1
                    status, output = run(command.text, scratch, env)
                    where = f"{name}:{command.line}"
                    verdict = "ok"
                    if status != expected_status:
                        problems.append(f"{where}: `{command.text}` exits {status}, the doc says {expected_status}\n"
                                        f"    it printed: {output[:2000]}")
                        verdict = "FAIL (exit status)"
                    if block.language == "console":
                        expected = normalise("\n".join(command.output))
                        actual = normalise(output)
                        if expected != actual:
                            diff = "\n".join(difflib.unified_diff(expected.split("\n"), actual.split("\n"),
                                                                  "shown in the doc", "printed now", lineterm=""))
                            problems.append(f"{where}: `{command.text}` prints something else than the doc shows:\n{diff}")
                            verdict = "FAIL (output)"
                    print(f"{verdict}: {where}: $ {command.text}")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    # docs/cli.md is generated: a hand edit (or a script change not run) would drift from its generator.
    generated = subprocess.run(["sh", str(root / "docs/make-cli-examples.sh")], cwd=root, capture_output=True,
                               text=True, env=dict(env, SG_BIN_DIR=str(bin_dir)), timeout=600)
    cli = (root / "docs/cli.md").read_text()
    if generated.returncode != 0:
        problems.append(f"docs/make-cli-examples.sh exits {generated.returncode}: {generated.stderr[-2000:]}")
    elif normalise(generated.stdout) != normalise(cli):
        diff = "\n".join(difflib.unified_diff(cli.split("\n"), generated.stdout.split("\n"), "docs/cli.md",
                                              "docs/make-cli-examples.sh writes", lineterm=""))
        problems.append(f"docs/cli.md is not what docs/make-cli-examples.sh writes (edit the script, then run it):\n{diff}")
    else:
        print("docs/cli.md is exactly what docs/make-cli-examples.sh writes")
    print(f"{ran} commands run, {skipped} blocks skipped (reasons above)")
    if ran == 0:
        problems.append("no command examples found: is the doc-block reader broken?")
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
