#!/usr/bin/env python3
"""docs_config_keys: the config keys the docs name are the ones the readers know.

Usage: check_config_keys.py REPO_ROOT

The single source of truth is the readers themselves: every `MapReader name{node, path, file, errors, {keys}}`
in config/yaml/*.cc lists the keys that map may have (anything else is an "unknown key" error), and the
policy's top level is `kTopLevelKeys` in config/yaml/policy_loader.cc. This test reads those lists from the
source and checks:
1. docs/policy.md's "Sections" table lists exactly the policy's top-level keys (first column), and the keys
   its "what" column names are keys the readers know;
2. every key of every ```yaml block in the docs below is known (the names a school chooses, such as a
   service's or a user's, are skipped: see NAME_MAPS), and its top-level keys are the policy's;
3. in the prose of the docs below, every key written in key position is known:
   `key:` or `key: value`; `section.key` (the key must be in that section's own list); and `key` followed by
   "(default ...)".
Event fields and the schema's own tags (docs/schema/events.schema.json: `cause: "write_failed"`,
`personal_data: true|false`) may also appear as `field: value` in prose.
"""

import json
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from doc_blocks import read_blocks  # noqa: E402

DOCS = ["docs/policy.md", "docs/data-protection.md", "docs/deploy.md", "docs/circumvention.md", "README.md"]
# Maps whose keys are names the school chooses, not config keys (their values are checked as usual).
NAME_MAPS = {"services", "users", "groups", "timetable.days", "indicators"}
# Values the Sections table names for a key that takes one word (default_action), not keys.
ACTION_VALUES = {"allow", "block", "monitor"}


def string_literals(text):
    return re.findall(r'"([^"\\]*)"', text)


def reader_keys(root):
    """(every key any reader knows, {literal path: its keys}, the policy's top-level keys)"""
    all_keys, by_path, top_level = set(), {}, []
    for source in sorted((root / "config/yaml").glob("*.cc")):
        text = source.read_text()
        if source.name == "policy_loader.cc":
            m = re.search(r"kTopLevelKeys\s*=\s*\{(.*?)\};", text, re.S)
            if not m:
                sys.exit("config/yaml/policy_loader.cc: cannot find kTopLevelKeys")
            top_level = string_literals(m.group(1))
            all_keys.update(top_level)
        for m in re.finditer(r"MapReader\s+\w+\{(.*?)\};", text, re.S):
            args = m.group(1)
            keys_match = re.search(r"\{([^{}]*)\}\s*$", args)
            if not keys_match:
                continue  # the policy's top level: kTopLevelKeys, read above
            keys = string_literals(keys_match.group(1))
            all_keys.update(keys)
            path = re.match(r"[^,]+,\s*\"([^\"]*)\"\s*,", args)
            if path:
                by_path.setdefault(path.group(1), set()).update(keys)
    by_path.setdefault("", set()).update(top_level)
    return all_keys, by_path, top_level


def prose_lines(path, name):
    """The file's lines outside fenced blocks, with their numbers."""
    inside = False
    for number, line in enumerate(path.read_text().split("\n"), 1):
        if re.match(r"^\s*```", line):
            inside = not inside
            continue
        if not inside:
            yield number, line


def walk(node, path, keys, problems, where):
    if isinstance(node, dict):
        for key, value in node.items():
            key = str(key)
            if path in NAME_MAPS:
                walk(value, path + ".*", keys, problems, where)
                continue
            if key not in keys:
                problems.append(f"{where}: `{key}` (under '{path or 'the top level'}') is not a key any reader knows")
            walk(value, f"{path}.{key}" if path else key, keys, problems, where)
    elif isinstance(node, list):
        for item in node:
            walk(item, path, keys, problems, where)


def main():
    root = Path(sys.argv[1]).resolve()
    keys, by_path, top_level = reader_keys(root)
    schema = json.loads((root / "docs/schema/events.schema.json").read_text())
    event_fields = set(re.findall(r'"([a-z_]+)"\s*:', json.dumps(schema)))  # fields, and tags such as personal_data
    problems = []
    if len(top_level) < 5 or len(by_path) < 10:
        problems.append(f"read only {len(top_level)} top-level keys and {len(by_path)} readers: has the source changed shape?")

    # 1. The Sections table.
    policy_doc = root / "docs/policy.md"
    table, in_sections = [], False
    for number, line in prose_lines(policy_doc, "docs/policy.md"):
        if line.startswith("## "):
            in_sections = line.strip() == "## Sections"
        elif in_sections and line.startswith("| `"):
            table.append((number, [cell.strip() for cell in line.strip().strip("|").split("|")]))
    listed = [re.fullmatch(r"`([a-z_]+)`", cells[0]).group(1) for _, cells in table if re.fullmatch(r"`([a-z_]+)`", cells[0])]
    for key in top_level:
        if key not in listed:
            problems.append(f"docs/policy.md: the Sections table does not list `{key}`, a top-level key of the policy "
                            "(kTopLevelKeys in config/yaml/policy_loader.cc)")
    for key in listed:
        if key not in top_level:
            problems.append(f"docs/policy.md: the Sections table lists `{key}`, which the policy loader does not know")
    if len(listed) != len(set(listed)):
        problems.append("docs/policy.md: the Sections table lists a key twice")
    for number, cells in table:
        for word in re.findall(r"`([a-z_]+)`", cells[1] if len(cells) > 1 else ""):
            if word not in keys and word not in ACTION_VALUES:
                problems.append(f"docs/policy.md:{number}: `{word}` (Sections table, '{cells[0]}') is not a key any reader knows")
    print(f"Sections table: {len(listed)} keys; the loader knows {len(top_level)}: {', '.join(top_level)}")

    checked = 0
    for name in DOCS:
        path = root / name
        # 2. YAML blocks.
        for block in read_blocks(path, name):
            if block.language != "yaml":
                continue
            where = f"{name}:{block.line}"
            try:
                document = yaml.safe_load("\n".join(block.lines))
            except yaml.YAMLError as error:
                problems.append(f"{where}: the yaml block does not parse: {error}")
                continue
            if isinstance(document, dict):
                for key in document:
                    if key not in top_level:
                        problems.append(f"{where}: `{key}` is not a top-level key of the policy")
            walk(document, "", keys, problems, where)
            checked += 1
        # 3. Keys in key position in the prose.
        for number, line in prose_lines(path, name):
            where = f"{name}:{number}"
            for key in re.findall(r"`([a-z][a-z0-9_]*):(?: [^`]*)?`", line):
                checked += 1
                if key not in keys and key not in event_fields:
                    problems.append(f"{where}: `{key}:` is not a key any reader knows")
            for section, key in re.findall(r"`([a-z_]+)\.([a-z][a-z0-9_]*)(?::[^`]*)?`", line):
                if section in by_path:
                    checked += 1
                    if key not in by_path[section]:
                        problems.append(f"{where}: `{section}.{key}`: '{section}' has no key '{key}' "
                                        f"(it has {', '.join(sorted(by_path[section]))})")
            for key in re.findall(r"`([a-z][a-z0-9_]*)`\s*\(default", line):
                checked += 1
                if key not in keys:
                    problems.append(f"{where}: `{key}` (with a default) is not a key any reader knows")
    print(f"{checked} yaml blocks and key mentions checked in {', '.join(DOCS)}")
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
