"""`schoolgate console user add` run by root for a console that runs as another user (the package's
`schoolgate`, told by the owner of the store's directory) is refused with the command to use instead, and
writes nothing: a database root made there would be root's, and the console could then sign nobody in."""
import os
import subprocess
import tempfile
from pathlib import Path

NOBODY = 65534


def run(bin_dir, console_dir, check):
    if os.geteuid() != 0:
        return  # the case only exists for root; the suite runs as root in CI
    with tempfile.TemporaryDirectory(prefix="sg-console-owner-", dir=console_dir) as scratch:
        store = Path(scratch) / "store"
        store.mkdir()
        config = Path(scratch) / "console.yaml"
        config.write_text(f"listen: 127.0.0.1:9\npolicy: {console_dir}/hillside.yaml\ndatabase: store/console.db\n")
        add = [str(Path(bin_dir) / "schoolgate"), "console", "user", "add", "esafety", "--role", "dsl", "--config", str(config)]
        os.chown(store, NOBODY, NOBODY)
        refused = subprocess.run(add, input="correct horse battery\n", text=True, capture_output=True)
        owner = subprocess.run(["id", "-nu", str(NOBODY)], text=True, capture_output=True).stdout.strip() or f"#{NOBODY}"
        check(refused.returncode == 64 and f"runuser -u {owner} -- schoolgate console user add esafety" in refused.stderr,
              f"root's user add into {owner}'s store was not refused with the command to use: {refused.returncode} {refused.stderr}")
        check(not any(store.iterdir()), f"a refused user add left files in the store: {list(store.iterdir())}")
        os.chown(store, 0, 0)  # the same command into root's own directory is accepted: the refusal is about the owner
        accepted = subprocess.run(add, input="correct horse battery\n", text=True, capture_output=True)
        check(accepted.returncode == 0, f"user add into root's own store failed: {accepted.stderr}")
