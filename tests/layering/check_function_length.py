#!/usr/bin/env python3
"""Every function in the code base stays under 80 lines (STYLE.md R23: a function targets 50; over 80 is a
split request here). Reads every tracked .cc and .h file, finds each function body by brace matching (string
and character literals and comments skipped) and prints each one at or over the limit with its file and line.

Usage: check_function_length.py ROOT [LIMIT]
"""
import os
import re
import subprocess
import sys

LIMIT = 80
# A line that opens a function body: a signature ending in ")" (qualifiers allowed) then "{", or a test case.
SIGNATURE = re.compile(r"^\s*(?!(?:if|for|while|switch|else|do|try|catch|return|namespace|class|struct|enum|union)\b)"
                       r"[A-Za-z_~][^;{}]*\)\s*(?:const)?\s*(?:noexcept)?\s*(?:override)?\s*(?:->\s*[^{;]+)?\{\s*$")
TEST_CASE = re.compile(r"^\s*(BOOST_AUTO_TEST_CASE|BOOST_DATA_TEST_CASE|BOOST_FIXTURE_TEST_CASE)\b.*\{\s*$")
LITERALS = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])+\'')


def code_only(line, in_comment):
    """The line without comments and literals; and whether a /* comment is still open at its end."""
    out = ""
    while line:
        if in_comment:
            end = line.find("*/")
            if end < 0:
                return out, True
            line, in_comment = line[end + 2:], False
            continue
        line = LITERALS.sub('""', line)
        start_block, start_line = line.find("/*"), line.find("//")
        if start_line >= 0 and (start_block < 0 or start_line < start_block):
            return out + line[:start_line], False
        if start_block >= 0:
            out += line[:start_block]
            line, in_comment = line[start_block + 2:], True
            continue
        return out + line, False
    return out, in_comment


def long_functions(path, limit):
    with open(path, errors="replace") as f:
        lines = f.read().split("\n")
    cleaned, in_comment = [], False
    for line in lines:
        text, in_comment = code_only(line, in_comment)
        cleaned.append(text)
    found = []
    number = 0
    while number < len(cleaned):
        text = cleaned[number]
        # A signature may span lines: join up to three lines back to the opening brace's line.
        joined = " ".join(cleaned[max(0, number - 3):number + 1])
        if text.rstrip().endswith("{") and (SIGNATURE.match(text) or SIGNATURE.search(joined.split(";")[-1])
                                            or TEST_CASE.match(text)):
            depth, end = 0, number
            for end in range(number, len(cleaned)):
                depth += cleaned[end].count("{") - cleaned[end].count("}")
                if depth <= 0:
                    break
            length = end - number + 1
            if length >= limit:
                found.append((number + 1, length, lines[number].strip()[:90]))
                number = end
        number += 1
    return found


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else LIMIT
    files = subprocess.run(["git", "-C", root, "ls-files", "*.cc", "*.h"], capture_output=True, text=True,
                           check=True).stdout.split()
    status = 0
    for name in files:
        for line, length, text in long_functions(os.path.join(root, name), limit):
            print(f"function length: {name}:{line}: {length} lines (split it below {limit}): {text}")
            status = 1
    if status == 0:
        print(f"function length: every function in {len(files)} files is under {limit} lines")
    return status


if __name__ == "__main__":
    sys.exit(main())
