#!/usr/bin/env python3
"""Cheap checks of the Debian packaging (debian/) that CI can afford; the package build and the install,
upgrade and purge test are tools/setup/build-deb.sh and tools/setup/verify-deb.sh (minutes, not in CI).

  check_debian.py SOURCE_DIR BIN_DIR

- the unit: `systemd-analyze verify` (with this build's programs in place of /usr/bin and /usr/sbin) says
  nothing, and `systemd-analyze security --offline` keeps the exposure at or under the level measured when it
  was hardened (docs/deploy.md); a directive dropped or mistyped fails here;
- the unit starts the programs where the package puts them (CMake's install destinations);
- the maintainer scripts are POSIX sh (dash -n; checkbashisms when devscripts is installed) and keep the
  #DEBHELPER# token;
- every file debian/schoolgate.install takes from the source tree exists;
- when a package was already built (build/deb/*.changes), lintian reports no error and no warning.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

# The exposure level of schoolgated.service measured by `systemd-analyze security` when it was hardened
# (docs/deploy.md, "Privileges"): systemd's scale is 0-10, --threshold takes it times ten.
MAX_EXPOSURE = 2.9
# The same for schoolgate-console.service (no capabilities; writes its state directory and the exemptions'
# directory /var/lib/schoolgate only; fchown allowed, which systemd-analyze counts as a @privileged call).
MAX_CONSOLE_EXPOSURE = 1.4

failures = []


def check(ok, what, detail=""):
    print(("PASS " if ok else "FAIL ") + what + (f"\n     {detail}" if detail and not ok else ""))
    if not ok:
        failures.append(what)


def run(*args, **kw):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def check_unit(source, bin_dir):
    unit = os.path.join(source, "debian", "schoolgate.schoolgated.service")
    text = open(unit).read()
    execs = re.findall(r"^Exec\w+=[-+!@]*(/\S+)", text, re.M)
    check("/usr/bin/schoolgate" in execs and "/usr/sbin/schoolgated" in execs,
          "the unit runs /usr/bin/schoolgate (ExecStartPre) and /usr/sbin/schoolgated (ExecStart)", str(execs))
    tools = open(os.path.join(source, "tools", "CMakeLists.txt")).read()
    check("install(TARGETS schoolgate RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})" in tools and
          "install(TARGETS schoolgated RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR})" in tools,
          "CMake installs schoolgate in bin and schoolgated in sbin, where the unit starts them")
    check(not re.search(r"^ExecStopPost=", text, re.M),
          "no ExecStopPost: the rules stay after a stop or a crash (fail-closed networks stay closed)")
    if not shutil.which("systemd-analyze"):
        check(False, "systemd-analyze is installed (Debian package systemd, tools/setup/install-debian-deps.sh)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "schoolgated.service")
        with open(copy, "w") as out:
            out.write(text.replace("/usr/bin/schoolgate ", os.path.join(bin_dir, "schoolgate") + " ")
                      .replace("/usr/sbin/schoolgated ", os.path.join(bin_dir, "schoolgated") + " "))
        verify = run("systemd-analyze", "verify", "--man=no", copy)
        said = (verify.stdout + verify.stderr).strip()
        check(verify.returncode == 0 and not said, "systemd-analyze verify: no error and no warning", said)
    security = run("systemd-analyze", "security", "--offline=true", f"--threshold={round(MAX_EXPOSURE * 10)}", unit)
    level = re.search(r"Overall exposure level for \S+: ([0-9.]+)", security.stdout)
    check(security.returncode == 0 and level is not None,
          f"systemd-analyze security: exposure {level.group(1) if level else '?'} (at most {MAX_EXPOSURE})",
          security.stdout[-600:] + security.stderr)


def check_console_unit(source, bin_dir):
    unit = os.path.join(source, "debian", "schoolgate-console.schoolgate-console.service")
    text = open(unit).read()
    execs = re.findall(r"^Exec\w+=[-+!@]*(/\S+)", text, re.M)
    check(execs and all(e == "/usr/bin/schoolgate-console" for e in execs),
          "the console's unit runs /usr/bin/schoolgate-console", str(execs))
    check(re.search(r"^User=schoolgate$", text, re.M) is not None and re.search(r"^CapabilityBoundingSet=$", text, re.M),
          "the console runs as the daemon's account with no capabilities")
    if not shutil.which("systemd-analyze"):
        return  # said once by check_unit
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "schoolgate-console.service")
        with open(copy, "w") as out:
            out.write(text.replace("/usr/bin/schoolgate-console ", os.path.join(bin_dir, "schoolgate-console") + " "))
        verify = run("systemd-analyze", "verify", "--man=no", copy)
        said = (verify.stdout + verify.stderr).strip()
        check(verify.returncode == 0 and not said, "systemd-analyze verify (console): no error and no warning", said)
    security = run("systemd-analyze", "security", "--offline=true", f"--threshold={round(MAX_CONSOLE_EXPOSURE * 10)}",
                   unit)
    level = re.search(r"Overall exposure level for \S+: ([0-9.]+)", security.stdout)
    check(security.returncode == 0 and level is not None,
          f"systemd-analyze security (console): exposure {level.group(1) if level else '?'} "
          f"(at most {MAX_CONSOLE_EXPOSURE})", security.stdout[-600:] + security.stderr)


def check_scripts(source):
    scripts = [("schoolgate", n) for n in ("postinst", "prerm", "postrm")]
    scripts += [("schoolgate-console", n) for n in ("postinst", "prerm", "postrm")]
    for package, name in scripts:
        script = f"{package}.{name}"
        path = os.path.join(source, "debian", script)
        text = open(path).read()
        check("#DEBHELPER#" in text, f"debian/{script} keeps #DEBHELPER#")
        check(text.startswith("#!/bin/sh\n") and "\nset -e\n" in text, f"debian/{script}: #!/bin/sh, set -e")
        syntax = run("dash", "-n", path)
        check(syntax.returncode == 0, f"dash -n debian/{script}", syntax.stderr)
        if shutil.which("checkbashisms"):
            bashisms = run("checkbashisms", path)
            check(bashisms.returncode == 0, f"checkbashisms debian/{script}", bashisms.stderr)


def check_console_files(source):
    """The console's writable places: the exemptions file in /var/lib/schoolgate (not /etc, which only root
    writes), the only path besides its state directory the unit lets it write; HTTPS by default."""
    rules = open(os.path.join(source, "debian", "rules")).read()
    check("exemptions: /var/lib/schoolgate/exemptions.yaml" in rules,
          "the packaged policy's exemptions file is /var/lib/schoolgate/exemptions.yaml (debian/rules)")
    check("timetable: /var/lib/schoolgate/timetable.yaml" in rules,
          "the packaged policy's timetable file is /var/lib/schoolgate/timetable.yaml (debian/rules)")
    install = "".join(l for l in open(os.path.join(source, "debian", "schoolgate.install")).read().splitlines()
                      if not l.startswith("#"))
    check("exemptions" not in install and "timetable" not in install,
          "the exemptions and timetable files are not conffiles (debian/schoolgate.install)")
    unit = open(os.path.join(source, "debian", "schoolgate-console.schoolgate-console.service")).read()
    writable = re.findall(r"^ReadWritePaths=(.*)$", unit, re.M)
    check(writable == ["/var/lib/schoolgate"], "the console's unit writes /var/lib/schoolgate only (and its state)",
          str(writable))
    # Found under a real systemd (tools/setup/verify-units-nspawn.sh): without fchown the console was killed by
    # its system-call filter (SIGSYS) at its first approval; without '+' `systemctl reload schoolgated` failed.
    check(re.search(r"^SystemCallFilter=fchown$", unit, re.M) is not None,
          "the console's system-call filter lets it keep the exemptions file's owner (fchown)")
    daemon = open(os.path.join(source, "debian", "schoolgate.schoolgated.service")).read()
    check(re.search(r"^ExecReload=\+/bin/kill -HUP \$MAINPID$", daemon, re.M) is not None,
          "schoolgated's ExecReload signals the daemon (user schoolgate by then) with full privileges ('+')")
    config = open(os.path.join(source, "debian", "console.yaml")).read()
    check(re.search(r"^https: \{certificate: /etc/schoolgate/console.crt, key: /etc/schoolgate/console.key\}$",
                    config, re.M) is not None and re.search(r"^listen: 0.0.0.0:8443$", config, re.M) is not None,
          "the packaged console.yaml serves HTTPS on 8443 with the certificate postinst makes")


def check_install_file(source):
    for package in ("schoolgate", "schoolgate-console"):
        for line in open(os.path.join(source, "debian", package + ".install")):
            words = line.split()
            if not words or words[0].startswith("#") or len(words) < 2:
                continue  # one word: a path CMake installed into debian/tmp
            check(os.path.exists(os.path.join(source, words[0])), f"debian/{package}.install: {words[0]} exists")


def check_lintian(source):
    changes = sorted(glob.glob(os.path.join(source, "build", "deb", "*.changes")))
    if not changes or not shutil.which("lintian"):
        print("SKIP lintian: no package built (tools/setup/build-deb.sh) or lintian not installed")
        return
    lint = run("lintian", "--fail-on", "error,warning", changes[-1])
    check(lint.returncode == 0, f"lintian {os.path.basename(changes[-1])}: no error, no warning", lint.stdout + lint.stderr)


def main():
    source, bin_dir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    check_unit(source, bin_dir)
    check_console_unit(source, bin_dir)
    check_scripts(source)
    check_console_files(source)
    check_install_file(source)
    check_lintian(source)
    print(f"{len(failures)} failed" if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
