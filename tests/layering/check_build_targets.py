#!/usr/bin/env python3
"""No executable compiles another's sources: every add_executable() and target_sources() in the project's
CMakeLists.txt files takes its .cc files from one folder (its own), and no CMakeLists.txt names a source file
outside its own folder. What executables share is a library (tools/common, tools/report, the daemon's parts).
Prints each offence with the file and fails.

Usage: check_build_targets.py ROOT
"""
import os
import re
import subprocess
import sys

CALL = re.compile(r"\b(add_executable|target_sources)\s*\((.*?)\)", re.S)
GLOB = re.compile(r"file\s*\(\s*GLOB(?:_RECURSE)?\s+(\w+)\s+(?:CONFIGURE_DEPENDS\s+)?([^)]*)\)", re.S)


def resolve(token, folder, root):
    token = token.replace("${CMAKE_CURRENT_SOURCE_DIR}", folder).replace("${PROJECT_SOURCE_DIR}", root)
    return os.path.normpath(token if os.path.isabs(token) else os.path.join(folder, token))


def source_folders(arguments, globs, folder, root):
    """The folders the .cc arguments of one call come from (globs give the folder of their pattern)."""
    folders = set()
    for token in arguments.split()[1:]:
        variable = re.fullmatch(r"\$\{(\w+)\}", token)
        if variable and variable.group(1) in globs:
            folders.update(os.path.dirname(resolve(p, folder, root)) for p in globs[variable.group(1)])
        elif token.endswith(".cc"):
            folders.add(os.path.dirname(resolve(token, folder, root)))
    return folders


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
    files = subprocess.run(["git", "-C", root, "ls-files", "CMakeLists.txt", "*/CMakeLists.txt"],
                           capture_output=True, text=True, check=True).stdout.split()
    problems = []
    for name in files:
        path = os.path.join(root, name)
        folder = os.path.dirname(path)
        text = re.sub(r"#[^\n]*", "", open(path).read())
        globs = {m.group(1): m.group(2).split() for m in GLOB.finditer(text)}
        for variable, patterns in globs.items():
            for pattern in patterns:
                where = resolve(pattern, folder, root)
                if not (where + os.sep).startswith(folder + os.sep):
                    problems.append(f"{name}: {variable} globs {pattern} outside {os.path.relpath(folder, root)}/")
        for call in CALL.finditer(text):
            kind, arguments = call.group(1), call.group(2)
            target = arguments.split()[0] if arguments.split() else "?"
            folders = source_folders(arguments, globs, folder, root)
            outside = [f for f in folders if not (f + os.sep).startswith(folder + os.sep)]
            if outside:
                problems.append(f"{name}: {kind}({target}) compiles sources from outside its folder: "
                                + ", ".join(os.path.relpath(f, root) for f in sorted(outside)))
            if kind == "add_executable" and len({os.path.relpath(f, folder).split(os.sep)[0] for f in folders}) > 1:
                problems.append(f"{name}: add_executable({target}) compiles sources of several folders: "
                                + ", ".join(sorted(os.path.relpath(f, root) for f in folders)) + " (share a library)")
    for problem in problems:
        print("build targets:", problem)
    if not problems:
        print(f"build targets: every executable in {len(files)} CMakeLists.txt compiles only its own folder")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
