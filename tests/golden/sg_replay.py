"""Shared helpers for the golden tests: run `schoolgate replay`, read and schema-check its events."""
import json
import os
import subprocess
import tempfile

import jsonschema

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCHEMA_PATH = os.path.join(ROOT, "docs", "schema", "events.schema.json")
_validator = None


def validator():
    global _validator
    if _validator is None:
        with open(SCHEMA_PATH) as f:
            schema = json.load(f)
        _validator = jsonschema.Draft202012Validator(schema)
    return _validator


def replay(binary, capture, policy, school_time=None, all_flows=True, extra=()):
    """Runs a replay; returns (exit code, events, stderr). Every event line is validated against the schema."""
    with tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False) as out:
        events_path = out.name
    try:
        args = [binary, "replay", capture, "--policy", policy, "--events", events_path]
        if all_flows:
            args.append("--all-flows")
        if school_time:
            args += ["--school-time", school_time]
        args += list(extra)
        proc = subprocess.run(args, capture_output=True, text=True, timeout=600, errors="replace",
                              env=dict(os.environ, TZ="UTC", LC_ALL="C"))
        events = []
        with open(events_path) as f:
            for number, line in enumerate(f, 1):
                event = json.loads(line)
                errors = sorted(validator().iter_errors(event), key=str)
                if errors:
                    raise AssertionError(f"{capture}: event line {number} breaks the schema: {errors[0].message}\n{line}")
                events.append(event)
        return proc.returncode, events, proc.stderr
    finally:
        os.unlink(events_path)


def matches(event, selector):
    return all(event.get(key) == value for key, value in selector.items())
