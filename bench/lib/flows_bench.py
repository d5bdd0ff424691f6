#!/usr/bin/env python3
"""bench/flows' measuring half: peak RSS and bytes per flow with 1 M concurrent flows, and a random-5-tuple
flood against a capped flow table with legitimate flows mixed in. See bench/flows."""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runner  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def ensure_capture(cache, name, args):
    script = os.path.join(HERE, "make_flows_pcap.py")
    return runner.cached_capture(cache, name, args, lambda tmp: [sys.executable, script, tmp] + args)


def replay(a, capture, capacity, events, cpu):
    cmd = [a.schoolgate, "replay", capture, "--policy", a.policy, "--school-time", a.school_time,
           "--events", events, "--flow-capacity", str(capacity)]
    r = runner.run_timed(cmd, pin_cpu=cpu)
    if r["rc"] != 0:
        runner.fail(f"schoolgate replay exited {r['rc']}: {' '.join(cmd)}\n{r['err'][-2000:]}")
    r.update(runner.parse_schoolgate(r["err"]))
    r["summary"] = r.pop("err")
    r.pop("out")
    r["command"] = " ".join(cmd)
    return r


def legit_named(events_path):
    """Legitimate flows (from 10.20.254.x to 31.13.64.x) that came out with their service named."""
    named, total = 0, 0
    with open(events_path) as f:
        for line in f:
            e = json.loads(line)
            if e.get("type", e.get("kind")) not in ("verdict", None) and "src_ip" not in e:
                continue
            if not str(e.get("src_ip", "")).startswith("10.20.254.") or not str(e.get("dst_ip", "")).startswith("31.13.64."):
                continue
            total += 1
            if e.get("service") in ("facebook", "instagram", "x") and e.get("host"):
                named += 1
    return named, total


def main():
    ap = runner.bench_arguments()
    ap.add_argument("--tcp", type=int, default=700_000)
    ap.add_argument("--udp", type=int, default=300_000)
    ap.add_argument("--flood", type=int, default=2_000_000)
    ap.add_argument("--legit", type=int, default=3_000)
    ap.add_argument("--flood-capacity", type=int, default=1 << 18)
    a = ap.parse_args()
    cpu = a.cpu if a.cpu != "" else None
    flows = a.tcp + a.udp
    capacity = 1 << max(0, (flows - 1).bit_length())  # the power of two that holds them all

    tiny = ensure_capture(a.cache, "flows-tiny", ["--tcp", "10", "--udp", "10"])
    many = ensure_capture(a.cache, "flows-1m", ["--tcp", str(a.tcp), "--udp", str(a.udp)])
    flood = ensure_capture(a.cache, "flows-flood", ["--tcp", "100000", "--flood", str(a.flood), "--legit", str(a.legit)])
    flood_small = ensure_capture(a.cache, "flows-flood-quarter",
                                 ["--tcp", "100000", "--flood", str(a.flood // 4), "--legit", str(a.legit)])
    ev = os.path.join(a.cache, "flows-events.jsonl")

    res = {"machine": runner.machine_info(), "pinned_cpu": cpu}
    # Baselines: the process with (almost) no table, and with an empty table of the same capacity.
    base = replay(a, tiny, 1, ev, cpu)
    empty = replay(a, tiny, capacity, ev, cpu)
    full = replay(a, many, capacity, ev, cpu)
    res["baseline_capacity_1"] = base
    res["empty_table"] = empty
    res["concurrent"] = full
    res["concurrent_flows"] = flows
    res["capacity"] = capacity
    all_in = (full["rss_mb"] - base["rss_mb"]) * 1024 * 1024 / flows
    beyond_slot = (full["rss_mb"] - empty["rss_mb"]) * 1024 * 1024 / flows
    slot = (empty["rss_mb"] - base["rss_mb"]) * 1024 * 1024 / capacity
    res["bytes_per_flow_all_in"] = all_in
    res["bytes_per_flow_beyond_slot"] = beyond_slot
    res["bytes_per_slot_preallocated"] = slot

    fl_q = replay(a, flood_small, a.flood_capacity, ev, cpu)
    named_q, total_q = legit_named(ev)
    fl = replay(a, flood, a.flood_capacity, ev, cpu)
    named, total = legit_named(ev)
    res["flood_quarter"] = dict(fl_q, legit_named=named_q, legit_events=total_q, legit_sent=a.legit,
                                flood_packets=a.flood // 4)
    res["flood"] = dict(fl, legit_named=named, legit_events=total, legit_sent=a.legit, flood_packets=a.flood)
    res["flood_capacity"] = a.flood_capacity
    res["targets"] = {
        "<= 256 bytes per settled flow (all in)": all_in <= 256,
        "1 M concurrent flows in <= 512 MB": full["rss_mb"] <= 512 and full.get("evicted", 1) == 0,
        "flood: memory flat at the cap (4x flood, <= 10% more RSS)": fl["rss_mb"] <= fl_q["rss_mb"] * 1.10,
        "flood: every legitimate flow named": named == a.legit,
    }
    runner.write_json(a.json, res)

    print(f"| run | flows created | evicted | peak RSS MB | wall s | packets/s |")
    print(f"| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, r in (("tiny capture, capacity 1", base), (f"tiny capture, capacity {capacity:,}", empty),
                     (f"{flows:,} concurrent flows, capacity {capacity:,}", full),
                     (f"flood {a.flood // 4:,} random 5-tuples + {a.legit:,} legit, capacity {a.flood_capacity:,}", fl_q),
                     (f"flood {a.flood:,} random 5-tuples + {a.legit:,} legit, capacity {a.flood_capacity:,}", fl)):
        print(f"| {label} | {r.get('flows', 0):,} | {r.get('evicted', 0):,} | {r['rss_mb']:.1f} | {r['wall_s']:.2f} | "
              f"{r.get('pps', 0):,.0f} |")
    print(f"\nbytes per flow, all in (RSS over the capacity-1 baseline / flows): {all_in:.0f}")
    print(f"  of which preallocated per slot (empty table of {capacity:,}): {slot:.0f}; beyond the slot: {beyond_slot:.0f}")
    print(f"flood: legitimate flows named {named}/{a.legit} ({total} events from them); "
          f"at a quarter of the flood {named_q}/{a.legit}")
    for name, ok in res["targets"].items():
        print(f"  target {name}: {'met' if ok else 'NOT met'}")
    print(f"JSON: {a.json}")


if __name__ == "__main__":
    main()
