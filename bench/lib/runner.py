"""Shared helpers for the bench/ scripts: run a command under /usr/bin/time -v (optionally pinned to one
core), parse what each tool prints, take medians. Standard library only."""

import json
import os
import re
import statistics
import subprocess
import sys
import time


def bench_arguments():
    """The options every replay benchmark takes (the bench/ scripts pass them); add the benchmark's own."""
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("--schoolgate", required=True)
    parser.add_argument("--policy", required=True)
    parser.add_argument("--school-time", default="2026-03-04T10:15:00")
    parser.add_argument("--cache", required=True)
    parser.add_argument("--json", required=True)
    parser.add_argument("--cpu", default="1")
    return parser


def cached_capture(cache, name, args, generator_argv):
    """CACHE/NAME.pcap, made by `generator_argv(tmp_path)` unless it is there already from the same ARGS
    (recorded beside it in NAME.pcap.args). Generated captures are benchmark inputs: they stay in the cache."""
    path = os.path.join(cache, name + ".pcap")
    stamp = path + ".args"
    want = " ".join(args)
    if os.path.exists(path) and os.path.exists(stamp) and open(stamp).read() == want:
        return path
    print(f"bench: generating {path} ({want})", file=sys.stderr, flush=True)
    subprocess.run(generator_argv(path + ".tmp"), check=True)
    os.replace(path + ".tmp", path)
    open(stamp, "w").write(want)
    return path


def run_timed(cmd, pin_cpu=None, stdout_path=None, env=None):
    """Runs cmd once; returns dict(wall_s, user_s, sys_s, rss_mb, rc, out, err)."""
    full = ["/usr/bin/time", "-v"]
    if pin_cpu is not None:
        full += ["taskset", "-c", str(pin_cpu)]
    full += cmd
    out_f = open(stdout_path, "w") if stdout_path else subprocess.PIPE
    t0 = time.monotonic()
    p = subprocess.run(full, stdout=out_f, stderr=subprocess.PIPE, text=True, env=env)
    wall = time.monotonic() - t0
    if stdout_path:
        out_f.close()
        out = ""
    else:
        out = p.stdout
    err = p.stderr
    r = {"rc": p.returncode, "wall_s": wall, "out": out, "err": err}
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    if m:
        r["rss_mb"] = int(m.group(1)) / 1024.0
    m = re.search(r"User time \(seconds\): ([\d.]+)", err)
    if m:
        r["user_s"] = float(m.group(1))
    m = re.search(r"System time \(seconds\): ([\d.]+)", err)
    if m:
        r["sys_s"] = float(m.group(1))
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", err)
    if m:
        r["wall_s"] = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    return r


def parse_pcaploop(text):
    m = re.search(r"packets (\d+) bytes (\d+) loop_s ([\d.]+) pps ([\d.]+)", text)
    if not m:
        return {}
    return {"packets": int(m.group(1)), "loop_s": float(m.group(3)), "pps": float(m.group(4))}


def parse_ndpireader(text):
    r = {}
    m = re.search(r"nDPI throughput:\s+([\d.]+) ([KM]?) pps", text)
    if m:
        r["pps"] = float(m.group(1)) * {"": 1, "K": 1e3, "M": 1e6}[m.group(2)]
    m = re.search(r"IP packets:\s+(\d+)\s+of (\d+)", text)
    if m:
        r["packets"] = int(m.group(2))
    m = re.search(r"Unique flows:\s+(\d+)", text)
    if m:
        r["flows"] = int(m.group(1))
    m = re.search(r"Analysis (?:begin|time):.*?\n", text)
    return r


def parse_schoolgate(text):
    r = {}
    m = re.search(r"packets: (\d+) \(", text)
    if m:
        r["packets"] = int(m.group(1))
    m = re.search(r"flows: (\d+) \(decided (\d+), idle-expired (\d+), evicted (\d+)", text)
    if m:
        r["flows"] = int(m.group(1))
        r["decided"] = int(m.group(2))
        r["expired"] = int(m.group(3))
        r["evicted"] = int(m.group(4))
    m = re.search(r"time: ([\d.]+) s, (\d+) packets/s", text)
    if m:
        r["loop_s"] = float(m.group(1))
        r["pps"] = float(m.group(2))
    m = re.search(r"events written: (\d+)", text)
    if m:
        r["events"] = int(m.group(1))
    m = re.search(r"names by source:(.*)", text)
    if m:
        r["names_by_source"] = m.group(1).strip()
    m = re.search(r"services:(.*)", text)
    if m:
        r["services"] = m.group(1).strip()
    return r


def median_of(runs, keys=("wall_s", "rss_mb", "user_s", "pps", "loop_s", "wall_pps")):
    med = {}
    for k in keys:
        vals = [r[k] for r in runs if k in r]
        if vals:
            med[k] = statistics.median(vals)
            med[k + "_range"] = [min(vals), max(vals)]
    return med


def machine_info():
    info = {}
    try:
        with open("/proc/cpuinfo") as f:
            cpu = f.read()
        m = re.search(r"model name\s*:\s*(.*)", cpu)
        info["cpu"] = m.group(1).strip() if m else "?"
        info["cores"] = cpu.count("processor\t:")
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as f:
            m = re.search(r"MemTotal:\s+(\d+)", f.read())
            info["mem_gib"] = round(int(m.group(1)) / 1024 / 1024, 1)
    except OSError:
        pass
    info["kernel"] = os.uname().release
    try:
        info["load_before"] = open("/proc/loadavg").read().split()[:3]
    except OSError:
        pass
    return info


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=2, sort_keys=True)
        f.write("\n")


def fail(msg):
    print("bench: " + msg, file=sys.stderr)
    sys.exit(2)
