"""Fenced code blocks of the project's Markdown files, with the doc-test marker before each.

A marker is an HTML comment on the last non-blank line before a block's opening fence (invisible when the
Markdown is rendered):

    <!-- doc-test: exit=2 -->          the block's commands exit with status 2 (default 0)
    <!-- doc-test: skip: REASON -->    the block is not run; the test prints REASON (keep these few and true)
    <!-- doc-test: synopsis -->        a usage summary with placeholders: its commands and options are checked
                                       against each command's --help instead of being run

Command blocks are those fenced as console (commands after `$ `, the lines up to the next `$ ` being what the
command printed), sh, shell or bash (every line a command; `\\` at a line end continues it; `#` lines are
comments).
"""

import re
from dataclasses import dataclass, field

COMMAND_LANGUAGES = {"console", "sh", "shell", "bash"}
_FENCE = re.compile(r"^(\s*)```(\S*)\s*$")
_MARKER = re.compile(r"^\s*<!--\s*doc-test:\s*(.*?)\s*-->\s*$")


@dataclass
class Command:
    line: int  # 1-based line of the command in the file
    text: str
    output: list = field(default_factory=list)  # console blocks only: the lines shown after it


@dataclass
class Block:
    file: str
    line: int  # 1-based line of the opening fence
    language: str
    marker: str  # the marker's text ("exit=2", "skip: ...", "synopsis") or ""
    lines: list

    def commands(self):
        if self.language == "console":
            commands = []
            for offset, text in enumerate(self.lines):
                if text.startswith("$ "):
                    commands.append(Command(self.line + 1 + offset, text[2:]))
                elif commands:
                    commands[-1].output.append(text)
            return commands
        commands, pending, start = [], "", 0
        for offset, text in enumerate(self.lines):
            stripped = text.strip()
            if not pending and (not stripped or stripped.startswith("#")):
                continue
            if not pending:
                start = self.line + 1 + offset
            if stripped.endswith("\\"):
                pending += stripped[:-1] + " "
                continue
            commands.append(Command(start, pending + stripped))
            pending = ""
        return commands


def read_blocks(path, name):
    """Every fenced block of the file at `path` (`name` is how messages call it)."""
    blocks = []
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        fence = _FENCE.match(lines[i])
        if not fence:
            i += 1
            continue
        indent, language = fence.group(1), fence.group(2)
        marker = ""
        j = i - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        if j >= 0 and (m := _MARKER.match(lines[j])):
            marker = m.group(1)
        body = []
        k = i + 1
        while k < len(lines) and not re.match(r"^\s*```\s*$", lines[k]):
            body.append(lines[k][len(indent):] if lines[k].startswith(indent) else lines[k].lstrip())
            k += 1
        blocks.append(Block(name, i + 1, language, marker, body))
        i = k + 1
    return blocks
