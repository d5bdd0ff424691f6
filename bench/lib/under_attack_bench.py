#!/usr/bin/env python3
"""bench/under-attack's measuring half: hostile against benign shapes of the same work. See bench/under-attack."""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runner  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def ensure_capture(cache, name, args):
    script = os.path.join(HERE, "make_attack_pcaps.py")
    return runner.cached_capture(cache, name, args, lambda tmp: [sys.executable, script] + args[:1] + [tmp] + args[1:])


def replay(a, capture, events, capacity=None, all_flows=False):
    cmd = [a.schoolgate, "replay", capture, "--policy", a.policy, "--school-time", a.school_time, "--events", events]
    if capacity:
        cmd += ["--flow-capacity", str(capacity)]
    if all_flows:
        cmd += ["--all-flows"]  # allowed flows too: a flow decided before its name is an allowed, unnamed one
    r = runner.run_timed(cmd, pin_cpu=a.cpu)
    if r["rc"] != 0:
        runner.fail(f"schoolgate replay exited {r['rc']}: {' '.join(cmd)}\n{r['err'][-2000:]}")
    r.update(runner.parse_schoolgate(r["err"]))
    r["summary"] = r.pop("err")
    r.pop("out")
    r["command"] = " ".join(cmd)
    return r


def legit_outcome(events_path):
    """The other pupils' connections (10.20.254.x to 198.51.100.20): named, or decided without a name."""
    named, unnamed = set(), 0
    with open(events_path) as f:
        for line in f:
            e = json.loads(line)
            if not str(e.get("src_ip", "")).startswith("10.20.254.") or e.get("dst_ip") != "198.51.100.20":
                continue
            if e.get("host") == "www.facebook.com":
                named.add((e["src_ip"], e.get("src_port")))
            else:
                unnamed += 1
    return len(named), unnamed


def main():
    ap = runner.bench_arguments()
    ap.add_argument("--quic-flows", type=int, default=20000)
    ap.add_argument("--dns-queries", type=int, default=262144)
    ap.add_argument("--flood", type=int, default=200000)
    ap.add_argument("--legit", type=int, default=1000)
    ap.add_argument("--flood-capacity", type=int, default=16384)
    ap.add_argument("--gap", type=int, default=50000)
    a = ap.parse_args()
    a.cpu = a.cpu if a.cpu != "" else None
    ev = os.path.join(a.cache, "under-attack-events.jsonl")
    res = {"machine": runner.machine_info(), "pinned_cpu": a.cpu}

    # a. QUIC CRYPTO offsets.
    quic = {}
    for shape in ("dense", "sparse", "far"):
        cap = ensure_capture(a.cache, f"quic-{shape}", ["quic", "--flows", str(a.quic_flows), "--shape", shape])
        quic[shape] = replay(a, cap, ev)
    res["quic"] = quic
    quic_ratio = max(quic["sparse"]["rss_mb"], quic["far"]["rss_mb"]) / quic["dense"]["rss_mb"]

    # b. Blocked attempts from many distinct addresses against few.
    dns = {}
    for label, addresses in (("distinct", 131072), ("few", 256)):
        cap = ensure_capture(a.cache, f"dns-blocked-{addresses}",
                             ["dns", "--queries", str(a.dns_queries), "--addresses", str(addresses)])
        dns[label] = replay(a, cap, ev)
    res["dns"] = dns
    dns_ratio = dns["distinct"]["loop_s"] / dns["few"]["loop_s"]

    # c. One client flooding new flows against many clients doing the same.
    flood = {}
    for shape in ("one", "many"):
        cap = ensure_capture(a.cache, f"flood-{shape}",
                             ["flood", "--flood", str(a.flood), "--legit", str(a.legit), "--gap", str(a.gap),
                              "--shape", shape])
        r = replay(a, cap, ev, a.flood_capacity, all_flows=True)
        r["legit_named"], r["legit_unnamed_events"] = legit_outcome(ev)
        flood[shape] = r
    res["flood"] = flood

    res["ratios"] = {"quic_rss_hostile_over_dense": quic_ratio, "dns_time_distinct_over_few": dns_ratio}
    res["targets"] = {
        "quic: peak RSS hostile / dense <= 2": quic_ratio <= 2,
        "blocked attempts: time 131,072 addresses / 256 <= 3": dns_ratio <= 3,
        "flood by one client: every other pupil's connection named, none decided before its name":
            flood["one"]["legit_named"] == a.legit and flood["one"]["legit_unnamed_events"] == 0,
    }
    runner.write_json(a.json, res)

    print("| run | packets | flows | evicted | peak RSS MB | loop s | packets/s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    rows = [(f"QUIC {a.quic_flows:,} Initials, CRYPTO at offset {off}", quic[s])
            for s, off in (("dense", "0"), ("sparse", "7,000"), ("far", "60,000"))]
    rows += [(f"{a.dns_queries:,} blocked DNS queries from {n} addresses", dns[s])
             for s, n in (("distinct", "131,072"), ("few", "256"))]
    rows += [(f"{a.flood:,} new TCP flows from {who} + {a.legit:,} pupils' TLS (ClientHello {a.gap:,} flows later), "
              f"capacity {a.flood_capacity:,}", flood[s])
             for s, who in (("one", "one pupil"), ("many", "as many clients"))]
    for label, r in rows:
        print(f"| {label} | {r.get('packets', 0):,} | {r.get('flows', 0):,} | {r.get('evicted', 0):,} | "
              f"{r['rss_mb']:.1f} | {r.get('loop_s', 0):.2f} | {r.get('pps', 0):,.0f} |")
    print(f"\nQUIC peak RSS, worst hostile / dense: {quic_ratio:.2f}")
    print(f"blocked attempts, loop time 131,072 addresses / 256: {dns_ratio:.2f}")
    for s in ("one", "many"):
        print(f"flood ({s}): other pupils' connections named {flood[s]['legit_named']}/{a.legit}, "
              f"decided unnamed first: {flood[s]['legit_unnamed_events']}")
    for name, ok in res["targets"].items():
        print(f"  target {name}: {'met' if ok else 'NOT met'}")
    print(f"JSON: {a.json}")


if __name__ == "__main__":
    main()
