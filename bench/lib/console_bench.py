#!/usr/bin/env python3
"""The console against a year of a secondary school's events (bench/console): generates the event log a
1,500-pupil school's gateway would write in a school year (blocks and circumvention only, as production logs),
in daily files as the daemon names them, then measures schoolgate-console's ingest (events/s), the size of its
store, and the time of the dashboard and of one pupil's timeline over HTTP on loopback.

usage: console_bench.py BIN_DIR WORK_DIR [--pupils N] [--per-day N] [--days N] [--json OUT]
"""
import argparse
import datetime
import http.client
import json
import os
import random
import socket
import subprocess
import time

SERVICES = ["facebook", "instagram", "x", "tiktok", "snapchat", "youtube"]
PERIODS = ["P1 (lesson)", "P2 (lesson)", "Break (break)", "P3 (lesson)", "Lunch (lunch)", "P4 (lesson)", "P5 (lesson)"]
TECHNIQUES = ["vpn.openvpn", "vpn.wireguard", "proxy.http_connect", "dns.doh", "tor"]


def school_days(count):
    day = datetime.date(2025, 9, 3)
    while count:
        if day.weekday() < 5:
            yield day
            count -= 1
        day += datetime.timedelta(days=1)


def generate(directory, pupils, per_day, days):
    os.makedirs(directory, exist_ok=True)
    rng = random.Random(18)
    total = 0
    for day in school_days(days):
        with open(os.path.join(directory, f"events-{day.isoformat()}.jsonl"), "w") as out:
            for _ in range(pupils * per_day):
                pupil = rng.randrange(pupils)
                second = rng.randrange(8 * 3600 + 45 * 60, 15 * 3600 + 15 * 60)
                ts = f"{day.isoformat()}T{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}.000Z"
                event = {"schema_version": 1, "ts": ts, "event": "verdict", "policy_generation": 1, "flow_id": f"f{total}",
                         "src_ip": f"10.20.{pupil // 250}.{pupil % 250 + 2}", "src_port": 40000, "dst_ip": "203.0.113.10",
                         "dst_port": 443, "transport": "tcp", "user": f"pupil{pupil:04d}", "role": "pupil",
                         "host": "www.instagram.com", "host_source": "tls", "service": rng.choice(SERVICES),
                         "verdict": "block", "rule": "pupils-never", "reason": "social media is blocked for pupils",
                         "period": rng.choice(PERIODS)}
                if rng.random() < 0.01:
                    technique = rng.choice(TECHNIQUES)
                    event.update({"event": "circumvention", "techniques": [technique], "technique_evidence": [
                        {"action": "block", "confidence": "high", "evidence": "generated", "technique": technique}]})
                out.write(json.dumps(event, separators=(",", ":")) + "\n")
                total += 1
    return total


def get(port, path, cookie):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    response.read()
    return response.status, time.perf_counter() - started


def measure_pages(bin_dir, config, port):
    subprocess.run([os.path.join(bin_dir, "schoolgate"), "console", "user", "add", "esafety", "--role", "dsl", "--config", config],
                   input="bench password 1234\n", text=True, check=True, capture_output=True)
    server = subprocess.Popen([os.path.join(bin_dir, "schoolgate-console"), "--config", config], stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("POST", "/api/v1/login", json.dumps({"username": "esafety", "password": "bench password 1234"}),
                     {"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        cookie = response.getheader("Set-Cookie").split(";")[0]
        pages = {"dashboard (a week in the year)": "/?week=2026-03-02", "a pupil's timeline (a year)": "/people/pupil0042/timeline",
                 "people search": "/people?q=pupil004"}
        return {name: min(get(port, path, cookie)[1] for _ in range(3)) for name, path in pages.items()}
    finally:
        server.terminate()
        server.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bin_dir")
    parser.add_argument("work")
    parser.add_argument("--pupils", type=int, default=1500)
    parser.add_argument("--per-day", type=int, default=10, help="blocked attempts per pupil per school day")
    parser.add_argument("--days", type=int, default=190)
    parser.add_argument("--json")
    a = parser.parse_args()
    events_dir = os.path.join(a.work, "events")
    started = time.perf_counter()
    total = generate(events_dir, a.pupils, a.per_day, a.days)
    print(f"generated {total} events in {a.days} daily files ({time.perf_counter() - started:.0f} s)")
    port = 20000 + os.getpid() % 20000
    config = os.path.join(a.work, "console.yaml")
    db = os.path.join(a.work, "console.db")
    for path in (db, db + "-wal", db + "-shm"):
        if os.path.exists(path):
            os.remove(path)
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    with open(config, "w") as out:
        out.write(f"listen: 127.0.0.1:{port}\npolicy: {root}/config/examples/hillside.yaml\ndatabase: {db}\n"
                  f"events: {{directory: {events_dir}, retention_days: 3660}}\nstats_socket: {a.work}/none.sock\n")
    started = time.perf_counter()
    subprocess.run([os.path.join(a.bin_dir, "schoolgate-console"), "--config", config, "--ingest"], check=True)
    ingest = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run([os.path.join(a.bin_dir, "schoolgate-console"), "--config", config, "--ingest"], check=True)
    again = time.perf_counter() - started
    size = sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p))
    pages = measure_pages(a.bin_dir, config, port)
    result = {"events": total, "ingest_seconds": round(ingest, 1), "events_per_second": round(total / ingest),
              "second_ingest_seconds": round(again, 2), "database_mib": round(size / 2**20, 1),
              "page_seconds": {k: round(v, 3) for k, v in pages.items()}}
    print(json.dumps(result, indent=2))
    if a.json:
        with open(a.json, "w") as out:
            json.dump(result, out, indent=2)


if __name__ == "__main__":
    main()
